"""Working days and the formation decision's due date (Art. 7.4).

A working day is every day but Fridays and official holidays: the fixed solar
holidays (Farvardin 1, 2, 3, 4, 12, 13; Khordad 14, 15; Bahman 22; Esfand 29) and the
lunar holidays of the dated parameter ``holidays.lunar``. Esfand 29 exists in every
Jalali year; in a leap year Esfand 30 is a working day.

The decision on a proposal is due on the n-th working day after ``applied_on``, n
being ``formation.decision_working_days`` (10): day 1 is the first working day
*strictly after* ``applied_on``, whatever ``applied_on`` itself is. Equivalently,
exactly n working days lie in ``(applied_on, due_on]``. The holiday list and n are
those in force on ``applied_on`` (Art. 0.3). When n is 0 the decision is due on
``applied_on`` itself.

Two implementations give one answer: :func:`formation_due_on` walks the calendar with
``dateutil``'s ``rrule``/``rruleset`` (Fridays left out by ``byweekday``, holidays by
``exdate``), and :func:`formation_due_on_array` uses ``numpy.busday_offset`` with a
Friday-free week mask and a holiday array, for whole tables.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING

import numpy as np
from dateutil.rrule import DAILY, MO, SA, SU, TH, TU, WE, rrule, rruleset

from coopmodel._errors import ParameterLookupError
from coopmodel.values._calendar import (
    fiscal_year_end,
    from_jalali,
    from_jalali_arrays,
    parse_date,
    to_jalali,
    to_jalali_arrays,
)

if TYPE_CHECKING:
    from coopmodel._typing import DateArray, Int64Array
    from coopmodel.parameters import ParameterSet
    from coopmodel.values._calendar import DateLike

__all__ = [
    "FIXED_HOLIDAYS",
    "LUNAR_HOLIDAYS",
    "WORKING_DAYS",
    "fixed_holidays",
    "formation_due_on",
    "formation_due_on_array",
    "is_working_day",
]

#: The fixed solar holidays of every Jalali year, as (month, day).
FIXED_HOLIDAYS: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 2), (1, 3), (1, 4), (1, 12), (1, 13),
    (3, 14), (3, 15),
    (11, 22),
    (12, 29),
)  # fmt: skip
#: The parameter holding the lunar holidays (a dated list of days).
LUNAR_HOLIDAYS = "holidays.lunar"
#: The parameter holding n, the working days the decision may take.
WORKING_DAYS = "formation.decision_working_days"

# numpy's week mask runs Monday to Sunday; Friday is the weekly day off.
_WEEKMASK = "1111011"
_WORKING_WEEKDAYS = (SA, SU, MO, TU, WE, TH)
_FRIDAY = 4  # dt.date.weekday()


def _params(params: ParameterSet | None) -> ParameterSet:
    from coopmodel.parameters import load_parameters  # noqa: PLC0415 - layer below

    return load_parameters() if params is None else params


def fixed_holidays(year: int) -> tuple[dt.date, ...]:
    """Return the fixed solar holidays of a Jalali year, in order.

    Examples:
        >>> [str(day) for day in fixed_holidays(1399)][:4]
        ['2020-03-20', '2020-03-21', '2020-03-22', '2020-03-23']
        >>> fixed_holidays(1399)[-1]  # Esfand 29; 1399 is leap, Esfand 30 works
        datetime.date(2021, 3, 19)
    """
    return tuple(from_jalali(year, month, day) for month, day in FIXED_HOLIDAYS)


def is_working_day(
    day: DateLike, *, on: DateLike | None = None, params: ParameterSet | None = None
) -> bool:
    """Tell whether ``day`` is a working day (Art. 7.4).

    Args:
        day: The day to test.
        on: The day at which the lunar holiday list is looked up (default ``day``);
            a due date uses the list in force on ``applied_on``.
        params: The parameters (default: the bundled ones).

    Returns:
        False on a Friday, a fixed solar holiday or a listed lunar holiday.

    Examples:
        >>> is_working_day("1400-01-05"), is_working_day("1400-01-13")
        (True, False)
        >>> is_working_day("1399-12-30")  # Esfand 30 of a leap year
        True
    """
    when = parse_date(day, field="day")
    at = when if on is None else parse_date(on, field="on")
    if when.weekday() == _FRIDAY:
        return False
    jalali = to_jalali(when)
    if (jalali.month, jalali.day) in FIXED_HOLIDAYS:
        return False
    return when not in _params(params).dates_at(LUNAR_HOLIDAYS, at)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def formation_due_on(
    applied_on: DateLike, *, params: ParameterSet | None = None
) -> dt.date:
    """Return the day the formation decision is due (Art. 7.4), with ``rrule``.

    Day 1 is the first working day after ``applied_on``; the decision is due on
    day n, n being ``formation.decision_working_days`` on ``applied_on``.

    Args:
        applied_on: The day the proposal was filed.
        params: The parameters (default: the bundled ones).

    Returns:
        The due day.

    Raises:
        ParameterLookupError: When ``applied_on`` is before the parameters' first
            values.

    Examples:
        Filed on Monday 1399-12-25: Thursday 12-28 is day 3, Friday 12-29 (also
        Esfand 29) is off, Saturday 12-30 is day 4, Farvardin 1-4 are off, ...

        >>> from coopmodel.values import format_jalali
        >>> format_jalali(formation_due_on("1399-12-25"))
        '1400-01-11'
    """
    start = parse_date(applied_on, field="applied_on")
    parameters = _params(params)
    needed = parameters.value(WORKING_DAYS, start)
    lunar = parameters.dates_at(LUNAR_HOLIDAYS, start)
    if needed == 0:
        return start
    first_year = to_jalali(start).year
    for last_year in itertools.count(first_year + 1):
        days = rruleset()
        days.rrule(
            rrule(
                DAILY,
                dtstart=_midnight(start + dt.timedelta(days=1)),
                until=_midnight(fiscal_year_end(last_year)),
                byweekday=_WORKING_WEEKDAYS,
            )
        )
        for year in range(first_year, last_year + 1):
            for holiday in fixed_holidays(year):
                days.exdate(_midnight(holiday))
        for holiday in lunar:
            days.exdate(_midnight(holiday))
        found = list(itertools.islice(days, needed))
        if len(found) == needed:
            return found[-1].date()
    raise AssertionError  # pragma: no cover - itertools.count never ends


def _fixed_holiday_days(first_year: int, last_year: int) -> DateArray:
    years = np.arange(first_year, last_year + 1, dtype=np.int64)
    months = np.array([month for month, _ in FIXED_HOLIDAYS], dtype=np.int64)
    days = np.array([day for _, day in FIXED_HOLIDAYS], dtype=np.int64)
    return from_jalali_arrays(
        np.repeat(years, len(FIXED_HOLIDAYS)),
        np.tile(months, len(years)),
        np.tile(days, len(years)),
    )


def _lunar_periods(applied_on: DateArray, params: ParameterSet) -> Int64Array:
    """Return, per row, the position of the lunar holiday list in force."""
    leaf = params.leaf(LUNAR_HOLIDAYS)
    starts = np.array(leaf.starts, dtype="datetime64[D]")
    position = np.searchsorted(starts, applied_on, side="right") - 1
    if (position < 0).any():
        first = applied_on[int(np.flatnonzero(position < 0)[0])].astype(dt.date)
        params.dates_at(LUNAR_HOLIDAYS, first)  # raises, naming the leaf and day
        msg = f"parameter {LUNAR_HOLIDAYS} has no value on {first}"  # pragma: no cover
        raise ParameterLookupError(msg)  # pragma: no cover
    return position.astype(np.int64)


def formation_due_on_array(
    applied_on: DateArray, *, params: ParameterSet | None = None
) -> DateArray:
    """Return the due day of each formation decision, with ``numpy.busday_offset``.

    Each row equals :func:`formation_due_on` on that row.

    Args:
        applied_on: ``datetime64[D]`` days the proposals were filed (no ``NaT``).
        params: The parameters (default: the bundled ones).

    Returns:
        The due days, ``datetime64[D]``.

    Raises:
        ParameterLookupError: When a day is before the parameters' first values.

    Examples:
        >>> days = np.array(["2021-03-15", "2022-03-16"], dtype="datetime64[D]")
        >>> formation_due_on_array(days).astype(str).tolist()
        ['2021-03-31', '2022-04-04']
    """
    parameters = _params(params)
    applied = np.asarray(applied_on, dtype="datetime64[D]")
    due = applied.copy()
    if applied.size == 0:
        return due
    needed = parameters.values_at(WORKING_DAYS, applied)
    periods = _lunar_periods(applied, parameters)
    lunar_lists = parameters.leaf(LUNAR_HOLIDAYS).values
    years = to_jalali_arrays(applied)[0]
    first_year, last_year = int(years.min()), int(years.max()) + 1
    pending = needed > 0
    while pending.any():
        covered_until = np.datetime64(fiscal_year_end(last_year), "D")
        fixed = _fixed_holiday_days(first_year, last_year)
        for period in np.unique(periods[pending]).tolist():
            rows = np.flatnonzero(pending & (periods == period))
            lunar = np.array(lunar_lists[period], dtype="datetime64[D]")
            # Rolling a day off back to the last working day before it counts the
            # same working days after it: none lies in between.
            due[rows] = np.busday_offset(
                applied[rows],
                needed[rows],
                roll="backward",
                weekmask=_WEEKMASK,
                holidays=np.concatenate([fixed, lunar]),
            )
        # A due day past the last year whose fixed holidays were listed may have
        # skipped none of the later ones: widen the list and count those rows again.
        pending &= due > covered_until
        last_year += 1
    return due
