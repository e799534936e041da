"""Rules as data: the expression algebra, its two interpreters, and conditions.

Every rule is an immutable, typed tree built with the functions below; the scalar
interpreter (:func:`evaluate_scalar`) evaluates it on one cooperative, the vector
interpreter (:func:`evaluate_vector`) over a whole register, with identical results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coopmodel._lazy import attach

if TYPE_CHECKING:
    from coopmodel.rules._build import (
        ON,
        add_months,
        age,
        all_of,
        any_of,
        application,
        coalesce,
        cooperative,
        count_members,
        div,
        fiscal_year,
        is_set,
        lit,
        maximum,
        member,
        minimum,
        month_days,
        named,
        param,
        rate,
        select,
        sum_members,
        where,
    )
    from coopmodel.rules._conditions import (
        Condition,
        ConditionResult,
        Language,
        format_value,
    )
    from coopmodel.rules._expr import (
        ENUMS,
        SCHEMA,
        Expr,
        ExprType,
        Kind,
        Scalar,
        check_row_expression,
        columns_read,
        parameters_read,
        walk,
    )
    from coopmodel.rules._json import (
        condition_from_json,
        condition_to_json,
        expr_from_json,
        expr_to_json,
    )
    from coopmodel.rules._scalar import ScalarContext, evaluate_scalar
    from coopmodel.rules._vector import (
        VectorContext,
        VectorValue,
        evaluate_many,
        evaluate_vector,
    )
    from coopmodel.values._money import Rounding

#: Where each public name lives: its module is imported when the name is first read.
_EXPORTS = {
    "ON": "coopmodel.rules._build",
    "add_months": "coopmodel.rules._build",
    "age": "coopmodel.rules._build",
    "all_of": "coopmodel.rules._build",
    "any_of": "coopmodel.rules._build",
    "application": "coopmodel.rules._build",
    "coalesce": "coopmodel.rules._build",
    "cooperative": "coopmodel.rules._build",
    "count_members": "coopmodel.rules._build",
    "div": "coopmodel.rules._build",
    "fiscal_year": "coopmodel.rules._build",
    "is_set": "coopmodel.rules._build",
    "lit": "coopmodel.rules._build",
    "maximum": "coopmodel.rules._build",
    "member": "coopmodel.rules._build",
    "minimum": "coopmodel.rules._build",
    "month_days": "coopmodel.rules._build",
    "named": "coopmodel.rules._build",
    "param": "coopmodel.rules._build",
    "rate": "coopmodel.rules._build",
    "select": "coopmodel.rules._build",
    "sum_members": "coopmodel.rules._build",
    "where": "coopmodel.rules._build",
    "Condition": "coopmodel.rules._conditions",
    "ConditionResult": "coopmodel.rules._conditions",
    "Language": "coopmodel.rules._conditions",
    "format_value": "coopmodel.rules._conditions",
    "ENUMS": "coopmodel.rules._expr",
    "SCHEMA": "coopmodel.rules._expr",
    "Expr": "coopmodel.rules._expr",
    "ExprType": "coopmodel.rules._expr",
    "Kind": "coopmodel.rules._expr",
    "Scalar": "coopmodel.rules._expr",
    "check_row_expression": "coopmodel.rules._expr",
    "columns_read": "coopmodel.rules._expr",
    "parameters_read": "coopmodel.rules._expr",
    "walk": "coopmodel.rules._expr",
    "condition_from_json": "coopmodel.rules._json",
    "condition_to_json": "coopmodel.rules._json",
    "expr_from_json": "coopmodel.rules._json",
    "expr_to_json": "coopmodel.rules._json",
    "ScalarContext": "coopmodel.rules._scalar",
    "evaluate_scalar": "coopmodel.rules._scalar",
    "VectorContext": "coopmodel.rules._vector",
    "VectorValue": "coopmodel.rules._vector",
    "evaluate_many": "coopmodel.rules._vector",
    "evaluate_vector": "coopmodel.rules._vector",
    "Rounding": "coopmodel.values._money",
}

__getattr__, __dir__ = attach(__name__, _EXPORTS)

__all__ = [
    "ENUMS",
    "ON",
    "SCHEMA",
    "Condition",
    "ConditionResult",
    "Expr",
    "ExprType",
    "Kind",
    "Language",
    "Rounding",
    "Scalar",
    "ScalarContext",
    "VectorContext",
    "VectorValue",
    "add_months",
    "age",
    "all_of",
    "any_of",
    "application",
    "check_row_expression",
    "coalesce",
    "columns_read",
    "condition_from_json",
    "condition_to_json",
    "cooperative",
    "count_members",
    "div",
    "evaluate_many",
    "evaluate_scalar",
    "evaluate_vector",
    "expr_from_json",
    "expr_to_json",
    "fiscal_year",
    "format_value",
    "is_set",
    "lit",
    "maximum",
    "member",
    "minimum",
    "month_days",
    "named",
    "param",
    "parameters_read",
    "rate",
    "select",
    "sum_members",
    "walk",
    "where",
]
