"""Art. 6 credit lines: parity, conditions, allocation laws, worked examples, errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jdatetime
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopmodel import IntegerOverflowError
from coopmodel.decisions._decide import decide
from coopmodel.decisions._evaluate import evaluate
from coopmodel.decisions._outcome import decode_failed
from coopmodel.parameters import ParameterSet, load_parameters
from coopmodel.programs._credit import (
    Allocation,
    RankingKeys,
    allocate,
    allocate_reference,
    envelope,
    jobs_per_grant,
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
from coopmodel.testing import applications, cooperatives, dates, example_cooperative
from coopmodel.values import make_coop_id, make_national_code, parse_date

PARAMS = load_parameters()
ON = parse_date("1399-06-01")
LINES = (Program.CREDIT_KB, Program.CREDIT_WYD)
KEY = {Program.CREDIT_KB: "kb", Program.CREDIT_WYD: "wyd"}
OTHER_AMOUNTS = ("approved", "fee", "interest_only", "installment", "subsidy")
#: A reform under which the line's fiscal year, cap and envelope change with time:
#: FY 1399 with a cap of 10e9 (6e9 from 1399-07-01), FY 1400 from 1400-01-01.
DATED = {
    "fiscal_year": {"1396-01-01": 1399, "1400-01-01": 1400},
    "max_per_coop": {"1396-01-01": 10_000_000_000, "1399-07-01": 6_000_000_000},
}
#: Days from 1398 to 1401 (L3 fails outside FY 1399), the fiscal-year edges included.
DAYS = dates(min_value="1398-01-01", max_value="1401-12-29")
FY_1399 = dates(min_value="1399-01-01", max_value="1399-12-30")
#: A few days only, so that applications tie on applied_on.
TIE_DAYS = st.sampled_from(
    [parse_date(d) for d in ("1399-01-01", "1399-02-10", "1399-12-30", "1400-03-01")]
)
REQUESTED = st.sampled_from([0, 1, 5_000_000_000, 30_000_000_000]) | st.integers(
    1, 25_000_000_000
)
#: Requests and jobs whose ranking keys often tie (10e9 is WYD's cap, 20e9 KB's).
TIE_REQUESTED = st.sampled_from([5_000_000_000, 10_000_000_000, 20_000_000_000])
TIE_JOBS = st.sampled_from([0, 5, 10, 20])
#: 9,223,372 is the most jobs whose jobs · 10^12 fits in int64.
JOBS = st.sampled_from([0, 1, 7, 9_223_372]) | st.integers(0, 40)
SCALE = 10**12


def _reform(program: Program, **changes: object) -> ParameterSet:
    """Return the bundled parameters with some leaves of one line replaced."""
    return PARAMS.with_reform(
        {f"credit_line.{KEY[program]}.{name}": v for name, v in changes.items()}
    )


# --- records by hand ----------------------------------------------------------------


def _members(
    *, female: int = 0, youth: int = 0, disabled: int = 0, total: int = 7
) -> list[Member]:
    """``total`` members who count from 1396: the first ones female, young, disabled."""
    return [
        Member.from_data(
            {
                "national_code": make_national_code(300 + i),
                "gender": "female" if i < female else "male",
                # born 1370: 29 in 1399 (youth); born 1340: 59 (not youth)
                "birth_date": "1370-01-01" if i < youth else "1340-01-01",
                "disabled": i < disabled,
                "joined_on": "1396-01-01",
                "insured_wage": 0,
            }
        )
        for i in range(total)
    ]


def _coop(number: int = 1_040_000_001, **fields: Any) -> Cooperative:
    plain: dict[str, Any] = {
        "coop_id": make_coop_id(number),
        "kb_certified_from": "1398-01-01",
        "kb_certified_until": "1400-12-29",
        "members": _members(female=4),
    }
    return example_cooperative(**{**plain, **fields})


def _app(
    coop: Cooperative, program: Program = Program.CREDIT_WYD, **fields: Any
) -> Application:
    base: dict[str, Any] = {
        "coop_id": coop.coop_id,
        "program": program.value,
        "applied_on": "1399-05-10",
        "requested_amount": 5_000_000_000,
        "jobs_committed": 5,
    }
    base.update(fields)
    return Application.from_data(base)


# --- independent oracles (Python ints and jdatetime, straight from Art. 2 and 6) ----


def _jalali(day: dt.date) -> jdatetime.date:
    return jdatetime.date.fromgregorian(date=day)


def _age(birth: dt.date, on: dt.date) -> int:
    b, o = _jalali(birth), _jalali(on)
    before_birthday = (o.month, o.day) < (b.month, b.day)
    return int(o.year) - int(b.year) - (1 if before_birthday else 0)


def _is_line_group(program: Program, coop: Cooperative, on: dt.date) -> bool:
    """L1 by Art. 2.4, computed member by member."""
    if program is Program.CREDIT_KB:
        start, end = coop.kb_certified_from, coop.kb_certified_until
        return start is not None and end is not None and start <= on <= end
    counted = [
        m
        for m in coop.members
        if m.joined_on <= on and (m.left_on is None or on < m.left_on)
    ]
    if not counted:
        return False
    shares = (
        sum(m.gender.value == "female" for m in counted),
        sum(18 <= _age(m.birth_date, on) <= 35 for m in counted),
        sum(m.disabled for m in counted),
    )
    return any(count * 10_000 >= len(counted) * 5_000 for count in shares)


def _walk_key(row: dict[str, Any]) -> tuple[int, int, dt.date, int]:
    """Art. 6.3's four keys, in Python ints."""
    return (
        0 if row["priority"] else 1,
        -(row["jobs"] * SCALE // row["grant"]),
        row["applied_on"],
        int(row["coop_id"]),
    )


# --- generated registers ------------------------------------------------------------


@st.composite
def _register(
    draw: st.DrawFn, program: Program
) -> tuple[list[Cooperative], list[Application]]:
    """Up to 6 cooperatives, each applying to the line; most lean eligible."""
    coops: list[Cooperative] = []
    apps: list[Application] = []
    ties = draw(st.booleans())
    for _ in range(draw(st.integers(1, 6))):
        if ties:
            day = draw(TIE_DAYS)
        else:
            day = draw(FY_1399 if draw(st.integers(0, 3)) else DAYS)
        if draw(st.integers(0, 4)):
            # leaning eligible: active, no debts, 8 members who count, an assembly
            # within the last fiscal year, and (mostly) a certificate or a group
            group = draw(st.sampled_from(["female", "disabled", "female", "none"]))
            coop = draw(
                cooperatives(
                    on=day,
                    min_members=8,
                    max_members=8,
                    debts=False,
                    assembly=True,
                    status=Status.ACTIVE,
                    kind=CoopKind.INDUSTRY,
                    female=1.0 if group == "female" else 0.0,
                    disabled=1.0 if group == "disabled" else 0.0,
                )
            )
            members = tuple(
                m.model_copy(
                    update={"joined_on": min(m.joined_on, day), "left_on": None}
                )
                for m in coop.members
            )
            certified = group != "none"
            coop = coop.model_copy(
                update={
                    "members": members,
                    "registered_on": min(coop.registered_on, day),
                    "last_assembly_on": day - dt.timedelta(draw(st.integers(0, 330))),
                    "kb_certified_from": day - dt.timedelta(30) if certified else None,
                    "kb_certified_until": day + dt.timedelta(30) if certified else None,
                }
            )
            app = Application(
                coop_id=coop.coop_id,
                program=program,
                applied_on=day,
                requested_amount=draw(TIE_REQUESTED if ties else REQUESTED),
                jobs_committed=draw(TIE_JOBS if ties else JOBS),
            )
        else:
            coop = draw(cooperatives(on=day, max_members=6))
            app = draw(applications(coop_id=coop.coop_id, program=program, on=day))
        if any(c.coop_id == coop.coop_id for c in coops):
            continue
        coops.append(coop)
        apps.append(app)
    return coops, apps


@st.composite
def _case(
    draw: st.DrawFn,
) -> tuple[Program, list[Cooperative], list[Application], ParameterSet]:
    """A line, its register, and parameters whose envelope is small enough to bind."""
    program = draw(st.sampled_from(LINES))
    coops, apps = draw(_register(program))
    available = draw(
        st.sampled_from([0, 1, 10_000_000_000]) | st.integers(0, 60_000_000_000)
    )
    changes: dict[str, object] = {"envelope": available}
    if draw(st.booleans()):
        changes.update(DATED)
    return program, coops, apps, _reform(program, **changes)


def _rows(
    coops: list[Cooperative], apps: list[Application], params: ParameterSet
) -> list[dict[str, Any]]:
    """Evaluate in bulk; return each application's row with its ranking keys."""
    register = Register.from_records(coops, apps)
    columns = evaluate(register, on=ON, params=params).applications
    by_id = {c.coop_id: c for c in coops}
    rows = []
    for i, app in enumerate(register.to_records()[1]):
        row = {k: v[i].item() for k, v in columns.items()}
        coop = by_id[app.coop_id]
        row.update(
            coop=coop,
            app=app,
            coop_id=app.coop_id,
            priority=coop.less_developed or coop.border,
            jobs=app.jobs_committed,
            applied_on=app.applied_on,
            fy=_jalali(app.applied_on).year,
        )
        rows.append(row)
    return rows


def _by_year(rows: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """The eligible rows of each fiscal year, in rank order."""
    years: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        if row["eligible"]:
            years.setdefault(row["fy"], []).append(row)
    return {y: sorted(r, key=lambda row: row["rank"]) for y, r in years.items()}


# --- parity and conditions ----------------------------------------------------------


@given(case=_case())
def test_bulk_row_equals_the_scalar_decision_field_by_field(
    case: tuple[Program, list[Cooperative], list[Application], ParameterSet],
) -> None:
    """eligible, failed codes and grant agree between decide and evaluate."""
    _, coops, apps, params = case
    for row in _rows(coops, apps, params):
        decision = decide(row["coop"], row["app"], params=params)
        assert row["eligible"] == decision.eligible
        assert decode_failed(row["failed"]) == decision.failed
        assert row["grant"] == decision.amounts["grant"]
        assert set(decision.amounts) == {"grant"}
        assert all(row[name] == 0 for name in OTHER_AMOUNTS)


@given(case=_case())
def test_conditions_and_grant_follow_art_6_2_from_the_record_alone(
    case: tuple[Program, list[Cooperative], list[Application], ParameterSet],
) -> None:
    """L1, L2, L3 and the grant equal an independent reading of Art. 2.4 and 6.2."""
    program, coops, apps, params = case
    for row in _rows(coops, apps, params):
        coop, app = row["coop"], row["app"]
        failed = set(decode_failed(row["failed"]))
        line_year = params.value(
            f"credit_line.{KEY[program]}.fiscal_year", app.applied_on
        )
        assert ("L1" in failed) == (not _is_line_group(program, coop, app.applied_on))
        assert ("L2" in failed) == (app.requested_amount == 0)
        assert ("L3" in failed) == (_jalali(app.applied_on).year != line_year)
        cap = params.value(f"credit_line.{KEY[program]}.max_per_coop", app.applied_on)
        expected = min(app.requested_amount, cap) if row["eligible"] else 0
        assert row["grant"] == expected


# --- the allocation laws ------------------------------------------------------------


@given(case=_case())
def test_allocation_laws_hold_in_every_fiscal_year(
    case: tuple[Program, list[Cooperative], list[Application], ParameterSet],
) -> None:
    """Ranks 1..k; sum = min(envelope, Σ grants); full, one partial, then nothing."""
    program, coops, apps, params = case
    rows = _rows(coops, apps, params)
    for row in rows:
        if not row["eligible"]:
            assert (row["rank"], row["allocated"]) == (0, 0)
    for year, ranked in _by_year(rows).items():
        available = params.value(
            f"credit_line.{KEY[program]}.envelope",
            jdatetime.date(year, 1, 1).togregorian(),
        )
        grants = [r["grant"] for r in ranked]
        funded = [r["allocated"] for r in ranked]
        assert [r["rank"] for r in ranked] == list(range(1, len(ranked) + 1))
        assert sum(funded) == min(available, sum(grants))
        assert all(0 <= a <= g for a, g in zip(funded, grants, strict=True))
        # walking down the ranking: fully funded, then at most one partial, then 0
        short = [
            i for i, (a, g) in enumerate(zip(funded, grants, strict=True)) if a < g
        ]
        if short:
            first = short[0]
            assert funded[first] == min(grants[first], available - sum(funded[:first]))
            assert all(a == 0 for a in funded[first + 1 :])


@given(case=_case())
def test_the_ranking_follows_the_four_keys_of_art_6_3(
    case: tuple[Program, list[Cooperative], list[Application], ParameterSet],
) -> None:
    """Rank order is the order of (priority, −jobs·10^12//grant, applied_on, coop_id)."""
    _, coops, apps, params = case
    for ranked in _by_year(_rows(coops, apps, params)).values():
        keys = [_walk_key(r) for r in ranked]
        assert keys == sorted(keys)
        assert len(set(keys)) == len(keys)  # coop_id makes every key distinct


@given(case=_case())
def test_bulk_allocation_equals_the_scalar_reference_walk(
    case: tuple[Program, list[Cooperative], list[Application], ParameterSet],
) -> None:
    """The bulk (rank, allocated) == allocate_reference over scalar decisions."""
    _, coops, apps, params = case
    rows = _rows(coops, apps, params)
    entries = [
        (
            decide(r["coop"], r["app"], params=params),
            RankingKeys.from_records(r["coop"], r["app"]),
        )
        for r in rows
    ]
    expected = [(r["rank"], r["allocated"]) for r in rows]
    assert allocate_reference(entries, params=params) == expected


@given(case=_case(), data=st.data())
def test_shuffling_the_records_does_not_change_any_allocation(
    case: tuple[Program, list[Cooperative], list[Application], ParameterSet],
    data: st.DataObject,
) -> None:
    """Same coop_id → (rank, allocated) whatever the order of records."""
    _, coops, apps, params = case
    before = {
        r["coop_id"]: (r["rank"], r["allocated"]) for r in _rows(coops, apps, params)
    }
    shuffled_coops = data.draw(st.permutations(coops))
    shuffled_apps = data.draw(st.permutations(apps))
    after = {
        r["coop_id"]: (r["rank"], r["allocated"])
        for r in _rows(shuffled_coops, shuffled_apps, params)
    }
    assert after == before


@given(case=_case())
def test_public_allocate_equals_the_bulk_columns(
    case: tuple[Program, list[Cooperative], list[Application], ParameterSet],
) -> None:
    """allocate(...) gives each application its evaluate row; no rank is None."""
    _, coops, apps, params = case
    rows = _rows(coops, apps, params)
    result = allocate(coops, apps, params=params)
    assert [a.coop_id for a in result] == [app.coop_id for app in apps]
    by_id = {r["coop_id"]: r for r in rows}
    for allocation in result:
        row = by_id[allocation.coop_id]
        assert allocation.eligible == row["eligible"]
        assert allocation.grant == row["grant"]
        assert allocation.allocated == row["allocated"]
        assert allocation.rank == (row["rank"] or None)


# --- worked example, by hand (the docs page's) --------------------------------------

#: Envelope of the worked example: 25,000,000,000 rials instead of 2e12.
EXAMPLE_PARAMS = _reform(Program.CREDIT_WYD, envelope=25_000_000_000)


def _example() -> tuple[list[Cooperative], list[Application]]:
    """Four WYD applications (the docs' table)."""
    a = _coop(1_040_000_001, less_developed=True, members=_members(female=4))
    b = _coop(1_040_000_002, members=_members(youth=4))
    c = _coop(1_040_000_003, members=_members(disabled=4))
    d = _coop(1_040_000_004, members=_members(female=5))
    apps = [
        _app(
            a, applied_on="1399-04-01", requested_amount=8_000_000_000, jobs_committed=2
        ),
        _app(
            b,
            applied_on="1399-02-10",
            requested_amount=15_000_000_000,
            jobs_committed=8,
        ),
        _app(
            c, applied_on="1399-02-10", requested_amount=8_750_000_000, jobs_committed=7
        ),
        _app(
            d, applied_on="1399-01-20", requested_amount=7_499_000_000, jobs_committed=6
        ),
    ]
    return [a, b, c, d], apps


def test_worked_example_ranks_and_funds_four_wyd_applications() -> None:
    """A first (county), D before B (applied_on), B before C (coop_id); B is marginal."""
    coops, apps = _example()
    ids = [c.coop_id for c in coops]
    assert ids == sorted(ids)  # A < B < C < D by coop_id
    # grants: A 8e9; B min(15e9, 10e9) = 10e9; C 8.75e9; D 7.499e9
    # key 2: A 2e12 // 8e9 = 250; B 8e12 // 10e9 = 800; C 7e12 // 8.75e9 = 800;
    #        D 6e12 // 7.499e9 = 800 (800.1067 floored)
    pairs = [
        (2, 8_000_000_000),
        (8, 10_000_000_000),
        (7, 8_750_000_000),
        (6, 7_499_000_000),
    ]
    assert [jobs_per_grant(j, g) for j, g in pairs] == [250, 800, 800, 800]
    # rank 1 A (less-developed); then key 2 ties at 800: D applied 1399-01-20 first;
    # B and C both 1399-02-10: B has the smaller coop_id.
    # walk with 25e9: A 8e9 (8e9 so far); D 7.499e9 (15.499e9); B min(10e9, 9.501e9)
    # = 9.501e9 (25e9): the marginal one; C gets 0. Σ = 25e9 = min(25e9, 34.249e9).
    expected = [(1, 8_000_000_000), (3, 9_501_000_000), (4, 0), (2, 7_499_000_000)]
    rows = _rows(coops, apps, EXAMPLE_PARAMS)
    assert [(r["rank"], r["allocated"]) for r in rows] == expected
    assert [r["grant"] for r in rows] == [
        8_000_000_000,
        10_000_000_000,
        8_750_000_000,
        7_499_000_000,
    ]
    entries = [
        (decide(c, a, params=EXAMPLE_PARAMS), RankingKeys.from_records(c, a))
        for c, a in zip(coops, apps, strict=True)
    ]
    assert allocate_reference(entries, params=EXAMPLE_PARAMS) == expected
    assert [
        (x.rank, x.allocated) for x in allocate(coops, apps, params=EXAMPLE_PARAMS)
    ] == expected


def test_more_jobs_per_rial_ranks_first_whatever_the_day_and_coop_id() -> None:
    """Key (2) before keys (3), (4): 10 jobs on 10e9 (1,000) beats 5 jobs (500)."""
    early = _coop(1_040_000_001)
    late = _coop(1_040_000_002)
    apps = [
        # 5 · 10^12 // 10^10 = 500, applied first, smaller coop_id
        _app(early, applied_on="1399-01-05", requested_amount=10**10, jobs_committed=5),
        # 10 · 10^12 // 10^10 = 1,000
        _app(late, applied_on="1399-09-01", requested_amount=10**10, jobs_committed=10),
    ]
    params = _reform(Program.CREDIT_WYD, envelope=12_000_000_000)
    rows = _rows([early, late], apps, params)
    # late: 10e9 in full; early: min(10e9, 12e9 − 10e9) = 2e9
    assert [(r["rank"], r["allocated"]) for r in rows] == [
        (2, 2_000_000_000),
        (1, 10_000_000_000),
    ]


def test_worked_example_with_the_bundled_envelope_funds_everyone() -> None:
    """With the 2e12 envelope of FY 1399 every grant is paid in full, same ranks."""
    coops, apps = _example()
    rows = _rows(coops, apps, PARAMS)
    assert [(r["rank"], r["allocated"]) for r in rows] == [
        (1, 8_000_000_000),
        (3, 10_000_000_000),
        (4, 8_750_000_000),
        (2, 7_499_000_000),
    ]


def test_an_envelope_of_zero_funds_nobody_but_still_ranks() -> None:
    """Envelope 0: every eligible application ranked, none funded."""
    coops, apps = _example()
    params = _reform(Program.CREDIT_WYD, envelope=0)
    rows = _rows(coops, apps, params)
    assert [(r["rank"], r["allocated"]) for r in rows] == [
        (1, 0),
        (3, 0),
        (4, 0),
        (2, 0),
    ]


def test_ineligible_applications_take_no_rank_and_nothing() -> None:
    """B with arrears (C3) drops out: C moves to rank 3 and is the marginal one."""
    coops, apps = _example()
    coops[1] = coops[1].model_copy(update={"insurance_arrears": 1})
    rows = _rows(coops, apps, EXAMPLE_PARAMS)
    # A 8e9; D 7.499e9 (15.499e9); C min(8.75e9, 9.501e9) = 8.75e9 (24.249e9)
    assert [(r["rank"], r["allocated"]) for r in rows] == [
        (1, 8_000_000_000),
        (0, 0),
        (3, 8_750_000_000),
        (2, 7_499_000_000),
    ]
    assert decode_failed(rows[1]["failed"]) == ("C3",)


# --- conditions at their edges ------------------------------------------------------


@pytest.mark.parametrize(
    ("applied_on", "in_year"),
    [
        ("1398-12-29", False),  # last day of FY 1398
        ("1399-01-01", True),  # first day of FY 1399
        ("1399-12-30", True),  # Esfand 30 exists in leap 1399, still FY 1399
        ("1400-01-01", False),  # first day of FY 1400
    ],
)
def test_l3_holds_exactly_in_fy_1399(applied_on: str, in_year: bool) -> None:
    """L3 at the fiscal-year edges, the leap day of 1399 included."""
    coop = _coop(last_assembly_on="1398-12-01")
    for program in LINES:
        decision = decide(coop, _app(coop, program, applied_on=applied_on))
        assert ("L3" not in decision.failed) == in_year
        assert decision.eligible == in_year
        assert decision.amounts["grant"] == (5_000_000_000 if in_year else 0)


@pytest.mark.parametrize(
    ("kb_certified_until", "eligible"),
    [("1399-05-10", True), ("1399-05-09", False)],
)
def test_kb_l1_tests_the_certificate_on_applied_on(
    kb_certified_until: str, eligible: bool
) -> None:
    """A certificate valid on applied_on (its last day) passes L1; a day short fails."""
    coop = _coop(kb_certified_until=kb_certified_until)
    decision = decide(coop, _app(coop, Program.CREDIT_KB))
    assert decision.eligible == eligible
    assert decision.failed == (() if eligible else ("L1",))


@pytest.mark.parametrize(
    ("members", "eligible"),
    [
        (_members(female=4), True),  # 4 · 10,000 ≥ 7 · 5,000
        (_members(female=3), False),  # 30,000 < 35,000
        (_members(youth=4), True),
        (_members(disabled=4), True),
        (_members(female=3, youth=3, disabled=3), False),  # no single group has half
        (_members(female=4, total=8), True),  # 40,000 ≥ 40,000: exactly half
    ],
)
def test_wyd_l1_needs_half_the_members_in_one_group(
    members: list[Member], eligible: bool
) -> None:
    """Women's, youth or disabled: one group's share ≥ 5,000 bp (Art. 2.4)."""
    coop = _coop(members=members)
    decision = decide(coop, _app(coop, Program.CREDIT_WYD))
    assert decision.eligible == eligible
    assert ("L1" in decision.failed) == (not eligible)


def test_l2_refuses_a_request_of_zero_and_explains() -> None:
    """requested_amount 0 fails L2 and the explanation shows it."""
    coop = _coop()
    decision = decide(coop, _app(coop, requested_amount=0))
    assert decision.failed == ("L2",)
    assert decision.amounts == {"grant": 0}
    assert "requested amount 0 ≤ 0 (Art. 6.2)" in decision.explain()


def test_the_grant_is_capped_by_max_per_coop_of_each_line() -> None:
    """40e9 requested: KB grants 20e9, WYD 10e9 (Art. 6.2)."""
    coop = _coop()
    kb = decide(coop, _app(coop, Program.CREDIT_KB, requested_amount=40_000_000_000))
    wyd = decide(coop, _app(coop, Program.CREDIT_WYD, requested_amount=40_000_000_000))
    assert (kb.amounts["grant"], wyd.amounts["grant"]) == (
        20_000_000_000,
        10_000_000_000,
    )


# --- envelopes and fiscal years -----------------------------------------------------


def test_the_bundled_envelopes_are_the_reports() -> None:
    """KB 500e9 (50 bn tomans) and WYD 2e12 (200 bn tomans) for FY 1399."""
    assert envelope(Program.CREDIT_KB, 1399) == 500_000_000_000
    assert envelope(Program.CREDIT_WYD, 1399) == 2_000_000_000_000


def test_the_envelope_is_the_value_on_the_first_day_of_the_fiscal_year() -> None:
    """A mid-year change (from 1399-06-01) does not reach FY 1399's envelope."""
    params = _reform(
        Program.CREDIT_WYD,
        envelope={"1396-01-01": 12_000_000_000, "1399-06-01": 100_000_000_000},
    )
    assert envelope(Program.CREDIT_WYD, 1399, params=params) == 12_000_000_000
    coops, apps = _example()
    apps = [a.model_copy(update={"applied_on": parse_date("1399-08-01")}) for a in apps]
    rows = _rows(coops, apps, params)
    # all on one day: ranks A (county), then key 800 ties broken by coop_id: B, C, D
    # walk with 12e9: A 8e9; B min(10e9, 4e9) = 4e9; C and D 0
    assert [(r["rank"], r["allocated"]) for r in rows] == [
        (1, 8_000_000_000),
        (2, 4_000_000_000),
        (3, 0),
        (4, 0),
    ]


def test_each_fiscal_year_of_a_line_is_ranked_against_its_own_envelope() -> None:
    """Line years 1399 then 1400: two rankings, each from 1, each with its envelope."""
    params = _reform(
        Program.CREDIT_WYD,
        fiscal_year={"1396-01-01": 1399, "1400-01-01": 1400},
        envelope={"1396-01-01": 9_000_000_000, "1400-01-01": 3_000_000_000},
    )
    coops, apps = _example()
    # B and C apply in FY 1400: an assembly in FY 1399 keeps C4
    for i in (1, 2):
        coops[i] = coops[i].model_copy(
            update={"last_assembly_on": parse_date("1399-10-01")}
        )
    apps[1] = apps[1].model_copy(update={"applied_on": parse_date("1400-02-10")})
    apps[2] = apps[2].model_copy(update={"applied_on": parse_date("1400-02-11")})
    rows = _rows(coops, apps, params)
    # FY 1399: A (rank 1, 8e9), D (rank 2, min(7.499e9, 1e9) = 1e9)
    # FY 1400: B (rank 1, min(10e9, 3e9) = 3e9), C (rank 2, 0)
    assert [(r["rank"], r["allocated"]) for r in rows] == [
        (1, 8_000_000_000),
        (1, 3_000_000_000),
        (2, 0),
        (2, 1_000_000_000),
    ]
    entries = [
        (decide(c, a, params=params), RankingKeys.from_records(c, a))
        for c, a in zip(coops, apps, strict=True)
    ]
    assert allocate_reference(entries, params=params) == [
        (r["rank"], r["allocated"]) for r in rows
    ]


def test_a_cap_of_zero_ranks_eligible_grants_of_zero_at_key_zero() -> None:
    """max_per_coop 0: eligible, grant 0, key 2 is 0, nothing funded, no error."""
    params = _reform(Program.CREDIT_WYD, max_per_coop=0)
    coops, apps = _example()
    rows = _rows(coops, apps, params)
    assert all(r["eligible"] and r["grant"] == 0 for r in rows)
    # key 2 all 0: A first (county), then applied_on: D, then B < C by coop_id
    assert [(r["rank"], r["allocated"]) for r in rows] == [
        (1, 0),
        (3, 0),
        (4, 0),
        (2, 0),
    ]
    assert jobs_per_grant(5, 0) == 0


# --- exact int64 ----------------------------------------------------------------------


def test_jobs_times_10_to_the_12_beyond_int64_is_an_error_not_a_wrap() -> None:
    """9,223,373 jobs · 10^12 > 2^63 − 1: IntegerOverflowError in every path."""
    coop = _coop()
    app = _app(coop, jobs_committed=9_223_373)
    register = Register.from_records([coop], [app])
    with pytest.raises(IntegerOverflowError, match=r"jobs_committed · 10\^12"):
        evaluate(register, on=ON)
    entry = (decide(coop, app), RankingKeys.from_records(coop, app))
    with pytest.raises(IntegerOverflowError, match=coop.coop_id):
        allocate_reference([entry])
    with pytest.raises(IntegerOverflowError, match="9223373000000000000 leaves int64"):
        allocate([coop], [app])


def test_the_largest_jobs_that_fit_are_ranked_exactly() -> None:
    """9,223,372 jobs · 10^12 fits; // 10e9 = 922,337,200 (grant 10e9)."""
    assert jobs_per_grant(9_223_372, 10_000_000_000) == 922_337_200
    coop = _coop()
    app = _app(coop, jobs_committed=9_223_372)
    assert allocate([coop], [app])[0].rank == 1


def test_an_ineligible_application_with_absurd_jobs_raises_nothing() -> None:
    """The ranking key is computed only for eligible applications."""
    coop = _coop(overdue_debt=1)
    app = _app(coop, jobs_committed=2_000_000_000)
    rows = _rows([coop], [app], PARAMS)
    assert (rows[0]["eligible"], rows[0]["rank"], rows[0]["allocated"]) == (False, 0, 0)


def test_a_sum_of_grants_beyond_int64_is_an_error() -> None:
    """Two grants of 5e18 sum past 2^63 − 1: IntegerOverflowError, bulk and walk."""
    params = _reform(Program.CREDIT_WYD, max_per_coop=2**63 - 1)
    coops = [_coop(1_040_000_001), _coop(1_040_000_002)]
    apps = [_app(c, requested_amount=5 * 10**18, jobs_committed=0) for c in coops]
    with pytest.raises(IntegerOverflowError, match="sum of the eligible grants"):
        allocate(coops, apps, params=params)
    entries = [
        (decide(c, a, params=params), RankingKeys.from_records(c, a))
        for c, a in zip(coops, apps, strict=True)
    ]
    with pytest.raises(IntegerOverflowError, match="sum of the eligible grants"):
        allocate_reference(entries, params=params)


# --- refused calls --------------------------------------------------------------------


def test_allocate_refuses_an_application_to_another_program() -> None:
    """A guarantee application is not a credit-line application."""
    coop = _coop()
    guarantee = Application.from_data(
        {
            "coop_id": coop.coop_id,
            "program": "guarantee",
            "applied_on": "1399-05-10",
            "requested_amount": 1,
            "jobs_committed": 0,
            "guarantee_kind": "bid",
            "guarantee_days": 90,
        }
    )
    with pytest.raises(ValueError, match="'guarantee' is not to a credit line"):
        allocate([coop], [guarantee])


def test_allocate_reference_refuses_mixed_lines_and_foreign_keys() -> None:
    """Decisions of two lines, or keys of another coop, are a ValueError."""
    a, b = _coop(1_040_000_001), _coop(1_040_000_002)
    kb, wyd = _app(a, Program.CREDIT_KB), _app(b, Program.CREDIT_WYD)
    mixed = [
        (decide(a, kb), RankingKeys.from_records(a, kb)),
        (decide(b, wyd), RankingKeys.from_records(b, wyd)),
    ]
    with pytest.raises(ValueError, match="one credit line"):
        allocate_reference(mixed)
    foreign = [(decide(a, kb), RankingKeys.from_records(b, wyd))]
    with pytest.raises(ValueError, match="keys of coop"):
        allocate_reference(foreign)
    guarantee_like = [(decide(a, on="1399-05-10"), RankingKeys.from_records(a, kb))]
    with pytest.raises(ValueError, match="is not 'credit_kb' or 'credit_wyd'"):
        allocate_reference(guarantee_like)
    assert allocate_reference([]) == []


def test_allocate_of_no_applications_is_empty_and_of_one_line_leaves_the_other() -> (
    None
):
    """No applications: no allocations; KB and WYD envelopes are separate."""
    coop = _coop()
    assert allocate([coop], []) == ()
    other = _coop(1_040_000_002)
    result = allocate(
        [coop, other],
        [_app(coop, Program.CREDIT_KB), _app(other, Program.CREDIT_WYD)],
        params=_reform(Program.CREDIT_KB, envelope=1),
    )
    assert result == (
        Allocation(
            coop.coop_id,
            Program.CREDIT_KB,
            parse_date("1399-05-10"),
            True,
            5_000_000_000,
            1,
            1,
        ),
        Allocation(
            other.coop_id,
            Program.CREDIT_WYD,
            parse_date("1399-05-10"),
            True,
            5_000_000_000,
            1,
            5_000_000_000,
        ),
    )


def test_the_result_table_keeps_rank_null_for_other_programs() -> None:
    """In Arrow, rank is null where no rank applies (ineligible rows)."""
    coops, apps = _example()
    coops[2] = coops[2].model_copy(update={"overdue_debt": 1})
    results = evaluate(Register.from_records(coops, apps), on=ON, params=EXAMPLE_PARAMS)
    ranks = results.to_arrow()["applications"].column("rank").to_pylist()
    assert ranks == [1, 3, None, 2]
    assert np.asarray(results.applications["allocated"]).sum() == 25_000_000_000
