"""Convert between records (pydantic models) and the columnar register."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from coopmodel.records._models import (
    Application,
    Cooperative,
    Member,
    check_applications,
    check_cooperatives,
)
from coopmodel.register._schema import TABLE_COLUMNS, ColumnKind, ColumnSpec
from coopmodel.register._tables import (
    AnyTable,
    ApplicationTable,
    CooperativeTable,
    MemberTable,
    Register,
    field_dtype,
    offsets_from_coop_index,
)

__all__ = ["register_from_records", "register_to_records"]

_ID_WIDTH = {
    ColumnKind.COOP_ID: 11,
    ColumnKind.COOP_REFERENCE: 11,
    ColumnKind.NATIONAL_CODE: 10,
}


def _to_column(
    values: Sequence[object], spec: ColumnSpec, dtype: np.dtype[Any]
) -> npt.NDArray[Any]:
    """Return one record field of many records as a register column."""
    match spec.kind:
        case ColumnKind.COOP_ID | ColumnKind.COOP_REFERENCE | ColumnKind.NATIONAL_CODE:
            return np.array([int(str(v)) for v in values], dtype=dtype)
        case ColumnKind.ENUM:
            code: dict[object, int] = {m: i for i, m in enumerate(spec.members())}
            return np.array([-1 if v is None else code[v] for v in values], dtype=dtype)
        case ColumnKind.WHOLE:
            return np.array([0 if v is None else v for v in values], dtype=dtype)
        case ColumnKind.TEXT:
            column = np.empty(len(values), dtype=object)
            column[:] = list(values)
            return column
        case ColumnKind.DATE | ColumnKind.FLAG:
            return np.array(list(values), dtype=dtype).reshape(len(values))


def _from_column(column: npt.NDArray[Any], spec: ColumnSpec) -> list[object]:
    """Return a register column as record field values."""
    match spec.kind:
        case ColumnKind.COOP_ID | ColumnKind.COOP_REFERENCE | ColumnKind.NATIONAL_CODE:
            width = _ID_WIDTH[spec.kind]
            return [str(v).zfill(width) for v in column.tolist()]
        case ColumnKind.ENUM:
            members = spec.members()
            return [None if c < 0 else members[c] for c in column.tolist()]
        case ColumnKind.WHOLE if not spec.required:
            return [None if v == 0 else v for v in column.tolist()]
        case _:
            values: list[object] = column.tolist()
            return values


def _table(
    kind: type[AnyTable],
    name: str,
    records: Sequence[object],
    **extra: npt.NDArray[Any],
) -> Any:  # noqa: ANN401 - one of the three table classes, as ``kind`` says
    columns = dict(extra)
    fields = {field.name for field in attrs.fields(kind)}
    for spec in TABLE_COLUMNS[name]:
        if spec.name in fields and spec.name not in columns:
            values = [getattr(record, spec.name) for record in records]
            columns[spec.name] = _to_column(values, spec, field_dtype(kind, spec.name))
    return kind(**columns)


def register_from_records(
    cooperatives: Iterable[Cooperative], applications: Iterable[Application]
) -> Register:
    """Build a register from records (see :meth:`Register.from_records`)."""
    coops = check_cooperatives(cooperatives)
    apps = check_applications(applications, cooperatives=coops)
    row = {coop.coop_id: i for i, coop in enumerate(coops)}
    counts = np.array([len(coop.members) for coop in coops], dtype=np.int64)
    members = [member for coop in coops for member in coop.members]
    coop_index = np.repeat(np.arange(len(coops), dtype=np.int32), counts)
    member_table: MemberTable = _table(
        MemberTable, "members", members, coop_index=coop_index
    )
    application_table: ApplicationTable = _table(
        ApplicationTable,
        "applications",
        apps,
        coop_index=np.array([row[a.coop_id] for a in apps], dtype=np.int32),
    )
    cooperative_table: CooperativeTable = _table(
        CooperativeTable, "cooperatives", coops
    )
    return Register(
        cooperatives=cooperative_table,
        members=member_table,
        applications=application_table,
        member_offsets=offsets_from_coop_index(coop_index, len(coops)),
    )


def _rows(table: AnyTable, name: str, **extra: list[object]) -> list[dict[str, object]]:
    """Return the rows of a table as dicts of record field values."""
    fields = {field.name for field in attrs.fields(type(table))}
    columns = dict(extra)
    for spec in TABLE_COLUMNS[name]:
        if spec.name in fields:
            columns[spec.name] = _from_column(getattr(table, spec.name), spec)
    names = list(columns)
    return [
        dict(zip(names, values, strict=True))
        for values in zip(*columns.values(), strict=True)
    ]


def _set_fields(row: dict[str, object]) -> dict[str, object]:
    """Drop the optional fields that are not recorded, as the records leave them."""
    return {name: value for name, value in row.items() if value is not None}


def register_to_records(
    register: Register,
) -> tuple[tuple[Cooperative, ...], tuple[Application, ...]]:
    """Return a register as records (see :meth:`Register.to_records`)."""
    coop_ids = _from_column(
        register.cooperatives.coop_id, TABLE_COLUMNS["cooperatives"][0]
    )
    members = [
        Member.model_validate(_set_fields(row))
        for row in _rows(register.members, "members")
    ]
    offsets = register.member_offsets.tolist()
    cooperatives = tuple(
        Cooperative.model_validate(
            {
                **_set_fields(row),
                "members": tuple(members[offsets[i] : offsets[i + 1]]),
            }
        )
        for i, row in enumerate(_rows(register.cooperatives, "cooperatives"))
    )
    application_ids: list[object] = [
        coop_ids[i] for i in register.applications.coop_index.tolist()
    ]
    applications = tuple(
        Application.model_validate(_set_fields(row))
        for row in _rows(register.applications, "applications", coop_id=application_ids)
    )
    return cooperatives, applications
