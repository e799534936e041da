from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pyarrow as pa
import pytest
from hypothesis import given
from register_helpers import (
    COLUMNS,
    COOP_IDS,
    NATIONAL_CODES,
    base_rows,
    record_rows,
    registers,
    tables,
)

from coopmodel import BulkLoadError
from coopmodel.register import Register
from coopmodel.values._digits import to_persian_digits


class _StreamOnly:
    """An object that offers only the Arrow C stream, as a polars frame does."""

    def __init__(self, table: pa.Table) -> None:
        self._table = table

    def __arrow_c_stream__(self, requested_schema=None):
        return self._table.__arrow_c_stream__(requested_schema)


@given(registers())
def test_records_round_trip_through_arrow_tables(drawn) -> None:
    """Records -> Arrow rows -> register -> records gives the same records."""
    coops, apps = drawn
    rows = record_rows(coops, apps)
    arrow = [
        pa.table({c: [row[c] for row in rows[name]] for c in COLUMNS[name]})
        for name in COLUMNS
    ]
    register = Register.from_arrow(*arrow)
    register.check_structure()
    assert register.to_records() == (coops, apps)


@given(registers())
def test_to_arrow_then_from_arrow_gives_the_same_register(drawn) -> None:
    """A register written as Arrow tables reads back as the same records."""
    coops, apps = drawn
    written = Register.from_records(coops, apps).to_arrow()
    assert list(written) == ["cooperatives", "members", "applications"]
    for name, table in written.items():
        assert table.column_names == list(COLUMNS[name])
    again = Register.from_arrow(
        written["cooperatives"], written["members"], written["applications"]
    )
    assert again.to_records() == (coops, apps)


def test_to_arrow_types_follow_the_bulk_format() -> None:
    """Ids are zero-padded text, enums text, dates date32, not recorded is null."""
    register = Register.from_arrow(*tables(base_rows()))
    written = register.to_arrow()
    members = written["members"]
    assert members.schema.field("national_code").type == pa.string()
    assert members.column("national_code").to_pylist() == list(NATIONAL_CODES[:5])
    assert members.column("coop_id").to_pylist() == [
        COOP_IDS[i] for i in (0, 0, 1, 1, 2)
    ]
    assert members.schema.field("birth_date").type == pa.date32()
    assert members.column("left_on").to_pylist() == [None] * 4 + [dt.date(2019, 3, 21)]
    assert members.schema.field("income_decile").type == pa.int8()
    apps = written["applications"]
    assert apps.column("guarantee_days").to_pylist() == [180, None, None, None]
    assert apps.column("guarantee_kind").to_pylist() == ["loan", None, None, None]
    assert apps.schema.field("jobs_committed").type == pa.int32()
    coops = written["cooperatives"]
    assert coops.column("border").to_pylist() == [True] * 4
    assert coops.column("kind").to_pylist() == ["agriculture"] * 4


def test_ids_as_integers_read_like_ids_as_text() -> None:
    """Integer ids (leading zeros lost) read as the zero-padded text ids."""
    coops, members, apps = tables(base_rows())
    as_int = members.set_column(
        1,
        "national_code",
        pa.array([int(code) for code in NATIONAL_CODES[:5]], pa.int64()),
    )
    as_int = as_int.set_column(
        0, "coop_id", pa.array([int(COOP_IDS[i]) for i in (0, 0, 1, 1, 2)], pa.uint64())
    )
    from_int = Register.from_arrow(coops, as_int, apps)
    from_text = Register.from_arrow(coops, members, apps)
    assert from_int.to_records() == from_text.to_records()
    assert NATIONAL_CODES[0].startswith("00")


def test_persian_digits_and_short_national_codes_are_read() -> None:
    """Persian digits in ids, amounts and dates, and 8- or 9-digit codes, are read."""
    rows = base_rows()
    rows["cooperatives"][0].update(
        coop_id=to_persian_digits(COOP_IDS[0]), equity="۵۰۰۰۰۰۰۰۰"
    )
    rows["members"][0].update(
        national_code=NATIONAL_CODES[0].lstrip("0"),
        coop_id=to_persian_digits(COOP_IDS[0]),
        birth_date="۱۳۷۰/۵/۲۰",
        income_decile="٣",
    )
    rows["members"][1]["national_code"] = " " + NATIONAL_CODES[1][1:] + " "
    assert len(NATIONAL_CODES[0].lstrip("0")) == 8
    register = Register.from_arrow(*tables(rows))
    reference = Register.from_arrow(*tables(base_rows()))
    assert register.to_records() == reference.to_records()


def test_other_arrow_forms_are_read() -> None:
    """Dictionary enums, large strings, batches, mappings and C streams all load."""
    coops, members, apps = tables(base_rows())
    reference = Register.from_arrow(coops, members, apps).to_records()
    kinds = coops.column("kind").dictionary_encode()
    encoded = coops.set_column(coops.schema.get_field_index("kind"), "kind", kinds)
    large = members.cast(
        pa.schema([pa.field(f.name, pa.large_string()) for f in members.schema])
    )
    batch = apps.to_batches()[0]
    assert Register.from_arrow(encoded, large, batch).to_records() == reference
    mapping = {name: coops.column(name).to_pylist() for name in coops.column_names}
    streamed = Register.from_arrow(mapping, _StreamOnly(members), _StreamOnly(apps))
    assert streamed.to_records() == reference


def test_whole_floats_are_read_and_fractions_refused() -> None:
    """Floats that are whole numbers load (pandas gaps); fractions are refused."""
    coops, members, apps = tables(base_rows())
    index = members.schema.get_field_index("income_decile")
    floats = members.set_column(
        index, "income_decile", pa.array([3.0, 3.0, None, 3.0, 3.0])
    )
    register = Register.from_arrow(coops, floats, apps)
    assert register.members.income_decile.tolist() == [3, 3, 0, 3, 3]
    fractions = members.set_column(
        index, "income_decile", pa.array([3.5, 3.0, float("nan"), 3.0, 3.0])
    )
    with pytest.raises(BulkLoadError) as caught:
        Register.from_arrow(coops, fractions, apps)
    assert [(p.row, p.field) for p in caught.value.problems] == [
        (0, "income_decile"),
        (2, "income_decile"),
    ]
    assert "not a whole number" in caught.value.problems[0].reason


def test_unsigned_amounts_beyond_int64_are_refused() -> None:
    """A uint64 amount above the int64 limit is refused, not wrapped."""
    coops, members, apps = tables(base_rows())
    index = coops.schema.get_field_index("equity")
    huge = coops.set_column(index, "equity", pa.array([2**63, 5, 5, 5], pa.uint64()))
    with pytest.raises(BulkLoadError) as caught:
        Register.from_arrow(huge, members, apps)
    assert [(p.row, p.field) for p in caught.value.problems] == [(0, "equity")]
    assert "int64 limit" in caught.value.problems[0].reason


def test_a_column_of_nulls_is_a_column_of_missing_values() -> None:
    """An all-null column is 'not recorded' when optional, missing when required."""
    coops, members, apps = tables(base_rows())
    nulls = members.set_column(
        members.schema.get_field_index("education"), "education", pa.nulls(5)
    )
    assert (
        Register.from_arrow(coops, nulls, apps).members.education.tolist() == [-1] * 5
    )
    nulls = nulls.set_column(1, "national_code", pa.nulls(5))
    with pytest.raises(BulkLoadError) as caught:
        Register.from_arrow(coops, nulls, apps)
    assert {p.field for p in caught.value.problems} == {"national_code"}
    assert all(p.key is None for p in caught.value.problems)


def test_something_that_is_not_a_table_is_refused() -> None:
    """An input that is not a table raises TypeError naming the table."""
    coops, members, _ = tables(base_rows())
    with pytest.raises(TypeError, match="applications: cannot read a int"):
        Register.from_arrow(coops, members, 42)


def test_importing_the_register_does_not_import_pyarrow() -> None:
    """`import coopmodel.register` stays light: pyarrow loads only when used."""
    code = (
        "import sys, coopmodel, coopmodel.register; "
        "assert 'pyarrow' not in sys.modules, 'pyarrow imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603 - our own code
