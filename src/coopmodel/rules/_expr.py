"""The expression algebra: every rule is a small immutable tree of these nodes.

A tree is typed when it is built: each node infers its :class:`ExprType` from its
children and refuses ill-typed children with :class:`~coopmodel.ExpressionTypeError`
showing the expression. Two interpreters give each node one meaning:
:mod:`coopmodel.rules._scalar` (pure Python, one cooperative) and
:mod:`coopmodel.rules._vector` (numpy, a whole register).

Semantics shared by both interpreters:

* Whole numbers are exact and must stay inside int64; any intermediate outside it raises
  :class:`~coopmodel.IntegerOverflowError` (Art. 0.1).
* **Null** stands for a field that is not recorded (``left_on``, ``income_decile``, ...)
  and for a division by zero. Arithmetic, functions and aggregates' values propagate
  null; a comparison or membership test with a null operand is ``False``; ``is_set``
  tests for null; ``coalesce`` replaces it. Booleans are never null.
* Evaluation is strict: both branches of ``where`` and every operand of ``&``/``|`` are
  evaluated, so an overflow anywhere in a tree is an error in both interpreters alike.
* Dates compare as days; ``age`` and ``fiscal_year`` are Jalali (Art. 2.2, 0.2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Literal, TypeAlias, Union

import attrs

from coopmodel._errors import ExpressionTypeError
from coopmodel.records._enums import (
    CoopKind,
    Education,
    Gender,
    GuaranteeKind,
    Program,
    Status,
)
from coopmodel.records._provinces import Province
from coopmodel.values._money import Rounding

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "ENUMS",
    "SCHEMA",
    "AddMonths",
    "AgeYears",
    "Aggregate",
    "All",
    "Any_",
    "Arith",
    "Coalesce",
    "Column",
    "Compare",
    "Div",
    "Expr",
    "ExprType",
    "FiscalYear",
    "IsIn",
    "IsSet",
    "Kind",
    "Literal_",
    "MinMax",
    "MonthDays",
    "Named",
    "Not",
    "On",
    "Param",
    "Scalar",
    "Table",
    "Where",
]

#: A Python value a tree evaluates to: a bool, an int, a date, an enum member or None.
Scalar: TypeAlias = Union[bool, int, dt.date, StrEnum, None]  # noqa: UP007
Table: TypeAlias = Literal["cooperative", "member", "application"]


class Kind(StrEnum):
    """The kinds of value in the algebra."""

    BOOL = "bool"
    INT = "int"
    DATE = "date"
    ENUM = "enum"


@attrs.frozen
class ExprType:
    """An expression's type: its kind, its enum class, and whether it may be null."""

    kind: Kind
    enum: type[StrEnum] | None = None
    nullable: bool = False

    def __str__(self) -> str:
        """Render as ``int``, ``date?`` or ``enum CoopKind``."""
        base = f"enum {self.enum.__name__}" if self.enum else str(self.kind)
        return base + ("?" if self.nullable else "")

    def non_null(self) -> ExprType:
        """Return the same type without null."""
        return attrs.evolve(self, nullable=False)


BOOL = ExprType(Kind.BOOL)
INT = ExprType(Kind.INT)
DATE = ExprType(Kind.DATE)


def _enum(cls: type[StrEnum], *, nullable: bool = False) -> ExprType:
    return ExprType(Kind.ENUM, cls, nullable)


#: The enum classes a tree may mention, by name (for the JSON export).
ENUMS: Mapping[str, type[StrEnum]] = {
    cls.__name__: cls
    for cls in (CoopKind, Status, Gender, Education, Program, GuaranteeKind, Province)
}

#: The columns rules may read, with their types (field names of Art. 1.1-1.3).
SCHEMA: Mapping[tuple[Table, str], ExprType] = {
    ("cooperative", "coop_id"): INT,
    ("cooperative", "kind"): _enum(CoopKind),
    ("cooperative", "province"): _enum(Province),
    ("cooperative", "less_developed"): BOOL,
    ("cooperative", "border"): BOOL,
    ("cooperative", "status"): _enum(Status),
    ("cooperative", "registered_on"): DATE,
    ("cooperative", "equity"): INT,
    ("cooperative", "outstanding_guarantees"): INT,
    ("cooperative", "overdue_debt"): INT,
    ("cooperative", "insurance_arrears"): INT,
    ("cooperative", "last_assembly_on"): ExprType(Kind.DATE, nullable=True),
    ("cooperative", "kb_certified_from"): ExprType(Kind.DATE, nullable=True),
    ("cooperative", "kb_certified_until"): ExprType(Kind.DATE, nullable=True),
    ("member", "national_code"): INT,
    ("member", "gender"): _enum(Gender),
    ("member", "birth_date"): DATE,
    ("member", "disabled"): BOOL,
    ("member", "joined_on"): DATE,
    ("member", "left_on"): ExprType(Kind.DATE, nullable=True),
    ("member", "employed_since"): ExprType(Kind.DATE, nullable=True),
    ("member", "insured_wage"): INT,
    ("member", "income_decile"): ExprType(Kind.INT, nullable=True),
    ("member", "education"): _enum(Education, nullable=True),
    ("application", "program"): _enum(Program),
    ("application", "applied_on"): DATE,
    ("application", "requested_amount"): INT,
    ("application", "jobs_committed"): INT,
    ("application", "guarantee_kind"): _enum(GuaranteeKind, nullable=True),
    ("application", "guarantee_days"): ExprType(Kind.INT, nullable=True),
}


def _fail(node: Expr, reason: str) -> ExpressionTypeError:
    return ExpressionTypeError(f"{reason}, in the expression {node}")


def _nullable(*children: Expr) -> bool:
    return any(c.type.nullable for c in children)


class Expr:
    """Base of every node: operators build bigger trees (``==`` stays structural).

    Use ``a < b``, ``a <= b``, ``a > b``, ``a >= b``, ``a.eq(b)``, ``a.ne(b)`` to
    compare,
    ``&``, ``|``, ``~`` for and/or/not, ``+``, ``-``, ``*`` for exact arithmetic.
    Python values on either side are wrapped as literals.
    """

    __slots__ = ()

    if TYPE_CHECKING:
        type: ExprType

    def children(self) -> tuple[Expr, ...]:
        """Return the node's sub-expressions, in order."""
        return ()

    def _infer(self) -> ExprType:
        raise NotImplementedError

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "type", self._infer())

    # comparisons -----------------------------------------------------------------
    def __lt__(self, other: Operand) -> Compare:
        return Compare("<", self, lit(other))

    def __le__(self, other: Operand) -> Compare:
        return Compare("<=", self, lit(other))

    def __gt__(self, other: Operand) -> Compare:
        return Compare(">", self, lit(other))

    def __ge__(self, other: Operand) -> Compare:
        return Compare(">=", self, lit(other))

    def eq(self, other: Operand) -> Compare:
        """Return ``self == other`` as an expression."""
        return Compare("==", self, lit(other))

    def ne(self, other: Operand) -> Compare:
        """Return ``self != other`` as an expression."""
        return Compare("!=", self, lit(other))

    def is_in(self, values: Iterable[bool | int | dt.date | StrEnum]) -> IsIn:
        """Return "self is one of values" as an expression."""
        return IsIn(self, frozenset(values))

    # logic -----------------------------------------------------------------------
    def __and__(self, other: Operand) -> All:
        return All((self, lit(other)))

    def __or__(self, other: Operand) -> Any_:
        return Any_((self, lit(other)))

    def __invert__(self) -> Not:
        return Not(self)

    # arithmetic ------------------------------------------------------------------
    def __add__(self, other: Operand) -> Arith:
        return Arith("+", self, lit(other))

    def __radd__(self, other: Operand) -> Arith:
        return Arith("+", lit(other), self)

    def __sub__(self, other: Operand) -> Arith:
        return Arith("-", self, lit(other))

    def __rsub__(self, other: Operand) -> Arith:
        return Arith("-", lit(other), self)

    def __mul__(self, other: Operand) -> Arith:
        return Arith("*", self, lit(other))

    def __rmul__(self, other: Operand) -> Arith:
        return Arith("*", lit(other), self)

    def named(self, label_en: str, label_fa: str) -> Named:
        """Attach the labels an explanation shows beside this expression's value."""
        return Named(self, label_en, label_fa)


Operand: TypeAlias = Union[Expr, bool, int, dt.date, StrEnum]  # noqa: UP007


def lit(value: Operand) -> Expr:
    """Wrap a Python value as a literal; an expression is returned as it is."""
    if isinstance(value, Expr):
        return value
    return Literal_(value)


@attrs.frozen(cache_hash=True, order=False, repr=False)
class Literal_(Expr):  # noqa: N801 - `Literal` is typing's
    """A constant: a bool, an int, a date (a calendar day) or an enum member."""

    value: bool | int | dt.date | StrEnum
    # the type takes part in equality: ``0 == False`` in Python, not in the algebra
    type: ExprType = attrs.field(init=False, eq=True)

    def _infer(self) -> ExprType:
        v = self.value
        if isinstance(v, bool):
            return BOOL
        if isinstance(v, StrEnum):
            return _enum(type(v))
        if isinstance(v, int):
            if not -(2**63) <= v < 2**63:
                msg = f"the literal {v} does not fit in int64"
                raise ExpressionTypeError(msg)
            return INT
        if isinstance(v, dt.datetime) or not isinstance(v, dt.date):
            msg = f"a literal must be a bool, int, date or enum, not {v!r}"
            raise ExpressionTypeError(msg)
        return DATE

    def __str__(self) -> str:
        v = self.value
        if isinstance(v, StrEnum):
            return f"{type(v).__name__}.{v.name}"
        return repr(v) if not isinstance(v, dt.date) else v.isoformat()


@attrs.frozen(cache_hash=True, order=False, repr=False)
class Column(Expr):
    """A field of the cooperative, of a member (in an aggregate), or the application."""

    table: Table
    name: str
    type: ExprType = attrs.field(init=False, eq=False)

    def _infer(self) -> ExprType:
        try:
            return SCHEMA[(self.table, self.name)]
        except KeyError:
            known = sorted(n for t, n in SCHEMA if t == self.table)
            msg = f"unknown {self.table} column {self.name!r}; known: {known}"
            raise ExpressionTypeError(msg) from None

    def __str__(self) -> str:
        return f"{self.table}.{self.name}"


@attrs.frozen(cache_hash=True, order=False, repr=False)
class Param(Expr):
    """A dated parameter, looked up at the evaluation date (Art. 0.4).

    With a ``key`` (an enum expression) the leaf is ``name + "." + key's value``, e.g.
    ``quorum.min_members.consumer`` for a consumer cooperative.
    """

    name: str
    key: Expr | None = None
    type: ExprType = attrs.field(init=False, eq=False)

    def children(self) -> tuple[Expr, ...]:
        return () if self.key is None else (self.key,)

    def _infer(self) -> ExprType:
        if self.key is not None and self.key.type.kind is not Kind.ENUM:
            raise _fail(self, f"a parameter key must be an enum, not {self.key.type}")
        return ExprType(Kind.INT, nullable=self.key is not None and _nullable(self.key))

    def __str__(self) -> str:
        return (
            f"param({self.name!r})"
            if self.key is None
            else (f"param({self.name!r}, {self.key})")
        )


@attrs.frozen(cache_hash=True, order=False, repr=False)
class On(Expr):
    """The evaluation date ``on`` (Art. 0.3)."""

    type: ExprType = attrs.field(init=False, eq=False)

    def _infer(self) -> ExprType:
        return DATE

    def __str__(self) -> str:
        return "on"


_ORDERED = {Kind.INT, Kind.DATE}
CompareOp: TypeAlias = Literal["<", "<=", ">", ">=", "==", "!="]


@attrs.frozen(cache_hash=True, order=False, repr=False)
class Compare(Expr):
    """A comparison of two values of one type; ``False`` when either is null.

    ``<``, ``<=``, ``>``, ``>=`` need whole numbers or dates; ``==`` and ``!=`` also
    take
    booleans and members of the same enum.
    """

    op: CompareOp
    left: Expr
    right: Expr
    type: ExprType = attrs.field(init=False, eq=False)

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)

    def _infer(self) -> ExprType:
        lt, rt = self.left.type, self.right.type
        if (lt.kind, lt.enum) != (rt.kind, rt.enum):
            raise _fail(self, f"cannot compare {lt} with {rt}")
        if self.op not in ("==", "!=") and lt.kind not in _ORDERED:
            raise _fail(self, f"{self.op} needs numbers or dates, not {lt}")
        return BOOL

    def __str__(self) -> str:
        return f"({self.left} {self.op} {self.right})"


def _bools(node: Expr, args: tuple[Expr, ...]) -> ExprType:
    for a in args:
        if a.type != BOOL:
            raise _fail(node, f"{a} is {a.type}, not bool")
    return BOOL


@attrs.frozen(cache_hash=True, order=False, repr=False)
class All(Expr):
    """True when every operand is true (``&``)."""

    args: tuple[Expr, ...]
    type: ExprType = attrs.field(init=False, eq=False)

    def children(self) -> tuple[Expr, ...]:
        return self.args

    def _infer(self) -> ExprType:
        if not self.args:
            raise _fail(self, "all() needs at least one operand")
        return _bools(self, self.args)

    def __and__(self, other: Operand) -> All:
        return All((*self.args, lit(other)))

    def __str__(self) -> str:
        return "(" + " & ".join(map(str, self.args)) + ")"


@attrs.frozen(cache_hash=True, order=False, repr=False)
class Any_(Expr):  # noqa: N801 - `Any` is typing's
    """True when some operand is true (``|``)."""

    args: tuple[Expr, ...]
    type: ExprType = attrs.field(init=False, eq=False)

    def children(self) -> tuple[Expr, ...]:
        return self.args

    def _infer(self) -> ExprType:
        if not self.args:
            raise _fail(self, "any() needs at least one operand")
        return _bools(self, self.args)

    def __or__(self, other: Operand) -> Any_:
        return Any_((*self.args, lit(other)))

    def __str__(self) -> str:
        return "(" + " | ".join(map(str, self.args)) + ")"


@attrs.frozen(cache_hash=True, order=False, repr=False)
class Not(Expr):
    """Negation (``~``)."""

    arg: Expr
    type: ExprType = attrs.field(init=False, eq=False)

    def children(self) -> tuple[Expr, ...]:
        return (self.arg,)

    def _infer(self) -> ExprType:
        return _bools(self, (self.arg,))

    def __str__(self) -> str:
        return f"~{self.arg}"


def _ints(node: Expr, args: tuple[Expr, ...]) -> ExprType:
    for a in args:
        if a.type.kind is not Kind.INT:
            raise _fail(node, f"{a} is {a.type}, not int")
    return ExprType(Kind.INT, nullable=_nullable(*args))


ArithOp: TypeAlias = Literal["+", "-", "*"]


@attrs.frozen(cache_hash=True, order=False, repr=False)
class Arith(Expr):
    """Exact ``+``, ``-`` or ``*`` of whole numbers; leaving int64 is an error."""

    op: ArithOp
    left: Expr
    right: Expr
    type: ExprType = attrs.field(init=False, eq=False)

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)

    def _infer(self) -> ExprType:
        return _ints(self, (self.left, self.right))

    def __str__(self) -> str:
        return f"({self.left} {self.op} {self.right})"


@attrs.frozen(cache_hash=True, order=False, repr=False)
class MinMax(Expr):
    """The smallest (``min``) or largest (``max``) of whole numbers or dates."""

    op: Literal["min", "max"]
    args: tuple[Expr, ...]
    type: ExprType = attrs.field(init=False, eq=False)

    def children(self) -> tuple[Expr, ...]:
        return self.args

    def _infer(self) -> ExprType:
        if len(self.args) < 2:
            raise _fail(self, f"{self.op}() needs two or more operands")
        first = self.args[0].type.non_null()
        if first.kind not in _ORDERED:
            raise _fail(self, f"{self.op}() needs numbers or dates, not {first}")
        for a in self.args[1:]:
            if a.type.non_null() != first:
                raise _fail(self, f"cannot mix {first} and {a.type}")
        return ExprType(first.kind, nullable=_nullable(*self.args))

    def __str__(self) -> str:
        return f"{self.op}(" + ", ".join(map(str, self.args)) + ")"


@attrs.frozen(cache_hash=True, order=False, repr=False)
class Div(Expr):
    """Exact ``numerator / denominator``, rounded as named; null unless divisor > 0.

    ``floor`` and ``ceil`` are the mathematical ones; ``half_up`` rounds halves toward
    positive infinity (``floor(x + 1/2)``). The rules only divide by positive numbers
    (member counts, grants, constants); a divisor of 0 or less gives null, so a
    cooperative with no members gives no share rather than an error.
    """

    numerator: Expr
    denominator: Expr
    rounding: Rounding
    type: ExprType = attrs.field(init=False, eq=False)

    def children(self) -> tuple[Expr, ...]:
        return (self.numerator, self.denominator)

    def _infer(self) -> ExprType:
        t = _ints(self, (self.numerator, self.denominator))
        d = self.denominator
        never_zero = (
            isinstance(d, Literal_) and isinstance(d.value, int) and d.value > 0
        )
        return ExprType(Kind.INT, nullable=t.nullable or not never_zero)

    def __str__(self) -> str:
        return f"div({self.numerator}, {self.denominator}, {self.rounding})"


@attrs.frozen(cache_hash=True, order=False, repr=False)
class Where(Expr):
    """``then`` where ``condition`` holds, else ``otherwise`` (both are evaluated)."""

    condition: Expr
    then: Expr
    otherwise: Expr
    type: ExprType = attrs.field(init=False, eq=False)

    def children(self) -> tuple[Expr, ...]:
        return (self.condition, self.then, self.otherwise)

    def _infer(self) -> ExprType:
        _bools(self, (self.condition,))
        a, b = self.then.type, self.otherwise.type
        if a.non_null() != b.non_null():
            raise _fail(self, f"branches differ: {a} and {b}")
        return attrs.evolve(a, nullable=a.nullable or b.nullable)

    def __str__(self) -> str:
        return f"where({self.condition}, {self.then}, {self.otherwise})"


@attrs.frozen(cache_hash=True, order=False, repr=False)
class IsIn(Expr):
    """True when the value is one of a fixed set of literals; ``False`` when null."""

    arg: Expr
    values: frozenset[bool | int | dt.date | StrEnum]
    type: ExprType = attrs.field(init=False, eq=False)

    def children(self) -> tuple[Expr, ...]:
        return (self.arg,)

    def _infer(self) -> ExprType:
        want = self.arg.type.non_null()
        for v in self.values:
            got = Literal_(v).type
            if got != want:
                raise _fail(self, f"{v!r} is {got}, not {want}")
        return BOOL

    def __str__(self) -> str:
        shown = ", ".join(sorted(str(Literal_(v)) for v in self.values))
        return f"({self.arg} in {{{shown}}})"


@attrs.frozen(cache_hash=True, order=False, repr=False)
class IsSet(Expr):
    """True when the value is recorded (not null)."""

    arg: Expr
    type: ExprType = attrs.field(init=False, eq=False)

    def children(self) -> tuple[Expr, ...]:
        return (self.arg,)

    def _infer(self) -> ExprType:
        return BOOL

    def __str__(self) -> str:
        return f"is_set({self.arg})"


@attrs.frozen(cache_hash=True, order=False, repr=False)
class Coalesce(Expr):
    """The value, or ``default`` where it is null."""

    arg: Expr
    default: Expr
    type: ExprType = attrs.field(init=False, eq=False)

    def children(self) -> tuple[Expr, ...]:
        return (self.arg, self.default)

    def _infer(self) -> ExprType:
        a, d = self.arg.type, self.default.type
        if a.non_null() != d.non_null():
            raise _fail(self, f"default is {d}, value is {a}")
        return d

    def __str__(self) -> str:
        return f"coalesce({self.arg}, {self.default})"


def _dates(node: Expr, args: tuple[Expr, ...]) -> bool:
    for a in args:
        if a.type.kind is not Kind.DATE:
            raise _fail(node, f"{a} is {a.type}, not a date")
    return _nullable(*args)


@attrs.frozen(cache_hash=True, order=False, repr=False)
class AgeYears(Expr):
    """Age in full Jalali years of ``birth`` at ``at`` (Art. 2.2)."""

    birth: Expr
    at: Expr
    type: ExprType = attrs.field(init=False, eq=False)

    def children(self) -> tuple[Expr, ...]:
        return (self.birth, self.at)

    def _infer(self) -> ExprType:
        return ExprType(Kind.INT, nullable=_dates(self, (self.birth, self.at)))

    def __str__(self) -> str:
        return f"age({self.birth}, {self.at})"


@attrs.frozen(cache_hash=True, order=False, repr=False)
class FiscalYear(Expr):
    """The Jalali fiscal year (a whole number such as 1399) of a date (Art. 0.2)."""

    arg: Expr
    type: ExprType = attrs.field(init=False, eq=False)

    def children(self) -> tuple[Expr, ...]:
        return (self.arg,)

    def _infer(self) -> ExprType:
        return ExprType(Kind.INT, nullable=_dates(self, (self.arg,)))

    def __str__(self) -> str:
        return f"fiscal_year({self.arg})"


@attrs.frozen(cache_hash=True, order=False, repr=False)
class AddMonths(Expr):
    """A date plus whole Jalali months, clamped to the month's last day (Art. 4.4)."""

    date: Expr
    months: Expr
    type: ExprType = attrs.field(init=False, eq=False)

    def children(self) -> tuple[Expr, ...]:
        return (self.date, self.months)

    def _infer(self) -> ExprType:
        nullable = _dates(self, (self.date,))
        t = _ints(self, (self.months,))
        return ExprType(Kind.DATE, nullable=nullable or t.nullable)

    def __str__(self) -> str:
        return f"add_months({self.date}, {self.months})"


@attrs.frozen(cache_hash=True, order=False, repr=False)
class MonthDays(Expr):
    """The number of days (29-31) of the Jalali month of a date (Art. 5.1)."""

    arg: Expr
    type: ExprType = attrs.field(init=False, eq=False)

    def children(self) -> tuple[Expr, ...]:
        return (self.arg,)

    def _infer(self) -> ExprType:
        return ExprType(Kind.INT, nullable=_dates(self, (self.arg,)))

    def __str__(self) -> str:
        return f"month_days({self.arg})"


def _member_only(node: Expr, arg: Expr) -> None:
    for sub in walk(arg):
        if isinstance(sub, Aggregate):
            raise _fail(node, "aggregates do not nest")
        if isinstance(sub, Column) and sub.table == "application":
            raise _fail(node, "a member aggregate cannot read the application")


@attrs.frozen(cache_hash=True, order=False, repr=False)
class Aggregate(Expr):
    """``count`` of the members where ``where`` holds, or ``sum`` of their ``value``.

    Inside, ``member.*`` columns refer to each member; cooperative columns and ``on``
    are the row's. A null ``value`` is an error-free null in the sum: use ``coalesce``.
    """

    op: Literal["count", "sum"]
    where: Expr
    value: Expr | None = None
    type: ExprType = attrs.field(init=False, eq=False)

    def children(self) -> tuple[Expr, ...]:
        return (self.where,) if self.value is None else (self.where, self.value)

    def _infer(self) -> ExprType:
        _bools(self, (self.where,))
        _member_only(self, self.where)
        if self.op == "sum":
            if self.value is None:
                raise _fail(self, "sum needs a value")
            t = _ints(self, (self.value,))
            if t.nullable:
                raise _fail(self, "sum of a nullable value: coalesce it first")
            _member_only(self, self.value)
        elif self.value is not None:
            raise _fail(self, "count takes no value")
        return INT

    def __str__(self) -> str:
        if self.op == "count":
            return f"count_members({self.where})"
        return f"sum_members({self.value}, {self.where})"


@attrs.frozen(cache_hash=True, order=False, repr=False)
class Named(Expr):
    """An expression with English and Persian labels for explanations."""

    arg: Expr
    label_en: str
    label_fa: str
    type: ExprType = attrs.field(init=False, eq=False)

    def children(self) -> tuple[Expr, ...]:
        return (self.arg,)

    def _infer(self) -> ExprType:
        return self.arg.type

    def __str__(self) -> str:
        return str(self.arg)


def walk(expr: Expr) -> Iterable[Expr]:
    """Yield ``expr`` and every sub-expression, parents first."""
    stack = [expr]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children()))


def replace_on(expr: Expr, day: Expr) -> Expr:
    """Return ``expr`` with every ``on`` replaced by the date tree ``day``.

    The tree then means what ``expr`` means on the day ``day`` names (parameters
    are still read on the evaluation date).

    >>> import datetime
    >>> from coopmodel.rules import ON, lit
    >>> day = lit(datetime.date(2021, 1, 1))
    >>> str(replace_on(ON <= lit(datetime.date(2020, 3, 20)), day))
    '(2021-01-01 <= 2020-03-20)'
    """
    if day.type.kind is not Kind.DATE:
        msg = f"replace_on needs a date tree, not {day.type}: {day}"
        raise ExpressionTypeError(msg)
    if isinstance(expr, On):
        return day
    changes: dict[str, object] = {}
    for field in attrs.fields(type(expr)):  # type: ignore[arg-type]
        if not field.init:
            continue
        value = getattr(expr, field.name)
        if isinstance(value, Expr):
            new = replace_on(value, day)
            if new is not value:
                changes[field.name] = new
        elif isinstance(value, tuple) and value and isinstance(value[0], Expr):
            replaced = tuple(replace_on(v, day) for v in value)
            if any(a is not b for a, b in zip(replaced, value, strict=True)):
                changes[field.name] = replaced
    return attrs.evolve(expr, **changes) if changes else expr  # type: ignore[misc]


def _check_member_scope(expr: Expr) -> None:
    """Refuse member columns outside an aggregate (no single value per row)."""
    stack: list[tuple[Expr, bool]] = [(expr, False)]
    while stack:
        node, inside = stack.pop()
        if isinstance(node, Column) and node.table == "member" and not inside:
            msg = f"{node} is read outside count_members/sum_members"
            raise ExpressionTypeError(msg)
        inner = inside or isinstance(node, Aggregate)
        stack.extend((c, inner) for c in node.children())


def check_row_expression(expr: Expr) -> Expr:
    """Check that a tree has one value per row (no bare member column); return it."""
    _check_member_scope(expr)
    return expr


def columns_read(expr: Expr) -> frozenset[tuple[Table, str]]:
    """Return the columns a tree reads, so a run can load only those."""
    return frozenset((n.table, n.name) for n in walk(expr) if isinstance(n, Column))


def parameters_read(expr: Expr) -> frozenset[str]:
    """Return the parameter names (or key prefixes) a tree reads."""
    return frozenset(n.name for n in walk(expr) if isinstance(n, Param))
