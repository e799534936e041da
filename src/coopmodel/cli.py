"""The ``coopmodel`` command line.

Exit codes: 0 success; 2 bad usage (argparse); 3 bad input, nothing written; 4 results
written, but some input rows were rejected (``--skip-bad-rows``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from coopmodel._errors import BulkLoadError, CoopModelError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from coopmodel.parameters import ParameterSet
    from coopmodel.register import LoadResult, Register

__all__ = ["main", "run_cli"]

DEFAULT_ON = "1399-06-15"  # the middle of FY 1399, the report's year
BASELINE_ON = "1398-06-15"  # the bundled reform is seen on a day before 1399
EXIT_BAD_INPUT = 3
EXIT_REJECTED_ROWS = 4


def _out(text: str = "", stream: TextIO | None = None) -> None:
    (stream or sys.stdout).write(text + "\n")


@contextlib.contextmanager
def _step(label: str, *, quiet: bool = False) -> Iterator[None]:
    """Show progress of a long step on stderr: the label, then its time."""
    if not quiet:
        sys.stderr.write(f"{label} ...")
        sys.stderr.flush()
    start = time.perf_counter()
    yield
    if not quiet:
        sys.stderr.write(f" done in {time.perf_counter() - start:.2f} s\n")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coopmodel",
        description=(
            "Rules as code for the state's support programs for cooperatives: "
            "who is eligible, for how much, and why."
        ),
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser(
        "run",
        help="evaluate every program on the built-in national register",
        description=(
            "Build the synthetic national register, evaluate every program at a date "
            "and print per-program summary tables beside the report's figures."
        ),
    )
    run.add_argument("--on", default=DEFAULT_ON, help=f"date (default {DEFAULT_ON})")
    run.add_argument("--seed", type=int, default=1399, help="register seed")
    run.add_argument(
        "--size", type=int, default=None, help="cooperatives of every status"
    )
    run.add_argument("--report", type=Path, help="also write an HTML report here")
    run.add_argument("--quiet", action="store_true", help="no progress on stderr")

    ev = sub.add_parser(
        "evaluate",
        help="evaluate your own Parquet or CSV files",
        description=(
            "Evaluate every program on your files and write cooperatives.parquet and "
            "applications.parquet (and proposals.parquet) to --out. Bad rows are "
            "reported and nothing is written (exit 3), unless --skip-bad-rows: then "
            "rejected.parquet lists them with reasons (exit 4)."
        ),
    )
    ev.add_argument("--cooperatives", type=Path, required=True)
    ev.add_argument("--members", type=Path, required=True)
    ev.add_argument("--applications", type=Path)
    ev.add_argument("--proposals", type=Path, help="formation proposals (Art. 7.4)")
    ev.add_argument("--founders", type=Path, help="founders of the proposals")
    ev.add_argument("--on", default=DEFAULT_ON, help=f"date (default {DEFAULT_ON})")
    ev.add_argument("--out", type=Path, required=True, help="output directory")
    ev.add_argument("--skip-bad-rows", action="store_true")
    ev.add_argument("--reform", type=Path, help="a reform YAML file")
    ev.add_argument("--quiet", action="store_true")

    ex = sub.add_parser(
        "explain",
        help="one cooperative's decision with every condition and citation",
        description=(
            "Explain one decision on the built-in register: a program's application "
            "(decided on its own date), or the cooperative's own results (--program "
            "cooperative, on --on)."
        ),
    )
    ex.add_argument("--coop-id", required=True)
    ex.add_argument(
        "--program",
        required=True,
        choices=["cooperative", "guarantee", "employment", "credit_kb", "credit_wyd"],
    )
    ex.add_argument("--lang", choices=["en", "fa"], default="en")
    ex.add_argument("--on", default=DEFAULT_ON)
    ex.add_argument("--seed", type=int, default=1399)
    ex.add_argument("--size", type=int, default=None)

    cmp = sub.add_parser(
        "compare",
        help="baseline against a reform over the national register",
        description=(
            "Compare the baseline parameters with a reform over the built-in register. "
            "Without --reform, the bundled example puts the report's 75 % rise of the "
            f"guarantee caps in force from 1396 and compares on {BASELINE_ON}."
        ),
    )
    cmp.add_argument("--reform", type=Path, help="a reform YAML file")
    cmp.add_argument("--on", default=None, help=f"date (default {DEFAULT_ON})")
    cmp.add_argument("--seed", type=int, default=1399)
    cmp.add_argument("--size", type=int, default=None)
    cmp.add_argument("--report", type=Path, help="also write an HTML report here")
    cmp.add_argument("--quiet", action="store_true")

    pr = sub.add_parser(
        "params",
        help="the dated parameter table with sources",
        description="Print every parameter with its dated values, unit, article and "
        "source (report, sourced or illustrative).",
    )
    pr.add_argument("--reform", type=Path, help="show a reform applied")

    rules = sub.add_parser(
        "rules",
        help="the rule catalogue",
        description="Print every condition and output with its article and rule "
        "expression, or the JSON export that other systems can read.",
    )
    rules.add_argument("--json", action="store_true", help="the JSON export")

    sub.add_parser(
        "schema",
        help="the records' JSON Schemas",
        description="Print the JSON Schemas of Cooperative, Member and Application.",
    )

    syn = sub.add_parser(
        "synth",
        help="write a synthetic register as input files",
        description="Write a synthetic register of a given size as Parquet or CSV "
        "files (cooperatives, members, applications), the input of `evaluate`.",
    )
    syn.add_argument(
        "--size", type=int, default=109_250, help="cooperatives of every status"
    )
    syn.add_argument("--seed", type=int, default=1399)
    syn.add_argument("--out", type=Path, required=True)
    syn.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    syn.add_argument("--jalali-dates", action="store_true", help="CSV dates in Jalali")
    syn.add_argument("--quiet", action="store_true")
    return parser


def run_cli(argv: list[str]) -> int:
    """Run one command; return the exit code."""
    args = _parser().parse_args(argv)
    try:
        handler = _HANDLERS[args.command]
        return handler(args)
    except BulkLoadError as err:
        _out(f"coopmodel: {err}", sys.stderr)
        return EXIT_BAD_INPUT
    except (CoopModelError, FileNotFoundError) as err:
        _out(f"coopmodel: {err}", sys.stderr)
        return EXIT_BAD_INPUT


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``coopmodel`` script."""
    return run_cli(sys.argv[1:] if argv is None else argv)


def _params(reform: Path | None) -> ParameterSet:
    from coopmodel.parameters import load_parameters  # noqa: PLC0415

    params = load_parameters()
    return params if reform is None else params.with_reform(reform)


def _national(seed: int, size: int | None, *, quiet: bool) -> Register:
    from coopmodel.synthetic import national_register  # noqa: PLC0415

    with _step("building the national register", quiet=quiet):
        if size is None:
            return national_register(seed=seed)
        return national_register(seed=seed, n_cooperatives=size)


def _cmd_run(args: argparse.Namespace) -> int:
    from coopmodel._summary import render_text, summary_tables  # noqa: PLC0415
    from coopmodel.decisions import evaluate  # noqa: PLC0415

    params = _params(None)
    register = _national(args.seed, args.size, quiet=args.quiet)
    with _step("evaluating every program", quiet=args.quiet):
        results = evaluate(register, on=args.on, params=params)
    tables = summary_tables(register, results, params)
    _out(f"coopmodel run on {args.on}: {register.n_cooperatives:,} cooperatives")
    _out()
    _out(render_text(tables))
    if args.report is not None:
        from coopmodel._html import run_report  # noqa: PLC0415

        args.report.write_text(run_report(register, results, params, tables))
        _out(f"report written to {args.report}")
    return 0


def _load(args: argparse.Namespace) -> Register | LoadResult:
    from coopmodel.register import Register  # noqa: PLC0415

    paths = [args.cooperatives, args.members, args.applications]
    csv = all(p is None or p.suffix.lower() == ".csv" for p in paths)
    loader = Register.from_csv if csv else Register.from_parquet
    with _step("loading the input files", quiet=args.quiet):
        loaded: Register | LoadResult = loader(
            cooperatives=args.cooperatives,
            members=args.members,
            applications=args.applications,
            skip_bad_rows=args.skip_bad_rows,
        )
    return loaded


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from coopmodel.decisions import evaluate  # noqa: PLC0415
    from coopmodel.register import LoadResult  # noqa: PLC0415

    params = _params(args.reform)
    loaded = _load(args)
    rejected = None
    if isinstance(loaded, LoadResult):
        register, rejected = loaded.register, loaded.rejected
    else:
        register = loaded
    with _step("evaluating every program", quiet=args.quiet):
        results = evaluate(register, on=args.on, params=params)
    args.out.mkdir(parents=True, exist_ok=True)
    written = list(results.write_parquet(args.out).values())
    written += _proposals(args, params)
    code = 0
    if rejected is not None and rejected.problems:
        path = args.out / "rejected.parquet"
        rejected.write_parquet(path)
        written.append(path)
        _out(f"{len(rejected.problems)} problem(s) in rejected rows:", sys.stderr)
        for problem in rejected.problems[:20]:
            _out(f"  {problem}", sys.stderr)
        code = EXIT_REJECTED_ROWS
    for path in written:
        _out(f"wrote {path}")
    return code


def _proposals(args: argparse.Namespace, params: ParameterSet) -> list[Path]:
    if args.proposals is None:
        return []
    from coopmodel.programs import _formation  # noqa: PLC0415

    table = _formation.load_proposals(proposals=args.proposals, founders=args.founders)
    path = args.out / "proposals.parquet"
    _formation.evaluate_proposals(table, params=params).write_parquet(path)
    return [path]


def _find(register: Register, coop_id: str) -> int:
    from coopmodel.values._ids import normalize_coop_id  # noqa: PLC0415

    wanted = int(normalize_coop_id(coop_id))
    import numpy as np  # noqa: PLC0415

    rows = np.flatnonzero(register.cooperatives.coop_id == wanted)
    if len(rows) == 0:
        msg = f"coop_id={coop_id!r} is not in the register"
        raise CoopModelError(msg)
    return int(rows[0])


def _cmd_explain(args: argparse.Namespace) -> int:
    import numpy as np  # noqa: PLC0415

    from coopmodel.decisions import decide  # noqa: PLC0415

    register = _national(args.seed, args.size, quiet=True)
    row = _find(register, args.coop_id)
    coops, apps = register.select(np.asarray([row])).to_records()
    coop = coops[0]
    if args.program == "cooperative":
        decision = decide(coop, on=args.on)
    else:
        matching = [a for a in apps if a.program.value == args.program]
        if not matching:
            decision = decide(coop, on=args.on)
            _out(
                f"coop {coop.coop_id} has no {args.program} application; "
                f"its own results on {args.on}:"
            )
        else:
            decision = decide(coop, matching[0])
    _out(decision.explain(args.lang))
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    from coopmodel._summary import comparison_tables, render_text  # noqa: PLC0415
    from coopmodel.decisions import compare  # noqa: PLC0415
    from coopmodel.parameters import bundled_file  # noqa: PLC0415

    baseline = _params(None)
    if args.reform is None:
        reform = baseline.with_reform(bundled_file("reform_ceiling_75.yaml"))
        on = args.on or BASELINE_ON
    else:
        reform = baseline.with_reform(args.reform)
        on = args.on or DEFAULT_ON
    register = _national(args.seed, args.size, quiet=args.quiet)
    with _step("evaluating baseline and reform", quiet=args.quiet):
        comparison = compare(register, baseline, reform, on=on)
    tables = comparison_tables(comparison)
    _out(f"coopmodel compare on {on}: {register.n_cooperatives:,} cooperatives")
    _out()
    _out(render_text(tables))
    if args.report is not None:
        from coopmodel._html import compare_report  # noqa: PLC0415

        args.report.write_text(compare_report(register, comparison, tables))
        _out(f"report written to {args.report}")
    return 0


def _cmd_params(args: argparse.Namespace) -> int:
    from coopmodel._summary import Table, render_text  # noqa: PLC0415

    params = _params(args.reform)
    rows = tuple(
        (
            r.name,
            r.start_jalali,
            f"{r.value:,}" if isinstance(r.value, int) else str(r.value),
            str(r.unit),
            r.article,
            str(r.source),
        )
        for r in params.to_table()
    )
    header = ("parameter", "from", "value", "unit", "article", "source")
    _out(render_text([Table("Parameters (Art. 2-7)", header, rows)]))
    return 0


def _cmd_rules(args: argparse.Namespace) -> int:
    from coopmodel.programs._catalogue import (  # noqa: PLC0415
        APPLICATION_PROGRAMS,
        COOPERATIVE_CONDITIONS,
        COOPERATIVE_OUTPUTS,
    )
    from coopmodel.rules._json import (  # noqa: PLC0415
        condition_to_json,
        expr_to_json,
    )

    if args.json:
        data = {
            "cooperative": {
                "conditions": [condition_to_json(c) for c in COOPERATIVE_CONDITIONS],
                "outputs": [
                    {"name": o.name, "article": o.article, "expr": expr_to_json(o.expr)}
                    for o in COOPERATIVE_OUTPUTS
                ],
            },
            "applications": {
                program.value: {
                    "article": spec.article,
                    "conditions": [condition_to_json(c) for c in spec.conditions],
                    "outputs": [
                        {
                            "name": o.name,
                            "article": o.article,
                            "expr": expr_to_json(o.expr),
                        }
                        for o in spec.outputs
                    ],
                }
                for program, spec in APPLICATION_PROGRAMS.items()
            },
        }
        _out(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    seen: set[str] = set()
    conditions = list(COOPERATIVE_CONDITIONS)
    for spec in APPLICATION_PROGRAMS.values():
        conditions.extend(spec.conditions)
    for c in conditions:
        if c.code in seen:
            continue
        seen.add(c.code)
        _out(f"{c.code}  Art. {c.article}  {c.title_en} / {c.title_fa}")
        _out(f"    {c.test}")
    for o in COOPERATIVE_OUTPUTS:
        if not o.name.startswith("_"):
            _out(f"{o.name}  Art. {o.article}  {o.description}")
    return 0


def _cmd_schema(_: argparse.Namespace) -> int:
    from coopmodel.records import Application, Cooperative, Member  # noqa: PLC0415

    schemas = {
        model.__name__: model.model_json_schema()
        for model in (Cooperative, Member, Application)
    }
    _out(json.dumps(schemas, ensure_ascii=False, indent=1))
    return 0


def _cmd_synth(args: argparse.Namespace) -> int:
    from coopmodel.synthetic import generate, write  # noqa: PLC0415

    with _step(f"generating {args.size:,} cooperatives", quiet=args.quiet):
        register = generate(args.size, seed=args.seed)
    with _step(f"writing {args.format} files", quiet=args.quiet):
        paths = write(
            register, args.out, format=args.format, jalali_dates=args.jalali_dates
        )
    for path in paths:
        _out(f"wrote {path}")
    return 0


_HANDLERS = {
    "run": _cmd_run,
    "evaluate": _cmd_evaluate,
    "explain": _cmd_explain,
    "compare": _cmd_compare,
    "params": _cmd_params,
    "rules": _cmd_rules,
    "schema": _cmd_schema,
    "synth": _cmd_synth,
}
