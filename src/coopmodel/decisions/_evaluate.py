"""Bulk evaluation of every program over a register, and its result tables.

Per cooperative, everything is evaluated on the run's ``on``; per application, on the
application's own ``applied_on`` (Art. 0.3). The result is a pair of column tables
with the documented column contract, convertible to Arrow and Parquet.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import attrs
import numpy as np

from coopmodel.decisions._outcome import CODES, decode_failed
from coopmodel.programs._catalogue import (
    APPLICATION_COLUMNS,
    APPLICATION_PROGRAMS,
    COOPERATIVE_CONDITIONS,
    COOPERATIVE_OUTPUTS,
    COOPERATIVE_STEPS,
)
from coopmodel.records._enums import Program
from coopmodel.register._tables import cooperative_blocks, register_block
from coopmodel.rules._vector import (
    VectorContext,
    VectorValue,
    evaluate_many,
    evaluate_with_members,
)
from coopmodel.values._calendar import parse_date

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pyarrow as pa

    from coopmodel._typing import DateArray, Int64Array
    from coopmodel.parameters import ParameterSet
    from coopmodel.register import Register
    from coopmodel.rules._expr import Expr
    from coopmodel.values._calendar import DateLike

__all__ = ["Results", "default_threads", "evaluate"]

_BIT = {code: np.uint32(1 << i) for i, code in enumerate(CODES)}


@attrs.frozen(eq=False)
class Results:
    """The result tables of one run: per cooperative and per application.

    ``cooperatives`` and ``applications`` map column names to numpy columns in the
    documented order. ``failed`` columns are bitmasks here (bit ``i`` is
    ``CODES[i]``); :meth:`to_arrow` turns them into lists of codes. ``rank`` and the
    ``*_rank`` columns are 0 where no rank applies (null in Arrow).
    """

    on: dt.date
    cooperatives: Mapping[str, np.ndarray]
    applications: Mapping[str, np.ndarray]

    def failed_codes(self, table: str, row: int) -> tuple[str, ...]:
        """Return the failed condition codes of one row of a table."""
        columns = self.cooperatives if table == "cooperatives" else self.applications
        return decode_failed(int(columns["failed"][row]))

    def to_arrow(self) -> dict[str, pa.Table]:
        """Return ``{"cooperatives": ..., "applications": ...}`` as Arrow tables."""
        return {
            "cooperatives": _arrow_table(self.cooperatives),
            "applications": _arrow_table(self.applications),
        }

    def write_parquet(self, directory: Path | str) -> dict[str, Path]:
        """Write ``cooperatives.parquet`` and ``applications.parquet``; return paths."""
        import pyarrow.parquet as pq  # noqa: PLC0415 - pyarrow loads when used

        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        paths = {}
        for name, table in self.to_arrow().items():
            path = out / f"{name}.parquet"
            pq.write_table(table, path)
            paths[name] = path
        return paths


def _failed_lists(mask: np.ndarray) -> pa.Array:
    import pyarrow as pa  # noqa: PLC0415

    bits = np.asarray(mask, dtype=np.uint32)
    n = len(bits)
    matrix = (bits[:, None] >> np.arange(len(CODES), dtype=np.uint32)) & 1
    rows, which = np.nonzero(matrix)
    counts = np.bincount(rows, minlength=n).astype(np.int32)  # counts, not money
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(counts, out=offsets[1:])
    codes = pa.array(list(CODES), type=pa.string())
    values = pa.DictionaryArray.from_arrays(pa.array(which.astype(np.int8)), codes)
    return pa.ListArray.from_arrays(pa.array(offsets), values.cast(pa.string()))


def _arrow_table(columns: Mapping[str, np.ndarray]) -> pa.Table:
    import pyarrow as pa  # noqa: PLC0415

    arrays: dict[str, pa.Array] = {}
    for name, column in columns.items():
        if name == "failed":
            arrays[name] = _failed_lists(column)
        elif name == "rank" or name.endswith("_rank"):
            arrays[name] = pa.array(column, mask=column == 0, type=pa.int64())
        elif name == "coop_id":
            arrays[name] = pa.array([str(v).zfill(11) for v in column.tolist()])
        elif name == "program":
            members = list(Program)
            arrays[name] = pa.array([members[c].value for c in column.tolist()])
        else:
            arrays[name] = pa.array(column)
    return pa.table(arrays)


def evaluate(
    register: Register,
    *,
    on: DateLike,
    params: ParameterSet | None = None,
    threads: int | None = None,
) -> Results:
    """Evaluate every program over a register (see the column contract in the docs).

    Args:
        register: The cooperatives, their members and applications.
        on: The day each cooperative is evaluated on; each application is decided
            on its own ``applied_on`` (Art. 0.3).
        params: The parameters (default: the bundled ones).
        threads: How many threads evaluate blocks of cooperatives at once
            (default: :func:`default_threads`). The results are the same for any
            number; a register of fewer than about 500,000 members is one block.

    Returns:
        The result tables.

    Raises:
        ValueError: ``threads`` is not a whole number >= 1.
    """
    from coopmodel.parameters import load_parameters  # noqa: PLC0415

    day = parse_date(on, field="on")
    params = load_parameters() if params is None else params
    workers = default_threads() if threads is None else _check_threads(threads)
    return Results(
        on=day,
        cooperatives=_cooperative_columns(register, day, params, workers),
        applications=_application_columns(register, params),
    )


def _cooperative_columns(
    register: Register, on: dt.date, params: ParameterSet, threads: int = 1
) -> dict[str, np.ndarray]:
    exprs = [o.expr for o in COOPERATIVE_OUTPUTS]
    exprs += [c.test for c in COOPERATIVE_CONDITIONS]
    member_names = [
        step.member_test_column(i)
        for step in COOPERATIVE_STEPS
        for i in range(len(step.member_tests))
    ]
    member_exprs = [test for step in COOPERATIVE_STEPS for test in step.member_tests]
    values, member_values = _evaluate_in_blocks(
        exprs, member_exprs, register, on, params, threads=threads
    )
    member_columns = dict(zip(member_names, member_values, strict=True))
    n = register.n_cooperatives
    columns: dict[str, np.ndarray] = {"coop_id": register.cooperatives.coop_id}
    for output, value in zip(COOPERATIVE_OUTPUTS, values, strict=False):
        columns[output.name] = value
    mask = np.zeros(n, dtype=np.uint32)
    tests = values[len(COOPERATIVE_OUTPUTS) :]
    for condition, value in zip(COOPERATIVE_CONDITIONS, tests, strict=True):
        mask |= np.where(value, np.uint32(0), _BIT[condition.code])
    on_days = np.full(n, np.datetime64(on, "D"))
    for step in COOPERATIVE_STEPS:
        produced = step.run(register, {**columns, **member_columns}, on_days, params)
        columns = step.place(columns, produced)
    published = {k: v for k, v in columns.items() if not k.startswith("_")}
    published["failed"] = mask
    return published


def _evaluate_whole(
    exprs: list[Expr],
    member_exprs: list[Expr],
    register: Register,
    on: dt.date,
    params: ParameterSet,
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    context = VectorContext(register=register, on=on, params=params)
    values, member_values = evaluate_with_members(exprs, member_exprs, context)
    return [np.array(v.values) for v in values], [np.array(v) for v in member_values]


def _evaluate_in_blocks(
    exprs: list[Expr],
    member_exprs: list[Expr],
    register: Register,
    on: dt.date,
    params: ParameterSet,
    *,
    threads: int = 1,
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Evaluate per-cooperative (and member-level) trees block by block.

    Each block's temporaries are a few hundred kilobytes per column, reused from
    one block to the next, instead of a fresh column per node over every member;
    every row only reads its own cooperative and members, so the concatenated
    blocks equal one run over the register. When a block raises, the register is
    evaluated whole, so the error is the one a whole run reports (its row index
    and count are over the register).
    """
    blocks = cooperative_blocks(register.member_offsets)
    if len(blocks) == 1:
        return _evaluate_whole(exprs, member_exprs, register, on, params)
    offsets = register.member_offsets

    def run(block_range: tuple[int, int]) -> tuple[list[VectorValue], list[np.ndarray]]:
        block = register_block(register, *block_range)
        context = VectorContext(register=block, on=on, params=params)
        return evaluate_with_members(exprs, member_exprs, context)

    columns: list[np.ndarray] = []
    member_columns: list[np.ndarray] = []
    try:
        for (start, stop), (values, member_values) in zip(
            blocks, _map_blocks(run, blocks, threads), strict=True
        ):
            if not columns:  # the first block tells each column's dtype
                n, n_members = register.n_cooperatives, int(offsets[-1])
                columns = [np.empty(n, v.values.dtype) for v in values]
                member_columns = [np.empty(n_members, v.dtype) for v in member_values]
            # casting="no": a dtype differing between blocks raises (whole run).
            for column, value in zip(columns, values, strict=True):
                np.copyto(column[start:stop], value.values, casting="no")
            first, last = int(offsets[start]), int(offsets[stop])
            for column, member_value in zip(member_columns, member_values, strict=True):
                np.copyto(column[first:last], member_value, casting="no")
    except Exception:  # noqa: BLE001 - re-raised by the whole run below
        return _evaluate_whole(exprs, member_exprs, register, on, params)
    return columns, member_columns


_T = TypeVar("_T")


#: Most threads a run uses by default, however many cores there are.
MAX_DEFAULT_THREADS = 8


def default_threads() -> int:
    """Return the threads a run uses when none are asked for.

    ``COOPMODEL_THREADS`` when set (a whole number >= 1), else the cores this
    process may run on, at most :data:`MAX_DEFAULT_THREADS`.

    Raises:
        ValueError: ``COOPMODEL_THREADS`` is not a whole number >= 1.
    """
    setting = os.environ.get("COOPMODEL_THREADS")
    if setting is not None:
        try:
            return _check_threads(int(setting))
        except ValueError:
            msg = f"COOPMODEL_THREADS must be a whole number >= 1; got {setting!r}"
            raise ValueError(msg) from None
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - platforms without affinity
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_THREADS))


def _check_threads(threads: int) -> int:
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        msg = f"threads must be a whole number >= 1; got {threads!r}"
        raise ValueError(msg)
    return threads


def _map_blocks(
    run: Callable[[tuple[int, int]], _T], blocks: list[tuple[int, int]], threads: int
) -> Iterator[_T]:
    """Yield ``run(block)`` for each block in order, on up to ``threads`` threads.

    numpy releases the GIL inside its loops, so blocks on two cores overlap; each
    block has its own evaluator and columns, and nothing they share is written.
    At most one block per thread is waiting to be collected, so memory grows with
    the threads, not with the blocks.
    """
    workers = min(threads, len(blocks))
    if workers <= 1:
        yield from map(run, blocks)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending = [pool.submit(run, b) for b in blocks[:workers]]
        for ahead in blocks[workers:]:
            done = pending.pop(0)
            pending.append(pool.submit(run, ahead))
            yield done.result()
        for done in pending:
            yield done.result()


def _application_columns(
    register: Register, params: ParameterSet
) -> dict[str, np.ndarray]:
    apps = register.applications
    n = len(apps)
    coop_index = apps.coop_index.astype(np.int64)
    columns: dict[str, np.ndarray] = {
        "coop_id": register.cooperatives.coop_id[coop_index],
        "program": apps.program.copy(),
        "eligible": np.zeros(n, dtype=bool),
        "failed": np.zeros(n, dtype=np.uint32),
    }
    for name in APPLICATION_COLUMNS:
        columns[name] = np.zeros(n, dtype=np.int64)
    codes = {p: i for i, p in enumerate(Program)}
    for program, spec in APPLICATION_PROGRAMS.items():
        rows = np.flatnonzero(apps.program == codes[program]).astype(np.int64)
        if len(rows) == 0:
            continue
        on: DateArray = apps.applied_on[rows]
        context = VectorContext(
            register=register, on=on, params=params, application_rows=rows
        )
        tests = [c.test for c in spec.conditions]
        values = evaluate_many(tests + [o.expr for o in spec.outputs], context)
        mask = np.zeros(len(rows), dtype=np.uint32)
        for condition, value in zip(spec.conditions, values, strict=False):
            mask |= np.where(value.values, np.uint32(0), _BIT[condition.code])
        local: dict[str, Int64Array] = {}
        for output, value in zip(spec.outputs, values[len(tests) :], strict=True):
            local[output.name] = np.asarray(value.values, dtype=np.int64)
        if spec.finish is not None:
            local.update(spec.finish(local, on, params))
        if spec.allocate is not None:
            eligible = (mask == 0).astype(np.int64)
            local.update(spec.allocate({**local, "_eligible": eligible}, on, params))
        columns["eligible"][rows] = mask == 0
        columns["failed"][rows] = mask
        for name, column in local.items():
            if name in columns and not name.startswith("_"):
                columns[name][rows] = column
    return columns
