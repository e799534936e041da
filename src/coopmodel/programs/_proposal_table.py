"""Formation proposals in columnar form: a proposals table and a founders table.

The layout follows the register's (see :mod:`coopmodel.register`): identifiers and
money are ``int64``, enums ``int8`` codes (``-1`` not recorded), dates
``datetime64[D]``, ``income_decile`` ``0`` when not recorded. Founders are sorted by
proposal; ``founder_offsets`` (length ``n + 1``) gives the founders of proposal ``i``
as rows ``founder_offsets[i]:founder_offsets[i + 1]``.

``proposal_id`` is text (a numpy ``object`` array of ``str``) and links the two bulk
tables: the founders table has a ``proposal_id`` column naming its proposal. Built from
records, a proposal without a ``proposal_id`` gets its position (``"0"``, ``"1"``, ...).

A founder's ``national_code`` is kept whatever its check digit: ``F2`` judges it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

import attrs
import numpy as np
import numpy.typing as npt

from coopmodel._errors import InvalidRecordError, RowProblem
from coopmodel.records._enums import CoopKind, Education, Gender
from coopmodel.records._proposal import Founder, Proposal
from coopmodel.records._provinces import Province
from coopmodel.register._records import _from_column, _to_column
from coopmodel.register._schema import ColumnKind, ColumnSpec

if TYPE_CHECKING:
    import os

    import pyarrow as pa

    from coopmodel._typing import (
        BoolArray,
        DateArray,
        Int8Array,
        Int32Array,
        Int64Array,
    )

__all__ = [
    "FOUNDER_COLUMNS",
    "PROPOSAL_COLUMNS",
    "FounderTable",
    "ProposalLoadResult",
    "ProposalTable",
    "RejectedProposals",
]

ObjectArray = npt.NDArray[np.object_]

#: The columns of the proposals table, in order (the rulebook's field names).
PROPOSAL_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("proposal_id", ColumnKind.TEXT),
    ColumnSpec("kind", ColumnKind.ENUM, enum=CoopKind),
    ColumnSpec("province", ColumnKind.ENUM, enum=Province),
    ColumnSpec("applied_on", ColumnKind.DATE),
    ColumnSpec("subscribed_equity", ColumnKind.WHOLE),
    ColumnSpec("paid_equity", ColumnKind.WHOLE),
)

#: The columns of the founders table, in order; ``proposal_id`` names the proposal.
FOUNDER_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("proposal_id", ColumnKind.TEXT),
    ColumnSpec("national_code", ColumnKind.NATIONAL_CODE),
    ColumnSpec("gender", ColumnKind.ENUM, enum=Gender),
    ColumnSpec("birth_date", ColumnKind.DATE),
    ColumnSpec("disabled", ColumnKind.FLAG),
    ColumnSpec("income_decile", ColumnKind.WHOLE, required=False, low=1, high=10),
    ColumnSpec("education", ColumnKind.ENUM, required=False, enum=Education),
)

_DTYPES: dict[str, np.dtype[Any]] = {
    "proposal_index": np.dtype(np.int32),
    "proposal_id": np.dtype(object),
    "national_code": np.dtype(np.int64),
    "kind": np.dtype(np.int8),
    "province": np.dtype(np.int8),
    "gender": np.dtype(np.int8),
    "education": np.dtype(np.int8),
    "income_decile": np.dtype(np.int8),
    "disabled": np.dtype(np.bool_),
    "applied_on": np.dtype("datetime64[D]"),
    "birth_date": np.dtype("datetime64[D]"),
    "subscribed_equity": np.dtype(np.int64),
    "paid_equity": np.dtype(np.int64),
}


def column_dtype(name: str) -> np.dtype[Any]:
    """Return the numpy dtype of a column of the proposals or founders table."""
    return _DTYPES[name]


@attrs.frozen(eq=False)
class FounderTable:
    """The founders of every proposal, sorted by proposal.

    ``proposal_index`` is the row of the founder's proposal; it is non-decreasing.
    """

    proposal_index: Int32Array
    national_code: Int64Array
    gender: Int8Array
    birth_date: DateArray
    disabled: BoolArray
    income_decile: Int8Array
    education: Int8Array

    def __len__(self) -> int:
        """Return the number of founders."""
        return len(self.national_code)


def _offsets(proposal_index: Int32Array, n_proposals: int) -> Int64Array:
    counts = np.bincount(proposal_index, minlength=n_proposals)
    offsets = np.zeros(n_proposals + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return offsets


def _columns(
    specs: tuple[ColumnSpec, ...], records: Sequence[object]
) -> dict[str, npt.NDArray[Any]]:
    return {
        spec.name: _to_column(
            [getattr(record, spec.name) for record in records],
            spec,
            column_dtype(spec.name),
        )
        for spec in specs
        if spec.name != "proposal_id"
    }


def _rows(
    specs: tuple[ColumnSpec, ...], table: object, rows: int
) -> list[dict[str, object]]:
    columns = {
        spec.name: _from_column(getattr(table, spec.name), spec)
        for spec in specs
        if spec.name != "proposal_id"
    }
    return [
        {
            name: values[row]
            for name, values in columns.items()
            if values[row] is not None
        }
        for row in range(rows)
    ]


@attrs.frozen(eq=False)
class ProposalTable:
    """Formation proposals and their founders in columnar form (Art. 7.4).

    Build one with :meth:`from_records`, :meth:`from_arrow`, :meth:`from_parquet` or
    :meth:`from_csv`; those check every row.

    Examples:
        >>> proposal = Proposal.from_data({
        ...     "kind": "agriculture", "province": "golestan",
        ...     "applied_on": "1399-12-25", "subscribed_equity": 300_000_000,
        ...     "paid_equity": 100_000_000,
        ...     "founders": [{"national_code": "0499370899", "gender": "male",
        ...                   "birth_date": "1370-01-01", "disabled": False}],
        ... })
        >>> table = ProposalTable.from_records([proposal])
        >>> table.proposal_id.tolist(), table.founder_counts().tolist()
        (['0'], [1])
    """

    proposal_id: ObjectArray
    kind: Int8Array
    province: Int8Array
    applied_on: DateArray
    subscribed_equity: Int64Array
    paid_equity: Int64Array
    founders: FounderTable
    founder_offsets: Int64Array

    def __len__(self) -> int:
        """Return the number of proposals."""
        return len(self.proposal_id)

    def founder_counts(self) -> Int64Array:
        """Return the number of founders of each proposal."""
        return np.diff(self.founder_offsets)

    @classmethod
    def from_records(cls, proposals: Iterable[Proposal]) -> ProposalTable:
        """Build the table from validated proposals.

        Args:
            proposals: The proposals, with their founders, in the order to keep.

        Returns:
            The table; a proposal without ``proposal_id`` gets its position as text.

        Raises:
            InvalidRecordError: When a ``proposal_id`` repeats; one line each.
        """
        records = tuple(proposals)
        ids = [
            str(i) if p.proposal_id is None else p.proposal_id
            for i, p in enumerate(records)
        ]
        first_seen: dict[str, int] = {}
        lines = []
        for index, proposal_id in enumerate(ids):
            seen = first_seen.setdefault(proposal_id, index)
            if seen != index:
                lines.append(
                    f"proposal {index}: proposal_id={proposal_id!r} repeats proposal"
                    f" {seen}"
                )
        if lines:
            raise InvalidRecordError("\n".join(lines))
        counts = np.array([len(p.founders) for p in records], dtype=np.int64)
        proposal_index = np.repeat(np.arange(len(records), dtype=np.int32), counts)
        founders = [f for p in records for f in p.founders]
        id_column = np.empty(len(ids), dtype=object)
        id_column[:] = ids
        return cls(
            proposal_id=id_column,
            **_columns(PROPOSAL_COLUMNS, records),
            founders=FounderTable(
                proposal_index=proposal_index, **_columns(FOUNDER_COLUMNS, founders)
            ),
            founder_offsets=_offsets(proposal_index, len(records)),
        )

    def to_records(self) -> tuple[Proposal, ...]:
        """Return the proposals as records; ``from_records`` gives the table back."""
        founder_rows = _rows(FOUNDER_COLUMNS, self.founders, len(self.founders))
        founders = [Founder.model_validate(row) for row in founder_rows]
        offsets = self.founder_offsets.tolist()
        return tuple(
            Proposal.model_validate(
                {
                    **row,
                    "proposal_id": self.proposal_id[i],
                    "founders": tuple(founders[offsets[i] : offsets[i + 1]]),
                }
            )
            for i, row in enumerate(_rows(PROPOSAL_COLUMNS, self, len(self)))
        )

    @overload
    @classmethod
    def from_arrow(
        cls,
        proposals: object,
        founders: object,
        *,
        skip_bad_rows: Literal[False] = False,
    ) -> ProposalTable: ...

    @overload
    @classmethod
    def from_arrow(
        cls, proposals: object, founders: object, *, skip_bad_rows: Literal[True]
    ) -> ProposalLoadResult: ...

    @overload
    @classmethod
    def from_arrow(
        cls, proposals: object, founders: object, *, skip_bad_rows: bool
    ) -> ProposalTable | ProposalLoadResult: ...

    @classmethod
    def from_arrow(
        cls, proposals: object, founders: object, *, skip_bad_rows: bool = False
    ) -> ProposalTable | ProposalLoadResult:
        """Build the table from Arrow tables, checking every row (Art. 1.4, 1.6).

        The proposals table has the columns ``proposal_id``, ``kind``, ``province``,
        ``applied_on``, ``subscribed_equity``, ``paid_equity``; the founders table
        ``proposal_id``, ``national_code``, ``gender``, ``birth_date``, ``disabled``
        and optionally ``income_decile``, ``education``. Anything
        :func:`pyarrow.table` reads works too (pandas or polars data frames).

        Args:
            proposals: The proposals table.
            founders: The founders table.
            skip_bad_rows: Load the good rows and return the bad ones instead of
                raising. A proposal is refused with any of its founders, and its
                founders with it: a proposal is decided on all its founders.

        Returns:
            The table, or with ``skip_bad_rows`` a ``ProposalLoadResult``.

        Raises:
            BulkLoadError: Listing every bad row, when any row is bad and
                ``skip_bad_rows`` is false; always when a required column is
                absent or an unknown column is present.
        """
        from coopmodel.programs._proposal_load import load_proposal_tables  # noqa: PLC0415 - pyarrow loads when used

        return load_proposal_tables(proposals, founders, skip_bad_rows=skip_bad_rows)

    @overload
    @classmethod
    def from_parquet(
        cls,
        proposals: str | os.PathLike[str],
        founders: str | os.PathLike[str],
        *,
        skip_bad_rows: Literal[False] = False,
    ) -> ProposalTable: ...

    @overload
    @classmethod
    def from_parquet(
        cls,
        proposals: str | os.PathLike[str],
        founders: str | os.PathLike[str],
        *,
        skip_bad_rows: Literal[True],
    ) -> ProposalLoadResult: ...

    @overload
    @classmethod
    def from_parquet(
        cls,
        proposals: str | os.PathLike[str],
        founders: str | os.PathLike[str],
        *,
        skip_bad_rows: bool,
    ) -> ProposalTable | ProposalLoadResult: ...

    @classmethod
    def from_parquet(
        cls,
        proposals: str | os.PathLike[str],
        founders: str | os.PathLike[str],
        *,
        skip_bad_rows: bool = False,
    ) -> ProposalTable | ProposalLoadResult:
        """Build the table from two Parquet files (see :meth:`from_arrow`)."""
        import pyarrow.parquet as pq  # noqa: PLC0415 - pyarrow loads when used

        from coopmodel.programs._proposal_load import load_proposal_tables  # noqa: PLC0415

        return load_proposal_tables(
            pq.read_table(proposals),
            pq.read_table(founders),
            skip_bad_rows=skip_bad_rows,
        )

    @overload
    @classmethod
    def from_csv(
        cls,
        proposals: str | os.PathLike[str],
        founders: str | os.PathLike[str],
        *,
        skip_bad_rows: Literal[False] = False,
    ) -> ProposalTable: ...

    @overload
    @classmethod
    def from_csv(
        cls,
        proposals: str | os.PathLike[str],
        founders: str | os.PathLike[str],
        *,
        skip_bad_rows: Literal[True],
    ) -> ProposalLoadResult: ...

    @overload
    @classmethod
    def from_csv(
        cls,
        proposals: str | os.PathLike[str],
        founders: str | os.PathLike[str],
        *,
        skip_bad_rows: bool,
    ) -> ProposalTable | ProposalLoadResult: ...

    @classmethod
    def from_csv(
        cls,
        proposals: str | os.PathLike[str],
        founders: str | os.PathLike[str],
        *,
        skip_bad_rows: bool = False,
    ) -> ProposalTable | ProposalLoadResult:
        """Build the table from two CSV files, every cell read as text.

        Dates are ISO Gregorian or Jalali, detected per column (Art. 1.4).
        """
        from coopmodel.programs._proposal_load import load_proposal_tables  # noqa: PLC0415
        from coopmodel.register._files import _read_csv  # noqa: PLC0415

        return load_proposal_tables(
            _read_csv(proposals), _read_csv(founders), skip_bad_rows=skip_bad_rows
        )

    def to_arrow(self) -> dict[str, pa.Table]:
        """Return ``{"proposals": ..., "founders": ...}`` in the bulk format."""
        from coopmodel.programs._proposal_load import proposals_to_arrow  # noqa: PLC0415

        return proposals_to_arrow(self)

    def write_parquet(self, directory: str | os.PathLike[str]) -> tuple[Path, ...]:
        """Write ``proposals.parquet`` and ``founders.parquet``; return the paths."""
        from coopmodel.register._files import write_parquet_tables  # noqa: PLC0415

        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        return write_parquet_tables(self.to_arrow(), out)

    def write_csv(
        self, directory: str | os.PathLike[str], *, jalali_dates: bool = False
    ) -> tuple[Path, ...]:
        """Write ``proposals.csv`` and ``founders.csv``; return the paths.

        Dates are ISO Gregorian, or Jalali ``1399-01-15`` with ``jalali_dates``.
        """
        from coopmodel.programs._proposal_load import write_csv_tables  # noqa: PLC0415

        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        return write_csv_tables(self.to_arrow(), out, jalali_dates=jalali_dates)


@attrs.frozen(eq=False)
class RejectedProposals:
    """The rows a proposal load refused, and why.

    ``proposals`` and ``founders`` hold the refused rows as read, after two leading
    columns: ``row`` (0-based, in the input table) and ``reasons`` (every
    ``field: reason`` of the row joined by ``"; "``).
    """

    problems: tuple[RowProblem, ...]
    proposals: pa.Table
    founders: pa.Table

    def __len__(self) -> int:
        """Return the number of rows refused, over both tables."""
        return int(self.proposals.num_rows + self.founders.num_rows)


@attrs.frozen(eq=False)
class ProposalLoadResult:
    """A proposal load that skipped bad rows: the table of good rows, and the rest."""

    table: ProposalTable
    rejected: RejectedProposals
