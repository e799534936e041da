"""The ``coopmodel`` command line (``python -m coopmodel``)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    from coopmodel.cli import run_cli  # noqa: PLC0415 - keep `import coopmodel` light

    return run_cli(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    raise SystemExit(main())
