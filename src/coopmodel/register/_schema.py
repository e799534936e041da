"""The bulk format: each table's columns, their kinds and whether they are required.

The column names are the rulebook's field names (Art. 1.4); members and applications
carry their cooperative's ``coop_id``. The kinds and bounds mirror the record models of
:mod:`coopmodel.records`, so that every row a bulk load accepts is a valid record.
"""

from __future__ import annotations

from enum import Enum, StrEnum

import attrs

from coopmodel.records._enums import (
    CoopKind,
    Education,
    Gender,
    GuaranteeKind,
    Program,
    Status,
)
from coopmodel.records._models import MAX_GUARANTEE_DAYS, MAX_RIALS
from coopmodel.records._provinces import Province

__all__ = [
    "APPLICATION_COLUMNS",
    "COOPERATIVE_COLUMNS",
    "MAX_INT32",
    "MAX_RIALS",
    "MEMBER_COLUMNS",
    "TABLE_COLUMNS",
    "ColumnKind",
    "ColumnSpec",
]

#: The largest ``jobs_committed`` (its column is ``int32``).
MAX_INT32 = 2**31 - 1


class ColumnKind(Enum):
    """How a column's cells are read."""

    COOP_ID = "coop_id"
    """A cooperative's own 11-digit ID, check digit tested (Art. 1.5)."""
    COOP_REFERENCE = "coop_reference"
    """A member's or application's ``coop_id``: 11 digits matched to a cooperative."""
    NATIONAL_CODE = "national_code"
    """A 10-digit national code (8 or 9 digits left-padded), check digit tested."""
    TEXT = "text"
    """Text kept as it is; a required text may not be blank."""
    ENUM = "enum"
    """One of an enum's rulebook spellings."""
    FLAG = "flag"
    """True or false."""
    DATE = "date"
    """A calendar day, 1300-01-01..1500-12-29 (Jalali)."""
    WHOLE = "whole"
    """A whole number between ``low`` and ``high``."""


@attrs.frozen
class ColumnSpec:
    """One column of a bulk table."""

    name: str
    kind: ColumnKind
    required: bool = True
    enum: type[StrEnum] | None = None
    low: int = 0
    high: int = MAX_RIALS

    def members(self) -> tuple[StrEnum, ...]:
        """Return the members of an enum column's enum, in code order."""
        if self.enum is None:
            msg = f"column {self.name} is not an enum column"
            raise TypeError(msg)
        return tuple(self.enum)

    def out_of_range_reason(self, value: int) -> str:
        """Say why a whole number is refused, in the words of the record models."""
        if self.low > 0:
            return f"must be between {self.low} and {self.high}"
        if value < self.low:
            if self.high == MAX_RIALS:
                return "is negative; amounts are whole rials >= 0"
            return "is negative; must be >= 0"
        if self.high == MAX_RIALS:
            return f"is more than {MAX_RIALS} rials, the int64 limit"
        return f"is more than {self.high}"


def _money(name: str) -> ColumnSpec:
    return ColumnSpec(name, ColumnKind.WHOLE)


def _date(name: str, *, required: bool = True) -> ColumnSpec:
    return ColumnSpec(name, ColumnKind.DATE, required=required)


def _enum(name: str, enum: type[StrEnum], *, required: bool = True) -> ColumnSpec:
    return ColumnSpec(name, ColumnKind.ENUM, required=required, enum=enum)


COOPERATIVE_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("coop_id", ColumnKind.COOP_ID),
    ColumnSpec("name", ColumnKind.TEXT),
    _enum("kind", CoopKind),
    _enum("province", Province),
    ColumnSpec("county", ColumnKind.TEXT, required=False),
    ColumnSpec("less_developed", ColumnKind.FLAG),
    ColumnSpec("border", ColumnKind.FLAG),
    _enum("status", Status),
    _date("registered_on"),
    _money("equity"),
    _money("outstanding_guarantees"),
    _money("overdue_debt"),
    _money("insurance_arrears"),
    _date("last_assembly_on", required=False),
    _date("kb_certified_from", required=False),
    _date("kb_certified_until", required=False),
)

MEMBER_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("coop_id", ColumnKind.COOP_REFERENCE),
    ColumnSpec("national_code", ColumnKind.NATIONAL_CODE),
    _enum("gender", Gender),
    _date("birth_date"),
    ColumnSpec("disabled", ColumnKind.FLAG),
    _date("joined_on"),
    _date("left_on", required=False),
    _date("employed_since", required=False),
    _money("insured_wage"),
    ColumnSpec("income_decile", ColumnKind.WHOLE, required=False, low=1, high=10),
    _enum("education", Education, required=False),
)

APPLICATION_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("coop_id", ColumnKind.COOP_REFERENCE),
    _enum("program", Program),
    _date("applied_on"),
    _money("requested_amount"),
    ColumnSpec("jobs_committed", ColumnKind.WHOLE, high=MAX_INT32),
    _enum("guarantee_kind", GuaranteeKind, required=False),
    ColumnSpec(
        "guarantee_days",
        ColumnKind.WHOLE,
        required=False,
        low=1,
        high=MAX_GUARANTEE_DAYS,
    ),
)

#: The columns of each table, by table name, in the order the tables are checked.
TABLE_COLUMNS: dict[str, tuple[ColumnSpec, ...]] = {
    "cooperatives": COOPERATIVE_COLUMNS,
    "members": MEMBER_COLUMNS,
    "applications": APPLICATION_COLUMNS,
}
