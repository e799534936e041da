"""coopmodel: rules as code for the state's support programs for cooperatives.

Exact with money (whole rials), native to the Jalali calendar, and evaluated by two
interpreters that agree: pure Python for one decision, numpy for a whole register.
"""

from __future__ import annotations

from coopmodel._errors import (
    AmountParseError,
    BulkLoadError,
    CoopModelError,
    ExpressionTypeError,
    IntegerOverflowError,
    InvalidDateError,
    InvalidRecordError,
    ParameterError,
    ParameterLookupError,
    RowProblem,
)
from coopmodel.decisions import (
    Comparison,
    Decision,
    Results,
    compare,
    decide,
    evaluate,
)
from coopmodel.parameters import ParameterSet, load_parameters
from coopmodel.records import Application, Cooperative, Member
from coopmodel.register import Register

__version__ = "0.1.0.dev0"

__all__ = [
    "AmountParseError",
    "Application",
    "BulkLoadError",
    "Comparison",
    "CoopModelError",
    "Cooperative",
    "Decision",
    "ExpressionTypeError",
    "IntegerOverflowError",
    "InvalidDateError",
    "InvalidRecordError",
    "Member",
    "ParameterError",
    "ParameterLookupError",
    "ParameterSet",
    "Register",
    "Results",
    "RowProblem",
    "__version__",
    "compare",
    "decide",
    "evaluate",
    "load_parameters",
]
