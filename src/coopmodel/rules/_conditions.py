"""Conditions: a code, an article, English and Persian titles, and a boolean test.

Condition codes (``C1``, ``G1``, ...) are stable API. A condition evaluated on one
cooperative gives a :class:`ConditionResult` that says whether it passed and shows the
values that decided it, e.g. ``C2 quorum: counted members 5 < 7 (Art. 2.5)``.
"""

from __future__ import annotations

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
    Literal_,
    Named,
    Not,
    On,
    Param,
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


def _side(node: Expr, value_of: Callable[[Expr], Scalar], lang: Language) -> str:
    if isinstance(node, Arith):
        # show the operands, which carry the labels, rather than the product
        symbol = {"+": "+", "-": "−", "*": "×"}[node.op]
        left = _side(node.left, value_of, lang)
        right = _side(node.right, value_of, lang)
        return f"{left} {symbol} {right}"
    value = format_value(value_of(node), lang)
    match node:
        case Named(label_en=en, label_fa=fa):
            return f"{en if lang == 'en' else fa} {value}"
        case Column(name=name):
            return f"{name} {value}"
        case On():
            return f"{_word('on', lang)} {value}"
        case Literal_() | Param():
            return value
    return value


def _render(
    node: Expr, value_of: Callable[[Expr], Scalar], lang: Language, *, want: bool
) -> str:
    """Render why ``node`` is ``want``: the parts that made it so, with their values."""
    match node:
        case Named(arg=arg, label_en=en, label_fa=fa) if arg.type.kind is Kind.BOOL:
            label = en if lang == "en" else fa
            return f"{label}: {_render(arg, value_of, lang, want=want)}"
        case Compare(op=op, left=left, right=right):
            shown = op if want else _NEGATED[op]
            a, b = _side(left, value_of, lang), _side(right, value_of, lang)
            return f"{a} {_SYMBOL[shown]} {b}"
        case All(args=args) | Any_(args=args):
            # the parts whose value is the whole's value decided it: the false parts
            # of a failed `and`, the true parts of an `or` that held, else every part
            decisive = [a for a in args if bool(value_of(a)) == want]
            # a part that fails because a value is not recorded says so once
            unset: list[Expr] = [a for a in decisive if isinstance(a, IsSet)]
            if unset and not want:
                decisive = unset
            return _word("and", lang).join(
                _render(a, value_of, lang, want=want) for a in decisive
            )
        case Not(arg=arg):
            return _render(arg, value_of, lang, want=not want)
        case IsSet(arg=arg):
            key = "is set" if want else "is unset"
            return f"{_label(arg, lang)} {_word(key, lang)}"
        case IsIn(arg=arg, values=values):
            shown = ", ".join(sorted(format_value(v, lang) for v in values))
            neg = "" if want else _word("not", lang)
            return f"{_side(arg, value_of, lang)} {neg}{_word('in', lang)} {{{shown}}}"
    return _side(node, value_of, lang)
