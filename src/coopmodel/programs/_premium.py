"""Art. 5: insurance premiums and their discount, per cooperative and Jalali month.

Everything is evaluated on the run's ``on``, for the Jalali month that contains it
(``days`` = 29, 30 or 31 days). Per member employed on ``on`` (Art. 2.3), written once
as member-level rule trees (read inside ``sum_members``):

* the insurable wage ``w = min(max(insured_wage, min_daily · days),
  ceiling_multiple · min_daily · days)``;
* the four shares ``floor(w · share_bp / 10,000)``: employee, employer, employer's
  unemployment insurance, government;
* the discount ``floor(employer · discount_bp / 10,000)``, when ``D1`` (``C1`` and
  ``C3``) and ``D2`` (a knowledge-based, disabled or women's cooperative) hold; it is
  floored per member, then summed (Art. 5.2).

The cooperative's columns are the exact sums over its employed members (Art. 5.4).
:func:`member_premiums` gives the same figures member by member, from the same trees;
:func:`decide_discount` explains ``D1`` and ``D2``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from coopmodel.programs._spec import Output, eligibility
from coopmodel.rules._build import (
    ON,
    all_of,
    any_of,
    count_members,
    maximum,
    member,
    minimum,
    month_days,
    param,
    rate,
    sum_members,
    where,
)
from coopmodel.rules._conditions import Condition, ConditionResult
from coopmodel.rules._scalar import ScalarContext, evaluate_scalar
from coopmodel.rules._status import (
    C1,
    C3,
    is_disabled,
    is_employed,
    is_knowledge_based,
    is_women,
)
from coopmodel.values._calendar import format_jalali, parse_date
from coopmodel.values._money import Rounding

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from coopmodel.parameters import ParameterSet
    from coopmodel.records import Cooperative
    from coopmodel.rules._conditions import Language
    from coopmodel.rules._expr import Expr
    from coopmodel.values._calendar import DateLike

__all__ = [
    "CONDITIONS",
    "COOPERATIVE_OUTPUTS",
    "D1",
    "D2",
    "DiscountDecision",
    "MemberPremium",
    "days_in_month",
    "decide_discount",
    "discount_eligible",
    "employee_share",
    "employer_share",
    "government_share",
    "insurable_ceiling",
    "insurable_floor",
    "insurable_wage",
    "member_discount",
    "member_premiums",
    "unemployment_share",
]

#: Art. 5.1: the days of the Jalali month that contains ``on`` (29 to 31).
days_in_month: Expr = month_days(ON).named("days in the month", "روزهای ماه")

_min_daily = param("premium.min_daily_wage").named(
    "minimum daily wage", "حداقل دستمزد روزانه"
)

#: Art. 5.1: the insurable wage's floor for the month, ``min_daily · days``.
insurable_floor: Expr = (_min_daily * days_in_month).named(
    "insurable floor", "کف دستمزد مشمول"
)

#: Art. 5.1: the insurable wage's ceiling, ``ceiling_multiple · min_daily · days``.
insurable_ceiling: Expr = (
    param("premium.insurable_ceiling_multiple") * _min_daily * days_in_month
).named("insurable ceiling", "سقف دستمزد مشمول")

#: Art. 5.1 (member level): ``min(max(insured_wage, floor), ceiling)``.
insurable_wage: Expr = minimum(
    maximum(member("insured_wage"), insurable_floor), insurable_ceiling
).named("insurable wage", "دستمزد مشمول")


def _share(name: str) -> Expr:
    """Art. 5.1 (member level): ``floor(w · share_bp / 10,000)``."""
    return rate(insurable_wage, param(f"premium.share_bp.{name}"), Rounding.FLOOR)


#: Art. 5.1 (member level): the employee's share, ``floor(w · 700 / 10,000)``.
employee_share: Expr = _share("employee")
#: Art. 5.1 (member level): the employer's share, ``floor(w · 2,000 / 10,000)``.
employer_share: Expr = _share("employer")
#: Art. 5.1 (member level): the employer's unemployment insurance, ``floor(w · 300 /
#: 10,000)``.
unemployment_share: Expr = _share("employer_unemployment")
#: Art. 5.1 (member level): the government's share, ``floor(w · 300 / 10,000)``.
government_share: Expr = _share("government")

#: Art. 5.2 (member level): ``floor(employer · discount_bp / 10,000)``, the discount
#: a member brings when ``D1`` and ``D2`` hold (``discount_bp`` is 0 before 1399).
member_discount: Expr = rate(
    employer_share, param("premium.discount_bp"), Rounding.FLOOR
)

D1 = Condition(
    code="D1",
    article="5.2",
    title_en="active and in good standing",
    title_fa="فعال و خوش‌حساب",
    test=all_of(
        C1.test.named("C1 active", "C1 فعال"),
        C3.test.named("C3 good standing", "C3 خوش‌حسابی"),
    ),
)

D2 = Condition(
    code="D2",
    article="5.2",
    title_en="knowledge-based, disabled or women's cooperative",
    title_fa="تعاونی دانش‌بنیان، توان‌یاب یا زنان",
    test=any_of(
        is_knowledge_based.named("knowledge-based", "دانش‌بنیان"),
        is_disabled.named("disabled cooperative", "تعاونی توان‌یاب"),
        is_women.named("women's cooperative", "تعاونی زنان"),
    ),
)

#: Art. 5.2: the conditions of the discount, ``D1`` and ``D2``.
CONDITIONS: tuple[Condition, ...] = (D1, D2)

#: Art. 5.2: ``D1`` and ``D2`` hold on ``on``.
discount_eligible: Expr = eligibility(CONDITIONS)


def _total(value: Expr) -> Expr:
    """Art. 5.4: the exact sum of a member-level amount over the employed members."""
    return sum_members(value, is_employed)


#: Per-cooperative outputs of Art. 5 (the month of the run's ``on``).
COOPERATIVE_OUTPUTS: tuple[Output, ...] = (
    Output(
        "premium_employee",
        _total(employee_share),
        "5.4",
        "Employees' premium shares for the month of `on`, rials.",
    ),
    Output(
        "premium_employer",
        _total(employer_share),
        "5.4",
        "Employer's premium shares for the month of `on`, before the discount, rials.",
    ),
    Output(
        "premium_unemployment",
        _total(unemployment_share),
        "5.4",
        "Employer's unemployment insurance for the month of `on`, rials.",
    ),
    Output(
        "premium_government",
        _total(government_share),
        "5.4",
        "Government's premium shares for the month of `on`, rials.",
    ),
    Output(
        "premium_discount",
        where(discount_eligible, _total(member_discount), 0),
        "5.2",
        "Discount on the employer's shares, floored per member (0 unless D1, D2).",
    ),
)


def _int(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    msg = f"a premium tree gave {value!r}, not a whole number"  # pragma: no cover
    raise TypeError(msg)  # pragma: no cover


@attrs.frozen
class MemberPremium:
    """One employed member's premiums for the month of ``on`` (Art. 5.1, 5.2).

    ``discount`` is 0 unless ``D1`` and ``D2`` hold for the cooperative;
    ``employer_payable`` is ``employer_share − discount``, what the cooperative pays
    of the employer's share.
    """

    national_code: str
    days: int
    insurable_wage: int
    employee_share: int
    employer_share: int
    unemployment_share: int
    government_share: int
    discount: int
    employer_payable: int


def _context(
    cooperative: Cooperative, on: DateLike, params: ParameterSet | None
) -> ScalarContext:
    from coopmodel.parameters import load_parameters  # noqa: PLC0415 - lazy load

    return ScalarContext(
        cooperative=cooperative,
        on=parse_date(on, field="on"),
        params=load_parameters() if params is None else params,
    )


def member_premiums(
    cooperative: Cooperative,
    *,
    on: DateLike,
    params: ParameterSet | None = None,
) -> tuple[MemberPremium, ...]:
    """Return the premiums of each member employed on ``on``, in member order.

    Each figure is the member-level tree of Art. 5 summed over this one member
    (``sum_members(value, is_employed & national_code == code)``; national codes are
    unique within a cooperative, Art. 1.6), so it means exactly what it means in the
    cooperative's columns, whose values are the sums of these.

    Args:
        cooperative: The cooperative with its members.
        on: The evaluation date (any form of Art. 0.2); its Jalali month is priced.
        params: The parameters; the bundled ones when ``None``.

    Returns:
        One :class:`MemberPremium` per member employed on ``on``.
    """
    context = _context(cooperative, on, params)
    days = _int(evaluate_scalar(days_in_month, context))
    premiums = []
    for one in cooperative.members:
        this = is_employed & member("national_code").eq(int(one.national_code))
        if not evaluate_scalar(count_members(this), context):
            continue
        wage, employee, employer, unemployment, government, discount = (
            _int(evaluate_scalar(tree, context))
            for tree in (
                sum_members(insurable_wage, this),
                sum_members(employee_share, this),
                sum_members(employer_share, this),
                sum_members(unemployment_share, this),
                sum_members(government_share, this),
                where(discount_eligible, sum_members(member_discount, this), 0),
            )
        )
        premiums.append(
            MemberPremium(
                national_code=one.national_code,
                days=days,
                insurable_wage=wage,
                employee_share=employee,
                employer_share=employer,
                unemployment_share=unemployment,
                government_share=government,
                discount=discount,
                employer_payable=employer - discount,
            )
        )
    return tuple(premiums)


@attrs.frozen
class DiscountDecision:
    """The premium discount of one cooperative for the month of ``on`` (Art. 5.2).

    ``results`` are ``D1`` and ``D2`` with the values that decided them; ``amounts``
    are the cooperative's premium columns (``premium_employee`` …
    ``premium_discount``), as in :func:`coopmodel.evaluate`.
    """

    coop_id: str
    on: dt.date
    results: tuple[ConditionResult, ...]
    amounts: Mapping[str, int]

    @property
    def eligible(self) -> bool:
        """Return whether ``D1`` and ``D2`` hold: the discount applies."""
        return all(r.passed for r in self.results)

    @property
    def failed(self) -> tuple[str, ...]:
        """Return the codes of the failed conditions."""
        return tuple(r.code for r in self.results if not r.passed)

    def explain(self, lang: Language = "en") -> str:
        """Render the verdict, ``D1`` and ``D2`` with their values, and the amounts."""
        date = format_jalali(self.on, digits="latin" if lang == "en" else "persian")
        if lang == "en":
            verdict = "discount applies" if self.eligible else "no discount"
            head = f"premium discount for coop {self.coop_id} on {date}: {verdict}"
        else:
            verdict = "مشمول تخفیف" if self.eligible else "بدون تخفیف"
            head = f"تخفیف حق بیمه برای تعاونی {self.coop_id} در {date}: {verdict}"
        lines = [r.render(lang) for r in self.results]
        amounts = [f"  {k} = {v}" for k, v in self.amounts.items()]
        return "\n".join([head, *lines, *amounts])


def decide_discount(
    cooperative: Cooperative,
    *,
    on: DateLike,
    params: ParameterSet | None = None,
) -> DiscountDecision:
    """Decide the premium discount of a cooperative for the month of ``on``.

    Args:
        cooperative: The cooperative with its members.
        on: The evaluation date (any form of Art. 0.2).
        params: The parameters; the bundled ones when ``None``.

    Returns:
        ``D1`` and ``D2`` explained, and the cooperative's premium amounts.
    """
    context = _context(cooperative, on, params)
    return DiscountDecision(
        coop_id=cooperative.coop_id,
        on=context.on,
        results=tuple(c.evaluate(context) for c in CONDITIONS),
        amounts={
            o.name: _int(evaluate_scalar(o.expr, context)) for o in COOPERATIVE_OUTPUTS
        },
    )
