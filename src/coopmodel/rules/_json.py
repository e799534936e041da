"""Rules as JSON, so that systems in other languages read exactly what is evaluated.

Every node becomes an object with a ``"node"`` kind and its fields; literals carry their
type (``{"node": "literal", "type": "date", "value": "2020-03-20"}``, enums by class
name and value). :func:`expr_from_json` rebuilds an equal tree, type-checked again.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, cast

from coopmodel._errors import ExpressionTypeError
from coopmodel.rules._conditions import Condition
from coopmodel.rules._expr import (
    ENUMS,
    AddMonths,
    AgeYears,
    Aggregate,
    All,
    Any_,
    Arith,
    Coalesce,
    Column,
    Compare,
    Div,
    Expr,
    FiscalYear,
    IsIn,
    IsSet,
    Literal_,
    MinMax,
    MonthDays,
    Named,
    Not,
    On,
    Param,
    Where,
)
from coopmodel.values._money import Rounding

if TYPE_CHECKING:
    from coopmodel.rules._expr import ArithOp, CompareOp, Table

__all__ = [
    "JSONValue",
    "condition_from_json",
    "condition_to_json",
    "expr_from_json",
    "expr_to_json",
]

JSONValue = object


def _value_to_json(value: bool | int | dt.date | StrEnum) -> dict[str, object]:
    if isinstance(value, bool):
        return {"type": "bool", "value": value}
    if isinstance(value, StrEnum):
        return {"type": "enum", "enum": type(value).__name__, "value": value.value}
    if isinstance(value, int):
        return {"type": "int", "value": value}
    return {"type": "date", "value": value.isoformat()}


def _value_from_json(data: dict[str, object]) -> bool | int | dt.date | StrEnum:
    kind, value = data.get("type"), data.get("value")
    if kind == "bool" and isinstance(value, bool):
        return value
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind == "date" and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if kind == "enum" and isinstance(value, str):
        name = data.get("enum")
        if isinstance(name, str) and name in ENUMS:
            return ENUMS[name](value)
    msg = f"not a literal value: {data!r}"
    raise ExpressionTypeError(msg)


def expr_to_json(expr: Expr) -> dict[str, object]:
    """Return a JSON-ready dict for a tree.

    >>> from coopmodel.rules import cooperative
    >>> expr_to_json(cooperative("equity") >= 1)["node"]
    'compare'
    """
    j = expr_to_json
    match expr:
        case Literal_(value=value):
            return {"node": "literal", **_value_to_json(value)}
        case On():
            return {"node": "on"}
        case Column(table=table, name=name):
            return {"node": "column", "table": table, "name": name}
        case Param(name=name, key=key):
            out: dict[str, object] = {"node": "param", "name": name}
            if key is not None:
                out["key"] = j(key)
            return out
        case Compare(op=op, left=left, right=right):
            return {"node": "compare", "op": op, "left": j(left), "right": j(right)}
        case All(args=args):
            return {"node": "all", "args": [j(a) for a in args]}
        case Any_(args=args):
            return {"node": "any", "args": [j(a) for a in args]}
        case Not(arg=arg):
            return {"node": "not", "arg": j(arg)}
        case Arith(op=op, left=left, right=right):
            return {"node": "arith", "op": op, "left": j(left), "right": j(right)}
        case MinMax(op=op, args=args):
            return {"node": op, "args": [j(a) for a in args]}
        case Div(numerator=num, denominator=den, rounding=rounding):
            return {
                "node": "div",
                "numerator": j(num),
                "denominator": j(den),
                "rounding": rounding.value,
            }
        case Where(condition=c, then=a, otherwise=b):
            return {"node": "where", "condition": j(c), "then": j(a), "otherwise": j(b)}
        case IsIn(arg=arg, values=values):
            shown = sorted((_value_to_json(v) for v in values), key=repr)
            return {"node": "is_in", "arg": j(arg), "values": shown}
        case IsSet(arg=arg):
            return {"node": "is_set", "arg": j(arg)}
        case Coalesce(arg=arg, default=default):
            return {"node": "coalesce", "arg": j(arg), "default": j(default)}
        case AgeYears(birth=birth, at=at):
            return {"node": "age", "birth": j(birth), "at": j(at)}
        case FiscalYear(arg=arg):
            return {"node": "fiscal_year", "arg": j(arg)}
        case MonthDays(arg=arg):
            return {"node": "month_days", "arg": j(arg)}
        case AddMonths(date=date, months=months):
            return {"node": "add_months", "date": j(date), "months": j(months)}
        case Aggregate(op=op, where=where, value=value):
            out = {"node": op, "where": j(where)}
            if value is not None:
                out["value"] = j(value)
            return out
        case Named(arg=arg, label_en=en, label_fa=fa):
            return {"node": "named", "arg": j(arg), "label_en": en, "label_fa": fa}
    msg = f"unknown node {expr!r}"  # pragma: no cover
    raise ExpressionTypeError(msg)  # pragma: no cover


def _obj(data: object, key: str) -> dict[str, object]:
    if not isinstance(data, dict):
        msg = f"{key}: expected a JSON object, got {data!r}"
        raise ExpressionTypeError(msg)
    return cast("dict[str, object]", data)


def _str(data: dict[str, object], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        msg = f"{data.get('node')}: field {key!r} must be a string, got {value!r}"
        raise ExpressionTypeError(msg)
    return value


def _list(data: dict[str, object], key: str) -> list[object]:
    value = data.get(key)
    if not isinstance(value, list):
        msg = f"{data.get('node')}: field {key!r} must be a list, got {value!r}"
        raise ExpressionTypeError(msg)
    return value


def expr_from_json(data: object) -> Expr:
    """Rebuild a tree from :func:`expr_to_json`'s output; it is type-checked again."""
    d = _obj(data, "expression")

    def sub(key: str) -> Expr:
        return expr_from_json(d.get(key))

    def subs(key: str) -> tuple[Expr, ...]:
        return tuple(expr_from_json(a) for a in _list(d, key))

    match d.get("node"):
        case "literal":
            return Literal_(_value_from_json(d))
        case "on":
            return On()
        case "column":
            return Column(cast("Table", _str(d, "table")), _str(d, "name"))
        case "param":
            return Param(_str(d, "name"), sub("key") if "key" in d else None)
        case "compare":
            return Compare(cast("CompareOp", _str(d, "op")), sub("left"), sub("right"))
        case "all":
            return All(subs("args"))
        case "any":
            return Any_(subs("args"))
        case "not":
            return Not(sub("arg"))
        case "arith":
            return Arith(cast("ArithOp", _str(d, "op")), sub("left"), sub("right"))
        case "min" | "max" as op:
            return MinMax(op, subs("args"))
        case "div":
            rounding = Rounding(_str(d, "rounding"))
            return Div(sub("numerator"), sub("denominator"), rounding)
        case "where":
            return Where(sub("condition"), sub("then"), sub("otherwise"))
        case "is_in":
            values = frozenset(
                _value_from_json(_obj(v, "value")) for v in _list(d, "values")
            )
            return IsIn(sub("arg"), values)
        case "is_set":
            return IsSet(sub("arg"))
        case "coalesce":
            return Coalesce(sub("arg"), sub("default"))
        case "age":
            return AgeYears(sub("birth"), sub("at"))
        case "fiscal_year":
            return FiscalYear(sub("arg"))
        case "month_days":
            return MonthDays(sub("arg"))
        case "add_months":
            return AddMonths(sub("date"), sub("months"))
        case "count":
            return Aggregate("count", sub("where"))
        case "sum":
            return Aggregate("sum", sub("where"), sub("value"))
        case "named":
            return Named(sub("arg"), _str(d, "label_en"), _str(d, "label_fa"))
    msg = f"unknown node kind {d.get('node')!r}"
    raise ExpressionTypeError(msg)


def condition_to_json(condition: Condition) -> dict[str, object]:
    """Return a JSON-ready dict for a condition: code, article, titles, test."""
    return {
        "code": condition.code,
        "article": condition.article,
        "title_en": condition.title_en,
        "title_fa": condition.title_fa,
        "test": expr_to_json(condition.test),
    }


def condition_from_json(data: object) -> Condition:
    """Rebuild a condition from :func:`condition_to_json`'s output."""
    d = _obj(data, "condition")
    return Condition(
        code=_str(d, "code"),
        article=_str(d, "article"),
        title_en=_str(d, "title_en"),
        title_fa=_str(d, "title_fa"),
        test=expr_from_json(d.get("test")),
    )
