"""Load the register from Arrow tables, checking every row as a whole (Art. 1.4, 1.6).

The checks run column by column over whole tables (see :mod:`._columns`), then across
fields and rows with sorts and searches; only the messages of bad rows are built one
by one. A load reports every bad row; it loads nothing when one is bad unless asked
to skip bad rows.

Choices where the rulebook is silent:

* An absent required column, an unknown column or a column given twice is one
  problem for its table (``row`` -1); it makes every row of the table unusable, so
  the load refuses the whole input even when skipping bad rows. Columns pandas adds
  for its index (``__index_level_0__``) are ignored.
* Of rows that repeat a ``coop_id``, a member's ``national_code`` within its
  cooperative, or a cooperative's program in the applications, the first is kept and
  each later one is bad, naming the first.
* A member's or application's ``coop_id`` is matched to the first cooperative row
  with that ``coop_id`` (even one whose check digit fails); when that cooperative is
  refused, so are its members and applications ("its cooperative was rejected"),
  reported only when skipping bad rows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pyarrow as pa

from coopmodel._errors import BulkLoadError, RowProblem
from coopmodel._typing import BoolArray, Int64Array
from coopmodel.records._enums import Program, enum_code
from coopmodel.register._columns import (
    ParsedColumn,
    normalize_column,
    parse_column,
    shown,
)
from coopmodel.register._files import decode_dictionary_read
from coopmodel.register._result import LoadResult, Rejected
from coopmodel.register._schema import TABLE_COLUMNS, ColumnKind
from coopmodel.register._tables import (
    AnyTable,
    ApplicationTable,
    CooperativeTable,
    MemberTable,
    Register,
    field_dtype,
    offsets_from_coop_index,
)

__all__ = ["as_arrow_table", "load_arrow"]

_PANDAS_INDEX = re.compile(r"__index_level_\d+__")
_GUARANTEE = enum_code(Program.GUARANTEE)
_COOPERATIVE_REJECTED = "its cooperative was rejected"
_PROGRAMS = tuple(Program)


@attrs.frozen(eq=False)
class _Flag:
    """Rows of a table refused for one reason, attached to one field."""

    field: str
    mask: BoolArray
    reason: Callable[[int], str]


@attrs.frozen(eq=False)
class _Read:
    """One input table read column by column, before the checks across rows."""

    name: str
    raw: pa.Table
    columns: dict[str, ParsedColumn]
    flags: list[_Flag]
    table_problems: list[RowProblem]

    @property
    def size(self) -> int:
        return int(self.raw.num_rows)

    def bad(self) -> BoolArray:
        mask = np.zeros(self.size, dtype=np.bool_)
        for flag in self.flags:
            mask |= flag.mask
        return mask

    def readable(self, name: str) -> BoolArray:
        return self.columns[name].readable()

    def ok(self, name: str) -> BoolArray:
        return self.columns[name].ok()


def as_arrow_table(data: object, *, name: str) -> pa.Table:
    """Return ``data`` as an Arrow table: a table, a record batch, a data frame, ...

    Args:
        data: A :class:`pyarrow.Table` or anything :func:`pyarrow.table` reads (a
            mapping of columns, a pandas or polars data frame, an object with
            ``__arrow_c_stream__``).
        name: The table's name, for the message.

    Returns:
        The Arrow table.

    Raises:
        TypeError: When ``data`` cannot be read as a table.
    """
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    try:
        return pa.table(data)
    except (TypeError, ValueError, pa.ArrowInvalid) as err:
        msg = f"{name}: cannot read a {type(data).__name__} as an Arrow table ({err})"
        raise TypeError(msg) from err


def _read_table(name: str, data: object | None) -> _Read:
    specs = TABLE_COLUMNS[name]
    table = (
        pa.table({spec.name: pa.array([], pa.string()) for spec in specs})
        if data is None
        else as_arrow_table(data, name=name)
    )
    index_columns = [c for c in table.column_names if _PANDAS_INDEX.fullmatch(c)]
    table = table.drop_columns(index_columns)
    known = {spec.name for spec in specs}
    table_problems = []
    seen: set[str] = set()
    for column in table.column_names:
        if column not in known:
            reason = (
                f"is not a column of the {name} table "
                "(the bulk formats use the rulebook's field names)"
            )
            table_problems.append(RowProblem(name, -1, column, reason))
        elif column in seen:
            table_problems.append(RowProblem(name, -1, column, "is given twice"))
        seen.add(column)
    columns: dict[str, ParsedColumn] = {}
    flags: list[_Flag] = []
    for spec in specs:
        present = spec.name in seen and table.column_names.count(spec.name) == 1
        if present:
            column = table.column(spec.name)
            if spec.kind is ColumnKind.ENUM and _string_dictionary(column.type):
                # Read once per distinct spelling (Parquet enum columns).
                raw = column.unify_dictionaries().combine_chunks()
            else:
                raw = normalize_column(column)
            parsed = parse_column(raw, spec)
        else:
            if spec.required and spec.name not in seen:
                table_problems.append(
                    RowProblem(
                        name, -1, spec.name, "is a required column; it is absent"
                    )
                )
            parsed = parse_column(pa.nulls(table.num_rows), spec)
        columns[spec.name] = parsed
        if spec.required and present:
            flags.append(_Flag(spec.name, parsed.missing, _missing_reason))
        flags.extend(
            _Flag(spec.name, failure.mask, failure.reason)
            for failure in (*parsed.failures, *parsed.refusals)
            if failure.mask.any()
        )
    return _Read(name, table, columns, flags, table_problems)


def _string_dictionary(kind: pa.DataType) -> bool:
    return bool(pa.types.is_dictionary(kind) and pa.types.is_string(kind.value_type))


def _missing_reason(_: int) -> str:
    return "is required; it is missing"


# --------------------------------------------------------------------------- checks


def _check_date_order(read: _Read, later: str, earlier: str) -> None:
    after = read.columns[later].values
    before = read.columns[earlier].values
    both = read.ok(later) & read.ok(earlier)
    wrong = both & (after < before)
    if wrong.any():
        raw = read.raw.column(later)
        read.flags.append(
            _Flag(
                later,
                wrong,
                lambda row: (
                    f"{shown(raw, row)} is before {earlier}="
                    f"{np.datetime_as_string(before[row])}"
                ),
            )
        )


def _check_guarantee_fields(read: _Read) -> None:
    program = read.columns["program"]
    is_guarantee = program.ok() & (program.values == _GUARANTEE)
    other = program.ok() & ~is_guarantee
    for name in ("guarantee_kind", "guarantee_days"):
        given = ~read.columns[name].missing
        absent = is_guarantee & ~given
        if absent.any():
            read.flags.append(
                _Flag(name, absent, lambda _: "is required when program is guarantee")
            )
        extra = other & given
        if extra.any():
            read.flags.append(
                _Flag(
                    name,
                    extra,
                    _only_for_guarantees(read.raw.column(name), program.values),
                )
            )


def _only_for_guarantees(
    raw: pa.ChunkedArray, programs: npt.NDArray[np.int8]
) -> Callable[[int], str]:
    def reason(row: int) -> str:
        program = _PROGRAMS[programs[row]].value
        return f"{shown(raw, row)} is only for guarantees, not program {program}"

    return reason


#: Odd multipliers that mix the keys of a row into one 64-bit hash.
_HASH_MULTIPLIERS = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9)


def _grouped_key(keys: list[Int64Array]) -> Int64Array | None:
    """Pack the keys into one int64 when the rows come grouped by the first key.

    When each value of the first key fills one run of consecutive rows (members
    listed cooperative by cooperative), the run's number stands for it; with the
    other keys' ranges it packs into one int64, equal exactly when the keys are
    equal, and nearly sorted already. None when the rows are not so grouped or
    the ranges do not fit.
    """
    first = keys[0]
    if len(keys) < 2 or len(first) < 2:
        return None
    change = first[1:] != first[:-1]
    run_values = np.sort(first[np.flatnonzero(np.concatenate(([True], change)))])
    if np.any(run_values[1:] == run_values[:-1]):
        return None  # a value of the first key comes back after another
    lows = [int(key.min()) for key in keys[1:]]
    spans = [int(key.max()) - low + 1 for key, low in zip(keys[1:], lows, strict=True)]
    if len(run_values) * math.prod(spans) >= 2**63:
        return None
    packed = np.zeros(len(first), dtype=np.int64)
    np.cumsum(change, out=packed[1:])
    for key, low, span in zip(keys[1:], lows, spans, strict=True):
        packed *= span
        packed += key - low
    return packed


def _may_repeat(keys: list[Int64Array]) -> bool:
    """Tell whether two rows may have equal keys: False proves they never do.

    Rows grouped by their first key pack into one exact key, sorted fast as it
    is nearly in order. Otherwise rows with equal keys have equal hashes; one
    sort of the hashes finds any pair of equal hashes (equal keys, or a rare
    collision that the exact search then settles).
    """
    packed = _grouped_key(keys)
    if packed is not None:
        packed.sort(kind="stable")  # runs already in order: a merge of runs
        return bool(np.any(packed[1:] == packed[:-1]))
    if len(keys) > len(_HASH_MULTIPLIERS):  # pragma: no cover - at most two keys
        return True
    mixed = np.zeros(len(keys[0]), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for key, multiplier in zip(keys, _HASH_MULTIPLIERS, strict=False):
            mixed = (mixed ^ key.view(np.uint64)) * np.uint64(multiplier)
    mixed.sort()
    return bool(np.any(mixed[1:] == mixed[:-1]))


def _first_of_equal(keys: tuple[Int64Array, ...], among: BoolArray) -> Int64Array:
    """Return, for each row in ``among``, the first such row with equal keys.

    Rows outside ``among`` get -1.
    """
    first = np.full(len(among), -1, dtype=np.int64)
    rows = np.flatnonzero(among)
    if rows.size == 0:
        return first
    sub_keys = [key[rows] for key in keys]
    if not _may_repeat(sub_keys):
        first[rows] = rows  # every row is the first of its keys
        return first
    # lexsort's last key is the primary one: sort by keys[0], keys[1], ..., row.
    order = np.lexsort((rows, *reversed(sub_keys)))
    same = np.ones(len(order) - 1, dtype=np.bool_)
    for key in sub_keys:
        ordered = key[order]
        same &= ordered[1:] == ordered[:-1]
    starts = np.concatenate(([True], ~same))
    group = np.cumsum(starts) - 1
    sorted_rows = rows[order]
    first[sorted_rows] = sorted_rows[starts][group]
    return first


def _flag_repeats(
    read: _Read,
    field: str,
    keys: tuple[Int64Array, ...],
    among: BoolArray,
    describe: Callable[[int, int], str],
) -> None:
    first = _first_of_equal(keys, among)
    repeated = among & (first != np.arange(read.size))
    if repeated.any():
        read.flags.append(
            _Flag(field, repeated, lambda row: describe(row, int(first[row])))
        )


def _match_cooperatives(
    cooperatives: _Read, coop_ids: Int64Array, readable: BoolArray
) -> Int64Array:
    """Return the cooperative row of each ``coop_id`` (-1: none, or unreadable)."""
    candidates = np.flatnonzero(cooperatives.readable("coop_id"))
    ids = cooperatives.columns["coop_id"].values[candidates]
    order = np.argsort(ids, kind="stable")
    sorted_ids = ids[order]
    row = np.full(len(coop_ids), -1, dtype=np.int64)
    if sorted_ids.size == 0:
        return row
    # Rows come in runs of one coop_id (members by cooperative): look up each
    # run's id once and spread it over the run.
    change = np.flatnonzero(coop_ids[1:] != coop_ids[:-1]) + 1
    starts = np.concatenate(([0], change)) if len(coop_ids) else change
    lengths = np.diff(np.append(starts, len(coop_ids)))
    run_position = np.searchsorted(sorted_ids, coop_ids[starts])  # first of equal
    position = np.repeat(np.minimum(run_position, len(sorted_ids) - 1), lengths)
    found = readable & (sorted_ids[position] == coop_ids)
    row[found] = candidates[order[position[found]]]
    return row


def _check_references(read: _Read, cooperatives: _Read) -> Int64Array:
    """Flag rows whose ``coop_id`` matches no cooperative; return the matched rows."""
    coop_ids = read.columns["coop_id"].values
    readable = read.readable("coop_id")
    coop_row = _match_cooperatives(cooperatives, coop_ids, readable)
    unmatched = readable & (coop_row < 0)
    if unmatched.any():
        raw = read.raw.column("coop_id")
        read.flags.append(
            _Flag(
                "coop_id",
                unmatched,
                lambda row: f"{shown(raw, row)} matches no cooperative",
            )
        )
    return coop_row


def _keys(read: _Read, field: str, width: int) -> Callable[[int], str | None]:
    """Return a function giving a row's key: its id normalised, else as read."""
    column = read.columns[field]
    readable = column.readable()
    raw = read.raw.column(field) if read.raw.column_names.count(field) == 1 else None

    def key(row: int) -> str | None:
        if readable[row]:
            return str(int(column.values[row])).zfill(width)
        value = None if raw is None else raw[row].as_py()
        return None if value is None else str(value)

    return key


# --------------------------------------------------------------------------- problems


def _problems(
    read: _Read, cascade: BoolArray | None, key_field: str, width: int
) -> list[RowProblem]:
    position = {spec.name: i for i, spec in enumerate(TABLE_COLUMNS[read.name])}
    found: list[tuple[int, int, str, str]] = []
    for flag in read.flags:
        found.extend(
            (int(row), position[flag.field], flag.field, flag.reason(int(row)))
            for row in np.flatnonzero(flag.mask)
        )
    if cascade is not None:
        found.extend(
            (int(row), position["coop_id"], "coop_id", _COOPERATIVE_REJECTED)
            for row in np.flatnonzero(cascade)
        )
    found.sort(key=lambda item: (item[0], item[1]))
    key_of = _keys(read, key_field, width)
    keys: dict[int, str | None] = {}
    problems = list(read.table_problems)
    for row, _, field, reason in found:
        if row not in keys:
            keys[row] = key_of(row)
        problems.append(RowProblem(read.name, row, field, reason, keys[row]))
    return problems


def _rejected_rows(
    read: _Read, refused: BoolArray, problems: list[RowProblem]
) -> pa.Table:
    rows = np.flatnonzero(refused)
    reasons: dict[int, list[str]] = {}
    for problem in problems:
        if problem.row >= 0:
            reasons.setdefault(problem.row, []).append(
                f"{problem.field}: {problem.reason}"
            )
    table = decode_dictionary_read(read.raw.take(pa.array(rows, pa.int64())))
    table = table.add_column(
        0,
        "reasons",
        pa.array(["; ".join(reasons.get(int(row), [])) for row in rows], pa.string()),
    )
    return table.add_column(0, "row", pa.array(rows, pa.int64()))


# --------------------------------------------------------------------------- building


def _refused(coop_row: Int64Array, coop_bad: BoolArray) -> BoolArray:
    """Tell, for each matched cooperative row (-1: none), whether it is refused."""
    matched = coop_row >= 0
    refused = np.zeros(len(coop_row), dtype=np.bool_)
    refused[matched] = coop_bad[coop_row[matched]]
    return refused


def _columns(
    read: _Read,
    kind: type[AnyTable],
    keep: Int64Array | BoolArray,
) -> dict[str, npt.NDArray[Any]]:
    """Return the kept rows of each column in the register's dtype (not coop_id)."""
    every_row = _is_every_row(keep, read.size)
    return {
        name: (
            _owned(column.values, field_dtype(kind, name))
            if every_row
            else column.values[keep].astype(field_dtype(kind, name), copy=False)
        )
        for name, column in read.columns.items()
        if name in {field.name for field in attrs.fields(kind)}
    }


def _owned(values: npt.NDArray[Any], dtype: np.dtype[Any]) -> npt.NDArray[Any]:
    """Return ``values`` in ``dtype`` as an array the register owns.

    A column the readers built (owning its writable data) is kept as it is; a
    view (of Arrow's buffers, of another array) is copied.
    """
    if values.dtype == dtype and values.flags.owndata and values.flags.writeable:
        return values
    return values.astype(dtype, copy=True)


def _is_every_row(keep: Int64Array | BoolArray, size: int) -> bool:
    """Tell whether ``keep`` selects every row, in order."""
    if keep.dtype == np.bool_:
        return bool(keep.all())
    return len(keep) == size and (
        size == 0 or (int(keep[0]) == 0 and bool(np.all(np.diff(keep) == 1)))
    )


def load_arrow(
    cooperatives: object,
    members: object,
    applications: object | None,
    *,
    skip_bad_rows: bool,
) -> Register | LoadResult:
    """Check three bulk tables and build the register (see :meth:`Register.from_arrow`).

    Args:
        cooperatives: The cooperatives table.
        members: The members table.
        applications: The applications table, or ``None`` for none.
        skip_bad_rows: Return the good rows and the refused ones instead of raising.

    Returns:
        The register, or with ``skip_bad_rows`` a :class:`LoadResult`.

    Raises:
        BulkLoadError: Listing every problem, as :meth:`Register.from_arrow` says.
    """
    coops = _read_table("cooperatives", cooperatives)
    mems = _read_table("members", members)
    apps = _read_table("applications", applications)

    _check_date_order(coops, "kb_certified_until", "kb_certified_from")
    _check_date_order(mems, "left_on", "joined_on")
    _check_guarantee_fields(apps)

    coop_ids = coops.columns["coop_id"].values
    _flag_repeats(
        coops,
        "coop_id",
        (coop_ids,),
        coops.readable("coop_id"),
        lambda row, first: (
            f"{shown(coops.raw.column('coop_id'), row)} repeats the "
            f"coop_id of cooperatives row {first}"
        ),
    )
    member_coop = _check_references(mems, coops)
    national_codes = mems.columns["national_code"].values
    member_ids = mems.columns["coop_id"].values
    _flag_repeats(
        mems,
        "national_code",
        (member_ids, national_codes),
        mems.readable("coop_id") & mems.ok("national_code"),
        lambda row, first: (
            f"{shown(mems.raw.column('national_code'), row)} repeats "
            f"the national_code of members row {first} in coop "
            f"{str(int(member_ids[row])).zfill(11)}"
        ),
    )
    application_coop = _check_references(apps, coops)
    programs = apps.columns["program"].values.astype(np.int64)
    application_ids = apps.columns["coop_id"].values
    _flag_repeats(
        apps,
        "program",
        (application_ids, programs),
        apps.readable("coop_id") & apps.ok("program"),
        lambda row, first: (
            f"a second application of coop "
            f"{str(int(application_ids[row])).zfill(11)} to program "
            f"{_PROGRAMS[programs[row]].value} (the first is applications row {first})"
        ),
    )

    coop_bad = coops.bad()
    member_bad = mems.bad()
    application_bad = apps.bad()
    member_cascade = ~member_bad & _refused(member_coop, coop_bad)
    application_cascade = ~application_bad & _refused(application_coop, coop_bad)
    table_problems = [*coops.table_problems, *mems.table_problems, *apps.table_problems]
    anything_bad = coop_bad.any() or member_bad.any() or application_bad.any()
    if table_problems or (anything_bad and not skip_bad_rows):
        problems = (
            _problems(coops, None, "coop_id", 11)
            + _problems(mems, None, "national_code", 10)
            + _problems(apps, None, "coop_id", 11)
        )
        raise BulkLoadError(tuple(problems))

    coop_keep = ~coop_bad
    new_row = np.cumsum(coop_keep) - 1
    member_keep = ~member_bad & ~member_cascade
    application_keep = ~application_bad & ~application_cascade

    member_index = new_row[member_coop[member_keep]].astype(np.int32)
    if member_index.size and bool(np.all(member_index[1:] >= member_index[:-1])):
        order = np.arange(len(member_index))  # already by cooperative
    else:
        order = np.argsort(member_index, kind="stable")
    member_table = MemberTable(
        coop_index=member_index[order],
        **_columns(mems, MemberTable, np.flatnonzero(member_keep)[order]),
    )
    application_table = ApplicationTable(
        coop_index=new_row[application_coop[application_keep]].astype(np.int32),
        **_columns(apps, ApplicationTable, application_keep),
    )
    cooperative_table = CooperativeTable(**_columns(coops, CooperativeTable, coop_keep))
    register = Register(
        cooperatives=cooperative_table,
        members=member_table,
        applications=application_table,
        member_offsets=offsets_from_coop_index(
            member_table.coop_index, len(cooperative_table)
        ),
    )
    if not skip_bad_rows:
        return register
    coop_problems = _problems(coops, None, "coop_id", 11)
    member_problems = _problems(mems, member_cascade, "national_code", 10)
    application_problems = _problems(apps, application_cascade, "coop_id", 11)
    rejected = Rejected(
        problems=(*coop_problems, *member_problems, *application_problems),
        cooperatives=_rejected_rows(coops, coop_bad, coop_problems),
        members=_rejected_rows(mems, ~member_keep, member_problems),
        applications=_rejected_rows(apps, ~application_keep, application_problems),
    )
    return LoadResult(register=register, rejected=rejected)
