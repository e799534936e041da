"""Shared builders for the register tests: valid rows as text, records as rows.

Dates are written with jdatetime (the reference of Art. 0.2), not with the library's
converter, so that the expected values stay independent of the code under test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum

import jdatetime
import pyarrow as pa
from hypothesis import strategies as st

from coopmodel.records import Application, Cooperative, Member, Program
from coopmodel.testing import applications, cooperatives
from coopmodel.values._ids import make_coop_id, make_national_code

COOP_COLUMNS = (
    "coop_id",
    "name",
    "kind",
    "province",
    "county",
    "less_developed",
    "border",
    "status",
    "registered_on",
    "equity",
    "outstanding_guarantees",
    "overdue_debt",
    "insurance_arrears",
    "last_assembly_on",
    "kb_certified_from",
    "kb_certified_until",
)
MEMBER_COLUMNS = (
    "coop_id",
    "national_code",
    "gender",
    "birth_date",
    "disabled",
    "joined_on",
    "left_on",
    "employed_since",
    "insured_wage",
    "income_decile",
    "education",
)
APPLICATION_COLUMNS = (
    "coop_id",
    "program",
    "applied_on",
    "requested_amount",
    "jobs_committed",
    "guarantee_kind",
    "guarantee_days",
)
COLUMNS = {
    "cooperatives": COOP_COLUMNS,
    "members": MEMBER_COLUMNS,
    "applications": APPLICATION_COLUMNS,
}

COOP_IDS = tuple(make_coop_id(1_010_000_000 + i) for i in range(6))
NATIONAL_CODES = tuple(make_national_code(5_000_000 + i) for i in range(12))


def jalali(day: dt.date | None, *, sep: str = "-") -> str | None:
    """Write a day as Jalali ``YYYY-MM-DD`` text with jdatetime."""
    if day is None:
        return None
    value = jdatetime.date.fromgregorian(date=day)
    return f"{value.year:04d}{sep}{value.month:02d}{sep}{value.day:02d}"


def coop_row(index: int, **changes: object) -> dict[str, object]:
    """Return a valid cooperative row, all text as CSV gives it."""
    row: dict[str, object] = {
        "coop_id": COOP_IDS[index],
        "name": f"Cooperative {index}",
        "kind": "agriculture",
        "province": "fars",
        "county": None,
        "less_developed": "false",
        "border": "true",
        "status": "active",
        "registered_on": "1390-02-01",
        "equity": "500000000",
        "outstanding_guarantees": "0",
        "overdue_debt": "0",
        "insurance_arrears": "0",
        "last_assembly_on": "1398-04-10",
        "kb_certified_from": None,
        "kb_certified_until": None,
    }
    row.update(changes)
    return row


def member_row(coop: int, code: int, **changes: object) -> dict[str, object]:
    """Return a valid member row of cooperative ``coop``, all text."""
    row: dict[str, object] = {
        "coop_id": COOP_IDS[coop],
        "national_code": NATIONAL_CODES[code],
        "gender": "female",
        "birth_date": "1370-05-20",
        "disabled": "false",
        "joined_on": "1395-01-15",
        "left_on": None,
        "employed_since": "1396-01-01",
        "insured_wage": "120000000",
        "income_decile": "3",
        "education": "bachelor",
    }
    row.update(changes)
    return row


def application_row(coop: int, program: str, **changes: object) -> dict[str, object]:
    """Return a valid application row of cooperative ``coop``, all text."""
    guarantee = program == "guarantee"
    row: dict[str, object] = {
        "coop_id": COOP_IDS[coop],
        "program": program,
        "applied_on": "1399-03-01",
        "requested_amount": "2000000000",
        "jobs_committed": "4",
        "guarantee_kind": "loan" if guarantee else None,
        "guarantee_days": "180" if guarantee else None,
    }
    row.update(changes)
    return row


def base_rows() -> dict[str, list[dict[str, object]]]:
    """Return a small valid register as rows: 4 cooperatives, 5 members, 4 apps.

    Cooperative 0 has members rows 0, 1 and application rows 0, 3; cooperative 1 has
    member rows 2, 3 and application row 1; cooperative 2 has member row 4 and
    application row 2; cooperative 3 has neither.
    """
    return {
        "cooperatives": [coop_row(i) for i in range(4)],
        "members": [
            member_row(0, 0),
            member_row(0, 1, gender="male"),
            member_row(1, 2),
            member_row(1, 3),
            member_row(2, 4, left_on="1398-01-01"),
        ],
        "applications": [
            application_row(0, "guarantee"),
            application_row(1, "employment"),
            application_row(2, "credit_kb"),
            application_row(0, "credit_wyd"),
        ],
    }


def text_table(rows: Sequence[dict[str, object]], columns: Sequence[str]) -> pa.Table:
    """Return rows as an Arrow table of the given columns, every column text."""
    return pa.table(
        {
            name: pa.array(
                [None if row.get(name) is None else str(row[name]) for row in rows],
                pa.string(),
            )
            for name in columns
        }
    )


def tables(rows: dict[str, list[dict[str, object]]]) -> tuple[pa.Table, ...]:
    """Return the three tables of ``rows`` as text Arrow tables."""
    return tuple(text_table(rows[name], COLUMNS[name]) for name in COLUMNS)


def _value(value: object) -> object:
    if isinstance(value, StrEnum):
        return value.value
    return value


def record_rows(
    coops: Sequence[Cooperative], apps: Sequence[Application]
) -> dict[str, list[dict[str, object]]]:
    """Return records as rows of Python values (dates as ``datetime.date``)."""
    coop_rows = [
        {name: _value(getattr(coop, name)) for name in COOP_COLUMNS} for coop in coops
    ]
    member_rows = [
        {"coop_id": coop.coop_id}
        | {name: _value(getattr(member, name)) for name in MEMBER_COLUMNS[1:]}
        for coop in coops
        for member in coop.members
    ]
    app_rows = [
        {name: _value(getattr(app, name)) for name in APPLICATION_COLUMNS}
        for app in apps
    ]
    return {"cooperatives": coop_rows, "members": member_rows, "applications": app_rows}


def member_as_text(member: Member, coop_id: str) -> dict[str, object]:
    """Return a member as a row of text (Jalali dates), bools kept as bools."""
    row: dict[str, object] = {"coop_id": coop_id}
    for name in MEMBER_COLUMNS[1:]:
        value = getattr(member, name)
        if isinstance(value, dt.date):
            row[name] = jalali(value)
        elif value is None or isinstance(value, bool):
            row[name] = value
        else:
            row[name] = str(_value(value))
    return row


@st.composite
def registers(
    draw: st.DrawFn, *, max_coops: int = 4, max_members: int = 4
) -> tuple[tuple[Cooperative, ...], tuple[Application, ...]]:
    """Draw cooperatives with unique ids and applications of them (one per program)."""
    coops = draw(
        st.lists(
            cooperatives(max_members=max_members),
            max_size=max_coops,
            unique_by=lambda coop: coop.coop_id,
        )
    )
    apps = []
    for coop in coops:
        programs = draw(st.lists(st.sampled_from(Program), unique=True, max_size=2))
        apps.extend(
            draw(applications(coop_id=coop.coop_id, program=program))
            for program in programs
        )
    order = draw(st.permutations(range(len(apps))))
    return tuple(coops), tuple(apps[i] for i in order)
