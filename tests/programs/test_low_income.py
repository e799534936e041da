"""Art. 7.1 low-income aid: parity, laws, and the worked examples of the docs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopmodel.decisions._decide import decide
from coopmodel.decisions._evaluate import evaluate
from coopmodel.parameters import ParameterSet, load_parameters
from coopmodel.records import Cooperative, Member, Status
from coopmodel.register import Register
from coopmodel.testing import cooperatives, dates
from coopmodel.values import make_coop_id, make_national_code

PARAMS = load_parameters()
#: A reform under which a few members reach the cap of 1,000,000,000 rials.
GENEROUS = PARAMS.with_reform({"low_income_aid.per_member": 300_000_000})
PARAM_SETS = st.sampled_from([PARAMS, GENEROUS])
DAYS = dates(min_value="1397-01-01", max_value="1401-12-29")


@st.composite
def _registers(draw: st.DrawFn) -> tuple[list[Cooperative], dt.date]:
    on = draw(DAYS)
    coops = draw(
        st.lists(
            cooperatives(max_members=8, on=on),
            max_size=5,
            unique_by=lambda c: c.coop_id,
        )
    )
    return coops, on


def _counts(m: Member, on: dt.date) -> bool:
    """Art. 2.1 by hand."""
    return m.joined_on <= on and (m.left_on is None or on < m.left_on)


def _expected(coop: Cooperative, on: dt.date, params: ParameterSet) -> int:
    """Art. 2.4, 2.5 and 7.1 read plainly, with Python ints."""
    counted = [m for m in coop.members if _counts(m, on)]
    top = params.value("group.low_income.max_income_decile", on)
    low = [m for m in counted if m.income_decile is not None and m.income_decile <= top]
    share_bp = params.value("group.low_income.min_share_bp", on)
    is_low_income = bool(counted) and len(low) * 10_000 >= len(counted) * share_bp
    c1 = coop.status is Status.ACTIVE and coop.registered_on <= on
    c3 = coop.overdue_debt == 0 and coop.insurance_arrears == 0
    if not (is_low_income and c1 and c3):
        return 0
    per_member = params.value("low_income_aid.per_member", on)
    return min(len(low) * per_member, params.value("low_income_aid.max_per_coop", on))


@given(data=_registers(), params=PARAM_SETS)
def test_bulk_row_equals_the_scalar_decision(
    data: tuple[list[Cooperative], dt.date], params: ParameterSet
) -> None:
    """low_income_aid in bulk equals decide() on each cooperative."""
    coops, on = data
    bulk = evaluate(Register.from_records(coops), on=on, params=params).cooperatives
    for i, coop in enumerate(coops):
        amounts = decide(coop, on=on, params=params).amounts
        assert bulk["low_income_aid"][i] == amounts["low_income_aid"]


@given(data=_registers(), params=PARAM_SETS)
def test_the_aid_equals_a_plain_reading_of_the_rulebook(
    data: tuple[list[Cooperative], dt.date], params: ParameterSet
) -> None:
    """Bulk aid = min(low-decile counted members × per member, cap), or 0."""
    coops, on = data
    bulk = evaluate(Register.from_records(coops), on=on, params=params).cooperatives
    assert [int(v) for v in bulk["low_income_aid"]] == [
        _expected(c, on, params) for c in coops
    ]


@given(data=_registers(), params=PARAM_SETS)
def test_the_aid_is_zero_or_whole_members_up_to_the_cap(
    data: tuple[list[Cooperative], dt.date], params: ParameterSet
) -> None:
    """0 ≤ aid ≤ cap; below the cap it is a whole number of per-member amounts."""
    coops, on = data
    bulk = evaluate(Register.from_records(coops), on=on, params=params).cooperatives
    per_member = params.value("low_income_aid.per_member", on)
    cap = params.value("low_income_aid.max_per_coop", on)
    for i, aid in enumerate(int(v) for v in bulk["low_income_aid"]):
        assert 0 <= aid <= cap
        assert aid == cap or aid % per_member == 0
        if aid:
            assert bulk["is_low_income"][i]
            assert bulk["C1"][i]
            assert bulk["C3"][i]


@st.composite
def _coop_and_member(draw: st.DrawFn) -> tuple[Cooperative, int, dt.date]:
    on = draw(DAYS)
    coop = draw(cooperatives(min_members=1, max_members=8, on=on))
    return coop, draw(st.integers(0, len(coop.members) - 1)), on


@given(data=_coop_and_member(), params=PARAM_SETS)
def test_a_member_moving_to_decile_1_never_lowers_the_aid(
    data: tuple[Cooperative, int, dt.date], params: ParameterSet
) -> None:
    """Poorer members never cost a cooperative its aid (metamorphic)."""
    coop, index, on = data
    poorer = list(coop.members)
    poorer[index] = poorer[index].model_copy(update={"income_decile": 1})
    after = coop.model_copy(update={"members": tuple(poorer)})
    before_aid = decide(coop, on=on, params=params).amounts["low_income_aid"]
    after_aid = decide(after, on=on, params=params).amounts["low_income_aid"]
    assert after_aid >= before_aid


# --- worked examples, computed by hand (20,000,000 rials a member, 1,000,000,000 cap)

ON = "1399-06-15"


def _member(n: int, decile: int | None, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "national_code": make_national_code(n),
        "gender": "female",
        "birth_date": "1365-01-01",
        "disabled": False,
        "joined_on": "1398-01-01",
        "insured_wage": 0,
        "income_decile": decile,
    }
    base.update(fields)
    return base


def _coop(
    deciles: list[int | None], *extra: dict[str, Any], **fields: Any
) -> Cooperative:
    members = [_member(i + 1, d) for i, d in enumerate(deciles)] + list(extra)
    base: dict[str, Any] = {
        "coop_id": make_coop_id(1_020_000_002),
        "name": "Sistan Weavers",
        "kind": "industry",
        "province": "sistan_baluchestan",
        "less_developed": True,
        "border": True,
        "status": "active",
        "registered_on": "1395-01-01",
        "equity": 50_000_000,
        "outstanding_guarantees": 0,
        "overdue_debt": 0,
        "insurance_arrears": 0,
        "members": members,
    }
    base.update(fields)
    return Cooperative.from_data(base)


def _aid(coop: Cooperative, on: str = ON) -> int:
    aid = decide(coop, on=on).amounts["low_income_aid"]
    assert isinstance(aid, int)
    return aid


@pytest.mark.parametrize(
    ("deciles", "aid"),
    [
        # 6 of 10 in deciles 1-3: 6,000 bp ≥ 5,000 → 6 × 20,000,000
        ([1, 2, 3, 1, 2, 3, 4, 5, None, None], 120_000_000),
        # exactly half: 5 × 10,000 ≥ 10 × 5,000 → 5 × 20,000,000
        ([1, 1, 1, 1, 1, 4, 4, 4, 4, 4], 100_000_000),
        # 4 of 10: 40,000 < 50,000: not a low-income cooperative
        ([1, 1, 1, 1, 4, 4, 4, 4, 4, 4], 0),
        # no decile counts in the denominator only: 3 of 6 is half → 60,000,000
        ([2, 2, 2, None, None, None], 60_000_000),
        # decile 3 is low income, 4 is not
        ([3], 20_000_000),
        ([4], 0),
        # 2 members: C2's quorum of 7 is not asked for by Art. 7.1
        ([1, 1], 40_000_000),
        # no members: not a low-income cooperative
        ([], 0),
    ],
)
def test_worked_examples(deciles: list[int | None], aid: int) -> None:
    """The docs' table of shares and amounts."""
    assert _aid(_coop(deciles)) == aid


@pytest.mark.parametrize(
    ("low", "others", "aid"),
    [
        (49, 11, 980_000_000),  # 49 × 20,000,000
        (50, 10, 1_000_000_000),  # exactly the cap
        (55, 5, 1_000_000_000),  # 1,100,000,000 capped
    ],
)
def test_the_cap_of_one_billion(low: int, others: int, aid: int) -> None:
    """min(n × 20,000,000, 1,000,000,000) for a large low-income cooperative."""
    assert _aid(_coop([1] * low + [7] * others)) == aid


def test_only_members_who_count_on_on() -> None:
    """A member who left, or joins after `on`, is in neither count."""
    left = _member(50, 1, left_on="1399-06-15")  # leaves on `on`: no longer counts
    later = _member(51, 1, joined_on="1399-06-16")
    # counted: 4 in decile 1 and 4 in decile 6 → half → 4 × 20,000,000
    assert _aid(_coop([1, 1, 1, 1, 6, 6, 6, 6], left, later)) == 80_000_000
    # the day before, the leaver still counts: 5 of 9 → 100,000,000
    assert _aid(_coop([1, 1, 1, 1, 6, 6, 6, 6], left, later), "1399-06-14") == (
        100_000_000
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"overdue_debt": 1},  # C3
        {"insurance_arrears": 1},  # C3
        {"status": "inactive"},  # C1
        {"registered_on": "1399-06-16"},  # C1: registered after `on`
    ],
)
def test_c1_and_c3_are_required(fields: dict[str, Any]) -> None:
    """A cooperative failing C1 or C3 gets no aid (Art. 0.5)."""
    assert _aid(_coop([1, 1, 1, 1], **fields)) == 0
    assert _aid(_coop([1, 1, 1, 1])) == 80_000_000
