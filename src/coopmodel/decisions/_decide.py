"""One decision: a cooperative's results, or one application's, with explanations.

The scalar path evaluates the same rule trees as :func:`coopmodel.evaluate`, with the
scalar interpreter; the few numpy steps (the annuity) run on columns of length one, so
both paths share their implementation.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs
import numpy as np

from coopmodel.decisions._outcome import Outcome, check
from coopmodel.programs._catalogue import (
    APPLICATION_PROGRAMS,
    COOPERATIVE_CONDITIONS,
    COOPERATIVE_OUTPUTS,
    COOPERATIVE_STEPS,
)
from coopmodel.records._enums import Program
from coopmodel.rules._scalar import ScalarContext, evaluate_scalar
from coopmodel.values._calendar import format_jalali, parse_date

if TYPE_CHECKING:
    from collections.abc import Mapping

    from coopmodel.parameters import ParameterSet
    from coopmodel.records import Application, Cooperative
    from coopmodel.rules._conditions import Language
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
        what = self.program.value if self.program else "cooperative"
        date = format_jalali(self.on, digits="latin" if lang == "en" else "persian")
        if lang == "en":
            verdict = "eligible" if self.eligible else "not eligible"
            head = f"{what} decision for coop {self.coop_id} on {date}: {verdict}"
        else:
            verdict = "واجد شرایط" if self.eligible else "فاقد شرایط"
            head = f"تصمیم {what} برای تعاونی {self.coop_id} در {date}: {verdict}"
        amounts = [f"  {k} = {v}" for k, v in self.amounts.items()]
        return "\n".join([head, self.outcome.render(lang), *amounts])

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
    from coopmodel.parameters import load_parameters  # noqa: PLC0415

    params = load_parameters() if params is None else params
    if application is None:
        if on is None:
            msg = "decide: a cooperative decision needs `on`"
            raise ValueError(msg)
        day = parse_date(on, field="on")
        context = ScalarContext(cooperative=cooperative, on=day, params=params)
        values = {
            o.name: _plain(evaluate_scalar(o.expr, context))
            for o in COOPERATIVE_OUTPUTS
        }
        values = _within_steps(cooperative, values, day, params)
        amounts = {k: v for k, v in values.items() if not k.startswith("_")}
        outcome = check(COOPERATIVE_CONDITIONS, context)
        return Decision(cooperative.coop_id, None, day, outcome, amounts)
    if application.coop_id != cooperative.coop_id:
        msg = (
            f"decide: application of coop {application.coop_id} given with "
            f"coop {cooperative.coop_id}"
        )
        raise ValueError(msg)
    spec = APPLICATION_PROGRAMS[application.program]
    day = application.applied_on
    context = ScalarContext(
        cooperative=cooperative, on=day, params=params, application=application
    )
    values = {o.name: _plain(evaluate_scalar(o.expr, context)) for o in spec.outputs}
    if spec.finish is not None:
        columns = {k: np.asarray([int(v)], dtype=np.int64) for k, v in values.items()}
        on_days = np.asarray([np.datetime64(day, "D")])
        for name, column in spec.finish(columns, on_days, params).items():
            values[name] = int(column[0])
    amounts = {k: v for k, v in values.items() if not k.startswith("_")}
    outcome = check(spec.conditions, context)
    return Decision(cooperative.coop_id, application.program, day, outcome, amounts)


def _within_steps(
    cooperative: Cooperative,
    values: Mapping[str, int | bool],
    day: dt.date,
    params: ParameterSet,
) -> dict[str, int | bool]:
    """Run the within-cooperative steps on a one-cooperative register.

    Return ``values`` with the steps' columns in their places (as in bulk).
    """
    steps = [s for s in COOPERATIVE_STEPS if not s.across_cooperatives]
    if not steps:
        return dict(values)
    from coopmodel.register import Register  # noqa: PLC0415

    register = Register.from_records([cooperative])
    columns: dict[str, np.ndarray] = {k: np.asarray([v]) for k, v in values.items()}
    on_days = np.asarray([np.datetime64(day, "D")])
    out: dict[str, int | bool] = dict(values)
    for step in steps:
        produced = step.run(register, columns, on_days, params)
        columns.update(produced)
        out = step.place(out, {k: _plain(v[0].item()) for k, v in produced.items()})
    return out


def _plain(value: object) -> int | bool:
    if isinstance(value, bool | int):
        return value
    msg = f"an output evaluated to {value!r}, not a number"  # pragma: no cover
    raise TypeError(msg)  # pragma: no cover
