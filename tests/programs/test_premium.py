"""Art. 5 insurance premiums and discount: parity, laws, worked examples."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jdatetime
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopmodel.decisions._decide import decide
from coopmodel.decisions._evaluate import evaluate
from coopmodel.parameters import load_parameters
from coopmodel.programs._premium import (
    CONDITIONS,
    MemberPremium,
    decide_discount,
    member_premiums,
)
from coopmodel.records import Cooperative, Member, Status
from coopmodel.register import Register
from coopmodel.testing import cooperatives, dates, example_cooperative
from coopmodel.values import make_national_code, parse_date

PARAMS = load_parameters()
COLUMNS = (
    "premium_employee",
    "premium_employer",
    "premium_unemployment",
    "premium_government",
    "premium_discount",
)
#: Reforms of the discount rate, in force on every day (a single value).
DISCOUNT_BP = (0, 1, 2_000, 5_000, 9_999, 10_000)
REFORMS = {bp: PARAMS.with_reform({"premium.discount_bp": bp}) for bp in DISCOUNT_BP}

# --- an independent oracle: the rulebook's figures, jdatetime and Python ints

#: Art. 5.3: the minimum daily wage by (Jalali) start date.
MIN_DAILY = ((1396, 309_977), (1399, 611_809), (1400, 885_165))
#: Art. 5.1: shares in bp, and the ceiling multiple.
SHARES_BP = {"employee": 700, "employer": 2_000, "unemployment": 300, "government": 300}
CEILING_MULTIPLE = 7


def _jalali(day: dt.date) -> tuple[int, int, int]:
    j = jdatetime.date.fromgregorian(date=day)
    return int(j.year), int(j.month), int(j.day)


def _month_days(day: dt.date) -> int:
    """Art. 5.1: the days of the Jalali month of ``day``, from jdatetime alone."""
    year, month, _ = _jalali(day)
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if jdatetime.date(year, 1, 1).isleap() else 29


def _min_daily(day: dt.date) -> int:
    year = _jalali(day)[0]
    return [wage for start, wage in MIN_DAILY if start <= year][-1]


def _discount_bp(day: dt.date) -> int:
    """Art. 5.2: 20 % from 1399-01-01, 0 before."""
    return 2_000 if _jalali(day)[0] >= 1399 else 0


def _employed(m: Member, day: dt.date) -> bool:
    """Art. 2.1, 2.3 by hand: employed since then, joined, and not yet left."""
    return (
        m.employed_since is not None
        and m.employed_since <= day
        and m.joined_on <= day
        and (m.left_on is None or day < m.left_on)
    )


def _d1(coop: Cooperative, day: dt.date) -> bool:
    """Art. 2.5 C1 and C3 by hand."""
    return (
        coop.status.value == "active"
        and coop.registered_on <= day
        and coop.overdue_debt == 0
        and coop.insurance_arrears == 0
    )


def _d2(coop: Cooperative, day: dt.date) -> bool:
    """Art. 2.4 by hand: knowledge-based, or half the counted members disabled/women."""
    counted = [
        m
        for m in coop.members
        if m.joined_on <= day and (m.left_on is None or day < m.left_on)
    ]
    n = len(counted)
    women = sum(m.gender.value == "female" for m in counted)
    disabled = sum(m.disabled for m in counted)
    kb = (
        coop.kb_certified_from is not None
        and coop.kb_certified_until is not None
        and coop.kb_certified_from <= day <= coop.kb_certified_until
    )
    return kb or (
        n > 0 and (women * 10_000 >= n * 5_000 or disabled * 10_000 >= n * 5_000)
    )


def _oracle(
    coop: Cooperative, day: dt.date, discount_bp: int | None = None
) -> list[dict[str, Any]]:
    """Art. 5.1-5.2 member by member, with Python ints."""
    days = _month_days(day)
    floor_wage = _min_daily(day) * days
    ceiling_wage = CEILING_MULTIPLE * floor_wage
    bp = _discount_bp(day) if discount_bp is None else discount_bp
    applies = _d1(coop, day) and _d2(coop, day)
    rows = []
    for m in coop.members:
        if not _employed(m, day):
            continue
        w = min(max(m.insured_wage, floor_wage), ceiling_wage)
        shares = {k: w * bp_ // 10_000 for k, bp_ in SHARES_BP.items()}
        discount = shares["employer"] * bp // 10_000 if applies else 0
        rows.append(
            {"national_code": m.national_code, "days": days, "w": w, **shares}
            | {"discount": discount}
        )
    return rows


def _oracle_totals(
    coop: Cooperative, day: dt.date, discount_bp: int | None = None
) -> dict[str, int]:
    rows = _oracle(coop, day, discount_bp)
    return {
        f"premium_{k}": sum(r[k] for r in rows)
        for k in ("employee", "employer", "unemployment", "government", "discount")
    }


# --- strategies: wages on and around the floor and ceiling of on's month

ON_DAYS = dates(min_value="1397-10-01", max_value="1401-12-29")
_DEBTS = st.sampled_from([False, False, None])
_STATUS = st.sampled_from([Status.ACTIVE, None])


def _wages(on: dt.date) -> st.SearchStrategy[int]:
    floor_wage = _min_daily(on) * _month_days(on)
    edges = [
        bound + delta
        for bound in (floor_wage, CEILING_MULTIPLE * floor_wage)
        for delta in (-1, 0, 1)
    ]
    return st.one_of(
        st.just(0),
        st.sampled_from(edges),
        st.integers(0, floor_wage),
        st.integers(floor_wage, CEILING_MULTIPLE * floor_wage),
        st.integers(CEILING_MULTIPLE * floor_wage, 2_000_000_000),
    )


@st.composite
def _cooperatives(draw: st.DrawFn, on: dt.date) -> Cooperative:
    """Draw a cooperative whose members are mostly employed on ``on``."""
    coop = draw(
        cooperatives(
            min_members=1,
            max_members=6,
            on=on,
            debts=draw(_DEBTS),
            status=draw(_STATUS),
        )
    )
    wages = _wages(on)
    members = []
    for m in coop.members:
        update: dict[str, Any] = {"insured_wage": draw(wages)}
        if m.joined_on <= on and draw(st.booleans()):
            update["employed_since"] = draw(dates(min_value=m.joined_on, max_value=on))
        members.append(m.model_copy(update=update))
    return coop.model_copy(update={"members": tuple(members)})


@st.composite
def _registers(draw: st.DrawFn) -> tuple[dt.date, list[Cooperative]]:
    on = draw(ON_DAYS)
    coops = draw(st.lists(_cooperatives(on), max_size=4, unique_by=lambda c: c.coop_id))
    return on, coops


# --- parity


@given(data=_registers())
def test_bulk_premium_columns_equal_the_scalar_decision(
    data: tuple[dt.date, list[Cooperative]],
) -> None:
    """Each premium column of evaluate() equals decide() and decide_discount()."""
    on, coops = data
    results = evaluate(Register.from_records(coops), on=on, params=PARAMS)
    for i, coop in enumerate(coops):
        amounts = decide(coop, on=on, params=PARAMS).amounts
        discount = decide_discount(coop, on=on, params=PARAMS)
        for name in COLUMNS:
            assert int(results.cooperatives[name][i]) == amounts[name], name
            assert discount.amounts[name] == amounts[name], name


@given(data=_registers())
def test_member_premiums_sum_to_the_cooperative_columns(
    data: tuple[dt.date, list[Cooperative]],
) -> None:
    """The per-member figures add up to the cooperative's exact sums (Art. 5.4)."""
    on, coops = data
    for coop in coops:
        rows = member_premiums(coop, on=on, params=PARAMS)
        amounts = decide(coop, on=on, params=PARAMS).amounts
        assert sum(r.employee_share for r in rows) == amounts["premium_employee"]
        assert sum(r.employer_share for r in rows) == amounts["premium_employer"]
        assert (
            sum(r.unemployment_share for r in rows) == amounts["premium_unemployment"]
        )
        assert sum(r.government_share for r in rows) == amounts["premium_government"]
        assert sum(r.discount for r in rows) == amounts["premium_discount"]


# --- laws


@given(data=_registers())
def test_every_share_matches_art_5_by_hand(
    data: tuple[dt.date, list[Cooperative]],
) -> None:
    """Days, w, the four shares and the discount equal a Python-int reading of Art. 5."""
    on, coops = data
    results = evaluate(Register.from_records(coops), on=on, params=PARAMS)
    for i, coop in enumerate(coops):
        expected = [
            MemberPremium(
                national_code=r["national_code"],
                days=r["days"],
                insurable_wage=r["w"],
                employee_share=r["employee"],
                employer_share=r["employer"],
                unemployment_share=r["unemployment"],
                government_share=r["government"],
                discount=r["discount"],
                employer_payable=r["employer"] - r["discount"],
            )
            for r in _oracle(coop, on)
        ]
        assert list(member_premiums(coop, on=on, params=PARAMS)) == expected
        totals = _oracle_totals(coop, on)
        for name in COLUMNS:
            assert int(results.cooperatives[name][i]) == totals[name], name


@given(data=_registers(), bp=st.sampled_from(DISCOUNT_BP))
def test_member_figures_obey_the_bounds_of_art_5(
    data: tuple[dt.date, list[Cooperative]], bp: int
) -> None:
    """Floor ≤ w ≤ 7·floor; 0 ≤ discount ≤ employer; the cooperative pays ≥ 0."""
    on, coops = data
    floor_wage = _min_daily(on) * _month_days(on)
    for coop in coops:
        for row in member_premiums(coop, on=on, params=REFORMS[bp]):
            assert floor_wage <= row.insurable_wage <= 7 * floor_wage
            assert 0 <= row.discount <= row.employer_share
            assert row.employer_payable == row.employer_share - row.discount
            assert row.employer_payable >= 0
        totals = decide_discount(coop, on=on, params=REFORMS[bp]).amounts
        assert totals == _oracle_totals(coop, on, bp)


@given(data=_registers())
def test_no_discount_before_1399_or_when_d1_or_d2_fails(
    data: tuple[dt.date, list[Cooperative]],
) -> None:
    """The discount is 0 before 1399-01-01, and whenever D1 or D2 fails."""
    on, coops = data
    for coop in coops:
        decision = decide_discount(coop, on=on, params=PARAMS)
        assert decision.failed == tuple(
            code
            for code, holds in (("D1", _d1(coop, on)), ("D2", _d2(coop, on)))
            if not holds
        )
        if _jalali(on)[0] < 1399 or not decision.eligible:
            assert decision.amounts["premium_discount"] == 0
            assert all(r.discount == 0 for r in member_premiums(coop, on=on))


@given(data=_registers(), bp=st.sampled_from(DISCOUNT_BP))
def test_d1_and_d2_do_not_depend_on_the_discount_rate(
    data: tuple[dt.date, list[Cooperative]], bp: int
) -> None:
    """A reform of discount_bp changes the discount only, never D1/D2 or the shares."""
    on, coops = data
    for coop in coops:
        base = decide_discount(coop, on=on, params=PARAMS)
        reformed = decide_discount(coop, on=on, params=REFORMS[bp])
        assert reformed.failed == base.failed
        for name in COLUMNS[:-1]:
            assert reformed.amounts[name] == base.amounts[name]


@given(day=dates(min_value="1396-01-01", max_value="1410-12-29"))
def test_days_are_the_length_of_the_jalali_month_of_on(day: dt.date) -> None:
    """A member on the floor is priced for exactly the days of on's Jalali month."""
    always = {
        **_member(1, 0),
        "joined_on": "1390-01-01",
        "employed_since": "1390-01-01",
    }
    (row,) = member_premiums(_coop([always]), on=day)
    assert row.days == _month_days(day)
    assert row.insurable_wage == _min_daily(day) * row.days


# --- worked examples (the docs' example), by hand


def _member(
    i: int, wage: int, *, gender: str = "female", employed: bool = True
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "national_code": make_national_code(100 + i),
        "gender": gender,
        "birth_date": "1370-01-01",
        "disabled": False,
        "joined_on": "1397-01-01",
        "insured_wage": wage,
    }
    if employed:
        data["employed_since"] = "1398-01-01"
    return data


def _coop(members: list[dict[str, Any]], **fields: Any) -> Cooperative:
    plain: dict[str, Any] = {
        "registered_on": "1395-01-01",
        "equity": 500_000_000,
        "last_assembly_on": "1399-03-01",
    }
    return example_cooperative(members, **{**plain, **fields})


#: The docs' women's cooperative: three employed women (below the floor, above the
#: ceiling, in between) and a man who is not employed (share of women 3/4).
WEAVERS = [
    _member(1, 10_000_000),
    _member(2, 250_000_000),
    _member(3, 60_000_000),
    _member(4, 0, gender="male", employed=False),
]


def _shares(rows: tuple[MemberPremium, ...]) -> list[tuple[int, ...]]:
    return [
        (
            r.days,
            r.insurable_wage,
            r.employee_share,
            r.employer_share,
            r.unemployment_share,
            r.government_share,
            r.discount,
        )
        for r in rows
    ]


# 1399: min_daily 611,809. A 30-day month: floor 611,809 · 30 = 18,354,270,
# ceiling 7 · 18,354,270 = 128,479,890.
#   w                employee 7 %    employer 20 %   unemployment 3 %  gov 3 %    discount 20 %
#   18,354,270       1,284,798.9     3,670,854       550,628.1         550,628    734,170.8
#   128,479,890      8,993,592.3     25,695,978      3,854,396.7       3,854,396  5,139,195.6
#   60,000,000       4,200,000       12,000,000      1,800,000         1,800,000  2,400,000
_DAYS_30_1399 = [
    (30, 18_354_270, 1_284_798, 3_670_854, 550_628, 550_628, 734_170),
    (30, 128_479_890, 8_993_592, 25_695_978, 3_854_396, 3_854_396, 5_139_195),
    (30, 60_000_000, 4_200_000, 12_000_000, 1_800_000, 1_800_000, 2_400_000),
]
# 1400: min_daily 885,165. Esfand 1400 has 29 days: floor 885,165 · 29 = 25,669,785,
# ceiling 7 · 25,669,785 = 179,688,495.
#   25,669,785       1,796,884.95    5,133,957       770,093.55        770,093    1,026,791.4
#   179,688,495      12,578,194.65   35,937,699      5,390,654.85      5,390,654  7,187,539.8
#   60,000,000       4,200,000       12,000,000      1,800,000         1,800,000  2,400,000
_ESFAND_1400 = [
    (29, 25_669_785, 1_796_884, 5_133_957, 770_093, 770_093, 1_026_791),
    (29, 179_688_495, 12_578_194, 35_937_699, 5_390_654, 5_390_654, 7_187_539),
    (29, 60_000_000, 4_200_000, 12_000_000, 1_800_000, 1_800_000, 2_400_000),
]


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("1399-07-15", _DAYS_30_1399),  # Mehr: 30 days
        ("1399-12-30", _DAYS_30_1399),  # Esfand of leap 1399: 30 days
        ("1400-12-29", _ESFAND_1400),  # Esfand of 1400: 29 days
    ],
)
def test_worked_example_per_member(on: str, expected: list[tuple[int, ...]]) -> None:
    """The docs' three employed women, floor/ceiling/in between, priced by hand."""
    assert _shares(member_premiums(_coop(WEAVERS), on=on)) == expected


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        # 1,284,798 + 8,993,592 + 4,200,000 = 14,478,390; employer 41,366,832;
        # 550,628 + 3,854,396 + 1,800,000 = 6,205,024; discount 734,170 + 5,139,195
        # + 2,400,000 = 8,273,365 (20 % of the total, 8,273,366.4, would round to one
        # rial more: the discount is floored per member, Art. 5.2)
        ("1399-07-15", (14_478_390, 41_366_832, 6_205_024, 6_205_024, 8_273_365)),
        ("1399-12-30", (14_478_390, 41_366_832, 6_205_024, 6_205_024, 8_273_365)),
        # 1,796,884 + 12,578,194 + 4,200,000 = 18,575,078; employer 53,071,656;
        # 770,093 + 5,390,654 + 1,800,000 = 7,960,747; discount 10,614,330
        ("1400-12-29", (18_575_078, 53_071_656, 7_960_747, 7_960_747, 10_614_330)),
    ],
)
def test_worked_example_cooperative_totals(on: str, expected: tuple[int, ...]) -> None:
    """The cooperative's columns are the sums of the members' floored figures."""
    amounts = decide(_coop(WEAVERS), on=on).amounts
    assert tuple(amounts[c] for c in COLUMNS) == expected


def test_farvardin_has_31_days_and_the_1400_wage() -> None:
    """1400-01-01: floor 885,165 · 31 = 27,440,115; ceiling 7 × that = 192,080,805."""
    rows = member_premiums(_coop(WEAVERS), on="1400-01-01")
    assert [(r.days, r.insurable_wage) for r in rows] == [
        (31, 27_440_115),
        (31, 192_080_805),
        (31, 60_000_000),
    ]


def test_last_day_of_1398_has_no_discount_and_the_1396_wage() -> None:
    """1398-12-29: Esfand of 1398 has 29 days; min_daily 309,977; discount_bp 0."""
    rows = member_premiums(_coop(WEAVERS), on="1398-12-29")
    # floor 309,977 · 29 = 8,989,333 < 10,000,000; ceiling 7 · 8,989,333 = 62,925,331
    assert [(r.days, r.insurable_wage, r.discount) for r in rows] == [
        (29, 10_000_000, 0),
        (29, 62_925_331, 0),
        (29, 60_000_000, 0),
    ]
    decision = decide_discount(_coop(WEAVERS), on="1398-12-29")
    assert decision.eligible  # D1 and D2 hold; the rate is 0 bp before 1399
    assert decision.amounts["premium_discount"] == 0


def test_insurance_arrears_fail_d1_and_cancel_the_discount() -> None:
    """Arrears break C3, so D1 fails; the shares stay, the discount is 0."""
    decision = decide_discount(_coop(WEAVERS, insurance_arrears=1), on="1399-07-15")
    assert decision.failed == ("D1",)
    assert decision.amounts["premium_employer"] == 41_366_832
    assert decision.amounts["premium_discount"] == 0
    assert "insurance_arrears 1 ≠ 0" in decision.explain()


def test_a_mens_cooperative_fails_d2_and_says_why() -> None:
    """Men only, no certificate, no disabled members: D2 fails and shows the counts."""
    men = [{**m, "gender": "male"} for m in WEAVERS]
    decision = decide_discount(_coop(men), on="1399-07-15")
    assert decision.failed == ("D2",)
    assert decision.amounts["premium_discount"] == 0
    text = decision.explain()
    assert "female members 0 × 10,000 < counted members 4 × 5000" in text
    assert "disabled members 0 × 10,000 < counted members 4 × 5000" in text


def test_a_knowledge_based_mens_cooperative_gets_the_discount() -> None:
    """A certificate valid on `on` satisfies D2 whatever the members."""
    men = [{**m, "gender": "male"} for m in WEAVERS]
    coop = _coop(men, kb_certified_from="1399-01-01", kb_certified_until="1400-12-29")
    decision = decide_discount(coop, on="1399-07-15")
    assert decision.eligible
    assert decision.amounts["premium_discount"] == 8_273_365


def test_a_member_employed_after_on_or_gone_by_on_is_not_priced() -> None:
    """employed_since after on, or left_on ≤ on, leaves the member out (Art. 2.3)."""
    later = {**_member(5, 60_000_000), "employed_since": "1399-07-16"}
    gone = {**_member(6, 60_000_000), "left_on": "1399-07-15"}
    coop = _coop([*WEAVERS, later, gone])
    codes = [r.national_code for r in member_premiums(coop, on="1399-07-15")]
    assert codes == [make_national_code(101 + i) for i in range(3)]


def test_conditions_carry_codes_and_article() -> None:
    """D1 and D2 are the stable codes of Art. 5.2."""
    assert [(c.code, c.article) for c in CONDITIONS] == [("D1", "5.2"), ("D2", "5.2")]


def test_the_explanation_is_available_in_persian() -> None:
    """The Persian rendering names the verdict and the Persian condition titles."""
    text = decide_discount(_coop(WEAVERS), on="1399-07-15").explain("fa")
    assert "مشمول تخفیف" in text
    assert "تعاونی زنان" in text
    assert "۱۳۹۹-۰۷-۱۵" in text


def test_on_accepts_every_date_form() -> None:
    """A Gregorian date and Persian digits price the same month as the Jalali text."""
    coop = _coop(WEAVERS)
    expected = member_premiums(coop, on="1399-07-15")
    assert member_premiums(coop, on=parse_date("1399-07-15")) == expected
    assert member_premiums(coop, on="۱۳۹۹/۰۷/۱۵") == expected


def test_parameters_are_read_not_hard_coded() -> None:
    """A reform of the minimum daily wage moves the floor of the month."""
    reform = PARAMS.with_reform({"premium.min_daily_wage": {"1399-01-01": 1_000_000}})
    (row, *_) = member_premiums(_coop(WEAVERS), on="1399-07-15", params=reform)
    assert row.insurable_wage == 30_000_000
