"""The command line, end to end through its real entry point (``python -m coopmodel``)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

SIZE = "1500"  # a small national register keeps these tests quick


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "coopmodel", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ([], "synth     write a synthetic register as input files"),
        (["run"], "--report"),
        (["evaluate"], "--skip-bad-rows"),
        (["explain"], "--coop-id"),
        (["compare"], "--reform"),
        (["params"], "--reform"),
        (["rules"], "--json"),
        (["schema"], "JSON Schemas"),
        (["synth"], "--jalali-dates"),
    ],
)
def test_every_command_has_help(command: list[str], expected: str) -> None:
    """--help exits 0 and lists the command's options."""
    result = _run(*command, "--help")
    assert result.returncode == 0
    assert expected in result.stdout


def test_run_prints_the_summary_beside_the_report(tmp_path: Path) -> None:
    """`run` prints each program's table with the report's figures and an HTML page."""
    report = tmp_path / "run.html"
    result = _run("run", "--size", SIZE, "--report", str(report))
    assert result.returncode == 0, result.stderr
    for title in (
        "Guarantee ceilings (Art. 3)",
        "Employment-linked financing (Art. 4)",
        "Credit lines with a budget envelope (Art. 6)",
    ):
        assert title in result.stdout
    assert "3,500" in result.stdout  # the report's jobs figure
    assert "evaluating every program ... done in" in result.stderr
    page = report.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert "KB line: allocation down the ranking" in page
    assert "WYD line: allocation down the ranking" in page
    assert "by province" in page
    # both credit lines have eligible applications in this register: each gets a chart
    assert "no eligible application" not in page
    assert page.count("<svg") >= 3
    assert "http://" not in page
    assert "https://" not in page
    assert "<script" not in page


def test_synth_then_evaluate_writes_the_column_contract(tmp_path: Path) -> None:
    """CSV files with Jalali dates round-trip through synth and evaluate."""
    data = tmp_path / "in"
    assert _run("synth", "--size", "300", "--out", str(data), "--format", "csv",
                "--jalali-dates", "--quiet").returncode == 0  # fmt: skip
    with (data / "cooperatives.csv").open() as f:
        first = next(csv.DictReader(f))
    assert first["registered_on"].startswith("13")  # a Jalali year
    out = tmp_path / "out"
    result = _run(
        "evaluate",
        "--cooperatives", str(data / "cooperatives.csv"),
        "--members", str(data / "members.csv"),
        "--applications", str(data / "applications.csv"),
        "--on", "1399/06/15",
        "--out", str(out),
        "--quiet",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    coops = pq.read_table(out / "cooperatives.parquet")
    apps = pq.read_table(out / "applications.parquet")
    assert coops.num_rows >= 300
    for column in ("coop_id", "members", "C1", "G1", "ceiling_loan", "failed"):
        assert column in coops.column_names
    for column in ("coop_id", "program", "eligible", "failed", "approved", "rank"):
        assert column in apps.column_names


def test_bad_rows_are_reported_with_a_non_zero_exit(tmp_path: Path) -> None:
    """A bad national code: exit 3 and nothing written; skipping: exit 4 and reasons."""
    data = tmp_path / "in"
    assert _run("synth", "--size", "300", "--out", str(data), "--format", "csv",
                "--quiet").returncode == 0  # fmt: skip
    with (data / "members.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    rows[0]["national_code"] = "0684159415"  # fails its check digit
    with (data / "members.csv").open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    args = [
        "evaluate",
        "--cooperatives", str(data / "cooperatives.csv"),
        "--members", str(data / "members.csv"),
        "--quiet",
    ]  # fmt: skip
    refused = _run(*args, "--out", str(tmp_path / "a"))
    assert refused.returncode == 3
    assert "national_code" in refused.stderr
    assert "members row 0" in refused.stderr
    assert not (tmp_path / "a" / "cooperatives.parquet").exists()
    skipped = _run(*args, "--out", str(tmp_path / "b"), "--skip-bad-rows")
    assert skipped.returncode == 4
    rejected = pq.read_table(tmp_path / "b" / "rejected.parquet").to_pylist()
    assert any(r["field"] == "national_code" for r in rejected)
    assert (tmp_path / "b" / "cooperatives.parquet").exists()


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    """A file that does not exist: a message naming it and exit 3."""
    result = _run(
        "evaluate", "--cooperatives", str(tmp_path / "nope.parquet"),
        "--members", str(tmp_path / "nope2.parquet"), "--out", str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 3
    assert "nope.parquet" in result.stderr


def test_explain_shows_conditions_and_citations() -> None:
    """`explain` prints every condition with its values and article."""
    from coopmodel.synthetic import national_register  # noqa: PLC0415

    register = national_register(seed=1399, n_cooperatives=int(SIZE))
    coop_id = str(register.cooperatives.coop_id[0]).zfill(11)
    result = _run("explain", "--coop-id", coop_id, "--program", "cooperative",
                  "--size", SIZE)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "C2 quorum" in result.stdout
    assert "(Art. 2.5)" in result.stdout
    persian = _run("explain", "--coop-id", coop_id, "--program", "guarantee",
                   "--size", SIZE, "--lang", "fa")  # fmt: skip
    assert persian.returncode == 0, persian.stderr
    assert "ماده" in persian.stdout
    unknown = _run("explain", "--coop-id", "10380284790", "--program", "guarantee",
                   "--size", SIZE)  # fmt: skip
    assert unknown.returncode == 3
    assert "not in the register" in unknown.stderr


def test_compare_shows_what_the_bundled_reform_moves(tmp_path: Path) -> None:
    """The 75 % ceiling rise raises ceilings in 1398 and the page has its charts."""
    report = tmp_path / "compare.html"
    result = _run("compare", "--size", SIZE, "--report", str(report), "--quiet")
    assert result.returncode == 0, result.stderr
    assert "cooperatives.ceiling_bid" in result.stdout
    assert "<svg" in report.read_text()


def test_params_rules_and_schema() -> None:
    """The parameter table, the rule catalogue (text, JSON) and the schemas print."""
    params = _run("params")
    assert params.returncode == 0
    assert "guarantee.cap.loan" in params.stdout
    assert "17,500,000,000" in params.stdout
    rules = _run("rules")
    assert "C2  Art. 2.5  quorum" in rules.stdout
    exported = json.loads(_run("rules", "--json").stdout)
    assert "guarantee" in exported["applications"]
    schemas = json.loads(_run("schema").stdout)
    assert "coop_id" in schemas["Cooperative"]["properties"]
