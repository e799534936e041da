"""A self-contained HTML report: summary tables and inline SVG charts, no network.

The page embeds everything (styles and SVG), so it opens as a single file anywhere.
Charts: each credit line's allocation down the ranking against its envelope,
eligibility by province, and (for a comparison) how the reform moves ceilings.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING

import numpy as np

from coopmodel.records._enums import Program
from coopmodel.records._provinces import PROVINCES

if TYPE_CHECKING:
    from collections.abc import Sequence

    from coopmodel._summary import Table
    from coopmodel.decisions import Comparison, Results
    from coopmodel.parameters import ParameterSet
    from coopmodel.register import Register

__all__ = ["compare_report", "run_report"]

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em}
table{border-collapse:collapse;margin:.5em 0}
td,th{border-bottom:1px solid #ddd;padding:.25em .8em;text-align:right}
td:first-child,th:first-child{text-align:left}
th{background:#f4f4f4}
svg{background:#fff;border:1px solid #eee;margin:.5em 0}
.note{color:#666;font-size:.9em}
"""
_W, _H, _PAD = 900, 320, 60


def _esc(text: object) -> str:
    return html.escape(str(text))


def _table_html(table: Table) -> str:
    head = "".join(f"<th>{_esc(h)}</th>" for h in table.header)
    body = "".join(
        "<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in row) + "</tr>"
        for row in table.rows
    )
    return f"<h2>{_esc(table.title)}</h2><table><tr>{head}</tr>{body}</table>"


def _bars(title: str, labels: Sequence[str], values: Sequence[float], unit: str) -> str:
    """Return a vertical bar chart as inline SVG."""
    top = max([*values, 1])
    n = max(len(values), 1)
    step = (_W - 2 * _PAD) / n
    parts = [
        (
            f'<svg viewBox="0 0 {_W} {_H + 80}" width="{_W}" role="img" '
            f'aria-label="{_esc(title)}"><title>{_esc(title)}</title>'
        ),
        f'<text x="{_PAD}" y="20" font-size="14">{_esc(title)}</text>',
        f'<line x1="{_PAD}" y1="{_H}" x2="{_W - _PAD}" y2="{_H}" stroke="#999"/>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = (_H - 40) * value / top
        x = _PAD + i * step
        parts.append(
            f'<rect x="{x + 2:.1f}" y="{_H - h:.1f}" width="{step - 4:.1f}" '
            f'height="{h:.1f}" fill="#3b7dd8"><title>{_esc(label)}: '
            f"{value:,.0f} {_esc(unit)}</title></rect>"
        )
        parts.append(
            f'<text x="{x + step / 2:.1f}" y="{_H + 12}" font-size="9" '
            f'transform="rotate(60 {x + step / 2:.1f} {_H + 12})">{_esc(label)}</text>'
        )
    parts.append(
        f'<text x="{_PAD - 5}" y="45" font-size="10" text-anchor="end">'
        f"{top:,.0f}</text></svg>"
    )
    return "".join(parts)


def _allocation_chart(
    title: str, grants: np.ndarray, allocated: np.ndarray, envelope: int
) -> str:
    """Return cumulative grants and allocation down the ranking against the envelope."""
    if len(grants) == 0:
        return f"<p class='note'>{_esc(title)}: no eligible application.</p>"
    cum_grants = np.cumsum(grants / 10 / 1e9)
    cum_alloc = np.cumsum(allocated / 10 / 1e9)
    env = envelope / 10 / 1e9
    top = max(float(cum_grants[-1]), env) * 1.05
    n = len(grants)

    def point(i: int, v: float) -> str:
        x = _PAD + (_W - 2 * _PAD) * (i + 1) / n
        y = _H - (_H - 40) * v / top
        return f"{x:.1f},{y:.1f}"

    grant_line = " ".join(point(i, float(v)) for i, v in enumerate(cum_grants))
    alloc_line = " ".join(point(i, float(v)) for i, v in enumerate(cum_alloc))
    y_env = _H - (_H - 40) * env / top
    return (
        f'<svg viewBox="0 0 {_W} {_H + 40}" width="{_W}" role="img" '
        f'aria-label="{_esc(title)}"><title>{_esc(title)}</title>'
        f'<text x="{_PAD}" y="20" font-size="14">{_esc(title)}</text>'
        f'<line x1="{_PAD}" y1="{_H}" x2="{_W - _PAD}" y2="{_H}" stroke="#999"/>'
        f'<line x1="{_PAD}" y1="{y_env:.1f}" x2="{_W - _PAD}" y2="{y_env:.1f}" '
        f'stroke="#d33" stroke-dasharray="6 4"/>'
        f'<text x="{_W - _PAD}" y="{y_env - 5:.1f}" font-size="11" fill="#d33" '
        f'text-anchor="end">envelope {env:,.1f} bn tomans</text>'
        f'<polyline points="{grant_line}" fill="none" stroke="#aaa" stroke-width="2"/>'
        f'<polyline points="{alloc_line}" fill="none" stroke="#3b7dd8" '
        f'stroke-width="3"/>'
        f'<text x="{_PAD}" y="{_H + 25}" font-size="11">rank 1 → {n:,} '
        f"(grey: cumulative grants asked; blue: cumulative allocation)</text></svg>"
    )


def _page(title: str, body: str) -> str:
    stamp = dt.date.today().isoformat()  # noqa: DTZ011 - a report's printing date
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{_esc(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{_esc(title)}</h1><p class='note'>coopmodel, printed {stamp}. Amounts in "
        f"tomans (1 toman = 10 rials).</p>{body}</body></html>"
    )


def _credit_charts(results: Results, params: ParameterSet) -> str:
    from coopmodel.values._calendar import fiscal_year_start  # noqa: PLC0415

    apps = results.applications
    parts = []
    for program, line in ((Program.CREDIT_KB, "kb"), (Program.CREDIT_WYD, "wyd")):
        rows = (apps["program"] == list(Program).index(program)) & apps["eligible"]
        order = np.argsort(apps["rank"][rows], kind="stable")
        year = params.value(f"credit_line.{line}.fiscal_year", results.on)
        envelope = params.value(f"credit_line.{line}.envelope", fiscal_year_start(year))
        parts.append(
            _allocation_chart(
                f"{line.upper()} line: allocation down the ranking",
                apps["grant"][rows][order],
                apps["allocated"][rows][order],
                envelope,
            )
        )
    return "".join(parts)


def _province_chart(register: Register, results: Results) -> str:
    eligible = results.cooperatives["guarantee_eligible"]
    province = register.cooperatives.province.astype(np.int64)
    counts = np.bincount(province[eligible], minlength=len(PROVINCES))  # counts only
    return _bars(
        "Cooperatives eligible for guarantees, by province",
        [p.name_en for p in PROVINCES],
        [float(c) for c in counts],
        "cooperatives",
    )


def run_report(
    register: Register,
    results: Results,
    params: ParameterSet,
    tables: Sequence[Table],
) -> str:
    """Return the HTML page of one run."""
    body = "".join(_table_html(t) for t in tables)
    body += "<h2>Charts</h2>" + _credit_charts(results, params)
    body += _province_chart(register, results)
    return _page(f"coopmodel run on {results.on.isoformat()}", body)


def compare_report(
    register: Register, comparison: Comparison, tables: Sequence[Table]
) -> str:
    """Return the HTML page of a comparison: what moves, and how ceilings move."""
    body = "".join(_table_html(t) for t in tables)
    kinds = ("loan", "bid", "performance", "advance_payment")
    before = [
        float(comparison.baseline.cooperatives[f"ceiling_{k}"].sum()) / 10 / 1e9
        for k in kinds
    ]
    after = [
        float(comparison.reform.cooperatives[f"ceiling_{k}"].sum()) / 10 / 1e9
        for k in kinds
    ]
    labels = [f"{k} baseline" for k in kinds] + [f"{k} reform" for k in kinds]
    body += "<h2>Charts</h2>" + _bars(
        "Total guarantee ceilings, baseline and reform (bn tomans)",
        labels,
        before + after,
        "bn tomans",
    )
    change = comparison.differences("cooperatives", "ceiling_loan")
    moved = change[change != 0]
    if len(moved):
        edges = np.linspace(0, float(moved.max()), 11)
        hist, _ = np.histogram(moved, bins=edges)
        body += _bars(
            "Cooperatives by rise of their loan ceiling (tomans)",
            [f"≤{e / 10:,.0f}" for e in edges[1:]],
            [float(h) for h in hist],
            "cooperatives",
        )
    else:
        body += "<p class='note'>No loan ceiling moves under this reform.</p>"
    body += _province_chart(register, comparison.baseline)
    return _page(f"coopmodel compare on {comparison.baseline.on.isoformat()}", body)
