import datetime as dt
import textwrap
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopmodel._errors import ParameterError
from coopmodel.parameters import (
    ParameterSet,
    Source,
    bundled_file,
    load_parameters,
)

BASE = load_parameters()
NUMBER_LEAVES = [leaf.name for leaf in BASE.parameters if not leaf.is_date_list]
FARVARDIN_1396 = dt.date(2017, 3, 21)


@given(
    changes=st.dictionaries(
        st.sampled_from(NUMBER_LEAVES),
        st.integers(0, 2**63 - 1),
        min_size=1,
        max_size=6,
    )
)
def test_reform_replaces_only_the_named_leaves(changes: dict[str, int]):
    """A single-value reform sets exactly its leaves; every other leaf is unchanged."""
    reformed = BASE.with_reform(changes)
    for leaf in BASE.parameters:
        after = reformed.leaf(leaf.name)
        if leaf.name in changes:
            assert after.starts == (FARVARDIN_1396,)
            assert (changes[leaf.name],) == after.values
            assert after.value_sources == (Source.ILLUSTRATIVE,)
            assert (leaf.unit, leaf.article, leaf.description) == (
                after.unit,
                after.article,
                after.description,
            )
        else:
            assert leaf == after
    assert load_parameters() == BASE  # the original set is untouched


@given(
    name=st.sampled_from(NUMBER_LEAVES),
    start=st.dates(dt.date(2016, 1, 1), dt.date(2030, 1, 1)),
    value=st.integers(0, 10**15),
    day=st.dates(dt.date(2017, 3, 21), dt.date(2035, 1, 1)),
)
def test_dated_reform_takes_effect_from_its_date(
    name: str, start: dt.date, value: int, day: dt.date
):
    """A dated change applies from its date on; before it the old value stays."""
    reformed = BASE.with_reform({name: {start: value}})
    if day >= start:
        assert value == reformed.value(name, day)
    else:
        assert BASE.value(name, day) == reformed.value(name, day)


def test_dated_reform_keeps_earlier_values_and_drops_later_ones():
    """A change from 1398 keeps the 1396 cap and replaces the 1399 one."""
    reformed = BASE.with_reform(
        {"guarantee.cap.loan": {"1398-01-01": 12_000_000_000, "1400-01-01": 13}}
    )
    leaf = reformed.leaf("guarantee.cap.loan")
    assert leaf.values == (10_000_000_000, 12_000_000_000, 13)
    assert (leaf.value_sources) == (
        Source.SOURCED,
        Source.ILLUSTRATIVE,
        Source.ILLUSTRATIVE,
    )
    assert reformed.value("guarantee.cap.loan", "1399-06-01") == 12_000_000_000


def test_single_value_from_starts_on():
    """With starts_on, a single value applies from that date only."""
    reformed = BASE.with_reform({"premium.discount_bp": 3_000}, starts_on="1401-01-01")
    assert [
        reformed.value("premium.discount_bp", on)
        for on in ("1398-01-01", "1400-12-29", "1401-01-01")
    ] == [0, 2_000, 3_000]


def test_reform_can_start_before_the_first_value():
    """A change dated before a leaf's first start replaces all and extends it back."""
    reformed = BASE.with_reform({"employment.max_jobs": {"1390-01-01": 150}})
    assert reformed.value("employment.max_jobs", "1392-05-05") == 150
    assert reformed.value("employment.max_jobs", "1402-05-05") == 150


def test_long_form_carries_a_source():
    """A change with value and source records that source for its value."""
    reformed = BASE.with_reform(
        {"guarantee.min_equity": {"value": 200_000_000, "source": "report"}}
    )
    assert reformed.leaf("guarantee.min_equity").value_sources == (Source.REPORT,)


def test_date_list_reform():
    """The lunar holidays take a list of Jalali dates from a reform."""
    reformed = BASE.with_reform(
        {"holidays.lunar": {"1399-01-01": ["1399-06-08", "1399-06-09"]}}
    )
    assert (dt.date(2020, 8, 29), dt.date(2020, 8, 30)) == reformed.dates_at(
        "holidays.lunar", "1399-12-01"
    )
    assert reformed.dates_at("holidays.lunar", "1398-12-01") == ()


def test_reforms_are_recorded_in_order():
    """Each reform's description is appended to the set's record of reforms."""
    once = BASE.with_reform({"employment.max_jobs": 100})
    twice = once.with_reform({"top.national_count": 20})
    assert BASE.reforms == ()
    assert (twice.reforms) == (
        "reform of employment.max_jobs",
        "reform of top.national_count",
    )


@pytest.mark.parametrize(
    ("reform", "reason"),
    [
        ({"guarantee.cap.laon": 5}, "unknown parameter 'guarantee.cap.laon'; did you"),
        ({"guarantee.cap": 5}, "'guarantee.cap' is a group of parameters"),
        ({"guarantee.cap.loan": 1.5}, "guarantee.cap.loan: value: a 'rial' leaf"),
        ({"guarantee.cap.loan": True}, "whole number, got True"),
        ({"guarantee.cap.loan": -5}, "guarantee.cap.loan: value from 1396-01-01: -5"),
        ({"guarantee.cap.loan": [1]}, "takes a whole number, got [1]"),
        ({"guarantee.cap.loan": {"1399-07-31": 5}}, "start date='1399-07-31'"),
        ({"guarantee.cap.loan": {}}, "guarantee.cap.loan: the dated mapping is empty"),
        (
            {"guarantee.cap.loan": {"1400-01-01": 1, "1399-01-01": 2}},
            "guarantee.cap.loan: values: start dates must be strictly increasing",
        ),
        (
            {"guarantee.cap.loan": {"1399-01-01": 1, "2020-03-20": 2}},
            "strictly increasing, got 1399-01-01 then 1399-01-01",
        ),
        (
            {"guarantee.cap.loan": {"value": 1, "values": {"1399-01-01": 1}}},
            "either value or values",
        ),
        ({"guarantee.cap.loan": {"source": "report"}}, "either value or values"),
        ({"guarantee.cap.loan": {"value": 1, "source": "rumour"}}, "unknown source"),
        ({"holidays.lunar": 5}, "holidays.lunar: value: a 'date' leaf takes a list"),
        ({"holidays.lunar": ["1399-13-01"]}, "list item='1399-13-01'"),
        ({}, "changes no parameter"),
    ],
)
def test_bad_reform_is_refused_naming_the_leaf(reform: dict[str, object], reason: str):
    """A reform is validated as the file is, and its errors name the leaf."""
    with pytest.raises(ParameterError) as caught:
        BASE.with_reform(reform)
    assert reason in str(caught.value)


def test_bundled_example_reform_puts_1399_caps_in_force_from_1396():
    """reform_ceiling_75.yaml: the base + 75 % caps apply from 1396-01-01 on."""
    reformed = BASE.with_reform(bundled_file("reform_ceiling_75.yaml"))
    expected = {
        "loan": 17_500_000_000,
        "bid": 8_750_000_000,
        "performance": 17_500_000_000,
        "advance_payment": 17_500_000_000,
    }
    for kind, cap in expected.items():
        name = f"guarantee.cap.{kind}"
        for on in ("1396-01-01", "1398-12-29", "1399-01-01", "1402-01-01"):
            assert cap == reformed.value(name, on)
        assert reformed.leaf(name).value_sources == (Source.REPORT,)
    changed = {n for n in BASE.names() if BASE.leaf(n) != reformed.leaf(n)}
    assert {f"guarantee.cap.{kind}" for kind in expected} == changed
    assert "base + 75 %" in reformed.reforms[0]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "reform.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_reform_file_with_dated_changes(tmp_path: Path):
    """A reform file's dated mapping reads Jalali keys, as the parameter file does."""
    path = write(
        tmp_path,
        """\
        description: "A further 75 % from 1401."
        changes:
          guarantee.cap.loan:
            1401-01-01: 30_625_000_000
        """,
    )
    reformed = BASE.with_reform(path)
    assert reformed.value("guarantee.cap.loan", "1400-12-29") == 17_500_000_000
    assert reformed.value("guarantee.cap.loan", "1401-01-01") == 30_625_000_000
    assert reformed.reforms == ("A further 75 % from 1401.",)


def test_starts_on_keyword_overrides_the_file(tmp_path: Path):
    """The starts_on keyword wins over the file's starts_on for single values."""
    path = write(
        tmp_path,
        """\
        description: "x"
        starts_on: 1396-01-01
        changes:
          employment.max_jobs: 100
        """,
    )
    reformed = BASE.with_reform(path, starts_on=dt.date(2022, 3, 21))
    assert reformed.value("employment.max_jobs", "1400-12-29") == 200
    assert reformed.value("employment.max_jobs", "1401-01-01") == 100


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("changes:\n  employment.max_jobs: 1\n", "description is missing"),
        ('description: "x"\n', "changes is missing"),
        ('description: "x"\nchanges: {}\n', "changes must not be empty"),
        ('description: "x"\nwhen: now\nchanges:\n  a.b: 1\n', "when is not a known"),
        ('description: "x"\nstarts_on: 1399-13-01\nchanges:\n  a.b: 1\n', "starts_on="),
        ('description: "x"\nchanges:\n  a.b: 1\n', "unknown parameter 'a.b'"),
        (
            (
                'description: "x"\nchanges:\n  employment.max_jobs: 1\n'
                "  employment.max_jobs: 2\n"
            ),
            "employment.max_jobs is given twice (lines 3 and 4)",
        ),
        ("- 1\n", "a reform file holds a mapping"),
    ],
)
def test_bad_reform_file_is_refused(tmp_path: Path, text: str, reason: str):
    """A reform file missing its frame, or naming no leaf, is refused."""
    with pytest.raises(ParameterError) as caught:
        BASE.with_reform(write(tmp_path, text))
    assert reason in str(caught.value)


def test_reformed_set_is_a_plain_parameter_set():
    """A reformed set is a hashable, frozen ParameterSet of the same leaf names."""
    reformed = BASE.with_reform({"employment.max_jobs": 1})
    assert isinstance(reformed, ParameterSet)
    assert BASE.names() == reformed.names()
    assert reformed != BASE
    assert reformed == BASE.with_reform({"employment.max_jobs": 1})
    assert hash(reformed) == hash(BASE.with_reform({"employment.max_jobs": 1}))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        reformed.reforms = ()  # type: ignore[misc]
