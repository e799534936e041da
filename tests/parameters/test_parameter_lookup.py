import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopmodel._errors import InvalidDateError, ParameterLookupError
from coopmodel.parameters import (
    Parameter,
    ParameterSet,
    Source,
    Unit,
    load_parameters,
)

# Farvardin 1, 1300 and Esfand 29, 1500 in Gregorian: the calendar's checked range.
FIRST_DAY = dt.date(1921, 3, 21)
LAST_DAY = dt.date(2122, 3, 20)
INT64_MAX = 2**63 - 1

days = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)


@st.composite
def dated_tables(draw: st.DrawFn) -> Parameter:
    """Draw a number leaf with 1-8 strictly increasing starts and any int64 values."""
    starts = sorted(draw(st.sets(days, min_size=1, max_size=8)))
    values = draw(
        st.lists(st.integers(0, INT64_MAX), min_size=len(starts), max_size=len(starts))
    )
    return Parameter(
        name="generated.leaf",
        unit=Unit.RIAL,
        article="3.3",
        source=Source.ILLUSTRATIVE,
        description="A generated table.",
        starts=tuple(starts),
        values=tuple(values),
        value_sources=(Source.ILLUSTRATIVE,) * len(starts),
    )


def linear_scan(leaf: Parameter, day: dt.date) -> int | None:
    """Return the value of the last start on or before ``day``, walking every start."""
    found = None
    for start, value in zip(leaf.starts, leaf.values, strict=True):
        if start <= day:
            assert isinstance(value, int)
            found = value
    return found


@given(leaf=dated_tables(), queries=st.lists(days, max_size=40))
def test_bulk_lookup_equals_linear_scan(leaf: Parameter, queries: list[dt.date]):
    """values_at equals a linear scan of the starts on every day from the first one."""
    queries = [day for day in queries if day >= leaf.starts[0]]
    array = np.array(queries, dtype="datetime64[D]")
    expected = [linear_scan(leaf, day) for day in queries]
    assert (
        expected
        == ParameterSet(parameters=(leaf,)).values_at("generated.leaf", array).tolist()
    )


@given(leaf=dated_tables(), day=days)
def test_scalar_lookup_equals_linear_scan(leaf: Parameter, day: dt.date):
    """Value equals a linear scan, and raises exactly when the scan finds nothing."""
    expected = linear_scan(leaf, day)
    params = ParameterSet(parameters=(leaf,))
    if expected is None:
        with pytest.raises(ParameterLookupError, match=r"generated\.leaf has no value"):
            params.value("generated.leaf", day)
    else:
        assert expected == params.value("generated.leaf", day)


@given(leaf=dated_tables(), queries=st.lists(days, min_size=1, max_size=40))
def test_bulk_lookup_refuses_any_day_before_the_first(
    leaf: Parameter, queries: list[dt.date]
):
    """values_at raises when a day precedes the first start, else gives one per day."""
    array = np.array(queries, dtype="datetime64[D]")
    if min(queries) < leaf.starts[0]:
        with pytest.raises(ParameterLookupError, match="its first value starts on"):
            leaf.values_at(array)
    else:
        assert len(queries) == leaf.values_at(array).size


@given(leaf=dated_tables())
def test_bulk_and_scalar_lookups_agree_at_every_start(leaf: Parameter):
    """At each start the value is that start's, in both lookups (bisect right edge)."""
    for start, value in zip(leaf.starts, leaf.values, strict=True):
        assert value == leaf.value(start)
        assert [value] == leaf.values_at(np.array([start], "datetime64[D]")).tolist()


def test_lookup_before_first_value_names_leaf_and_jalali_date():
    """A lookup on 1395-12-30 (before 1396-01-01) names the leaf and both dates."""
    params = load_parameters()
    with pytest.raises(ParameterLookupError) as caught:
        params.value("guarantee.cap.loan", "1395-12-29")
    assert "guarantee.cap.loan" in str(caught.value)
    assert "1395-12-29" in str(caught.value)
    assert "1396-01-01" in str(caught.value)


def test_bulk_lookup_before_first_value_names_the_earliest_day():
    """values_at names the earliest offending day, in Jalali."""
    days = np.array(["2020-06-01", "2017-03-20", "2016-01-01"], dtype="datetime64[D]")
    with pytest.raises(ParameterLookupError, match=r"no value on 1394-10-11"):
        load_parameters().values_at("premium.min_daily_wage", days)


def test_lookup_far_before_the_calendar_shows_the_gregorian_day():
    """A day before the Jalali calendar's range is shown in Gregorian, still refused."""
    with pytest.raises(
        ParameterLookupError, match=r"no value on 0001-01-01 \(Gregorian"
    ):
        load_parameters().value("guarantee.cap.loan", dt.date(1, 1, 1))


def test_bulk_lookup_refuses_nat():
    """A missing date (NaT) is refused, never looked up."""
    days = np.array(["2020-06-01", "NaT"], dtype="datetime64[D]")
    with pytest.raises(ParameterLookupError, match=r"premium.min_daily_wage.*NaT"):
        load_parameters().values_at("premium.min_daily_wage", days)


def test_bulk_lookup_reads_any_datetime_unit_as_days():
    """Seconds-resolution datetimes are read as their calendar day."""
    instants = np.array(["2020-03-19T23:59:59", "2020-03-20T00:00:00"], "datetime64[s]")
    assert load_parameters().values_at("guarantee.cap.loan", instants).tolist() == [
        10_000_000_000,
        17_500_000_000,
    ]


def test_bulk_lookup_refuses_non_dates():
    """An integer array is not a date array."""
    with pytest.raises(TypeError, match="datetime64"):
        load_parameters().values_at("guarantee.cap.loan", np.arange(3))


def test_bulk_lookup_of_empty_array_is_empty():
    """No days give no values, as int64."""
    result = load_parameters().values_at(
        "guarantee.cap.loan", np.array([], dtype="datetime64[D]")
    )
    assert (np.dtype(np.int64), 0) == (result.dtype, result.size)


def test_bulk_lookup_keeps_the_shape():
    """A 2-D array of days gives a 2-D array of values."""
    days = np.array(
        [["2019-01-01", "2020-03-20"], ["2021-03-21", "2021-03-20"]], "datetime64[D]"
    )
    assert load_parameters().values_at("premium.min_daily_wage", days).tolist() == [
        [309_977, 611_809],
        [885_165, 611_809],
    ]


@pytest.mark.parametrize(
    "on",
    [dt.date(2020, 3, 20), "1399-01-01", "1399/1/1", "۱۳۹۹/۰۱/۰۱", "2020-03-20"],
)
def test_scalar_lookup_accepts_every_date_form(on: object):
    """Every accepted date form of Art. 0.2 finds the 1399 value."""
    assert load_parameters().value("guarantee.cap.loan", on) == 17_500_000_000  # type: ignore[arg-type]


def test_scalar_lookup_refuses_a_datetime():
    """A datetime is an instant, not a calendar day."""
    with pytest.raises(InvalidDateError):
        load_parameters().value("guarantee.cap.loan", dt.datetime(2020, 3, 20))  # noqa: DTZ001


def test_unknown_name_suggests_the_close_one():
    """A misspelt leaf is refused with a 'did you mean' hint."""
    with pytest.raises(ParameterLookupError) as caught:
        load_parameters().value("guarantee.cap.laon", dt.date(2020, 3, 20))
    assert "unknown parameter 'guarantee.cap.laon'" in str(caught.value)
    assert "did you mean guarantee.cap.loan" in str(caught.value)


def test_group_name_lists_its_leaves():
    """A group is not a leaf: the error lists some of its leaves."""
    with pytest.raises(ParameterLookupError, match=r"group.*guarantee.cap.advance_"):
        load_parameters().leaf("guarantee.cap")


def test_date_list_lookup():
    """dates_at returns the list in force on the day, as dates."""
    holidays = (dt.date(2020, 8, 29), dt.date(2020, 8, 30))
    leaf = Parameter(
        name="holidays.lunar",
        unit=Unit.DATE,
        article="7.4",
        source=Source.ILLUSTRATIVE,
        description="Lunar holidays.",
        starts=(dt.date(2017, 3, 21), dt.date(2020, 3, 20)),
        values=((), holidays),
        value_sources=(Source.ILLUSTRATIVE, Source.ILLUSTRATIVE),
    )
    params = ParameterSet(parameters=(leaf,))
    assert params.dates_at("holidays.lunar", "1398-06-01") == ()
    assert holidays == params.dates_at("holidays.lunar", "1399-06-01")


def test_bundled_lunar_holidays_are_an_empty_list():
    """The bundled lunar-holiday list is shipped empty (no offline source)."""
    assert load_parameters().dates_at("holidays.lunar", "1399-06-01") == ()


@pytest.mark.parametrize(
    ("name", "lookup"),
    [
        ("holidays.lunar", "value"),
        ("holidays.lunar", "values_at"),
        ("guarantee.cap.loan", "dates_at"),
    ],
)
def test_lookup_of_the_wrong_kind_is_refused(name: str, lookup: str):
    """A number lookup of a date list, or a date-list lookup of a number, is refused."""
    params = load_parameters()
    calls = {
        "value": lambda: params.value(name, "1399-01-01"),
        "values_at": lambda: params.values_at(
            name, np.array(["2020-06-01"], "datetime64[D]")
        ),
        "dates_at": lambda: params.dates_at(name, "1399-01-01"),
    }
    with pytest.raises(ParameterLookupError, match=name):
        calls[lookup]()


def test_names_are_sorted_and_contains_works():
    """names() is sorted; `in` tells leaves from groups and unknown names."""
    params = load_parameters()
    names = params.names()
    assert sorted(names) == list(names)
    assert "guarantee.cap.loan" in params
    assert "guarantee.cap" not in params


def test_bundled_set_is_cached_and_not_parsed_at_import():
    """Importing does not parse the bundled file; the first load parses it once."""
    import subprocess  # noqa: PLC0415 - only this test starts an interpreter
    import sys  # noqa: PLC0415

    code = (
        "import coopmodel.parameters as p\n"
        "from coopmodel.parameters._set import _bundled\n"
        "print(_bundled.cache_info().currsize)\n"
        "assert p.load_parameters() is p.load_parameters()\n"
        "print(_bundled.cache_info().currsize)\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["0", "1"]
