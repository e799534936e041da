"""One dated parameter: its metadata, its values by start date, and its lookups.

A value applies from its start date until the next start (Art. 0.4). Looking a
parameter up before its first start is an error, never a silent default.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from enum import StrEnum
from typing import TypeAlias

import attrs
import numpy as np

from coopmodel._errors import InvalidDateError, ParameterError, ParameterLookupError
from coopmodel._typing import DateArray, Int64Array
from coopmodel.values._calendar import DateLike, parse_date, to_jalali

__all__ = [
    "Citation",
    "Parameter",
    "ParameterValue",
    "Source",
    "Unit",
    "jalali_text",
]

_INT64_MAX = int(np.iinfo(np.int64).max)
_NAME = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*")
_ARTICLE = re.compile(r"[0-9]+\.[0-9]+")


class Unit(StrEnum):
    """What a parameter's whole numbers count."""

    RIAL = "rial"
    """Money, in rials (Art. 0.1)."""
    BP = "bp"
    """A rate in basis points: 10,000 bp = 100 %."""
    COUNT = "count"
    """A number of members, jobs or cooperatives."""
    DAYS = "days"
    """Calendar days."""
    WORKING_DAYS = "working_days"
    """Days other than Fridays and official holidays (Art. 7.4)."""
    MONTHS = "months"
    """Jalali months."""
    YEARS = "years"
    """Full Jalali years (an age or a span of fiscal years)."""
    FISCAL_YEAR = "fiscal_year"
    """A Jalali fiscal year, such as 1399."""
    DECILE = "decile"
    """An income decile, 1 (poorest) to 10."""
    NUMBER = "number"
    """A dimensionless whole number: a multiple, a weight, a term of a ratio."""
    DATE = "date"
    """A list of calendar days (a dated list, such as the lunar holidays)."""


class Source(StrEnum):
    """Where a value comes from, as the rulebook marks it."""

    REPORT = "report"
    """A figure of the ILNA report the rulebook implements."""
    SOURCED = "sourced"
    """A figure with a public source, cited in the leaf's metadata."""
    ILLUSTRATIVE = "illustrative"
    """A plausible default chosen because no public rule was found."""


@attrs.frozen
class Citation:
    """A public source of a parameter's value: a short text and its address."""

    text: str
    url: str


#: A value of a parameter: a whole number, or for a ``date`` leaf a tuple of days.
ParameterValue: TypeAlias = int | tuple[dt.date, ...]


def jalali_text(day: dt.date) -> str:
    """Return a day as Jalali text, as error messages show it.

    >>> import datetime
    >>> jalali_text(datetime.date(2020, 3, 20))
    '1399-01-01'
    """
    try:
        return str(to_jalali(day))
    except InvalidDateError:  # beyond the Jalali range jdatetime knows
        return f"{day.isoformat()} (Gregorian)"


def _as_day(on: DateLike, name: str) -> dt.date:
    if type(on) is dt.date:
        return on
    return parse_date(on, field=f"date at which {name} is looked up")


@attrs.frozen
class Parameter:
    """A leaf of the parameter tree: its metadata and its values by start date.

    ``starts`` are strictly increasing; ``values[i]`` and ``value_sources[i]``
    apply from ``starts[i]`` until ``starts[i + 1]``. A ``date`` leaf holds tuples
    of days (strictly increasing); every other unit holds whole numbers from 0 to
    the int64 maximum. ``citations`` is not empty when a value is ``sourced``.
    """

    name: str
    unit: Unit
    article: str
    source: Source
    description: str
    starts: tuple[dt.date, ...]
    values: tuple[ParameterValue, ...]
    value_sources: tuple[Source, ...]
    citations: tuple[Citation, ...] = ()
    note: str = ""
    _start_days: DateArray = attrs.field(init=False, eq=False, repr=False)
    _numbers: Int64Array = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        """Check the invariants, then build the arrays the bulk lookup searches."""
        self._check()
        start_days = np.array(self.starts, dtype="datetime64[D]")
        start_days.setflags(write=False)
        numbers = np.array(
            [0 if isinstance(v, tuple) else v for v in self.values], dtype=np.int64
        )
        numbers.setflags(write=False)
        object.__setattr__(self, "_start_days", start_days)
        object.__setattr__(self, "_numbers", numbers)

    def _fail(self, reason: str) -> ParameterError:
        return ParameterError(f"parameter {self.name}: {reason}")

    def _check(self) -> None:
        if not _NAME.fullmatch(self.name):
            msg = (
                f"parameter name {self.name!r} is not dotted lower-case words "
                "(such as 'guarantee.cap.loan')"
            )
            raise ParameterError(msg)
        if not _ARTICLE.fullmatch(self.article):
            raise self._fail(f"article={self.article!r} is not an article like '3.3'")
        if not self.description.strip() or "\n" in self.description:
            raise self._fail("description must be one non-empty line")
        if not self.starts:
            raise self._fail("values: at least one dated value is required")
        if not len(self.starts) == len(self.values) == len(self.value_sources):
            raise self._fail("starts, values and value_sources differ in length")
        for before, after in itertools.pairwise(self.starts):
            if after <= before:
                raise self._fail(
                    "values: start dates must be strictly increasing, got "
                    f"{jalali_text(before)} then {jalali_text(after)}"
                )
        for start, value in zip(self.starts, self.values, strict=True):
            self._check_value(start, value)
        if Source.SOURCED in (self.source, *self.value_sources) and not self.citations:
            raise self._fail("a sourced value needs at least one citation")

    def _check_value(self, start: dt.date, value: ParameterValue) -> None:
        at = f"value from {jalali_text(start)}"
        if self.unit is Unit.DATE:
            if not isinstance(value, tuple) or not all(
                type(day) is dt.date for day in value
            ):
                raise self._fail(f"{at}: a 'date' leaf takes a list of dates")
            for before, after in itertools.pairwise(value):
                if after <= before:
                    raise self._fail(
                        f"{at}: the dates of the list must be strictly increasing, "
                        f"got {jalali_text(before)} then {jalali_text(after)}"
                    )
            return
        if type(value) is not int:
            raise self._fail(
                f"{at}: a {self.unit.value!r} leaf takes a whole number, got {value!r}"
            )
        if not 0 <= value <= _INT64_MAX:
            raise self._fail(f"{at}: {value} is not between 0 and the int64 maximum")

    @property
    def is_date_list(self) -> bool:
        """Tell whether this leaf holds lists of dates rather than numbers."""
        return self.unit is Unit.DATE

    def _before_first(self, day: str) -> ParameterLookupError:
        msg = (
            f"parameter {self.name} has no value on {day}: "
            f"its first value starts on {jalali_text(self.starts[0])}"
        )
        return ParameterLookupError(msg)

    def _position(self, day: dt.date) -> int:
        position = bisect.bisect_right(self.starts, day) - 1
        if position < 0:
            raise self._before_first(jalali_text(day))
        return position

    def value(self, on: DateLike) -> int:
        """Return the whole number in force on ``on``."""
        if self.is_date_list:
            msg = f"parameter {self.name} is a list of dates: use dates_at"
            raise ParameterLookupError(msg)
        value = self.values[self._position(_as_day(on, self.name))]
        if isinstance(value, tuple):  # pragma: no cover - excluded by _check
            raise self._fail("holds dates")
        return value

    def dates_at(self, on: DateLike) -> tuple[dt.date, ...]:
        """Return the list of dates in force on ``on`` (a ``date`` leaf only)."""
        if not self.is_date_list:
            msg = f"parameter {self.name} is a number ({self.unit}): use value"
            raise ParameterLookupError(msg)
        value = self.values[self._position(_as_day(on, self.name))]
        if not isinstance(value, tuple):  # pragma: no cover - excluded by _check
            raise self._fail("holds a number")
        return value

    def values_at(self, on: DateArray) -> Int64Array:
        """Return the whole number in force on each day of ``on``.

        ``on`` is a ``datetime64`` array (any unit, read as days); ``NaT`` is
        refused, as is any day before the first start.
        """
        if self.is_date_list:
            msg = f"parameter {self.name} is a list of dates: use dates_at"
            raise ParameterLookupError(msg)
        days = np.asarray(on)
        if days.dtype.kind != "M":
            msg = (
                f"parameter {self.name}: values_at needs datetime64 days, "
                f"got an array of {days.dtype}"
            )
            raise TypeError(msg)
        days = days.astype("datetime64[D]", copy=False)
        if np.isnat(days).any():
            msg = f"parameter {self.name}: cannot look up a missing date (NaT)"
            raise ParameterLookupError(msg)
        positions = np.searchsorted(self._start_days, days, side="right") - 1
        if positions.size and int(positions.min()) < 0:
            earliest = days.min()
            day = earliest.item()
            shown = jalali_text(day) if isinstance(day, dt.date) else str(earliest)
            raise self._before_first(shown)
        result: Int64Array = self._numbers[positions]
        return result
