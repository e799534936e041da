"""Exhaustive oracle tests: the bulk Jalali converter against jdatetime (Art. 0.2).

Every day from 1300-01-01 to 1500-12-29 is converted by ``jdatetime`` once (the
oracle, built per module) and compared with the bulk converter in one vectorised
comparison per direction.
"""

from __future__ import annotations

import datetime as dt

import jdatetime
import numpy as np
import pytest

from coopmodel.values import _calendar as cal

FIRST = jdatetime.date(1300, 1, 1)
LAST = jdatetime.date(1500, 12, 29)


@pytest.fixture(scope="module")
def oracle() -> tuple[np.ndarray, np.ndarray]:
    """Return every day of the range as datetime64[D] and jdatetime's (y, m, d) rows."""
    first, last = FIRST.togregorian(), LAST.togregorian()
    count = (last - first).days + 1
    parts = []
    for offset in range(count):
        jalali = jdatetime.date.fromgregorian(date=first + dt.timedelta(days=offset))
        parts.append((jalali.year, jalali.month, jalali.day))
    days = np.arange(
        np.datetime64(first, "D"), np.datetime64(last, "D") + 1, dtype="M8[D]"
    )
    return days, np.array(parts, dtype=np.int64)


def test_oracle_spans_the_whole_range(oracle):
    """The oracle starts on 1300-01-01, ends on 1500-12-29 and has 73k days."""
    days, parts = oracle
    assert parts[0].tolist() == [1300, 1, 1]
    assert parts[-1].tolist() == [1500, 12, 29]
    assert len(days) == len(parts) > 73_000


def test_gregorian_to_jalali_equals_jdatetime_on_every_day(oracle):
    """to_jalali_arrays equals jdatetime on every day of 1300..1500."""
    days, parts = oracle
    year, month, day = cal.to_jalali_arrays(days)
    assert np.array_equal(np.stack([year, month, day], axis=1), parts)


def test_jalali_to_gregorian_equals_jdatetime_on_every_day(oracle):
    """from_jalali_arrays equals jdatetime on every day of 1300..1500."""
    days, parts = oracle
    assert np.array_equal(cal.from_jalali_arrays(*parts.T), days)


def test_round_trips_are_the_identity_on_every_day(oracle):
    """Jalali -> Gregorian -> Jalali and back are the identity on every day."""
    days, parts = oracle
    assert np.array_equal(cal.from_jalali_arrays(*cal.to_jalali_arrays(days)), days)
    year, month, day = cal.to_jalali_arrays(cal.from_jalali_arrays(*parts.T))
    assert np.array_equal(np.stack([year, month, day], axis=1), parts)


def test_only_real_days_are_valid_on_the_whole_grid(oracle):
    """Of every (y, m, d), m in 0..13, d in 0..32, exactly jdatetime's are valid."""
    _, parts = oracle
    year, month, day = np.meshgrid(
        np.arange(1300, 1501), np.arange(0, 14), np.arange(0, 33), indexing="ij"
    )
    _, valid = cal.from_jalali_arrays_masked(year.ravel(), month.ravel(), day.ravel())
    real = {tuple(row) for row in parts.tolist()}
    grid = zip(
        year.ravel().tolist(), month.ravel().tolist(), day.ravel().tolist(), strict=True
    )
    expected = np.array([triple in real for triple in grid])
    assert np.array_equal(valid, expected)


def test_fiscal_year_and_age_equal_the_oracle_on_every_day(oracle):
    """fiscal_year_array and age_in_years_array agree with jdatetime's parts."""
    days, parts = oracle
    assert np.array_equal(cal.fiscal_year_array(days), parts[:, 0])
    birth = np.datetime64(jdatetime.date(1350, 6, 31).togregorian(), "D")
    before_birthday = (parts[:, 1] < 6) | ((parts[:, 1] == 6) & (parts[:, 2] < 31))
    expected_age = parts[:, 0] - 1350 - before_birthday
    on = days  # each day of the range is an evaluation date for one birth date
    assert np.array_equal(
        cal.age_in_years_array(np.full(days.shape, birth), on), expected_age
    )


def test_every_new_year_equals_jdatetime_over_the_supported_range():
    """Farvardin 1 and the last day of Esfand equal jdatetime for years 1..9377."""
    years = np.arange(1, 9378)
    starts = [jdatetime.date(int(y), 1, 1).togregorian() for y in years]
    leap = np.array([jdatetime.date(int(y), 1, 1).isleap() for y in years])
    assert cal.from_jalali_arrays(years, 1, 1).tolist() == starts
    ends = cal.from_jalali_arrays(years, 12, np.where(leap, 30, 29)).tolist()
    assert ends[:-1] == [start - dt.timedelta(days=1) for start in starts[1:]]
    assert ends[-1] == jdatetime.date(9377, 12, 30).togregorian()


def test_window_paths_equal_the_general_functions_on_every_day(oracle):
    """The table paths of the vector interpreter equal the general bulk functions."""
    days, _ = oracle
    window = cal.window_days(days)
    assert window is not None
    assert np.array_equal(cal.window_fiscal_years(window), cal.fiscal_year_array(days))
    rng = np.random.default_rng(6)
    for on in rng.choice(days, 8, replace=False):
        at = cal.window_days(np.asarray(on))
        assert at is not None
        assert np.array_equal(
            cal.window_ages(window, at), cal.age_in_years_array(days, on)
        )
        assert np.array_equal(
            cal.window_ages(at, window), cal.age_in_years_array(on, days)
        )
    for shift in (-1299 * 12, -25, -1, 0, 1, 11, 12, 13, 60, 7000 * 12):
        shifted = cal.window_add_months(window, shift)
        assert shifted is not None
        assert np.array_equal(shifted, cal.add_months_array(days, shift))
    shifts = rng.integers(-600, 600, len(days))
    shifted = cal.window_add_months(window, shifts)
    assert shifted is not None
    assert np.array_equal(shifted, cal.add_months_array(days, shifts))


def test_window_paths_decline_what_lies_outside():
    """NaT, days outside 1300..1500 and results past year 9377 go the general way."""
    inside = np.array(["2020-03-20"], dtype="datetime64[D]")
    assert cal.window_days(np.array(["NaT"], dtype="datetime64[D]")) is None
    assert cal.window_days(np.array(["1900-01-01"], dtype="datetime64[D]")) is None
    assert cal.window_days(inside.astype("datetime64[s]")) is None
    window = cal.window_days(inside)
    assert window is not None
    assert cal.window_add_months(window, 9000 * 12) is None
    assert cal.window_add_months(window, np.array([-1400 * 12])) is None
    empty = cal.window_days(np.array([], dtype="datetime64[D]"))
    assert empty is not None
    assert cal.window_add_months(empty, 10**30) is not None
