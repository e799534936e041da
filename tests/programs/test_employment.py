"""Art. 4 employment-linked financing: parity, laws, worked examples, plan, clawback."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from fractions import Fraction
from typing import Any

import jdatetime
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopmodel import IntegerOverflowError, ParameterError
from coopmodel.decisions._decide import Decision, _finish_columns, decide
from coopmodel.decisions._evaluate import evaluate
from coopmodel.parameters import ParameterSet, load_parameters
from coopmodel.programs._catalogue import APPLICATION_PROGRAMS
from coopmodel.programs._employment import (
    annuity_installment,
    annuity_installment_array,
    clawback,
    clawback_due_on,
    repayment_plan,
)
from coopmodel.records import (
    Application,
    Cooperative,
    CoopKind,
    Member,
    Program,
    Status,
)
from coopmodel.register import Register
from coopmodel.testing import applications, cooperatives, dates
from coopmodel.values import make_coop_id, make_national_code, parse_date

PARAMS = load_parameters()
ON = parse_date("1400-06-15")
#: Application days from 1396-01-01 to 1401-12-29, so per-job amounts change in 1399.
DAYS = dates(min_value="1396-01-01", max_value="1401-12-29")
AMOUNTS = ("approved", "interest_only", "installment", "subsidy")
OTHER_AMOUNTS = ("fee", "grant", "rank", "allocated")
#: Requests and jobs that lean to approval, with the edges of E1, E2 and the cap.
REQUESTED = st.sampled_from([0, 1, 20_000_000_000]) | st.integers(1, 30 * 10**9)
JOBS = st.sampled_from([0, 1, 20, 200, 201]) | st.integers(1, 40)


def _members(count: int) -> list[Member]:
    return [
        Member.from_data(
            {
                "national_code": make_national_code(700 + i),
                "gender": "male",
                "birth_date": "1370-01-01",
                "disabled": False,
                "joined_on": "1396-01-01",
                "insured_wage": 0,
            }
        )
        for i in range(count)
    ]


def _coop(**fields: Any) -> Cooperative:
    base: dict[str, Any] = {
        "coop_id": make_coop_id(1_020_000_001),
        "name": "Baneh Makers",
        "kind": "industry",
        "province": "kurdistan",
        "less_developed": False,
        "border": True,
        "status": "active",
        "registered_on": "1395-01-01",
        "equity": 0,
        "outstanding_guarantees": 0,
        "overdue_debt": 0,
        "insurance_arrears": 0,
        "last_assembly_on": "1398-11-20",
        "kb_certified_from": "1398-01-01",
        "kb_certified_until": "1400-12-29",
        "members": _members(9),
    }
    base.update(fields)
    return Cooperative.from_data(base)


def _app(coop: Cooperative, **fields: Any) -> Application:
    base: dict[str, Any] = {
        "coop_id": coop.coop_id,
        "program": "employment",
        "applied_on": "1399-05-10",
        "requested_amount": 15_000_000_000,
        "jobs_committed": 12,
    }
    base.update(fields)
    return Application.from_data(base)


def _decide(params: ParameterSet = PARAMS, **fields: Any) -> Decision:
    coop_fields = {k: v for k, v in fields.items() if k not in _APP_FIELDS}
    app_fields = {k: v for k, v in fields.items() if k in _APP_FIELDS}
    coop = _coop(**coop_fields)
    return decide(coop, _app(coop, **app_fields), params=params)


_APP_FIELDS = frozenset({"applied_on", "requested_amount", "jobs_committed"})

# --- independent oracles (Python ints and floats, straight from Art. 4) -------------


def _ceil_div(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)


def _exact_installment(principal: int, rate_bp: int, months: int) -> Fraction:
    """Art. 4.4 on exact rationals: P·r / (1 − (1+r)^−n), r = rate_bp / 120,000."""
    r = Fraction(rate_bp, 120_000)
    return principal * r / (1 - (1 + r) ** -months)


def _float_installment(principal: int, rate_bp: int, months: int) -> int:
    """Art. 4.4's float64 rule written in plain Python, in the rulebook's order."""
    if principal == 0:
        return 0
    if rate_bp == 0:
        return _ceil_div(principal, months)
    r = rate_bp / 120_000
    return math.ceil((principal * r) / (1.0 - (1.0 + r) ** -months))


def _is_knowledge_based(coop: Cooperative, on: dt.date) -> bool:
    start, end = coop.kb_certified_from, coop.kb_certified_until
    return start is not None and end is not None and start <= on <= end


def _expected(
    coop: Cooperative, app: Application, *, eligible: bool, params: ParameterSet
) -> dict[str, int]:
    """Every amount of Art. 4.2-4.4 for one application, from the record alone."""
    on = app.applied_on
    area = (
        "less_developed_or_border" if coop.less_developed or coop.border else "standard"
    )
    per_job = params.value(f"employment.per_job.{area}", on)
    cap = params.value("employment.max_per_project", on)
    principal = (
        min(app.requested_amount, per_job * app.jobs_committed, cap) if eligible else 0
    )
    base = params.value(
        "employment.rate_bp.border" if coop.border else "employment.rate_bp.standard",
        on,
    )
    reduction = params.value("employment.knowledge_based_reduction_bp", on)
    own_bp = max(0, base - (reduction if _is_knowledge_based(coop, on) else 0))
    market_bp = params.value("employment.market_rate_bp", on)
    m = params.value("employment.interest_only_months", on)
    n = params.value("employment.installment_months", on)

    def total_interest(rate_bp: int) -> int:
        interest = _ceil_div(principal * rate_bp, 120_000)
        return m * interest + n * _float_installment(principal, rate_bp, n) - principal

    return {
        "approved": principal,
        "interest_only": _ceil_div(principal * own_bp, 120_000),
        "installment": _float_installment(principal, own_bp, n),
        "subsidy": total_interest(market_bp) - total_interest(own_bp),
        "_own_bp": own_bp,
        "_market_bp": market_bp,
    }


# --- generated registers ------------------------------------------------------------


@st.composite
def _register(draw: st.DrawFn) -> tuple[list[Cooperative], list[Application]]:
    """Up to 5 cooperatives, each with an employment application on its own day."""
    coops: list[Cooperative] = []
    apps: list[Application] = []
    for _ in range(draw(st.integers(1, 5))):
        day = draw(DAYS)
        if draw(st.booleans()):
            # leaning eligible: an active industrial cooperative with no debts, enough
            # members and an assembly within the last fiscal year
            coop = draw(
                cooperatives(
                    on=day,
                    min_members=8,
                    max_members=8,
                    debts=False,
                    assembly=True,
                    status=Status.ACTIVE,
                    kind=CoopKind.INDUSTRY,
                )
            )
            members = tuple(
                m.model_copy(
                    update={"joined_on": min(m.joined_on, day), "left_on": None}
                )
                for m in coop.members
            )
            assembly = day - dt.timedelta(days=draw(st.integers(0, 330)))
            coop = coop.model_copy(
                update={"last_assembly_on": assembly, "members": members}
            )
            app = Application(
                coop_id=coop.coop_id,
                program=Program.EMPLOYMENT,
                applied_on=day,
                requested_amount=draw(REQUESTED),
                jobs_committed=draw(JOBS),
            )
        else:
            coop = draw(cooperatives(on=day, max_members=8))
            app = draw(
                applications(coop_id=coop.coop_id, program=Program.EMPLOYMENT, on=day)
            )
        if any(c.coop_id == coop.coop_id for c in coops):
            continue
        coops.append(coop)
        apps.append(app)
    return coops, apps


def _rows(
    coops: list[Cooperative], apps: list[Application], params: ParameterSet
) -> list[tuple[Cooperative, Application, dict[str, Any]]]:
    register = Register.from_records(coops, apps)
    columns = evaluate(register, on=ON, params=params).applications
    by_id = {c.coop_id: c for c in coops}
    return [
        (by_id[app.coop_id], app, {k: v[i].item() for k, v in columns.items()})
        for i, app in enumerate(register.to_records()[1])
    ]


@given(data=_register())
def test_bulk_row_equals_the_scalar_decision_field_by_field(
    data: tuple[list[Cooperative], list[Application]],
) -> None:
    """approved, interest_only, installment, subsidy, eligible, failed agree."""
    coops, apps = data
    register = Register.from_records(coops, apps)
    results = evaluate(register, on=ON, params=PARAMS)
    by_id = {c.coop_id: c for c in coops}
    for i, app in enumerate(register.to_records()[1]):
        decision = decide(by_id[app.coop_id], app, params=PARAMS)
        for name in AMOUNTS:
            assert results.applications[name][i] == decision.amounts[name], name
        assert results.applications["eligible"][i] == decision.eligible
        assert results.failed_codes("applications", i) == decision.failed


@given(data=_register())
def test_every_amount_follows_art_4_from_the_record_alone(
    data: tuple[list[Cooperative], list[Application]],
) -> None:
    """E1, E2 and every amount equal an independent Python computation of Art. 4."""
    for coop, app, row in _rows(*data, PARAMS):
        failed = _codes(row["failed"])
        assert ("E1" in failed) == (not 1 <= app.jobs_committed <= 200)
        assert ("E2" in failed) == (app.requested_amount == 0)
        expected = _expected(coop, app, eligible=row["eligible"], params=PARAMS)
        for name in AMOUNTS:
            assert row[name] == expected[name], name


def _codes(mask: int) -> set[str]:
    from coopmodel.decisions._outcome import decode_failed  # noqa: PLC0415

    return set(decode_failed(mask))


@given(data=_register())
def test_approved_never_exceeds_request_jobs_or_cap_and_ineligible_is_zero(
    data: tuple[list[Cooperative], list[Application]],
) -> None:
    """Approved <= requested, <= per_job·jobs, <= cap; ineligible rows are all 0."""
    for coop, app, row in _rows(*data, PARAMS):
        on = app.applied_on
        higher = coop.less_developed or coop.border
        per_job = PARAMS.value(
            "employment.per_job."
            + ("less_developed_or_border" if higher else "standard"),
            on,
        )
        assert 0 <= row["approved"] <= app.requested_amount
        assert row["approved"] <= per_job * app.jobs_committed
        assert row["approved"] <= PARAMS.value("employment.max_per_project", on)
        if not row["eligible"]:
            assert all(row[name] == 0 for name in AMOUNTS + OTHER_AMOUNTS)
        else:
            assert row["approved"] > 0
            assert all(row[name] == 0 for name in OTHER_AMOUNTS)


@given(
    data=_register(),
    market=st.integers(0, 3_000),
    standard=st.integers(0, 3_000),
    border=st.integers(0, 3_000),
    reduction=st.integers(0, 3_000),
)
def test_subsidy_is_not_negative_when_the_market_rate_is_not_below_the_coops(
    data: tuple[list[Cooperative], list[Application]],
    market: int,
    standard: int,
    border: int,
    reduction: int,
) -> None:
    """Under any reformed rates, market >= coop rate gives subsidy >= 0; parity holds."""
    params = PARAMS.with_reform(
        {
            "employment.market_rate_bp": market,
            "employment.rate_bp.standard": standard,
            "employment.rate_bp.border": border,
            "employment.knowledge_based_reduction_bp": reduction,
        }
    )
    for coop, app, row in _rows(*data, params):
        expected = _expected(coop, app, eligible=row["eligible"], params=params)
        for name in AMOUNTS:
            assert row[name] == expected[name], name
        if expected["_market_bp"] >= expected["_own_bp"]:
            assert row["subsidy"] >= 0
        decision = decide(coop, app, params=params)
        assert all(decision.amounts[name] == row[name] for name in AMOUNTS)


# --- the float64 annuity ------------------------------------------------------------


@given(
    principal=st.integers(0, 10**12),
    rate_bp=st.integers(0, 5_000),
    months=st.integers(1, 120),
)
def test_installment_is_within_one_rial_of_the_exact_annuity(
    principal: int, rate_bp: int, months: int
) -> None:
    """The float64 rule is within 1 rial of exact rationals; rate 0 is ceil(P/n)."""
    actual = annuity_installment(principal, rate_bp, months)
    if rate_bp == 0:
        assert actual == _ceil_div(principal, months)
    else:
        exact = _exact_installment(principal, rate_bp, months)
        assert abs(actual - math.ceil(exact)) <= 1
        assert actual == _float_installment(principal, rate_bp, months)


@given(
    rows=st.lists(
        st.tuples(st.integers(0, 10**11), st.sampled_from([0, 900, 1_000, 1_300])),
        min_size=1,
        max_size=40,
    )
)
def test_installment_of_a_column_equals_each_loan_alone(
    rows: list[tuple[int, int]],
) -> None:
    """The column computation gives each row what a length-one column gives."""
    principal = np.array([p for p, _ in rows], dtype=np.int64)
    rate_bp = np.array([r for _, r in rows], dtype=np.int64)
    column = annuity_installment_array(principal, rate_bp, np.int64(60))
    assert column.tolist() == [annuity_installment(p, r, 60) for p, r in rows]


def test_an_installment_beyond_int64_raises_instead_of_wrapping() -> None:
    """P = 4·10^18 at 360,000 bp (r = 3 a month) gives A > 2^63: an error."""
    with pytest.raises(IntegerOverflowError, match="leaves int64"):
        annuity_installment(4 * 10**18, 360_000, 60)


def test_negative_inputs_and_zero_months_are_refused() -> None:
    """A negative principal or rate, or months below 1, is a ValueError."""
    for args in ((-1, 1_000, 60), (1, -1, 60), (1, 1_000, 0)):
        with pytest.raises(ValueError, match="must be >= 0 and months >= 1"):
            annuity_installment(*args)


def test_a_reform_with_no_installments_is_a_parameter_error() -> None:
    """installment_months = 0 leaves the annuity undefined: ParameterError names it."""
    params = PARAMS.with_reform({"employment.installment_months": 0})
    with pytest.raises(ParameterError, match=r"employment\.installment_months"):
        _decide(params)


# --- worked examples, by hand -------------------------------------------------------


def test_worked_example_border_knowledge_based_1399() -> None:
    """The docs' example: 12 jobs in a border county, knowledge-based, FY 1399."""
    decision = _decide()
    assert decision.eligible
    # per_job (1399, border) = 1,000,000,000; min(15e9, 12 · 1e9, 20e9) = 12e9
    assert decision.amounts["approved"] == 12_000_000_000
    # rate = 1,100 − 100 = 1,000 bp; 12e9 · 1,000 / 120,000 = 100,000,000 exactly
    assert decision.amounts["interest_only"] == 100_000_000
    # r = 1/120; exact A = 254,964,536.535...; float64 gives the same ceiling
    assert decision.amounts["installment"] == 254_964_537
    assert math.ceil(_exact_installment(12_000_000_000, 1_000, 60)) == 254_964_537
    # market: 1,800 bp; interest-only 180,000,000; A = ceil(304,721,129.125...)
    own = 6 * 100_000_000 + 60 * 254_964_537 - 12_000_000_000  # 3,897,872,220
    market = 6 * 180_000_000 + 60 * 304_721_130 - 12_000_000_000  # 7,363,267,800
    assert decision.amounts["subsidy"] == market - own == 3_465_395_580


def test_worked_example_less_developed_in_1398_pays_the_standard_rate() -> None:
    """Less-developed, not border, no certificate, 1398: 650 M per job, 1,300 bp."""
    decision = _decide(
        less_developed=True,
        border=False,
        kb_certified_from=None,
        kb_certified_until=None,
        last_assembly_on="1398-03-01",
        applied_on="1398-09-10",
        requested_amount=6_000_000_000,
        jobs_committed=8,
    )
    # min(6e9, 8 · 650,000,000 = 5.2e9, 20e9)
    assert decision.amounts["approved"] == 5_200_000_000
    # 5.2e9 · 1,300 / 120,000 = 56,333,333.33... → 56,333,334
    assert decision.amounts["interest_only"] == 56_333_334
    # exact A = 118,315,979.83... → 118,315,980
    assert decision.amounts["installment"] == 118_315_980
    own = 6 * 56_333_334 + 60 * 118_315_980 - 5_200_000_000  # 2,236,958,804
    # market: 5.2e9 · 1,800 / 120,000 = 78,000,000; A = ceil(132,045,822.62...)
    market = 6 * 78_000_000 + 60 * 132_045_823 - 5_200_000_000  # 3,190,749,380
    assert decision.amounts["subsidy"] == market - own == 953_790_576


def test_worked_example_the_project_cap_binds() -> None:
    """30 jobs · 1e9 = 30e9 > 20e9: the cap of a new project binds (1400, border)."""
    decision = _decide(
        kb_certified_until="1399-12-30",
        last_assembly_on="1399-11-20",
        applied_on="1400-02-01",
        requested_amount=50_000_000_000,
        jobs_committed=30,
    )
    assert decision.amounts["approved"] == 20_000_000_000
    # certificate ended in 1399: 1,100 bp; 20e9 · 1,100 / 120,000 = 183,333,333.3...
    assert decision.amounts["interest_only"] == 183_333_334
    # exact A = 434,848,461.45... → 434,848,462
    assert decision.amounts["installment"] == 434_848_462
    own = 6 * 183_333_334 + 60 * 434_848_462 - 20_000_000_000
    market = 6 * 300_000_000 + 60 * 507_868_549 - 20_000_000_000
    assert decision.amounts["subsidy"] == market - own == 5_081_205_216


@pytest.mark.parametrize(
    ("applied_on", "approved"),
    [
        ("1398-12-29", 10 * 500_000_000),  # last day of FY 1398: the 1396 amount
        ("1399-01-01", 10 * 800_000_000),  # first day of FY 1399: the new amount
        ("1399-12-30", 10 * 800_000_000),  # Esfand 30 of leap 1399 exists
    ],
)
def test_per_job_amount_changes_on_the_first_day_of_fy_1399(
    applied_on: str, approved: int
) -> None:
    """Standard county, 10 jobs, 10e9 requested: 500 M a job before 1399, 800 M after."""
    decision = _decide(
        border=False,
        applied_on=applied_on,
        requested_amount=10_000_000_000,
        jobs_committed=10,
        last_assembly_on="1398-06-01",
    )
    assert decision.amounts["approved"] == approved


@pytest.mark.parametrize(
    ("kb_certified_until", "interest_only"),
    [
        # certificate valid on applied_on (its last day): 1,000 bp → 100,000,000
        ("1399-05-10", 100_000_000),
        # expired the day before: 1,100 bp; 12e9 · 1,100 / 120,000 = 110,000,000
        ("1399-05-09", 110_000_000),
    ],
)
def test_knowledge_based_reduction_is_tested_on_applied_on(
    kb_certified_until: str, interest_only: int
) -> None:
    """The 100 bp reduction holds only while the certificate is valid on applied_on."""
    decision = _decide(kb_certified_until=kb_certified_until)
    assert decision.amounts["interest_only"] == interest_only


@pytest.mark.parametrize(
    ("fields", "failed"),
    [
        ({"jobs_committed": 0}, ("E1",)),
        ({"jobs_committed": 201}, ("E1",)),
        ({"requested_amount": 0}, ("E2",)),
        ({"overdue_debt": 1}, ("C3",)),
        ({"members": _members(6)}, ("C2",)),
    ],
)
def test_an_ineligible_application_gets_zero_and_says_why(
    fields: dict[str, Any], failed: tuple[str, ...]
) -> None:
    """Each failed condition is named; every amount is 0 (Art. 0.5)."""
    decision = _decide(**fields)
    assert decision.failed == failed
    assert all(decision.amounts[name] == 0 for name in AMOUNTS)


def test_jobs_at_the_bounds_of_e1_are_eligible() -> None:
    """1 and 200 jobs pass E1; 1 job in 1399 on the border gets 1e9."""
    assert _decide(jobs_committed=1).amounts["approved"] == 1_000_000_000
    assert _decide(jobs_committed=200).amounts["approved"] == 15_000_000_000


def test_e1_explanation_shows_the_jobs_and_the_maximum() -> None:
    """The explanation of E1 names the jobs committed and the most jobs allowed."""
    text = _decide(jobs_committed=201).explain()
    assert "E1 jobs committed: jobs committed 201 > most jobs 200" in text


def test_a_rate_of_zero_repays_ceil_p_over_60() -> None:
    """A reform making the knowledge-based rate 0: A = ceil(12e9 / 60), no interest."""
    params = PARAMS.with_reform({"employment.knowledge_based_reduction_bp": 1_100})
    decision = _decide(params)
    assert decision.amounts["interest_only"] == 0
    assert decision.amounts["installment"] == 200_000_000
    market = 6 * 180_000_000 + 60 * 304_721_130 - 12_000_000_000
    assert decision.amounts["subsidy"] == market - 0


def test_a_reduction_above_the_rate_does_not_make_it_negative() -> None:
    """Reduction 5,000 bp against 1,100 bp: the rate stops at 0, as with 1,100."""
    params = PARAMS.with_reform({"employment.knowledge_based_reduction_bp": 5_000})
    assert _decide(params).amounts["installment"] == 200_000_000
    assert _decide(params).amounts["interest_only"] == 0


# --- repayment plan -----------------------------------------------------------------


def _month_length(day: jdatetime.date) -> int:
    """31 days in months 1-6, 30 in 7-11, Esfand 29 or 30 in a leap year."""
    if day.month <= 6:
        return 31
    if day.month <= 11:
        return 30
    return 30 if day.isleap() else 29


DECISION = _decide()


@given(disbursed_on=dates(min_value="1396-01-01", max_value="1450-12-29"))
def test_repayment_plan_has_66_monthly_payments_on_the_clamped_day(
    disbursed_on: dt.date,
) -> None:
    """6 interest-only then 60 installments, k months on, day = min(day, length)."""
    plan = repayment_plan(DECISION, disbursed_on)
    start = jdatetime.date.fromgregorian(date=disbursed_on)
    assert [p.number for p in plan] == list(range(1, 67))
    assert [p.interest_only for p in plan] == [True] * 6 + [False] * 60
    assert [p.amount for p in plan] == [100_000_000] * 6 + [254_964_537] * 60
    days = [disbursed_on] + [p.due_on for p in plan]
    assert all(a < b for a, b in itertools.pairwise(days))
    for payment in plan:
        due = jdatetime.date.fromgregorian(date=payment.due_on)
        year, month_index = divmod(
            start.year * 12 + start.month - 1 + payment.number, 12
        )
        assert (due.year, due.month) == (year, month_index + 1)
        assert due.day == min(start.day, _month_length(due))


def test_repayment_plan_from_shahrivar_31_clamps_in_mehr_and_esfand() -> None:
    """Disbursed 1399-06-31: 1399-07-30 first, 1399-12-30 (leap) 6th, 1400-12-29."""
    plan = repayment_plan(DECISION, "1399-06-31")
    assert plan[0].due_on == parse_date("1399-07-30")
    assert plan[5].due_on == parse_date("1399-12-30")
    assert plan[6].due_on == parse_date("1400-01-31")
    assert plan[17].due_on == parse_date("1400-12-29")
    assert plan[65].due_on == parse_date("1404-12-29")


def test_repayment_plan_of_an_ineligible_decision_names_the_coop() -> None:
    """No loan, no plan: a ValueError naming the cooperative."""
    decision = _decide(jobs_committed=0)
    with pytest.raises(ValueError, match=f"coop {decision.coop_id} is not eligible"):
        repayment_plan(decision, "1399-06-01")


def test_repayment_plan_refuses_a_decision_of_another_program() -> None:
    """A cooperative decision is not an employment decision."""
    decision = decide(_coop(), on="1399-06-01")
    with pytest.raises(ValueError, match="not 'employment'"):
        repayment_plan(decision, "1399-06-01")


# --- clawback -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("committed", "verified", "expected"),
    [
        (12, 9, 3_000_000_000),  # 12e9 · 3 / 12
        (12, 0, 12_000_000_000),  # no job created: all of it
        (12, 12, 0),
        (12, 15, 0),  # more jobs than committed: nothing
        (7, 2, 8_571_428_571),  # 12e9 · 5 / 7 = 8,571,428,571.43 → floor
    ],
)
def test_clawback_by_hand(committed: int, verified: int, expected: int) -> None:
    """floor(P · (committed − verified) / committed), P = 12e9."""
    assert clawback(DECISION, committed, verified) == expected


@given(committed=st.integers(1, 200), verified=st.integers(0, 300))
def test_clawback_is_between_zero_and_p_and_falls_as_jobs_are_verified(
    committed: int, verified: int
) -> None:
    """0 <= clawback <= P; one more verified job never raises it; all verified is 0."""
    amount = clawback(DECISION, committed, verified)
    assert 0 <= amount <= 12_000_000_000
    assert clawback(DECISION, committed, verified + 1) <= amount
    assert (amount == 0) == (verified >= committed)
    assert clawback(DECISION, committed, 0) == 12_000_000_000


def test_clawback_refuses_nonsense_counts() -> None:
    """Committed 0 or a negative verified count is a ValueError naming the coop."""
    with pytest.raises(ValueError, match=DECISION.coop_id):
        clawback(DECISION, 0, 0)
    with pytest.raises(ValueError, match="verified=-1"):
        clawback(DECISION, 3, -1)


def test_jobs_are_verified_twelve_months_after_disbursement() -> None:
    """Disbursed 1399-06-31: verified on 1400-06-31 (Shahrivar has 31 days)."""
    assert clawback_due_on(DECISION, "1399-06-31") == parse_date("1400-06-31")
    assert clawback_due_on(DECISION, "1399-12-30") == parse_date("1400-12-29")


_INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)


@given(
    approved=st.one_of(st.integers(0, 10**13), _INT64),
    interest_only=st.one_of(st.integers(0, 10**11), _INT64),
    market_interest_only=st.one_of(st.integers(0, 10**11), _INT64),
    rate_bp=st.one_of(st.integers(0, 3000), _INT64),
    market_rate_bp=st.one_of(st.integers(0, 3000), _INT64),
    on=st.dates(min_value=dt.date(2018, 3, 21), max_value=dt.date(2024, 3, 19)),
)
def test_the_scalar_finish_equals_the_columns_or_leaves_them_to_say_why(
    *,
    approved: int,
    interest_only: int,
    market_interest_only: int,
    rate_bp: int,
    market_rate_bp: int,
    on: dt.date,
) -> None:
    """finish_one gives the columns' installment and subsidy, or None where they raise."""
    spec = APPLICATION_PROGRAMS[Program.EMPLOYMENT]
    assert spec.finish is not None
    assert spec.finish_one is not None
    values = {
        "approved": approved,
        "interest_only": interest_only,
        "_rate_bp": rate_bp,
        "_market_rate_bp": market_rate_bp,
        "_market_interest_only": market_interest_only,
    }
    one = spec.finish_one(values, on, PARAMS)
    try:
        columns = _finish_columns(spec.finish, values, on, PARAMS)
    except (IntegerOverflowError, ValueError, ParameterError):
        assert one is None
        return
    assert one == columns
