"""The exceptions coopmodel raises.

Every exception derives from :class:`CoopModelError`; each leaf also derives from the
builtin it refines, so ``except ValueError`` keeps working for callers that do not
know coopmodel::

    CoopModelError
    ├── InvalidRecordError (ValueError)       a record or field refused (Art. 1.6)
    │   └── InvalidDateError                  a date that does not exist
    ├── BulkLoadError (ValueError)            a table load with bad rows
    ├── AmountParseError (ValueError)         an amount that cannot be read
    ├── IntegerOverflowError (OverflowError)  a result would leave int64
    ├── ParameterError (ValueError)           a parameter file or reform not valid
    ├── ParameterLookupError (LookupError)    unknown leaf, or date before first value
    └── ExpressionTypeError (TypeError)       a rule expression not well typed

Condition codes (``C1``, ``G1``, ...) are stable API; message texts are not.
"""

from __future__ import annotations

import attrs

__all__ = [
    "AmountParseError",
    "BulkLoadError",
    "CoopModelError",
    "ExpressionTypeError",
    "IntegerOverflowError",
    "InvalidDateError",
    "InvalidRecordError",
    "ParameterError",
    "ParameterLookupError",
    "RowProblem",
]


class CoopModelError(Exception):
    """Root of every error coopmodel raises on purpose."""


class InvalidRecordError(CoopModelError, ValueError):
    """A record, or one of its fields, is refused (rulebook Art. 1.6)."""


class InvalidDateError(InvalidRecordError):
    """A date that does not exist (``1399-07-31``) or cannot be read."""


class AmountParseError(CoopModelError, ValueError):
    """An amount of money, as a person typed it, that cannot be read exactly."""


class IntegerOverflowError(CoopModelError, OverflowError):
    """An exact integer computation would leave the int64 range (Art. 0.1)."""


class ParameterError(CoopModelError, ValueError):
    """A parameter file or a reform is not valid; the message names the leaf."""


class ParameterLookupError(CoopModelError, LookupError):
    """An unknown parameter, or a lookup before its first value (Art. 0.4)."""


class ExpressionTypeError(CoopModelError, TypeError):
    """A rule expression is not well typed; the message shows the expression."""


@attrs.frozen
class RowProblem:
    """One bad row of a bulk load: which table, which row, which field and why.

    ``row`` is the 0-based row number in the input table; ``key`` is the row's
    identifier as read (``coop_id`` or ``national_code``) when it could be read.
    """

    table: str
    row: int
    field: str
    reason: str
    key: str | None = None

    def __str__(self) -> str:
        """Render as ``members row 3 (0012345678): national_code fails ...``."""
        key = f" ({self.key})" if self.key is not None else ""
        return f"{self.table} row {self.row}{key}: {self.field}: {self.reason}"


class BulkLoadError(CoopModelError, ValueError):
    """A bulk load found bad rows and loaded nothing; ``problems`` lists them all."""

    def __init__(self, problems: tuple[RowProblem, ...]) -> None:
        """Keep every problem and summarise the first few in the message."""
        self.problems = problems
        shown = "\n".join(f"  {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        rows = len({(p.table, p.row) for p in problems})
        msg = f"{rows} bad row(s), nothing loaded:\n{shown}{more}"
        super().__init__(msg)
