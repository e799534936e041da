"""The columnar register: cooperatives, members and applications as numpy columns.

Built from records, Arrow tables, Parquet or CSV files, and checked as a whole
(rulebook Art. 1.4-1.6). pyarrow is imported only when a bulk format is used.
"""

from coopmodel.register._result import LoadResult, Rejected
from coopmodel.register._tables import (
    ApplicationTable,
    CooperativeTable,
    MemberTable,
    Register,
)

__all__ = [
    "ApplicationTable",
    "CooperativeTable",
    "LoadResult",
    "MemberTable",
    "Register",
    "Rejected",
]
