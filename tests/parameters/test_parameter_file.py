import datetime as dt
import textwrap
from pathlib import Path

import pytest

from coopmodel._errors import ParameterError, ParameterLookupError
from coopmodel.parameters import (
    Parameter,
    ParameterSet,
    Source,
    Unit,
    bundled_file,
    load_parameters,
)

GOOD = """\
guarantee:
  cap:
    loan:
      unit: rial
      article: "3.3"
      source: sourced
      description: "Cap of the ceiling for loan guarantees."
      value_sources:
        1399-01-01: report
      citations:
        - text: "A public page"
          url: "https://example.org/page"
      values:
        1396-01-01: 10_000_000_000
        1399-01-01: 17_500_000_000
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "params.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_good_file_loads(tmp_path: Path):
    """A minimal file loads: dates are Jalali, values and per-value sources kept."""
    params = load_parameters(write(tmp_path, GOOD))
    leaf = params.leaf("guarantee.cap.loan")
    assert (dt.date(2017, 3, 21), dt.date(2020, 3, 20)) == leaf.starts
    assert leaf.values == (10_000_000_000, 17_500_000_000)
    assert leaf.value_sources == (Source.SOURCED, Source.REPORT)
    assert params.names() == ("guarantee.cap.loan",)


# Each case: a replacement of one line of GOOD (or extra text), and what the error
# must say besides the leaf's name.
BAD_LINES = [
    ("unknown unit", "unit: rial", "unit: tomans", "unknown unit 'tomans'"),
    ("missing unit", "unit: rial", "", "unit is missing"),
    ("missing article", 'article: "3.3"', "", "article is missing"),
    ("missing source", "source: sourced", "", "source is missing"),
    ("missing description", "description: ", "# ", "description is missing"),
    ("unknown source", "source: sourced", "source: rumour", "unknown source 'rumour'"),
    ("article as a number", 'article: "3.3"', "article: 3.3", "article must be text"),
    ("article not like 3.3", 'article: "3.3"', 'article: "three"', "article='three'"),
    (
        "empty description",
        'description: "Cap',
        'description: "  " #',
        "description must be one line of text",
    ),
    ("extra field", "unit: rial", "unit: rial\n      colour: red", "colour"),
    ("float value", "10_000_000_000", "1.5", "whole number, got 1.5"),
    ("boolean value", "10_000_000_000", "yes", "whole number, got True"),
    ("text value", "10_000_000_000", "ten", "whole number, got 'ten'"),
    ("octal-looking value", "10_000_000_000", "010", "whole number, got '010'"),
    ("null value", "10_000_000_000", "~", "whole number, got None"),
    ("list in a number leaf", "10_000_000_000", "[1396-01-02]", "whole number"),
    ("negative value", "10_000_000_000", "-1", "not between 0 and the int64"),
    ("beyond int64", "10_000_000_000", "9_223_372_036_854_775_808", "int64"),
    (
        "unsorted dates",
        "1396-01-01: 10_000_000_000",
        "1400-01-01: 10_000_000_000",
        "strictly increasing, got 1400-01-01 then 1399-01-01",
    ),
    (
        "repeated date",
        "1396-01-01: 10_000_000_000",
        "1399-01-01: 10_000_000_000",
        "1399-01-01 is given twice (lines 14 and 15)",
    ),
    (
        "same date spelt twice",
        "1396-01-01: 10_000_000_000",
        "1399-1-1: 10_000_000_000",
        "strictly increasing, got 1399-01-01 then 1399-01-01",
    ),
    (
        "date that does not exist",
        "1396-01-01:",
        "1396-07-31:",
        "values: start date='1396-07-31': day 31 does not exist",
    ),
    ("not a date", "1396-01-01:", "soon:", "values: start date='soon': not a date"),
    ("number as a date", "1396-01-01:", "1396:", "key 1396 (line 14) must be text"),
    (
        "value source for no start",
        "1399-01-01: report",
        "1398-01-01: report",
        "1398-01-01 is not one of the start dates",
    ),
    (
        "bad citation url",
        "https://example.org/page",
        "example.org",
        "citations.0.url is not a URL",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [case[1:] for case in BAD_LINES],
    ids=[case[0] for case in BAD_LINES],
)
def test_bad_leaf_is_refused_naming_leaf_and_reason(
    tmp_path: Path, old: str, new: str, reason: str
):
    """Each defect of a leaf raises ParameterError naming the leaf and the reason."""
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    with pytest.raises(ParameterError) as caught:
        load_parameters(write(tmp_path, text))
    message = str(caught.value)
    assert "guarantee.cap.loan" in message
    assert reason in message


def test_sourced_value_without_citation_is_refused(tmp_path: Path):
    """A sourced value needs a citation."""
    head, tail = GOOD.split("      citations:\n")
    text = head + tail.split("\n", 2)[2]
    assert "example.org" not in text
    with pytest.raises(ParameterError, match=r"guarantee.cap.loan: a sourced value"):
        load_parameters(write(tmp_path, text))


def test_empty_values_are_refused(tmp_path: Path):
    """A leaf needs at least one dated value."""
    text = GOOD.split("      values:", maxsplit=1)[0] + "      values: {}\n"
    with pytest.raises(ParameterError, match=r"guarantee.cap.loan: values must not"):
        load_parameters(write(tmp_path, text))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("- 1\n- 2\n", "holds a mapping of groups"),
        ("a: [unclosed\n", "not valid YAML"),
        ("guarantee: {}\n", "group guarantee: holds no parameters"),
        ("guarantee:\n  cap: 5\n", "guarantee.cap: expected a parameter leaf"),
        (GOOD + "guarantee:\n  other: {}\n", "guarantee is given twice"),
        (GOOD.replace("guarantee:", "Guarantee:"), "not dotted lower-case words"),
    ],
    ids=["list", "yaml", "empty group", "number", "repeated group", "name"],
)
def test_bad_tree_is_refused(tmp_path: Path, text: str, reason: str):
    """A file that is not a tree of leaves is refused, saying where."""
    with pytest.raises(ParameterError, match=reason):
        load_parameters(write(tmp_path, text))


def test_date_list_leaf_reads_jalali_dates(tmp_path: Path):
    """A date leaf reads each list of Jalali days; bad days are refused by name."""
    text = """\
    holidays:
      lunar:
        unit: date
        article: "7.4"
        source: illustrative
        description: "Lunar holidays."
        values:
          1396-01-01: []
          1399-01-01: [1399-06-08, 1399-06-09]
    """
    params = load_parameters(write(tmp_path, text))
    assert (dt.date(2020, 8, 29), dt.date(2020, 8, 30)) == params.dates_at(
        "holidays.lunar", "1399-06-10"
    )
    for bad, reason in [
        ("[1399-06-09, 1399-06-08]", "strictly increasing"),
        ("[1399-06-32]", "list item='1399-06-32'"),
        ("5", "takes a list of dates"),
    ]:
        broken = text.replace("[1399-06-08, 1399-06-09]", bad)
        with pytest.raises(ParameterError, match=rf"holidays.lunar.*{reason}"):
            load_parameters(write(tmp_path, broken))


def test_leaf_inside_a_leaf_is_refused():
    """A name cannot be both a leaf and the group of another leaf."""

    def leaf(name: str) -> Parameter:
        return Parameter(
            name=name,
            unit=Unit.COUNT,
            article="2.5",
            source=Source.ILLUSTRATIVE,
            description="x",
            starts=(dt.date(2017, 3, 21),),
            values=(1,),
            value_sources=(Source.ILLUSTRATIVE,),
        )

    with pytest.raises(ParameterError, match=r"a.b.c: a.b is a leaf, not a group"):
        ParameterSet(parameters=(leaf("a.b.c"), leaf("a.b")))
    with pytest.raises(ParameterError, match=r"parameter a.b: defined twice"):
        ParameterSet(parameters=(leaf("a.b"), leaf("a.b")))


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"starts": ()}, "at least one dated value"),
        ({"value_sources": ()}, "differ in length"),
        ({"values": (True,)}, "whole number, got True"),
        ({"unit": Unit.DATE}, "takes a list of dates"),
        ({"description": "two\nlines"}, "description must be one non-empty line"),
    ],
)
def test_direct_construction_checks_invariants(change: dict[str, object], reason: str):
    """Building a Parameter in code checks the same invariants as the file."""
    fields: dict[str, object] = {
        "name": "x.y",
        "unit": Unit.COUNT,
        "article": "2.5",
        "source": Source.ILLUSTRATIVE,
        "description": "x",
        "starts": (dt.date(2017, 3, 21),),
        "values": (1,),
        "value_sources": (Source.ILLUSTRATIVE,),
    } | change
    with pytest.raises(ParameterError, match=rf"parameter x.y: .*{reason}"):
        Parameter(**fields)  # type: ignore[arg-type]


def test_bundled_files_are_listed_and_unknown_ones_refused():
    """bundled_file finds the two shipped files and refuses any other name."""
    assert bundled_file().name == "default.yaml"
    assert bundled_file("reform_ceiling_75.yaml").is_file()
    with pytest.raises(ParameterLookupError, match="no bundled parameter file"):
        bundled_file("other.yaml")
