from __future__ import annotations

import csv

import pyarrow.parquet as pq
import pytest
from hypothesis import given
from register_helpers import (
    COLUMNS,
    COOP_IDS,
    NATIONAL_CODES,
    base_rows,
    jalali,
    registers,
    tables,
)

from coopmodel import BulkLoadError
from coopmodel.register import Register


def _paths(directory, suffix):
    return [directory / f"{name}.{suffix}" for name in COLUMNS]


@given(registers())
def test_parquet_round_trip(tmp_path_factory, drawn) -> None:
    """Records -> register -> Parquet files -> register -> records is the identity."""
    coops, apps = drawn
    directory = tmp_path_factory.mktemp("parquet")
    written = Register.from_records(coops, apps).write_parquet(directory)
    assert list(written) == _paths(directory, "parquet")
    assert pq.read_table(written[1]).column_names == list(COLUMNS["members"])
    assert Register.from_parquet(*written).to_records() == (coops, apps)


@given(registers())
def test_csv_round_trip_with_iso_and_jalali_dates(tmp_path_factory, drawn) -> None:
    """Records -> CSV (ISO or Jalali dates) -> register -> records is the identity."""
    coops, apps = drawn
    register = Register.from_records(coops, apps)
    for jalali_dates in (False, True):
        directory = tmp_path_factory.mktemp("csv")
        written = register.write_csv(directory, jalali_dates=jalali_dates)
        assert list(written) == _paths(directory, "csv")
        assert Register.from_csv(*written).to_records() == (coops, apps)


@given(registers(max_coops=3))
def test_jalali_csv_dates_are_the_jdatetime_dates(tmp_path_factory, drawn) -> None:
    """Each date cell of a Jalali CSV is the day's Jalali date per jdatetime."""
    coops, _ = drawn
    directory = tmp_path_factory.mktemp("jalali")
    Register.from_records(coops).write_csv(directory, jalali_dates=True)
    with (directory / "cooperatives.csv").open(encoding="utf-8", newline="") as file:
        cells = [row["registered_on"] for row in csv.DictReader(file)]
    assert cells == [jalali(c.registered_on) for c in coops]
    with (directory / "members.csv").open(encoding="utf-8", newline="") as file:
        cells = [row["left_on"] for row in csv.DictReader(file)]
    assert cells == [jalali(m.left_on) or "" for c in coops for m in c.members]


def _write_csv(path, columns, rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(columns)
        writer.writerows(rows)


def test_hand_written_csv_with_jalali_persian_and_iso_columns(tmp_path) -> None:
    """A CSV mixing Jalali, Persian-digit and ISO date columns reads as expected."""
    _write_csv(
        tmp_path / "coops.csv",
        COLUMNS["cooperatives"],
        [
            [COOP_IDS[0], "Sahand", "agriculture", "east_azerbaijan", "", "false",
             "TRUE", "active", "۱۳۹۰/۰۲/۰۱", "500000000", "0", "0", "0", "2020-06-01",
             "", ""],
            [COOP_IDS[1], "Zagros", "credit", "fars", "Shiraz", "true", "false",
             "inactive", "1385/1/1", "7", "1", "2", "3", "2021-03-20", "1399-01-01",
             "1400-12-29"],
        ],
    )  # fmt: skip
    _write_csv(
        tmp_path / "members.csv",
        COLUMNS["members"],
        [
            [COOP_IDS[1], NATIONAL_CODES[0].lstrip("0"), "male", "1370-05-20", "false",
             "1395-01-15", "", "", "120000000", "", ""],
        ],
    )  # fmt: skip
    register = Register.from_csv(tmp_path / "coops.csv", tmp_path / "members.csv")
    coops, apps = register.to_records()
    assert apps == ()
    assert coops[0].registered_on.isoformat() == "2011-04-21"  # 1390-02-01
    assert coops[1].registered_on.isoformat() == "2006-03-21"  # 1385-01-01
    assert coops[0].last_assembly_on.isoformat() == "2020-06-01"  # ISO column
    assert coops[1].kb_certified_until.isoformat() == "2022-03-20"  # 1400-12-29
    assert coops[0].border is True
    assert coops[0].county is None
    assert coops[1].county == "Shiraz"
    assert coops[1].members[0].national_code == NATIONAL_CODES[0]
    assert coops[1].members[0].birth_date.isoformat() == "1991-08-11"  # 1370-05-20
    assert register.member_offsets.tolist() == [0, 0, 1]


def test_csv_keeps_a_quoted_empty_county_as_empty_text(tmp_path) -> None:
    """In CSV an empty cell is not recorded, a quoted empty string is ''."""
    path = tmp_path / "coops.csv"
    header = ",".join(COLUMNS["cooperatives"])
    line = (
        f'{COOP_IDS[0]},n,other,qom,"",false,false,active,1390-01-01,0,0,0,0,,,\n'
        f"{COOP_IDS[1]},n,other,qom,,false,false,active,1390-01-01,0,0,0,0,,,\n"
    )
    path.write_text(header + "\n" + line, encoding="utf-8")
    members = tmp_path / "members.csv"
    members.write_text(",".join(COLUMNS["members"]) + "\n", encoding="utf-8")
    register = Register.from_csv(path, members)
    assert register.cooperatives.county.tolist() == ["", None]


def test_csv_bad_rows_are_reported_with_their_row_numbers(tmp_path) -> None:
    """Bad CSV cells are reported by row and field, and skipping returns them."""
    rows = base_rows()
    rows["members"][1]["joined_on"] = "1399-07-31"
    rows["members"][3]["national_code"] = "۱۲۳۴"
    for name, table in zip(COLUMNS, tables(rows), strict=True):
        _write_csv(
            tmp_path / f"{name}.csv",
            table.column_names,
            [
                ["" if v is None else v for v in row.values()]
                for row in table.to_pylist()
            ],
        )
    paths = _paths(tmp_path, "csv")
    with pytest.raises(BulkLoadError) as caught:
        Register.from_csv(*paths)
    assert [(p.table, p.row, p.field) for p in caught.value.problems] == [
        ("members", 1, "joined_on"),
        ("members", 3, "national_code"),
    ]
    assert "'1399-07-31' is not a valid date" in caught.value.problems[0].reason
    result = Register.from_csv(*paths, skip_bad_rows=True)
    assert result.register.n_members == 3
    assert result.rejected.members.column("national_code").to_pylist() == [
        NATIONAL_CODES[1],
        "۱۲۳۴",
    ]
