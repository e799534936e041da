"""Compare a reform with the baseline over one register: who gains, what moves."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import numpy as np

from coopmodel.decisions._evaluate import Results, evaluate
from coopmodel.values._money import checked_sub, checked_sum

if TYPE_CHECKING:
    from coopmodel.parameters import ParameterSet
    from coopmodel.register import Register
    from coopmodel.values._calendar import DateLike

__all__ = ["Change", "Comparison", "compare"]

# Identifiers and positions, not amounts: a rank that moves is not summed.
_KEYS = frozenset(
    {"coop_id", "program", "failed", "rank", "national_rank", "province_rank"}
)


@attrs.frozen
class Change:
    """How one result column moves between baseline and reform, summed exactly.

    For a yes/no column the totals count the rows where it holds; ``gained`` and
    ``lost`` count the rows that turn true and false. For an amount, the totals are
    exact sums in rials and ``gained``/``lost`` count the rows that go up and down.
    """

    table: str
    column: str
    baseline: int
    reform: int
    gained: int
    lost: int

    @property
    def change(self) -> int:
        """Return ``reform - baseline``."""
        return self.reform - self.baseline


@attrs.frozen(eq=False)
class Comparison:
    """The baseline and reform results of one register, and their differences."""

    baseline: Results
    reform: Results

    def changes(self) -> tuple[Change, ...]:
        """Return one :class:`Change` per result column, cooperatives first."""
        out = []
        for table in ("cooperatives", "applications"):
            before = getattr(self.baseline, table)
            after = getattr(self.reform, table)
            for name, column in before.items():
                if name in _KEYS:
                    continue
                out.append(_change(table, name, column, after[name]))
        return tuple(out)

    def moved(self) -> tuple[Change, ...]:
        """Return only the changes where something moved."""
        return tuple(c for c in self.changes() if c.gained or c.lost or c.change)

    def differences(self, table: str, column: str) -> np.ndarray:
        """Return, per row, reform minus baseline for one column (exact int64)."""
        before = getattr(self.baseline, table)[column]
        after = getattr(self.reform, table)[column]
        return checked_sub(
            after.astype(np.int64), before.astype(np.int64), op=f"{column} change"
        )


def _change(table: str, name: str, before: np.ndarray, after: np.ndarray) -> Change:
    if before.dtype == bool:
        return Change(
            table,
            name,
            int(before.sum()),
            int(after.sum()),
            gained=int((after & ~before).sum()),
            lost=int((before & ~after).sum()),
        )
    return Change(
        table,
        name,
        checked_sum(before.astype(np.int64), op=f"total {name}"),
        checked_sum(after.astype(np.int64), op=f"total {name}"),
        gained=int((after > before).sum()),
        lost=int((after < before).sum()),
    )


def compare(
    register: Register,
    baseline: ParameterSet,
    reform: ParameterSet,
    *,
    on: DateLike,
) -> Comparison:
    """Evaluate a register under two parameter sets and compare the results."""
    return Comparison(
        baseline=evaluate(register, on=on, params=baseline),
        reform=evaluate(register, on=on, params=reform),
    )
