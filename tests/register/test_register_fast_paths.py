"""The loader's fast paths read exactly what its general paths read."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from register_helpers import base_rows, tables

from coopmodel import BulkLoadError
from coopmodel.register import Register, _columns, _load
from coopmodel.register._files import read_parquet_tables
from coopmodel.register._schema import TABLE_COLUMNS
from coopmodel.values._ids import make_national_codes

SPECS = {spec.name: spec for spec in TABLE_COLUMNS["members"]}


def _general_ids(raw: pa.Array) -> _columns.ParsedColumn:
    """Parse an id column with the fast path switched off."""
    saved = _columns._fixed_width_digits
    _columns._fixed_width_digits = lambda *_: None
    try:
        return _columns.parse_column(raw, SPECS["national_code"])
    finally:
        _columns._fixed_width_digits = saved


def _same(a: _columns.ParsedColumn, b: _columns.ParsedColumn) -> None:
    assert a.values.dtype == b.values.dtype
    assert np.array_equal(a.values, b.values)
    assert np.array_equal(a.missing, b.missing)
    for left, right in ((a.failures, b.failures), (a.refusals, b.refusals)):
        assert len(left) == len(right)
        for x, y in zip(left, right, strict=True):
            assert np.array_equal(x.mask, y.mask)
            for row in np.flatnonzero(x.mask)[:5]:
                assert x.reason(int(row)) == y.reason(int(row))


def test_fixed_width_ids_read_as_the_general_path():
    """Ten-digit text codes, valid or not, read the same both ways."""
    rng = np.random.default_rng(3)
    codes = np.concatenate(
        [make_national_codes(rng.integers(0, 10**8, 500)), rng.integers(0, 10**10, 500)]
    )
    text = pa.array([str(c).zfill(10) for c in codes.tolist()], pa.string())
    assert _columns._fixed_width_digits(text, 10) is not None
    _same(_columns.parse_column(text, SPECS["national_code"]), _general_ids(text))
    sliced = text.slice(7, 300)
    _same(_columns.parse_column(sliced, SPECS["national_code"]), _general_ids(sliced))


def test_fixed_width_ids_decline_anything_else():
    """Nulls, other widths, spaces and Persian digits take the general path."""
    for cells in (
        ["0068415941", None],
        ["0068415941", "68415941"],
        ["0068415941", " 068415941"],
        ["0068415941", "۰۰۶۸۴۱۵۹۴۱"],
        ["0068415941", "00684159a1"],
    ):
        assert _columns._fixed_width_digits(pa.array(cells, pa.string()), 10) is None


def test_large_enum_columns_read_as_small_ones():
    """An enum column read by distinct spellings equals the cell-by-cell reading."""
    rng = np.random.default_rng(4)
    choices = ["female", " male", "male ", None, "", "Male", "unknown", "۱"]
    cells = [choices[i] for i in rng.integers(0, len(choices), 3 * 4096)]
    raw = pa.array(cells, pa.string())
    whole = _columns.parse_column(raw, SPECS["gender"])
    parts = [
        _columns.parse_column(raw.slice(start, 2048), SPECS["gender"])
        for start in range(0, len(cells), 2048)
    ]
    assert np.array_equal(whole.values, np.concatenate([p.values for p in parts]))
    assert np.array_equal(whole.missing, np.concatenate([p.missing for p in parts]))
    unknown = np.concatenate([p.failures[0].mask for p in parts])
    assert np.array_equal(whole.failures[0].mask, unknown)
    row = int(np.flatnonzero(unknown)[0])
    assert whole.failures[0].reason(row) == parts[0].failures[0].reason(row)


def test_first_of_equal_with_and_without_repeats():
    """The hashed check proves distinct keys distinct and leaves repeats exact."""
    rng = np.random.default_rng(5)
    a = rng.integers(0, 10**11, 5000)
    b = rng.integers(0, 10**10, 5000)
    among = rng.random(5000) < 0.9
    distinct = _load._first_of_equal((a, b), among)
    rows = np.arange(5000)
    assert np.array_equal(distinct, np.where(among, rows, -1))
    a[100:200], b[100:200] = a[0], b[0]
    repeated = _load._first_of_equal((a, b), among)
    group = [row for row in [0, *range(100, 200)] if among[row]]
    assert all(repeated[row] == group[0] for row in group)
    others = np.setdiff1d(np.flatnonzero(among), group)
    assert np.array_equal(repeated[others], others)


def test_parquet_enums_read_as_dictionaries_reject_rows_as_text(tmp_path):
    """Bad enum cells from Parquet: the same problems and rejected rows as text."""
    rows = base_rows()
    rows["members"][1]["gender"] = "unknown"
    rows["cooperatives"][2]["status"] = " Active"
    rows["applications"][1]["program"] = None
    paths = []
    names = ("cooperatives", "members", "applications")
    for name, table in zip(names, tables(rows), strict=True):
        path = tmp_path / f"{name}.parquet"
        pq.write_table(table.replace_schema_metadata({"origin": "test"}), path)
        paths.append(path)
    read = read_parquet_tables(*paths)
    assert pa.types.is_dictionary(read[1].schema.field("gender").type)
    from_files = Register.from_parquet(*paths, skip_bad_rows=True)
    from_text = Register.from_arrow(
        *(pq.read_table(path) for path in paths), skip_bad_rows=True
    )
    assert from_files.rejected.problems == from_text.rejected.problems
    for name in ("cooperatives", "members", "applications"):
        mine = getattr(from_files.rejected, name)
        theirs = getattr(from_text.rejected, name)
        assert mine.equals(theirs, check_metadata=True)
    assert from_files.register.n_members == from_text.register.n_members
    with pytest.raises(BulkLoadError) as files_error:
        Register.from_parquet(*paths)
    with pytest.raises(BulkLoadError) as text_error:
        Register.from_arrow(*(pq.read_table(path) for path in paths))
    assert files_error.value.problems == text_error.value.problems
