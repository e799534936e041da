"""Art. 2: the status tests every program uses, written once as rule trees.

Member tests (``counts``, ``is_youth_member``, ``is_employed``) are read inside
``count_members``/``sum_members``; cooperative tests (the group flags and ``C1``-``C4``)
have one value per cooperative.
"""

from __future__ import annotations

from coopmodel.records._enums import Gender, Status
from coopmodel.rules._build import (
    ON,
    age,
    all_of,
    cooperative,
    count_members,
    fiscal_year,
    is_set,
    member,
    param,
)
from coopmodel.rules._conditions import Condition
from coopmodel.rules._expr import Expr

__all__ = [
    "C1",
    "C2",
    "C3",
    "C4",
    "COMMON",
    "counts",
    "is_disabled",
    "is_employed",
    "is_knowledge_based",
    "is_low_income",
    "is_women",
    "is_youth",
    "is_youth_member",
    "member_age",
    "members_on",
]

#: Art. 2.1: the member counts on ``on``: joined by then and not yet left.
counts: Expr = (member("joined_on") <= ON) & ~(member("left_on") <= ON)

#: Art. 2.1: ``members(on)``, the number of members who count.
members_on: Expr = count_members(counts).named("counted members", "اعضای شمارش‌شده")

#: Art. 2.2: the member's age in full Jalali years on ``on``.
member_age: Expr = age(member("birth_date"), ON)

#: Art. 2.3: 18 ≤ age ≤ 35 (illustrative bounds, in the parameter file).
is_youth_member: Expr = (member_age >= param("group.youth.min_age_years")) & (
    member_age <= param("group.youth.max_age_years")
)

#: Art. 2.3: employed and insured by the cooperative on ``on``, and counting.
is_employed: Expr = (member("employed_since") <= ON) & counts


def _share_at_least(
    group: Expr, share_param: str, label_en: str, label_fa: str
) -> Expr:
    """Art. 2.4: ``count·10,000 ≥ members(on)·share_bp`` with at least one member."""
    in_group = count_members(counts & group).named(label_en, label_fa)
    return all_of(
        members_on > 0,
        in_group * 10_000 >= members_on * param(share_param),
    )


#: Art. 2.4: women's cooperative (female share ≥ threshold).
is_women: Expr = _share_at_least(
    member("gender").eq(Gender.FEMALE),
    "group.women.min_share_bp",
    "female members",
    "اعضای زن",
)

#: Art. 2.4: youth cooperative (youth share ≥ threshold).
is_youth: Expr = _share_at_least(
    is_youth_member, "group.youth.min_share_bp", "youth members", "اعضای جوان"
)

#: Art. 2.4: disabled (tavan-yab) cooperative (disabled share ≥ threshold).
is_disabled: Expr = _share_at_least(
    member("disabled").eq(True),  # noqa: FBT003 - a literal in the algebra
    "group.disabled.min_share_bp",
    "disabled members",
    "اعضای توان‌یاب",
)

#: Art. 2.4: low-income cooperative (share with decile 1-3 ≥ threshold; members with
#: no decile count in the denominator only).
is_low_income: Expr = _share_at_least(
    (member("income_decile") >= 1)
    & (member("income_decile") <= param("group.low_income.max_income_decile")),
    "group.low_income.min_share_bp",
    "members in deciles 1-3",
    "اعضای دهک ۱ تا ۳",
)

#: Art. 2.4: knowledge-based cooperative: a certificate valid on ``on``.
is_knowledge_based: Expr = (cooperative("kb_certified_from") <= ON) & (
    cooperative("kb_certified_until") >= ON
)

C1 = Condition(
    code="C1",
    article="2.5",
    title_en="active",
    title_fa="فعال",
    test=all_of(
        cooperative("status").eq(Status.ACTIVE),
        cooperative("registered_on") <= ON,
    ),
)

C2 = Condition(
    code="C2",
    article="2.5",
    title_en="quorum",
    title_fa="حد نصاب اعضا",
    test=members_on
    >= param("quorum.min_members", cooperative("kind")).named(
        "minimum for its kind", "حداقل برای نوع آن"
    ),
)

C3 = Condition(
    code="C3",
    article="2.5",
    title_en="good standing",
    title_fa="خوش‌حسابی",
    test=all_of(
        cooperative("overdue_debt").eq(0),
        cooperative("insurance_arrears").eq(0),
    ),
)

C4 = Condition(
    code="C4",
    article="2.5",
    title_en="governance",
    title_fa="برگزاری مجمع",
    test=all_of(
        is_set(cooperative("last_assembly_on")),
        cooperative("last_assembly_on") <= ON,
        fiscal_year(cooperative("last_assembly_on")).named(
            "fiscal year of the last assembly", "سال مالی آخرین مجمع"
        )
        >= (fiscal_year(ON) - param("governance.assembly_fiscal_years_back")).named(
            "earliest fiscal year allowed", "نخستین سال مالی مجاز"
        ),
    ),
)

#: ``C1``-``C4`` in order.
COMMON: tuple[Condition, ...] = (C1, C2, C3, C4)
