"""Summary tables of a run, beside the report's own figures (rulebook Art. 8).

Used by ``coopmodel run``/``compare`` and by the HTML report. A table is plain data
(title, header, rows of text) so that the terminal and the HTML page render the same
numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import numpy as np

from coopmodel.records._enums import Program
from coopmodel.records._provinces import PROVINCES
from coopmodel.values._money import checked_sum

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from coopmodel.decisions import Comparison, Results
    from coopmodel.parameters import ParameterSet
    from coopmodel.register import Register

__all__ = [
    "REPORT",
    "Table",
    "comparison_tables",
    "render_text",
    "summary_tables",
    "tomans_text",
]

#: The report's figures that a run is compared with (rulebook Art. 4, 6, 7, 8 [report]).
REPORT: Mapping[str, int] = {
    "active_cooperatives": 95_000,
    "employment_cooperatives": 180,
    "employment_jobs": 3_500,
    "employment_tomans": 276_000_000_000,
    "kb_envelope_tomans": 50_000_000_000,
    "wyd_envelope_tomans": 200_000_000_000,
    "wage_subsidy_cooperatives": 518,
    "wage_subsidy_hires": 2_448,
    "incentive_cooperatives": 733,
    "incentive_hires": 4_435,
}


@attrs.frozen
class Table:
    """One summary table: a title, a header and rows of already formatted cells."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def tomans_text(rials: int) -> str:
    """Format rials as tomans in billions, e.g. ``276.0 bn tomans``.

    >>> tomans_text(2_760_000_000_000)
    '276.0 bn'
    """
    return f"{rials / 10 / 1e9:,.1f} bn"


def _total(column: np.ndarray, mask: np.ndarray | None = None) -> int:
    values = column if mask is None else column[mask]
    return checked_sum(values.astype(np.int64), op="summary total")


def _count(mask: np.ndarray) -> int:
    return int(np.count_nonzero(mask))


def _n(value: int) -> str:
    return f"{value:,}"


def summary_tables(
    register: Register, results: Results, params: ParameterSet
) -> tuple[Table, ...]:
    """Return the per-program summary tables of one run."""
    coops = results.cooperatives
    apps = results.applications
    status = register.cooperatives.status
    tables = [
        Table(
            "Register",
            ("measure", "model", "report"),
            (
                ("cooperatives", _n(register.n_cooperatives), ""),
                (
                    "active cooperatives",
                    _n(_count(status == 0)),
                    _n(REPORT["active_cooperatives"]),
                ),
                ("counted members", _n(_total(coops["members"])), ""),
                *(
                    (label, _n(_count(coops[name])), "")
                    for label, name in (
                        ("women's cooperatives", "is_women"),
                        ("youth cooperatives", "is_youth"),
                        ("disabled cooperatives", "is_disabled"),
                        ("knowledge-based cooperatives", "is_knowledge_based"),
                        ("low-income cooperatives", "is_low_income"),
                    )
                ),
            ),
        ),
        _guarantee_table(coops, apps),
        _employment_table(register, apps),
    ]
    if "premium_employer" in coops:
        tables.append(_premium_table(coops))
    tables.append(_credit_table(apps, results, params))
    if "wage_subsidy_hires" in coops:
        tables.append(_hiring_table(coops))
    if "national_rank" in coops:
        tables.append(_top_table(register, coops))
    return tuple(tables)


def _top_table(register: Register, coops: Mapping[str, np.ndarray]) -> Table:
    """The national top list (Art. 7.5), best first; the score is out of 10,000."""
    rank = coops["national_rank"]
    rows = np.flatnonzero(rank > 0)
    rows = rows[np.argsort(rank[rows], kind="stable")]
    province = register.cooperatives.province
    ranked = np.count_nonzero(coops["province_rank"] > 0)
    return Table(
        f"Top cooperatives, national list (Art. 7.5; {ranked:,} ranked in provinces)",
        ("rank", "coop_id", "province", "members", "score of 10,000"),
        tuple(
            (
                str(int(rank[i])),
                f"{int(coops['coop_id'][i]):011d}",
                PROVINCES[int(province[i])].name_en,
                _n(int(coops["members"][i])),
                _n(int(coops["score"][i])),
            )
            for i in rows
        ),
    )


def _program_rows(apps: Mapping[str, np.ndarray], program: Program) -> np.ndarray:
    return np.asarray(apps["program"] == list(Program).index(program))


def _guarantee_table(
    coops: Mapping[str, np.ndarray], apps: Mapping[str, np.ndarray]
) -> Table:
    rows = _program_rows(apps, Program.GUARANTEE)
    eligible = rows & apps["eligible"]
    return Table(
        "Guarantee ceilings (Art. 3)",
        ("measure", "model"),
        (
            ("eligible cooperatives", _n(_count(coops["guarantee_eligible"]))),
            *(
                (f"total {kind} ceiling, tomans", tomans_text(_total(coops[name])))
                for kind, name in (
                    ("loan", "ceiling_loan"),
                    ("bid", "ceiling_bid"),
                    ("performance", "ceiling_performance"),
                    ("advance payment", "ceiling_advance_payment"),
                )
            ),
            ("applications", _n(_count(rows))),
            ("approved applications", _n(_count(eligible))),
            ("approved, tomans", tomans_text(_total(apps["approved"], rows))),
            ("fees, tomans", tomans_text(_total(apps["fee"], rows))),
        ),
    )


def _employment_table(register: Register, apps: Mapping[str, np.ndarray]) -> Table:
    rows = _program_rows(apps, Program.EMPLOYMENT)
    eligible = rows & apps["eligible"]
    jobs = register.applications.jobs_committed.astype(np.int64)
    return Table(
        "Employment-linked financing (Art. 4)",
        ("measure", "model", "report"),
        (
            ("applications", _n(_count(rows)), ""),
            (
                "financed cooperatives",
                _n(_count(eligible)),
                _n(REPORT["employment_cooperatives"]),
            ),
            ("jobs", _n(_total(jobs, eligible)), _n(REPORT["employment_jobs"])),
            (
                "approved, tomans",
                tomans_text(_total(apps["approved"], rows)),
                tomans_text(REPORT["employment_tomans"] * 10),
            ),
            (
                "interest subsidy, tomans",
                tomans_text(_total(apps["subsidy"], rows)),
                "",
            ),
        ),
    )


def _premium_table(coops: Mapping[str, np.ndarray]) -> Table:
    discounted = coops["premium_discount"] > 0
    return Table(
        "Insurance premium discount, month of `on` (Art. 5)",
        ("measure", "model"),
        (
            ("employee share, tomans", tomans_text(_total(coops["premium_employee"]))),
            ("employer share, tomans", tomans_text(_total(coops["premium_employer"]))),
            (
                "unemployment insurance, tomans",
                tomans_text(_total(coops["premium_unemployment"])),
            ),
            (
                "government share, tomans",
                tomans_text(_total(coops["premium_government"])),
            ),
            ("cooperatives with a discount", _n(_count(discounted))),
            ("discount, tomans", tomans_text(_total(coops["premium_discount"]))),
        ),
    )


def _credit_table(
    apps: Mapping[str, np.ndarray], results: Results, params: ParameterSet
) -> Table:
    body = []
    for program, line, report_key in (
        (Program.CREDIT_KB, "kb", "kb_envelope_tomans"),
        (Program.CREDIT_WYD, "wyd", "wyd_envelope_tomans"),
    ):
        rows = _program_rows(apps, program)
        eligible = rows & apps["eligible"]
        year = params.value(f"credit_line.{line}.fiscal_year", results.on)
        from coopmodel.values._calendar import fiscal_year_start  # noqa: PLC0415

        envelope = params.value(f"credit_line.{line}.envelope", fiscal_year_start(year))
        grants = _total(apps["grant"], eligible)
        allocated = _total(apps["allocated"], rows)
        funded = _count(rows & (apps["allocated"] > 0))
        use = f"{100 * allocated / envelope:.1f} %" if envelope else "-"
        body.append(
            (
                line.upper(),
                _n(_count(rows)),
                _n(_count(eligible)),
                tomans_text(grants),
                tomans_text(envelope),
                tomans_text(REPORT[report_key] * 10),
                tomans_text(allocated),
                _n(funded),
                use,
            )
        )
    return Table(
        "Credit lines with a budget envelope (Art. 6)",
        (
            "line",
            "applications",
            "eligible",
            "grants, tomans",
            "envelope",
            "report envelope",
            "allocated",
            "funded",
            "envelope used",
        ),
        tuple(body),
    )


def _hiring_table(coops: Mapping[str, np.ndarray]) -> Table:
    rows = [
        (
            "wage subsidy: cooperatives",
            _n(_count(coops["wage_subsidy_hires"] > 0)),
            _n(REPORT["wage_subsidy_cooperatives"]),
        ),
        (
            "wage subsidy: subsidised hires",
            _n(_total(coops["wage_subsidy_hires"])),
            _n(REPORT["wage_subsidy_hires"]),
        ),
        (
            "wage subsidy this month, tomans",
            tomans_text(_total(coops["wage_subsidy_monthly"])),
            "",
        ),
    ]
    if "incentive_hires" in coops:
        rows += [
            (
                "hiring incentive: cooperatives",
                _n(_count(coops["incentive_hires"] > 0)),
                _n(REPORT["incentive_cooperatives"]),
            ),
            (
                "hiring incentive: incentivised hires",
                _n(_total(coops["incentive_hires"])),
                _n(REPORT["incentive_hires"]),
            ),
            (
                "hiring incentive this month, tomans",
                tomans_text(_total(coops["incentive_monthly"])),
                "",
            ),
        ]
    if "low_income_aid" in coops:
        rows.append(
            (
                "low-income aid, tomans",
                tomans_text(_total(coops["low_income_aid"])),
                "",
            )
        )
    return Table(
        "Wage subsidy, hiring incentive, low-income aid (Art. 7)",
        ("measure", "model", "report"),
        tuple(rows),
    )


def comparison_tables(comparison: Comparison) -> tuple[Table, ...]:
    """Return the columns that move between baseline and reform."""
    rows = []
    for change in comparison.changes():
        if not (change.gained or change.lost or change.change):
            continue
        money = change.column != "members" and not change.column.startswith(
            ("is_", "C", "G1", "guarantee_eligible", "eligible", "rank")
        )
        fmt = tomans_text if money and change.baseline > 10_000 else _n
        rows.append(
            (
                f"{change.table}.{change.column}",
                fmt(change.baseline),
                fmt(change.reform),
                fmt(change.change),
                _n(change.gained),
                _n(change.lost),
            )
        )
    return (
        Table(
            "What the reform moves",
            ("column", "baseline", "reform", "change", "rows up", "rows down"),
            tuple(rows) or (("nothing moves", "", "", "", "", ""),),
        ),
    )


def render_text(tables: Sequence[Table]) -> str:
    """Render tables as aligned plain text."""
    out = []
    for table in tables:
        widths = [len(h) for h in table.header]
        for row in table.rows:
            widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
        line = "  ".join("-" * w for w in widths)
        out.append(table.title)
        out.append(
            "  ".join(h.ljust(w) for h, w in zip(table.header, widths, strict=True))
        )
        out.append(line)
        for row in table.rows:
            cells = [
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ]
            out.append("  ".join(cells).rstrip())
        out.append("")
    return "\n".join(out)
