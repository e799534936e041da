"""Art. 7.5 top cooperatives: score parity, ranking laws, and the worked example."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import jdatetime
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopmodel.decisions._decide import decide
from coopmodel.decisions._evaluate import evaluate
from coopmodel.parameters import ParameterSet, load_parameters
from coopmodel.programs._top import (
    TOP_STEP,
    Score,
    TopList,
    _sort_order,
    rank_reference,
    rank_top,
    score,
)
from coopmodel.records import Cooperative, CoopKind, Member, Province, Status
from coopmodel.register import Register
from coopmodel.testing import cooperatives, dates
from coopmodel.values import make_coop_id, make_national_code, parse_date

PARAMS = load_parameters()
#: A quorum of one member for every kind, so that small generated cooperatives rank.
SMALL_QUORUM = PARAMS.with_reform(
    {f"quorum.min_members.{kind.value}": 1 for kind in CoopKind}
)
#: Short lists, so that the national and provincial limits bind in small registers.
SHORT_LISTS = SMALL_QUORUM.with_reform(
    {"top.national_count": 3, "top.province_count": 1}
)
#: Other weights and a benchmark that is not the rulebook's: the tree follows them.
REWEIGHTED = SMALL_QUORUM.with_reform(
    {
        "top.weight.employment": 1,
        "top.weight.equity": 1,
        "top.weight.governance": 2,
        "top.equity_benchmark_per_member": 50_000_000,
    }
)
PARAM_SETS = st.sampled_from([PARAMS, SMALL_QUORUM, SHORT_LISTS, REWEIGHTED])
DAYS = dates(min_value="1397-01-01", max_value="1401-12-29")
#: Two provinces, so that provincial lists hold several cooperatives.
TWO_PROVINCES = st.sampled_from([Province.TEHRAN, Province.FARS])
#: A few equities, so that scores tie: below, at and far above the benchmark.
EQUITIES = st.sampled_from([0, 700_000, 350_000_000, 8_000_000_000, 10**14])


# --- an independent reading of the rulebook (Python ints and jdatetime)


def _fiscal_year(day: dt.date) -> int:
    return int(jdatetime.date.fromgregorian(date=day).year)


def _counts(m: Member, on: dt.date) -> bool:
    """Art. 2.1 by hand."""
    return m.joined_on <= on and (m.left_on is None or on < m.left_on)


def _eligible(coop: Cooperative, on: dt.date, params: ParameterSet) -> bool:
    """Art. 2.5 C1-C4 by hand."""
    n = sum(_counts(m, on) for m in coop.members)
    c1 = coop.status is Status.ACTIVE and coop.registered_on <= on
    c2 = n >= params.value(f"quorum.min_members.{coop.kind.value}", on)
    c3 = coop.overdue_debt == 0 and coop.insurance_arrears == 0
    back = params.value("governance.assembly_fiscal_years_back", on)
    held = coop.last_assembly_on
    c4 = (
        held is not None
        and held <= on
        and _fiscal_year(held) >= _fiscal_year(on) - back
    )
    return c1 and c2 and c3 and c4


def _expected_score(coop: Cooperative, on: dt.date, params: ParameterSet) -> int:
    """Art. 7.5 read plainly; with the bundled parameters, literally the rulebook."""
    if not _eligible(coop, on, params):
        return 0
    counted = [m for m in coop.members if _counts(m, on)]
    n = len(counted)
    e = sum(m.employed_since is not None and m.employed_since <= on for m in counted)
    q = coop.equity
    held = coop.last_assembly_on
    s3 = 10_000 if held is not None and _fiscal_year(held) == _fiscal_year(on) else 0
    if params is PARAMS or params is SMALL_QUORUM or params is SHORT_LISTS:
        # the rulebook's own constants
        return (
            5 * (e * 10_000 // n) + 3 * min(10_000, q // (n * 100_000)) + 2 * s3
        ) // 10
    w1, w2, w3 = (
        params.value(f"top.weight.{w}", on)
        for w in ("employment", "equity", "governance")
    )
    benchmark = params.value("top.equity_benchmark_per_member", on)
    s2 = min(10_000, q * 10_000 // (n * benchmark))
    return (w1 * (e * 10_000 // n) + w2 * s2 + w3 * s3) // (w1 + w2 + w3)


def _sorted_ranks(
    rows: list[tuple[int, int, int, int, bool]], national: int, province: int
) -> dict[int, tuple[int, int]]:
    """Rank (coop_id, province, score, members, eligible) rows by a plain sort."""
    ranked = sorted((r for r in rows if r[4]), key=lambda r: (-r[2], -r[3], r[0]))
    out = {r[0]: (0, 0) for r in rows}
    for i, r in enumerate(ranked[:national]):
        out[r[0]] = (i + 1, 0)
    seen: dict[int, int] = {}
    for r in ranked:
        seen[r[1]] = seen.get(r[1], 0) + 1
        if seen[r[1]] <= province:
            out[r[0]] = (out[r[0]][0], seen[r[1]])
    return out


# --- strategies


@st.composite
def _registers(draw: st.DrawFn) -> tuple[list[Cooperative], dt.date]:
    """Draw up to 6 cooperatives in two provinces, many of them eligible."""
    on = draw(DAYS)
    eligible_leaning = cooperatives(
        max_members=6, on=on, debts=False, assembly=True, status=Status.ACTIVE
    )
    coops = draw(
        st.lists(
            eligible_leaning | cooperatives(max_members=6, on=on),
            max_size=6,
            unique_by=lambda c: c.coop_id,
        )
    )
    changed = [
        c.model_copy(update={"province": draw(TWO_PROVINCES), "equity": draw(EQUITIES)})
        if draw(st.booleans())
        else c
        for c in coops
    ]
    return changed, on


def _ranks(
    coops: list[Cooperative], on: dt.date, params: ParameterSet
) -> dict[str, tuple[int, int, int]]:
    """Return coop_id -> (score, national_rank, province_rank) from a bulk run."""
    columns = evaluate(Register.from_records(coops), on=on, params=params).cooperatives
    return {
        c.coop_id: (
            int(columns["score"][i]),
            int(columns["national_rank"][i]),
            int(columns["province_rank"][i]),
        )
        for i, c in enumerate(coops)
    }


# --- parity and the rulebook


@given(data=_registers(), params=PARAM_SETS)
def test_bulk_score_equals_the_scalar_score_and_the_rulebook(
    data: tuple[list[Cooperative], dt.date], params: ParameterSet
) -> None:
    """Bulk score == decide() amount == score() == a plain reading of Art. 7.5."""
    coops, on = data
    bulk = _ranks(coops, on, params)
    for coop in coops:
        expected = _expected_score(coop, on, params)
        one = score(coop, on=on, params=params)
        assert expected == bulk[coop.coop_id][0]
        assert expected == decide(coop, on=on, params=params).amounts["score"]
        assert expected == one.score
        assert one.eligible == _eligible(coop, on, params)


def test_the_bundled_parameters_are_the_rulebook_constants() -> None:
    """Benchmark 10^9 rials is q // (n · 100,000); weights 5, 3, 2 divide by 10."""
    for day in ("1396-01-01", "1399-06-15", "1403-12-30"):
        benchmark = PARAMS.value("top.equity_benchmark_per_member", day)
        assert (benchmark % 10_000, benchmark // 10_000) == (0, 100_000)
        weights = [
            PARAMS.value(f"top.weight.{w}", day)
            for w in ("employment", "equity", "governance")
        ]
        assert weights == [5, 3, 2]
        assert sum(weights) == 10
        assert PARAMS.value("top.national_count", day) == 10
        assert PARAMS.value("top.province_count", day) == 3


def test_a_cooperative_decision_has_the_score_but_no_rank() -> None:
    """decide() carries the score; the ranks are across cooperatives, bulk only."""
    amounts = decide(_coop(1, n=7, e=7, q=0), on=ON).amounts
    assert amounts["score"] == (5 * 10_000 + 3 * 0 + 2 * 10_000) // 10
    assert "national_rank" not in amounts
    assert "province_rank" not in amounts


# --- ranking laws, on the vectorised ranking itself

_ROW = st.tuples(
    st.integers(0, 3),  # province
    st.sampled_from([0, 5_000, 6_150, 10_000]),  # score, few values: ties
    st.integers(1, 4),  # members, few values: ties
    st.booleans(),  # eligible
)


@given(
    rows=st.lists(_ROW, max_size=40),
    national=st.integers(0, 12),
    province=st.integers(0, 4),
    seed=st.randoms(use_true_random=False),
)
def test_rank_top_equals_a_plain_sort_whatever_the_row_order(
    rows: list[tuple[int, int, int, bool]],
    national: int,
    province: int,
    seed: random.Random,
) -> None:
    """rank_top == a sorted() oracle, and shuffling rows shuffles the ranks."""
    full = [(100 + i, p, s, m, e) for i, (p, s, m, e) in enumerate(rows)]
    seed.shuffle(full)
    ids, provinces, scores, members, eligible = (
        np.array([r[k] for r in full], dtype=bool if k == 4 else np.int64)
        for k in range(5)
    )
    national_rank, province_rank = rank_top(
        scores,
        members,
        ids,
        provinces,
        eligible,
        national_count=national,
        province_count=province,
    )
    got = {
        int(i): (int(a), int(b))
        for i, a, b in zip(ids, national_rank, province_rank, strict=True)
    }
    assert got == _sorted_ranks(full, national, province)


@given(
    rows=st.lists(_ROW, max_size=40),
    national=st.integers(0, 12),
    province=st.integers(0, 4),
)
def test_top_lists_are_short_consecutive_and_hold_the_best(
    rows: list[tuple[int, int, int, bool]], national: int, province: int
) -> None:
    """Ranks 1..k with k = min(limit, eligible); nobody unranked beats a ranked one."""
    ids = np.arange(len(rows), dtype=np.int64) * 7 + 3
    provinces, scores, members = (
        np.array([r[k] for r in rows], dtype=np.int64) for k in range(3)
    )
    eligible = np.array([r[3] for r in rows], dtype=bool)
    national_rank, province_rank = rank_top(
        scores,
        members,
        ids,
        provinces,
        eligible,
        national_count=national,
        province_count=province,
    )
    assert not national_rank[~eligible].any()
    assert not province_rank[~eligible].any()
    ranked = sorted(national_rank[national_rank > 0].tolist())
    assert ranked == list(range(1, min(national, int(eligible.sum())) + 1))
    key = [(-s, -m, i) for s, m, i in zip(scores, members, ids, strict=True)]
    for p in range(4):
        here = (provinces == p) & eligible
        in_province = sorted(province_rank[here & (province_rank > 0)].tolist())
        assert in_province == list(range(1, min(province, int(here.sum())) + 1))
        for a in np.flatnonzero(here & (province_rank > 0)):
            for b in np.flatnonzero(here & (province_rank == 0)):
                assert key[a] < key[b]
    for a in np.flatnonzero(national_rank > 0):
        for b in np.flatnonzero(eligible & (national_rank == 0)):
            assert key[a] < key[b]
        for b in np.flatnonzero(national_rank > national_rank[a]):
            assert key[a] < key[b]


# --- ranking laws, through the engine and the scalar reference


@given(data=_registers(), params=PARAM_SETS)
def test_bulk_ranks_equal_the_scalar_reference(
    data: tuple[list[Cooperative], dt.date], params: ParameterSet
) -> None:
    """evaluate()'s ranks == rank_reference() over score() of every cooperative."""
    coops, on = data
    bulk = _ranks(coops, on, params)
    top = rank_reference([score(c, on=on, params=params) for c in coops], params=params)
    for coop in coops:
        _, national, province = bulk[coop.coop_id]
        assert national == top.national_rank(coop.coop_id)
        assert province == top.province_rank(coop.coop_id, coop.province)
    national_count = params.value("top.national_count", on)
    assert len(top.national) <= national_count
    assert all(
        len(ids) <= params.value("top.province_count", on)
        for ids in top.provinces.values()
    )


@given(data=_registers(), params=PARAM_SETS, seed=st.randoms(use_true_random=False))
def test_the_ranking_does_not_depend_on_the_input_order(
    data: tuple[list[Cooperative], dt.date], params: ParameterSet, seed: random.Random
) -> None:
    """Shuffling the register gives every coop_id the same score and ranks."""
    coops, on = data
    shuffled = list(coops)
    seed.shuffle(shuffled)
    assert _ranks(shuffled, on, params) == _ranks(coops, on, params)


def test_ranks_are_null_in_arrow() -> None:
    """A rank of 0 (none) is null in the Arrow table, like the application rank."""
    coops = [_coop(1, n=7, e=7, q=0), _coop(2, n=7, e=7, q=0, overdue_debt=1)]
    table = evaluate(Register.from_records(coops), on=ON).to_arrow()["cooperatives"]
    assert table["national_rank"].to_pylist() == [1, None]
    assert table["province_rank"].to_pylist() == [1, None]
    assert table.column_names[-4:] == [
        "score",
        "national_rank",
        "province_rank",
        "failed",
    ]


def test_an_empty_register_has_empty_rank_columns() -> None:
    """No cooperatives: empty score and rank columns, no error."""
    columns = evaluate(Register.from_records([]), on=ON).cooperatives
    assert [len(columns[k]) for k in ("score", "national_rank", "province_rank")] == [
        0,
        0,
        0,
    ]


def test_rank_reference_refuses_scores_of_different_days() -> None:
    """A ranking is of one day: scores on two days are refused."""
    coop = _coop(1, n=7, e=7, q=0)
    with pytest.raises(ValueError, match="2 different days"):
        rank_reference([score(coop, on=ON), score(coop, on="1399-06-16")])
    assert rank_reference([]) == TopList(national=(), provinces={})


def test_the_bulk_ranking_refuses_rows_of_different_days() -> None:
    """The step ranks one run's cooperatives: rows on two days are refused."""
    coops = [_coop(1, n=7, e=7, q=0), _coop(2, n=7, e=7, q=0)]
    columns = {
        "score": np.array([7_000, 7_000]),
        "members": np.array([7, 7]),
        "_top_eligible": np.array([True, True]),
    }
    days = np.array(["2020-09-05", "2020-09-06"], dtype="datetime64[D]")
    with pytest.raises(ValueError, match="one `on` day"):
        TOP_STEP.run(Register.from_records(coops), columns, days, PARAMS)


# --- the worked example of the docs, by hand

ON = parse_date("1399-06-15")  # fiscal year 1399
IN_FY = "1399-02-10"  # an assembly in FY 1399: s3 = 10,000
LAST_FY = "1398-11-20"  # an assembly in FY 1398: C4 holds, s3 = 0


def _coop(
    number: int,
    *,
    n: int,
    e: int,
    q: int,
    province: str = "tehran",
    assembly: str = IN_FY,
    **fields: Any,
) -> Cooperative:
    """A cooperative of n members who joined in 1398, e of them employed since."""
    members = [
        {
            "national_code": make_national_code(number * 100 + i),
            "gender": "male",
            "birth_date": "1370-01-01",
            "disabled": False,
            "joined_on": "1398-01-01",
            "employed_since": "1398-02-01" if i < e else None,
            "insured_wage": 0,
        }
        for i in range(n)
    ]
    data = {
        "coop_id": make_coop_id(number),
        "name": f"coop {number}",
        "kind": "industry",
        "province": province,
        "less_developed": False,
        "border": False,
        "status": "active",
        "registered_on": "1390-01-01",
        "equity": q,
        "outstanding_guarantees": 0,
        "overdue_debt": 0,
        "insurance_arrears": 0,
        "last_assembly_on": assembly,
        "members": members,
        **fields,
    }
    return Cooperative.from_data(data)


#: The docs' seven cooperatives: (coop, s1, s2, s3, score, national, province rank).
WORKED = [
    # A: 8·10,000//10 = 8,000; 500,000,000 // (10·100,000) = 500; assembly in 1399
    #    (5·8,000 + 3·500 + 2·10,000) // 10 = 61,500 // 10 = 6,150
    (_coop(1, n=10, e=8, q=500_000_000), 8_000, 500, 10_000, 6_150, 3, 2),
    # B: 16·10,000//20 = 8,000; 10^9 // (20·100,000) = 500: A's score, more members
    (_coop(2, n=20, e=16, q=1_000_000_000), 8_000, 500, 10_000, 6_150, 2, 1),
    # C: 4·10,000//8 = 5,000; 9·10^9 // 800,000 = 11,250 -> capped at 10,000;
    #    assembly in 1398: s3 = 0; (25,000 + 30,000 + 0) // 10 = 5,500
    (_coop(3, n=8, e=4, q=9_000_000_000, assembly=LAST_FY), 5_000, 10_000, 0, 5_500, 4, 3),
    # D: C's figures exactly; the larger coop_id comes after: 4th in Tehran, no rank
    (_coop(4, n=8, e=4, q=9_000_000_000, assembly=LAST_FY), 5_000, 10_000, 0, 5_500, 5, 0),
    # E: overdue debt: C3 fails, score 0 and no rank, whatever its figures
    (_coop(5, n=7, e=7, q=10**10, overdue_debt=1), 10_000, 10_000, 10_000, 0, 0, 0),
    # F (Fars): 7·10,000//7 = 10,000; 350,000,000 // 700,000 = 500;
    #    (50,000 + 1,500 + 20,000) // 10 = 7,150: first nationally
    (_coop(6, n=7, e=7, q=350_000_000, province="fars"), 10_000, 500, 10_000, 7_150, 1, 1),
    # G (Fars): 2·10,000//9 = 2,222 (2,222.2 floored); 1,234,567,890 // 900,000 =
    #    1,371 (1,371.7 floored); (11,110 + 4,113 + 20,000) // 10 = 3,522 (3,522.3)
    (_coop(7, n=9, e=2, q=1_234_567_890, province="fars"), 2_222, 1_371, 10_000, 3_522, 6, 2),
]  # fmt: skip


@pytest.mark.parametrize("row", WORKED, ids=[row[0].name for row in WORKED])
def test_worked_example_scores(row: tuple[Any, ...]) -> None:
    """score() gives the hand-computed parts and score of each worked cooperative."""
    coop, s1, s2, s3, total = row[:5]
    got = score(coop, on=ON)
    assert (got.s1, got.s2, got.s3, got.score) == (s1, s2, s3, total)


def test_worked_example_ranks() -> None:
    """B beats A on members, C beats D on coop_id, D is 4th in Tehran, E is unranked."""
    coops = [row[0] for row in WORKED]
    expected = {row[0].coop_id: (row[4], row[5], row[6]) for row in WORKED}
    assert _ranks(coops, ON, PARAMS) == expected
    top = rank_reference([score(c, on=ON) for c in coops])
    ids = {row[0].name: row[0].coop_id for row in WORKED}
    order = ["coop 6", "coop 2", "coop 1", "coop 3", "coop 4", "coop 7"]
    assert top.national == tuple(ids[name] for name in order)
    assert top.provinces == {
        Province.FARS: (ids["coop 6"], ids["coop 7"]),
        Province.TEHRAN: (ids["coop 2"], ids["coop 1"], ids["coop 3"]),
    }


def test_a_shorter_national_list_cuts_after_its_last_place() -> None:
    """With top.national_count = 4, F, B, A, C are ranked and D, G are not."""
    coops = [row[0] for row in WORKED]
    short = PARAMS.with_reform({"top.national_count": 4})
    got = _ranks(coops, ON, short)
    assert [got[c.coop_id][1] for c in coops] == [3, 2, 4, 0, 0, 1, 0]


# --- fiscal-year and leap-year edges of s3, and large figures


@pytest.mark.parametrize(
    ("assembly", "on", "s3", "total"),
    [
        # 1399 is a leap year: Esfand 30 is its last day, still FY 1399
        ("1399-12-30", "1399-12-30", 10_000, (5 * 10_000 + 2 * 10_000) // 10),
        # the next day is FY 1400: C4 still holds (the year before), s3 = 0
        ("1399-12-30", "1400-01-01", 0, (5 * 10_000) // 10),
        ("1400-01-01", "1400-01-01", 10_000, 7_000),
        # 1400 is not leap: Esfand 29 is its last day
        ("1400-12-29", "1400-12-29", 10_000, 7_000),
        ("1400-12-29", "1401-01-01", 0, 5_000),
        # an assembly after on fails C4: score 0 though s3 would be 10,000
        ("1399-12-30", "1399-12-29", 10_000, 0),
        # two fiscal years back fails C4
        ("1398-06-01", "1400-01-01", 0, 0),
    ],
)
def test_the_governance_part_follows_the_fiscal_year(
    assembly: str, on: str, s3: int, total: int
) -> None:
    """s3 is 10,000 only for an assembly in the fiscal year of on (Jalali, leap)."""
    got = score(_coop(1, n=7, e=7, q=0, assembly=assembly), on=on)
    assert (got.s3, got.score) == (s3, total)


def test_an_equity_near_the_int64_limit_scores_without_overflow() -> None:
    """The equity part never leaves int64: equity 9·10^18 gives s2 = 10,000."""
    coop = _coop(1, n=7, e=0, q=9 * 10**18)
    got = score(coop, on=ON)
    assert (got.s1, got.s2, got.score) == (0, 10_000, (3 * 10_000 + 2 * 10_000) // 10)


def test_members_who_left_or_not_yet_employed_do_not_count() -> None:
    """Counted and employed members are on `on`: a leaver is in neither."""
    base = _coop(1, n=8, e=4, q=0)
    leaver = base.members[0].model_copy(update={"left_on": parse_date("1399-06-15")})
    future = base.members[7].model_copy(
        update={"employed_since": parse_date("1399-06-16")}
    )
    coop = base.model_copy(update={"members": (leaver, *base.members[1:7], future)})
    got = score(coop, on=ON)
    # 7 counted (the leaver left on on), 3 employed: 30,000 // 7 = 4,285
    assert (got.n, got.e, got.s1) == (7, 3, 4_285)


def test_the_members_tie_break_counts_only_members_who_count() -> None:
    """On a tied score, members who left do not make a cooperative bigger (Art. 7.5)."""
    # A: 10 member records, 3 of whom left before `on`: 7 counted; smaller coop_id
    base = _coop(11, n=10, e=0, q=0)
    left = parse_date("1399-01-10")
    a = base.model_copy(
        update={
            "members": (
                *(m.model_copy(update={"left_on": left}) for m in base.members[:3]),
                *base.members[3:],
            )
        }
    )
    b = _coop(12, n=8, e=0, q=0)  # 8 counted
    # both: s1 = 0, s2 = 0, s3 = 10,000 -> (2 * 10,000) // 10 = 2,000
    assert score(a, on=ON).score == score(b, on=ON).score == 2_000
    assert _ranks([a, b], ON, PARAMS) == {
        b.coop_id: (2_000, 1, 1),
        a.coop_id: (2_000, 2, 2),
    }
    assert rank_reference([score(a, on=ON), score(b, on=ON)]).national == (
        b.coop_id,
        a.coop_id,
    )


def test_the_explanation_shows_the_conditions_and_the_arithmetic() -> None:
    """The explanation cites C1-C4 and shows each part's arithmetic and the score."""
    text = score(WORKED[0][0], on=ON).explanation
    assert "ranked" in text
    assert "C3 good standing" in text
    assert "s1 = employed 8 × 10,000 // members 10 = 8000" in text
    assert "equity 500,000,000 // (members 10 × 100,000)) = 500" in text
    assert "score = (5 × 8000 + 3 × 500 + 2 × 10,000) // 10 = 6150" in text
    refused = score(WORKED[4][0], on=ON)
    assert refused.failed == ("C3",)
    assert "not ranked" in refused.explanation
    assert "امتیاز" in refused.explain("fa")


def test_a_score_is_a_value() -> None:
    """Score is a frozen record: equal for equal inputs."""
    one = score(WORKED[0][0], on=ON)
    assert isinstance(one, Score)
    assert one == score(WORKED[0][0], on="1399/6/15")


def test_packed_sort_equals_lexsort():
    """Packing the ranking keys into one int64 orders as lexsort does, ties too."""
    rng = np.random.default_rng(8)
    for high in (3, 1000, 10**11, 2**62):
        keys = tuple(rng.integers(0, high, 2000) for _ in range(3))
        assert np.array_equal(_sort_order(keys), np.lexsort(keys))
        negated = (keys[0], -keys[1], -keys[2])
        assert np.array_equal(_sort_order(negated), np.lexsort(negated))
    empty = np.zeros(0, dtype=np.int64)
    assert _sort_order((empty, empty)).tolist() == []
