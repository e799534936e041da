"""Decisions: one explained decision, bulk result tables, and reform comparisons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coopmodel._lazy import attach

if TYPE_CHECKING:
    from coopmodel.decisions._compare import Change, Comparison, compare
    from coopmodel.decisions._decide import Decision, decide
    from coopmodel.decisions._evaluate import Results, default_threads, evaluate
    from coopmodel.decisions._outcome import (
        CODES,
        BulkOutcome,
        Outcome,
        check,
        check_bulk,
        decode_failed,
    )

#: Where each public name lives: its module is imported when the name is first read.
_EXPORTS = {
    "Change": "coopmodel.decisions._compare",
    "Comparison": "coopmodel.decisions._compare",
    "compare": "coopmodel.decisions._compare",
    "Decision": "coopmodel.decisions._decide",
    "decide": "coopmodel.decisions._decide",
    "Results": "coopmodel.decisions._evaluate",
    "evaluate": "coopmodel.decisions._evaluate",
    "default_threads": "coopmodel.decisions._evaluate",
    "CODES": "coopmodel.decisions._outcome",
    "BulkOutcome": "coopmodel.decisions._outcome",
    "Outcome": "coopmodel.decisions._outcome",
    "check": "coopmodel.decisions._outcome",
    "check_bulk": "coopmodel.decisions._outcome",
    "decode_failed": "coopmodel.decisions._outcome",
}

__getattr__, __dir__ = attach(__name__, _EXPORTS)

__all__ = [
    "CODES",
    "BulkOutcome",
    "Change",
    "Comparison",
    "Decision",
    "Outcome",
    "Results",
    "check",
    "check_bulk",
    "compare",
    "decide",
    "decode_failed",
    "default_threads",
    "evaluate",
]
