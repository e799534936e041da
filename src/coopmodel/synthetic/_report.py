"""The synthetic register's modelled outcomes beside the report's figures (Art. 8)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import numpy as np

from coopmodel.records._enums import Program
from coopmodel.synthetic._calibration import REPORT_FIGURES, REPORT_ON
from coopmodel.values._money import checked_sum

if TYPE_CHECKING:
    from coopmodel.decisions import Results
    from coopmodel.parameters import ParameterSet
    from coopmodel.register import Register
    from coopmodel.values._calendar import DateLike

__all__ = ["ReportRow", "compare_with_report", "comparison_markdown"]


@attrs.frozen
class ReportRow:
    """One measure: the model's value and the report's, where each exists.

    ``model`` is ``None`` when the program is not in the catalogue yet; ``report``
    is ``None`` for a measure the report does not give.
    """

    measure: str
    article: str
    model: int | None
    report: int | None

    @property
    def ratio_bp(self) -> int | None:
        """Return the model as a share of the report in basis points, if both exist.

        >>> ReportRow("jobs", "4", 3_325, 3_500).ratio_bp
        9500
        """
        if self.model is None or not self.report:
            return None
        return self.model * 10_000 // self.report


def _program(results: Results, program: Program) -> np.ndarray:
    return np.asarray(results.applications["program"] == list(Program).index(program))


def _sum(values: np.ndarray) -> int:
    return checked_sum(np.asarray(values, dtype=np.int64), op="report total")


def compare_with_report(
    register: Register,
    *,
    on: DateLike = REPORT_ON,
    params: ParameterSet | None = None,
) -> tuple[ReportRow, ...]:
    """Evaluate every program and set its outcomes beside the report's figures.

    Only programs in the catalogue are evaluated; the rows of the others have no
    model value.

    Args:
        register: Any register; the figures are the report's national ones.
        on: The evaluation day (default: 1399-06-15).
        params: The parameters (default: the bundled ones).

    Returns:
        The rows, in the order of the rulebook's articles.
    """
    from coopmodel.decisions import evaluate  # noqa: PLC0415 - decisions sit above us
    from coopmodel.programs._catalogue import APPLICATION_PROGRAMS  # noqa: PLC0415

    results = evaluate(register, on=on, params=params)
    coops = results.cooperatives
    apps = results.applications
    eligible = np.asarray(apps["eligible"], dtype=bool)
    jobs = register.applications.jobs_committed
    rows = [
        ReportRow(
            "active cooperatives",
            "8",
            int(np.count_nonzero(register.cooperatives.status == 0)),
            REPORT_FIGURES["active_cooperatives"],
        ),
        ReportRow("counted members", "2.1", _sum(coops["members"]), None),
    ]
    has_employment = Program.EMPLOYMENT in APPLICATION_PROGRAMS
    financed = _program(results, Program.EMPLOYMENT) & eligible
    rows += [
        ReportRow(
            "employment: financed cooperatives",
            "4",
            int(np.count_nonzero(financed)) if has_employment else None,
            REPORT_FIGURES["employment_cooperatives"],
        ),
        ReportRow(
            "employment: jobs",
            "4",
            _sum(jobs[financed]) if has_employment else None,
            REPORT_FIGURES["employment_jobs"],
        ),
        ReportRow(
            "employment: approved, rials",
            "4.3",
            _sum(apps["approved"][financed]) if has_employment else None,
            REPORT_FIGURES["employment_approved"],
        ),
    ]
    for program, line in ((Program.CREDIT_KB, "kb"), (Program.CREDIT_WYD, "wyd")):
        present = program in APPLICATION_PROGRAMS
        mine = _program(results, program)
        rows += [
            ReportRow(
                f"{line.upper()}: eligible grants against the envelope, rials",
                "6.2",
                _sum(apps["grant"][mine & eligible]) if present else None,
                REPORT_FIGURES[f"{line}_envelope"],
            ),
            ReportRow(
                f"{line.upper()}: allocated, rials",
                "6.3",
                _sum(apps["allocated"][mine]) if present else None,
                REPORT_FIGURES[f"{line}_envelope"],
            ),
        ]
    for label, column, article, key in (
        ("wage subsidy", "wage_subsidy_hires", "7.2", "wage_subsidy"),
        ("incentive", "incentive_hires", "7.3", "incentive"),
    ):
        present = column in coops
        hires = np.asarray(coops[column]) if present else np.zeros(0, np.int64)
        rows += [
            ReportRow(
                f"{label}: cooperatives",
                article,
                int(np.count_nonzero(hires)) if present else None,
                REPORT_FIGURES[f"{key}_cooperatives"],
            ),
            ReportRow(
                f"{label}: hires",
                article,
                _sum(hires) if present else None,
                REPORT_FIGURES[f"{key}_hires"],
            ),
        ]
    return tuple(rows)


def comparison_markdown(rows: tuple[ReportRow, ...]) -> str:
    """Return the rows as a Markdown table: measure, article, model, report, ratio.

    >>> print(comparison_markdown((ReportRow("jobs", "4", 3_325, 3_500),)))
    | measure | Art. | model | report | model / report |
    |---|---|--:|--:|--:|
    | jobs | 4 | 3,325 | 3,500 | 95.0 % |
    """
    lines = [
        "| measure | Art. | model | report | model / report |",
        "|---|---|--:|--:|--:|",
    ]
    for row in rows:
        model = "not in the catalogue" if row.model is None else f"{row.model:,}"
        report = "" if row.report is None else f"{row.report:,}"
        ratio = row.ratio_bp
        share = "" if ratio is None else f"{ratio // 100}.{ratio % 100 // 10} %"
        lines.append(
            f"| {row.measure} | {row.article} | {model} | {report} | {share} |"
        )
    return "\n".join(lines)
