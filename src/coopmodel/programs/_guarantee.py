"""Art. 3: guarantee ceilings of the cooperative investment guarantee fund.

Per cooperative (on the run's ``on``): ``G1``, eligibility ``C1``-``C4`` and ``G1``, and
the ceiling of each guarantee kind. Per application (on its ``applied_on``): the
approved amount and the fee.
"""

from __future__ import annotations

from coopmodel.programs._spec import ApplicationProgram, Output, eligibility
from coopmodel.records._enums import GuaranteeKind, Program
from coopmodel.rules._build import (
    application,
    coalesce,
    cooperative,
    maximum,
    minimum,
    param,
    rate,
    where,
)
from coopmodel.rules._conditions import Condition
from coopmodel.rules._expr import Expr
from coopmodel.rules._status import COMMON
from coopmodel.values._money import Rounding

__all__ = [
    "CONDITIONS",
    "COOPERATIVE_OUTPUTS",
    "G1",
    "GUARANTEE",
    "ceiling",
]

G1 = Condition(
    code="G1",
    article="3.1",
    title_en="minimum equity",
    title_fa="حداقل سرمایه",
    test=cooperative("equity").named("equity", "سرمایه")
    >= param("guarantee.min_equity").named("minimum equity", "حداقل سرمایه"),
)

#: Art. 3.1: the guarantee eligibility conditions.
CONDITIONS: tuple[Condition, ...] = (*COMMON, G1)

_eligible = eligibility(CONDITIONS)


def _ceiling(cap: Expr) -> Expr:
    """Art. 3.2: ``max(0, min(cap, multiple·equity) − outstanding)``, or 0."""
    room = minimum(
        cap, param("guarantee.equity_multiple") * cooperative("equity")
    ) - cooperative("outstanding_guarantees")
    return where(_eligible, maximum(0, room), 0)


def ceiling(kind: GuaranteeKind) -> Expr:
    """Return the ceiling of one guarantee kind on ``on`` (Art. 3.2, 3.3)."""
    return _ceiling(param(f"guarantee.cap.{kind.value}"))


#: Per-cooperative outputs of Art. 3 (evaluated on the run's ``on``).
COOPERATIVE_OUTPUTS: tuple[Output, ...] = (
    Output("G1", G1.test, "3.1", "Equity reaches the minimum (G1)."),
    Output(
        "guarantee_eligible",
        _eligible,
        "3.1",
        "C1-C4 and G1 hold: the cooperative may receive guarantees.",
    ),
    *(
        Output(
            f"ceiling_{kind.value}",
            ceiling(kind),
            "3.2",
            f"Ceiling of a {kind.value.replace('_', ' ')} guarantee, rials.",
        )
        for kind in GuaranteeKind
    ),
)

_kind = application("guarantee_kind")
_approved = coalesce(
    minimum(application("requested_amount"), _ceiling(param("guarantee.cap", _kind))),
    0,
)
# Art. 3.4: ceil(approved · fee_bp · days / (10,000 · 365))
_fee = coalesce(
    rate(
        _approved * coalesce(application("guarantee_days"), 0),
        param("guarantee.fee_bp", _kind),
        Rounding.CEIL,
        per=10_000 * 365,
    ),
    0,
)

#: Art. 3.4: an application for a guarantee, decided on its ``applied_on``.
GUARANTEE = ApplicationProgram(
    program=Program.GUARANTEE,
    article="3",
    title_en="Guarantee ceilings",
    title_fa="سقف ضمانت‌نامه",
    conditions=CONDITIONS,
    outputs=(
        Output("approved", _approved, "3.4", "min(requested, ceiling of its kind)."),
        Output("fee", _fee, "3.4", "Fee, rounded up to whole rials."),
    ),
)
