"""The command line (placeholder until the main job lands)."""

from __future__ import annotations


def run_cli(argv: list[str]) -> int:
    """Run a command; for now ``run`` prints a placeholder summary."""
    if argv[:1] in (["run"], []):
        print("coopmodel: the national register run is not built yet.")  # noqa: T201
        return 0
    print(f"coopmodel: unknown command {argv[0]!r}")  # noqa: T201
    return 2
