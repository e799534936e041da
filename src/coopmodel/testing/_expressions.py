"""Hypothesis strategies for random, well-typed rule trees of every node kind.

``expressions(kind)`` draws a tree of the given kind (``"bool"``, ``"int"``, ``"date"``)
that reads cooperative and (with ``application=True``) application columns, and, inside
``count_members``/``sum_members``, member columns. Trees mix small values with values
near the int64 bounds so that overflow errors are exercised too.
"""

from __future__ import annotations

import datetime as dt
import operator
from enum import StrEnum
from typing import Literal

from hypothesis import strategies as st

from coopmodel.records._enums import (
    CoopKind,
    Education,
    Gender,
    GuaranteeKind,
    Program,
    Status,
)
from coopmodel.rules._build import (
    ON,
    add_months,
    age,
    coalesce,
    count_members,
    div,
    fiscal_year,
    is_set,
    maximum,
    minimum,
    month_days,
    param,
    sum_members,
    where,
)
from coopmodel.rules._expr import (
    SCHEMA,
    All,
    Any_,
    Column,
    Expr,
    IsIn,
    Kind,
    Literal_,
    Not,
    Table,
)
from coopmodel.values._money import INT64_MAX, Rounding

__all__ = ["PARAMETERS_USED", "expressions"]

ExprKind = Literal["bool", "int", "date"]

#: Integer parameters the random trees may read (all exist in the bundled file).
PARAMETERS_USED: tuple[str, ...] = (
    "guarantee.min_equity",
    "guarantee.equity_multiple",
    "premium.min_daily_wage",
    "group.women.min_share_bp",
)
_KEYED = (("quorum.min_members", "kind"),)

_ENUM_VALUES: dict[str, list[StrEnum]] = {
    "kind": list(CoopKind),
    "status": list(Status),
    "gender": list(Gender),
    "education": list(Education),
    "program": list(Program),
    "guarantee_kind": list(GuaranteeKind),
}

_small_ints = st.integers(min_value=-1_000, max_value=1_000)
_big_ints = st.sampled_from(
    [INT64_MAX, -INT64_MAX - 1, INT64_MAX // 2 + 1, 3_037_000_500, 10**12]
)
_dates = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2060, 12, 31))


def _columns(tables: tuple[Table, ...], kind: Kind) -> list[Column]:
    return [
        Column(table, name)
        for (table, name), t in SCHEMA.items()
        if table in tables and t.kind is kind and name in _ALLOWED[table]
    ]


# enum columns are compared by the strategy through IsIn/eq on their own values
_ALLOWED: dict[Table, frozenset[str]] = {
    "cooperative": frozenset(n for (t, n) in SCHEMA if t == "cooperative"),
    "member": frozenset(n for (t, n) in SCHEMA if t == "member"),
    "application": frozenset(n for (t, n) in SCHEMA if t == "application"),
}


def _tables(*, member: bool, application: bool) -> tuple[Table, ...]:
    tables: list[Table] = ["cooperative"]
    if member:
        tables.append("member")
    if application and not member:
        tables.append("application")
    return tuple(tables)


@st.composite
def _enum_test(draw: st.DrawFn, tables: tuple[Table, ...]) -> Expr:
    cols = [c for c in _columns(tables, Kind.ENUM) if c.name in _ENUM_VALUES]
    col = draw(st.sampled_from(cols))
    values = draw(st.frozensets(st.sampled_from(_ENUM_VALUES[col.name]), max_size=3))
    if len(values) == 1 and draw(st.booleans()):
        return col.eq(next(iter(values)))
    return IsIn(col, frozenset(values))


def _leaves(kind: ExprKind, tables: tuple[Table, ...]) -> st.SearchStrategy[Expr]:
    if kind == "bool":
        return st.one_of(
            st.booleans().map(Literal_),
            st.sampled_from(_columns(tables, Kind.BOOL)),
            _enum_test(tables),
        )
    if kind == "int":
        options: list[st.SearchStrategy[Expr]] = [
            st.one_of(_small_ints, _big_ints).map(Literal_),
            st.sampled_from(_columns(tables, Kind.INT)),
            st.sampled_from(PARAMETERS_USED).map(param),
        ]
        options += [
            st.just(param(name, Column("cooperative", key))) for name, key in _KEYED
        ]
        return st.one_of(*options)
    return st.one_of(
        st.just(ON),
        _dates.map(Literal_),
        st.sampled_from(_columns(tables, Kind.DATE)),
    )


def _extend(
    kind: ExprKind,
    tables: tuple[Table, ...],
    sub: dict[ExprKind, st.SearchStrategy[Expr]],
    *,
    member: bool,
) -> st.SearchStrategy[Expr]:
    b, i, d = sub["bool"], sub["int"], sub["date"]
    if kind == "bool":
        ordered = st.one_of(st.tuples(i, i), st.tuples(d, d))
        ops = st.sampled_from(["<", "<=", ">", ">=", "==", "!="])
        compares = st.builds(lambda op, pair: _compare(op, *pair), ops, ordered)
        return st.one_of(
            compares,
            st.lists(b, min_size=1, max_size=3).map(lambda xs: All(tuple(xs))),
            st.lists(b, min_size=1, max_size=3).map(lambda xs: Any_(tuple(xs))),
            b.map(Not),
            st.one_of(i, d).map(is_set),
            st.builds(where, b, b, b),
        )
    if kind == "int":
        options = [
            st.builds(operator.add, i, i),
            st.builds(operator.sub, i, i),
            st.builds(operator.mul, i, i),
            st.builds(minimum, i, i),
            st.builds(maximum, i, i),
            st.builds(div, i, i, st.sampled_from(list(Rounding))),
            st.builds(where, b, i, i),
            st.builds(coalesce, i, i),
            st.builds(age, d, d),
            d.map(fiscal_year),
            d.map(month_days),
        ]
        if not member:
            inner = _member_strategies(tables)
            options.append(inner["bool"].map(count_members))
            options.append(
                st.builds(
                    lambda v, w: sum_members(coalesce(v, 0), w),
                    inner["int"],
                    inner["bool"],
                )
            )
        return st.one_of(*options)
    return st.one_of(
        st.builds(minimum, d, d),
        st.builds(maximum, d, d),
        st.builds(where, b, d, d),
        st.builds(coalesce, d, d),
        st.builds(add_months, d, st.integers(-150, 150).map(Literal_)),
    )


def _compare(op: str, left: Expr, right: Expr) -> Expr:
    match op:
        case "<":
            return left < right
        case "<=":
            return left <= right
        case ">":
            return left > right
        case ">=":
            return left >= right
        case "==":
            return left.eq(right)
        case _:
            return left.ne(right)


def _strategies(
    tables: tuple[Table, ...], *, member: bool, depth: int
) -> dict[ExprKind, st.SearchStrategy[Expr]]:
    levels: dict[ExprKind, st.SearchStrategy[Expr]] = {
        k: _leaves(k, tables) for k in ("bool", "int", "date")
    }
    for _ in range(depth):
        grown = {k: _extend(k, tables, levels, member=member) for k in levels}
        levels = {k: st.one_of(levels[k], grown[k]) for k in levels}
    return levels


def _member_strategies(
    tables: tuple[Table, ...],
) -> dict[ExprKind, st.SearchStrategy[Expr]]:
    inner_tables = (*tuple(t for t in tables if t != "application"), "member")
    return _strategies(inner_tables, member=True, depth=1)


def expressions(
    kind: ExprKind = "bool", *, application: bool = False, depth: int = 2
) -> st.SearchStrategy[Expr]:
    """Draw a random well-typed row-level tree of ``kind``.

    With ``application=True`` the tree may read application columns (evaluate it on
    application rows). ``depth`` bounds the nesting of operators.
    """
    tables = _tables(member=False, application=application)
    return _strategies(tables, member=False, depth=depth)[kind]
