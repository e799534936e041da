"""Decisions: one explained decision, bulk result tables, and reform comparisons."""

from coopmodel.decisions._compare import Change, Comparison, compare
from coopmodel.decisions._decide import Decision, decide
from coopmodel.decisions._evaluate import Results, evaluate
from coopmodel.decisions._outcome import (
    CODES,
    BulkOutcome,
    Outcome,
    check,
    check_bulk,
    decode_failed,
)

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
    "evaluate",
]
