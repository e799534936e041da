from __future__ import annotations

import copy
import datetime as dt
from enum import StrEnum

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from register_helpers import (
    COLUMNS,
    COOP_IDS,
    NATIONAL_CODES,
    base_rows,
    coop_row,
    jalali,
    tables,
    text_table,
)

from coopmodel import BulkLoadError
from coopmodel.records import Application, Cooperative, Member
from coopmodel.register import LoadResult, Register
from coopmodel.testing import applications, cooperatives, members
from coopmodel.values._digits import to_persian_digits
from coopmodel.values._ids import make_coop_id

BASE_COUNTS = {"cooperatives": 4, "members": 5, "applications": 4}

# (case id, table, row, changes to the row, field blamed, reason substring)
CASES = [
    ("missing name", "cooperatives", 3, {"name": None}, "name", "missing"),
    ("blank name", "cooperatives", 3, {"name": "   "}, "name", "missing"),
    ("missing date", "cooperatives", 3, {"registered_on": None}, "registered_on", "missing"),
    ("amount not a number", "cooperatives", 3, {"equity": "12a"}, "equity", "not a whole number"),
    ("amount with a fraction", "cooperatives", 3, {"equity": "1.5"}, "equity", "not a whole number"),
    ("amount with separators", "cooperatives", 3, {"equity": "1,000"}, "equity", "not a whole number"),
    ("flag not a bool", "cooperatives", 3, {"border": "yes"}, "border", "not true or false"),
    ("negative amount", "cooperatives", 3, {"overdue_debt": "-5"}, "overdue_debt", "negative"),
    ("amount beyond int64", "cooperatives", 3, {"equity": "9223372036854775808"}, "equity", "int64 limit"),
    ("coop_id check digit", "cooperatives", 3, {"coop_id": COOP_IDS[3][:-1] + str((int(COOP_IDS[3][-1]) + 1) % 10)}, "coop_id", "check digit"),
    ("coop_id too short", "cooperatives", 3, {"coop_id": "1234"}, "coop_id", "11-digit"),
    ("unknown kind", "cooperatives", 3, {"kind": "farming"}, "kind", "not a known kind"),
    ("unknown province", "cooperatives", 3, {"province": "atlantis"}, "province", "not a known province"),
    ("unknown status", "cooperatives", 3, {"status": "Active"}, "status", "not a known status"),
    ("nonexistent date", "cooperatives", 3, {"registered_on": "1399-07-31"}, "registered_on", "not a valid date"),
    ("nonexistent leap day", "cooperatives", 3, {"last_assembly_on": "1400-12-30"}, "last_assembly_on", "not a valid date"),
    ("date before 1300", "cooperatives", 3, {"registered_on": "1299-12-29"}, "registered_on", "outside the supported days"),
    ("gregorian in a jalali column", "cooperatives", 3, {"registered_on": "2020-06-01"}, "registered_on", "not a valid date"),
    ("certificate ends before it starts", "cooperatives", 3, {"kb_certified_from": "1399-01-01", "kb_certified_until": "1398-12-29"}, "kb_certified_until", "before kb_certified_from"),
    ("duplicate coop_id", "cooperatives", 3, {"coop_id": COOP_IDS[1]}, "coop_id", "repeats the coop_id of cooperatives row 1"),
    ("national code check digit", "members", 1, {"national_code": NATIONAL_CODES[1][:-1] + str((int(NATIONAL_CODES[1][-1]) + 1) % 10)}, "national_code", "check digit"),
    ("national code of ten equal digits", "members", 1, {"national_code": "3333333333"}, "national_code", "ten equal digits"),
    ("national code of 7 digits", "members", 1, {"national_code": "1234567"}, "national_code", "10-digit"),
    ("national code twice in a cooperative", "members", 3, {"national_code": NATIONAL_CODES[2]}, "national_code", "repeats the national_code of members row 2"),
    ("left before joining", "members", 4, {"left_on": "1395-01-14"}, "left_on", "before joined_on"),
    ("member of no cooperative", "members", 2, {"coop_id": COOP_IDS[5]}, "coop_id", "matches no cooperative"),
    ("unknown gender", "members", 0, {"gender": "f"}, "gender", "not a known gender"),
    ("unknown education", "members", 0, {"education": "phd"}, "education", "not a known education"),
    ("income decile 11", "members", 0, {"income_decile": "11"}, "income_decile", "between 1 and 10"),
    ("income decile 0", "members", 0, {"income_decile": "0"}, "income_decile", "between 1 and 10"),
    ("negative wage", "members", 0, {"insured_wage": "-1"}, "insured_wage", "negative"),
    ("missing birth date", "members", 0, {"birth_date": None}, "birth_date", "missing"),
    ("second application to a program", "applications", 3, {"program": "guarantee"}, "program", "second application"),
    ("application of no cooperative", "applications", 1, {"coop_id": COOP_IDS[4]}, "coop_id", "matches no cooperative"),
    ("unknown program", "applications", 1, {"program": "loan"}, "program", "not a known program"),
    ("guarantee of 0 days", "applications", 0, {"guarantee_days": "0"}, "guarantee_days", "between 1 and 1095"),
    ("guarantee of 1096 days", "applications", 0, {"guarantee_days": "1096"}, "guarantee_days", "between 1 and 1095"),
    ("guarantee without a kind", "applications", 0, {"guarantee_kind": None}, "guarantee_kind", "required when program is guarantee"),
    ("guarantee fields on another program", "applications", 1, {"guarantee_days": "30"}, "guarantee_days", "only for guarantees"),
    ("unknown guarantee kind", "applications", 0, {"guarantee_kind": "surety"}, "guarantee_kind", "not a known guarantee kind"),
    ("negative jobs", "applications", 2, {"jobs_committed": "-1"}, "jobs_committed", "negative"),
    ("jobs beyond int32", "applications", 2, {"jobs_committed": "2147483648"}, "jobs_committed", "more than 2147483647"),
]  # fmt: skip


def _corrupted(table: str, row: int, changes: dict[str, object]):
    rows = copy.deepcopy(base_rows())
    rows[table][row].update(changes)
    return tables(rows)


def test_base_rows_load_cleanly() -> None:
    """The valid base tables load with every row."""
    register = Register.from_arrow(*tables(base_rows()))
    assert register.n_cooperatives == 4
    assert register.member_offsets.tolist() == [0, 2, 4, 5, 5]
    assert register.applications.coop_index.tolist() == [0, 1, 2, 0]


@pytest.mark.parametrize(
    ("table", "row", "changes", "field", "reason"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_bad_input_is_reported_and_nothing_loads(
    table, row, changes, field, reason
) -> None:
    """A bad row is reported with its table, row, field and reason; nothing loads."""
    with pytest.raises(BulkLoadError) as caught:
        Register.from_arrow(*_corrupted(table, row, changes))
    problems = caught.value.problems
    assert {(p.table, p.row) for p in problems} == {(table, row)}
    assert any(p.field == field and reason in p.reason for p in problems), problems


@pytest.mark.parametrize(
    ("table", "row", "changes", "field", "reason"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_skipping_bad_rows_loads_the_others(table, row, changes, field, reason) -> None:
    """With skip_bad_rows the good rows load and the bad one comes back with why."""
    result = Register.from_arrow(*_corrupted(table, row, changes), skip_bad_rows=True)
    assert isinstance(result, LoadResult)
    result.register.check_structure()
    counts = {
        "cooperatives": result.register.n_cooperatives,
        "members": result.register.n_members,
        "applications": result.register.n_applications,
    }
    assert counts == {
        name: count - (name == table) for name, count in BASE_COUNTS.items()
    }
    rejected = result.rejected.table(table)
    assert rejected.column("row").to_pylist() == [row]
    assert reason in rejected.column("reasons")[0].as_py()
    assert f"{field}: " in rejected.column("reasons")[0].as_py()
    assert len(result.rejected) == 1


def test_every_bad_row_is_reported_not_just_the_first() -> None:
    """Bad rows in all three tables are all reported in one error."""
    rows = base_rows()
    rows["cooperatives"][1]["equity"] = "-1"
    rows["cooperatives"][3]["kind"] = "fishing"
    rows["members"][0]["gender"] = "?"
    rows["members"][4]["joined_on"] = "1399-07-31"
    rows["applications"][2]["requested_amount"] = "lots"
    with pytest.raises(BulkLoadError) as caught:
        Register.from_arrow(*tables(rows))
    problems = caught.value.problems
    assert [(p.table, p.row, p.field) for p in problems] == [
        ("cooperatives", 1, "equity"),
        ("cooperatives", 3, "kind"),
        ("members", 0, "gender"),
        ("members", 4, "joined_on"),
        ("applications", 2, "requested_amount"),
    ]
    assert "5 bad row(s), nothing loaded" in str(caught.value)


def test_one_row_with_several_bad_fields_reports_each() -> None:
    """Each bad field of one row is its own problem, in column order."""
    rows = base_rows()
    rows["members"][2].update(gender="x", insured_wage="-4", income_decile="12")
    with pytest.raises(BulkLoadError) as caught:
        Register.from_arrow(*tables(rows))
    assert [(p.row, p.field) for p in caught.value.problems] == [
        (2, "gender"),
        (2, "insured_wage"),
        (2, "income_decile"),
    ]
    assert {p.key for p in caught.value.problems} == {NATIONAL_CODES[2]}


def test_a_rejected_cooperative_takes_its_members_and_applications() -> None:
    """When skipping, a refused cooperative's members and applications are refused."""
    rows = base_rows()
    rows["cooperatives"][0]["status"] = "closed"
    with pytest.raises(BulkLoadError) as caught:
        Register.from_arrow(*tables(rows))
    assert [(p.table, p.row) for p in caught.value.problems] == [("cooperatives", 0)]
    result = Register.from_arrow(*tables(rows), skip_bad_rows=True)
    assert result.register.n_cooperatives == 3
    assert result.register.n_members == 3
    assert result.register.n_applications == 2
    cascaded = [
        (p.table, p.row)
        for p in result.rejected.problems
        if p.reason == "its cooperative was rejected"
    ]
    assert cascaded == [
        ("members", 0),
        ("members", 1),
        ("applications", 0),
        ("applications", 3),
    ]
    assert result.rejected.members.column("row").to_pylist() == [0, 1]
    coops_back, _ = result.register.to_records()
    assert [c.coop_id for c in coops_back] == list(COOP_IDS[1:4])


def test_members_of_a_repeated_coop_id_join_its_first_row() -> None:
    """A repeated cooperative is refused; members join the first row with the id."""
    rows = base_rows()
    rows["cooperatives"][2]["coop_id"] = COOP_IDS[0]
    result = Register.from_arrow(*tables(rows), skip_bad_rows=True)
    # Row 2 repeats coop 0; the member and application of coop 2 now match nothing.
    assert [(p.table, p.row, p.field) for p in result.rejected.problems] == [
        ("cooperatives", 2, "coop_id"),
        ("members", 4, "coop_id"),
        ("applications", 2, "coop_id"),
    ]
    assert result.register.n_cooperatives == 3
    assert result.register.member_counts().tolist() == [2, 2, 0]
    assert result.register.applications.coop_index.tolist() == [0, 1, 0]


def test_the_same_national_code_in_two_cooperatives_is_fine() -> None:
    """A person may be a member of several cooperatives."""
    rows = base_rows()
    rows["members"][2]["national_code"] = NATIONAL_CODES[0]
    register = Register.from_arrow(*tables(rows))
    assert register.members.national_code.tolist()[2] == int(NATIONAL_CODES[0])


def test_an_absent_required_column_is_one_problem_even_when_skipping() -> None:
    """A missing required column is one problem for the table; nothing loads."""
    coops, members, apps = tables(base_rows())
    for skip in (False, True):
        with pytest.raises(BulkLoadError) as caught:
            Register.from_arrow(
                coops, members.drop_columns(["gender"]), apps, skip_bad_rows=skip
            )
        assert [(p.table, p.row, p.field) for p in caught.value.problems] == [
            ("members", -1, "gender")
        ]
        assert "absent" in caught.value.problems[0].reason


def test_an_unknown_or_repeated_column_is_refused() -> None:
    """A column that is not a rulebook field, or one given twice, is refused."""
    coops, members, apps = tables(base_rows())
    extra = coops.append_column("countyy", pa.array(["x"] * 4))
    with pytest.raises(BulkLoadError) as caught:
        Register.from_arrow(extra, members, apps)
    assert [(p.row, p.field) for p in caught.value.problems] == [(-1, "countyy")]
    assert "not a column" in caught.value.problems[0].reason
    twice = apps.append_column("program", apps.column("program"))
    with pytest.raises(BulkLoadError, match="is given twice"):
        Register.from_arrow(coops, members, twice)


def test_absent_optional_columns_are_not_recorded() -> None:
    """Optional columns may be left out; their values are 'not recorded'."""
    coops, members, _ = tables(base_rows())
    optional = ["left_on", "employed_since", "income_decile", "education"]
    register = Register.from_arrow(
        coops.drop_columns(["county", "kb_certified_from"]),
        members.drop_columns(optional),
        None,
    )
    assert register.members.income_decile.tolist() == [0] * 5
    assert register.members.education.tolist() == [-1] * 5
    assert register.n_applications == 0
    assert register.cooperatives.county.tolist() == [None] * 4


def test_arrow_typed_columns_of_the_wrong_type_are_refused() -> None:
    """A bool amount, an int flag, a float id and a timestamp date are refused."""
    coops, members, apps = tables(base_rows())
    coops = coops.set_column(
        coops.schema.get_field_index("equity"), "equity", pa.array([True] * 4)
    )
    members = members.set_column(
        members.schema.get_field_index("disabled"), "disabled", pa.array([0] * 5)
    )
    members = members.set_column(
        members.schema.get_field_index("joined_on"),
        "joined_on",
        pa.array([0] * 5, pa.timestamp("s")),
    )
    apps = apps.set_column(0, "coop_id", pa.array([float(COOP_IDS[0])] * 4))
    with pytest.raises(BulkLoadError) as caught:
        Register.from_arrow(coops, members, apps)
    reasons = {(p.table, p.field): p.reason for p in caught.value.problems}
    assert "is a bool, not a whole number" in reasons["cooperatives", "equity"]
    assert "not true or false" in reasons["members", "disabled"]
    assert "not a calendar day" in reasons["members", "joined_on"]
    assert "not a coop_id" in reasons["applications", "coop_id"]
    rows = {(p.table, p.row) for p in caught.value.problems}
    assert rows == {("cooperatives", i) for i in range(4)} | {
        ("members", i) for i in range(5)
    } | {("applications", i) for i in range(4)}


def test_rejected_rows_can_be_written_with_their_reasons(tmp_path) -> None:
    """The rejected rows come back as read, and as one Parquet file of problems."""
    rows = base_rows()
    rows["members"][3]["insured_wage"] = "-9"
    rows["applications"][1]["program"] = "gift"
    result = Register.from_arrow(*tables(rows), skip_bad_rows=True)
    members = result.rejected.members
    assert members.column_names == ["row", "reasons", *COLUMNS["members"]]
    assert members.column("insured_wage").to_pylist() == ["-9"]
    path = result.rejected.write_parquet(tmp_path / "rejected.parquet")
    written = pq.read_table(path)
    assert written.column("table").to_pylist() == ["members", "applications"]
    assert written.column("row").to_pylist() == [3, 1]
    assert written.column("key").to_pylist() == [NATIONAL_CODES[3], COOP_IDS[1]]
    assert '"insured_wage": "-9"' in written.column("record")[0].as_py()
    with pytest.raises(KeyError, match="table must be one of"):
        result.rejected.table("votes")


def test_a_clean_load_with_skipping_rejects_nothing() -> None:
    """skip_bad_rows on clean input returns the whole register and no rejects."""
    result = Register.from_arrow(*tables(base_rows()), skip_bad_rows=True)
    assert len(result.rejected) == 0
    assert result.rejected.problems == ()
    assert result.register.n_members == 5
    assert result.rejected.to_arrow().num_rows == 0


def test_members_without_cooperatives_all_match_nothing() -> None:
    """With no cooperatives at all, every member and application matches nothing."""
    rows = base_rows()
    rows["cooperatives"] = []
    result = Register.from_arrow(*tables(rows), skip_bad_rows=True)
    assert result.register.n_cooperatives == 0
    assert len(result.rejected) == 9
    assert {p.reason.split(" ", 1)[1] for p in result.rejected.problems} == {
        "matches no cooperative"
    }


def test_text_table_helper_keeps_every_column() -> None:
    """The test helper builds a table with exactly the rulebook's columns."""
    table = text_table([], COLUMNS["applications"])
    assert table.column_names == list(COLUMNS["applications"])


# --- oracle: the bulk verdict on each row agrees with the record models -------------

DATES = ["1399-07-31", "1400-12-30", "1399-12-30", "1399/1/5", "۱۳۹۹/۰۱/۱۵", "1299-12-29", "1501-01-01", "13990115", None]  # fmt: skip
AMOUNTS = ["-1", "abc", "1.5", "٣٠٠", "99999999999999999999", "0", "+5", None]
FLAGS = [True, False, None]
POOLS: dict[str, dict[str, list[object]]] = {
    "cooperatives": {
        "coop_id": ["<persian>", "<check digit>", "<short>", "abcdefghijk", None],
        "name": ["   ", "ok", None],
        "kind": ["farming", "credit", None],
        "province": ["tehran", "Tehran", None],
        "county": [None, ""],
        "less_developed": FLAGS,
        "border": FLAGS,
        "status": ["active", "closed", None],
        "registered_on": DATES,
        "equity": AMOUNTS,
        "outstanding_guarantees": AMOUNTS,
        "overdue_debt": AMOUNTS,
        "insurance_arrears": AMOUNTS,
        "last_assembly_on": DATES,
        "kb_certified_from": DATES,
        "kb_certified_until": DATES,
    },
    "members": {
        "national_code": [
            "1234567",
            "3333333333",
            "0012345678",
            "۰۰۶۸۴۱۵۹۴۱",
            "68415941",
            "abc",
            None,
        ],
        "gender": ["f", "FEMALE", "male", None],
        "birth_date": DATES,
        "disabled": FLAGS,
        "joined_on": DATES,
        "left_on": DATES,
        "employed_since": DATES,
        "insured_wage": AMOUNTS,
        "income_decile": ["0", "11", "5", "x", None],
        "education": ["phd", "none", None],
    },
    "applications": {
        "program": ["guarantee", "employment", "gift", None],
        "applied_on": DATES,
        "requested_amount": AMOUNTS,
        "jobs_committed": ["-1", "2147483648", "3", None],
        "guarantee_kind": ["loan", "surety", None],
        "guarantee_days": ["0", "1096", "30", None],
    },
}
MODELS = {"cooperatives": Cooperative, "members": Member, "applications": Application}


def _as_text(value: object) -> object:
    if isinstance(value, dt.date):
        return jalali(value)
    if value is None or isinstance(value, bool):
        return value
    return str(value.value if isinstance(value, StrEnum) else value)


def _record_row(record: object, name: str) -> dict[str, object]:
    return {
        column: _as_text(getattr(record, column))
        for column in COLUMNS[name]
        if column != "coop_id" or name == "cooperatives"
    }


def _arrow(rows: list[dict[str, object]], name: str) -> pa.Table:
    flags = {"less_developed", "border", "disabled"}
    return pa.table(
        {
            column: pa.array(
                [row[column] for row in rows],
                pa.bool_() if column in flags else pa.string(),
            )
            for column in COLUMNS[name]
        }
    )


def _model_fields(name: str, row: dict[str, object]) -> set[str]:
    data = {k: v for k, v in row.items() if not (k == "coop_id" and name == "members")}
    try:
        MODELS[name].model_validate(data)
    except ValidationError as err:
        return {str(error["loc"][0]) for error in err.errors()}
    return set()


@st.composite
def _corrupted_rows(draw: st.DrawFn, name: str) -> list[dict[str, object]]:
    size = draw(st.integers(1, 5))
    if name == "cooperatives":
        records = draw(
            st.lists(cooperatives(max_members=0), min_size=size, max_size=size)
        )
    elif name == "members":
        records = draw(st.lists(members(), min_size=size, max_size=size))
    else:
        records = draw(st.lists(applications(), min_size=size, max_size=size))
    rows = []
    for index, record in enumerate(records):
        row = _record_row(record, name)
        row["coop_id"] = make_coop_id(1_020_000_000 + index)
        pool = POOLS[name]
        for column in draw(st.lists(st.sampled_from(sorted(pool)), max_size=2)):
            row[column] = draw(st.sampled_from(pool[column]))
        # Corrupt a coop_id from its own digits, so that no two rows share one.
        own = make_coop_id(1_020_000_000 + index)
        row["coop_id"] = {
            "<persian>": to_persian_digits(own),
            "<check digit>": own[:-1] + str((int(own[-1]) + 1) % 10),
            "<short>": own[:9],
        }.get(str(row["coop_id"]), row["coop_id"])
        rows.append(row)
    return rows


@pytest.mark.parametrize("name", ["cooperatives", "members", "applications"])
@given(data=st.data())
def test_bulk_verdict_on_each_row_agrees_with_the_record_models(name, data) -> None:
    """A row is refused in bulk exactly when its record model refuses it."""
    rows = data.draw(_corrupted_rows(name))
    coop_rows = [
        coop_row(0, coop_id=make_coop_id(1_020_000_000 + i)) for i in range(len(rows))
    ]
    given_tables = {
        "cooperatives": text_table(coop_rows, COLUMNS["cooperatives"]),
        "members": text_table([], COLUMNS["members"]),
        "applications": None,
    }
    given_tables[name] = _arrow(rows, name)
    result = Register.from_arrow(
        given_tables["cooperatives"],
        given_tables["members"],
        given_tables["applications"],
        skip_bad_rows=True,
    )
    for index, row in enumerate(rows):
        bulk = {
            p.field
            for p in result.rejected.problems
            if p.table == name and p.row == index
        }
        model = _model_fields(name, row)
        assert bool(bulk) == bool(model), (row, bulk, model)
        assert model <= bulk, (row, bulk, model)
    kept = result.register.to_records()
    assert len(kept[0] if name == "cooperatives" else kept[1]) <= len(rows)
