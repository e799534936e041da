"""Conditions: a code, an article, English and Persian titles, and a boolean test.

Condition codes (``C1``, ``G1``, ...) are stable API. A condition evaluated on one
cooperative gives a :class:`ConditionResult` that says whether it passed and shows the
values that decided it, e.g. ``C2 quorum: counted members 5 < 7 (Art. 2.5)``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import StrEnum
from typing import Literal, TypeAlias

import attrs

from coopmodel._errors import ExpressionTypeError
from coopmodel.rules._expr import (
    All,
    Any_,
    Arith,
    Column,
    Compare,
    Expr,
    IsIn,
    IsSet,
    Kind,
    Named,
    Not,
    On,
    Scalar,
    check_row_expression,
)
from coopmodel.rules._scalar import ScalarContext, evaluate_scalar
from coopmodel.values._calendar import format_jalali
from coopmodel.values._digits import to_persian_digits

__all__ = ["Condition", "ConditionResult", "Language", "format_value"]

Language: TypeAlias = Literal["en", "fa"]

_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
_SYMBOL = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}
_WORDS: dict[str, tuple[str, str]] = {
    "yes": ("yes", "بله"),
    "no": ("no", "خیر"),
    "unset": ("not recorded", "ثبت نشده"),
    "on": ("on", "تاریخ ارزیابی"),
    "and": ("; ", "؛ "),
    "not": ("not ", "نه "),
    "in": ("in", "در"),
    "is set": ("is recorded", "ثبت شده است"),
    "is unset": ("is not recorded", "ثبت نشده است"),
    "passed": ("passed", "برقرار"),
    "failed": ("failed", "برقرار نیست"),
    "art": ("Art.", "ماده"),
}


def _word(key: str, lang: Language) -> str:
    en, fa = _WORDS[key]
    return en if lang == "en" else fa


def format_value(value: Scalar, lang: Language = "en") -> str:
    """Format a value for an explanation: Jalali dates, grouped digits, yes/no.

    >>> format_value(1399), format_value(1_200_000)
    ('1399', '1,200,000')
    >>> format_value(1_200_000, "fa")
    '۱٬۲۰۰٬۰۰۰'
    >>> import datetime
    >>> format_value(datetime.date(2020, 3, 20))
    '1399-01-01'
    """
    if value is None:
        return _word("unset", lang)
    if isinstance(value, bool):
        return _word("yes" if value else "no", lang)
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, int):
        # group digits of amounts, not of years and small counts (1399, 5000 bp)
        text = f"{value:,}" if abs(value) >= 10_000 else str(value)
        return text if lang == "en" else to_persian_digits(text.replace(",", "٬"))
    return format_jalali(value, digits="latin" if lang == "en" else "persian")


@attrs.frozen
class Condition:
    """One eligibility condition of the rulebook, with its code and article."""

    code: str
    article: str
    title_en: str
    title_fa: str
    test: Expr = attrs.field()

    @test.validator
    def _check_test(self, _: attrs.Attribute[Expr], test: Expr) -> None:
        if test.type.kind is not Kind.BOOL:
            msg = f"condition {self.code}: the test is {test.type}, not bool: {test}"
            raise ExpressionTypeError(msg)
        check_row_expression(test)

    def title(self, lang: Language = "en") -> str:
        """Return the title in English or Persian."""
        return self.title_en if lang == "en" else self.title_fa

    def evaluate(self, context: ScalarContext) -> ConditionResult:
        """Evaluate the condition on one cooperative and explain the result."""
        passed = bool(evaluate_scalar(self.test, context))
        return self.explain(passed, lambda node: evaluate_scalar(node, context))

    def explain(self, passed: bool, value: Callable[[Expr], Scalar]) -> ConditionResult:
        """Explain a result from the values of the test's parts (``value(node)``)."""
        return ConditionResult(
            condition=self,
            passed=passed,
            detail_en=_render(self.test, value, "en", want=passed),
            detail_fa=_render(self.test, value, "fa", want=passed),
        )

    def render(
        self,
        passed: bool,
        value: Callable[[Expr], Scalar],
        lang: Language = "en",
    ) -> str:
        """Render a result in one language from the values of the test's parts."""
        detail = _render(self.test, value, lang, want=passed)
        return _line(self, passed, detail, lang)


@attrs.frozen
class ConditionResult:
    """Whether a condition passed on one cooperative, and the values that decided it."""

    condition: Condition
    passed: bool
    detail_en: str
    detail_fa: str

    @property
    def code(self) -> str:
        """Return the condition's code."""
        return self.condition.code

    def render(self, lang: Language = "en") -> str:
        """Render as ``C2 quorum: counted members 5 < 7 (Art. 2.5)``."""
        detail = self.detail_en if lang == "en" else self.detail_fa
        return _line(self.condition, self.passed, detail, lang)


def _line(c: Condition, passed: bool, detail: str, lang: Language) -> str:
    art = c.article if lang == "en" else to_persian_digits(c.article)
    verdict = _word("passed" if passed else "failed", lang)
    cite = f"({_word('art', lang)} {art})"
    return f"{c.code} {c.title(lang)}: {detail} {cite} — {verdict}"


def _label(node: Expr, lang: Language) -> str:
    match node:
        case Named(label_en=en, label_fa=fa):
            return en if lang == "en" else fa
        case Column(name=name):
            return name
    return str(node)


#: ``render(value_of)``: one side of a comparison, with its labels and values.
_Side: TypeAlias = Callable[[Callable[[Expr], Scalar]], str]
#: ``render(value_of, want)``: why a boolean part is ``want``.
_Why: TypeAlias = Callable[[Callable[[Expr], Scalar], bool], str]

_ARITH_SYMBOL = {"+": "+", "-": "−", "*": "×"}


@functools.lru_cache(maxsize=4096)
def _side(node: Expr, lang: Language) -> _Side:
    """Return the renderer of one side: its label (if any) and its value."""
    if isinstance(node, Arith):
        # show the operands, which carry the labels, rather than the product
        symbol = _ARITH_SYMBOL[node.op]
        left, right = _side(node.left, lang), _side(node.right, lang)
        return lambda value_of: f"{left(value_of)} {symbol} {right(value_of)}"
    match node:
        case Named(label_en=en, label_fa=fa):
            prefix: str | None = en if lang == "en" else fa
        case Column(name=name):
            prefix = name
        case On():
            prefix = _word("on", lang)
        case _:
            prefix = None
    if prefix is None:
        return lambda value_of: format_value(value_of(node), lang)
    return lambda value_of: f"{prefix} {format_value(value_of(node), lang)}"


@functools.lru_cache(maxsize=4096)
def _why(node: Expr, lang: Language) -> _Why:
    """Return the renderer of why ``node`` is ``want``: the parts that made it so."""
    match node:
        case Named(arg=arg, label_en=en, label_fa=fa) if arg.type.kind is Kind.BOOL:
            label = en if lang == "en" else fa
            inner = _why(arg, lang)
            return lambda value_of, want: f"{label}: {inner(value_of, want)}"
        case Compare(op=op, left=left, right=right):
            a, b = _side(left, lang), _side(right, lang)
            held, failed = _SYMBOL[op], _SYMBOL[_NEGATED[op]]
            return lambda value_of, want: (
                f"{a(value_of)} {held if want else failed} {b(value_of)}"
            )
        case All(args=args) | Any_(args=args):
            parts = tuple((a, _why(a, lang), isinstance(a, IsSet)) for a in args)
            joiner = _word("and", lang)

            def why(value_of: Callable[[Expr], Scalar], want: bool) -> str:
                # the parts whose value is the whole's value decided it: the false
                # parts of a failed `and`, the true parts of an `or` that held, else
                # every part
                decisive = [p for p in parts if bool(value_of(p[0])) == want]
                # a part that fails because a value is not recorded says so once
                unset = [p for p in decisive if p[2]]
                if unset and not want:
                    decisive = unset
                return joiner.join(render(value_of, want) for _, render, _ in decisive)

            return why
        case Not(arg=arg):
            inner = _why(arg, lang)
            return lambda value_of, want: inner(value_of, not want)
        case IsSet(arg=arg):
            is_set = f"{_label(arg, lang)} {_word('is set', lang)}"
            is_unset = f"{_label(arg, lang)} {_word('is unset', lang)}"
            return lambda _, want: is_set if want else is_unset
        case IsIn(arg=arg, values=values):
            shown = ", ".join(sorted(format_value(v, lang) for v in values))
            side = _side(arg, lang)
            held = f"{_word('in', lang)} {{{shown}}}"
            failed = f"{_word('not', lang)}{held}"
            return lambda value_of, want: f"{side(value_of)} {held if want else failed}"
    side = _side(node, lang)
    return lambda value_of, _: side(value_of)


def _render(
    node: Expr, value_of: Callable[[Expr], Scalar], lang: Language, *, want: bool
) -> str:
    """Render why ``node`` is ``want``: the parts that made it so, with their values."""
    return _why(node, lang)(value_of, want)
