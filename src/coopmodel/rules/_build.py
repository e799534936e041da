"""Builders that make rule trees read like the rulebook.

>>> from coopmodel.rules import cooperative, member, count_members, param, ON
>>> counts = (member("joined_on") <= ON) & ~(member("left_on") <= ON)
>>> women = count_members(counts & member("gender").eq(Gender.FEMALE))
>>> test = women * 10_000 >= count_members(counts) * param("group.women.min_share_bp")
>>> test.type.kind
<Kind.BOOL: 'bool'>
"""

from __future__ import annotations

from coopmodel.records._enums import Gender  # noqa: F401 - used by the doctest
from coopmodel.rules._expr import (
    AddMonths,
    AgeYears,
    Aggregate,
    All,
    Any_,
    Coalesce,
    Column,
    Div,
    Expr,
    FiscalYear,
    IsSet,
    MinMax,
    MonthDays,
    Named,
    On,
    Operand,
    Param,
    Where,
    lit,
)
from coopmodel.values._money import Rounding

__all__ = [
    "ON",
    "add_months",
    "age",
    "all_of",
    "any_of",
    "application",
    "coalesce",
    "cooperative",
    "count_members",
    "div",
    "fiscal_year",
    "is_set",
    "lit",
    "maximum",
    "member",
    "minimum",
    "month_days",
    "named",
    "param",
    "rate",
    "select",
    "sum_members",
    "where",
]

#: The evaluation date (Art. 0.3).
ON = On()


def cooperative(name: str) -> Column:
    """Return a cooperative column (Art. 1.1)."""
    return Column("cooperative", name)


def member(name: str) -> Column:
    """Return a member column (Art. 1.2), read inside member aggregates."""
    return Column("member", name)


def application(name: str) -> Column:
    """Return an application column (Art. 1.3)."""
    return Column("application", name)


def param(name: str, key: Expr | None = None) -> Param:
    """Return a dated parameter at the evaluation date, keyed by an enum if given."""
    return Param(name, key)


def count_members(where: Operand) -> Aggregate:
    """Return the number of the cooperative's members for whom ``where`` holds."""
    return Aggregate("count", lit(where))


def sum_members(value: Operand, where: Operand) -> Aggregate:
    """Return the exact sum of ``value`` over the members for whom ``where`` holds."""
    return Aggregate("sum", lit(where), lit(value))


def where(condition: Operand, then: Operand, otherwise: Operand) -> Where:
    """Return ``then`` where ``condition`` holds, else ``otherwise``."""
    return Where(lit(condition), lit(then), lit(otherwise))


def select(cases: list[tuple[Operand, Operand]], default: Operand) -> Expr:
    """Return the value of the first case whose condition holds, else ``default``.

    The first matching tier wins, as ``numpy.select`` documents.
    """
    result = lit(default)
    for condition, value in reversed(cases):
        result = Where(lit(condition), lit(value), result)
    return result


def minimum(*args: Operand) -> MinMax:
    """Return the smallest of two or more numbers or dates."""
    return MinMax("min", tuple(lit(a) for a in args))


def maximum(*args: Operand) -> MinMax:
    """Return the largest of two or more numbers or dates."""
    return MinMax("max", tuple(lit(a) for a in args))


def div(numerator: Operand, denominator: Operand, rounding: Rounding) -> Div:
    """Return ``numerator / denominator`` rounded as named (null when dividing by 0)."""
    return Div(lit(numerator), lit(denominator), Rounding(rounding))


def rate(
    amount: Operand, rate_bp: Operand, rounding: Rounding, *, per: int = 10_000
) -> Div:
    """Return ``amount × rate_bp / per`` rounded as named (a rate in basis points)."""
    return Div(lit(amount) * lit(rate_bp), lit(per), Rounding(rounding))


def age(birth: Operand, at: Operand) -> AgeYears:
    """Return the age in full Jalali years of ``birth`` at ``at`` (Art. 2.2)."""
    return AgeYears(lit(birth), lit(at))


def fiscal_year(date: Operand) -> FiscalYear:
    """Return the Jalali fiscal year of a date (Art. 0.2)."""
    return FiscalYear(lit(date))


def add_months(date: Operand, months: Operand) -> AddMonths:
    """Return a date plus whole Jalali months, clamped to the month's end."""
    return AddMonths(lit(date), lit(months))


def month_days(date: Operand) -> MonthDays:
    """Return the number of days of the Jalali month that contains a date (Art. 5.1)."""
    return MonthDays(lit(date))


def is_set(value: Operand) -> IsSet:
    """Return whether a nullable value is recorded."""
    return IsSet(lit(value))


def coalesce(value: Operand, default: Operand) -> Coalesce:
    """Return the value, or ``default`` where it is null."""
    return Coalesce(lit(value), lit(default))


def all_of(*args: Operand) -> All:
    """Return true when every operand is true."""
    return All(tuple(lit(a) for a in args))


def any_of(*args: Operand) -> Any_:
    """Return true when some operand is true."""
    return Any_(tuple(lit(a) for a in args))


def named(expr: Operand, label_en: str, label_fa: str) -> Named:
    """Attach explanation labels to an expression."""
    return Named(lit(expr), label_en, label_fa)
