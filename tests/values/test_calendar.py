"""Tests of the Jalali calendar: parsing, conversion, fiscal years, months, ages.

Expected values come from the rulebook's facts, from hand arithmetic on them, or
from ``jdatetime`` (the reference of Art. 0.2), never from the code under test.
"""

from __future__ import annotations

import datetime as dt
import re

import jdatetime
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from coopmodel._errors import InvalidDateError, InvalidRecordError
from coopmodel.values import _calendar as cal

FIRST_DAY = dt.date(622, 3, 21)  # Farvardin 1 of year 1, per jdatetime
LAST_DAY = dt.date(9999, 3, 20)  # Esfand 30 of 9377, per jdatetime
# Jalali strings are read as Jalali only below the year 1700 (Gregorian 2321).
LAST_DAY_WRITABLE_AS_JALALI = jdatetime.date(1699, 12, 29).togregorian()

NOWRUZ_1399 = dt.date(2020, 3, 20)
ONE_DAY = dt.timedelta(days=1)

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

gregorian_days = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)
modern_days = st.dates(min_value=dt.date(1921, 3, 21), max_value=dt.date(2121, 3, 20))
month_shifts = st.integers(min_value=-600, max_value=600)


def oracle_jalali(day: dt.date) -> tuple[int, int, int]:
    """Return jdatetime's Jalali (year, month, day) of a Gregorian day."""
    jalali = jdatetime.date.fromgregorian(date=day)
    return jalali.year, jalali.month, jalali.day


def oracle_month_length(year: int, month: int) -> int:
    """Return a Jalali month length by the calendar rule and jdatetime leap years."""
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    try:
        jdatetime.date(year, 12, 30)
    except ValueError:
        return 29
    return 30


def days_array(*days: dt.date | None) -> np.ndarray:
    """Build a datetime64[D] array, None giving NaT."""
    return np.array(
        [np.datetime64("NaT") if day is None else day for day in days],
        dtype="datetime64[D]",
    )


@st.composite
def jalali_text(draw: st.DrawFn) -> tuple[str, dt.date]:
    """Draw a Jalali date written in one of the accepted forms, with its day."""
    day = draw(st.dates(min_value=FIRST_DAY, max_value=LAST_DAY_WRITABLE_AS_JALALI))
    year, month, day_of_month = oracle_jalali(day)
    separator = draw(st.sampled_from("-/"))
    padded = draw(st.booleans())
    parts = (
        (f"{month:02d}", f"{day_of_month:02d}")
        if padded
        else (
            str(month),
            str(day_of_month),
        )
    )
    text = separator.join((f"{year:04d}", *parts))
    digits = draw(st.sampled_from([None, PERSIAN, ARABIC_INDIC]))
    if digits is not None:
        text = text.translate(digits)
    padding = draw(st.sampled_from(["", " ", "\u200f", " \u200e\t"]))
    return padding + text + padding[::-1], day


# ------------------------------------------------------------------ known facts


@pytest.mark.parametrize(
    ("jalali", "gregorian"),
    [
        ((1399, 1, 1), dt.date(2020, 3, 20)),
        ((1399, 12, 30), dt.date(2021, 3, 20)),
        ((1400, 1, 1), dt.date(2021, 3, 21)),
        ((1403, 1, 1), dt.date(2024, 3, 20)),
    ],
)
def test_known_days_convert_both_ways(jalali, gregorian):
    """The four dates of the brief convert to Jalali and back."""
    assert gregorian == cal.from_jalali(*jalali)
    assert cal.JalaliDate(*jalali) == cal.to_jalali(gregorian)
    assert (gregorian,) == tuple(cal.from_jalali_arrays(*[[part] for part in jalali]))
    assert [list(jalali)] == np.stack(
        cal.to_jalali_arrays(days_array(gregorian)), axis=1
    ).tolist()


def test_leap_years_and_month_lengths():
    """1399 and 1403 are leap years, 1400 is not; month lengths follow."""
    assert (
        cal.is_leap_year(1399),
        cal.is_leap_year(1400),
        cal.is_leap_year(1403),
    ) == (True, False, True)
    assert [cal.month_length(1399, m) for m in range(1, 13)] == [31] * 6 + [30] * 5 + [
        30
    ]
    assert cal.month_length(1400, 12) == 29


@pytest.mark.parametrize(("year", "month"), [(0, 1), (9378, 1), (1399, 0), (1399, 13)])
def test_month_length_refuses_impossible_months(year, month):
    """month_length refuses a year outside the range and a month outside 1..12."""
    with pytest.raises(InvalidDateError, match=r"year|month"):
        cal.month_length(year, month)


def test_range_edges_match_jdatetime():
    """The supported range runs from jdatetime's first day to its last."""
    assert jdatetime.date(1, 1, 1).togregorian() == FIRST_DAY
    assert jdatetime.date(9377, 12, 30).togregorian() == LAST_DAY
    assert cal.JalaliDate(1, 1, 1) == cal.to_jalali(FIRST_DAY)
    assert cal.JalaliDate(9377, 12, 30) == cal.to_jalali(LAST_DAY)
    for outside in (FIRST_DAY - ONE_DAY, LAST_DAY + ONE_DAY):
        with pytest.raises(InvalidDateError, match="outside the Jalali years"):
            cal.to_jalali(outside)
        with pytest.raises(InvalidDateError, match="row 1"):
            cal.to_jalali_arrays(days_array(NOWRUZ_1399, outside))


# ------------------------------------------------------------------- parse_date


@pytest.mark.parametrize(
    "value",
    [
        "1399-01-15",
        "1399/1/15",
        "1399/01/15",
        "1399-1-15",
        "۱۳۹۹/۰۱/۱۵",
        "١٣٩٩/٠١/١٥",
        "۱۳۹۹-۰۱-۱۵",
        "  1399/1/15\n",
        "\u200f۱۳۹۹/۰۱/۱۵\u200f",
        jdatetime.date(1399, 1, 15),
        dt.date(2020, 4, 3),
    ],
)
def test_parse_date_reads_every_accepted_form(value):
    """Every form of Art. 0.2 for 1399-01-15 gives Nowruz 1399 plus 14 days."""
    assert cal.parse_date(value) == NOWRUZ_1399 + 14 * ONE_DAY


def test_parse_date_reads_iso_gregorian_from_1700():
    """A string with a year from 1700 on is an ISO Gregorian date."""
    assert dt.date(2020, 6, 1) == cal.parse_date("2020-06-01")
    assert dt.date(1700, 1, 1) == cal.parse_date("1700-01-01")
    assert jdatetime.date(1699, 1, 1).togregorian() == cal.parse_date("1699-01-01")


def test_parse_date_returns_a_plain_date():
    """A date subclass comes back as a plain datetime.date."""

    class Day(dt.date):
        pass

    parsed = cal.parse_date(Day(2020, 4, 3))
    assert (dt.date, dt.date(2020, 4, 3)) == (type(parsed), parsed)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1399-07-31", "day 31 does not exist in month 7 of 1399, which has 30 days"),
        ("1400-12-30", "day 30 does not exist in month 12 of 1400, which has 29 days"),
        ("1399-13-01", "month 13 is not in 1..12"),
        ("1399-00-10", "month 0 is not in 1..12"),
        ("1399-01-00", "day 0 does not exist"),
        ("0000-01-01", "year 0 is outside"),
        ("۱۴۰۰/۱۲/۳۰", "day 30 does not exist in month 12 of 1400"),
        ("99/1/15", "not a date"),
        ("1399-01/15", "not a date"),
        ("1399-001-15", "not a date"),
        ("1399 01 15", "not a date"),
        ("", "not a date"),
        ("2020/6/1", "must be written ISO"),
        ("2020-6-01", "must be written ISO"),
        ("2021-02-29", "day 29 does not exist in Gregorian month 2 of 2021"),
        ("2020-13-01", "month 13 is not in 1..12"),
    ],
)
def test_parse_date_refuses_text_naming_field_value_and_reason(value, reason):
    """A bad date string is refused with the field, the value and the reason."""
    with pytest.raises(InvalidDateError) as caught:
        cal.parse_date(value, field="birth_date")
    assert f"birth_date={value!r}: " in str(caught.value)
    assert reason in str(caught.value)


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2020, 4, 3, tzinfo=dt.UTC),
        jdatetime.datetime(1399, 1, 15),
    ],
)
def test_parse_date_refuses_a_datetime(value):
    """A datetime is an instant, not a calendar day."""
    with pytest.raises(InvalidDateError, match=r"joined_on=.*not a calendar day"):
        cal.parse_date(value, field="joined_on")


@pytest.mark.parametrize("value", [None, 13990115, 1399.0, np.datetime64("2020-04-03")])
def test_parse_date_refuses_other_types_as_a_value_error(value):
    """Another type is refused as InvalidDateError, a ValueError pydantic reports."""
    with pytest.raises(InvalidDateError, match=f"^on={re.escape(repr(value))}: ex"):
        cal.parse_date(value, field="on")
    with pytest.raises(InvalidRecordError, match=type(value).__name__):
        cal.parse_date(value, field="on")


@given(jalali_text())
def test_parse_date_reads_generated_jalali_text(case):
    """Generated Jalali text in any accepted form gives jdatetime's day."""
    text, day = case
    assert day == cal.parse_date(text)


@given(modern_days)
def test_parse_date_reads_jdatetime_and_iso_gregorian(day):
    """A jdatetime.date and an ISO Gregorian string give their own day."""
    assert day == cal.parse_date(jdatetime.date.fromgregorian(date=day))
    assert day == cal.parse_date(day.isoformat())


# ------------------------------------------------------------------ JalaliDate


def test_jalali_date_renders_orders_and_converts():
    """JalaliDate renders zero-padded, orders by date, and converts both ways."""
    assert str(cal.JalaliDate(1399, 1, 5)) == "1399-01-05"
    assert str(cal.JalaliDate(622, 3, 4)) == "0622-03-04"
    assert cal.JalaliDate(1399, 12, 30) < cal.JalaliDate(1400, 1, 1)
    assert cal.JalaliDate(1399, 2, 1) > cal.JalaliDate(1399, 1, 31)
    assert dt.date(2021, 3, 20) == cal.JalaliDate(1399, 12, 30).to_date()
    assert cal.JalaliDate(1400, 1, 1) == cal.JalaliDate.from_date("1400/1/1")


@pytest.mark.parametrize(
    ("parts", "reason"),
    [
        ((1399, 7, 31), "day 31"),
        ((1400, 12, 30), "day 30"),
        ((1399, 13, 1), "month 13"),
        ((1399, 1, 0), "day 0"),
        ((9378, 1, 1), "year 9378"),
        ((1399, True, 1), "month True is not a whole number"),
        ((1399.0, 1, 1), "year 1399.0 is not a whole number"),
    ],
)
def test_nonexistent_jalali_dates_are_refused(parts, reason):
    """JalaliDate and from_jalali refuse a day that does not exist."""
    with pytest.raises(InvalidDateError, match=reason):
        cal.JalaliDate(*parts)
    with pytest.raises(InvalidDateError, match=f"^left_on=.*{reason}"):
        cal.from_jalali(*parts, field="left_on")


@given(gregorian_days)
def test_to_jalali_matches_jdatetime(day):
    """to_jalali gives jdatetime's Jalali day on the whole range."""
    assert oracle_jalali(day) == tuple(attrs_tuple(cal.to_jalali(day)))


def attrs_tuple(jalali: cal.JalaliDate) -> tuple[int, int, int]:
    """Return a JalaliDate's fields."""
    return jalali.year, jalali.month, jalali.day


@given(
    st.integers(min_value=1, max_value=9377),
    st.integers(min_value=-1, max_value=14),
    st.integers(min_value=-1, max_value=32),
)
def test_from_jalali_accepts_exactly_what_jdatetime_accepts(year, month, day):
    """from_jalali and its masked bulk form accept exactly jdatetime's dates."""
    try:
        expected = jdatetime.date(year, month, day).togregorian()
    except ValueError:
        expected = None
    days, valid = cal.from_jalali_arrays_masked([year], [month], [day])
    if expected is None:
        with pytest.raises(InvalidDateError):
            cal.from_jalali(year, month, day)
        assert (bool(valid[0]), bool(np.isnat(days[0]))) == (False, True)
    else:
        assert expected == cal.from_jalali(year, month, day)
        assert (True, np.datetime64(expected, "D")) == (bool(valid[0]), days[0])


# ----------------------------------------------------------------- fiscal years


def test_fiscal_year_turns_on_nowruz():
    """Fiscal year 1399 ends on Esfand 30 (2021-03-20); 1400 starts the next day."""
    assert cal.fiscal_year(dt.date(2021, 3, 20)) == 1399
    assert cal.fiscal_year(dt.date(2021, 3, 21)) == 1400
    assert cal.fiscal_year("1399-01-01") == 1399
    assert (dt.date(2020, 3, 20), dt.date(2021, 3, 20)) == (
        cal.fiscal_year_start(1399),
        cal.fiscal_year_end(1399),
    )
    assert (
        dt.date(2021, 3, 21),
        jdatetime.date(1401, 1, 1).togregorian() - ONE_DAY,
    ) == (
        cal.fiscal_year_start(1400),
        cal.fiscal_year_end(1400),
    )


@pytest.mark.parametrize("bound", [cal.fiscal_year_start, cal.fiscal_year_end])
def test_fiscal_year_bounds_refuse_years_outside_the_range(bound):
    """A fiscal year outside 1..9377 is refused, naming fiscal_year."""
    with pytest.raises(InvalidDateError, match=r"^fiscal_year=.*year 0 is outside"):
        bound(0)


@given(gregorian_days)
def test_fiscal_year_contains_its_days(day):
    """A day lies between its fiscal year's first and last day, which bound the year."""
    year = cal.fiscal_year(day)
    start, end = cal.fiscal_year_start(year), cal.fiscal_year_end(year)
    assert start <= day <= end
    assert oracle_jalali(start) == (year, 1, 1)
    assert oracle_jalali(end)[:2] == (year, 12)
    if end < LAST_DAY:
        assert oracle_jalali(end + ONE_DAY) == (year + 1, 1, 1)
    assert [year] == cal.fiscal_year_array(days_array(day)).tolist()


# ------------------------------------------------------------------- add_months


def test_add_months_follows_the_repayment_calendar():
    """Payments k months after 1399-06-31 keep day 31 where it exists (Art. 4.4)."""
    disbursed = "1399-06-31"
    expected = [
        "1399-07-30",
        "1399-08-30",
        "1399-09-30",
        "1399-10-30",
        "1399-11-30",
        "1399-12-30",  # 1399 is a leap year
        "1400-01-31",
        "1400-06-31",
    ]
    months = [1, 2, 3, 4, 5, 6, 7, 12]
    assert expected == [cal.format_jalali(cal.add_months(disbursed, k)) for k in months]
    assert cal.format_jalali(cal.add_months("1399-12-30", 12)) == "1400-12-29"
    assert cal.format_jalali(cal.add_months("1400-06-31", 6)) == "1400-12-29"


def test_add_months_goes_backwards_and_keeps_zero():
    """Negative months count back; zero months is the same day."""
    assert cal.parse_date("1399-12-30") == cal.add_months("1400-01-31", -1)
    assert cal.parse_date("1398-11-15") == cal.add_months("1400-01-15", -14)
    assert cal.parse_date("1400-01-15") == cal.add_months("1400-01-15", 0)


@pytest.mark.parametrize("months", [1.0, True, "1"])
def test_add_months_refuses_non_whole_months(months):
    """A month count that is not an int is a TypeError."""
    with pytest.raises(TypeError, match="months="):
        cal.add_months("1400-01-15", months)


def test_add_months_refuses_results_outside_the_range():
    """A result past Esfand 9377 is refused, in scalar and bulk."""
    with pytest.raises(InvalidDateError, match="year 9378 is outside"):
        cal.add_months(LAST_DAY, 1)
    with pytest.raises(InvalidDateError, match="1 result"):
        cal.add_months_array(days_array(NOWRUZ_1399, LAST_DAY), np.array([1, 1]))
    with pytest.raises(InvalidDateError, match="outside"):
        cal.add_months_array(days_array(NOWRUZ_1399), 10**15)


@given(gregorian_days, month_shifts)
def test_add_months_moves_the_month_and_clamps_the_day(day, months):
    """The result is exactly `months` months later, on min(day, month length)."""
    year, month, day_of_month = oracle_jalali(day)
    target_year, target_index = divmod(year * 12 + month - 1 + months, 12)
    assume(1 <= target_year <= 9377)
    expected_day = min(day_of_month, oracle_month_length(target_year, target_index + 1))
    result = cal.add_months(day, months)
    assert (target_year, target_index + 1, expected_day) == oracle_jalali(result)


@given(modern_days, month_shifts, month_shifts)
def test_add_months_composes_up_to_clamping(day, first, second):
    """Two steps land in the same month as one; the day differs only by clamping."""
    direct = cal.add_months(day, first + second)
    composed = cal.add_months(cal.add_months(day, first), second)
    assert oracle_jalali(direct)[:2] == oracle_jalali(composed)[:2]
    assert composed <= direct
    if oracle_jalali(day)[2] <= 29:
        assert direct == composed


@given(st.lists(st.tuples(gregorian_days, month_shifts), min_size=1, max_size=20))
def test_add_months_array_equals_scalar(rows):
    """Bulk add_months equals the scalar one row by row."""
    expected = []
    for day, months in rows:
        try:
            expected.append(cal.add_months(day, months))
        except InvalidDateError:
            assume(False)
    result = cal.add_months_array(
        days_array(*(day for day, _ in rows)),
        np.array([months for _, months in rows], dtype=np.int32),
    )
    assert expected == result.tolist()


def test_add_months_array_keeps_nat_and_broadcasts():
    """NaT stays NaT and one month count applies to every row."""
    result = cal.add_months_array(days_array(dt.date(2020, 9, 21), None), 1)
    assert result.astype(str).tolist() == ["2020-10-21", "NaT"]
    assert str(result.dtype) == "datetime64[D]"


# -------------------------------------------------------------------------- age


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        ("1380-05-10", "1398-05-09", 17),  # the day before the 18th birthday
        ("1380-05-10", "1398-05-10", 18),  # the birthday
        ("1380-05-10", "1398-06-01", 18),
        ("1380-05-10", "1399-05-09", 18),
        ("1380-05-10", "1380-05-10", 0),
        ("1380-05-10", "1380-05-09", -1),  # before birth: the formula as written
        ("1399-12-30", "1400-12-29", 0),  # (12, 29) < (12, 30): not yet one
        ("1399-12-30", "1401-01-01", 1),
        ("1399-12-30", "1403-12-29", 3),
        ("1399-12-30", "1403-12-30", 4),  # 1403 is a leap year
    ],
)
def test_age_in_full_jalali_years(birth, on, age):
    """Age follows Art. 2.2, including the Esfand 30 birthday reading."""
    assert age == cal.age_in_years(birth, on)
    birth_days = days_array(cal.parse_date(birth))
    assert [age] == cal.age_in_years_array(birth_days, on).tolist()
    assert [age] == cal.age_in_years_array(
        birth_days, days_array(cal.parse_date(on))
    ).tolist()


@given(modern_days, modern_days, modern_days)
def test_age_is_the_rulebook_formula_and_never_decreases(birth, first, second):
    """Age equals Art. 2.2 on jdatetime's dates and does not fall as `on` grows."""
    earlier, later = sorted((first, second))
    by, bm, bd = oracle_jalali(birth)
    y, m, d = oracle_jalali(later)
    assert y - by - (1 if (m, d) < (bm, bd) else 0) == cal.age_in_years(birth, later)
    assert cal.age_in_years(birth, earlier) <= cal.age_in_years(birth, later)


@given(st.lists(st.tuples(gregorian_days, gregorian_days), min_size=1, max_size=20))
def test_age_array_equals_scalar(rows):
    """Bulk age equals the scalar one row by row, with `on` per row."""
    births = days_array(*(birth for birth, _ in rows))
    ons = days_array(*(on for _, on in rows))
    expected = [cal.age_in_years(birth, on) for birth, on in rows]
    result = cal.age_in_years_array(births, ons)
    assert (expected, np.dtype(np.int32)) == (result.tolist(), result.dtype)


def test_age_array_refuses_missing_dates():
    """An age needs both dates: NaT is refused, naming the field and row."""
    with pytest.raises(InvalidDateError, match="birth: row 1 is NaT"):
        cal.age_in_years_array(days_array(NOWRUZ_1399, None), NOWRUZ_1399)
    with pytest.raises(InvalidDateError, match="on: row 0 is NaT"):
        cal.age_in_years_array(days_array(NOWRUZ_1399), days_array(None))
    with pytest.raises(InvalidDateError, match="on="):
        cal.age_in_years_array(days_array(NOWRUZ_1399), "1399-07-31")


# ------------------------------------------------------------------ format_jalali


def test_format_jalali_writes_latin_or_persian_digits():
    """format_jalali writes zero-padded Jalali dates with either digits."""
    day = NOWRUZ_1399 + 14 * ONE_DAY
    assert cal.format_jalali(day) == "1399-01-15"
    assert cal.format_jalali(day, digits="persian", sep="/") == "۱۳۹۹/۰۱/۱۵"
    assert cal.format_jalali(day, sep="") == "13990115"
    with pytest.raises(ValueError, match="digits='arabic'"):
        cal.format_jalali(day, digits="arabic")  # type: ignore[arg-type]


@given(
    st.dates(min_value=FIRST_DAY, max_value=LAST_DAY_WRITABLE_AS_JALALI),
    st.sampled_from(["latin", "persian"]),
    st.sampled_from("-/"),
)
def test_format_then_parse_is_the_identity(day, digits, sep):
    """parse_date reads back what format_jalali writes."""
    assert day == cal.parse_date(cal.format_jalali(day, digits=digits, sep=sep))


# ------------------------------------------------------------------------- bulk


def test_to_jalali_arrays_marks_nat_as_zeros():
    """NaT converts to (0, 0, 0), as int32."""
    parts = cal.to_jalali_arrays(days_array(NOWRUZ_1399, None))
    assert [part.tolist() for part in parts] == [[1399, 0], [1, 0], [1, 0]]
    assert {np.dtype(np.int32)} == {part.dtype for part in parts}


def test_bulk_functions_keep_the_input_shape():
    """A 2-D array of days gives 2-D results."""
    grid = np.array([["2020-03-20", "NaT"], ["2021-03-21", "2024-03-20"]], "M8[D]")
    year, month, day = cal.to_jalali_arrays(grid)
    assert year.tolist() == [[1399, 0], [1400, 1403]]
    assert grid.shape == cal.from_jalali_arrays(year, month, day).shape
    assert cal.fiscal_year_array(grid).tolist() == [[1399, 0], [1400, 1403]]


def test_from_jalali_arrays_reads_zeros_as_nat():
    """(0, 0, 0) converts back to NaT, the inverse of to_jalali_arrays."""
    days = cal.from_jalali_arrays([1399, 0], [1, 0], [1, 0])
    assert days.astype(str).tolist() == ["2020-03-20", "NaT"]


def test_from_jalali_arrays_names_the_first_bad_row():
    """A nonexistent date is refused with the count and the first bad row."""
    with pytest.raises(InvalidDateError) as caught:
        cal.from_jalali_arrays([1399, 1399, 1400], [7, 13, 12], [30, 1, 30])
    message = str(caught.value)
    assert message.startswith("2 date(s) do not exist; first, row 1: date='1399-13-01'")
    assert "month 13 is not in 1..12" in message


def test_from_jalali_arrays_masked_broadcasts():
    """Year, month and day broadcast: one year with many months."""
    days, valid = cal.from_jalali_arrays_masked(1400, np.arange(1, 13), 30)
    assert valid.tolist() == [True] * 11 + [False]
    # Bahman 30 is day 186 + 4 * 30 + 30 of the year that starts on 2021-03-21.
    assert dt.date(2021, 3, 21) + 335 * ONE_DAY == days[10].tolist()


def test_bulk_functions_check_dtypes():
    """Bulk functions refuse non-date or non-integer arrays and times of day."""
    with pytest.raises(TypeError, match="datetime64"):
        cal.to_jalali_arrays(np.array([20200320]))
    with pytest.raises(TypeError, match="whole numbers"):
        cal.from_jalali_arrays(np.array([1399.0]), [1], [1])
    with pytest.raises(TypeError, match="whole numbers"):
        cal.add_months_array(days_array(NOWRUZ_1399), 1.5)
    instants = np.array(["2020-03-20T00:00", "2020-03-20T12:00"], dtype="M8[m]")
    with pytest.raises(InvalidDateError, match=r"row 1 .* not a calendar day"):
        cal.to_jalali_arrays(instants)
    midnights = np.array(["2020-03-20T00:00", "NaT"], dtype="M8[s]")
    assert cal.fiscal_year_array(midnights).tolist() == [1399, 0]


@given(st.lists(st.one_of(st.none(), gregorian_days), max_size=30))
def test_bulk_conversion_equals_scalar_and_round_trips(days):
    """Bulk conversion equals scalar to_jalali row by row and converts back."""
    array = days_array(*days)
    year, month, day = cal.to_jalali_arrays(array)
    expected = [(0, 0, 0) if d is None else attrs_tuple(cal.to_jalali(d)) for d in days]
    assert expected == list(
        zip(year.tolist(), month.tolist(), day.tolist(), strict=True)
    )
    assert np.array_equal(
        array, cal.from_jalali_arrays(year, month, day), equal_nan=True
    )


# ------------------------------------------------------------ parse_date_column


def test_parse_date_column_reads_a_jalali_column():
    """A Jalali column reads every accepted form; empty and None are missing."""
    column = ["1399/1/15", "۱۳۹۹-۰۱-۱۵", " ١٣٩٩/٠١/١٥ ", "", None, "  ", "1399-07-31"]
    days, ok = cal.parse_date_column(column)
    day = NOWRUZ_1399 + 14 * ONE_DAY
    assert [day] * 3 + [None] * 4 == days.tolist()
    assert ok.tolist() == [True] * 6 + [False]


def test_parse_date_column_reads_an_iso_gregorian_column():
    """A Gregorian column is ISO only; a Jalali value in it is a bad row."""
    column = np.array(
        ["2020-06-01", "2020-02-29", "2021-02-29", "2020/6/1", "1399-01-15"]
    )
    days, ok = cal.parse_date_column(column)
    assert days.astype(str).tolist() == [
        "2020-06-01",
        "2020-02-29",
        "NaT",
        "NaT",
        "NaT",
    ]
    assert ok.tolist() == [True, True, False, False, False]


def test_parse_date_column_breaks_a_tie_towards_jalali():
    """With as many Jalali as Gregorian values, the column is Jalali."""
    days, ok = cal.parse_date_column(["2020-06-01", "1399-03-12", "junk"])
    assert ok.tolist() == [False, True, False]
    assert np.datetime64(cal.parse_date("1399-03-12"), "D") == days[1]


def test_parse_date_column_handles_empty_and_all_missing_columns():
    """An empty column and an all-missing column read as NaT without bad rows."""
    days, ok = cal.parse_date_column([])
    assert (days.size, ok.size, str(days.dtype)) == (0, 0, "datetime64[D]")
    days, ok = cal.parse_date_column([None, ""])
    assert (bool(np.isnat(days).all()), bool(ok.all())) == (True, True)


@given(st.lists(jalali_text(), min_size=1, max_size=20))
def test_parse_date_column_equals_parse_date_on_jalali_text(cases):
    """A column of generated Jalali text reads as parse_date reads each value."""
    days, ok = cal.parse_date_column(
        np.array([text for text, _ in cases], dtype=object)
    )
    assert bool(ok.all())
    assert [np.datetime64(day, "D") for _, day in cases] == list(days)


date_alphabet = "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩-/ .\tx\u200f"


@st.composite
def date_like_text(draw: st.DrawFn) -> str:
    """Draw text near the date grammar: digit runs and separators, or noise."""
    if draw(st.booleans()):
        return draw(st.text(alphabet=date_alphabet, max_size=12))
    digits = st.text(alphabet="0123456789", min_size=0, max_size=5)
    separators = st.sampled_from(["-", "/", "", ".", " "])
    return "".join(
        [draw(digits), draw(separators), draw(digits), draw(separators), draw(digits)]
    )


@given(date_like_text())
def test_parse_date_column_uses_the_same_grammar_as_parse_date(text):
    """A one-value column is read exactly when parse_date reads the value."""
    days, ok = cal.parse_date_column([text])
    if not text.replace("\u200f", "").strip():
        assert (bool(ok[0]), bool(np.isnat(days[0]))) == (True, True)
        return
    try:
        expected = np.datetime64(cal.parse_date(text), "D")
    except InvalidDateError:
        assert (bool(ok[0]), bool(np.isnat(days[0]))) == (False, True)
    else:
        assert (True, expected) == (bool(ok[0]), days[0])


@given(
    st.lists(jalali_text(), max_size=8),
    st.lists(modern_days, max_size=8),
    st.randoms(use_true_random=False),
)
def test_parse_date_column_keeps_the_majority_calendar(jalali, gregorian, random):
    """Rows in the column's majority calendar are read; the others are bad rows."""
    rows = [(text, day, "jalali") for text, day in jalali]
    rows += [(day.isoformat(), day, "gregorian") for day in gregorian]
    random.shuffle(rows)
    calendar = "gregorian" if len(gregorian) > len(jalali) else "jalali"
    days, ok = cal.parse_date_column([text for text, _, _ in rows])
    assert [kind == calendar for _, _, kind in rows] == ok.tolist()
    for (_, day, kind), parsed in zip(rows, days, strict=True):
        assert (np.datetime64(day, "D") if kind == calendar else None) == (
            None if np.isnat(parsed) else parsed
        )
