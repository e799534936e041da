"""Art. 3 guarantee ceilings: parity, laws, and the worked example of the docs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from coopmodel.decisions._decide import decide
from coopmodel.decisions._evaluate import evaluate
from coopmodel.parameters import load_parameters
from coopmodel.records import Application, Cooperative, GuaranteeKind, Member, Program
from coopmodel.register import Register
from coopmodel.testing import applications, cooperatives
from coopmodel.values import make_coop_id, make_national_code, parse_date

PARAMS = load_parameters()
ON = parse_date("1399-06-15")
KINDS = [k.value for k in GuaranteeKind]
CEILINGS = [f"ceiling_{k}" for k in KINDS]
REGISTERS = st.lists(
    cooperatives(max_members=8, debts=False, assembly=True),
    max_size=5,
    unique_by=lambda c: c.coop_id,
)
DAYS = st.dates(min_value=dt.date(2018, 3, 21), max_value=dt.date(2023, 3, 20))


def _coop(**fields: Any) -> Cooperative:
    members = [
        Member.from_data(
            {
                "national_code": make_national_code(500 + i),
                "gender": "male",
                "birth_date": "1370-01-01",
                "disabled": False,
                "joined_on": "1396-01-01",
                "insured_wage": 0,
            }
        )
        for i in range(7)
    ]
    base: dict[str, Any] = {
        "coop_id": make_coop_id(1_010_000_001),
        "name": "Golestan Farmers",
        "kind": "agriculture",
        "province": "golestan",
        "less_developed": False,
        "border": False,
        "status": "active",
        "registered_on": "1390-01-01",
        "equity": 2_000_000_000,
        "outstanding_guarantees": 500_000_000,
        "overdue_debt": 0,
        "insurance_arrears": 0,
        "last_assembly_on": "1398-04-01",
        "members": members,
    }
    base.update(fields)
    return Cooperative.from_data(base)


@given(coops=REGISTERS, on=DAYS)
def test_bulk_cooperative_row_equals_the_scalar_decision(
    coops: list[Cooperative], on: dt.date
) -> None:
    """Every per-cooperative column equals the scalar decision's amount."""
    results = evaluate(Register.from_records(coops), on=on, params=PARAMS)
    for i, coop in enumerate(coops):
        decision = decide(coop, on=on, params=PARAMS)
        row = {k: v[i].item() for k, v in results.cooperatives.items()}
        for name, value in decision.amounts.items():
            assert row[name] == value, name
        assert results.failed_codes("cooperatives", i) == decision.failed


@st.composite
def _guarantee_applications(
    draw: st.DrawFn,
) -> tuple[list[Cooperative], list[Application]]:
    coops = draw(REGISTERS.filter(bool))
    apps = [
        draw(applications(coop_id=c.coop_id, program=Program.GUARANTEE, on=draw(DAYS)))
        for c in coops
    ]
    return coops, apps


@given(data=_guarantee_applications())
def test_bulk_application_row_equals_the_scalar_decision(
    data: tuple[list[Cooperative], list[Application]],
) -> None:
    """approved, fee, eligible and failed codes agree row by row."""
    coops, apps = data
    register = Register.from_records(coops, apps)
    results = evaluate(register, on=ON, params=PARAMS)
    by_id = {c.coop_id: c for c in coops}
    for i, app in enumerate(register.to_records()[1]):
        decision = decide(by_id[app.coop_id], app, params=PARAMS)
        assert results.applications["approved"][i] == decision.amounts["approved"]
        assert results.applications["fee"][i] == decision.amounts["fee"]
        assert results.applications["eligible"][i] == decision.eligible
        assert results.failed_codes("applications", i) == decision.failed


@given(coops=REGISTERS, on=DAYS, extra=st.integers(0, 10**13))
def test_ceilings_obey_the_laws_of_art_3(
    coops: list[Cooperative], on: dt.date, extra: int
) -> None:
    """0 when ineligible, never above the cap, never lower with more equity."""
    base = evaluate(Register.from_records(coops), on=on, params=PARAMS).cooperatives
    richer_coops = [c.model_copy(update={"equity": c.equity + extra}) for c in coops]
    richer = evaluate(Register.from_records(richer_coops), on=on, params=PARAMS)
    for kind, column in zip(KINDS, CEILINGS, strict=True):
        cap = PARAMS.value(f"guarantee.cap.{kind}", on)
        assert (base[column][~base["guarantee_eligible"]] == 0).all()
        assert (base[column] <= cap).all()
        assert (base[column] >= 0).all()
        eligible_both = (
            base["guarantee_eligible"] & richer.cooperatives["guarantee_eligible"]
        )
        assert (richer.cooperatives[column] >= base[column])[eligible_both].all()


@given(coops=REGISTERS, on=DAYS)
def test_raising_the_caps_by_75_percent_never_lowers_a_ceiling(
    coops: list[Cooperative], on: dt.date
) -> None:
    """The report's reform (caps + 75 %) moves every ceiling up or leaves it."""
    reform = PARAMS.with_reform(
        {
            f"guarantee.cap.{k}": PARAMS.value(f"guarantee.cap.{k}", on) * 175 // 100
            for k in KINDS
        }
    )
    register = Register.from_records(coops)
    before = evaluate(register, on=on, params=PARAMS).cooperatives
    after = evaluate(register, on=on, params=reform).cooperatives
    for column in CEILINGS:
        assert (after[column] >= before[column]).all()
    assert np.array_equal(after["guarantee_eligible"], before["guarantee_eligible"])


def test_worked_example_ceilings_in_1399_and_1398() -> None:
    """The docs' example: equity 2 bn, outstanding 0.5 bn, caps before and after 1399."""
    coop = _coop()
    in_1399 = decide(coop, on="1399-06-15").amounts
    # 5 × 2,000,000,000 = 10,000,000,000 bounds every cap above it
    assert in_1399["ceiling_loan"] == 10_000_000_000 - 500_000_000
    assert in_1399["ceiling_bid"] == 8_750_000_000 - 500_000_000
    assert in_1399["ceiling_performance"] == 9_500_000_000
    assert in_1399["ceiling_advance_payment"] == 9_500_000_000
    in_1398 = decide(coop, on="1398-06-15").amounts
    assert in_1398["ceiling_loan"] == 10_000_000_000 - 500_000_000
    assert in_1398["ceiling_bid"] == 5_000_000_000 - 500_000_000


def test_worked_example_bid_application_fee() -> None:
    """Approved = min(6 bn, 8.25 bn); fee = ceil(6e9 · 100 · 90 / 3,650,000)."""
    coop = _coop()
    app = Application.from_data(
        {
            "coop_id": coop.coop_id,
            "program": "guarantee",
            "applied_on": "1399-06-15",
            "requested_amount": 6_000_000_000,
            "jobs_committed": 0,
            "guarantee_kind": "bid",
            "guarantee_days": 90,
        }
    )
    decision = decide(coop, app)
    assert decision.eligible
    assert decision.amounts["approved"] == 6_000_000_000
    # 54,000,000,000,000 / 3,650,000 = 14,794,520.547... → 14,794,521
    assert decision.amounts["fee"] == 14_794_521


def test_an_ineligible_cooperative_gets_zero_and_says_why() -> None:
    """Equity below the minimum fails G1; every ceiling is 0 (Art. 0.5)."""
    decision = decide(_coop(equity=99_999_999), on="1399-06-15")
    assert decision.failed == ("G1",)
    assert all(decision.amounts[c] == 0 for c in CEILINGS)
    assert "equity 99,999,999 < minimum equity 100,000,000" in decision.explain()


def test_an_assembly_two_fiscal_years_back_fails_c4() -> None:
    """An assembly in FY 1397 is too old on 1399-01-01 (fiscal-year edge)."""
    coop = _coop(last_assembly_on="1397-12-29")
    assert decide(coop, on="1398-12-29").eligible
    assert decide(coop, on="1399-01-01").failed == ("C4",)
