"""Print the national register's outcomes beside the report's figures (Markdown).

Run ``python -m coopmodel.synthetic [seed] [on]``; the synthetic-register guide
shows the output for the defaults.
"""

from __future__ import annotations

import sys
import time

from coopmodel.synthetic._calibration import REPORT_ON
from coopmodel.synthetic._generate import national_register
from coopmodel.synthetic._report import compare_with_report, comparison_markdown


def main(argv: list[str]) -> int:
    """Build the national register, evaluate it and print the comparison table."""
    seed = int(argv[0]) if argv else 1399
    on = argv[1] if len(argv) > 1 else REPORT_ON
    started = time.perf_counter()
    register = national_register(seed=seed, on=on)
    built = time.perf_counter() - started
    rows = compare_with_report(register, on=on)
    sys.stdout.write(
        f"national register, seed {seed}: {register.n_cooperatives:,} cooperatives, "
        f"{register.n_members:,} members, {register.n_applications:,} applications "
        f"(built in {built:.2f} s), evaluated on {on}\n\n"
    )
    sys.stdout.write(comparison_markdown(rows) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
