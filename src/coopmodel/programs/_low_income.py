"""Art. 7.1: low-income aid, per cooperative on the run's ``on``.

A low-income cooperative (Art. 2.4) with ``C1`` and ``C3`` receives
``low_income_aid.per_member`` rials for each counted member whose income decile is 1 to
``group.low_income.max_income_decile``, at most ``low_income_aid.max_per_coop``. The
quorum ``C2`` is not asked for: Art. 7.1 names ``C1`` and ``C3`` only.
"""

from __future__ import annotations

from coopmodel.programs._spec import Output
from coopmodel.rules._build import all_of, count_members, member, minimum, param, where
from coopmodel.rules._conditions import Condition
from coopmodel.rules._expr import Expr
from coopmodel.rules._status import C1, C3, counts, is_low_income

__all__ = [
    "CONDITIONS",
    "COOPERATIVE_OUTPUTS",
    "is_low_income_member",
    "low_income_aid",
    "low_income_aid_eligible",
]

#: Art. 7.1: the tests a cooperative must pass: ``C1`` and ``C3``; being a low-income
#: cooperative (Art. 2.4) is the third, shown in the docs beside them.
CONDITIONS: tuple[Condition, ...] = (C1, C3)

#: Art. 2.4, 7.1: a member in income decile 1 to the low-income bound (read inside
#: member aggregates; a member with no decile is not one).
is_low_income_member: Expr = (member("income_decile") >= 1) & (
    member("income_decile") <= param("group.low_income.max_income_decile")
)

#: Art. 7.1: a low-income cooperative with ``C1`` and ``C3`` on ``on``.
low_income_aid_eligible: Expr = all_of(
    is_low_income.named("low-income cooperative", "تعاونی کم‌درآمد"),
    *(c.test for c in CONDITIONS),
)

_low_income_members = count_members(counts & is_low_income_member).named(
    "counted members in deciles 1-3", "اعضای شمارش‌شده دهک ۱ تا ۳"
)

#: Art. 7.1: ``min(members in deciles 1-3 × per_member, max_per_coop)``, else 0.
low_income_aid: Expr = where(
    low_income_aid_eligible,
    minimum(
        _low_income_members * param("low_income_aid.per_member"),
        param("low_income_aid.max_per_coop"),
    ),
    0,
)

#: Per-cooperative outputs of Art. 7.1 (evaluated on the run's ``on``).
COOPERATIVE_OUTPUTS: tuple[Output, ...] = (
    Output(
        "low_income_aid",
        low_income_aid,
        "7.1",
        "Low-income aid, rials: per counted member in deciles 1-3, at most the cap.",
    ),
)
