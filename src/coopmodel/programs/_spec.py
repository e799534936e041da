"""How a program is declared: conditions, outputs as rule trees, and optional steps.

A program is data. Its per-cooperative outputs and its application outputs are rule
trees (evaluated by both interpreters); the few computations that the algebra does not
hold (the float64 annuity of Art. 4.4, the envelope allocation of Art. 6.3) are
``finish`` and ``allocate`` functions over numpy columns, which the scalar path calls
on columns of length one, so that both paths share one implementation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol, TypeVar

import attrs

from coopmodel.records._enums import Program
from coopmodel.rules._build import all_of
from coopmodel.rules._conditions import Condition
from coopmodel.rules._expr import Expr, Kind, check_row_expression

if TYPE_CHECKING:
    import datetime as dt

    import numpy as np

    from coopmodel._typing import DateArray, Int64Array
    from coopmodel.parameters import ParameterSet
    from coopmodel.records import Cooperative
    from coopmodel.register import Register

__all__ = [
    "Allocate",
    "ApplicationDecision",
    "ApplicationProgram",
    "CooperativeStep",
    "Finish",
    "FinishOne",
    "Output",
    "eligibility",
]


class ApplicationDecision(Protocol):
    """What the programs' scalar calls read of an application's decision.

    :class:`coopmodel.Decision` has it; the protocol keeps the programs layer from
    importing the decisions layer above it. ``repayment_plan`` and ``clawback``
    (Art. 4.4, 4.5) and ``allocate_reference`` (Art. 6.3) take it.
    """

    @property
    def coop_id(self) -> str:
        """The cooperative's ID."""

    @property
    def program(self) -> Program | None:
        """The application's program."""

    @property
    def on(self) -> dt.date:
        """The day the application was decided: its ``applied_on``."""

    @property
    def eligible(self) -> bool:
        """Whether every condition passed."""

    @property
    def amounts(self) -> Mapping[str, int | bool]:
        """The decision's amounts by column name."""


#: ``finish(columns, on, params)`` returns more int64 columns from the evaluated ones
#: (each already 0 where ineligible); ``on`` holds each row's evaluation date.
Finish = Callable[
    [Mapping[str, "Int64Array"], "DateArray", "ParameterSet"], dict[str, "Int64Array"]
]

#: ``finish_one(values, on, params)`` is ``finish`` on one application's values in
#: plain Python, for a single decision; ``None`` where ``finish`` raises (so that it
#: says why).
FinishOne = Callable[
    [Mapping[str, "int | bool"], "dt.date", "ParameterSet"], "dict[str, int] | None"
]

#: ``allocate(columns, on, params)`` ranks a program's applications across records and
#: returns ``rank`` (0 = no rank) and ``allocated``; it sees every row of the program.
Allocate = Callable[
    [Mapping[str, "Int64Array"], "DateArray", "ParameterSet"], dict[str, "Int64Array"]
]


@attrs.frozen
class Output:
    """A named result column: a row-level rule tree, its article and meaning.

    Outputs whose name starts with ``_`` are internal: they feed ``finish`` and
    ``allocate`` steps and are not published.
    """

    name: str
    expr: Expr = attrs.field()
    article: str
    description: str

    @expr.validator
    def _check(self, _: attrs.Attribute[Expr], expr: Expr) -> None:
        check_row_expression(expr)
        if expr.type.nullable or expr.type.kind not in (Kind.INT, Kind.BOOL):
            msg = f"output {self.name}: must be a non-null int or bool, is {expr.type}"
            raise TypeError(msg)


def eligibility(conditions: tuple[Condition, ...]) -> Expr:
    """Return the tree that holds when every condition holds."""
    return all_of(*(c.test for c in conditions))


@attrs.frozen
class ApplicationProgram:
    """A program that decides applications, each on its own ``applied_on`` (Art. 0.3).

    ``outputs`` are evaluated for every application of the program; every amount is
    already 0 when a condition fails (Art. 0.5).
    """

    program: Program
    article: str
    title_en: str
    title_fa: str
    conditions: tuple[Condition, ...]
    outputs: tuple[Output, ...]
    finish: Finish | None = None
    allocate: Allocate | None = None
    finish_one: FinishOne | None = None


_Column = TypeVar("_Column")

#: ``run(register, columns, on_days, params)`` reads the register and the columns
#: computed so far (one per cooperative) and returns more columns.
StepFunction = Callable[
    ["Register", Mapping[str, "np.ndarray"], "DateArray", "ParameterSet"],
    dict[str, "np.ndarray"],
]


#: ``one(cooperative, values, on, params)`` runs a step within one cooperative from
#: its values computed so far and returns the step's values: the single decision's
#: twin of ``run``, without numpy.
OneFunction = Callable[
    ["Cooperative", Mapping[str, "int | bool"], "dt.date", "ParameterSet"],
    dict[str, "int | bool"],
]


@attrs.frozen
class CooperativeStep:
    """A per-cooperative computation the algebra does not hold, over numpy columns.

    A step ``within`` one cooperative (a selection among its members, Art. 7.2) runs
    for a single decision too, on a one-cooperative register; a step across
    cooperatives (a national ranking, Art. 7.5) runs in bulk only; ``one``, when
    given, is the within step on one cooperative without a register. Columns whose
    name starts with ``_`` are internal. The step's columns are published right
    after the column named ``after`` (at the end when ``None``), so that a program's
    columns stay together whether an output or a step computes them.
    """

    name: str
    article: str
    run: StepFunction
    across_cooperatives: bool = False
    after: str | None = None
    #: Member-level boolean trees the step reads on ``on``. A bulk run evaluates
    #: them with the outputs (sharing their sub-expressions) and hands each one to
    #: ``run`` as the per-member column :meth:`member_test_column`; without it,
    #: the step evaluates them itself.
    member_tests: tuple[Expr, ...] = ()

    def member_test_column(self, index: int) -> str:
        """Return the name of the column holding ``member_tests[index]``.

        >>> CooperativeStep("demo", "7.2", lambda *_: {}).member_test_column(0)
        '_demo.member_test.0'
        """
        return f"_{self.name}.member_test.{index}"

    one: OneFunction | None = None

    def place(
        self, columns: Mapping[str, _Column], produced: Mapping[str, _Column]
    ) -> dict[str, _Column]:
        """Return ``columns`` with the step's ``produced`` columns in their place.

        >>> step = CooperativeStep("demo", "7.2", lambda *_: {}, after="a")
        >>> list(step.place({"a": 1, "c": 3}, {"b": 2}))
        ['a', 'b', 'c']

        Raises:
            KeyError: ``after`` names no column.
        """
        if self.after is None:
            return {**columns, **produced}
        if self.after not in columns:
            msg = f"step {self.name}: no column {self.after!r} to place its own after"
            raise KeyError(msg)
        placed: dict[str, _Column] = {}
        for name, column in columns.items():
            if name not in produced:
                placed[name] = column
            if name == self.after:
                placed.update(produced)
        return placed
