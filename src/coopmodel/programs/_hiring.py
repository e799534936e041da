"""Art. 7.2 wage subsidy and Art. 7.3 employer insurance incentive for new hires.

Both are per cooperative, on the run's ``on``, and both start from a member-level test
written once as a rule tree:

* a wage-subsidy *candidate* (Art. 7.2) was hired (``employed_since``) in the fiscal
  year ``wage_subsidy.hire_fiscal_year``, was at most ``wage_subsidy.max_age_years``
  old on that day, and holds a diploma or higher;
* an *incentivised hire* (Art. 7.3) was hired in the fiscal year
  ``insurance_incentive.hire_fiscal_year``, was at most
  ``insurance_incentive.max_age_years`` old on that day, holds a bachelor's degree or
  higher, and its cooperative has ``C1``-``C3`` on ``on``.

Art. 7.3 is a rule tree all through (a count of members). Art. 7.2 caps the hires: in
a cooperative with ``C1``-``C3``, the candidates are taken earliest ``employed_since``
first (ties by national code) up to ``cap_multiple`` times the members employed on the
first day of the hire year (at least 1). That selection is the one thing the algebra
cannot say, so it is a :class:`~coopmodel.programs._spec.CooperativeStep`: the member
tests are evaluated by the vector interpreter over the whole member table, then one
``lexsort`` ranks the candidates within each cooperative. :func:`hires` is the scalar
reference: per member, whether and why, by a plain sorted walk.

A month's amount counts the hires employed on ``on`` with ``on`` before
``employed_since`` plus ``months`` Jalali months, times
``floor(min_wage · rate_bp / 10,000)``; ``min_wage = min_daily_wage · min_wage_days``
(Art. 5.4), every parameter looked up at ``on``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING

import attrs
import numpy as np

from coopmodel._errors import ExpressionTypeError
from coopmodel.programs._spec import CooperativeStep, Output
from coopmodel.records._enums import Education
from coopmodel.register._tables import cooperative_blocks, register_block
from coopmodel.rules._build import (
    ON,
    add_months,
    age,
    all_of,
    count_members,
    fiscal_year,
    lit,
    member,
    param,
    rate,
    where,
)
from coopmodel.rules._compile import compile_trees
from coopmodel.rules._expr import Aggregate, Expr, Kind, replace_on, walk
from coopmodel.rules._scalar import ScalarContext, evaluate_scalar
from coopmodel.rules._status import C1, C2, C3, is_employed
from coopmodel.rules._vector import VectorContext, _Evaluator, _Scope
from coopmodel.values._calendar import fiscal_year_start, parse_date
from coopmodel.values._money import (
    INT64_MAX,
    INT64_MIN,
    Rounding,
    check_int64,
    checked_mul,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from coopmodel._typing import BoolArray, DateArray, Int64Array
    from coopmodel.parameters import ParameterSet
    from coopmodel.records import Cooperative, Member
    from coopmodel.register import Register
    from coopmodel.rules._conditions import Condition, Language
    from coopmodel.values._calendar import DateLike

__all__ = [
    "BACHELOR_OR_HIGHER",
    "CONDITIONS",
    "COOPERATIVE_OUTPUTS",
    "DIPLOMA_OR_HIGHER",
    "WAGE_SUBSIDY_STEP",
    "Hire",
    "HireReason",
    "HireTests",
    "hires",
    "hiring_eligible",
    "incentive_hires",
    "incentive_monthly",
    "incentive_per_hire",
    "incentive_tests",
    "member_masks",
    "min_wage",
    "take_earliest",
    "wage_subsidy_per_hire",
    "wage_subsidy_tests",
]

#: Art. 7.2: a diploma or higher (``none`` and no record are not).
DIPLOMA_OR_HIGHER: frozenset[Education] = frozenset(Education) - {Education.NONE}
#: Art. 7.3: a bachelor's degree or higher.
BACHELOR_OR_HIGHER: frozenset[Education] = frozenset(
    {Education.BACHELOR, Education.MASTER, Education.DOCTORATE}
)

#: Art. 7.2, 7.3: the cooperative's conditions, ``C1``-``C3`` on ``on``.
CONDITIONS: tuple[Condition, ...] = (C1, C2, C3)

#: Art. 7.2, 7.3: ``C1``-``C3`` hold on ``on``.
hiring_eligible: Expr = all_of(*(c.test for c in CONDITIONS))

#: Art. 5.4: the monthly minimum wage, ``min_daily_wage · min_wage_days``, on ``on``.
min_wage: Expr = (
    param("premium.min_daily_wage") * param("premium.min_wage_days")
).named("min_wage", "حداقل دستمزد ماهانه")

_employed_since = member("employed_since")
_age_at_hire = age(member("birth_date"), _employed_since).named(
    "age on employed_since", "سن در روز آغاز اشتغال"
)


@attrs.frozen
class HireTests:
    """The member-level tests of one hiring program (read inside member aggregates).

    ``candidate`` is the conjunction of the three parts; ``paid`` says whether a hire
    is paid for the month of ``on``: employed on ``on`` (Art. 2.3) and ``on`` before
    ``employed_since`` plus the program's months.
    """

    program: str
    hired_in_year: Expr
    young_enough: Expr
    educated: Expr
    candidate: Expr
    employed_on: Expr
    within_months: Expr
    paid: Expr

    @classmethod
    def from_program(cls, program: str, levels: frozenset[Education]) -> HireTests:
        """Build the tests of ``program`` (a parameter group) for these diplomas."""
        hired_in_year = (
            fiscal_year(_employed_since)
            .named("fiscal year of employed_since", "سال مالی آغاز اشتغال")
            .eq(param(f"{program}.hire_fiscal_year"))
        )
        young_enough = _age_at_hire <= param(f"{program}.max_age_years")
        educated = member("education").is_in(levels)
        paid_until = add_months(_employed_since, param(f"{program}.months")).named(
            "end of the paid months", "پایان ماه‌های پرداخت"
        )
        within_months = paid_until > ON  # on is before the end: the end is not paid
        return cls(
            program=program,
            hired_in_year=hired_in_year,
            young_enough=young_enough,
            educated=educated,
            candidate=all_of(hired_in_year, young_enough, educated),
            employed_on=is_employed,
            within_months=within_months,
            paid=all_of(is_employed, within_months),
        )


#: Art. 7.2: the member tests of the wage subsidy (diploma or higher).
wage_subsidy_tests = HireTests.from_program("wage_subsidy", DIPLOMA_OR_HIGHER)
#: Art. 7.3: the member tests of the insurance incentive (bachelor or higher).
incentive_tests = HireTests.from_program("insurance_incentive", BACHELOR_OR_HIGHER)

#: Farvardin 1 of the wage subsidy's hire fiscal year (1399-01-01 is 2020-03-20; a
#: whole number of years later is Farvardin 1 again).
_hire_year_start = add_months(
    lit(dt.date(2020, 3, 20)),
    (param("wage_subsidy.hire_fiscal_year") - 1399) * 12,
)

#: Art. 7.2: employed at the start of the hire fiscal year (the cap's headcount).
employed_at_hire_year_start: Expr = replace_on(is_employed, _hire_year_start)

#: Art. 7.2: the monthly subsidy per paid hire, ``floor(min_wage · rate_bp / 10⁴)``.
wage_subsidy_per_hire: Expr = rate(
    min_wage, param("wage_subsidy.rate_bp"), Rounding.FLOOR
).named("wage subsidy per hire", "یارانه دستمزد هر نفر")

#: Art. 7.3: the monthly incentive per paid hire, ``floor(min_wage · rate_bp / 10⁴)``.
incentive_per_hire: Expr = rate(
    min_wage, param("insurance_incentive.rate_bp"), Rounding.FLOOR
).named("incentive per hire", "مشوق بیمه هر نفر")

#: Art. 7.3: the cooperative's incentivised hires (0 unless ``C1``-``C3``).
incentive_hires: Expr = where(
    hiring_eligible, count_members(incentive_tests.candidate), 0
)

#: Art. 7.3: the incentive payable for the month of ``on``.
incentive_monthly: Expr = where(
    hiring_eligible,
    count_members(all_of(incentive_tests.candidate, incentive_tests.paid))
    * incentive_per_hire,
    0,
)


# --------------------------------------------------------------------- bulk step


def member_masks(
    register: Register,
    on: DateArray,
    params: ParameterSet,
    tests: tuple[Expr, ...],
) -> list[BoolArray]:
    """Evaluate member-level boolean trees for every member of a register.

    The trees are those read inside ``count_members`` (member columns, cooperative
    columns, ``on`` and parameters, no aggregate); the vector interpreter evaluates
    them in its member scope, so they mean what they mean inside an aggregate.

    Args:
        register: The register.
        on: One day per cooperative; each member's tree sees its cooperative's.
        params: The parameters, looked up at each member's ``on``.
        tests: Boolean member-level trees.

    Returns:
        One boolean column per tree, a value per row of ``register.members``.

    Raises:
        ExpressionTypeError: A tree is not boolean or holds an aggregate.
    """
    for test in tests:
        if test.type.kind is not Kind.BOOL or any(
            isinstance(n, Aggregate) for n in walk(test)
        ):
            msg = f"a member test must be a boolean without aggregates: {test}"
            raise ExpressionTypeError(msg)
    days = np.asarray(on, dtype="datetime64[D]")
    # One day for every cooperative (the bulk run): evaluate on that day, as one
    # value, rather than on a copy of it per member.
    same_day = days.size and not np.isnat(days[0]) and bool((days == days[0]).all())
    blocks = cooperative_blocks(register.member_offsets)
    if len(blocks) == 1:
        return _member_masks(register, days[0] if same_day else days, params, tests)
    parts: list[list[BoolArray]] = [[] for _ in tests]
    try:
        for start, stop in blocks:
            block = register_block(register, start, stop)
            block_on = days[0] if same_day else days[start:stop]
            masks = _member_masks(block, block_on, params, tests)
            for part, mask in zip(parts, masks, strict=True):
                part.append(mask)
    except Exception:  # noqa: BLE001 - re-raised by the whole run below
        return _member_masks(register, days[0] if same_day else days, params, tests)
    return [np.concatenate(part) for part in parts]


def _member_masks(
    register: Register,
    on: np.datetime64 | DateArray,
    params: ParameterSet,
    tests: tuple[Expr, ...],
) -> list[BoolArray]:
    """Evaluate :func:`member_masks` on one register (or block) at once."""
    days = np.broadcast_to(np.asarray(on), (register.n_cooperatives,))
    evaluator = _Evaluator(VectorContext(register=register, on=days, params=params))
    cooperatives = _Scope(
        n=register.n_cooperatives, on=on, coop_rows=None, app_rows=None
    )
    members = evaluator.member_scope(cooperatives)
    return [
        np.broadcast_to(evaluator.eval(test, members)[0], (members.n,)).astype(bool)
        for test in tests
    ]


def take_earliest(
    candidate: BoolArray,
    coop_index: Int64Array,
    employed_since: DateArray,
    national_code: Int64Array,
    cap: Int64Array,
) -> BoolArray:
    """Take each cooperative's earliest candidates, up to its cap (Art. 7.2).

    Candidates are ordered by ``employed_since``, then by national code; within each
    cooperative the first ``cap[cooperative]`` are taken. One ``lexsort`` over the
    candidates of the whole register, then each candidate's rank within its
    cooperative's run of the sorted order.

    Args:
        candidate: Per member, whether it is a candidate.
        coop_index: Per member, its cooperative's row.
        employed_since: Per member, its first day of employment.
        national_code: Per member, its national code as a number.
        cap: Per cooperative, how many may be taken (0 for none).

    Returns:
        Per member, whether it is taken.

    Examples:
        >>> days = np.array(["2020-05-01", "2020-04-01", "2020-04-01"], "datetime64[D]")
        >>> take_earliest(
        ...     np.array([True, True, True]), np.array([0, 0, 0]), days,
        ...     np.array([11, 30, 20]), np.array([2]),
        ... ).tolist()
        [False, True, True]
    """
    rows = np.flatnonzero(candidate)
    coop = np.asarray(coop_index, dtype=np.int64)[rows]
    started = employed_since[rows].astype("datetime64[D]").astype(np.int64)
    order = np.lexsort((national_code[rows], started, coop))
    rows, coop = rows[order], coop[order]
    rank = np.arange(len(rows)) - np.searchsorted(coop, coop, side="left")
    taken = np.zeros(len(candidate), dtype=bool)
    taken[rows[rank < np.asarray(cap, dtype=np.int64)[coop]]] = True
    return taken


def _run_wage_subsidy(
    register: Register,
    columns: Mapping[str, np.ndarray],
    on_days: DateArray,
    params: ParameterSet,
) -> dict[str, np.ndarray]:
    """Select each cooperative's subsidised hires and price the month of ``on``."""
    n = register.n_cooperatives
    coop_index = register.members.coop_index.astype(np.int64)
    step_tests = WAGE_SUBSIDY_STEP.member_tests
    given = [
        columns.get(WAGE_SUBSIDY_STEP.member_test_column(i))
        for i in range(len(step_tests))
    ]
    if all(g is not None for g in given):  # evaluated with the outputs
        candidate, paid, employed_then = (np.asarray(g, dtype=bool) for g in given)
    else:
        candidate, paid, employed_then = member_masks(
            register, on_days, params, step_tests
        )
    headcount = np.bincount(coop_index[employed_then], minlength=n).astype(np.int64)
    cap = checked_mul(
        params.values_at("wage_subsidy.cap_multiple", on_days),
        np.maximum(headcount, 1),
        op="wage subsidy cap",
    )
    eligible = np.asarray(columns["_hiring_eligible"], dtype=bool)
    cap = np.where(eligible, cap, 0)
    taken = take_earliest(
        candidate,
        coop_index,
        register.members.employed_since,
        register.members.national_code,
        cap,
    )
    hired = np.bincount(coop_index[taken], minlength=n).astype(np.int64)
    paid_hires = np.bincount(coop_index[taken & paid], minlength=n).astype(np.int64)
    monthly = checked_mul(
        paid_hires,
        np.asarray(columns["_wage_subsidy_per_hire"], dtype=np.int64),
        op="wage_subsidy_monthly",
    )
    return {"wage_subsidy_hires": hired, "wage_subsidy_monthly": monthly}


def _one_wage_subsidy(
    cooperative: Cooperative,
    values: Mapping[str, int | bool],
    on: dt.date,
    params: ParameterSet,
) -> dict[str, int | bool]:
    """The step of :func:`_run_wage_subsidy` on one cooperative, without numpy."""
    tests = wage_subsidy_tests
    at = compile_trees((), (tests.candidate, tests.paid))
    assert at.members is not None  # noqa: S101 - compiled with member trees
    members = cooperative.members
    table = params.at(on)
    rows = at.members(cooperative, None, on, table)
    multiple = table["wage_subsidy.cap_multiple"]
    candidates = [i for i, row in enumerate(rows) if row[0]]
    if (
        not candidates or not values["_hiring_eligible"]
    ) and INT64_MIN <= multiple * max(len(members), 1) <= INT64_MAX:
        # nothing to take, and the cap (at most this) cannot overflow: no need to
        # count the members employed at the start of the hire year
        return {"wage_subsidy_hires": 0, "wage_subsidy_monthly": 0}
    first_day = fiscal_year_start(table["wage_subsidy.hire_fiscal_year"])
    then = compile_trees((), (is_employed,))
    assert then.members is not None  # noqa: S101 - compiled with member trees
    employed = then.members(cooperative, None, first_day, params.at(first_day))
    headcount = sum(1 for (counted,) in employed if counted)
    cap = check_int64(multiple * max(headcount, 1), op="wage subsidy cap")
    if not values["_hiring_eligible"]:
        cap = 0
    # candidates by (employed_since, national code), in member order on ties, as
    # the bulk lexsort; the first `cap` are taken
    ranked = sorted(
        (members[i].employed_since, int(members[i].national_code), i)
        for i in candidates
    )
    taken = [i for _, _, i in ranked[: max(cap, 0)]]
    paid = sum(1 for i in taken if rows[i][1])
    monthly = check_int64(
        paid * int(values["_wage_subsidy_per_hire"]), op="wage_subsidy_monthly"
    )
    return {"wage_subsidy_hires": len(taken), "wage_subsidy_monthly": monthly}


#: Art. 7.2: the capped selection of subsidised hires, within each cooperative;
#: its columns follow ``low_income_aid`` (Art. 7.1) in the results.
WAGE_SUBSIDY_STEP = CooperativeStep(
    name="wage_subsidy",
    article="7.2",
    run=_run_wage_subsidy,
    after="low_income_aid",
    member_tests=(
        wage_subsidy_tests.candidate,
        wage_subsidy_tests.paid,
        employed_at_hire_year_start,
    ),
    one=_one_wage_subsidy,
)

#: Per-cooperative outputs of Art. 7.2 and 7.3; the two internal ones feed the step.
COOPERATIVE_OUTPUTS: tuple[Output, ...] = (
    Output("_hiring_eligible", hiring_eligible, "7.2", "C1-C3 hold on `on`."),
    Output(
        "_wage_subsidy_per_hire",
        wage_subsidy_per_hire,
        "7.2",
        "Monthly wage subsidy per paid hire, rials.",
    ),
    Output(
        "incentive_hires",
        incentive_hires,
        "7.3",
        "Incentivised hires (0 unless C1-C3 hold).",
    ),
    Output(
        "incentive_monthly",
        incentive_monthly,
        "7.3",
        "Insurance incentive payable for the month of `on`, rials.",
    ),
)


# ---------------------------------------------------------- scalar, per member


class HireReason(StrEnum):
    """Why a member gets no wage subsidy or incentive for the month of ``on``."""

    NOT_HIRED = "not_hired"
    HIRED_OUTSIDE_YEAR = "hired_outside_year"
    TOO_OLD = "too_old"
    EDUCATION_NOT_RECORDED = "education_not_recorded"
    EDUCATION_TOO_LOW = "education_too_low"
    COOPERATIVE_INELIGIBLE = "cooperative_ineligible"
    OVER_CAP = "over_cap"
    NOT_EMPLOYED_ON = "not_employed_on"
    MONTHS_ELAPSED = "months_elapsed"

    def describe(self, lang: Language = "en") -> str:
        """Return the reason in words, in English or Persian.

        >>> HireReason.OVER_CAP.describe()
        'beyond the cap of subsidised hires'
        """
        en, fa = _REASON_TEXT[self]
        return en if lang == "en" else fa


_REASON_TEXT: dict[HireReason, tuple[str, str]] = {
    HireReason.NOT_HIRED: ("employed_since is not recorded", "تاریخ اشتغال ثبت نشده"),
    HireReason.HIRED_OUTSIDE_YEAR: (
        "employed_since is not in the hire fiscal year",
        "آغاز اشتغال در سال مالی طرح نیست",
    ),
    HireReason.TOO_OLD: (
        "older than the age limit on employed_since",
        "سن در روز آغاز اشتغال بیش از حد مجاز",
    ),
    HireReason.EDUCATION_NOT_RECORDED: (
        "education is not recorded",
        "تحصیلات ثبت نشده",
    ),
    HireReason.EDUCATION_TOO_LOW: (
        "education below the level required",
        "تحصیلات کمتر از حد لازم",
    ),
    HireReason.COOPERATIVE_INELIGIBLE: (
        "the cooperative fails C1-C3 on `on`",
        "تعاونی شرایط C1 تا C3 را ندارد",
    ),
    HireReason.OVER_CAP: (
        "beyond the cap of subsidised hires",
        "خارج از سقف نیروی مشمول",
    ),
    HireReason.NOT_EMPLOYED_ON: (
        "not employed on `on`",
        "در تاریخ ارزیابی شاغل نیست",
    ),
    HireReason.MONTHS_ELAPSED: (
        "the paid months have elapsed",
        "ماه‌های پرداخت به پایان رسیده",
    ),
}


@attrs.frozen
class Hire:
    """One member's standing under Art. 7.2 and 7.3 for the month of ``on``.

    ``is_candidate`` is the member test of Art. 7.2 alone; ``is_subsidised`` adds
    ``C1``-``C3`` and the cap; ``is_incentivised`` is Art. 7.3 with ``C1``-``C3``. The
    reasons say why the month's amount is 0 (empty when it is paid).
    """

    national_code: str
    is_candidate: bool
    is_subsidised: bool
    is_incentivised: bool
    wage_subsidy_monthly: int
    incentive_monthly: int
    wage_subsidy_reasons: tuple[HireReason, ...]
    incentive_reasons: tuple[HireReason, ...]


def _holds(test: Expr, one: Member, context: ScalarContext) -> bool:
    """Evaluate a member-level tree on one member with the scalar interpreter."""
    # count_members over a cooperative holding only this member is 1 exactly when
    # the test holds for it: the aggregate's own meaning, no second interpreter.
    alone = context.cooperative.model_copy(update={"members": (one,)})
    counted = evaluate_scalar(
        count_members(test), attrs.evolve(context, cooperative=alone)
    )
    return counted == 1


def _test_reasons(
    tests: HireTests, one: Member, context: ScalarContext
) -> list[HireReason]:
    reasons = []
    if one.employed_since is None:
        reasons.append(HireReason.NOT_HIRED)
    else:
        if not _holds(tests.hired_in_year, one, context):
            reasons.append(HireReason.HIRED_OUTSIDE_YEAR)
        if not _holds(tests.young_enough, one, context):
            reasons.append(HireReason.TOO_OLD)
    if one.education is None:
        reasons.append(HireReason.EDUCATION_NOT_RECORDED)
    elif not _holds(tests.educated, one, context):
        reasons.append(HireReason.EDUCATION_TOO_LOW)
    return reasons


def _payment_reasons(
    tests: HireTests, one: Member, context: ScalarContext
) -> list[HireReason]:
    if not _holds(tests.employed_on, one, context):
        return [HireReason.NOT_EMPLOYED_ON]
    if not _holds(tests.within_months, one, context):
        return [HireReason.MONTHS_ELAPSED]
    return []


def hires(
    cooperative: Cooperative,
    *,
    on: DateLike,
    params: ParameterSet | None = None,
) -> tuple[Hire, ...]:
    """Return, per member, whether and why it is a subsidised or incentivised hire.

    The scalar reference of Art. 7.2 and 7.3: the member tests by the scalar
    interpreter, then the candidates sorted by ``(employed_since, national_code)``
    and the first ``cap`` taken. The sums of ``is_subsidised``,
    ``wage_subsidy_monthly``, ``is_incentivised`` and ``incentive_monthly`` are the
    cooperative's ``wage_subsidy_hires``, ``wage_subsidy_monthly``,
    ``incentive_hires`` and ``incentive_monthly``.

    Args:
        cooperative: The cooperative with its members.
        on: The evaluation date (any form of Art. 0.2).
        params: The parameters; the bundled ones when ``None``.

    Returns:
        One :class:`Hire` per member, in the cooperative's member order.
    """
    from coopmodel.parameters import load_parameters  # noqa: PLC0415 - lazy load

    params = load_parameters() if params is None else params
    day = parse_date(on, field="on")
    context = ScalarContext(cooperative=cooperative, on=day, params=params)
    eligible = bool(evaluate_scalar(hiring_eligible, context))
    first_day = fiscal_year_start(params.value("wage_subsidy.hire_fiscal_year", day))
    headcount = evaluate_scalar(
        count_members(is_employed), attrs.evolve(context, on=first_day)
    )
    assert isinstance(headcount, int)  # noqa: S101 - a count is an int
    cap = params.value("wage_subsidy.cap_multiple", day) * max(headcount, 1)
    subsidy = evaluate_scalar(wage_subsidy_per_hire, context)
    incentive = evaluate_scalar(incentive_per_hire, context)
    assert isinstance(subsidy, int)  # noqa: S101 - a non-null int tree
    assert isinstance(incentive, int)  # noqa: S101 - a non-null int tree

    ws, ii = wage_subsidy_tests, incentive_tests
    candidates = [m for m in cooperative.members if _holds(ws.candidate, m, context)]
    ranked = sorted(candidates, key=lambda m: (m.employed_since, m.national_code))
    is_candidate = {m.national_code for m in candidates}
    taken = {m.national_code for m in ranked[:cap]} if eligible else set()

    out = []
    for one in cooperative.members:
        ws_reasons = _test_reasons(ws, one, context)
        ii_reasons = _test_reasons(ii, one, context)
        if not eligible:
            ws_reasons.append(HireReason.COOPERATIVE_INELIGIBLE)
            ii_reasons.append(HireReason.COOPERATIVE_INELIGIBLE)
        elif not ws_reasons and one.national_code not in taken:
            ws_reasons.append(HireReason.OVER_CAP)
        is_subsidised = one.national_code in taken
        is_incentivised = not ii_reasons
        if is_subsidised:
            ws_reasons += _payment_reasons(ws, one, context)
        if is_incentivised:
            ii_reasons += _payment_reasons(ii, one, context)
        out.append(
            Hire(
                national_code=one.national_code,
                is_candidate=one.national_code in is_candidate,
                is_subsidised=is_subsidised,
                is_incentivised=is_incentivised,
                wage_subsidy_monthly=0 if ws_reasons else subsidy,
                incentive_monthly=0 if ii_reasons else incentive,
                wage_subsidy_reasons=tuple(ws_reasons),
                incentive_reasons=tuple(ii_reasons),
            )
        )
    return tuple(out)
