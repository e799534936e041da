"""Condition outcomes: one cooperative's explained results, and a register's columns.

The bulk form keeps, per row, a boolean per condition and a bitmask of the failed
codes; bit ``i`` is ``CODES[i]``. The table only grows at its end, so a stored mask
stays readable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from coopmodel.rules._conditions import (
    Condition,
    ConditionResult,
    Explainer,
    Language,
)

if TYPE_CHECKING:
    from coopmodel._typing import BoolArray
    from coopmodel.rules._scalar import ScalarContext
    from coopmodel.rules._vector import VectorContext

__all__ = [
    "CODES",
    "BulkOutcome",
    "Outcome",
    "check",
    "check_bulk",
    "decode_failed",
]

#: Every condition code, in bit order (append only).
CODES: tuple[str, ...] = (
    "C1", "C2", "C3", "C4", "G1", "E1", "E2", "L1", "L2", "L3", "D1", "D2",
    "F1", "F2", "F3", "F4",
)  # fmt: skip
_BIT = {code: 1 << i for i, code in enumerate(CODES)}


def decode_failed(mask: int) -> tuple[str, ...]:
    """Return the codes whose bits are set in a failed-codes mask.

    >>> decode_failed(0b1010)
    ('C2', 'C4')
    """
    return tuple(code for code, bit in _BIT.items() if mask & bit)


class Outcome:
    """The results of some conditions on one cooperative, in order.

    Built from the results, or (:meth:`from_values`) from the conditions, whether each
    passed and the values of their tests' parts: the explanations are then rendered
    only when they are read, in the language asked for.
    """

    __slots__ = ("_conditions", "_explainer", "_passed", "_results", "_values")

    def __init__(
        self,
        results: tuple[ConditionResult, ...] = (),
        *,
        lazy: tuple[tuple[Condition, ...], tuple[bool, ...], Any, Explainer]
        | None = None,
    ) -> None:
        """Hold the results of the conditions, in order (see :meth:`from_values`)."""
        self._explainer: Explainer | None
        self._results: tuple[ConditionResult, ...] | None
        if lazy is None:
            self._results = tuple(results)
            self._conditions = tuple(r.condition for r in results)
            self._passed = tuple(r.passed for r in results)
            self._values: Any = None
            self._explainer = None
        else:
            self._hold(*lazy)

    @classmethod
    def from_values(
        cls,
        conditions: tuple[Condition, ...],
        passed: tuple[bool, ...],
        values: Any,  # noqa: ANN401 - what `explainer` reads
        explainer: Explainer,
    ) -> Outcome:
        """Return the outcome whose explanations ``explainer`` renders when asked."""
        # as __init__ with `lazy`, without its keyword and branches (one per decision)
        outcome = cls.__new__(cls)
        outcome._hold(conditions, passed, values, explainer)  # noqa: SLF001 - own class
        return outcome

    def _hold(
        self,
        conditions: tuple[Condition, ...],
        passed: tuple[bool, ...],
        values: Any,  # noqa: ANN401 - what `explainer` reads
        explainer: Explainer,
    ) -> None:
        self._results = None
        self._conditions = conditions
        self._passed = passed
        self._values = values
        self._explainer = explainer

    @property
    def results(self) -> tuple[ConditionResult, ...]:
        """Return each condition's result with its explanation in both languages."""
        if self._results is None:
            explainer = self._explainer
            assert explainer is not None  # noqa: S101 - set by from_values
            self._results = tuple(
                c.explain(p, self._values, explainer)
                for c, p in zip(self._conditions, self._passed, strict=True)
            )
        return self._results

    @property
    def passed(self) -> bool:
        """Return whether every condition passed."""
        return all(self._passed)

    @property
    def failed(self) -> tuple[str, ...]:
        """Return the codes of the failed conditions."""
        return tuple(
            c.code for c, p in zip(self._conditions, self._passed, strict=True) if not p
        )

    def render(self, lang: Language = "en") -> str:
        """Render one line per condition with its values and citation."""
        if self._results is not None:
            return "\n".join(r.render(lang) for r in self._results)
        explainer = self._explainer
        assert explainer is not None  # noqa: S101 - set by from_values
        return explainer.lines(self._conditions, lang)(self._values, self._passed)

    def __eq__(self, other: object) -> bool:
        """Compare the results, explanations included."""
        if not isinstance(other, Outcome):
            return NotImplemented
        return self.results == other.results

    def __hash__(self) -> int:
        """Hash the results."""
        return hash(self.results)

    def __repr__(self) -> str:
        """Show the results."""
        return f"Outcome(results={self.results!r})"

    def __reduce__(self) -> tuple[type[Outcome], tuple[tuple[ConditionResult, ...]]]:
        """Pickle and copy the results, explanations included."""
        return (Outcome, (self.results,))


def check(conditions: tuple[Condition, ...], context: ScalarContext) -> Outcome:
    """Evaluate conditions on one cooperative, with explanations."""
    return Outcome(tuple(c.evaluate(context) for c in conditions))


@attrs.frozen(eq=False)
class BulkOutcome:
    """Per row, whether each condition passed, and the failed codes as a bitmask."""

    codes: tuple[str, ...]
    passed_columns: tuple[BoolArray, ...]
    failed_mask: np.ndarray[tuple[int], np.dtype[np.uint32]]

    @property
    def passed(self) -> BoolArray:
        """Return, per row, whether every condition passed."""
        return np.asarray(self.failed_mask == 0)

    def column(self, code: str) -> BoolArray:
        """Return the pass/fail column of one condition."""
        return self.passed_columns[self.codes.index(code)]

    def failed_codes(self, row: int) -> tuple[str, ...]:
        """Return the failed codes of one row."""
        return decode_failed(int(self.failed_mask[row]))


def check_bulk(
    conditions: tuple[Condition, ...], context: VectorContext
) -> BulkOutcome:
    """Evaluate conditions over a register: a column per condition and a bitmask."""
    from coopmodel.rules._vector import evaluate_many  # noqa: PLC0415 - bulk only

    values = evaluate_many([c.test for c in conditions], context)
    columns = tuple(np.asarray(v.values, dtype=bool) for v in values)
    n = len(columns[0]) if columns else 0
    mask = np.zeros(n, dtype=np.uint32)
    for condition, column in zip(conditions, columns, strict=True):
        mask |= np.where(column, 0, _BIT[condition.code]).astype(np.uint32)
    return BulkOutcome(
        codes=tuple(c.code for c in conditions),
        passed_columns=columns,
        failed_mask=mask,
    )
