"""coopmodel benchmarks: bulk runs, the scalar loop, single decisions, import time.

Run with ``make bench`` (or ``python benchmarks/run.py --quick`` for a smoke run).
Prints one table with the machine, numpy's version and the date; never asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from coopmodel import Register, decide, evaluate, load_parameters
from coopmodel.decisions import default_threads
from coopmodel.records import Program
from coopmodel.synthetic import generate, iter_chunks, national_register

ON = "1399-06-15"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _median_time(fn: Callable[[], object], *, repeat: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _row(rows: list[tuple[str, str, str, str]], *cells: str) -> None:
    rows.append((cells[0], cells[1], cells[2], cells[3] if len(cells) > 3 else ""))


def bench_national(rows: list[tuple[str, str, str, str]], *, repeat: int) -> Register:
    """Evaluate every program on the national register, in memory and from Parquet."""
    register = national_register(seed=1399)
    params = load_parameters()
    n = register.n_cooperatives
    threads = default_threads()
    t = _median_time(lambda: evaluate(register, on=ON, params=params), repeat=repeat)
    _row(
        rows,
        f"national register, all programs, in memory ({threads} threads)",
        f"{n:,} coops, {len(register.members):,} members, "
        f"{len(register.applications):,} apps",
        f"{t * 1000:.0f} ms",
        f"{n / t:,.0f} coops/s; target <= 100 ms",
    )
    if threads > 1:
        t_one = _median_time(
            lambda: evaluate(register, on=ON, params=params, threads=1),
            repeat=repeat,
        )
        _row(
            rows,
            "national register, all programs, in memory (1 thread)",
            "the same",
            f"{t_one * 1000:.0f} ms",
            f"{n / t_one:,.0f} coops/s",
        )
    with tempfile.TemporaryDirectory() as tmp:
        register.write_parquet(tmp)
        paths = {
            name: Path(tmp) / f"{name}.parquet"
            for name in ("cooperatives", "members", "applications")
        }

        def load() -> Register:
            loaded = Register.from_parquet(**paths)
            assert isinstance(loaded, Register)  # noqa: S101
            return loaded

        t_load = _median_time(load, repeat=max(1, repeat // 2))
        _row(
            rows,
            "national register, load three Parquet files",
            f"{n:,} coops",
            f"{t_load * 1000:.0f} ms",
            f"with evaluate: {(t_load + t) * 1000:.0f} ms; target <= 350 ms",
        )
    return register


def _reset_peak_rss() -> bool:
    """Reset the peak-RSS counter (Linux ``clear_refs``); tell whether it worked."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def bench_scale(
    rows: list[tuple[str, str, str, str]], n: int, *, chunk: int, repeat: int
) -> None:
    """Evaluate ``n`` cooperatives, in chunks when large; report time and memory.

    The peak resident memory is this row's own (generation included) where the
    kernel lets the counter be reset, else the process's peak so far.
    """
    params = load_parameters()
    own_peak = _reset_peak_rss()
    if n <= chunk:
        register = generate(n, seed=7)
        t = _median_time(
            lambda: evaluate(register, on=ON, params=params), repeat=repeat
        )
        del register
    else:
        t = 0.0
        chunks = iter_chunks(n, chunk, seed=7)
        # Drop each chunk before the next is generated: a for loop would hold the
        # previous chunk while the generator builds the next (two in memory).
        while (part := next(chunks, None)) is not None:
            start = time.perf_counter()
            evaluate(part, on=ON, params=params)
            t += time.perf_counter() - start
            del part
    _row(
        rows,
        f"{n:,} cooperatives" + (f" in chunks of {chunk:,}" if n > chunk else ""),
        "evaluate only (generation excluded)",
        f"{t:.2f} s",
        f"{n / t:,.0f} coops/s; peak RSS {'' if own_peak else 'so far '}"
        f"{_peak_rss_mib():,.0f} MiB",
    )


def bench_scalar_loop(
    rows: list[tuple[str, str, str, str]], register: Register, bulk_seconds: float
) -> None:
    """The same work as a Python loop of scalar decisions, on a sample, extrapolated."""
    sample = register.select(np.arange(min(500, register.n_cooperatives)))
    coops, apps = sample.to_records()
    by_id = {c.coop_id: c for c in coops}
    params = load_parameters()
    start = time.perf_counter()
    for coop in coops:
        decide(coop, on=ON, params=params)
    for app in apps:
        decide(by_id[app.coop_id], app, params=params)
    per_coop = (time.perf_counter() - start) / len(coops)
    total = per_coop * register.n_cooperatives
    _row(
        rows,
        "scalar decide loop (sample of 500, EXTRAPOLATED)",
        f"{register.n_cooperatives:,} coops",
        f"{total:.1f} s",
        f"bulk speed-up x{total / bulk_seconds:,.0f}",
    )


def bench_single(rows: list[tuple[str, str, str, str]]) -> None:
    """One decision per program on a 15-member cooperative: p50 and p99 latency.

    Cooperative results, then one application of each program (the first of the
    program among the 15-member cooperatives), each without and with
    ``.explain()``.
    """
    # credit_kb applications are rare: 50,000 cooperatives hold one on a
    # 15-member cooperative
    register = generate(50_000, seed=11)
    counts = register.member_counts()
    coops, apps = register.select(np.flatnonzero(counts == 15)).to_records()
    coop = coops[0]
    params = load_parameters()
    cases: list[tuple[str, Callable[[], object]]] = [
        ("cooperative results", lambda: decide(coop, on=ON, params=params)),
        (
            "cooperative results + explanation",
            lambda: decide(coop, on=ON, params=params).explain(),
        ),
    ]
    by_id = {c.coop_id: c for c in coops}
    for program in Program:
        app = next((a for a in apps if a.program is program), None)
        if app is None:  # pragma: no cover - the seed holds one of each
            _row(rows, f"one decision: {program.value} application", "none", "", "")
            continue
        owner = by_id[app.coop_id]
        cases.append(
            (
                f"{program.value} application",
                lambda owner=owner, app=app: decide(owner, app, params=params),
            )
        )
        cases.append(
            (
                f"{program.value} application + explanation",
                lambda owner=owner, app=app: decide(
                    owner, app, params=params
                ).explain(),
            )
        )
    for label, fn in cases:
        for _ in range(20):
            fn()
        times = []
        for _ in range(300):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        times.sort()
        p50, p99 = times[len(times) // 2], times[int(len(times) * 0.99)]
        _row(
            rows,
            f"one decision: {label}",
            "15-member cooperative",
            f"p50 {p50 * 1e6:,.0f} us",
            f"p99 {p99 * 1e6:,.0f} us; target p50 <= 15 us",
        )


def bench_import(rows: list[tuple[str, str, str, str]]) -> None:
    """``import coopmodel`` in a fresh interpreter (median of 5)."""
    times = []
    for _ in range(5):
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                (
                    "import time; t=time.perf_counter(); import coopmodel; "
                    "print(time.perf_counter()-t)"
                ),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(out.stdout))
    _row(
        rows,
        "import coopmodel (fresh interpreter)",
        "",
        f"{statistics.median(times) * 1000:.0f} ms",
        "target <= 150 ms",
    )


def main() -> None:
    """Run the benchmarks and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip 1M and 10M")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    rows: list[tuple[str, str, str, str]] = []
    register = bench_national(rows, repeat=args.repeat)
    bulk = float(rows[0][2].split()[0]) / 1000
    bench_scalar_loop(rows, register, bulk)
    bench_single(rows)
    bench_import(rows)
    if not args.quick:
        bench_scale(rows, 1_000_000, chunk=1_000_000, repeat=3)
        bench_scale(rows, 10_000_000, chunk=500_000, repeat=1)
    print(
        f"coopmodel benchmarks, {dt.datetime.now(tz=dt.UTC):%Y-%m-%d %H:%M} UTC; "
        f"{os.cpu_count()} cores, {_cpu_model()}; Python {platform.python_version()}, "
        f"numpy {np.__version__}; {default_threads()} threads for evaluate; "
        "medians after a warm-up"
    )
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    print(f"peak resident memory: {_peak_rss_mib():,.0f} MiB")


if __name__ == "__main__":
    main()
