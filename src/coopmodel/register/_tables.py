"""The columnar register: one struct of numpy arrays per table (ARCHITECTURE layer 4).

Members are sorted by cooperative; ``member_offsets`` (length ``n_coops + 1``) gives
the members of cooperative ``i`` as rows ``member_offsets[i]:member_offsets[i + 1]``
(CSR), so an aggregate over a cooperative's members is a segment reduction.

Conventions, shared by every producer and consumer of these arrays:

* Identifiers are ``int64``: ``coop_id`` (11 digits) and ``national_code`` (10 digits);
  format them back with ``str(n).zfill(11)`` / ``zfill(10)``.
* Enums are ``int8`` codes, the member's position in its enum (see
  :func:`coopmodel.records.enum_code`); ``-1`` is "not recorded" for optional enums.
* Dates are ``datetime64[D]`` (Gregorian days); ``NaT`` is "not recorded".
* Money is ``int64`` rials. ``income_decile`` is ``int8`` with ``0`` for "not recorded".
  ``guarantee_days`` is ``int16`` with ``0`` for "not applicable".
* Text columns (``name``, ``county``) are numpy ``object`` arrays of ``str`` (``county``
  may hold ``None``).

Within a cooperative, members keep the order in which they were given; cooperatives
and applications keep their input order.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

import attrs
import numpy as np
import numpy.typing as npt

from coopmodel._typing import (
    BoolArray,
    DateArray,
    Int8Array,
    Int16Array,
    Int32Array,
    Int64Array,
)

if TYPE_CHECKING:
    import os

    import pyarrow as pa

    from coopmodel.records import Application, Cooperative
    from coopmodel.register._result import LoadResult

__all__ = ["ApplicationTable", "CooperativeTable", "MemberTable", "Register"]

ObjectArray = npt.NDArray[np.object_]


def _n(arrays: dict[str, Any]) -> int:
    return len(next(iter(arrays.values())))


@attrs.frozen(eq=False)
class CooperativeTable:
    """The cooperatives, one row each, in register order (Art. 1.1)."""

    coop_id: Int64Array
    name: ObjectArray
    kind: Int8Array
    province: Int8Array
    county: ObjectArray
    less_developed: BoolArray
    border: BoolArray
    status: Int8Array
    registered_on: DateArray
    equity: Int64Array
    outstanding_guarantees: Int64Array
    overdue_debt: Int64Array
    insurance_arrears: Int64Array
    last_assembly_on: DateArray
    kb_certified_from: DateArray
    kb_certified_until: DateArray

    def __len__(self) -> int:
        """Return the number of cooperatives."""
        return len(self.coop_id)


@attrs.frozen(eq=False)
class MemberTable:
    """The members of every cooperative, sorted by cooperative (Art. 1.2).

    ``coop_index`` is the row of the member's cooperative in :class:`CooperativeTable`;
    it is non-decreasing.
    """

    coop_index: Int32Array
    national_code: Int64Array
    gender: Int8Array
    birth_date: DateArray
    disabled: BoolArray
    joined_on: DateArray
    left_on: DateArray
    employed_since: DateArray
    insured_wage: Int64Array
    income_decile: Int8Array
    education: Int8Array

    def __len__(self) -> int:
        """Return the number of members."""
        return len(self.national_code)


@attrs.frozen(eq=False)
class ApplicationTable:
    """The applications, one row each (Art. 1.3).

    ``coop_index`` is the row of the applicant in :class:`CooperativeTable`.
    """

    coop_index: Int32Array
    program: Int8Array
    applied_on: DateArray
    requested_amount: Int64Array
    jobs_committed: Int32Array
    guarantee_kind: Int8Array
    guarantee_days: Int16Array

    def __len__(self) -> int:
        """Return the number of applications."""
        return len(self.program)


_Table = TypeVar("_Table", CooperativeTable, MemberTable, ApplicationTable)
#: Any of the three tables.
AnyTable = CooperativeTable | MemberTable | ApplicationTable


def take_rows(table: _Table, index: npt.NDArray[np.integer[Any]] | BoolArray) -> _Table:
    """Return a table of the same kind holding the rows ``index`` selects, in order.

    Args:
        table: Any of the three tables.
        index: Row numbers (any integer dtype) or a boolean mask.

    Returns:
        A new table; every column is indexed the same way.
    """
    columns = {
        field.name: getattr(table, field.name)[index]
        for field in attrs.fields(type(table))
    }
    return type(table)(**columns)


def concat_tables(tables: Sequence[_Table], kind: type[_Table]) -> _Table:
    """Return one table holding the rows of ``tables`` one after the other.

    Args:
        tables: Tables of the same kind.
        kind: Their class (needed when ``tables`` is empty).

    Returns:
        The concatenated table; ``coop_index`` columns are copied as they are.
    """
    columns = {
        field.name: np.concatenate(
            [getattr(table, field.name) for table in tables]
            or [np.empty(0, dtype=field_dtype(kind, field.name))]
        )
        for field in attrs.fields(kind)
    }
    return kind(**columns)


_DTYPES: dict[str, np.dtype[Any]] = {
    "coop_id": np.dtype(np.int64),
    "national_code": np.dtype(np.int64),
    "coop_index": np.dtype(np.int32),
    "name": np.dtype(object),
    "county": np.dtype(object),
    "kind": np.dtype(np.int8),
    "province": np.dtype(np.int8),
    "status": np.dtype(np.int8),
    "gender": np.dtype(np.int8),
    "education": np.dtype(np.int8),
    "program": np.dtype(np.int8),
    "guarantee_kind": np.dtype(np.int8),
    "income_decile": np.dtype(np.int8),
    "guarantee_days": np.dtype(np.int16),
    "jobs_committed": np.dtype(np.int32),
    "less_developed": np.dtype(np.bool_),
    "border": np.dtype(np.bool_),
    "disabled": np.dtype(np.bool_),
}
_DATE = np.dtype("datetime64[D]")
_DATES = frozenset(
    {
        "registered_on",
        "last_assembly_on",
        "kb_certified_from",
        "kb_certified_until",
        "birth_date",
        "joined_on",
        "left_on",
        "employed_since",
        "applied_on",
    }
)
_MONEY = np.dtype(np.int64)


def field_dtype(kind: type[AnyTable], name: str) -> np.dtype[Any]:
    """Return the numpy dtype of column ``name`` of a table class.

    >>> field_dtype(MemberTable, "birth_date")
    dtype('<M8[D]')
    """
    if name not in {field.name for field in attrs.fields(kind)}:
        msg = f"{kind.__name__} has no column {name!r}"
        raise KeyError(msg)
    if name in _DTYPES:
        return _DTYPES[name]
    if name in _DATES:
        return _DATE
    return _MONEY


def offsets_from_coop_index(coop_index: Int32Array, n_cooperatives: int) -> Int64Array:
    """Return the CSR offsets of a non-decreasing ``coop_index`` column.

    >>> offsets_from_coop_index(np.array([0, 0, 2], dtype=np.int32), 4).tolist()
    [0, 2, 2, 3, 3]
    """
    rows = np.arange(n_cooperatives + 1, dtype=coop_index.dtype)
    # The first member of each cooperative: a binary search per cooperative.
    offsets: Int64Array = np.searchsorted(coop_index, rows, side="left").astype(
        np.int64
    )
    return offsets


#: About this many members per block of :func:`cooperative_blocks`.
BLOCK_MEMBERS = 1 << 19


def cooperative_blocks(
    member_offsets: Int64Array, block_members: int | None = None
) -> list[tuple[int, int]]:
    """Split the cooperatives into consecutive ranges of about ``block_members``.

    A range ends at the first cooperative boundary at or after each multiple of
    ``block_members`` members (default :data:`BLOCK_MEMBERS`); a register with
    fewer members is one range.

    >>> cooperative_blocks(np.array([0, 3, 5, 9, 10]), 4)
    [(0, 2), (2, 3), (3, 4)]
    """
    if block_members is None:
        block_members = BLOCK_MEMBERS
    n = len(member_offsets) - 1
    total = int(member_offsets[-1]) if n >= 0 else 0
    if n <= 1 or total <= block_members:
        return [(0, max(n, 0))]
    wanted = np.arange(block_members, total, block_members)
    cuts = np.searchsorted(member_offsets, wanted, side="left")
    bounds = np.unique(np.concatenate(([0], cuts, [n]))).tolist()
    return list(itertools.pairwise(bounds))


def _slice_table(table: _Table, start: int, stop: int) -> _Table:
    columns = {
        field.name: getattr(table, field.name)[start:stop]
        for field in attrs.fields(type(table))
    }
    return type(table)(**columns)


@attrs.frozen(eq=False)
class Register:
    """A whole register in columnar form: cooperatives, their members, applications.

    Build one with :meth:`from_records`, :meth:`from_arrow`, :meth:`from_parquet` or
    :meth:`from_csv`; those check every row (Art. 1.6). The plain constructor takes
    the arrays as they are: call :meth:`check_structure` on a register built by hand.
    """

    cooperatives: CooperativeTable
    members: MemberTable
    applications: ApplicationTable
    member_offsets: Int64Array

    @property
    def n_cooperatives(self) -> int:
        """Return the number of cooperatives."""
        return len(self.cooperatives)

    @property
    def n_members(self) -> int:
        """Return the number of members, over all cooperatives."""
        return len(self.members)

    @property
    def n_applications(self) -> int:
        """Return the number of applications."""
        return len(self.applications)

    def member_counts(self) -> Int64Array:
        """Return the number of members of each cooperative (left or not).

        >>> Register.empty().member_counts().tolist()
        []
        """
        return np.diff(self.member_offsets)

    # -- construction ------------------------------------------------------------

    @classmethod
    def empty(cls) -> Register:
        """Return a register with no cooperatives.

        >>> Register.empty().n_cooperatives
        0
        """
        return cls(
            cooperatives=concat_tables([], CooperativeTable),
            members=concat_tables([], MemberTable),
            applications=concat_tables([], ApplicationTable),
            member_offsets=np.zeros(1, dtype=np.int64),
        )

    @classmethod
    def from_records(
        cls,
        cooperatives: Iterable[Cooperative],
        applications: Iterable[Application] = (),
    ) -> Register:
        """Build a register from validated records.

        Each record is already valid on its own; this checks what only the whole
        set can show (Art. 1.6): a duplicate ``coop_id``, an application whose
        ``coop_id`` matches no cooperative, a second application of a cooperative to
        the same program.

        Args:
            cooperatives: The cooperatives, with their members.
            applications: The applications.

        Returns:
            The register, cooperatives and applications in the order given.

        Raises:
            InvalidRecordError: Naming each repeated ``coop_id`` or, when there is
                none, each refused application (see
                :func:`coopmodel.records.check_applications`).
        """
        from coopmodel.register._records import register_from_records  # noqa: PLC0415 - the loader imports this module

        return register_from_records(cooperatives, applications)

    def to_records(self) -> tuple[tuple[Cooperative, ...], tuple[Application, ...]]:
        """Return the register as records: the cooperatives and the applications.

        ``Register.from_records(*register.to_records())`` gives the same register.
        """
        from coopmodel.register._records import register_to_records  # noqa: PLC0415 - the loader imports this module

        return register_to_records(self)

    @overload
    @classmethod
    def from_arrow(
        cls,
        cooperatives: object,
        members: object,
        applications: object | None = None,
        *,
        skip_bad_rows: Literal[False] = False,
    ) -> Register: ...

    @overload
    @classmethod
    def from_arrow(
        cls,
        cooperatives: object,
        members: object,
        applications: object | None = None,
        *,
        skip_bad_rows: Literal[True],
    ) -> LoadResult: ...

    @overload
    @classmethod
    def from_arrow(
        cls,
        cooperatives: object,
        members: object,
        applications: object | None = None,
        *,
        skip_bad_rows: bool,
    ) -> Register | LoadResult: ...

    @classmethod
    def from_arrow(
        cls,
        cooperatives: object,
        members: object,
        applications: object | None = None,
        *,
        skip_bad_rows: bool = False,
    ) -> Register | LoadResult:
        """Build a register from Arrow tables, checking every row (Art. 1.4, 1.6).

        Each table uses the rulebook's field names as column names; members carry
        ``coop_id``. Anything :func:`pyarrow.table` accepts works too: a pandas or
        polars data frame, or any object with ``__arrow_c_stream__``.

        Args:
            cooperatives: The cooperatives table.
            members: The members table.
            applications: The applications table, if any.
            skip_bad_rows: Load the good rows and return the bad ones instead of
                raising. A cooperative's members and applications are refused with
                it.

        Returns:
            The register, or with ``skip_bad_rows`` a
            :class:`~coopmodel.register.LoadResult` holding the register and the
            rejected rows.

        Raises:
            BulkLoadError: Listing every bad row, when any row is bad and
                ``skip_bad_rows`` is false; always when a required column is
                absent or an unknown column is present.
        """
        from coopmodel.register._load import load_arrow  # noqa: PLC0415 - the loader imports this module

        return load_arrow(
            cooperatives, members, applications, skip_bad_rows=skip_bad_rows
        )

    @overload
    @classmethod
    def from_parquet(
        cls,
        cooperatives: str | os.PathLike[str],
        members: str | os.PathLike[str],
        applications: str | os.PathLike[str] | None = None,
        *,
        skip_bad_rows: Literal[False] = False,
    ) -> Register: ...

    @overload
    @classmethod
    def from_parquet(
        cls,
        cooperatives: str | os.PathLike[str],
        members: str | os.PathLike[str],
        applications: str | os.PathLike[str] | None = None,
        *,
        skip_bad_rows: Literal[True],
    ) -> LoadResult: ...

    @overload
    @classmethod
    def from_parquet(
        cls,
        cooperatives: str | os.PathLike[str],
        members: str | os.PathLike[str],
        applications: str | os.PathLike[str] | None = None,
        *,
        skip_bad_rows: bool,
    ) -> Register | LoadResult: ...

    @classmethod
    def from_parquet(
        cls,
        cooperatives: str | os.PathLike[str],
        members: str | os.PathLike[str],
        applications: str | os.PathLike[str] | None = None,
        *,
        skip_bad_rows: bool = False,
    ) -> Register | LoadResult:
        """Build a register from Parquet files, one per table (see :meth:`from_arrow`).

        Args:
            cooperatives: Path of the cooperatives file.
            members: Path of the members file.
            applications: Path of the applications file, if any.
            skip_bad_rows: As in :meth:`from_arrow`.

        Returns:
            As :meth:`from_arrow`.
        """
        from coopmodel.register._files import read_parquet_tables  # noqa: PLC0415 - the loader imports this module

        return cls.from_arrow(
            *read_parquet_tables(cooperatives, members, applications),
            skip_bad_rows=skip_bad_rows,
        )

    @overload
    @classmethod
    def from_csv(
        cls,
        cooperatives: str | os.PathLike[str],
        members: str | os.PathLike[str],
        applications: str | os.PathLike[str] | None = None,
        *,
        skip_bad_rows: Literal[False] = False,
    ) -> Register: ...

    @overload
    @classmethod
    def from_csv(
        cls,
        cooperatives: str | os.PathLike[str],
        members: str | os.PathLike[str],
        applications: str | os.PathLike[str] | None = None,
        *,
        skip_bad_rows: Literal[True],
    ) -> LoadResult: ...

    @overload
    @classmethod
    def from_csv(
        cls,
        cooperatives: str | os.PathLike[str],
        members: str | os.PathLike[str],
        applications: str | os.PathLike[str] | None = None,
        *,
        skip_bad_rows: bool,
    ) -> Register | LoadResult: ...

    @classmethod
    def from_csv(
        cls,
        cooperatives: str | os.PathLike[str],
        members: str | os.PathLike[str],
        applications: str | os.PathLike[str] | None = None,
        *,
        skip_bad_rows: bool = False,
    ) -> Register | LoadResult:
        """Build a register from UTF-8 CSV files with a header row, one per table.

        Every cell is read as text, so identifiers keep their leading zeros; an
        empty cell is "not recorded". Each date column is either ISO Gregorian
        (``2020-06-01``) or Jalali (``1399-01-15``, ``1399/1/15``, Persian digits),
        detected per column (Art. 1.4). Otherwise as :meth:`from_arrow`.

        Args:
            cooperatives: Path of the cooperatives file.
            members: Path of the members file.
            applications: Path of the applications file, if any.
            skip_bad_rows: As in :meth:`from_arrow`.

        Returns:
            As :meth:`from_arrow`.
        """
        from coopmodel.register._files import read_csv_tables  # noqa: PLC0415 - the loader imports this module

        return cls.from_arrow(
            *read_csv_tables(cooperatives, members, applications),
            skip_bad_rows=skip_bad_rows,
        )

    # -- output ------------------------------------------------------------------

    def to_arrow(self) -> dict[str, pa.Table]:
        """Return the three tables as Arrow tables in the bulk format (Art. 1.4).

        Keys are ``cooperatives``, ``members`` and ``applications``; identifiers
        are 10- or 11-digit strings, enums their rulebook spellings, dates
        ``date32``, money ``int64``; "not recorded" is null.
        """
        from coopmodel.register._files import register_to_arrow  # noqa: PLC0415 - the loader imports this module

        return register_to_arrow(self)

    def write_parquet(self, directory: str | os.PathLike[str]) -> tuple[Path, ...]:
        """Write the tables to ``cooperatives.parquet``, ``members.parquet``, ...

        The third file is ``applications.parquet``; see :meth:`to_arrow`.

        Args:
            directory: An existing directory.

        Returns:
            The paths written.
        """
        from coopmodel.register._files import write_parquet_tables  # noqa: PLC0415 - the loader imports this module

        return write_parquet_tables(self.to_arrow(), Path(directory))

    def write_csv(
        self, directory: str | os.PathLike[str], *, jalali_dates: bool = False
    ) -> tuple[Path, ...]:
        """Write ``cooperatives.csv``, ``members.csv``, ``applications.csv``.

        Args:
            directory: An existing directory.
            jalali_dates: Write dates as Jalali ``1399-01-15`` instead of ISO
                Gregorian.

        Returns:
            The paths written.
        """
        from coopmodel.register._files import write_csv_tables  # noqa: PLC0415 - the loader imports this module

        return write_csv_tables(
            self.to_arrow(), Path(directory), jalali_dates=jalali_dates
        )

    # -- helpers for the rule interpreters --------------------------------------

    def coop_index_of(self, coop_ids: Int64Array) -> Int32Array:
        """Return the row of each ``coop_id``, or ``-1`` where no cooperative has it.

        Looks up a sorted copy of the ``coop_id`` column with ``searchsorted``.

        >>> register = Register.empty()
        >>> register.coop_index_of(np.array([10100000011])).tolist()
        [-1]
        """
        wanted = np.asarray(coop_ids, dtype=np.int64)
        order = np.argsort(self.cooperatives.coop_id, kind="stable")
        sorted_ids = self.cooperatives.coop_id[order]
        if len(sorted_ids) == 0:
            return np.full(wanted.shape, -1, dtype=np.int32)
        position = np.searchsorted(sorted_ids, wanted)
        position = np.minimum(position, len(sorted_ids) - 1)
        found = sorted_ids[position] == wanted
        return np.where(found, order[position], -1).astype(np.int32)

    def select(self, coop_rows: npt.NDArray[np.integer[Any]]) -> Register:
        """Return the sub-register of some cooperatives, with their members and apps.

        Cooperatives come in the order of ``coop_rows``; each keeps its members in
        order; applications keep their relative order. Offsets and ``coop_index``
        columns are recomputed, so chunks of a register can be run on their own.

        Args:
            coop_rows: Distinct cooperative rows, each in ``0 .. n_cooperatives-1``.

        Returns:
            The sub-register.

        Raises:
            IndexError: A row is out of range.
            ValueError: A row appears twice.
        """
        rows = np.asarray(coop_rows)
        if rows.ndim != 1 or not (
            rows.size == 0 or np.issubdtype(rows.dtype, np.integer)
        ):
            msg = (
                "coop_rows must be a 1-D array of integers, "
                f"not {rows.dtype}{rows.shape}"
            )
            raise TypeError(msg)
        rows = rows.astype(np.int64)
        n = self.n_cooperatives
        if rows.size and (rows.min() < 0 or rows.max() >= n):
            msg = f"coop_rows must lie in 0..{n - 1}; got {rows.min()}..{rows.max()}"
            raise IndexError(msg)
        new_row = np.full(n, -1, dtype=np.int64)
        new_row[rows] = np.arange(len(rows))
        if np.count_nonzero(new_row >= 0) != len(rows):
            msg = "coop_rows must not repeat a cooperative"
            raise ValueError(msg)
        starts = self.member_offsets[rows]
        lengths = self.member_offsets[rows + 1] - starts
        offsets = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        member_rows = np.repeat(starts - offsets[:-1], lengths) + np.arange(offsets[-1])
        members = take_rows(self.members, member_rows)
        members = attrs.evolve(
            members,
            coop_index=np.repeat(np.arange(len(rows), dtype=np.int32), lengths),
        )
        application_coop = new_row[self.applications.coop_index]
        keep = application_coop >= 0
        applications = attrs.evolve(
            take_rows(self.applications, keep),
            coop_index=application_coop[keep].astype(np.int32),
        )
        return Register(
            cooperatives=take_rows(self.cooperatives, rows),
            members=members,
            applications=applications,
            member_offsets=offsets,
        )

    @classmethod
    def concat(cls, registers: Sequence[Register]) -> Register:
        """Return one register holding the cooperatives of several, in order.

        Args:
            registers: Registers whose ``coop_id`` sets do not overlap.

        Returns:
            The concatenated register.

        Raises:
            ValueError: A ``coop_id`` appears in more than one register.
        """
        coop_base = np.cumsum([0, *(r.n_cooperatives for r in registers)])
        member_base = np.cumsum([0, *(r.n_members for r in registers)])
        cooperatives = concat_tables(
            [r.cooperatives for r in registers], CooperativeTable
        )
        ids = np.sort(cooperatives.coop_id)
        repeated = ids[1:][ids[1:] == ids[:-1]]
        if repeated.size:
            msg = f"coop_id {str(repeated[0]).zfill(11)} is in more than one register"
            raise ValueError(msg)
        members = concat_tables(
            [
                attrs.evolve(
                    r.members,
                    coop_index=(r.members.coop_index + coop_base[i]).astype(np.int32),
                )
                for i, r in enumerate(registers)
            ],
            MemberTable,
        )
        applications = concat_tables(
            [
                attrs.evolve(
                    r.applications,
                    coop_index=(r.applications.coop_index + coop_base[i]).astype(
                        np.int32
                    ),
                )
                for i, r in enumerate(registers)
            ],
            ApplicationTable,
        )
        offsets = np.concatenate(
            [np.zeros(1, dtype=np.int64)]
            + [r.member_offsets[1:] + member_base[i] for i, r in enumerate(registers)]
        ).astype(np.int64)
        return cls(
            cooperatives=cooperatives,
            members=members,
            applications=applications,
            member_offsets=offsets,
        )

    def check_structure(self) -> None:
        """Raise ``ValueError`` when the arrays break the register's invariants.

        Checks each column's dtype and length, that ``member_offsets`` starts at 0,
        never decreases and ends at the number of members, that each member's
        ``coop_index`` matches the offsets, that every application's ``coop_index``
        is a row, and that no ``coop_id`` repeats.

        >>> Register.empty().check_structure()
        """
        problems: list[str] = []
        for table in (self.cooperatives, self.members, self.applications):
            kind = type(table)
            size = len(table)
            for field in attrs.fields(kind):
                column = getattr(table, field.name)
                expected = field_dtype(kind, field.name)
                if not isinstance(column, np.ndarray) or column.dtype != expected:
                    got = getattr(column, "dtype", type(column).__name__)
                    problems.append(
                        f"{kind.__name__}.{field.name}: dtype {got}, not {expected}"
                    )
                elif column.shape != (size,):
                    problems.append(
                        f"{kind.__name__}.{field.name}: shape {column.shape}, "
                        f"not ({size},)"
                    )
        offsets = self.member_offsets
        if offsets.dtype != np.int64 or offsets.shape != (self.n_cooperatives + 1,):
            problems.append(
                f"member_offsets: {offsets.dtype}{offsets.shape}, "
                f"not int64({self.n_cooperatives + 1},)"
            )
        elif (
            offsets[0] != 0
            or offsets[-1] != self.n_members
            or np.any(np.diff(offsets) < 0)
        ):
            problems.append("member_offsets must rise from 0 to the number of members")
        elif not np.array_equal(
            self.members.coop_index,
            np.repeat(np.arange(self.n_cooperatives), np.diff(offsets)),
        ):
            problems.append("members' coop_index does not match member_offsets")
        index = self.applications.coop_index
        if index.size and (index.min() < 0 or index.max() >= self.n_cooperatives):
            problems.append("an application's coop_index is not a cooperative row")
        ids = np.sort(self.cooperatives.coop_id)
        if np.any(ids[1:] == ids[:-1]):
            problems.append("a coop_id appears twice")
        if problems:
            raise ValueError("; ".join(problems))


def register_block(register: Register, start: int, stop: int) -> Register:
    """Return cooperatives ``start:stop`` with their members, without copying.

    The columns are views of the register's (only ``coop_index`` and the offsets
    are new); the block has no applications. Rules over cooperatives and their
    members give, on a block, the rows they give on the whole register.

    >>> register_block(Register.empty(), 0, 0).n_cooperatives
    0
    """
    offsets = register.member_offsets
    first, last = int(offsets[start]), int(offsets[stop])
    members = _slice_table(register.members, first, last)
    return Register(
        cooperatives=_slice_table(register.cooperatives, start, stop),
        members=attrs.evolve(
            members, coop_index=(members.coop_index - start).astype(np.int32)
        ),
        applications=_slice_table(register.applications, 0, 0),
        member_offsets=offsets[start : stop + 1] - first,
    )
