"""The compiled scalar interpreter: rule trees turned once into one Python function.

:mod:`coopmodel.rules._scalar` is the readable reference meaning of every node; this
module gives the same values, fast, for the trees a program evaluates on every
decision. :func:`compile_trees` generates the source of one function for a set of
trees, once per set:

* each distinct sub-tree is computed once per evaluation (the programs' trees share
  most of theirs: the members counted on ``on``, the guarantee conditions, ...);
* the types known when a tree is built drop the null tests where a value cannot be
  null;
* every member aggregate is computed in one pass over the members, the row-level
  parts of their trees once before it (only when there are members, as the
  reference evaluates them per member);
* parameters are looked up in the table of ``on`` (:meth:`ParameterSet.at`), Jalali
  conversions through a cache.

Evaluation stays strict, so a tree raises exactly when the reference raises (the
first error met may differ when a tree holds two). The function returns the value of
every row-level node, which is what an explanation shows; the property tests prove
the values equal to the reference's.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, cast

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
from coopmodel.values._calendar import add_months, month_length, to_jalali
from coopmodel.values._money import INT64_MAX, INT64_MIN, Rounding

if TYPE_CHECKING:
    from coopmodel.parameters import ParameterSet
    from coopmodel.records import Application, Cooperative

__all__ = ["Compiled", "compile_trees", "jalali_parts"]

#: ``run(cooperative, application, on, parameters on on)``: the recorded values.
RowFunction = Callable[
    ["Cooperative", "Application | None", dt.date, Mapping[str, int]],
    tuple[Scalar, ...],
]
#: ``run(cooperative, on, parameters on on)``: per member, the member trees' values.
MemberFunction = Callable[
    ["Cooperative", "Application | None", dt.date, Mapping[str, int]],
    list[tuple[Scalar, ...]],
]

_IDS = frozenset({"coop_id", "national_code"})


@functools.lru_cache(maxsize=1 << 16)
def jalali_parts(day: dt.date, field: str = "date") -> tuple[int, int, int]:
    """Return the Jalali ``(year, month, day)`` of a day, cached.

    >>> jalali_parts(dt.date(2021, 3, 21))
    (1400, 1, 1)
    """
    j = to_jalali(day, field=field)
    return j.year, j.month, j.day


def _age(birth: dt.date, at: dt.date) -> int:
    # kept by day in _AGES (its own cache would hold the same ages twice)
    by, bm, bd = jalali_parts(birth, "birth")
    y, m, d = jalali_parts(at, "on")
    return y - by - ((m, d) < (bm, bd))


class _AgesOn(dict[dt.date, int]):
    """The ages on one day, by birth date: a member's age in one dict lookup."""

    __slots__ = ("_all", "_on")

    def __init__(self, on: dt.date, kept: _Ages) -> None:
        super().__init__()
        self._on = on
        self._all = kept

    def __missing__(self, birth: dt.date) -> int:
        age = _age(birth, self._on)  # raises as the reference does
        self._all.keep()
        self[birth] = age  # when the days were just dropped, into this one only
        return age


class _Ages(dict[dt.date, _AgesOn]):
    """By day, the ages on it: ``_AGES[at][birth]`` is ``_age(birth, at)``.

    At most ``_AGES_KEPT`` days and ages are kept in all; this is the one cache of
    ages (``_age`` itself keeps none).
    """

    __slots__ = ("count",)

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def __missing__(self, on: dt.date) -> _AgesOn:
        self.keep()
        ages = self[on] = _AgesOn(on, self)
        return ages

    def keep(self) -> None:
        """Count one more day or age to keep; at the limit, first drop them all."""
        if self.count >= _AGES_KEPT:
            self.clear()
        self.count += 1

    def clear(self) -> None:
        """Drop every day's ages."""
        super().clear()
        self.count = 0


_AGES_KEPT = 1 << 16
_AGES = _Ages()


def _fiscal_year(day: dt.date) -> int:
    return jalali_parts(day)[0]


def _month_days(day: dt.date) -> int:
    y, m, _ = jalali_parts(day)
    return month_length(y, m)


_add_months = functools.lru_cache(maxsize=1 << 16)(add_months)


def _overflow(node: Expr, value: int) -> None:
    msg = f"{node} = {value} leaves the int64 range"
    raise IntegerOverflowError(msg)


def _needs_application(node: Expr) -> None:
    msg = f"{node} needs an application"
    raise ExpressionTypeError(msg)


@attrs.frozen(eq=False)
class Compiled:
    """One function that evaluates a set of trees; see :func:`compile_trees`.

    ``recorded`` lists the row-level nodes whose values ``run`` returns, in order;
    ``position`` maps every row-level node (a ``Named`` one to its argument's place)
    to its place in them.
    """

    roots: tuple[Expr, ...]
    recorded: tuple[Expr, ...]
    position: Mapping[Expr, int]
    run: RowFunction
    members: MemberFunction | None
    source: str

    def evaluate(
        self,
        cooperative: Cooperative,
        on: dt.date,
        params: ParameterSet,
        application: Application | None = None,
    ) -> tuple[Scalar, ...]:
        """Return the recorded values on one cooperative (and application)."""
        return self.run(cooperative, application, on, params.at(on))

    def values(self, recorded: tuple[Scalar, ...]) -> tuple[Scalar, ...]:
        """Return the roots' values, in order, from the recorded values."""
        return tuple(recorded[self.position[r]] for r in self.roots)


class _Generator:
    """Emit the source of one function for a set of trees."""

    def __init__(self) -> None:
        self.names: dict[Expr, str] = {}
        self.constants: dict[str, object] = {
            "_overflow": _overflow,
            "_needs_application": _needs_application,
            "_AGES": _AGES,
            "_fiscal_year": _fiscal_year,
            "_month_days": _month_days,
            "_add_months": _add_months,
        }
        self.member_level: dict[Expr, bool] = {}
        self.order: list[Expr] = []  # every distinct node, children first
        self.application_column: Expr | None = None

    # ------------------------------------------------------------------ analysis
    def visit(self, root: Expr) -> None:
        stack: list[tuple[Expr, bool]] = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if node in self.member_level:
                continue
            if not expanded:
                stack.append((node, True))
                stack.extend(
                    (c, False)
                    for c in reversed(node.children())
                    if c not in self.member_level
                )
                continue
            member = (isinstance(node, Column) and node.table == "member") or (
                not isinstance(node, Aggregate)
                and any(self.member_level[c] for c in node.children())
            )
            self.member_level[node] = member
            self.order.append(node)
            if isinstance(node, Column) and node.table == "application":
                self.application_column = self.application_column or node

    def outer(self, roots: Sequence[Expr]) -> set[Expr]:
        """Return the nodes reachable from the roots outside every aggregate."""
        seen: set[Expr] = set()
        stack = list(roots)
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            if not isinstance(node, Aggregate):
                stack.extend(node.children())
        return seen

    # ------------------------------------------------------------------- names
    def constant(self, value: object) -> str:
        name = f"k{len(self.constants)}"
        self.constants[name] = value
        return name

    def name(self, node: Expr) -> str:
        return self.names[node]

    # ---------------------------------------------------------------- emission
    def emit(self, node: Expr, out: list[str], indent: str) -> None:
        """Append the statements that compute ``node`` into a fresh local."""
        if isinstance(node, Named):
            self.names[node] = self.names[node.arg]
            return
        v = f"v{len(self.names)}"
        self.names[node] = v
        n = self.name
        lines: list[str] = []
        match node:
            case Literal_(value=value):
                # whole numbers and booleans are written in the source; others bound
                plain = isinstance(value, bool | int) and not isinstance(value, StrEnum)
                self.names[node] = repr(value) if plain else self.constant(value)
                return
            case On():
                lines = [f"{v} = on"]
            case Column(table=table, name=field):
                record = {"cooperative": "coop", "member": "m", "application": "app"}
                read = f"{record[table]}.{field}"
                lines = [f"{v} = int({read})" if field in _IDS else f"{v} = {read}"]
            case Param(name=pname, key=None):
                lines = [f"{v} = P[{pname!r}]"]
            case Param(name=pname, key=key) if key is not None:
                k = n(key)
                # an enum member's value (``.value`` is a property over it)
                read = f"P[{pname + '.'!r} + {k}._value_]"
                if key.type.nullable:
                    lines = [f"{v} = None if {k} is None else {read}"]
                else:
                    lines = [f"{v} = {read}"]
            case Compare(op=op, left=left, right=right):
                a, b = n(left), n(right)
                tests = [
                    f"{x} is not None"
                    for x, t in ((a, left), (b, right))
                    if t.type.nullable
                ]
                lines = [f"{v} = " + " and ".join([*tests, f"{a} {op} {b}"])]
            case All(args=args):
                lines = [f"{v} = " + " and ".join(n(a) for a in args)]
            case Any_(args=args):
                lines = [f"{v} = " + " or ".join(n(a) for a in args)]
            case Not(arg=arg):
                lines = [f"{v} = not {n(arg)}"]
            case Arith(op=op, left=left, right=right):
                lines = self._checked(
                    node, v, f"{n(left)} {op} {n(right)}", (left, right)
                )
            case MinMax(op=op, args=args):
                value_text = f"{op}({', '.join(n(a) for a in args)})"
                lines = self._nullable(v, value_text, args)
            case Div(numerator=num, denominator=den, rounding=rounding):
                a, b = n(num), n(den)
                match rounding:
                    case Rounding.FLOOR:
                        text = f"{a} // {b}"
                    case Rounding.CEIL:
                        text = f"-(-{a} // {b})"
                    case _:
                        text = f"(2 * {a} + {b}) // (2 * {b})"
                # a quotient of whole numbers of int64 by one >= 1 stays in int64
                nulls = [
                    f"{x} is None" for x, t in ((a, num), (b, den)) if t.type.nullable
                ]
                if node.type.nullable:
                    nulls.append(f"{b} <= 0")
                lines = [
                    f"{v} = None if {' or '.join(nulls)} else {text}"
                    if nulls
                    else f"{v} = {text}"
                ]
            case Where(condition=cond, then=then, otherwise=otherwise):
                lines = [f"{v} = {n(then)} if {n(cond)} else {n(otherwise)}"]
            case IsIn(arg=arg, values=values):
                k = self.constant(values)
                test = f"{n(arg)} in {k}"
                if arg.type.nullable:
                    test = f"{n(arg)} is not None and {test}"
                lines = [f"{v} = {test}"]
            case IsSet(arg=arg):
                test = f"{n(arg)} is not None" if arg.type.nullable else "True"
                lines = [f"{v} = {test}"]
            case Coalesce(arg=arg, default=default):
                a = n(arg)
                text = (
                    f"{n(default)} if {a} is None else {a}" if arg.type.nullable else a
                )
                lines = [f"{v} = {text}"]
            case AgeYears(birth=birth, at=at):
                text = f"_AGES[{n(at)}][{n(birth)}]"
                lines = self._nullable(v, text, (birth, at))
            case FiscalYear(arg=arg):
                lines = self._nullable(v, f"_fiscal_year({n(arg)})", (arg,))
            case MonthDays(arg=arg):
                lines = self._nullable(v, f"_month_days({n(arg)})", (arg,))
            case AddMonths(date=date, months=months):
                text = f"_add_months({n(date)}, {n(months)})"
                lines = self._nullable(v, text, (date, months))
            case _:  # pragma: no cover - aggregates are emitted by the caller
                msg = f"unknown node {node!r}"
                raise ExpressionTypeError(msg)
        out.extend(indent + line for line in lines)

    def _nullable(self, v: str, text: str, args: Sequence[Expr]) -> list[str]:
        nulls = [f"{self.name(a)} is None" for a in args if a.type.nullable]
        if not nulls:
            return [f"{v} = {text}"]
        return [f"{v} = None if {' or '.join(nulls)} else {text}"]

    def _range(self, node: Expr, v: str, text: str) -> list[str]:
        k = self.constant(node)
        return [
            f"{v} = {text}",
            f"if not {INT64_MIN} <= {v} <= {INT64_MAX}:",
            f"    _overflow({k}, {v})",
        ]

    def _checked(
        self, node: Expr, v: str, text: str, args: Sequence[Expr]
    ) -> list[str]:
        nulls = [f"{self.name(a)} is None" for a in args if a.type.nullable]
        if not nulls:
            return self._range(node, v, text)
        return [
            f"if {' or '.join(nulls)}:",
            f"    {v} = None",
            "else:",
            *(f"    {line}" for line in self._range(node, v, text)),
        ]


def _generate(
    roots: tuple[Expr, ...], member_roots: tuple[Expr, ...]
) -> tuple[str, tuple[Expr, ...], dict[Expr, int], dict[str, object]]:
    """Return the source, the recorded nodes, their places, and the namespace."""
    g = _Generator()
    for root in (*roots, *member_roots):
        g.visit(root)
    outer = g.outer(roots)
    aggregates = [x for x in g.order if isinstance(x, Aggregate)]
    with_aggregate: set[Expr] = set()
    for node in g.order:
        if isinstance(node, Aggregate) or any(
            c in with_aggregate for c in node.children()
        ):
            with_aggregate.add(node)

    def row(node: Expr) -> bool:
        return not g.member_level[node]

    before = [x for x in g.order if x in outer and row(x) and x not in with_aggregate]
    hoisted = [x for x in g.order if x not in outer and row(x)]
    in_loop = [x for x in g.order if not row(x)]
    after = [
        x
        for x in g.order
        if x in outer and x in with_aggregate and not isinstance(x, Aggregate)
    ]

    head = "def run(coop, app, on, P):"
    body: list[str] = []
    if g.application_column is not None:
        k = g.constant(g.application_column)
        body += ["if app is None:", f"    _needs_application({k})"]
    for node in before:
        g.emit(node, body, "")
    totals = {a: f"t{i}" for i, a in enumerate(aggregates)}
    body += [f"{t} = 0" for t in totals.values()]
    if aggregates or member_roots:
        body += ["members = coop.members"]
        if member_roots:
            body += ["rows = []"]
        body += ["if members:"]
        for node in hoisted:
            g.emit(node, body, "    ")
        body += ["    for m in members:"]
        loop: list[str] = []
        single: list[tuple[str, int]] = []  # pure one-line member values
        for node in in_loop:
            start = len(loop)
            g.emit(node, loop, "        ")
            if len(loop) == start + 1 and _pure(node):
                single.append((g.name(node), start))
        # the totals added under one condition share its test (the adds are
        # values already computed, or pure, so their order does not matter)
        adds: dict[str, list[str]] = {}
        for a, t in totals.items():
            add = "1" if a.value is None else g.name(a.value)
            adds.setdefault(g.name(a.where), []).append(f"            {t} += {add}")
        for where, lines in adds.items():
            loop += [f"        if {where}:", *lines]
        if member_roots:
            shown = "".join(f"{g.name(r)}, " for r in member_roots)
            loop += [f"        rows.append(({shown}))"]
        body += _inline(loop, single)
    for a, t in totals.items():
        g.names[a] = t
        k = g.constant(a)
        body += [
            f"if not {INT64_MIN} <= {t} <= {INT64_MAX}:",
            f"    _overflow({k}, {t})",
        ]
    for node in after:
        g.emit(node, body, "")

    recorded: list[Expr] = []
    places: dict[str, int] = {}
    position: dict[Expr, int] = {}
    for node in g.order:
        if node not in outer or not row(node):
            continue
        name = g.name(node)
        if name not in places:
            places[name] = len(recorded)
            recorded.append(node)
        position[node] = places[name]
    if member_roots:
        body += ["return rows"]
    else:
        body += ["return (" + "".join(f"{g.name(x)}, " for x in recorded) + ")"]
    source = "\n".join([head, *(f"    {line}" for line in body)]) + "\n"
    return source, tuple(recorded), position, g.constants


#: Nodes that compute a value without any error, from values already computed:
#: evaluating them later, or not at all, is the same as evaluating them in place.
_PURE = (All, Any_, Coalesce, Compare, Div, IsIn, IsSet, MinMax, Not, On, Where)


def _pure(node: Expr) -> bool:
    if isinstance(node, Column):
        return node.name not in _IDS  # int() of an ID is a conversion
    return isinstance(node, _PURE)


def _inline(lines: list[str], single: list[tuple[str, int]]) -> list[str]:
    """Write each pure member value read once into the line that reads it.

    ``single`` lists, in order, the local and the line index of values computed by
    one line ``name = expression`` without any error; the member loop's work is then
    fewer stores and loads.
    """
    kept: list[str | None] = list(lines)
    for name, index in single:
        line = kept[index]
        assert line is not None  # noqa: S101 - only later lines are removed
        expression = line.split(" = ", 1)[1]
        word = re.compile(rf"\b{name}\b")
        uses = [
            (i, len(word.findall(other)))
            for i, other in enumerate(kept)
            if other is not None and i != index and word.search(other)
        ]
        if len(uses) != 1 or uses[0][1] != 1:
            continue
        i = uses[0][0]
        replacement = f"({expression})".replace("\\", "\\\\")  # no group references
        kept[i] = word.sub(replacement, kept[i] or "")
        kept[index] = None
    return [line for line in kept if line is not None]


_CACHE: dict[tuple[tuple[Expr, ...], tuple[Expr, ...]], Compiled] = {}


def compile_trees(roots: Sequence[Expr], member_roots: Sequence[Expr] = ()) -> Compiled:
    """Compile row-level trees (or member-level ones) into one function, cached.

    With ``member_roots`` (trees read inside an aggregate, such as the tests of
    Art. 7.2), :attr:`Compiled.members` returns, per member, their values.

    >>> from coopmodel.rules._build import count_members, member
    >>> from coopmodel.records import Gender
    >>> women = count_members(member("gender").eq(Gender.FEMALE))
    >>> compiled = compile_trees([women])
    >>> compiled.recorded == (women,)
    True
    """
    key = (tuple(roots), tuple(member_roots))
    found = _CACHE.get(key)
    if found is not None:
        return found
    source, recorded, position, namespace = _generate(*key)
    code = compile(source, "<coopmodel compiled rules>", "exec")
    exec(code, namespace)  # noqa: S102 - source generated from the typed trees
    run = cast("RowFunction", namespace["run"])
    compiled = Compiled(
        roots=key[0],
        recorded=recorded,
        position=position,
        run=run,
        members=cast("MemberFunction", run) if member_roots else None,
        source=source,
    )
    _CACHE[key] = compiled
    return compiled
