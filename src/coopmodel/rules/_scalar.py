"""The scalar interpreter: the readable reference meaning of every node.

It evaluates a tree on one cooperative (with its members) and, where the rule reads
one, an application, at a date, with a parameter set. Values are Python ``bool``,
``int``, ``datetime.date``, enum members and ``None`` (null).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING

import attrs

from coopmodel._errors import ExpressionTypeError, IntegerOverflowError
from coopmodel.rules._expr import (
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
    Scalar,
    Where,
)
from coopmodel.values._calendar import (
    add_months,
    age_in_years,
    fiscal_year,
    month_length,
    to_jalali,
)
from coopmodel.values._money import INT64_MAX, INT64_MIN, div_round

if TYPE_CHECKING:
    from coopmodel.parameters import ParameterSet
    from coopmodel.records import Application, Cooperative, Member

__all__ = ["ScalarContext", "evaluate_scalar"]


@attrs.frozen
class ScalarContext:
    """What one scalar evaluation reads: a cooperative, application, ``on``, params."""

    cooperative: Cooperative
    on: dt.date
    params: ParameterSet
    application: Application | None = None


_IDS = frozenset({"coop_id", "national_code"})


def _field(record: object, name: str) -> Scalar:
    value = getattr(record, name)
    if name in _IDS:
        return int(value)
    return value  # type: ignore[no-any-return]


def _checked(node: Expr, value: int) -> int:
    if not INT64_MIN <= value <= INT64_MAX:
        msg = f"{node} = {value} leaves the int64 range"
        raise IntegerOverflowError(msg)
    return value


def _compare(op: str, a: Scalar, b: Scalar) -> bool:
    if a is None or b is None:
        return False
    match op:
        case "==":
            return a == b
        case "!=":
            return a != b
        case "<":
            return a < b  # type: ignore[operator]
        case "<=":
            return a <= b  # type: ignore[operator]
        case ">":
            return a > b  # type: ignore[operator]
        case _:
            return a >= b  # type: ignore[operator]


def evaluate_scalar(expr: Expr, context: ScalarContext) -> Scalar:
    """Evaluate a tree on one cooperative; see :mod:`coopmodel.rules._expr`."""
    return _eval(expr, context, None)


def _eval(node: Expr, ctx: ScalarContext, mem: Member | None) -> Scalar:
    match node:
        case Literal_(value=value):
            return value
        case On():
            return ctx.on
        case Column(table="cooperative", name=name):
            return _field(ctx.cooperative, name)
        case Column(table="member", name=name):
            if mem is None:
                msg = f"{node} is read outside count_members/sum_members"
                raise ExpressionTypeError(msg)
            return _field(mem, name)
        case Column(table="application", name=name):
            if ctx.application is None:
                msg = f"{node} needs an application"
                raise ExpressionTypeError(msg)
            return _field(ctx.application, name)
        case Param(name=name, key=None):
            return ctx.params.value(name, ctx.on)
        case Param(name=name, key=key) if key is not None:
            k = _eval(key, ctx, mem)
            if k is None:
                return None
            assert isinstance(k, StrEnum)  # noqa: S101 - guaranteed by the type check
            return ctx.params.value(f"{name}.{k.value}", ctx.on)
        case Compare(op=op, left=left, right=right):
            return _compare(op, _eval(left, ctx, mem), _eval(right, ctx, mem))
        case All(args=args):
            return all([_eval(a, ctx, mem) for a in args])  # noqa: C419 - strict
        case Any_(args=args):
            return any([_eval(a, ctx, mem) for a in args])  # noqa: C419 - strict
        case Not(arg=arg):
            return not _eval(arg, ctx, mem)
        case Arith(op=op, left=left, right=right):
            a, b = _eval(left, ctx, mem), _eval(right, ctx, mem)
            if a is None or b is None:
                return None
            assert isinstance(a, int)  # noqa: S101
            assert isinstance(b, int)  # noqa: S101
            result = a + b if op == "+" else a - b if op == "-" else a * b
            return _checked(node, result)
        case MinMax(op=op, args=args):
            values = [_eval(a, ctx, mem) for a in args]
            if any(v is None for v in values):
                return None
            return (min if op == "min" else max)(values)  # type: ignore[type-var]
        case Div(numerator=num, denominator=den, rounding=rounding):
            a, b = _eval(num, ctx, mem), _eval(den, ctx, mem)
            if a is None or b is None:
                return None
            assert isinstance(a, int)  # noqa: S101
            assert isinstance(b, int)  # noqa: S101
            if b <= 0:
                return None
            return _checked(node, div_round(a, b, rounding))
        case Where(condition=cond, then=then, otherwise=otherwise):
            c = _eval(cond, ctx, mem)
            a, b = _eval(then, ctx, mem), _eval(otherwise, ctx, mem)
            return a if c else b
        case IsIn(arg=arg, values=values):
            v = _eval(arg, ctx, mem)
            return v is not None and v in values
        case IsSet(arg=arg):
            return _eval(arg, ctx, mem) is not None
        case Coalesce(arg=arg, default=default):
            v, d = _eval(arg, ctx, mem), _eval(default, ctx, mem)
            return d if v is None else v
        case AgeYears(birth=birth, at=at):
            b, a = _eval(birth, ctx, mem), _eval(at, ctx, mem)
            if b is None or a is None:
                return None
            assert isinstance(b, dt.date)  # noqa: S101
            assert isinstance(a, dt.date)  # noqa: S101
            return age_in_years(b, a)
        case FiscalYear(arg=arg):
            d = _eval(arg, ctx, mem)
            if d is None:
                return None
            assert isinstance(d, dt.date)  # noqa: S101
            return fiscal_year(d)
        case MonthDays(arg=arg):
            d = _eval(arg, ctx, mem)
            if d is None:
                return None
            assert isinstance(d, dt.date)  # noqa: S101
            j = to_jalali(d)
            return month_length(j.year, j.month)
        case AddMonths(date=date, months=months):
            d, n = _eval(date, ctx, mem), _eval(months, ctx, mem)
            if d is None or n is None:
                return None
            assert isinstance(d, dt.date)  # noqa: S101
            assert isinstance(n, int)  # noqa: S101
            return add_months(d, n)
        case Aggregate(where=cond, value=value):
            total = 0
            for m in ctx.cooperative.members:
                # strict evaluation: the value is computed for every member, as in bulk
                v = _eval(value, ctx, m) if value is not None else 1
                if _eval(cond, ctx, m):
                    assert isinstance(v, int)  # noqa: S101
                    total += v
            # the exact sum must fit, whatever the order of the partial sums
            return _checked(node, total)
        case Named(arg=arg):
            return _eval(arg, ctx, mem)
    msg = f"unknown node {node!r}"  # pragma: no cover - every node kind is matched
    raise ExpressionTypeError(msg)  # pragma: no cover
