"""A synthetic national register calibrated to the report (rulebook Art. 8).

Deterministic (seeded) and generated straight into the register's numpy columns:
95,000 active cooperatives plus those not active, in 31 provinces, with their
members and their applications to the programs, in about a second.

>>> from coopmodel.synthetic import generate
>>> register = generate(1_000, seed=1)
>>> register.n_cooperatives, register.n_members > 10_000
(1000, True)
"""

from coopmodel.synthetic._calibration import (
    REPORT_1399,
    REPORT_FIGURES,
    REPORT_ON,
    Calibration,
)
from coopmodel.synthetic._generate import (
    BLOCK_SIZE,
    NATIONAL_SIZE,
    generate,
    iter_chunks,
    national_register,
    write,
)
from coopmodel.synthetic._report import (
    ReportRow,
    compare_with_report,
    comparison_markdown,
)

__all__ = [
    "BLOCK_SIZE",
    "NATIONAL_SIZE",
    "REPORT_1399",
    "REPORT_FIGURES",
    "REPORT_ON",
    "Calibration",
    "ReportRow",
    "compare_with_report",
    "comparison_markdown",
    "generate",
    "iter_chunks",
    "national_register",
    "write",
]
