"""What a bulk load that skips bad rows returns: the register and the rejected rows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from coopmodel._errors import RowProblem
from coopmodel.register._tables import Register

if TYPE_CHECKING:
    import os

    import pyarrow as pa

__all__ = ["LoadResult", "Rejected"]

_TABLES = ("cooperatives", "members", "applications")


@attrs.frozen(eq=False)
class Rejected:
    """The rows a bulk load refused, and why (Art. 1.6).

    Each table holds the refused rows as they were read (for CSV: as text), after
    two leading columns: ``row``, the 0-based row number in the input table, and
    ``reasons``, every ``field: reason`` of the row joined by ``"; "``. ``problems``
    lists each reason once, in table, row and column order.
    """

    problems: tuple[RowProblem, ...]
    cooperatives: pa.Table
    members: pa.Table
    applications: pa.Table

    def __len__(self) -> int:
        """Return the number of rows refused, over the three tables."""
        return sum(self.table(name).num_rows for name in _TABLES)

    def table(self, name: str) -> pa.Table:
        """Return the refused rows of the table ``name``.

        Args:
            name: ``cooperatives``, ``members`` or ``applications``.

        Returns:
            The refused rows with their ``row`` and ``reasons`` columns.
        """
        if name not in _TABLES:
            msg = f"table must be one of {', '.join(_TABLES)}, not {name!r}"
            raise KeyError(msg)
        table: pa.Table = getattr(self, name)
        return table

    def to_arrow(self) -> pa.Table:
        """Return one row per problem: table, row, key, field, reason and record.

        The last column, ``record``, holds the refused row as read, as JSON, so that
        one file can hold the refusals of all three tables (``rejected.parquet``).
        """
        import pyarrow as pa  # noqa: PLC0415 - keep `import coopmodel` light

        rows: dict[str, dict[int, str]] = {}
        for name in _TABLES:
            table = self.table(name)
            data = table.drop_columns(["row", "reasons"]).to_pylist()
            numbers = table.column("row").to_pylist()
            rows[name] = {
                number: json.dumps(record, ensure_ascii=False, default=str)
                for number, record in zip(numbers, data, strict=True)
            }
        return pa.table(
            {
                "table": pa.array([p.table for p in self.problems], pa.string()),
                "row": pa.array([p.row for p in self.problems], pa.int64()),
                "key": pa.array([p.key for p in self.problems], pa.string()),
                "field": pa.array([p.field for p in self.problems], pa.string()),
                "reason": pa.array([p.reason for p in self.problems], pa.string()),
                "record": pa.array(
                    [rows[p.table].get(p.row) for p in self.problems], pa.string()
                ),
            }
        )

    def write_parquet(self, path: str | os.PathLike[str]) -> Path:
        """Write :meth:`to_arrow` to a Parquet file and return its path."""
        import pyarrow.parquet as pq  # noqa: PLC0415 - keep `import coopmodel` light

        target = Path(path)
        pq.write_table(self.to_arrow(), target)
        return target


@attrs.frozen(eq=False)
class LoadResult:
    """A bulk load that skipped bad rows: the register of the good rows, the rest."""

    register: Register
    rejected: Rejected
