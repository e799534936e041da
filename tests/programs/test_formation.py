"""Art. 7.4 formation agreements: conditions, due dates, parity, bulk loads."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jdatetime
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopmodel import BulkLoadError, IntegerOverflowError, InvalidRecordError
from coopmodel.decisions._outcome import CODES
from coopmodel.parameters import load_parameters
from coopmodel.programs import (
    FORMATION_CONDITIONS,
    FORMATION_FAILED_BITS,
    ProposalTable,
    decide_proposal,
    evaluate_proposals,
    formation_due_on,
    formation_due_on_array,
    is_working_day,
    load_proposals,
)
from coopmodel.records import CoopKind, Founder, Proposal
from coopmodel.testing import dates, national_codes
from coopmodel.values import make_national_code, parse_date

PARAMS = load_parameters()
# Dated changes to every parameter the program reads, so that parity covers lookups
# of different values at different applied_on (and several lunar holiday lists).
VARIANT = PARAMS.with_reform(
    {
        "holidays.lunar": {
            "1396-01-01": ["1398-03-15", "1399-12-20", "1400-01-08"],
            "1400-01-01": ["1400-01-08", "1400-01-09", "1401-01-25", "1402-12-01"],
        },
        "formation.decision_working_days": {"1396-01-01": 10, "1400-06-01": 4},
        "formation.min_founder_age_years": {"1396-01-01": 18, "1401-01-01": 20},
        "formation.min_paid_share.denominator": {"1396-01-01": 3, "1402-01-01": 2},
        "quorum.min_members.agriculture": {"1396-01-01": 7, "1400-01-01": 3},
    }
)
# The fixed solar holidays, written out from Art. 7.4 for the oracle.
FIXED = {
    (1, 1),
    (1, 2),
    (1, 3),
    (1, 4),
    (1, 12),
    (1, 13),
    (3, 14),
    (3, 15),
    (11, 22),
    (12, 29),
}
FRIDAY = 4

APPLIED = dates(min_value="1396-01-01", max_value="1404-12-29")
POOL = [make_national_code(n) for n in range(1, 13)]


def _founder(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "national_code": POOL[0],
        "gender": "female",
        "birth_date": "1370-01-01",
        "disabled": False,
    }
    return {**base, **changes}


def _proposal(count: int = 7, **changes: Any) -> Proposal:
    base: dict[str, Any] = {
        "proposal_id": "P-1",
        "kind": "agriculture",
        "province": "golestan",
        "applied_on": "1399-12-25",
        "subscribed_equity": 300_000_000,
        "paid_equity": 100_000_000,
        "founders": [_founder(national_code=POOL[i]) for i in range(count)],
    }
    return Proposal.from_data({**base, **changes})


def _oracle_due(
    applied: dt.date, working_days: int, lunar: tuple[dt.date, ...]
) -> dt.date:
    """Walk day by day with jdatetime, counting working days after ``applied``."""
    day, counted = applied, 0
    while counted < working_days:
        day += dt.timedelta(days=1)
        jalali = jdatetime.date.fromgregorian(date=day)
        if (
            day.weekday() == FRIDAY
            or (jalali.month, jalali.day) in FIXED
            or day in lunar
        ):
            continue
        counted += 1
    return day


@st.composite
def code_texts(draw: st.DrawFn) -> str:
    """Draw national codes as typed: valid, 9-digit, or with a wrong check digit."""
    code = draw(st.sampled_from(POOL) | national_codes())
    form = draw(st.sampled_from(["valid", "short", "wrong check digit"]))
    if form == "short" and code.startswith("0"):
        return code[1:]
    if form == "wrong check digit":
        return code[:9] + str((int(code[9]) + 1) % 10)
    return code


FOUNDERS = st.builds(
    lambda code, birth, gender, decile: Founder.model_validate(
        {
            "national_code": code,
            "birth_date": birth,
            "gender": gender,
            "disabled": False,
            "income_decile": decile,
        }
    ),
    code_texts(),
    dates(min_value="1370-01-01", max_value="1388-12-29"),
    st.sampled_from(["female", "male"]),
    st.none() | st.integers(1, 10),
)


@st.composite
def proposals(draw: st.DrawFn, proposal_id: str | None = None) -> Proposal:
    """Draw proposals near every boundary of F1-F4."""
    subscribed = draw(st.integers(0, 10**13))
    third = -(-subscribed // 3)
    paid = draw(
        st.integers(0, subscribed)
        | st.integers(-2, 2).map(lambda d: min(max(third + d, 0), subscribed))
    )
    return Proposal.model_validate(
        {
            "proposal_id": proposal_id,
            "kind": draw(st.sampled_from([*CoopKind, CoopKind.AGRICULTURE])),
            "province": "tehran",
            "applied_on": draw(APPLIED),
            "subscribed_equity": subscribed,
            "paid_equity": paid,
            "founders": draw(st.lists(FOUNDERS, max_size=9)),
        }
    )


PROPOSAL_LISTS = st.lists(proposals(), max_size=6)


# --------------------------------------------------------------------------- codes


def test_failed_bits_are_the_decision_codes_bits():
    """Each F code's bit is its position in the shared code table."""
    assert {code: 1 << CODES.index(code) for code in ("F1", "F2", "F3", "F4")} == dict(
        FORMATION_FAILED_BITS
    )


def test_conditions_cite_article_7_4_in_two_languages():
    """F1-F4 carry their codes, Art. 7.4 and English and Persian titles."""
    assert [c.code for c in FORMATION_CONDITIONS] == ["F1", "F2", "F3", "F4"]
    assert all(
        c.article == "7.4" and c.title_en and c.title_fa for c in FORMATION_CONDITIONS
    )


# --------------------------------------------------------------------------- due date

# Each due day derived by hand from Art. 7.4 (weekdays checked with datetime):
DUE_EXAMPLES = [
    # Mon 1399-12-25: 12-26 Tue 1, 12-27 Wed 2, 12-28 Thu 3, 12-29 Fri (and Esfand 29)
    # off, 12-30 Sat 4 (leap year: Esfand 30 works), Farvardin 1-4 off, 01-05 Thu 5,
    # 01-06 Fri off, 01-07 Sat 6, 01-08 7, 01-09 8, 01-10 9, 01-11 Wed 10.
    ("1399-12-25", "1400-01-11"),
    # Wed 1400-12-25: 12-26 Thu 1, 12-27 Fri off, 12-28 Sat 2, 12-29 Sun off (Esfand
    # 29), 01-01..01-04 off, 01-05 Fri off, 01-06 Sat 3 .. 01-11 Thu 8, 01-12 Fri and
    # 01-13 Sat off, 01-14 Sun 9, 01-15 Mon 10.
    ("1400-12-25", "1401-01-15"),
    # Fri 1399-12-29 (a holiday itself): 12-30 Sat 1, 01-01..04 off, 01-05 Thu 2,
    # 01-07 Sat 3 .. 01-11 Wed 7, 01-12 Thu and 01-13 Fri off, 01-14 Sat 8, 01-15 9,
    # 01-16 Mon 10.
    ("1399-12-29", "1400-01-16"),
    # Mon 1400-03-10: 03-11 Tue 1, 03-12 2, 03-13 Thu 3, 03-14 Fri and 03-15 Sat off
    # (Khordad 14, 15), 03-16 Sun 4 .. 03-20 Thu 8, 03-21 Fri off, 03-22 Sat 9,
    # 03-23 Sun 10.
    ("1400-03-10", "1400-03-23"),
    # Thu 1401-11-20: 11-21 Fri off, 11-22 Sat off (Bahman 22), 11-23 Sun 1 .. 11-27
    # Thu 5, 11-28 Fri off, 11-29 Sat 6, 11-30 Sun 7, 12-01 Mon 8, 12-02 9, 12-03 10.
    ("1401-11-20", "1401-12-03"),
    # Mon 1403-12-27 (1403 is leap): 12-28 Tue 1, 12-29 Wed off, 12-30 Thu 2,
    # 1404-01-01 Fri .. 01-04 Mon off, 01-05 Tue 3, 01-06 4, 01-07 Thu 5, 01-08 Fri
    # off, 01-09 Sat 6, 01-10 7, 01-11 Mon 8, 01-12 and 01-13 off, 01-14 Thu 9,
    # 01-15 Fri off, 01-16 Sat 10.
    ("1403-12-27", "1404-01-16"),
]


@pytest.mark.parametrize(("applied", "due"), DUE_EXAMPLES)
def test_due_dates_worked_by_hand(applied, due):
    """The scalar and the bulk due dates equal the hand-worked examples."""
    expected = parse_date(due)
    assert formation_due_on(applied) == expected
    bulk = formation_due_on_array(
        np.array([parse_date(applied)], dtype="datetime64[D]")
    )
    assert bulk.tolist() == [expected]


def test_lunar_holidays_from_the_parameter_are_skipped():
    """A listed lunar holiday is not a working day: 1399-12-25 moves from 01-11 to 01-15."""
    # 1400-01-08 (Sun) and 01-09 (Mon) off: 01-07 Sat 6, 01-10 Tue 7, 01-11 Wed 8,
    # 01-12 Thu and 01-13 Fri off, 01-14 Sat 9, 01-15 Sun 10.
    params = PARAMS.with_reform(
        {"holidays.lunar": {"1396-01-01": ["1400-01-08", "1400-01-09"]}}
    )
    assert formation_due_on("1399-12-25", params=params) == parse_date("1400-01-15")
    assert not is_working_day("1400-01-08", params=params)
    assert is_working_day("1400-01-08")


def test_zero_working_days_is_due_on_the_day_applied():
    """With n = 0 the decision is due on applied_on, in both paths."""
    params = PARAMS.with_reform({"formation.decision_working_days": 0})
    day = parse_date("1399-12-29")
    assert formation_due_on(day, params=params) == day
    bulk = formation_due_on_array(np.array([day], dtype="datetime64[D]"), params=params)
    assert bulk.tolist() == [day]


@given(applied=st.lists(APPLIED, min_size=1, max_size=5), variant=st.booleans())
def test_due_date_equals_a_day_by_day_oracle(applied, variant):
    """Scalar, bulk and a jdatetime day-by-day walk give the same due dates."""
    params = VARIANT if variant else PARAMS
    expected = [
        _oracle_due(
            day,
            params.value("formation.decision_working_days", day),
            params.dates_at("holidays.lunar", day),
        )
        for day in applied
    ]
    assert [formation_due_on(day, params=params) for day in applied] == expected
    bulk = formation_due_on_array(
        np.array(applied, dtype="datetime64[D]"), params=params
    )
    assert bulk.tolist() == expected


@given(applied=APPLIED, variant=st.booleans())
def test_due_date_is_the_nth_working_day_after(applied, variant):
    """The due day is a working day and exactly n working days lie in (applied_on, due_on]."""
    params = VARIANT if variant else PARAMS
    due = formation_due_on(applied, params=params)
    needed = params.value("formation.decision_working_days", applied)
    span = [applied + dt.timedelta(days=k) for k in range(1, (due - applied).days + 1)]
    assert is_working_day(due, on=applied, params=params)
    assert sum(is_working_day(day, on=applied, params=params) for day in span) == needed


def test_due_date_beyond_a_year_widens_the_holiday_list():
    """With 400 working days the due date lies over a year ahead, in both paths."""
    params = PARAMS.with_reform({"formation.decision_working_days": 400})
    applied = parse_date("1399-12-25")
    expected = _oracle_due(applied, 400, ())
    assert formation_due_on(applied, params=params) == expected
    bulk = formation_due_on_array(
        np.array([applied], dtype="datetime64[D]"), params=params
    )
    assert bulk.tolist() == [expected]


# --------------------------------------------------------------------------- F1-F4


def _failed(proposal: Proposal, params=PARAMS) -> tuple[str, ...]:
    return decide_proposal(proposal, params=params).failed


CONDITION_EXAMPLES = [
    # 7 founders >= 7 (agriculture); 3 * 100,000,000 = 300,000,000 >= 300,000,000.
    ("all hold", {}, ()),
    # 6 founders < 7.
    (
        "six founders",
        {"founders": [_founder(national_code=c) for c in POOL[:6]]},
        ("F1",),
    ),
    # retailer_supply needs 20 founders: 7 < 20.
    ("retailer supply", {"kind": "retailer_supply"}, ("F1",)),
    # 3 * 99,999,999 = 299,999,997 < 300,000,000.
    ("paid one rial short", {"paid_equity": 99_999_999}, ("F4",)),
    # 3 * 100,000,000 = 300,000,000 < 300,000,001.
    ("subscribed one rial more", {"subscribed_equity": 300_000_001}, ("F4",)),
    # 0 >= 0: nothing subscribed, nothing owed.
    ("no equity", {"subscribed_equity": 0, "paid_equity": 0}, ()),
    # "27" as 9 digits is left-padded to 0000000027, the code of founder 0.
    (
        "same code padded",
        {"founders": [_founder(national_code=c) for c in [*POOL[:6], POOL[0][1:]]]},
        ("F2",),
    ),
    # 0000000028 fails its check digit (0000000027 is the valid one).
    (
        "wrong check digit",
        {"founders": [_founder(national_code=c) for c in [*POOL[:6], "0000000028"]]},
        ("F2",),
    ),
    # ten equal digits are invalid even though their checksum works.
    (
        "ten equal digits",
        {"founders": [_founder(national_code=c) for c in [*POOL[:6], "1111111111"]]},
        ("F2",),
    ),
    # born 1381-12-26: on 1399-12-25, (12, 25) < (12, 26), so 1399 - 1381 - 1 = 17 < 18.
    (
        "one founder 17",
        {
            "founders": [
                *(_founder(national_code=c) for c in POOL[:6]),
                _founder(national_code=POOL[6], birth_date="1381-12-26"),
            ]
        },
        ("F3",),
    ),
    # born 1381-12-25: on 1399-12-25 the birthday is reached, 1399 - 1381 = 18.
    (
        "one founder turns 18 that day",
        {
            "founders": [
                *(_founder(national_code=c) for c in POOL[:6]),
                _founder(national_code=POOL[6], birth_date="1381-12-25"),
            ]
        },
        (),
    ),
    # born 1383-12-30 (leap); on 1401-12-29 (no Esfand 30): (12, 29) < (12, 30),
    # so 1401 - 1383 - 1 = 17 < 18 (Art. 2.2 read literally).
    (
        "Esfand 30 birthday",
        {
            "applied_on": "1401-12-29",
            "founders": [
                *(_founder(national_code=c) for c in POOL[:6]),
                _founder(national_code=POOL[6], birth_date="1383-12-30"),
            ],
        },
        ("F3",),
    ),
    # no founders: F1 fails (0 < 7); F2 and F3 have nobody to refuse.
    ("no founders", {"founders": []}, ("F1",)),
]


@pytest.mark.parametrize(("name", "changes", "failed"), CONDITION_EXAMPLES)
def test_conditions_worked_by_hand(name, changes, failed):
    """Each hand-checked proposal fails exactly the expected codes, in both paths."""
    proposal = _proposal(**changes)
    decision = decide_proposal(proposal)
    assert decision.failed == failed, name
    assert decision.eligible is (not failed)
    results = evaluate_proposals([proposal])
    assert results.failed_codes(0) == failed
    assert bool(results.columns["eligible"][0]) is (not failed)


def test_retailer_supply_quorum_boundary():
    """Twenty founders meet the retailer_supply minimum of 20; nineteen do not."""
    codes = [make_national_code(100 + i) for i in range(20)]
    founders = [_founder(national_code=c) for c in codes]
    assert _failed(_proposal(kind="retailer_supply", founders=founders)) == ()
    assert _failed(_proposal(kind="retailer_supply", founders=founders[:19])) == ("F1",)


def test_paid_share_follows_the_parameters():
    """With a 1/2 paid share, 100 of 200 passes and 99 of 200 fails."""
    half = PARAMS.with_reform({"formation.min_paid_share.denominator": 2})
    assert _failed(_proposal(subscribed_equity=200, paid_equity=100), half) == ()
    assert _failed(_proposal(subscribed_equity=200, paid_equity=99), half) == ("F4",)
    # with the bundled 1/3 the same 99 of 200 passes: 3 * 99 = 297 >= 200.
    assert _failed(_proposal(subscribed_equity=200, paid_equity=99)) == ()


def test_explanations_show_the_deciding_values():
    """The explanation names each failed test's values in English and Persian."""
    proposal = _proposal(
        paid_equity=99_999_999,
        founders=[
            _founder(national_code="0000000028"),
            _founder(national_code=POOL[1]),
            _founder(national_code=POOL[1][1:], birth_date="1381-12-26"),
        ],
    )
    decision = decide_proposal(proposal)
    english, persian = decision.render("en"), decision.render("fa")
    assert (
        "founders 3 < least members for kind agriculture 7 (Art. 7.4) — failed"
        in english
    )
    assert f"invalid: 0000000028; repeated: {POOL[1]}" in english
    assert f"under 18 on 1399-12-25: {POOL[1]} aged 17" in english
    assert "paid_equity 99,999,999 × 3 < subscribed_equity 300,000,000 × 1" in english
    assert "decision due on 1400-01-11, working day 10 after 1399-12-25" in english
    assert "۹۹٬۹۹۹٬۹۹۹ × ۳ < سرمایه تعهدشده ۳۰۰٬۰۰۰٬۰۰۰ × ۱" in persian
    assert "۱۴۰۰-۰۱-۱۱" in persian


def test_overflow_is_an_error_in_both_paths():
    """A paid-share product beyond int64 raises IntegerOverflowError, never wraps."""
    huge = _proposal(subscribed_equity=2**62, paid_equity=2**62)
    with pytest.raises(IntegerOverflowError, match="F4"):
        decide_proposal(huge)
    with pytest.raises(IntegerOverflowError, match="F4"):
        evaluate_proposals([huge])


@given(proposal=proposals(), variant=st.booleans())
def test_conditions_match_direct_checks(proposal, variant):
    """F1-F4 fail exactly when the rulebook's tests, computed independently, fail."""
    params = VARIANT if variant else PARAMS
    day = proposal.applied_on
    codes = [f.national_code for f in proposal.founders]
    jalali_on = jdatetime.date.fromgregorian(date=day)

    def age(birth: dt.date) -> int:
        b = jdatetime.date.fromgregorian(date=birth)
        before = (jalali_on.month, jalali_on.day) < (b.month, b.day)
        return jalali_on.year - b.year - int(before)

    def valid(code: str) -> bool:
        digits = [int(d) for d in code]
        r = sum(d * (10 - i) for i, d in enumerate(digits[:9])) % 11
        check = r if r < 2 else 11 - r
        return len(set(code)) > 1 and code[3:9] != "000000" and digits[9] == check

    expected = {
        "F1": len(codes)
        >= params.value(f"quorum.min_members.{proposal.kind.value}", day),
        "F2": all(map(valid, codes)) and len(set(codes)) == len(codes),
        "F3": all(
            age(f.birth_date) >= params.value("formation.min_founder_age_years", day)
            for f in proposal.founders
        ),
        "F4": proposal.paid_equity
        * params.value("formation.min_paid_share.denominator", day)
        >= proposal.subscribed_equity
        * params.value("formation.min_paid_share.numerator", day),
    }
    failed = tuple(code for code, holds in expected.items() if not holds)
    assert decide_proposal(proposal, params=params).failed == failed


@given(proposal=proposals(), extra=st.integers(1, 10**9))
def test_more_paid_equity_never_fails_f4(proposal, extra):
    """Paying more of the subscribed capital never turns F4 from pass to fail."""
    more = proposal.model_copy(
        update={
            "paid_equity": min(proposal.paid_equity + extra, proposal.subscribed_equity)
        }
    )
    if "F4" not in _failed(proposal):
        assert "F4" not in _failed(more)


# --------------------------------------------------------------------------- parity


@given(records=PROPOSAL_LISTS, variant=st.booleans())
def test_bulk_equals_scalar(records, variant):
    """Row i of evaluate_proposals equals decide_proposal on proposal i."""
    params = VARIANT if variant else PARAMS
    table = ProposalTable.from_records(records)
    results = evaluate_proposals(table, params=params)
    decisions = [decide_proposal(p, params=params) for p in table.to_records()]
    assert [results.failed_codes(i) for i in range(len(records))] == [
        d.failed for d in decisions
    ]
    assert results.columns["eligible"].tolist() == [d.eligible for d in decisions]
    assert results.columns["due_on"].tolist() == [d.due_on for d in decisions]


@given(records=PROPOSAL_LISTS, seed=st.randoms(use_true_random=False))
def test_shuffling_proposals_shuffles_results(records, seed):
    """Reordering the proposals reorders the result rows and changes nothing else."""
    order = list(range(len(records)))
    seed.shuffle(order)
    named = [
        p.model_copy(update={"proposal_id": f"P{i}"}) for i, p in enumerate(records)
    ]
    results = evaluate_proposals(named)
    shuffled = evaluate_proposals([named[i] for i in order])
    for column in ("proposal_id", "eligible", "failed", "due_on"):
        assert shuffled.columns[column].tolist() == [
            results.columns[column][i] for i in order
        ]


# --------------------------------------------------------------------------- records


def test_founder_keeps_an_invalid_code_and_normalises_it():
    """A founder's code is read, left-padded and kept even when its check digit fails."""
    founder = Founder.from_data(_founder(national_code="۰۰۰۰۰۰۲۸"))
    assert founder.national_code == "0000000028"


def test_bad_records_are_refused_naming_record_field_and_reason():
    """Bad founders and equity are refused with one line per problem."""
    with pytest.raises(InvalidRecordError) as error:
        _proposal(
            founders=[
                _founder(national_code="12345"),
                _founder(birth_date="1399-07-31"),
            ]
        )
    message = str(error.value)
    assert (
        "founder 0 of proposal 'P-1': national_code='12345' is not a 10-digit"
        in message
    )
    assert (
        "founder 1 of proposal 'P-1': birth_date='1399-07-31' is not a valid date"
        in message
    )
    with pytest.raises(InvalidRecordError) as error:
        _proposal(paid_equity=400_000_000)
    assert str(error.value) == (
        "proposal 'P-1': paid_equity=400000000 is more than subscribed_equity=300000000;"
        " paid capital is part of the subscribed capital"
    )


def test_repeated_proposal_ids_are_refused():
    """Two proposals with one proposal_id cannot form a table."""
    with pytest.raises(
        InvalidRecordError, match="proposal 1: proposal_id='P-1' repeats"
    ):
        ProposalTable.from_records([_proposal(), _proposal()])


@given(records=PROPOSAL_LISTS)
def test_records_round_trip_through_arrow(records):
    """Records -> table -> Arrow -> table -> records gives the records back."""
    table = ProposalTable.from_records(records)
    expected = tuple(
        p.model_copy(update={"proposal_id": str(i)}) for i, p in enumerate(records)
    )
    assert table.to_records() == expected
    tables = table.to_arrow()
    assert (
        ProposalTable.from_arrow(tables["proposals"], tables["founders"]).to_records()
        == expected
    )


def test_files_round_trip(tmp_path):
    """Parquet and CSV (Jalali dates) files read back to the same proposals."""
    records = (_proposal(), _proposal(3, proposal_id="P-2", applied_on="1400-03-10"))
    table = ProposalTable.from_records(records)
    proposals_path, founders_path = table.write_parquet(tmp_path / "parquet")
    assert (proposals_path.name, founders_path.name) == (
        "proposals.parquet",
        "founders.parquet",
    )
    assert (
        ProposalTable.from_parquet(proposals_path, founders_path).to_records()
        == records
    )
    csv_paths = table.write_csv(tmp_path / "csv", jalali_dates=True)
    assert "1399-12-25" in csv_paths[0].read_text()
    assert ProposalTable.from_csv(*csv_paths).to_records() == records


def test_load_proposals_reads_parquet_or_csv_and_needs_founders(tmp_path):
    """load_proposals picks the format by suffix and refuses a missing founders file."""
    records = (_proposal(), _proposal(2, proposal_id="P-2"))
    table = ProposalTable.from_records(records)
    parquet = table.write_parquet(tmp_path / "parquet")
    csv = table.write_csv(tmp_path / "csv")
    for proposals, founders in (parquet, csv):
        loaded = load_proposals(proposals=proposals, founders=founders)
        assert loaded.to_records() == records
    with pytest.raises(
        BulkLoadError, match="founders row -1: founders: is required with proposals"
    ):
        load_proposals(proposals=parquet[0], founders=None)


# --------------------------------------------------------------------------- bulk loads


def _rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    tables = ProposalTable.from_records(
        [_proposal(2), _proposal(2, proposal_id="P-2")]
    ).to_arrow()
    return tables["proposals"].to_pylist(), tables["founders"].to_pylist()


def test_bulk_load_reports_every_bad_row():
    """Every bad row of both tables is listed; invalid check digits are not among them."""
    proposals, founders = _rows()
    proposals.append({**proposals[0], "kind": "bakery"})  # row 2: also repeats P-1
    proposals.append({**proposals[0], "proposal_id": "P-3", "paid_equity": 10**9})
    founders.append({**founders[0], "national_code": "0000000028"})  # fine: F2 judges
    founders.append({**founders[0], "proposal_id": "P-9"})  # row 5
    founders.append({**founders[0], "birth_date": None})  # row 6
    with pytest.raises(BulkLoadError) as error:
        ProposalTable.from_arrow(
            pa.Table.from_pylist(proposals), pa.Table.from_pylist(founders)
        )
    found = {(p.table, p.row, p.field) for p in error.value.problems}
    assert found == {
        ("proposals", 2, "proposal_id"),
        ("proposals", 2, "kind"),
        ("proposals", 3, "paid_equity"),
        ("founders", 5, "proposal_id"),
        ("founders", 6, "birth_date"),
    }


def test_skipping_bad_rows_refuses_a_proposal_with_its_founders():
    """A bad founder refuses its proposal, and a refused proposal its founders."""
    proposals, founders = _rows()
    founders.append({**founders[2], "gender": "other"})  # row 4, of P-2
    result = ProposalTable.from_arrow(
        pa.Table.from_pylist(proposals),
        pa.Table.from_pylist(founders),
        skip_bad_rows=True,
    )
    assert result.table.proposal_id.tolist() == ["P-1"]
    assert result.table.founder_counts().tolist() == [2]
    assert result.rejected.proposals.column("row").to_pylist() == [1]
    assert result.rejected.founders.column("row").to_pylist() == [2, 3, 4]
    reasons = result.rejected.founders.column("reasons").to_pylist()
    assert reasons[0] == "proposal_id: its proposal was rejected"
    assert "gender: 'other' is not a known gender" in reasons[2]
    assert len(result.rejected) == 4


def test_unknown_and_absent_columns_refuse_the_load():
    """An unknown column and an absent required column are table problems."""
    proposals, founders = _rows()
    for row in proposals:
        row["coop_id"] = "x"
    for row in founders:
        del row["birth_date"]
    with pytest.raises(BulkLoadError) as error:
        ProposalTable.from_arrow(
            pa.Table.from_pylist(proposals),
            pa.Table.from_pylist(founders),
            skip_bad_rows=True,
        )
    assert {(p.table, p.row, p.field) for p in error.value.problems} == {
        ("proposals", -1, "coop_id"),
        ("founders", -1, "birth_date"),
    }


def test_integer_proposal_ids_link_the_tables():
    """An integer proposal_id column is read as text and still links founders."""
    proposals, founders = _rows()
    for row in proposals + founders:
        row["proposal_id"] = int(row["proposal_id"] == "P-2") + 7
    table = ProposalTable.from_arrow(
        pa.Table.from_pylist(proposals), pa.Table.from_pylist(founders)
    )
    assert table.proposal_id.tolist() == ["7", "8"]
    assert table.founder_counts().tolist() == [2, 2]


# --------------------------------------------------------------------------- results


def test_results_to_arrow_and_parquet(tmp_path):
    """Results list the failed codes per row and are written to proposals.parquet."""
    records = [_proposal(), _proposal(6, proposal_id="P-2", paid_equity=1)]
    results = evaluate_proposals(ProposalTable.from_records(records))
    path = results.write_parquet(tmp_path / "proposals.parquet")
    assert path == tmp_path / "proposals.parquet"
    assert pq.read_table(path).to_pylist() == [
        {
            "proposal_id": "P-1",
            "eligible": True,
            "failed": [],
            "due_on": dt.date(2021, 3, 31),
        },
        {
            "proposal_id": "P-2",
            "eligible": False,
            "failed": ["F1", "F4"],
            "due_on": dt.date(2021, 3, 31),
        },
    ]
