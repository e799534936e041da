"""The columnar register (loaders follow)."""

from coopmodel.register._tables import (
    ApplicationTable,
    CooperativeTable,
    MemberTable,
    Register,
)

__all__ = ["ApplicationTable", "CooperativeTable", "MemberTable", "Register"]
