"""The vector interpreter: the same meaning as the scalar one, over whole columns.

Rows are either the register's cooperatives or some of its applications. Every node is
one numpy pass over its children's columns; member aggregates are exact int64 segment
reductions over the CSR member table; dates are int64 day numbers inside (an integer
comparison is several times faster than a ``datetime64`` one), viewed as
``datetime64[D]`` for the calendar functions and in the results; the evaluation date
is one date or one per row, and parameters are looked up per row where dates differ.
Each sub-expression is computed once per evaluation (trees that share a group test
share its columns).

A value is a column plus a null mask. Null lanes hold a harmless filler (0, a fixed
date, enum code 0) so that no arithmetic on them can overflow or fail.
"""

from __future__ import annotations

import datetime as dt
import functools
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from coopmodel._errors import ExpressionTypeError
from coopmodel.records._enums import enum_code
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
    ExprType,
    FiscalYear,
    IsIn,
    IsSet,
    Kind,
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
    WindowDays,
    add_months_array,
    age_in_years_array,
    fiscal_year_array,
    to_jalali_arrays,
    window_add_months,
    window_ages,
    window_days,
    window_fiscal_years,
)
from coopmodel.values._money import (
    INT64_MAX,
    INT64_MIN,
    checked_add,
    checked_mul,
    checked_segment_sum,
    checked_sub,
    div_round_array,
)

if TYPE_CHECKING:
    from coopmodel._typing import BoolArray, DateArray, Int64Array
    from coopmodel.parameters import ParameterSet
    from coopmodel.register import Register

__all__ = ["VectorContext", "VectorValue", "evaluate_vector"]

_FILLER_DATE = np.datetime64("2000-01-01", "D")
_FILLER_DAY = np.int64(_FILLER_DATE.astype(np.int64))
_NAT_DAY = np.iinfo(np.int64).min  # NaT's bit pattern as a day number
_DAY = np.dtype("datetime64[D]")
# Columns whose "not recorded" is a sentinel rather than NaT (see register/_tables.py).
_INT_SENTINELS = {"income_decile": 0, "guarantee_days": 0, "education": -1,
                  "guarantee_kind": -1}  # fmt: skip

Array = npt.NDArray[Any]


@attrs.frozen
class VectorContext:
    """What one bulk evaluation reads.

    ``application_rows`` selects the rows: ``None`` evaluates one row per cooperative;
    an index array evaluates one row per listed application (its cooperative's columns
    are gathered). ``on`` is one date, or one ``datetime64[D]`` per row.
    """

    register: Register
    on: dt.date | DateArray
    params: ParameterSet
    application_rows: Int64Array | None = None


@attrs.frozen(eq=False)
class VectorValue:
    """A column of results and its null mask (``None``: no nulls)."""

    values: Array
    null: BoolArray | None
    type: ExprType

    def to_list(self) -> list[Scalar]:
        """Return the column as Python values, as the scalar interpreter gives them."""
        out: list[Scalar] = []
        null = self.null
        enum = self.type.enum
        for i, v in enumerate(self.values.tolist()):
            if null is not None and null[i]:
                out.append(None)
            elif enum is not None:
                out.append(list(enum)[v])
            else:
                out.append(v)
        return out


@attrs.define
class _Scope:
    """Rows of one evaluation level (rows, or member-rows inside an aggregate)."""

    n: int
    on: np.datetime64 | DateArray
    coop_rows: Int64Array | None  # row -> cooperative index; None: identity
    app_rows: Int64Array | None  # row -> application index
    member_rows: Int64Array | None = None  # member-row -> member index (member scope)
    row_of_member: Int64Array | None = None  # member-row -> row of the parent scope
    offsets: Int64Array | None = None  # parent row i owns offsets[i]:offsets[i+1]
    parent: _Scope | None = None
    # where the scope sits: () the rows, ("members",) their members, and
    # ("members", where) the members a sum_members(value, where) adds up
    tag: tuple[Any, ...] = ()
    masked: dict[Expr, _Scope] = attrs.field(factory=dict)  # by the sum's `where`
    # whether a masked scope holds only the members its `where` selects
    compressed: bool = False
    cache: dict[Expr, tuple[Array, BoolArray | None]] = attrs.field(factory=dict)
    # date sub-expression -> its days as calendar-table offsets (None: outside)
    windows: dict[Expr, WindowDays | None] = attrs.field(factory=dict)
    child: _Scope | None = None


def evaluate_vector(expr: Expr, context: VectorContext) -> VectorValue:
    """Evaluate a tree over a register; row ``i`` is the scalar result on row ``i``."""
    return evaluate_many([expr], context)[0]


def evaluate_many(exprs: list[Expr], context: VectorContext) -> list[VectorValue]:
    """Evaluate several trees in one pass, computing shared sub-expressions once."""
    return evaluate_with_members(exprs, [], context)[0]


def evaluate_with_members(
    exprs: list[Expr], member_exprs: list[Expr], context: VectorContext
) -> tuple[list[VectorValue], list[Array]]:
    """Evaluate row trees, and member-level trees over every member, in one pass.

    The member-level trees are those read inside an aggregate (see
    ``count_members``); each gives one value per member of the rows' cooperatives,
    and shares sub-expressions with the aggregates of the row trees.
    """
    reg = context.register
    rows = context.application_rows
    if rows is None:
        n = reg.n_cooperatives
        coop_rows: Int64Array | None = None
    else:
        n = len(rows)
        coop_rows = reg.applications.coop_index[rows].astype(np.int64)
    on: np.datetime64 | DateArray
    if isinstance(context.on, dt.date):
        on = np.datetime64(context.on, "D")
    else:
        on = np.asarray(context.on, dtype="datetime64[D]")
        if on.shape != (n,):
            msg = f"`on` has {on.shape[0]} dates for {n} rows"
            raise ValueError(msg)
    scope = _Scope(n=n, on=on, coop_rows=coop_rows, app_rows=rows)
    uses, pinned, sums = _use_counts(tuple(exprs), tuple(member_exprs))
    ev = _Evaluator(context, dict(uses), pinned, sums)
    out = []
    for expr in exprs:
        values, null = ev.eval(expr, scope)
        values = _result(values, expr)
        out.append(
            VectorValue(
                values=np.broadcast_to(values, (n,)),
                null=None if null is None else np.broadcast_to(null, (n,)),
                type=expr.type,
            )
        )
    member_values: list[Array] = []
    if member_exprs:
        members = ev.member_scope(scope)
        member_values = [
            np.broadcast_to(_result(ev.eval(expr, members)[0], expr), (members.n,))
            for expr in member_exprs
        ]
    return out, member_values


_Tag = tuple[Any, ...]
_Key = tuple[_Tag, Expr]  # (scope tag, node)
_MEMBERS = "members"


@functools.lru_cache(maxsize=64)
def _use_counts(
    exprs: tuple[Expr, ...], member_exprs: tuple[Expr, ...]
) -> tuple[dict[_Key, int], frozenset[_Key], dict[_Key, tuple[Expr, ...]]]:
    """Count each sub-expression's parents, per scope, and name the roots.

    An intermediate column is dropped as soon as its last parent is computed, so
    a block holds a handful of live columns rather than one per node: the heap
    reuses the same memory node after node instead of faulting in fresh pages.
    Roots (the requested trees) are kept. Also returns, per member scope and
    ``where``, the values that ``sum_members`` adds up under that ``where``.
    """
    roots = {((), e) for e in exprs} | {((_MEMBERS,), e) for e in member_exprs}
    uses: dict[_Key, int] = {}
    sums: dict[_Key, tuple[Expr, ...]] = {}
    seen: set[_Key] = set()
    stack: list[_Key] = list(roots)
    while stack:
        key = stack.pop()
        if key in seen:
            continue
        seen.add(key)
        tag, node = key
        if isinstance(node, Aggregate) and node.op == "sum" and node.value is not None:
            group = ((*tag, _MEMBERS), node.where)
            sums[group] = (*sums.get(group, ()), node.value)
        for child, place in _release_plan(node):
            inner: _Tag = tag
            if place == _MEMBER_SCOPE:
                inner = (*tag, _MEMBERS)
            elif place == _MASKED_SCOPE:
                inner = (*tag, _MEMBERS, node.where)  # type: ignore[attr-defined]
            child_key = (inner, child)
            uses[child_key] = uses.get(child_key, 0) + 1
            stack.append(child_key)
    return uses, frozenset(roots), sums


_SAME_SCOPE, _MEMBER_SCOPE, _MASKED_SCOPE = 0, 1, 2


@functools.lru_cache(maxsize=8192)
def _release_plan(node: Expr) -> tuple[tuple[Expr, int], ...]:
    """Return a node's distinct children, each with the scope it is computed in.

    An aggregate's ``where`` is computed over its members; a ``sum_members``
    value over the members of its masked scope (see ``masked_scope``). The
    parent counts and the release of columns both read this one plan.
    """
    if not isinstance(node, Aggregate):
        return tuple((c, _SAME_SCOPE) for c in dict.fromkeys(node.children()))
    return tuple(
        (c, _MASKED_SCOPE if c is node.value and node.op == "sum" else _MEMBER_SCOPE)
        for c in dict.fromkeys(node.children())
    )


def _union(
    a: tuple[int, int] | None, b: tuple[int, int] | None
) -> tuple[int, int] | None:
    """Return the smallest interval holding both (None if either is None)."""
    if a is None or b is None:
        return None
    return min(a[0], b[0]), max(a[1], b[1])


def _min_max(values: Array) -> tuple[int, int]:
    """Return the least and greatest value (0, 0 when empty) as Python ints."""
    if values.size == 0:
        return 0, 0
    return int(values.min()), int(values.max())


def _result(values: Array, expr: Expr) -> Array:
    """Return a computed column as the caller sees it: dates as ``datetime64[D]``."""
    return _dates(values) if expr.type.kind is Kind.DATE else values


@functools.lru_cache(maxsize=4096)
def _text(node: Expr) -> str:
    """Return ``str(node)`` (an error message's name for it), built once per tree."""
    return str(node)


def _or(a: BoolArray | None, b: BoolArray | None) -> BoolArray | None:
    if a is None:
        return b
    if b is None:
        return a
    return a | b


def _fill(values: Array, null: BoolArray | None, filler: Any) -> Array:  # noqa: ANN401
    if null is None:
        return values
    if values.dtype == np.int64:
        # values + (filler - values) · null: exact modulo 2**64, so a wrapped
        # difference (NaT's day number) comes back; three passes without branches
        # cost a third of np.where's one.
        difference = np.subtract(filler, values, dtype=np.int64)
        filled: Array = np.add(
            values, np.multiply(difference, null, dtype=np.int64), dtype=np.int64
        )
        return filled
    return np.where(null, filler, values)


def _filler(t: ExprType) -> Any:  # noqa: ANN401 - a numpy scalar of the column
    return _FILLER_DAY if t.kind is Kind.DATE else 0


def _dates(days: Array) -> DateArray:
    """View int64 day numbers as ``datetime64[D]`` (no copy)."""
    return np.asarray(days).view(_DAY)


def _const(value: Array, scope: _Scope) -> Array:
    """Keep a constant 0-d (it broadcasts), but empty where there are no rows.

    A constant is what every row computes; with no rows nothing is computed, so an
    overflow in a constant must not be raised (the scalar path raises per row).
    """
    if scope.n == 0 and value.ndim == 0:
        return np.empty(0, dtype=value.dtype)
    return value


def _literal(value: bool | int | dt.date | StrEnum) -> Array:
    if isinstance(value, StrEnum):
        return np.asarray(enum_code(value), dtype=np.int8)
    if isinstance(value, bool):
        return np.asarray(value)
    if isinstance(value, int):
        return np.asarray(value, dtype=np.int64)
    return np.asarray(np.datetime64(value, "D").astype(np.int64))


class _Evaluator:
    def __init__(
        self,
        context: VectorContext,
        uses: dict[_Key, int] | None = None,
        pinned: frozenset[_Key] = frozenset(),
        sums: dict[_Key, tuple[Expr, ...]] | None = None,
    ) -> None:
        self.reg = context.register
        self.params = context.params
        self.uses = uses  # None: keep every column (no tree is known in advance)
        self.pinned = pinned
        self.sums = sums or {}
        self.bounds: dict[tuple[_Tag, Expr], tuple[int, int] | None] = {}

    # scopes ----------------------------------------------------------------------
    def member_scope(self, scope: _Scope) -> _Scope:
        if scope.child is not None:
            return scope.child
        offsets = self.reg.member_offsets
        if scope.coop_rows is None:
            child = _Scope(
                n=len(self.reg.members),
                on=scope.on,
                coop_rows=None,
                app_rows=None,
                member_rows=None,
                row_of_member=self.reg.members.coop_index.astype(np.int64),
                offsets=offsets,
                parent=scope,
                tag=(*scope.tag, _MEMBERS),
            )
        else:
            starts = offsets[scope.coop_rows]
            lengths = offsets[scope.coop_rows + 1] - starts
            new_offsets = np.zeros(scope.n + 1, dtype=np.int64)
            np.cumsum(lengths, out=new_offsets[1:])
            total = int(new_offsets[-1])
            row_of_member = np.repeat(np.arange(scope.n, dtype=np.int64), lengths)
            member_rows = np.arange(total, dtype=np.int64) + np.repeat(
                starts - new_offsets[:-1], lengths
            )
            child = _Scope(
                n=total,
                on=scope.on,
                coop_rows=scope.coop_rows[row_of_member],
                app_rows=None,
                member_rows=member_rows,
                row_of_member=row_of_member,
                offsets=new_offsets,
                parent=scope,
                tag=(*scope.tag, _MEMBERS),
            )
        if not isinstance(scope.on, np.datetime64) and child.row_of_member is not None:
            child.on = scope.on[child.row_of_member]
        scope.child = child
        return child

    def masked_scope(self, scope: _Scope, where: Expr) -> _Scope:
        """Return the scope in which ``sum_members(..., where)`` computes its values.

        Evaluation is strict: a value is computed for every member, so that a
        member outside ``where`` can still raise (an overflow, say), as the scalar
        path does. Where the values provably cannot raise for any member of the
        register (:meth:`bound`), computing them only for the members ``where``
        selects gives the same sums and the same errors: the scope then holds only
        those members (``compressed``). Otherwise it holds every member, with a
        cache of its own, and the sum multiplies by the mask.
        """
        found = scope.masked.get(where)
        if found is not None:
            return found
        inner = self.member_scope(scope)
        tag = (*inner.tag, where)
        values = self.sums.get((inner.tag, where), ())
        safe = bool(values) and all(self.bound(v, inner) is not None for v in values)
        if not safe:
            masked = attrs.evolve(
                inner, parent=scope, tag=tag, cache={}, windows={}, masked={}
            )
            masked.child = None
        else:
            mask = np.broadcast_to(self.eval(where, inner)[0], (inner.n,))
            assert inner.offsets is not None  # noqa: S101
            assert inner.row_of_member is not None  # noqa: S101
            picked = np.flatnonzero(mask)
            running = np.empty(inner.n + 1, dtype=np.int64)
            running[0] = 0
            np.cumsum(mask, out=running[1:])
            row_of_member = inner.row_of_member[picked]
            masked = _Scope(
                n=len(picked),
                on=inner.on
                if isinstance(inner.on, np.datetime64)
                else inner.on[picked],
                coop_rows=(
                    row_of_member
                    if inner.coop_rows is None
                    else inner.coop_rows[picked]
                ),
                app_rows=None,
                member_rows=(
                    picked if inner.member_rows is None else inner.member_rows[picked]
                ),
                row_of_member=row_of_member,
                offsets=running[inner.offsets],
                parent=scope,
                tag=tag,
                compressed=True,
            )
        scope.masked[where] = masked
        return masked

    def bound(self, node: Expr, scope: _Scope) -> tuple[int, int] | None:
        """Bound ``node``'s values over every member, or None if it might raise.

        A proof that evaluating ``node`` cannot raise for any member of the
        register: each integer node gets an interval holding all its values
        (nulls count as their filler 0), computed from column minima and maxima
        and parameter values with Python ints, and checked to stay in int64.
        Nodes that could raise (date arithmetic, aggregates, keyed parameters)
        give None. Non-integer nodes that cannot raise give ``(0, 0)``.
        """
        key = (scope.tag, node)
        if key in self.bounds:
            return self.bounds[key]
        found = self._bound(node, scope)
        if found is not None and node.type.kind is Kind.INT and node.type.nullable:
            found = (min(found[0], 0), max(found[1], 0))
        self.bounds[key] = found
        return found

    def _bound(self, node: Expr, scope: _Scope) -> tuple[int, int] | None:
        kind = node.type.kind
        match node:
            case Literal_(value=value):
                if isinstance(value, int) and not isinstance(value, bool):
                    return value, value
                return 0, 0
            case On():
                return 0, 0
            case Column(table=table, name=name):
                if kind is not Kind.INT:
                    return 0, 0
                if table == "member":
                    raw = getattr(self.reg.members, name)
                elif table == "cooperative":
                    raw = getattr(self.reg.cooperatives, name)
                else:
                    return None
                return _min_max(raw)
            case Param(key=None):
                return _min_max(self.lookup(node.name, scope.on))
            case Named(arg=arg):
                return self.bound(arg, scope)
            case Arith(op=op, left=left, right=right):
                a, b = self.bound(left, scope), self.bound(right, scope)
                if a is None or b is None:
                    return None
                if op == "*":
                    corners = [x * y for x in a for y in b]
                    low, high = min(corners), max(corners)
                elif op == "+":
                    low, high = a[0] + b[0], a[1] + b[1]
                else:
                    low, high = a[0] - b[1], a[1] - b[0]
                fits = low >= INT64_MIN and high <= INT64_MAX
                return (low, high) if fits else None
            case MinMax(op=op, args=args):
                found = [self.bound(a, scope) for a in args]
                if any(f is None for f in found):
                    return None
                pairs = [f for f in found if f is not None]
                if kind is not Kind.INT:
                    return 0, 0
                pick = min if op == "min" else max
                return pick(p[0] for p in pairs), pick(p[1] for p in pairs)
            case Div(numerator=num, denominator=den):
                a, b = self.bound(num, scope), self.bound(den, scope)
                if a is None or b is None:
                    return None
                # |rounded n / d| <= |n| for d >= 1; other lanes are null (0)
                return min(a[0], 0), max(a[1], 0)
            case Where(condition=c, then=a, otherwise=b):
                if self.bound(c, scope) is None:
                    return None
                return _union(self.bound(a, scope), self.bound(b, scope))
            case Coalesce(arg=a, default=b):
                return _union(self.bound(a, scope), self.bound(b, scope))
            case MonthDays(arg=On()):
                return 29, 31  # a Jalali month has 29 to 31 days
            case Compare() | All() | Any_() | Not() | IsIn() | IsSet():
                safe = all(self.bound(c, scope) is not None for c in node.children())
                return (0, 0) if safe else None
        return None

    # columns ---------------------------------------------------------------------
    def column(self, node: Column, scope: _Scope) -> tuple[Array, BoolArray | None]:
        table = node.table
        if table == "member":
            if scope.row_of_member is None:
                msg = f"{node} is read outside count_members/sum_members"
                raise ExpressionTypeError(msg)
            raw: Array = getattr(self.reg.members, node.name)
            if scope.member_rows is not None:
                raw = raw[scope.member_rows]
        elif table == "application":
            if scope.app_rows is None:
                msg = f"{node} needs application rows"
                raise ExpressionTypeError(msg)
            raw = getattr(self.reg.applications, node.name)[scope.app_rows]
        else:
            raw = getattr(self.reg.cooperatives, node.name)
            if scope.row_of_member is not None and scope.member_rows is None:
                raw = raw[scope.row_of_member]  # every member of the register
            elif scope.coop_rows is not None:
                raw = raw[scope.coop_rows]
        t = node.type
        if t.kind is Kind.DATE:
            days = raw.view(np.int64)
            if not t.nullable:
                return days, None
            null = days == _NAT_DAY
            return _fill(days, null, _FILLER_DAY), null
        if t.nullable:
            sentinel = _INT_SENTINELS[node.name]
            null = raw == sentinel
            if sentinel == 0:  # the sentinel is already the filler
                return raw, null
            return np.multiply(raw, ~null, dtype=raw.dtype), null
        if t.kind is Kind.INT:
            return raw.astype(np.int64, copy=False), None
        return raw, None

    def param(self, node: Param, scope: _Scope) -> tuple[Array, BoolArray | None]:
        on = scope.on
        if node.key is None:
            return _const(self.lookup(node.name, on), scope), None
        keys, null = self.eval(node.key, scope)
        enum = node.key.type.enum
        assert enum is not None  # noqa: S101 - guaranteed by the type check
        members = list(enum)
        codes = np.broadcast_to(keys, (scope.n,))
        present_codes = codes if null is None else codes[~null]
        # the codes present, in one counting pass (enum codes are small)
        present = np.flatnonzero(
            np.bincount(present_codes.astype(np.intp, copy=False), minlength=1)
        )
        if isinstance(on, np.datetime64) and codes.dtype == np.int8:
            # one day: a table by code, read with one gather
            table = np.zeros(256, dtype=np.int64)
            for code in present.tolist():
                value = self.lookup(f"{node.name}.{members[code].value}", on)
                table[code] = int(value)
            out = table[codes.view(np.uint8)]
            return (out if null is None else _fill(out, null, 0)), null
        out = np.zeros(scope.n, dtype=np.int64)
        for code in present.tolist():
            mask = codes == code
            if null is not None:
                mask &= ~null
            value = self.lookup(f"{node.name}.{members[code].value}", on)
            out[mask] = value if value.ndim == 0 else value[mask]
        return out, null

    def lookup(self, name: str, on: np.datetime64 | DateArray) -> Int64Array:
        if isinstance(on, np.datetime64):
            day = on.astype("datetime64[D]").item()
            return np.asarray(self.params.value(name, day), dtype=np.int64)
        return self.params.values_at(name, on)

    def window(self, node: Expr, scope: _Scope) -> WindowDays | None:
        """Return a date sub-expression's days for the calendar tables, once per scope.

        None when a day lies outside the tables' window: the general calendar
        functions then handle (or refuse) it.
        """
        if node in scope.windows:
            return scope.windows[node]
        found = window_days(_dates(self.eval(node, scope)[0]))
        scope.windows[node] = found
        return found

    # the interpreter -------------------------------------------------------------
    def eval(self, node: Expr, scope: _Scope) -> tuple[Array, BoolArray | None]:
        hit = scope.cache.get(node)
        if hit is None:
            hit = self._eval(node, scope)
            scope.cache[node] = hit
            if self.uses is not None:
                self._release(node, scope)
        return hit

    def _release(self, node: Expr, scope: _Scope) -> None:
        """Drop the children of a computed node that no other node still needs."""
        uses = self.uses
        assert uses is not None  # noqa: S101
        for child, place in _release_plan(node):
            inner: _Scope | None = scope
            if place == _MEMBER_SCOPE:
                inner = scope.child
            elif place == _MASKED_SCOPE:
                inner = scope.masked.get(node.where)  # type: ignore[attr-defined]
            if inner is None:  # pragma: no cover - computed with its parent
                continue
            key = (inner.tag, child)
            left = uses.get(key, 0) - 1
            uses[key] = left
            if left <= 0 and key not in self.pinned:
                inner.cache.pop(child, None)
                inner.windows.pop(child, None)

    def _eval(self, node: Expr, scope: _Scope) -> tuple[Array, BoolArray | None]:
        ev = self.eval
        match node:
            case Literal_(value=value):
                return _const(_literal(value), scope), None
            case On():
                return _const(np.asarray(scope.on).view(np.int64), scope), None
            case Column():
                return self.column(node, scope)
            case Param():
                return self.param(node, scope)
            case Named(arg=arg):
                return ev(arg, scope)
            case Compare(op=op, left=left, right=right):
                (a, na), (b, nb) = ev(left, scope), ev(right, scope)
                result = _COMPARE[op](a, b)
                null = _or(na, nb)
                return (result if null is None else result & ~null), None
            case All(args=args):
                return functools.reduce(
                    np.logical_and, [ev(a, scope)[0] for a in args]
                ), None
            case Any_(args=args):
                return functools.reduce(
                    np.logical_or, [ev(a, scope)[0] for a in args]
                ), None
            case Not(arg=arg):
                return ~ev(arg, scope)[0], None
            case Arith(op=op, left=left, right=right):
                (a, na), (b, nb) = ev(left, scope), ev(right, scope)
                null = _or(na, nb)
                a, b = _fill(a, null, 0), _fill(b, null, 0)
                fn = {"+": checked_add, "-": checked_sub, "*": checked_mul}[op]
                return fn(a, b, op=_text(node)), null
            case MinMax(op=op, args=args):
                pairs = [ev(a, scope) for a in args]
                null = None
                for _, n in pairs:
                    null = _or(null, n)
                reduce = np.minimum if op == "min" else np.maximum
                result = functools.reduce(reduce, [v for v, _ in pairs])
                return _fill(result, null, _filler(node.type)), null
            case Div(numerator=num, denominator=den, rounding=rounding):
                (a, na), (b, nb) = ev(num, scope), ev(den, scope)
                null = _or(_or(na, nb), np.asarray(b <= 0))
                if null is not None and not null.any():
                    null = None
                a, b = _fill(a, null, 0), _fill(b, null, 1)
                result = div_round_array(a, b, rounding)
                if result.ndim == 0 and null is not None and null.ndim == 0 and null:
                    return np.asarray(0, dtype=np.int64), null
                return _fill(result, null, 0), null
            case Where(condition=cond, then=then, otherwise=otherwise):
                c, _ = ev(cond, scope)
                (a, na), (b, nb) = ev(then, scope), ev(otherwise, scope)
                null = None
                if na is not None or nb is not None:
                    false = np.zeros((), dtype=bool)
                    null = np.where(c, false if na is None else na,
                                    false if nb is None else nb)  # fmt: skip
                return np.where(c, a, b), null
            case IsIn(arg=arg, values=values):
                a, na = ev(arg, scope)
                wanted = np.asarray([_literal(v) for v in values])
                if len(values) == 0:
                    result = np.zeros(np.shape(a), dtype=bool)
                elif a.dtype == np.int8:  # enum codes: one lookup in a 256-entry table
                    table = np.zeros(256, dtype=bool)
                    table[wanted.astype(np.int8).view(np.uint8)] = True
                    result = table[np.asarray(a).view(np.uint8)]
                else:
                    result = np.isin(a, wanted)
                return (result if na is None else result & ~na), None
            case IsSet(arg=arg):
                _, na = ev(arg, scope)
                return (np.ones((), dtype=bool) if na is None else ~na), None
            case Coalesce(arg=arg, default=default):
                (a, na), (d, nd) = ev(arg, scope), ev(default, scope)
                if na is None:
                    return a, None
                null = None if nd is None else na & nd
                return np.where(na, d, a), null
            case AgeYears(birth=birth, at=at):
                (b, nb), (a, na) = ev(birth, scope), ev(at, scope)
                null = _or(nb, na)
                born, at_days = self.window(birth, scope), self.window(at, scope)
                if born is not None and at_days is not None:
                    return window_ages(born, at_days), null
                b, a = np.broadcast_arrays(_dates(b), _dates(a))
                return age_in_years_array(b, a).astype(np.int64), null
            case FiscalYear(arg=arg):
                d, nd = ev(arg, scope)
                window = self.window(arg, scope)
                if window is not None:
                    return window_fiscal_years(window), nd
                return fiscal_year_array(np.atleast_1d(_dates(d))).astype(
                    np.int64
                ).reshape(np.shape(d)), nd
            case MonthDays(arg=arg):
                d, nd = ev(arg, scope)
                days = np.atleast_1d(_dates(d))
                _, _, day = to_jalali_arrays(days)
                first = days - (day.astype(np.int64) - 1).astype("timedelta64[D]")
                following = add_months_array(first, np.ones(len(first), np.int64))
                length = (following - first).astype(np.int64)
                return length.reshape(np.shape(d)), nd
            case AddMonths(date=date, months=months):
                (d, nd), (m, nm) = ev(date, scope), ev(months, scope)
                null = _or(nd, nm)
                window = self.window(date, scope)
                if window is not None and nm is None and np.ndim(m) == 0:
                    # One shift: null dates are shifted too, then put back as they
                    # were (as a shift of 0 would leave them).
                    fast = window_add_months(window, int(m))
                    if fast is not None:
                        shifted = fast.view(np.int64)
                        return (
                            shifted if nd is None else np.where(nd, d, shifted)
                        ), null
                m = _fill(m, null, 0)
                if window is not None:
                    fast = window_add_months(window, np.asarray(m, dtype=np.int64))
                    if fast is not None:
                        return fast.view(np.int64), null
                if np.ndim(m) == 0:  # one shift for every row: no broadcast copy
                    shape = np.shape(d)
                    result = add_months_array(np.atleast_1d(_dates(d)), int(m))
                    return result.view(np.int64).reshape(shape), null
                d, m = np.broadcast_arrays(d, m)
                shape = np.shape(d)
                result = add_months_array(
                    np.atleast_1d(_dates(d)), np.atleast_1d(m).astype(np.int64)
                ).reshape(shape)
                return result.view(np.int64), null
            case Aggregate(op=op, where=cond, value=value):
                inner = self.member_scope(scope)
                mask, _ = self.eval(cond, inner)
                mask = np.broadcast_to(mask, (inner.n,))
                assert inner.offsets is not None  # noqa: S101
                if op == "count":
                    # A running count in int32 (fast from bool) when it cannot reach
                    # 2**31; the per-row differences are then widened to int64.
                    wide = inner.n >= 2**31
                    counts: Array = np.zeros(
                        inner.n + 1, dtype=np.int64 if wide else np.int32
                    )
                    np.cumsum(mask, dtype=counts.dtype, out=counts[1:])
                    found = counts[inner.offsets[1:]] - counts[inner.offsets[:-1]]
                    return found.astype(np.int64), None
                assert value is not None  # noqa: S101
                adding = inner
                if self.uses is not None:
                    adding = self.masked_scope(scope, cond)
                v, _ = self.eval(value, adding)
                if adding.compressed:  # only the members that `where` selects
                    assert adding.offsets is not None  # noqa: S101
                    kept = np.broadcast_to(v, (adding.n,)).astype(np.int64, copy=False)
                    return checked_segment_sum(kept, adding.offsets), None
                # v · 1 or v · 0: the members' terms, exact (no product can overflow).
                terms = np.multiply(
                    np.broadcast_to(v, (inner.n,)), mask, dtype=np.int64
                )
                return checked_segment_sum(terms, inner.offsets), None
        msg = f"unknown node {node!r}"  # pragma: no cover - every node kind is matched
        raise ExpressionTypeError(msg)  # pragma: no cover


_COMPARE = {
    "==": np.equal,
    "!=": np.not_equal,
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
}
