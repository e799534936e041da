"""The register as Arrow tables, Parquet files and CSV files (Art. 1.4)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from coopmodel.register._schema import TABLE_COLUMNS, ColumnKind, ColumnSpec
from coopmodel.register._tables import (
    AnyTable,
    Register,
    field_dtype,
)
from coopmodel.values._calendar import to_jalali_arrays

__all__ = [
    "read_csv_tables",
    "read_parquet_tables",
    "register_to_arrow",
    "write_csv_tables",
    "write_parquet_tables",
]

_ID_WIDTH = {
    ColumnKind.COOP_ID: 11,
    ColumnKind.COOP_REFERENCE: 11,
    ColumnKind.NATIONAL_CODE: 10,
}

PathLike = str | os.PathLike[str]


def _id_text(ids: npt.NDArray[np.int64], width: int) -> pa.Array:
    text = pa.array(ids, pa.int64()).cast(pa.string())
    return pc.utf8_lpad(text, width=width, padding="0")


def _to_arrow_column(
    column: npt.NDArray[Any], spec: ColumnSpec, dtype: np.dtype[Any]
) -> pa.Array:
    match spec.kind:
        case ColumnKind.COOP_ID | ColumnKind.COOP_REFERENCE | ColumnKind.NATIONAL_CODE:
            return _id_text(column, _ID_WIDTH[spec.kind])
        case ColumnKind.ENUM:
            spellings = pa.array([m.value for m in spec.members()], pa.string())
            codes = pa.array(column.astype(np.int32), mask=column < 0)
            return spellings.take(codes)
        case ColumnKind.WHOLE:
            mask = None if spec.required else column == 0
            return pa.array(column, pa.from_numpy_dtype(dtype), mask=mask)
        case ColumnKind.DATE:
            return pa.array(column, pa.date32())
        case ColumnKind.FLAG:
            return pa.array(column, pa.bool_())
        case ColumnKind.TEXT:
            return pa.array(column, pa.string())


def _table_to_arrow(
    table: AnyTable,
    name: str,
    coop_ids: npt.NDArray[np.int64] | None = None,
) -> pa.Table:
    kind = type(table)
    fields = {field.name for field in attrs.fields(kind)}
    columns: dict[str, pa.Array] = {}
    for spec in TABLE_COLUMNS[name]:
        if spec.name in fields:
            column = getattr(table, spec.name)
            dtype = field_dtype(kind, spec.name)
        elif coop_ids is not None and spec.name == "coop_id":
            column, dtype = coop_ids, np.dtype(np.int64)
        else:  # pragma: no cover - every column of the schema is one of the two
            msg = f"{name}.{spec.name} has no register column"
            raise KeyError(msg)
        columns[spec.name] = _to_arrow_column(column, spec, dtype)
    return pa.table(columns)


def register_to_arrow(register: Register) -> dict[str, pa.Table]:
    """Return the register's three tables in the bulk format (see ``to_arrow``)."""
    coop_ids = register.cooperatives.coop_id
    return {
        "cooperatives": _table_to_arrow(register.cooperatives, "cooperatives"),
        "members": _table_to_arrow(
            register.members, "members", coop_ids[register.members.coop_index]
        ),
        "applications": _table_to_arrow(
            register.applications,
            "applications",
            coop_ids[register.applications.coop_index],
        ),
    }


def write_parquet_tables(
    tables: dict[str, pa.Table], directory: Path
) -> tuple[Path, ...]:
    """Write each table to ``directory/<name>.parquet`` and return the paths."""
    paths = []
    for name, table in tables.items():
        path = directory / f"{name}.parquet"
        pq.write_table(table, path)
        paths.append(path)
    return tuple(paths)


def _jalali_text(days: pa.Array) -> pa.Array:
    values = days.to_numpy(zero_copy_only=False)
    year, month, day = to_jalali_arrays(values)
    missing = np.isnat(values)

    def padded(part: npt.NDArray[np.int32], width: int) -> pa.Array:
        text = pa.array(part, pa.int32()).cast(pa.string())
        return pc.utf8_lpad(text, width=width, padding="0")

    text = pc.binary_join_element_wise(
        padded(year, 4), padded(month, 2), padded(day, 2), "-"
    )
    return pc.if_else(pa.array(missing), pa.scalar(None, pa.string()), text)


def write_csv_tables(
    tables: dict[str, pa.Table], directory: Path, *, jalali_dates: bool
) -> tuple[Path, ...]:
    """Write each table to ``directory/<name>.csv`` and return the paths.

    Dates are ISO Gregorian, or Jalali ``1399-01-15`` with ``jalali_dates``.
    """
    paths = []
    for name, table in tables.items():
        out = table
        if jalali_dates:
            for spec in TABLE_COLUMNS[name]:
                if spec.kind is ColumnKind.DATE:
                    index = out.schema.get_field_index(spec.name)
                    jalali = _jalali_text(out.column(spec.name).combine_chunks())
                    out = out.set_column(index, spec.name, jalali)
        path = directory / f"{name}.csv"
        pa_csv.write_csv(out, path)
        paths.append(path)
    return tuple(paths)


def read_parquet_tables(
    cooperatives: PathLike, members: PathLike, applications: PathLike | None
) -> tuple[pa.Table, pa.Table, pa.Table | None]:
    """Read the three tables of a register from Parquet files.

    Enum columns stored as text are read as dictionaries (Parquet keeps them
    dictionary-encoded): the loader reads each distinct spelling once. The
    schema metadata key :data:`DICTIONARY_READ` names them, so that the rows a
    load rejects show them as text, as they are in the file.
    """
    return (
        _read_parquet(cooperatives, "cooperatives"),
        _read_parquet(members, "members"),
        None if applications is None else _read_parquet(applications, "applications"),
    )


#: Schema metadata key: the columns :func:`read_parquet_tables` read as dictionaries.
DICTIONARY_READ = b"coopmodel.dictionary_read"


def _read_parquet(path: PathLike, name: str) -> pa.Table:
    schema = pq.read_schema(path)
    wanted = [
        spec.name
        for spec in TABLE_COLUMNS[name]
        if spec.kind is ColumnKind.ENUM
        and schema.names.count(spec.name) == 1
        and pa.types.is_string(schema.field(spec.name).type)
    ]
    if not wanted:
        return pq.read_table(path)
    table = pq.read_table(path, read_dictionary=wanted)
    metadata = dict(table.schema.metadata or {})
    metadata[DICTIONARY_READ] = ",".join(wanted).encode()
    return table.replace_schema_metadata(metadata)


def decode_dictionary_read(table: pa.Table) -> pa.Table:
    """Undo :func:`read_parquet_tables`'s dictionaries: text columns, metadata.

    Other tables are returned as they are.
    """
    metadata = dict(table.schema.metadata or {})
    names = metadata.pop(DICTIONARY_READ, None)
    if names is None:
        return table
    for column in names.decode().split(","):
        index = table.column_names.index(column)
        value_type = table.schema.field(column).type.value_type
        table = table.set_column(index, column, table.column(column).cast(value_type))
    return table.replace_schema_metadata(metadata or None)


def _read_csv(path: PathLike) -> pa.Table:
    # Every cell is text: identifiers keep their leading zeros and each reader
    # decides what the text means. An unquoted empty cell is "not recorded".
    options = pa_csv.ConvertOptions(
        default_column_type=pa.string(),
        strings_can_be_null=True,
        quoted_strings_can_be_null=False,
        null_values=[""],
    )
    return pa_csv.read_csv(path, convert_options=options)


def read_csv_tables(
    cooperatives: PathLike, members: PathLike, applications: PathLike | None
) -> tuple[pa.Table, pa.Table, pa.Table | None]:
    """Read the three tables of a register from CSV files, every cell as text."""
    return (
        _read_csv(cooperatives),
        _read_csv(members),
        None if applications is None else _read_csv(applications),
    )
