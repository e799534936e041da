"""Load formation proposals from Arrow tables, checking every row as a whole.

The two tables are checked as the register's are (see
:mod:`coopmodel.register._load`, whose column readers and helpers this reuses): column
by column over whole tables, then across rows with sorts and hashes; only the
messages of bad rows are built one by one. A load reports every bad row and loads
nothing when one is bad, unless asked to skip bad rows.

Choices where the rulebook is silent:

* ``proposal_id`` is text; an integer column is read as its decimal digits. Blank is
  missing. Of rows repeating a ``proposal_id``, the first is kept and each later one
  is bad, naming the first.
* A founder's ``national_code`` must be 8 to 10 digits; its check digit is not tested
  and a code may repeat within a proposal: ``F2`` judges both (Art. 7.4).
* A founder whose ``proposal_id`` matches no proposal is bad. When skipping bad
  rows, a proposal with a bad founder row is refused too (it would otherwise be
  decided on fewer founders), and so are all the founders of a refused proposal.
* An absent required column, an unknown column or a column given twice refuses the
  whole input, as for the register.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from coopmodel._errors import BulkLoadError, RowProblem
from coopmodel.programs._proposal_table import (
    FOUNDER_COLUMNS,
    PROPOSAL_COLUMNS,
    FounderTable,
    ProposalLoadResult,
    ProposalTable,
    RejectedProposals,
    _offsets,
    column_dtype,
)
from coopmodel.register._columns import normalize_column, parse_column, shown
from coopmodel.register._files import _jalali_text, _to_arrow_column
from coopmodel.register._load import (
    _PANDAS_INDEX,
    _first_of_equal,
    _Flag,
    _missing_reason,
    _Read,
    _rejected_rows,
    as_arrow_table,
)
from coopmodel.register._schema import ColumnKind, ColumnSpec

if TYPE_CHECKING:
    import numpy.typing as npt

    from coopmodel._typing import Int64Array

__all__ = [
    "load_proposal_tables",
    "proposals_to_arrow",
    "write_csv_tables",
]

_SPECS = {"proposals": PROPOSAL_COLUMNS, "founders": FOUNDER_COLUMNS}
_PROPOSAL_REJECTED = "its proposal was rejected"


# --------------------------------------------------------------------------- reading


def _as_text_ids(column: pa.Array) -> pa.Array:
    if pa.types.is_integer(column.type):
        return column.cast(pa.string())
    return column


def _read_table(name: str, data: object) -> _Read:
    specs = _SPECS[name]
    table = as_arrow_table(data, name=name)
    table = table.drop_columns(
        [c for c in table.column_names if _PANDAS_INDEX.fullmatch(c)]
    )
    known = {spec.name for spec in specs}
    problems = []
    seen: set[str] = set()
    for column in table.column_names:
        if column not in known:
            reason = f"is not a column of the {name} table"
            problems.append(RowProblem(name, -1, column, reason))
        elif column in seen:
            problems.append(RowProblem(name, -1, column, "is given twice"))
        seen.add(column)
    columns = {}
    flags: list[_Flag] = []
    for spec in specs:
        present = table.column_names.count(spec.name) == 1
        if present:
            raw = normalize_column(table.column(spec.name))
            if spec.name == "proposal_id":
                raw = _as_text_ids(raw)
            parsed = parse_column(raw, spec)
            if spec.kind is ColumnKind.NATIONAL_CODE:
                # A founder's check digit is judged by F2, not refused on input.
                parsed = attrs.evolve(parsed, refusals=())
            if spec.required:
                flags.append(_Flag(spec.name, parsed.missing, _missing_reason))
        else:
            if spec.required and spec.name not in seen:
                reason = "is a required column; it is absent"
                problems.append(RowProblem(name, -1, spec.name, reason))
            parsed = parse_column(pa.nulls(table.num_rows), spec)
        columns[spec.name] = parsed
        flags.extend(
            _Flag(spec.name, failure.mask, failure.reason)
            for failure in (*parsed.failures, *parsed.refusals)
            if failure.mask.any()
        )
    return _Read(name, table, columns, flags, problems)


# --------------------------------------------------------------------------- checks


def _id_codes(proposals: _Read, founders: _Read) -> tuple[Int64Array, Int64Array]:
    """Return the ``proposal_id`` of each row of both tables as one integer code.

    Equal ids get equal codes across the two tables; a missing id gets -1.
    """
    both = pa.concat_arrays(
        [
            pa.array(read.columns["proposal_id"].values, pa.string())
            for read in (proposals, founders)
        ]
    )
    encoded = pc.dictionary_encode(both).indices
    codes: Int64Array = np.array(
        pc.fill_null(encoded, -1).cast(pa.int64()).to_numpy(zero_copy_only=False)
    )
    for at, read in enumerate((proposals, founders)):
        start = 0 if at == 0 else proposals.size
        missing = read.columns["proposal_id"].missing
        codes[start : start + read.size][missing] = -1
    return codes[: proposals.size], codes[proposals.size :]


def _check_repeats(proposals: _Read, codes: Int64Array) -> None:
    among = codes >= 0
    first = _first_of_equal((codes,), among)
    repeated = among & (first != np.arange(proposals.size))
    if repeated.any():
        raw = proposals.raw.column("proposal_id")
        proposals.flags.append(
            _Flag(
                "proposal_id",
                repeated,
                lambda row: (
                    f"{shown(raw, row)} repeats the proposal_id of proposals row "
                    f"{int(first[row])}"
                ),
            )
        )


def _check_equity(proposals: _Read) -> None:
    paid = proposals.columns["paid_equity"].values
    subscribed = proposals.columns["subscribed_equity"].values
    both = proposals.ok("paid_equity") & proposals.ok("subscribed_equity")
    wrong = both & (paid > subscribed)
    if wrong.any():
        raw = proposals.raw.column("paid_equity")
        proposals.flags.append(
            _Flag(
                "paid_equity",
                wrong,
                lambda row: (
                    f"{shown(raw, row)} is more than subscribed_equity="
                    f"{int(subscribed[row])}; paid capital is part of the subscribed"
                    " capital"
                ),
            )
        )


def _match_proposals(
    founders: _Read, proposal_codes: Int64Array, founder_codes: Int64Array
) -> Int64Array:
    """Return each founder's proposal row (the first with its id), or -1."""
    first_row = np.full(len(proposal_codes) + len(founder_codes) + 1, -1, np.int64)
    rows = np.flatnonzero(proposal_codes >= 0)
    # Assigning in reverse leaves the first row of each code in place.
    first_row[proposal_codes[rows[::-1]]] = rows[::-1]
    proposal_row = np.where(founder_codes >= 0, first_row[founder_codes], -1)
    unmatched = (founder_codes >= 0) & (proposal_row < 0)
    if unmatched.any():
        raw = founders.raw.column("proposal_id")
        founders.flags.append(
            _Flag(
                "proposal_id",
                unmatched,
                lambda row: f"{shown(raw, row)} matches no proposal",
            )
        )
    return proposal_row


# --------------------------------------------------------------------------- problems


def _key_of(read: _Read, field: str) -> Callable[[int], str | None]:
    column = read.columns[field]
    readable = column.readable()
    raw = read.raw.column(field) if read.raw.column_names.count(field) == 1 else None

    def key(row: int) -> str | None:
        if readable[row]:
            value = column.values[row]
            return str(int(value)).zfill(10) if field == "national_code" else str(value)
        cell = None if raw is None else raw[row].as_py()
        return None if cell is None else str(cell)

    return key


def _problems(
    read: _Read, key_field: str, extra: list[tuple[int, str, str]]
) -> list[RowProblem]:
    position = {spec.name: i for i, spec in enumerate(_SPECS[read.name])}
    position["founders"] = len(position)
    found = [
        (int(row), position[flag.field], flag.field, flag.reason(int(row)))
        for flag in read.flags
        for row in np.flatnonzero(flag.mask)
    ]
    found.extend((row, position[field], field, reason) for row, field, reason in extra)
    found.sort(key=lambda item: (item[0], item[1]))
    key_of = _key_of(read, key_field)
    problems = list(read.table_problems)
    problems.extend(
        RowProblem(read.name, row, field, reason, key_of(row))
        for row, _, field, reason in found
    )
    return problems


# --------------------------------------------------------------------------- building


def _kept(read: _Read, keep: npt.NDArray[Any]) -> dict[str, npt.NDArray[Any]]:
    return {
        name: column.values[keep].astype(column_dtype(name))
        for name, column in read.columns.items()
        if name != "proposal_id"
    }


def _bad_founders_reason(rows: list[int]) -> str:
    listed = ", ".join(str(row) for row in rows)
    which = f"row {listed} is" if len(rows) == 1 else f"rows {listed} are"
    return f"founders {which} bad; a proposal is decided on all its founders"


def load_proposal_tables(
    proposals: object, founders: object, *, skip_bad_rows: bool
) -> ProposalTable | ProposalLoadResult:
    """Check the two bulk tables and build the table (see ``ProposalTable.from_arrow``).

    Raises:
        BulkLoadError: Listing every problem.
    """
    props = _read_table("proposals", proposals)
    founds = _read_table("founders", founders)
    proposal_codes, founder_codes = _id_codes(props, founds)
    _check_repeats(props, proposal_codes)
    _check_equity(props)
    proposal_row = _match_proposals(founds, proposal_codes, founder_codes)

    proposal_bad = props.bad()
    founder_bad = founds.bad()
    table_problems = [*props.table_problems, *founds.table_problems]
    if table_problems or (
        (proposal_bad.any() or founder_bad.any()) and not skip_bad_rows
    ):
        problems = _problems(props, "proposal_id", []) + _problems(
            founds, "national_code", []
        )
        raise BulkLoadError(tuple(problems))

    matched = proposal_row >= 0
    # A proposal with a bad founder is refused; then every founder of it is.
    has_bad_founder = np.zeros(props.size, dtype=np.bool_)
    has_bad_founder[proposal_row[matched & founder_bad]] = True
    proposal_keep = ~proposal_bad & ~has_bad_founder
    cascade = ~founder_bad & matched
    cascade[matched] &= ~proposal_keep[proposal_row[matched]]
    founder_keep = ~founder_bad & ~cascade

    new_row = np.cumsum(proposal_keep) - 1
    proposal_index = new_row[proposal_row[founder_keep]].astype(np.int32)
    order = np.argsort(proposal_index, kind="stable")
    founder_rows = np.flatnonzero(founder_keep)[order]
    ids = props.columns["proposal_id"].values[proposal_keep]
    table = ProposalTable(
        proposal_id=np.asarray(ids, dtype=object),
        **_kept(props, proposal_keep),
        founders=FounderTable(
            proposal_index=proposal_index[order], **_kept(founds, founder_rows)
        ),
        founder_offsets=_offsets(proposal_index, int(proposal_keep.sum())),
    )
    if not skip_bad_rows:
        return table

    bad_founders_of: dict[int, list[int]] = {}
    for row in np.flatnonzero(matched & founder_bad).tolist():
        bad_founders_of.setdefault(int(proposal_row[row]), []).append(row)
    proposal_extra = [
        (row, "founders", _bad_founders_reason(rows))
        for row, rows in bad_founders_of.items()
    ]
    founder_extra_rows = [
        (int(row), "proposal_id", _PROPOSAL_REJECTED) for row in np.flatnonzero(cascade)
    ]
    proposal_problems = _problems(props, "proposal_id", proposal_extra)
    founder_problems = _problems(founds, "national_code", founder_extra_rows)
    rejected = RejectedProposals(
        problems=(*proposal_problems, *founder_problems),
        proposals=_rejected_rows(props, ~proposal_keep, proposal_problems),
        founders=_rejected_rows(founds, ~founder_keep, founder_problems),
    )
    return ProposalLoadResult(table=table, rejected=rejected)


# --------------------------------------------------------------------------- writing


def _table_to_arrow(
    table: object, specs: tuple[ColumnSpec, ...], proposal_ids: pa.Array
) -> pa.Table:
    columns: dict[str, pa.Array] = {}
    for spec in specs:
        if spec.name == "proposal_id":
            columns[spec.name] = proposal_ids
        else:
            columns[spec.name] = _to_arrow_column(
                getattr(table, spec.name), spec, column_dtype(spec.name)
            )
    return pa.table(columns)


def proposals_to_arrow(table: ProposalTable) -> dict[str, pa.Table]:
    """Return the table as its two bulk tables, ``proposals`` and ``founders``."""
    ids = pa.array(table.proposal_id.tolist(), pa.string())
    founder_ids = ids.take(pa.array(table.founders.proposal_index, pa.int32()))
    return {
        "proposals": _table_to_arrow(table, PROPOSAL_COLUMNS, ids),
        "founders": _table_to_arrow(table.founders, FOUNDER_COLUMNS, founder_ids),
    }


def write_csv_tables(
    tables: dict[str, pa.Table], directory: Path, *, jalali_dates: bool
) -> tuple[Path, ...]:
    """Write each table to ``directory/<name>.csv`` and return the paths."""
    paths = []
    for name, table in tables.items():
        out = table
        if jalali_dates:
            for spec in _SPECS[name]:
                if spec.kind is ColumnKind.DATE:
                    index = out.schema.get_field_index(spec.name)
                    jalali = _jalali_text(out.column(spec.name).combine_chunks())
                    out = out.set_column(index, spec.name, jalali)
        path = Path(directory) / f"{name}.csv"
        pa_csv.write_csv(out, path)
        paths.append(path)
    return tuple(paths)
