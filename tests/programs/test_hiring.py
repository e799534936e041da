"""Art. 7.2 wage subsidy and 7.3 insurance incentive: parity, laws, worked examples."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jdatetime
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopmodel.decisions._decide import decide
from coopmodel.decisions._evaluate import evaluate
from coopmodel.parameters import ParameterSet, load_parameters
from coopmodel.programs._hiring import (
    COOPERATIVE_OUTPUTS,
    WAGE_SUBSIDY_STEP,
    Hire,
    HireReason,
    hires,
    take_earliest,
)
from coopmodel.records import Cooperative, CoopKind, Education, Member, Status
from coopmodel.register import Register
from coopmodel.rules import VectorContext, evaluate_many
from coopmodel.synthetic import generate
from coopmodel.testing import (
    cooperatives,
    dates,
    example_cooperative,
    members,
    national_codes,
)
from coopmodel.values import make_coop_id, make_national_code, parse_date

PARAMS = load_parameters()
#: A reform that makes the cap bind in small cooperatives: 1 × the headcount.
TIGHT = PARAMS.with_reform({"wage_subsidy.cap_multiple": 1})
PARAM_SETS = st.sampled_from([PARAMS, TIGHT])
COLUMNS = (
    "wage_subsidy_hires",
    "wage_subsidy_monthly",
    "incentive_hires",
    "incentive_monthly",
)
DIPLOMA_UP = {"diploma", "associate", "bachelor", "master", "doctorate"}
BACHELOR_UP = {"bachelor", "master", "doctorate"}

# --- independent oracles (jdatetime and Python, not the library's calendar)


def _jalali(day: dt.date) -> tuple[int, int, int]:
    j = jdatetime.date.fromgregorian(date=day)
    return int(j.year), int(j.month), int(j.day)


def _gregorian(year: int, month: int, day: int) -> dt.date:
    """Return the Gregorian day of a Jalali date, clamped to the month's end."""
    while True:
        try:
            result: dt.date = jdatetime.date(year, month, day).togregorian()
        except ValueError:
            day -= 1
        else:
            return result


def _age(birth: dt.date, on: dt.date) -> int:
    (by, bm, bd), (y, m, d) = _jalali(birth), _jalali(on)
    return y - by - int((m, d) < (bm, bd))


def _plus_months(day: dt.date, months: int) -> dt.date:
    y, m, d = _jalali(day)
    year, index = divmod(y * 12 + m - 1 + months, 12)
    return _gregorian(year, index + 1, d)


def _employed(m: Member, day: dt.date) -> bool:
    """Art. 2.1, 2.3 by hand: employed since then, joined, and not yet left."""
    return (
        m.employed_since is not None
        and m.employed_since <= day
        and m.joined_on <= day
        and (m.left_on is None or day < m.left_on)
    )


def _is_hire(m: Member, *, year: int, max_age: int, levels: set[str]) -> bool:
    return (
        m.employed_since is not None
        and _jalali(m.employed_since)[0] == year
        and _age(m.birth_date, m.employed_since) <= max_age
        and m.education is not None
        and m.education.value in levels
    )


def _per_hire(params: ParameterSet, on: dt.date, rate_name: str) -> int:
    """Art. 5.4, 7.2/7.3: floor(min_daily · 30 · rate_bp / 10,000) with Python ints."""
    min_wage = params.value("premium.min_daily_wage", on) * 30
    return min_wage * params.value(rate_name, on) // 10_000


def _expected(
    coop: Cooperative, on: dt.date, params: ParameterSet, *, eligible: bool
) -> dict[str, int]:
    """Art. 7.2 and 7.3 for one cooperative, by a plain reading of the rulebook."""
    if not eligible:
        return dict.fromkeys(COLUMNS, 0)

    def value(name: str) -> int:
        return params.value(name, on)

    ws_year = value("wage_subsidy.hire_fiscal_year")
    candidates = [
        m
        for m in coop.members
        if _is_hire(
            m,
            year=ws_year,
            max_age=value("wage_subsidy.max_age_years"),
            levels=DIPLOMA_UP,
        )
    ]
    first_day = _gregorian(ws_year, 1, 1)
    headcount = sum(_employed(m, first_day) for m in coop.members)
    cap = value("wage_subsidy.cap_multiple") * max(headcount, 1)
    taken = sorted(candidates, key=lambda m: (m.employed_since, m.national_code))[:cap]
    incentivised = [
        m
        for m in coop.members
        if _is_hire(
            m,
            year=value("insurance_incentive.hire_fiscal_year"),
            max_age=value("insurance_incentive.max_age_years"),
            levels=BACHELOR_UP,
        )
    ]

    def paid(hired: list[Member], months: int) -> int:
        return sum(
            _employed(m, on)
            and m.employed_since is not None
            and on < _plus_months(m.employed_since, months)
            for m in hired
        )

    ws_paid = paid(taken, value("wage_subsidy.months"))
    ii_paid = paid(incentivised, value("insurance_incentive.months"))
    return {
        "wage_subsidy_hires": len(taken),
        "wage_subsidy_monthly": ws_paid * _per_hire(params, on, "wage_subsidy.rate_bp"),
        "incentive_hires": len(incentivised),
        "incentive_monthly": ii_paid
        * _per_hire(params, on, "insurance_incentive.rate_bp"),
    }


# --- strategies: members hired in and around FY 1399, near the age limits

ON_DAYS = dates(min_value="1399-02-01", max_value="1401-01-31")
HIRE_DAYS = dates(min_value="1398-10-01", max_value="1400-02-31")
HIRE_1399 = dates(min_value="1399-01-01", max_value="1399-12-30")
HIRE = st.sampled_from([HIRE_1399, HIRE_1399, HIRE_DAYS, st.none()])
AGE_AT_HIRE = st.sampled_from([24, 30, 36, 37, 37, 38, 38, 39])
EDUCATION = st.sampled_from([None, *Education, Education.BACHELOR, Education.MASTER])
QUORUM_7 = st.sampled_from([CoopKind.INDUSTRY, CoopKind.SERVICES, CoopKind.MINING])
# most members count on every `on` drawn, so that C2 (7 members) often holds
EARLY = dates(min_value="1390-01-01", max_value="1398-12-01")
MOSTLY = st.sampled_from([True] * 9 + [False])
STATUS = st.sampled_from([Status.ACTIVE, Status.ACTIVE, Status.ACTIVE, None])
DEBTS = st.sampled_from([False, False, None])


@st.composite
def _hire(draw: st.DrawFn, on: dt.date, code: str) -> Member:
    base = draw(members(on=on))
    employed = draw(draw(HIRE))
    joined = draw(EARLY if draw(MOSTLY) else ON_DAYS)
    left = None if draw(MOSTLY) else draw(ON_DAYS)
    update: dict[str, Any] = {
        "national_code": code,
        "joined_on": joined,
        "left_on": left if left is None or left >= joined else None,
        "employed_since": employed,
        "education": draw(EDUCATION),
    }
    if employed is not None:
        y, m, d = _jalali(employed)
        birthday = _gregorian(y - draw(AGE_AT_HIRE), m, d)
        update["birth_date"] = birthday + dt.timedelta(draw(st.integers(-1, 1)))
    return base.model_copy(update=update)


@st.composite
def _cooperative(draw: st.DrawFn, on: dt.date, *, active: bool) -> Cooperative:
    coop = draw(
        cooperatives(
            max_members=0,
            on=on,
            kind=draw(QUORUM_7),
            status=Status.ACTIVE if active else draw(STATUS),
            debts=False if active else draw(DEBTS),
        )
    )
    size = 8 if active else draw(st.sampled_from([0, 2, 7, 8, 8, 8]))
    codes = draw(st.lists(national_codes(), min_size=size, max_size=size, unique=True))
    hired = tuple(draw(_hire(on, code)) for code in codes)
    return coop.model_copy(update={"members": hired})


@st.composite
def _registers(
    draw: st.DrawFn, *, active: bool = False
) -> tuple[list[Cooperative], dt.date]:
    """Draw up to 4 cooperatives and `on`; ``active``: mostly C1-C3, 8 members."""
    on = draw(ON_DAYS)
    coops = draw(
        st.lists(
            _cooperative(on, active=active),
            max_size=4,
            unique_by=lambda c: c.coop_id,
        )
    )
    return coops, on


def _bulk(
    coops: list[Cooperative], on: dt.date, params: ParameterSet
) -> dict[str, np.ndarray]:
    results = evaluate(Register.from_records(coops), on=on, params=params)
    return dict(results.cooperatives)


# --- parity and oracles


@given(data=_registers(), params=PARAM_SETS)
def test_bulk_row_equals_the_scalar_decision(
    params: ParameterSet, data: tuple[list[Cooperative], dt.date]
) -> None:
    """Each column of Art. 7.2-7.3 in bulk equals decide() on that cooperative."""
    coops, on = data
    bulk = _bulk(coops, on, params)
    for i, coop in enumerate(coops):
        amounts = decide(coop, on=on, params=params).amounts
        for name in COLUMNS:
            assert bulk[name][i] == amounts[name], name


@given(data=_registers(), params=PARAM_SETS)
def test_bulk_and_per_member_results_equal_a_plain_reading(
    params: ParameterSet, data: tuple[list[Cooperative], dt.date]
) -> None:
    """Bulk columns and the sums of hires() equal an oracle with jdatetime."""
    coops, on = data
    bulk = _bulk(coops, on, params)
    for i, coop in enumerate(coops):
        eligible = bool(bulk["C1"][i] and bulk["C2"][i] and bulk["C3"][i])
        expected = _expected(coop, on, params, eligible=eligible)
        assert {name: int(bulk[name][i]) for name in COLUMNS} == expected
        per_member = hires(coop, on=on, params=params)
        assert {
            "wage_subsidy_hires": sum(h.is_subsidised for h in per_member),
            "wage_subsidy_monthly": sum(h.wage_subsidy_monthly for h in per_member),
            "incentive_hires": sum(h.is_incentivised for h in per_member),
            "incentive_monthly": sum(h.incentive_monthly for h in per_member),
        } == expected


# --- laws


@given(data=_registers(active=True), params=PARAM_SETS)
def test_the_cap_is_never_exceeded(
    params: ParameterSet, data: tuple[list[Cooperative], dt.date]
) -> None:
    """Subsidised hires ≤ cap_multiple × max(1, members employed on Farvardin 1)."""
    coops, on = data
    bulk = _bulk(coops, on, params)
    first_day = _gregorian(params.value("wage_subsidy.hire_fiscal_year", on), 1, 1)
    multiple = params.value("wage_subsidy.cap_multiple", on)
    for i, coop in enumerate(coops):
        headcount = sum(_employed(m, first_day) for m in coop.members)
        assert bulk["wage_subsidy_hires"][i] <= multiple * max(headcount, 1)


@given(data=_registers(active=True), params=PARAM_SETS)
def test_the_earliest_candidates_win(
    params: ParameterSet, data: tuple[list[Cooperative], dt.date]
) -> None:
    """Every subsidised hire comes before every candidate left out, by date and code."""
    coops, on = data
    for coop in coops:
        started = {m.national_code: m.employed_since for m in coop.members}
        result = hires(coop, on=on, params=params)
        taken = [
            (started[h.national_code], h.national_code)
            for h in result
            if h.is_subsidised
        ]
        left = [
            (started[h.national_code], h.national_code)
            for h in result
            if h.is_candidate and not h.is_subsidised
        ]
        assert all(t.is_candidate for t in result if t.is_subsidised)
        if taken and left:
            assert max(taken) < min(left)


@given(
    rows=st.lists(
        st.tuples(
            st.booleans(),
            st.integers(0, 3),
            st.integers(0, 5),
            st.integers(1, 10**9),
        ),
        max_size=40,
        unique_by=lambda r: r[3],
    ),
    caps=st.lists(st.integers(0, 6), min_size=4, max_size=4),
)
def test_the_vectorised_selection_takes_the_earliest_up_to_each_cap(
    rows: list[tuple[bool, int, int, int]], caps: list[int]
) -> None:
    """take_earliest equals a sort per cooperative, whatever the row order."""
    candidate = np.array([r[0] for r in rows], dtype=bool)
    coop = np.array([r[1] for r in rows], dtype=np.int64)
    start = np.datetime64("2020-03-20", "D")
    employed = start + np.array([r[2] for r in rows], dtype=np.int64)
    code = np.array([r[3] for r in rows], dtype=np.int64)
    taken = take_earliest(candidate, coop, employed, code, np.array(caps))
    expected = set()
    for c, cap in enumerate(caps):
        mine = sorted((r[2], r[3]) for r in rows if r[0] and r[1] == c)
        expected |= {number for _, number in mine[:cap]}
    assert {int(v) for v in code[taken]} == expected


@given(data=_registers(), params=PARAM_SETS)
def test_amounts_are_whole_multiples_of_the_per_hire_amount(
    params: ParameterSet, data: tuple[list[Cooperative], dt.date]
) -> None:
    """A month's amount = k × per-hire amount, with k at most the number of hires."""
    coops, on = data
    bulk = _bulk(coops, on, params)
    pairs = (
        ("wage_subsidy", "wage_subsidy.rate_bp"),
        ("incentive", "insurance_incentive.rate_bp"),
    )
    for prefix, rate_name in pairs:
        per_hire = _per_hire(params, on, rate_name)
        monthly, hired = bulk[f"{prefix}_monthly"], bulk[f"{prefix}_hires"]
        assert (monthly % per_hire == 0).all()
        assert (monthly // per_hire <= hired).all()


@st.composite
def _failing_registers(draw: st.DrawFn) -> tuple[list[Cooperative], dt.date]:
    coops, on = draw(_registers())
    broken = [
        c.model_copy(update={"overdue_debt": 1})
        if draw(st.booleans())
        else c.model_copy(update={"status": Status.INACTIVE})
        for c in coops
    ]
    return broken, on


@given(data=_failing_registers())
def test_nothing_is_paid_when_c1_to_c3_fail(
    data: tuple[list[Cooperative], dt.date],
) -> None:
    """A cooperative with overdue debt or not active gets no hires and no money."""
    coops, on = data
    bulk = _bulk(coops, on, PARAMS)
    for name in COLUMNS:
        assert (bulk[name] == 0).all(), name
    for coop in coops:
        for hire in hires(coop, on=on, params=PARAMS):
            assert not hire.is_subsidised
            assert not hire.is_incentivised
            assert HireReason.COOPERATIVE_INELIGIBLE in hire.wage_subsidy_reasons


# --- worked examples, computed by hand

# min_wage on 1399-xx = 611,809 × 30 = 18,354,270 rials; on 1400-xx = 885,165 × 30
# = 26,554,950 rials.
WS_1399 = 5_506_281  # 18,354,270 × 3,000 / 10,000 = 5,506,281 exactly
II_1399 = 4_221_482  # 18,354,270 × 2,300 / 10,000 = 4,221,482.1 → floor
WS_1400 = 7_966_485  # 26,554,950 × 0.30 = 7,966,485 exactly
II_1400 = 6_107_638  # 26,554,950 × 0.23 = 6,107,638.5 → floor


def _member(n: int, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "national_code": make_national_code(n),
        "gender": "male",
        "birth_date": "1370-01-01",
        "disabled": False,
        "joined_on": "1398-01-01",
        "insured_wage": 0,
    }
    base.update(fields)
    return base


def _coop(hired: list[dict[str, Any]], **fields: Any) -> Cooperative:
    """An industry cooperative: 7 members never employed (the quorum) + ``hired``."""
    quorum = [_member(900 + i) for i in range(7)]
    plain: dict[str, Any] = {
        "coop_id": make_coop_id(1_038_028_479),
        "last_assembly_on": None,
    }
    return example_cooperative(quorum + hired, **{**plain, **fields})


def _one_hire(**fields: Any) -> Cooperative:
    return _coop([_member(1, **fields)])


def _hire_of(coop: Cooperative, on: str) -> Hire:
    return hires(coop, on=on)[-1]


@pytest.mark.parametrize(
    ("employed_since", "in_fy_1399"),
    [
        ("1398-12-29", False),  # the last day of FY 1398 (1398 has 29 days of Esfand)
        ("1399-01-01", True),  # Farvardin 1
        ("1399-12-30", True),  # 1399 is a leap year: Esfand 30 is its last day
        ("1400-01-01", False),
    ],
)
def test_the_hire_year_edges(employed_since: str, in_fy_1399: bool) -> None:
    """Only a start from 1399-01-01 to 1399-12-30 (leap) makes a 1399 hire."""
    coop = _one_hire(employed_since=employed_since, education="master")
    hire = _hire_of(coop, "1401-06-01")
    assert hire.is_candidate is in_fy_1399
    assert hire.is_subsidised is in_fy_1399
    assert hire.is_incentivised is in_fy_1399
    amounts = decide(coop, on="1401-06-01").amounts
    assert amounts["wage_subsidy_hires"] == int(in_fy_1399)
    assert amounts["incentive_hires"] == int(in_fy_1399)
    if not in_fy_1399:
        assert HireReason.HIRED_OUTSIDE_YEAR in hire.wage_subsidy_reasons


@pytest.mark.parametrize(
    ("birth_date", "age", "candidate", "incentivised"),
    [
        ("1362-05-10", 37, True, True),  # 37th birthday on the day of hire
        ("1361-05-11", 37, True, True),  # 38 only the next day
        ("1361-05-10", 38, False, True),  # 38 on the day: too old for 7.2 (≤ 37)
        ("1360-05-11", 38, False, True),  # 39 the next day: still 38 (≤ 38)
        ("1360-05-10", 39, False, False),  # 39 on the day: too old for both
    ],
)
def test_the_age_limits_on_the_day_of_hire(
    birth_date: str,
    age: int,
    candidate: bool,
    incentivised: bool,
) -> None:
    """Ages are full Jalali years on employed_since 1399-05-10 (not on `on`)."""
    assert _age(parse_date(birth_date), parse_date("1399-05-10")) == age
    coop = _one_hire(
        employed_since="1399-05-10", birth_date=birth_date, education="bachelor"
    )
    hire = _hire_of(coop, "1399-06-01")  # a year older on `on` would not matter
    assert hire.is_candidate is candidate
    assert hire.is_incentivised is incentivised
    assert hire.wage_subsidy_monthly == (WS_1399 if candidate else 0)
    assert hire.incentive_monthly == (II_1399 if incentivised else 0)


@pytest.mark.parametrize(
    ("employed_since", "on", "subsidy", "incentive"),
    [
        ("1399-03-10", "1399-03-09", 0, 0),  # not yet employed
        ("1399-03-10", "1399-03-10", WS_1399, II_1399),  # the first day is paid
        ("1399-03-10", "1400-03-09", WS_1400, II_1400),  # the 12th month's last day
        ("1399-03-10", "1400-03-10", 0, II_1400),  # = employed_since + 12 months
        ("1399-03-10", "1401-03-09", 0, II_1400),  # 1401 keeps the 1400 wage
        ("1399-03-10", "1401-03-10", 0, 0),  # = employed_since + 24 months
        ("1399-12-30", "1400-12-28", WS_1400, II_1400),
        ("1399-12-30", "1400-12-29", 0, II_1400),  # + 12 months: 1400-12-29 (clamped)
        ("1399-06-31", "1401-06-30", 0, II_1400),  # + 24 months: 1401-06-31 exists
        ("1399-06-31", "1401-06-31", 0, 0),
    ],
)
def test_the_paid_months_end_on_the_same_day_months_later(
    employed_since: str, on: str, subsidy: int, incentive: int
) -> None:
    """`on` must be before employed_since + 12 (7.2) or + 24 (7.3) Jalali months."""
    coop = _one_hire(employed_since=employed_since, education="doctorate")
    amounts = decide(coop, on=on).amounts
    assert amounts["wage_subsidy_monthly"] == subsidy
    assert amounts["incentive_monthly"] == incentive
    hire = _hire_of(coop, on)
    assert (hire.wage_subsidy_monthly, hire.incentive_monthly) == (subsidy, incentive)


def _docs_example() -> Cooperative:
    """The docs' example: one employee on 1399-01-01 (cap 5) and seven hires."""
    return _coop(
        [
            _member(1, employed_since="1397-07-01", education="diploma"),
            _member(2, employed_since="1399-02-01", education="diploma"),
            _member(3, employed_since="1399-02-10", education="associate"),
            _member(4, employed_since="1399-03-15", education="bachelor"),
            _member(
                5,
                employed_since="1399-04-01",
                education="master",
                birth_date="1361-04-01",
            ),
            _member(6, employed_since="1399-05-20", education="diploma"),
            _member(7, employed_since="1399-06-01", education="bachelor"),
            _member(8, employed_since="1399-06-10", education="none"),
            _member(9, employed_since="1399-06-01", education="diploma"),
        ]
    )


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        # candidates: 2, 3, 4, 6, 7 and 9 (5 is 38 on its hire day, 8 has no diploma);
        # cap = 5 × 1 (member 1 only is employed on 1399-01-01); 7 and 9 tie on
        # 1399-06-01 and 7's national code is smaller: 2, 3, 4, 6, 7 are taken.
        # Incentivised (bachelor or higher, ≤ 38): 4, 5 and 7.
        ("1399-06-15", (5, 5 * WS_1399, 3, 3 * II_1399)),
        # 2 and 3 are past their 12 months (1400-02-01, 1400-02-10); 4, 6, 7 paid.
        ("1400-02-15", (5, 3 * WS_1400, 3, 3 * II_1400)),
        # 4 reaches 1400-03-15 = its employed_since + 12 months: no longer paid.
        ("1400-03-15", (5, 2 * WS_1400, 3, 3 * II_1400)),
    ],
)
def test_worked_example_of_the_docs(on: str, expected: tuple[int, ...]) -> None:
    """Cap 5 binds: the earliest five of six candidates are subsidised."""
    assert make_national_code(7) < make_national_code(9)
    amounts = decide(_docs_example(), on=on).amounts
    assert tuple(amounts[name] for name in COLUMNS) == expected
    assert (5 * WS_1399, 3 * II_1399) == (27_531_405, 12_664_446)


def test_the_per_member_view_says_why() -> None:
    """hires() names the reasons: too old, no diploma, over the cap."""
    result = {h.national_code: h for h in hires(_docs_example(), on="1399-06-15")}
    code = make_national_code
    assert result[code(1)].wage_subsidy_reasons == (HireReason.HIRED_OUTSIDE_YEAR,)
    assert result[code(5)].wage_subsidy_reasons == (HireReason.TOO_OLD,)
    assert result[code(5)].is_incentivised
    assert result[code(8)].wage_subsidy_reasons == (HireReason.EDUCATION_TOO_LOW,)
    assert result[code(9)].is_candidate
    assert result[code(9)].wage_subsidy_reasons == (HireReason.OVER_CAP,)
    assert result[code(900)].wage_subsidy_reasons == (
        HireReason.NOT_HIRED,
        HireReason.EDUCATION_NOT_RECORDED,
    )
    assert HireReason.OVER_CAP.describe() == "beyond the cap of subsidised hires"


def test_a_hire_on_farvardin_1_also_counts_in_the_headcount() -> None:
    """Employed on 1399-01-01 is employed on the first day: the cap grows to 10."""
    hired = [
        _member(10 + i, employed_since=f"1399-02-{i + 1:02d}", education="diploma")
        for i in range(10)
    ]
    without = _coop(hired)
    # no one employed on 1399-01-01: cap = 5 × max(0, 1) = 5
    assert decide(without, on="1399-06-01").amounts["wage_subsidy_hires"] == 5
    with_first_day = _coop(
        [*hired, _member(1, employed_since="1399-01-01", education="diploma")]
    )
    # member 1 is in the headcount (cap 5 × 1 = 5) and is the earliest candidate
    assert decide(with_first_day, on="1399-06-01").amounts["wage_subsidy_hires"] == 5
    assert _hire_of(with_first_day, "1399-06-01").is_subsidised
    two = _coop(
        [
            *hired,
            _member(1, employed_since="1399-01-01", education="diploma"),
            _member(2, employed_since="1398-06-01", education="diploma"),
        ]
    )
    # ... and with a second employee on 1399-01-01 the cap is 5 × 2 = 10, 11 candidates
    assert decide(two, on="1399-06-01").amounts["wage_subsidy_hires"] == 10


def test_a_cooperative_in_debt_pays_nothing() -> None:
    """Overdue debt fails C3: every amount of Art. 7.2-7.3 is 0 (Art. 0.5)."""
    coop = _docs_example().model_copy(update={"overdue_debt": 1})
    amounts = decide(coop, on="1399-06-15").amounts
    assert all(amounts[name] == 0 for name in COLUMNS)


def test_the_columns_follow_the_contract_order() -> None:
    """low_income_aid, then the four hiring columns, after the premium columns."""
    wanted = ["premium_discount", "low_income_aid", *COLUMNS]
    results = evaluate(Register.from_records([_docs_example()]), on="1399-06-15")
    names = list(results.cooperatives)
    start = names.index("premium_discount")
    assert names[start : start + len(wanted)] == wanted
    assert not [name for name in names if name.startswith("_")]
    amounts = list(decide(_docs_example(), on="1399-06-15").amounts)
    start = amounts.index("premium_discount")
    assert amounts[start : start + len(wanted)] == wanted


def test_the_step_without_its_member_columns_computes_them_itself() -> None:
    """Given only the outputs it reads, the wage-subsidy step evaluates its tests.

    Its member tests (the headcount on Farvardin 1 included) then give the bulk
    run's columns.
    """
    register = generate(3000, seed=4)
    day = dt.date(2020, 9, 5)
    inputs = {
        o.name: o.expr
        for o in COOPERATIVE_OUTPUTS
        if o.name in {"_hiring_eligible", "_wage_subsidy_per_hire"}
    }
    context = VectorContext(register=register, on=day, params=PARAMS)
    values = evaluate_many(list(inputs.values()), context)
    columns = {k: np.asarray(v.values) for k, v in zip(inputs, values, strict=True)}
    on_days = np.full(register.n_cooperatives, np.datetime64(day, "D"))
    produced = WAGE_SUBSIDY_STEP.run(register, columns, on_days, PARAMS)
    results = evaluate(register, on=day, params=PARAMS).cooperatives
    assert int(results["wage_subsidy_hires"].sum()) > 0
    assert set(produced) == {"wage_subsidy_hires", "wage_subsidy_monthly"}
    for name, column in produced.items():
        assert np.array_equal(column, results[name]), name
