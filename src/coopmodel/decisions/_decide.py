"""One decision: a cooperative's results, or one application's, with explanations.

The scalar path evaluates the same rule trees as :func:`coopmodel.evaluate`: each
program's outputs and conditions are compiled once into one Python function
(:mod:`coopmodel.rules._compile`, proven equal to the scalar interpreter), which
records the values an explanation shows; the explanation is rendered only when read.
The steps the algebra does not hold run their scalar twins (the wage-subsidy
selection of Art. 7.2, the annuity of Art. 4.4, the same IEEE-754 operations as in
bulk); where a twin finds an error, the bulk code runs on columns of length one and
says why. A single decision runs no numpy.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from typing import TYPE_CHECKING, Any

import attrs

from coopmodel.decisions._outcome import Outcome
from coopmodel.programs._catalogue import (
    APPLICATION_PROGRAMS,
    COOPERATIVE_CONDITIONS,
    COOPERATIVE_OUTPUTS,
    COOPERATIVE_STEPS,
)
from coopmodel.records._enums import Program
from coopmodel.rules._compile import Compiled, compile_trees
from coopmodel.rules._conditions import Explainer
from coopmodel.rules._render import DAY_TEXTS
from coopmodel.values._calendar import format_jalali, parse_date

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from coopmodel.parameters import ParameterSet
    from coopmodel.programs._spec import ApplicationProgram, Finish, Output
    from coopmodel.records import Application, Cooperative
    from coopmodel.register import Register
    from coopmodel.rules._conditions import Condition, Language
    from coopmodel.rules._expr import Scalar
    from coopmodel.values._calendar import DateLike

__all__ = ["Decision", "decide"]


@attrs.frozen
class Decision:
    """A decision with its amounts, every condition with its values, and citations.

    ``program`` is ``None`` for a cooperative's own results (group flags, guarantee
    ceilings, premiums) on ``on``; otherwise the application's program, decided on its
    ``applied_on``. ``amounts`` uses the bulk result's column names; every amount is 0
    when the decision is ineligible (Art. 0.5).
    """

    coop_id: str
    program: Program | None
    on: dt.date
    outcome: Outcome
    amounts: Mapping[str, int | bool]

    @property
    def eligible(self) -> bool:
        """Return whether every condition passed."""
        return self.outcome.passed

    @property
    def failed(self) -> tuple[str, ...]:
        """Return the failed condition codes."""
        return self.outcome.failed

    def explain(self, lang: Language = "en") -> str:
        """Render the decision: verdict, amounts, and each condition with its values."""
        program = self.program
        what = program._value_ if program else "cooperative"  # .value's field
        on = self.on
        en = lang == "en"
        if type(on) is dt.date:
            date = DAY_TEXTS[en][on]
        else:  # pragma: no cover - a decision's day is a date
            date = format_jalali(on, digits="latin" if en else "persian")
        if en:
            verdict = "eligible" if self.eligible else "not eligible"
            head = f"{what} decision for coop {self.coop_id} on {date}: {verdict}"
        else:
            verdict = "واجد شرایط" if self.eligible else "فاقد شرایط"
            head = f"تصمیم {what} برای تعاونی {self.coop_id} در {date}: {verdict}"
        return f"{head}\n{self.outcome.render(lang)}{_amount_lines(self.amounts)}"

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-ready dict (codes, amounts, explanations in both languages)."""
        return {
            "coop_id": self.coop_id,
            "program": None if self.program is None else self.program.value,
            "on": self.on.isoformat(),
            "eligible": self.eligible,
            "failed": list(self.failed),
            "amounts": dict(self.amounts),
            "conditions": [
                {
                    "code": r.code,
                    "article": r.condition.article,
                    "passed": r.passed,
                    "en": r.render("en"),
                    "fa": r.render("fa"),
                }
                for r in self.outcome.results
            ],
        }


#: By the amounts' names: the format of their lines (``"\n  name = %s"`` each).
_AMOUNT_FORMATS: dict[tuple[str, ...], str] = {}


def _amount_lines(amounts: Mapping[str, int | bool]) -> str:
    r"""Return ``"\n  name = value"`` per amount, in order.

    The values are ints and bools, which ``str`` writes as an f-string does.
    """
    names = tuple(amounts)
    found = _AMOUNT_FORMATS.get(names)
    if found is None:
        if len(_AMOUNT_FORMATS) >= 1024:  # pragma: no cover - a few per program
            _AMOUNT_FORMATS.clear()
        found = _AMOUNT_FORMATS[names] = "".join(
            f"\n  {name}".replace("%", "%%") + " = %s" for name in names
        )
    return found % tuple(amounts.values())


def decide(
    cooperative: Cooperative,
    application: Application | None = None,
    *,
    on: DateLike | None = None,
    params: ParameterSet | None = None,
) -> Decision:
    """Decide an application (on its ``applied_on``) or a cooperative (on ``on``).

    Raises:
        ValueError: ``on`` is missing for a cooperative decision, or the application
            is not the cooperative's.
    """
    if params is None:
        from coopmodel.parameters import load_parameters  # noqa: PLC0415

        params = load_parameters()
    if application is None:
        if on is None:
            msg = "decide: a cooperative decision needs `on`"
            raise ValueError(msg)
        day = parse_date(on, field="on")
        plan = _cooperative_plan()
        recorded = plan.compiled.run(cooperative, None, day, params.at(day))
        values = plan.outputs(recorded)
        values, hidden = _within_steps(cooperative, values, day, params)
        # the columns named "_..." are not amounts: the outputs' and the steps'
        amounts = values.copy()
        for name in (*plan.hidden, *hidden):
            del amounts[name]
        outcome = plan.outcome(recorded)
        return Decision(cooperative.coop_id, None, day, outcome, amounts)
    if application.coop_id != cooperative.coop_id:
        msg = (
            f"decide: application of coop {application.coop_id} given with "
            f"coop {cooperative.coop_id}"
        )
        raise ValueError(msg)
    spec, plan = _APPLICATION[application.program]
    day = application.applied_on
    recorded = plan.compiled.run(cooperative, application, day, params.at(day))
    if spec.finish is None:
        amounts = plan.amounts(recorded)
    else:
        values = plan.outputs(recorded)
        finished = (
            None if spec.finish_one is None else spec.finish_one(values, day, params)
        )
        if finished is None:
            finished = _finish_columns(spec.finish, values, day, params)
        values.update(finished)
        amounts = {k: v for k, v in values.items() if not k.startswith("_")}
    outcome = plan.outcome(recorded)
    return Decision(cooperative.coop_id, application.program, day, outcome, amounts)


def _finish_columns(
    finish: Finish,
    values: dict[str, int | bool],
    day: dt.date,
    params: ParameterSet,
) -> dict[str, int]:
    """Run a program's ``finish`` on columns of length one (it raises where needed)."""
    import numpy as np  # noqa: PLC0415 - only where a finish has no scalar twin

    columns = {k: np.asarray([int(v)], dtype=np.int64) for k, v in values.items()}
    on_days = np.asarray([np.datetime64(day, "D")])
    return {k: int(v[0]) for k, v in finish(columns, on_days, params).items()}


@attrs.frozen(eq=False)
class _Plan:
    """A program's outputs and conditions, compiled into one function."""

    names: tuple[str, ...]
    pick: Callable[[tuple[Scalar, ...]], tuple[Scalar, ...]]
    shown: tuple[str, ...]  # the outputs that are amounts (not named "_...")
    hidden: tuple[str, ...]  # the others
    pick_shown: Callable[[tuple[Scalar, ...]], tuple[Scalar, ...]]
    conditions: tuple[Condition, ...]
    tests: tuple[int, ...]
    pick_tests: Callable[[tuple[Scalar, ...]], tuple[Scalar, ...]]
    compiled: Compiled
    explainer: Explainer

    @classmethod
    def of(
        cls, outputs: tuple[Output, ...], conditions: tuple[Condition, ...]
    ) -> _Plan:
        compiled = compile_trees(
            (*(o.expr for o in outputs), *(c.test for c in conditions))
        )
        at = compiled.position
        tests = tuple(at[c.test] for c in conditions)
        shown = tuple(o for o in outputs if not o.name.startswith("_"))
        return cls(
            names=tuple(o.name for o in outputs),
            pick=_picker(tuple(at[o.expr] for o in outputs)),
            shown=tuple(o.name for o in shown),
            hidden=tuple(
                dict.fromkeys(o.name for o in outputs if o.name.startswith("_"))
            ),
            pick_shown=_picker(tuple(at[o.expr] for o in shown)),
            conditions=conditions,
            tests=tests,
            pick_tests=_picker(tests),
            compiled=compiled,
            explainer=Explainer(at.__getitem__),
        )

    def outputs(self, recorded: tuple[Scalar, ...]) -> dict[str, int | bool]:
        # every output is a non-null int or bool (Output checks its type)
        return dict(zip(self.names, self.pick(recorded), strict=True))  # type: ignore[arg-type]

    def amounts(self, recorded: tuple[Scalar, ...]) -> dict[str, int | bool]:
        # the outputs not named "_...", in order
        return dict(zip(self.shown, self.pick_shown(recorded), strict=True))  # type: ignore[arg-type]

    def outcome(self, recorded: tuple[Scalar, ...]) -> Outcome:
        passed = tuple(map(bool, self.pick_tests(recorded)))
        return Outcome.from_values(self.conditions, passed, recorded, self.explainer)


def _picker(
    positions: tuple[int, ...],
) -> Callable[[tuple[Scalar, ...]], tuple[Scalar, ...]]:
    """Return a function that takes the values at ``positions``, as a tuple."""
    if not positions:
        return lambda _: ()
    if len(positions) == 1:
        (only,) = positions
        return lambda recorded: (recorded[only],)
    return operator.itemgetter(*positions)


@functools.cache
def _cooperative_plan() -> _Plan:
    return _Plan.of(COOPERATIVE_OUTPUTS, COOPERATIVE_CONDITIONS)


@functools.cache
def _application_plan(program: Program) -> _Plan:
    spec = APPLICATION_PROGRAMS[program]
    return _Plan.of(spec.outputs, spec.conditions)


class _Applications(dict["Program", "tuple[ApplicationProgram, _Plan]"]):
    """By program: its spec and its plan (one lookup per decision)."""

    __slots__ = ()

    def __missing__(self, program: Program) -> tuple[ApplicationProgram, _Plan]:
        found = self[program] = (
            APPLICATION_PROGRAMS[program],
            _application_plan(program),
        )
        return found


_APPLICATION = _Applications()


def _within_steps(
    cooperative: Cooperative,
    values: dict[str, int | bool],
    day: dt.date,
    params: ParameterSet,
) -> tuple[dict[str, int | bool], tuple[str, ...]]:
    """Run the within-cooperative steps on one cooperative.

    Return ``values`` with the steps' columns in their places (as in bulk), and the
    names of the columns they add that are named "_..." and not ``values``'. A step
    with a scalar twin (``one``) runs on the record; any other on a one-cooperative
    register.
    """
    out = values
    hidden: tuple[str, ...] = ()
    register: Register | None = None
    columns: dict[str, Any] = {}
    for step in _WITHIN:
        if step.one is not None:
            produced = step.one(cooperative, out, day, params)
        else:  # pragma: no cover - every within step has its scalar twin
            import numpy as np  # noqa: PLC0415

            from coopmodel.register import Register  # noqa: PLC0415

            if register is None:
                register = Register.from_records([cooperative])
                columns = {k: np.asarray([v]) for k, v in out.items()}
            on_days = np.asarray([np.datetime64(day, "D")])
            arrays = step.run(register, columns, on_days, params)
            columns.update(arrays)
            produced = {k: _plain(v[0].item()) for k, v in arrays.items()}
        hidden += tuple(
            k
            for k in produced
            if k.startswith("_") and k not in out and k not in hidden
        )
        out = step.place(out, produced)
    return out, hidden


_WITHIN = tuple(s for s in COOPERATIVE_STEPS if not s.across_cooperatives)


def _plain(value: object) -> int | bool:
    if isinstance(value, bool | int):
        return value
    msg = f"an output evaluated to {value!r}, not a number"  # pragma: no cover
    raise TypeError(msg)  # pragma: no cover
