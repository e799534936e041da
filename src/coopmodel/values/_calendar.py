"""The Jalali (Solar Hijri) calendar: reading dates, converting, fiscal years, months.

The calendar of record is the Jalali calendar (rulebook Art. 0.2); every date
coopmodel keeps is a Gregorian :class:`datetime.date` (or ``datetime64[D]`` in
bulk), converted to Jalali where a rule needs it.

**Accepted forms** (:func:`parse_date`): a :class:`datetime.date`, a
``jdatetime.date``, or a string ``YYYY-MM-DD`` or ``YYYY/M/D`` (one separator,
used twice; a four-digit year; a one- or two-digit month and day) in ASCII,
Persian (``۰-۹``) or Arabic-Indic (``٠-٩``) digits. Surrounding white space and
the invisible direction marks that right-to-left text carries (LRM, RLM, ALM
and the embedding and isolate controls) are ignored. A string whose year is
below 1700 is **Jalali**; a year of 1700 or more is **Gregorian** and must then
be ISO ``YYYY-MM-DD`` (no Jalali year of interest reaches 1700 and no Gregorian
one falls below it). A :class:`datetime.datetime` is refused: it is an
instant, not a calendar day.

**Range**: Jalali years 1 to 9377 (Gregorian 0622-03-21 to 9999-03-20), the
range of ``jdatetime``, which is the reference for every conversion. The bulk
converter uses a table of the first day of every Jalali year, built once from
``jdatetime`` on first use; the tests prove it equal to ``jdatetime`` on every
day from 1300-01-01 to 1500-12-29.

**Bulk conventions**: ``NaT`` is a missing date. It converts to Jalali
``(0, 0, 0)`` and fiscal year 0, and ``(0, 0, 0)`` converts back to ``NaT``;
month arithmetic keeps ``NaT``; an age needs both dates and refuses ``NaT``.

**Birthdays on Esfand 30.** Age follows Art. 2.2 literally: with the birth date
``(by, bm, bd)`` and ``on = (y, m, d)``, age is ``y - by - 1`` when
``(m, d) < (bm, bd)`` and ``y - by`` otherwise. A person born on Esfand 30 (of
a leap year) therefore has, in a common year, not yet had the birthday on
Esfand 29, the last day of that year, because ``(12, 29) < (12, 30)``: the year
is completed on Farvardin 1 of the next year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from typing import Literal, TypeAlias

import attrs
import jdatetime
import numpy as np
import numpy.typing as npt

from coopmodel._errors import InvalidDateError
from coopmodel._typing import BoolArray, DateArray, Int32Array, Int64Array
from coopmodel.values._digits import (
    ARABIC_INDIC_DIGITS,
    PERSIAN_DIGITS,
    to_ascii_digits,
    to_persian_digits,
)

__all__ = [
    "DateLike",
    "JalaliDate",
    "add_months",
    "add_months_array",
    "age_in_years",
    "age_in_years_array",
    "fiscal_year",
    "fiscal_year_array",
    "fiscal_year_end",
    "fiscal_year_start",
    "format_jalali",
    "from_jalali",
    "from_jalali_arrays",
    "from_jalali_arrays_masked",
    "is_leap_year",
    "month_length",
    "parse_date",
    "parse_date_column",
    "to_jalali",
    "to_jalali_arrays",
]

#: What every API that takes a date accepts (Art. 0.2).
DateLike: TypeAlias = dt.date | jdatetime.date | str

_MIN_YEAR = 1
_MAX_YEAR = 9377
#: The window of the fast lookup table (and of the exhaustive test).
_TABLE_FIRST_YEAR = 1300
_TABLE_LAST_YEAR = 1500
_FIRST_GREGORIAN_DAY = dt.date(622, 3, 21)
_LAST_GREGORIAN_DAY = dt.date(9999, 3, 20)
#: In a date string, a year from this one on is Gregorian; below it, Jalali.
_FIRST_GREGORIAN_YEAR_IN_TEXT = 1700
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_NAT = np.iinfo(np.int64).min
#: Farvardin 1 to Shahrivar 31: the first six months have 31 days each.
_DAYS_IN_FIRST_HALF = 186
#: Keep month arithmetic inside int64 and far from the supported range's edge.
_MAX_MONTH_SHIFT = 12 * (_MAX_YEAR + 1)
_RANGE_TEXT = (
    f"the Jalali years {_MIN_YEAR}..{_MAX_YEAR} "
    f"(Gregorian {_FIRST_GREGORIAN_DAY}..{_LAST_GREGORIAN_DAY})"
)

#: Invisible bidirectional controls that text copied from right-to-left pages carries.
_INVISIBLE_MARKS = (
    "\u200e\u200f\u061c"  # LRM, RLM, ALM
    "\u202a\u202b\u202c\u202d\u202e"  # LRE, RLE, PDF, LRO, RLO
    "\u2066\u2067\u2068\u2069"  # LRI, RLI, FSI, PDI
)
_DROP_MARKS = str.maketrans(dict.fromkeys(_INVISIBLE_MARKS))
_DIGIT_STYLES: dict[str, Callable[[str], str]] = {
    "latin": str,
    "persian": to_persian_digits,
}
_DATE_TEXT = re.compile(r"(\d{4})([-/])(\d{1,2})\2(\d{1,2})", re.ASCII)
_ACCEPTED_FORMS = (
    "expected a Jalali date such as '1399-01-15', '1399/1/15' or '۱۳۹۹/۰۱/۱۵', "
    "or an ISO Gregorian date such as '2020-06-01'"
)


# --------------------------------------------------------------------------- scalar


@attrs.frozen(order=True)
class JalaliDate:
    """A day of the Jalali calendar; orders chronologically.

    Constructing one checks that the day exists.

    Examples:
        >>> JalaliDate(1399, 1, 15)
        JalaliDate(year=1399, month=1, day=15)
        >>> str(JalaliDate(1399, 1, 15))
        '1399-01-15'
        >>> JalaliDate(1399, 12, 30).to_date()
        datetime.date(2021, 3, 20)
    """

    year: int
    month: int
    day: int

    def __attrs_post_init__(self) -> None:
        """Refuse a day that does not exist (Art. 1.6)."""
        _check_jalali(self.year, self.month, self.day, field="date")

    def __str__(self) -> str:
        """Render as ``1399-01-15``."""
        return _jalali_text(self.year, self.month, self.day)

    @classmethod
    def from_date(cls, value: DateLike) -> JalaliDate:
        """Return the Jalali day of ``value`` (any accepted form)."""
        return to_jalali(value)

    def to_date(self) -> dt.date:
        """Return the Gregorian day."""
        return from_jalali(self.year, self.month, self.day)


def parse_date(value: DateLike, *, field: str = "date") -> dt.date:
    """Read a date in any accepted form and return its Gregorian day.

    Strings are read as described in the module documentation: a year below 1700
    is Jalali, a year of 1700 or more is ISO Gregorian.

    Args:
        value: A :class:`datetime.date`, a ``jdatetime.date`` or a date string.
        field: The field name the error message cites.

    Returns:
        The Gregorian calendar day.

    Raises:
        InvalidDateError: ``value`` is not a date, does not exist, or is a
            :class:`datetime.datetime`; the message names ``field`` and ``value``.

    Examples:
        >>> parse_date("1399-01-15")
        datetime.date(2020, 4, 3)
        >>> parse_date("۱۳۹۹/۰۱/۱۵") == parse_date("1399/1/15")
        True
        >>> parse_date("2020-06-01")
        datetime.date(2020, 6, 1)
        >>> parse_date("1399-07-31", field="joined_on")
        Traceback (most recent call last):
        ...
        coopmodel._errors.InvalidDateError: joined_on='1399-07-31': day 31 does not \
exist in month 7 of 1399, which has 30 days
    """
    if isinstance(value, dt.datetime | jdatetime.datetime):
        msg = (
            f"{field}={value!r}: a datetime is an instant, not a calendar day; "
            "pass its date"
        )
        raise InvalidDateError(msg)
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, jdatetime.date):
        return from_jalali(value.year, value.month, value.day, field=field)
    if isinstance(value, str):
        return _parse_text(value, field=field)
    msg = f"{field}={value!r}: {_ACCEPTED_FORMS}, got {type(value).__name__}"
    raise InvalidDateError(msg)


def is_leap_year(year: int) -> bool:
    """Return whether Jalali ``year`` has 366 days (Esfand 30 exists).

    Examples:
        >>> is_leap_year(1399), is_leap_year(1400), is_leap_year(1403)
        (True, False, True)
    """
    _check_year(year, field="year", shown=repr(year))
    return bool(jdatetime.date(year, 1, 1).isleap())


def month_length(year: int, month: int) -> int:
    """Return the number of days of Jalali ``month`` of ``year``.

    Farvardin to Shahrivar have 31 days, Mehr to Bahman 30, Esfand 29, or 30 in
    a leap year.

    Examples:
        >>> month_length(1399, 6), month_length(1399, 7), month_length(1400, 12)
        (31, 30, 29)
    """
    shown = f"year={year!r}, month={month!r}"
    _check_year(year, field="year", shown=shown)
    _check_month(month, field="month", shown=shown)
    return _month_length(year, month)


def from_jalali(year: int, month: int, day: int, *, field: str = "date") -> dt.date:
    """Return the Gregorian day of Jalali ``year``-``month``-``day``.

    Raises:
        InvalidDateError: The day does not exist; the message names ``field``, the
            date and the part at fault.

    Examples:
        >>> from_jalali(1399, 1, 1)
        datetime.date(2020, 3, 20)
        >>> from_jalali(1400, 12, 30)
        Traceback (most recent call last):
        ...
        coopmodel._errors.InvalidDateError: date='1400-12-30': day 30 does not \
exist in month 12 of 1400, which has 29 days
    """
    if type(year) is int and type(month) is int and type(day) is int:
        return _gregorian_day(year, month, day, field)
    _check_jalali(year, month, day, field=field)
    gregorian: dt.date = jdatetime.date(year, month, day).togregorian()
    return gregorian


@functools.lru_cache(maxsize=1 << 16)
def _gregorian_day(year: int, month: int, day: int, field: str) -> dt.date:
    """Check and convert a Jalali day of whole numbers; kept, as days recur."""
    _check_jalali(year, month, day, field=field)
    gregorian: dt.date = jdatetime.date(year, month, day).togregorian()
    return gregorian


def to_jalali(value: DateLike, *, field: str = "date") -> JalaliDate:
    """Return the Jalali day of ``value`` (any accepted form).

    Examples:
        >>> to_jalali(dt.date(2021, 3, 21))
        JalaliDate(year=1400, month=1, day=1)
    """
    day = parse_date(value, field=field)
    if not _FIRST_GREGORIAN_DAY <= day <= _LAST_GREGORIAN_DAY:
        msg = f"{field}={value!r}: {day} is outside {_RANGE_TEXT}"
        raise InvalidDateError(msg)
    return _jalali_day(day)


@functools.lru_cache(maxsize=1 << 16)
def _jalali_day(day: dt.date) -> JalaliDate:
    """Convert a day in range with ``jdatetime``; kept, as the days of a run recur."""
    jalali = jdatetime.date.fromgregorian(date=day)
    return JalaliDate(jalali.year, jalali.month, jalali.day)


def fiscal_year(value: DateLike) -> int:
    """Return the fiscal year of ``value``: the Jalali year it falls in (Art. 0.2).

    Examples:
        >>> fiscal_year(dt.date(2021, 3, 20)), fiscal_year("1400-01-01")
        (1399, 1400)
    """
    return to_jalali(value).year


def fiscal_year_start(year: int) -> dt.date:
    """Return the first day of fiscal year ``year``: Farvardin 1.

    Examples:
        >>> fiscal_year_start(1403)
        datetime.date(2024, 3, 20)
    """
    return from_jalali(year, 1, 1, field="fiscal_year")


def fiscal_year_end(year: int) -> dt.date:
    """Return the last day of fiscal year ``year``: the last day of Esfand.

    Examples:
        >>> fiscal_year_end(1399), fiscal_year_end(1400)
        (datetime.date(2021, 3, 20), datetime.date(2022, 3, 20))
    """
    _check_year(year, field="fiscal_year", shown=repr(year))
    return from_jalali(year, 12, _month_length(year, 12), field="fiscal_year")


def add_months(value: DateLike, months: int) -> dt.date:
    """Return the day ``months`` Jalali months after ``value`` (before, if negative).

    The result keeps the day of the month, or takes the month's last day where
    that day does not exist (Art. 4.4). Clamping makes the operation lose the
    original day: ``add_months(add_months(d, 1), 1)`` may differ from
    ``add_months(d, 2)``.

    Raises:
        InvalidDateError: The result leaves the supported range.

    Examples:
        >>> format_jalali(add_months("1399-06-31", 1))
        '1399-07-30'
        >>> format_jalali(add_months("1399-12-30", 12))
        '1400-12-29'
    """
    if isinstance(months, bool) or not isinstance(months, int):
        msg = f"months={months!r}: expected a whole number of months"
        raise TypeError(msg)
    start = to_jalali(value)
    year, month_index = divmod(start.year * 12 + start.month - 1 + months, 12)
    month = month_index + 1
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        msg = (
            f"date={value!r} plus {months} months: year {year} is outside {_RANGE_TEXT}"
        )
        raise InvalidDateError(msg)
    return from_jalali(year, month, min(start.day, _month_length(year, month)))


def age_in_years(birth: DateLike, on: DateLike) -> int:
    """Return the age in full Jalali years on ``on`` (Art. 2.2).

    The rulebook's formula is applied as written, so the result is negative when
    ``on`` is before the first birthday. See the module documentation for a
    birthday on Esfand 30.

    Examples:
        >>> age_in_years("1380-05-10", on="1398-05-09")
        17
        >>> age_in_years("1380-05-10", on="1398-05-10")
        18
        >>> age_in_years("1399-12-30", on="1400-12-29")  # Esfand 29, the last day
        0
    """
    born = to_jalali(birth, field="birth")
    today = to_jalali(on, field="on")
    before_birthday = (today.month, today.day) < (born.month, born.day)
    return today.year - born.year - int(before_birthday)


def format_jalali(
    value: DateLike,
    *,
    digits: Literal["latin", "persian"] = "latin",
    sep: str = "-",
) -> str:
    """Write ``value`` as a Jalali date, zero-padded: ``1399-01-15``.

    Args:
        value: The date, in any accepted form.
        digits: ``"latin"`` for ASCII digits, ``"persian"`` for ``۰-۹``.
        sep: The separator between year, month and day.

    Returns:
        The Jalali date as text; ``parse_date`` reads it back when ``sep`` is
        ``"-"`` or ``"/"``.

    Examples:
        >>> format_jalali(dt.date(2020, 4, 3))
        '1399-01-15'
        >>> format_jalali("1399-01-15", digits="persian", sep="/")
        '۱۳۹۹/۰۱/۱۵'
    """
    if type(value) is dt.date and type(sep) is str:
        return _format_day(value, digits, sep)
    return _format(value, digits, sep)


def _format(value: DateLike, digits: str, sep: str) -> str:
    write_digits = _DIGIT_STYLES.get(digits)
    if write_digits is None:
        msg = f"digits={digits!r}: expected 'latin' or 'persian'"
        raise ValueError(msg)
    jalali = to_jalali(value)
    return write_digits(_jalali_text(jalali.year, jalali.month, jalali.day, sep=sep))


#: A day's text, kept: the days of a run's explanations recur.
_format_day = functools.lru_cache(maxsize=1 << 14)(_format)


@functools.lru_cache(maxsize=4096)
def _parse_text(value: str, *, field: str) -> dt.date:
    text = to_ascii_digits(value).translate(_DROP_MARKS).strip()
    match = _DATE_TEXT.fullmatch(text)
    if match is None:
        msg = f"{field}={value!r}: not a date; {_ACCEPTED_FORMS}"
        raise InvalidDateError(msg)
    year_text, separator, month_text, day_text = match.groups()
    year, month, day = int(year_text), int(month_text), int(day_text)
    if year < _FIRST_GREGORIAN_YEAR_IN_TEXT:
        _check_jalali(year, month, day, field=field, shown=repr(value))
        gregorian: dt.date = jdatetime.date(year, month, day).togregorian()
        return gregorian
    if separator != "-" or len(month_text) != 2 or len(day_text) != 2:
        msg = (
            f"{field}={value!r}: a year from {_FIRST_GREGORIAN_YEAR_IN_TEXT} on is "
            "Gregorian and must be written ISO 'YYYY-MM-DD'"
        )
        raise InvalidDateError(msg)
    _check_month(month, field=field, shown=repr(value))
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        msg = (
            f"{field}={value!r}: day {day} does not exist in Gregorian month "
            f"{month} of {year}, which has {days} days"
        )
        raise InvalidDateError(msg)
    return dt.date(year, month, day)


def _jalali_text(year: int, month: int, day: int, *, sep: str = "-") -> str:
    return f"{year:04d}{sep}{month:02d}{sep}{day:02d}"


def _month_length(year: int, month: int) -> int:
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if jdatetime.date(year, 1, 1).isleap() else 29


def _check_whole(value: object, *, part: str, field: str, shown: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"{field}={shown}: {part} {value!r} is not a whole number"
        raise InvalidDateError(msg)


def _check_year(year: int, *, field: str, shown: str) -> None:
    _check_whole(year, part="year", field=field, shown=shown)
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        msg = f"{field}={shown}: year {year} is outside {_RANGE_TEXT}"
        raise InvalidDateError(msg)


def _check_month(month: int, *, field: str, shown: str) -> None:
    _check_whole(month, part="month", field=field, shown=shown)
    if not 1 <= month <= 12:
        msg = f"{field}={shown}: month {month} is not in 1..12"
        raise InvalidDateError(msg)


def _check_jalali(
    year: int, month: int, day: int, *, field: str, shown: str | None = None
) -> None:
    if shown is None:
        whole = all(type(part) is int for part in (year, month, day))
        shown = repr(_jalali_text(year, month, day) if whole else (year, month, day))
    _check_year(year, field=field, shown=shown)
    _check_month(month, field=field, shown=shown)
    _check_whole(day, part="day", field=field, shown=shown)
    days = _month_length(year, month)
    if not 1 <= day <= days:
        msg = (
            f"{field}={shown}: day {day} does not exist in month {month} of {year}, "
            f"which has {days} days"
        )
        raise InvalidDateError(msg)


# --------------------------------------------------------------------------- bulk


@functools.cache
def _year_starts() -> Int64Array:
    """Return the day number of Farvardin 1 of each Jalali year, then one more.

    Entry ``i`` is the day (counted from 1970-01-01, as ``datetime64[D]``) of
    Farvardin 1 of year ``i + 1``; the last entry is the day after the last day
    of the last supported year. Built once, from ``jdatetime``.
    """
    firsts = [
        jdatetime.date(year, 1, 1).togregorian().toordinal()
        for year in range(_MIN_YEAR, _MAX_YEAR + 1)
    ]
    after_last = _LAST_GREGORIAN_DAY.toordinal() + 1
    starts = np.array([*firsts, after_last], dtype=np.int64) - _EPOCH_ORDINAL
    starts.flags.writeable = False
    return starts


def _epoch_days(
    days: DateArray | np.datetime64, *, field: str
) -> tuple[Int64Array, BoolArray]:
    """Return ``days`` as day numbers since 1970-01-01, and where they are NaT."""
    array = np.asarray(days)
    if array.dtype.kind != "M":
        msg = f"{field}: expected datetime64[D] values, got dtype {array.dtype}"
        raise TypeError(msg)
    whole_days = array.astype("datetime64[D]")
    if array.dtype != whole_days.dtype:
        exact = (whole_days.astype(array.dtype) == array) | np.isnat(array)
        if not exact.all():
            row = int(np.flatnonzero(~exact)[0])
            msg = (
                f"{field}: row {row} holds {array.ravel()[row]}, a time of day, "
                "not a calendar day"
            )
            raise InvalidDateError(msg)
    missing = np.isnat(whole_days)
    return whole_days.view(np.int64), missing


def _check_in_range(numbers: Int64Array, missing: BoolArray, *, field: str) -> None:
    starts = _year_starts()
    outside = ~missing & ((numbers < starts[0]) | (numbers >= starts[-1]))
    if outside.any():
        row = int(np.flatnonzero(outside)[0])
        day = np.int64(numbers.ravel()[row]).astype("datetime64[D]")
        msg = (
            f"{field}: {int(outside.sum())} date(s) outside {_RANGE_TEXT}; "
            f"first, row {row}: {day}"
        )
        raise InvalidDateError(msg)


def _search_parts(
    numbers: Int64Array, missing: BoolArray
) -> tuple[Int64Array, Int64Array, Int64Array]:
    """Split day numbers into Jalali parts by searching the year starts (any range)."""
    starts = _year_starts()
    safe = np.where(missing, starts[0], numbers)
    index = np.searchsorted(starts, safe, side="right") - 1
    day_of_year = safe - starts[index]
    in_first_half = day_of_year < _DAYS_IN_FIRST_HALF
    into_second_half = day_of_year - _DAYS_IN_FIRST_HALF
    month = np.where(in_first_half, day_of_year // 31 + 1, into_second_half // 30 + 7)
    day = np.where(in_first_half, day_of_year % 31 + 1, into_second_half % 30 + 1)
    year = index.astype(np.int64) + _MIN_YEAR
    zero = np.int64(0)
    return (
        np.where(missing, zero, year),
        np.where(missing, zero, month).astype(np.int64),
        np.where(missing, zero, day).astype(np.int64),
    )


@functools.cache
def _parts_table() -> tuple[int, int, Int64Array, Int64Array, Int64Array]:
    """Return a lookup table of Jalali parts for every day of 1300..1500.

    Registers hold dates of this window; a gather is far faster than a search.
    Built once from :func:`_search_parts`; the exhaustive test against
    ``jdatetime`` covers exactly this window.
    """
    starts = _year_starts()
    first = int(starts[_TABLE_FIRST_YEAR - _MIN_YEAR])
    end = int(starts[_TABLE_LAST_YEAR + 1 - _MIN_YEAR])
    numbers = np.arange(first, end, dtype=np.int64)
    year, month, day = _search_parts(numbers, np.zeros(len(numbers), dtype=bool))
    for part in (year, month, day):
        part.flags.writeable = False
    return first, end, year, month, day


def _jalali_parts(
    numbers: Int64Array, missing: BoolArray
) -> tuple[Int64Array, Int64Array, Int64Array]:
    """Split in-range day numbers into Jalali year, month, day; zeros where missing."""
    first, end, years, months, days = _parts_table()
    present = numbers[~missing] if missing.any() else numbers
    if present.size and (present.min() < first or present.max() >= end):
        return _search_parts(numbers, missing)
    index = np.where(missing, 0, numbers - first) if missing.any() else numbers - first
    year, month, day = years[index], months[index], days[index]
    if missing.any():
        zero = np.int64(0)
        year = np.where(missing, zero, year)
        month = np.where(missing, zero, month)
        day = np.where(missing, zero, day)
    return year, month, day


@functools.cache
def _month_length_table() -> Int64Array:
    """Return the length of month ``m`` of year ``y`` at ``13 * (y - 1) + m``."""
    year_lengths = np.diff(_year_starts())
    esfand = np.where(year_lengths == 366, 30, 29)
    table = np.zeros((len(year_lengths), 13), dtype=np.int64)
    table[:, 1:7] = 31
    table[:, 7:12] = 30
    table[:, 12] = esfand
    flat = table.ravel()
    flat.flags.writeable = False
    return flat


def _month_lengths(year: Int64Array, month: Int64Array) -> Int64Array:
    """Return month lengths for years already known to be in range."""
    lengths: Int64Array = _month_length_table()[(year - _MIN_YEAR) * 13 + month]
    return lengths


def _days_from_parts(
    year: Int64Array, month: Int64Array, day: Int64Array
) -> tuple[Int64Array, BoolArray]:
    """Return day numbers of Jalali dates (``_NAT`` where invalid) and validity."""
    starts = _year_starts()
    year_ok = (year >= _MIN_YEAR) & (year <= _MAX_YEAR)
    month_ok = (month >= 1) & (month <= 12)
    safe_year = np.where(year_ok, year, _MIN_YEAR)
    safe_month = np.where(month_ok, month, 1)
    valid = (
        year_ok & month_ok & (day >= 1) & (day <= _month_lengths(safe_year, safe_month))
    )
    month_offset = np.where(
        safe_month <= 7,
        (safe_month - 1) * 31,
        _DAYS_IN_FIRST_HALF + (safe_month - 7) * 30,
    )
    numbers = starts[safe_year - _MIN_YEAR] + month_offset + day - 1
    return np.where(valid, numbers, _NAT).astype(np.int64), valid


def _as_days_array(numbers: Int64Array) -> DateArray:
    return numbers.astype(np.int64).view("datetime64[D]")


def _int_array(values: npt.ArrayLike, *, field: str) -> Int64Array:
    array = np.asarray(values)
    if array.dtype.kind not in "iu":
        msg = f"{field}: expected whole numbers, got dtype {array.dtype}"
        raise TypeError(msg)
    return array.astype(np.int64)


def to_jalali_arrays(days: DateArray) -> tuple[Int32Array, Int32Array, Int32Array]:
    """Convert ``datetime64[D]`` days to Jalali year, month and day arrays.

    ``NaT`` gives ``(0, 0, 0)``.

    Raises:
        InvalidDateError: A day is outside the supported range.

    Examples:
        >>> days = np.array(["2020-03-20", "NaT", "2021-03-21"], dtype="datetime64[D]")
        >>> [part.tolist() for part in to_jalali_arrays(days)]
        [[1399, 0, 1400], [1, 0, 1], [1, 0, 1]]
    """
    numbers, missing = _epoch_days(days, field="days")
    _check_in_range(numbers, missing, field="days")
    year, month, day = _jalali_parts(numbers, missing)
    return year.astype(np.int32), month.astype(np.int32), day.astype(np.int32)


def from_jalali_arrays_masked(
    year: npt.ArrayLike, month: npt.ArrayLike, day: npt.ArrayLike
) -> tuple[DateArray, BoolArray]:
    """Convert Jalali year, month and day arrays to days, marking the valid rows.

    The arrays broadcast together. ``(0, 0, 0)`` is a missing date: it gives
    ``NaT`` and counts as valid. A date that does not exist gives ``NaT`` and
    ``False``.

    Examples:
        >>> years, months, days = [1399, 1399, 0], [12, 7, 0], [30, 31, 0]
        >>> result, valid = from_jalali_arrays_masked(years, months, days)
        >>> result.astype(str).tolist(), valid.tolist()
        (['2021-03-20', 'NaT', 'NaT'], [True, False, True])
    """
    years, months, days = np.broadcast_arrays(
        _int_array(year, field="year"),
        _int_array(month, field="month"),
        _int_array(day, field="day"),
    )
    numbers, valid = _days_from_parts(years, months, days)
    missing = (years == 0) & (months == 0) & (days == 0)
    return _as_days_array(numbers), valid | missing


def from_jalali_arrays(
    year: npt.ArrayLike, month: npt.ArrayLike, day: npt.ArrayLike
) -> DateArray:
    """Convert Jalali year, month and day arrays to ``datetime64[D]`` days.

    The arrays broadcast together; ``(0, 0, 0)`` gives ``NaT``.

    Raises:
        InvalidDateError: A date does not exist; the message counts them and
            names the first.

    Examples:
        >>> from_jalali_arrays([1399, 1403], [1, 1], [1, 1]).astype(str).tolist()
        ['2020-03-20', '2024-03-20']
    """
    days, valid = from_jalali_arrays_masked(year, month, day)
    if not valid.all():
        years, months, day_parts = np.broadcast_arrays(
            np.asarray(year), np.asarray(month), np.asarray(day)
        )
        row = int(np.flatnonzero(~valid)[0])
        first = (
            int(years.ravel()[row]),
            int(months.ravel()[row]),
            int(day_parts.ravel()[row]),
        )
        try:
            _check_jalali(*first, field=f"row {row}: date")
        except InvalidDateError as error:
            msg = f"{int((~valid).sum())} date(s) do not exist; first, {error}"
            raise InvalidDateError(msg) from error
    return days


def fiscal_year_array(days: DateArray) -> Int32Array:
    """Return the fiscal (Jalali) year of each day; ``NaT`` gives 0.

    Examples:
        >>> days = np.array(["2021-03-20", "2021-03-21", "NaT"], dtype="datetime64[D]")
        >>> fiscal_year_array(days).tolist()
        [1399, 1400, 0]
    """
    return to_jalali_arrays(days)[0]


_MONTH_OFFSETS = np.array(
    [0, 31, 62, 93, 124, 155, 186, 216, 246, 276, 306, 336], dtype=np.int64
)


def _add_months_fast(
    year: Int64Array,
    month: Int64Array,
    day: Int64Array,
    shift: Int64Array,
    missing: BoolArray,
) -> Int64Array | None:
    """Add months with table lookups when nothing is missing or far; else None.

    The common bulk case (no NaT, results inside the supported range) needs no
    validity checks: every result is a real day by construction.
    """
    if missing.any() or (shift.size and np.abs(shift).max() > _MAX_MONTH_SHIFT):
        return None
    new_year, month_index = np.divmod(year * 12 + (month - 1) + shift, 12)
    if new_year.size and (new_year.min() < _MIN_YEAR or new_year.max() > _MAX_YEAR):
        return None
    year_index = new_year - _MIN_YEAR
    length = _month_length_table()[year_index * 13 + month_index + 1]
    new_day = np.minimum(day, length)
    result: Int64Array = (
        _year_starts()[year_index] + _MONTH_OFFSETS[month_index] + new_day - 1
    )
    return result


def add_months_array(days: DateArray, months: int | npt.ArrayLike) -> DateArray:
    """Add Jalali months to each day, clamping to the month's last day (Art. 4.4).

    ``months`` is one whole number or an array that broadcasts with ``days``;
    ``NaT`` stays ``NaT``. Each row equals :func:`add_months` on that row.

    Raises:
        InvalidDateError: A result leaves the supported range.

    Examples:
        >>> days = np.array(["2020-09-21", "NaT"], dtype="datetime64[D]")  # 1399-06-31
        >>> add_months_array(days, 1).astype(str).tolist()
        ['2020-10-21', 'NaT']
    """
    numbers, missing = _epoch_days(days, field="days")
    _check_in_range(numbers, missing, field="days")
    year, month, day = _jalali_parts(numbers, missing)
    shift = _int_array(months, field="months")
    fast = _add_months_fast(year, month, day, shift, missing)
    if fast is not None:
        return _as_days_array(fast)
    year, month, day, shift, missing = np.broadcast_arrays(
        year, month, day, shift, missing
    )
    too_far = np.abs(shift) > _MAX_MONTH_SHIFT
    safe_shift = np.where(too_far, 0, shift)
    new_year, month_index = np.divmod(year * 12 + month - 1 + safe_shift, 12)
    new_month = month_index + 1
    outside = ~missing & (too_far | (new_year < _MIN_YEAR) | (new_year > _MAX_YEAR))
    if outside.any():
        row = int(np.flatnonzero(outside)[0])
        msg = (
            f"days plus months: {int(outside.sum())} result(s) outside "
            f"{_RANGE_TEXT}; first, row {row}: "
            f"{_as_days_array(numbers.ravel()[row : row + 1])[0]} plus "
            f"{int(shift.ravel()[row])} months"
        )
        raise InvalidDateError(msg)
    keep = missing | outside
    safe_year = np.where(keep, _MIN_YEAR, new_year)
    safe_month = np.where(keep, 1, new_month)
    new_day = np.minimum(np.where(keep, 1, day), _month_lengths(safe_year, safe_month))
    result, _ = _days_from_parts(safe_year, safe_month, new_day)
    return _as_days_array(np.where(missing, _NAT, result))


def age_in_years_array(
    birth: DateArray, on: DateArray | np.datetime64 | DateLike
) -> Int32Array:
    """Return the age in full Jalali years of each birth date on ``on`` (Art. 2.2).

    ``on`` is one date or an array that broadcasts with ``birth``. Each row
    equals :func:`age_in_years` on that row.

    Raises:
        InvalidDateError: A date is ``NaT`` or outside the supported range.

    Examples:
        >>> birth = np.array(["2001-08-01", "2021-03-20"], dtype="datetime64[D]")
        >>> age_in_years_array(birth, "1401-01-01").tolist()
        [20, 1]
    """
    birth_numbers, birth_missing = _epoch_days(birth, field="birth")
    if isinstance(on, np.ndarray | np.datetime64):
        on_numbers, on_missing = _epoch_days(on, field="on")
    else:
        on_day = np.datetime64(parse_date(on, field="on"), "D")
        on_numbers, on_missing = _epoch_days(on_day, field="on")
    for field, missing in (("birth", birth_missing), ("on", on_missing)):
        if missing.any():
            row = int(np.flatnonzero(missing)[0])
            msg = f"{field}: row {row} is NaT; an age needs both dates"
            raise InvalidDateError(msg)
    _check_in_range(birth_numbers, birth_missing, field="birth")
    _check_in_range(on_numbers, on_missing, field="on")
    birth_year, birth_month, birth_day = _jalali_parts(birth_numbers, birth_missing)
    on_year, on_month, on_day_of_month = _jalali_parts(on_numbers, on_missing)
    before_birthday = (on_month < birth_month) | (
        (on_month == birth_month) & (on_day_of_month < birth_day)
    )
    age: Int64Array = on_year - birth_year - before_birthday.astype(np.int64)
    return age.astype(np.int32)


# ------------------------------------------------- window days for bulk rule trees


@functools.cache
def _window_tables() -> tuple[int, int, Int32Array, Int32Array, Int32Array]:
    """Return per-day tables over the lookup window of :func:`_parts_table`.

    The first and past-the-end day numbers, then for each day of the window: the
    packed key ``year * 512 + month * 32 + day``, the month serial
    ``(year - 1) * 12 + month - 1`` and the day of the month.
    """
    first, end, years, months, days = _parts_table()
    keys = (years * 512 + months * 32 + days).astype(np.int32)
    serials = ((years - _MIN_YEAR) * 12 + months - 1).astype(np.int32)
    of_month = days.astype(np.int32)
    for table in (keys, serials, of_month):
        table.flags.writeable = False
    return first, end, keys, serials, of_month


@functools.cache
def _month_serial_tables() -> tuple[Int64Array, Int64Array]:
    """Return the first day number and the length of each month, by month serial."""
    starts = _year_starts()[:-1]
    lengths = _month_length_table().reshape(-1, 13)[:, 1:].ravel().copy()
    firsts = (starts[:, None] + _MONTH_OFFSETS[None, :]).ravel()
    for table in (firsts, lengths):
        table.flags.writeable = False
    return firsts, lengths


@attrs.frozen(eq=False)
class WindowDays:
    """Days known to lie in the lookup window (no ``NaT``), as table offsets.

    Built by :func:`window_days`; the vector interpreter keeps one per date
    column and reads the Jalali parts it needs with one gather each, so a
    column is converted once however many rules read it.
    """

    offsets: Int64Array

    @functools.cached_property
    def keys(self) -> Int32Array:
        """Packed ``year * 512 + month * 32 + day``, ordered as the days."""
        return np.asarray(_window_tables()[2][self.offsets])

    @functools.cached_property
    def serials(self) -> Int32Array:
        """Month serial ``(year - 1) * 12 + month - 1`` of each day."""
        return np.asarray(_window_tables()[3][self.offsets])

    @functools.cached_property
    def days_of_month(self) -> Int32Array:
        """Day of the month of each day."""
        return np.asarray(_window_tables()[4][self.offsets])


def window_days(days: DateArray | np.datetime64) -> WindowDays | None:
    """Return ``days`` as :class:`WindowDays`, or None when one is outside the window.

    ``NaT`` is outside the window; so is any unit other than whole days. Callers
    fall back to the general functions (which raise or handle ``NaT`` as
    documented) when this returns None.

    >>> window = window_days(np.array(["2020-03-20"], dtype="datetime64[D]"))
    >>> window is not None and window.keys.tolist() == [1399 * 512 + 32 + 1]
    True
    """
    array = np.asarray(days)
    if array.dtype != np.dtype("datetime64[D]"):
        return None
    first, end, *_ = _window_tables()
    numbers = array.view(np.int64)
    if numbers.size and (int(numbers.min()) < first or int(numbers.max()) >= end):
        return None
    return WindowDays(offsets=numbers - first)


def window_fiscal_years(days: WindowDays) -> Int64Array:
    """Return the fiscal year of each day, as :func:`fiscal_year_array` (int64)."""
    return np.right_shift(days.keys, 9, dtype=np.int64)


def window_ages(birth: WindowDays, on: WindowDays) -> Int64Array:
    """Return ages in full years as :func:`age_in_years_array` (int64; broadcasts).

    With ``k = year * 512 + month * 32 + day``, ``(k_on - k_birth) >> 9`` is the year
    difference less one exactly when ``(month, day)`` of ``on`` is before that of
    the birth (the two ``month * 32 + day`` lie in ``33..415``).
    """
    difference = np.subtract(on.keys, birth.keys, dtype=np.int64)
    return np.right_shift(difference, 9, out=difference)


def window_add_months(days: WindowDays, months: int | Int64Array) -> DateArray | None:
    """Add months as :func:`add_months_array`; None when a result leaves the range.

    ``months`` is one number or an int64 array that broadcasts with the days.
    """
    if isinstance(months, int) and _MIN_SHIFT_TABLE <= months <= _MAX_SHIFT_TABLE:
        shifted = _shifted_window(months)
        if shifted is not None:  # one gather from the shifted day of every day
            result: Int64Array = np.asarray(shifted[days.offsets])
            return result.view("datetime64[D]")
    firsts, lengths = _month_serial_tables()
    serial = days.serials
    if isinstance(months, int):
        if serial.size and (
            int(serial.min()) + months < 0 or int(serial.max()) + months >= len(firsts)
        ):
            return None
        target = np.add(serial, np.int64(months) if serial.size else 0, dtype=np.int64)
    else:
        target = np.add(serial, months, dtype=np.int64)
        if target.size and (target.min() < 0 or target.max() >= len(firsts)):
            return None
    day = np.minimum(days.days_of_month, lengths[target])
    result = np.asarray(firsts[target] + day - 1, dtype=np.int64)
    return result.view("datetime64[D]")


#: Shifts (in months) whose result for every day of the window is kept in a table.
_MIN_SHIFT_TABLE, _MAX_SHIFT_TABLE = -1200, 1200


@functools.lru_cache(maxsize=64)
def _shifted_window(months: int) -> Int64Array | None:
    """Return ``add_months(day, months)`` as a day number for every window day.

    None when a result leaves the supported range. Built once per shift with the
    general function; a rule's shift is a parameter, so a run needs one or two.
    """
    first, end, *_ = _window_tables()
    days = (np.arange(first, end, dtype=np.int64)).view("datetime64[D]")
    try:
        shifted = add_months_array(days, months)
    except InvalidDateError:
        return None
    table: Int64Array = shifted.view(np.int64)
    table.flags.writeable = False
    return table


# --------------------------------------------------------------- CSV date columns

_TEXT_WIDTH = 10  # the longest accepted form, "1399-01-15"
_DASH = ord("-")
_SLASH = ord("/")


def _digit_values(codes: npt.NDArray[np.uint32]) -> Int64Array:
    """Map ASCII, Persian and Arabic-Indic digit code points to 0-9, others to -1."""
    values = np.full(codes.shape, -1, dtype=np.int64)
    for digits in ("0123456789", PERSIAN_DIGITS, ARABIC_INDIC_DIGITS):
        zero = ord(digits[0])
        is_digit = (codes >= zero) & (codes <= zero + 9)
        values = np.where(is_digit, codes.astype(np.int64) - zero, values)
    return values


def _column_text(
    values: Sequence[str | None] | npt.NDArray[np.str_] | npt.NDArray[np.object_],
) -> tuple[npt.NDArray[np.str_], BoolArray, tuple[int, ...]]:
    """Return the values as stripped text without direction marks, and the empty rows.

    Also return the shape of ``values``; the text and the empty rows are flat.
    """
    array = np.asarray(values)
    shape = array.shape
    if array.dtype.kind != "U":
        objects = np.asarray(values, dtype=object)
        is_none = np.equal(objects, np.array(None, dtype=object))
        array = np.where(is_none, "", objects).astype(np.str_)
    array = array.reshape(-1)  # numpy gives text at least one character wide
    width = array.dtype.itemsize // 4
    codes = np.ascontiguousarray(array).view(np.uint32).reshape(-1, width)
    marked = np.isin(codes, [ord(mark) for mark in _INVISIBLE_MARKS]).any(axis=1)
    if marked.any():
        cleaned = array[marked]
        for mark in _INVISIBLE_MARKS:
            cleaned = np.char.replace(cleaned, mark, "")
        array = array.copy()
        array[marked] = cleaned
    text = np.char.strip(array)
    return text, np.char.str_len(text) == 0, shape


def parse_date_column(
    values: Sequence[str | None] | npt.NDArray[np.str_] | npt.NDArray[np.object_],
) -> tuple[DateArray, BoolArray]:
    """Read a column of date strings whose calendar is detected per column (Art. 1.4).

    Each value is read as by :func:`parse_date`. A column is Jalali or ISO
    Gregorian as a whole: its calendar is that of most of its readable values
    (Jalali on a tie), and a value in the other calendar is a bad row. ``None``
    and empty strings are missing dates: ``NaT``, and not bad rows.

    Args:
        values: The column, as strings (``None`` for a missing value).

    Returns:
        The days (``NaT`` for missing and bad rows), and for each row whether it
        was read (``False`` marks a bad row).

    Examples:
        >>> days, ok = parse_date_column(["1399/1/15", "۱۳۹۹-۰۱-۱۶", "", "1399-07-31"])
        >>> days.astype(str).tolist(), ok.tolist()
        (['2020-04-03', '2020-04-04', 'NaT', 'NaT'], [True, True, True, False])
        >>> days, ok = parse_date_column(["2020-06-01", None, "2020-6-2", "1399-01-15"])
        >>> days.astype(str).tolist(), ok.tolist()
        (['2020-06-01', 'NaT', 'NaT', 'NaT'], [True, True, False, False])
    """
    text, empty, shape = _column_text(values)
    length = np.char.str_len(text).astype(np.int64)
    fits = (length >= 8) & (length <= _TEXT_WIDTH)
    fixed = np.where(fits, text, "").astype(f"U{_TEXT_WIDTH}")
    codes = np.ascontiguousarray(fixed).view(np.uint32).reshape(-1, _TEXT_WIDTH)
    digit = _digit_values(codes)
    is_separator = (codes == _DASH) | (codes == _SLASH)

    # The second separator follows a month of one or two digits.
    second = np.where(is_separator[:, 6], 6, np.where(is_separator[:, 7], 7, -1))
    has_second = second > 0
    safe_second = np.where(has_second, second, 7)
    rows = np.arange(len(codes))
    same_separator = codes[:, 4] == codes[rows, safe_second]
    day_digits = length - safe_second - 1
    position = np.arange(_TEXT_WIDTH)
    wants_digit = (
        (position < 4)
        | ((position > 4) & (position < safe_second[:, None]))
        | ((position > safe_second[:, None]) & (position < length[:, None]))
    )
    digits_ok = ((digit >= 0) | ~wants_digit).all(axis=1)
    readable = (
        fits
        & is_separator[:, 4]
        & has_second
        & same_separator
        & (day_digits >= 1)
        & (day_digits <= 2)
        & digits_ok
    )

    safe_digit = np.where(digit >= 0, digit, 0)
    year = safe_digit[:, :4] @ np.array([1000, 100, 10, 1], dtype=np.int64)
    month = np.where(
        second == 6, safe_digit[:, 5], safe_digit[:, 5] * 10 + safe_digit[:, 6]
    )
    day_start = safe_second + 1
    first_day_digit = safe_digit[rows, np.minimum(day_start, _TEXT_WIDTH - 1)]
    second_day_digit = safe_digit[rows, np.minimum(day_start + 1, _TEXT_WIDTH - 1)]
    day = np.where(
        day_digits == 1, first_day_digit, first_day_digit * 10 + second_day_digit
    )

    is_gregorian = readable & (year >= _FIRST_GREGORIAN_YEAR_IN_TEXT)
    is_jalali = readable & ~is_gregorian
    if int(is_gregorian.sum()) > int(is_jalali.sum()):
        iso = (codes[:, 4] == _DASH) & (second == 7) & (length == _TEXT_WIDTH)
        numbers, exists = _gregorian_days(year, month, day)
        ok = is_gregorian & iso & exists
    else:
        numbers, exists = _days_from_parts(year, month, day)
        ok = is_jalali & exists
    days = _as_days_array(np.where(ok, numbers, _NAT))
    return days.reshape(shape), (ok | empty).reshape(shape)


def _gregorian_days(
    year: Int64Array, month: Int64Array, day: Int64Array
) -> tuple[Int64Array, BoolArray]:
    """Return day numbers of Gregorian dates (years 1700..9999) and their validity."""
    month_ok = (month >= 1) & (month <= 12)
    months_since_epoch = (year - 1970) * 12 + np.where(month_ok, month, 1) - 1
    first = months_since_epoch.view("datetime64[M]").astype("datetime64[D]")
    next_first = (months_since_epoch + 1).view("datetime64[M]").astype("datetime64[D]")
    first_numbers = first.view(np.int64)
    length = next_first.view(np.int64) - first_numbers
    valid = month_ok & (day >= 1) & (day <= length)
    return np.where(valid, first_numbers + day - 1, _NAT).astype(np.int64), valid
