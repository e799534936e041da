"""coopmodel: rules as code for the state's support programs for cooperatives.

Exact with money (whole rials), native to the Jalali calendar, and evaluated by two
interpreters that agree: pure Python for one decision, numpy for a whole register.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coopmodel._lazy import attach

if TYPE_CHECKING:
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

#: Where each public name lives: its module is imported when the name is first read.
_EXPORTS = {
    "AmountParseError": "coopmodel._errors",
    "BulkLoadError": "coopmodel._errors",
    "CoopModelError": "coopmodel._errors",
    "ExpressionTypeError": "coopmodel._errors",
    "IntegerOverflowError": "coopmodel._errors",
    "InvalidDateError": "coopmodel._errors",
    "InvalidRecordError": "coopmodel._errors",
    "ParameterError": "coopmodel._errors",
    "ParameterLookupError": "coopmodel._errors",
    "RowProblem": "coopmodel._errors",
    "Comparison": "coopmodel.decisions._compare",
    "Decision": "coopmodel.decisions._decide",
    "Results": "coopmodel.decisions._evaluate",
    "compare": "coopmodel.decisions._compare",
    "decide": "coopmodel.decisions._decide",
    "evaluate": "coopmodel.decisions._evaluate",
    "ParameterSet": "coopmodel.parameters._set",
    "load_parameters": "coopmodel.parameters._set",
    "Application": "coopmodel.records._models",
    "Cooperative": "coopmodel.records._models",
    "Member": "coopmodel.records._models",
    "Register": "coopmodel.register",
}

__getattr__, __dir__ = attach(__name__, _EXPORTS)

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
