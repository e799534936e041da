"""Conditions: a code, an article, English and Persian titles, and a boolean test.

Condition codes (``C1``, ``G1``, ...) are stable API. A condition evaluated on one
cooperative gives a :class:`ConditionResult` that says whether it passed and shows the
values that decided it, e.g. ``C2 quorum: counted members 5 < 7 (Art. 2.5)``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

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

if TYPE_CHECKING:
    from coopmodel.rules._render import Lines

__all__ = [
    "REFERENCE",
    "Condition",
    "ConditionResult",
    "Explainer",
    "Language",
    "format_value",
]

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
        return self.explain(passed, _Evaluated(context), REFERENCE)

    def explain(
        self,
        passed: bool,
        values: Any,  # noqa: ANN401 - a mapping or a sequence, as `explainer` reads it
        explainer: Explainer,
    ) -> ConditionResult:
        """Explain a result from the values of the test's parts (see Explainer)."""
        return ConditionResult(
            condition=self,
            passed=passed,
            detail_en=explainer.why(self.test, "en")(values, passed),
            detail_fa=explainer.why(self.test, "fa")(values, passed),
        )

    def render(
        self,
        passed: bool,
        values: Any,  # noqa: ANN401 - a mapping or a sequence, as `explainer` reads it
        explainer: Explainer,
        lang: Language = "en",
    ) -> str:
        """Render a result in one language from the values of the test's parts."""
        return explainer.line(self, lang)(values, passed)


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


#: ``render(values)``: one side of a comparison, with its labels and values.
_Side: TypeAlias = Callable[[Any], str]
#: ``render(values, want)``: why a boolean part is ``want``.
_Why: TypeAlias = Callable[[Any, bool], str]

_ARITH_SYMBOL = {"+": "+", "-": "−", "*": "×"}
_KEPT = 1 << 14


def _formatter(node: Expr, lang: Language) -> Callable[[Scalar], str]:
    """Return :func:`format_value` for the values of ``node``'s type."""
    t = node.type
    if t.nullable:
        return lambda value: format_value(value, lang)
    match t.kind:
        case Kind.BOOL:
            yes, no = _word("yes", lang), _word("no", lang)
            return lambda value: yes if value else no
        case Kind.ENUM:
            return lambda value: value.value  # type: ignore[union-attr]
        case Kind.DATE:
            digits: Literal["latin", "persian"] = "latin" if lang == "en" else "persian"
            return lambda value: format_jalali(value, digits=digits)
        case Kind.INT:
            return _int_en if lang == "en" else _int_fa


def _int_en(value: Scalar) -> str:
    # as format_value: digits of amounts grouped, not of years and small counts
    return f"{value:,}" if abs(value) >= 10_000 else str(value)  # type: ignore[arg-type]


def _int_fa(value: Scalar) -> str:
    return to_persian_digits(_int_en(value).replace(",", "٬"))


class Explainer:
    """Builds, once per part and language, the functions that render explanations.

    A condition's explanation shows the values of parts of its test; ``key_of(part)``
    says where a part's value is in the ``values`` the functions are given
    (``values[key_of(part)]``): the tuple a compiled function returns and its
    positions, or (:data:`REFERENCE`) a mapping from the parts themselves.
    """

    __slots__ = ("_key_of", "_lines", "_sides", "_texts", "_whys")

    def __init__(self, key_of: Callable[[Expr], Hashable]) -> None:
        """Read each part's value at ``values[key_of(part)]``."""
        self._key_of = key_of
        self._sides: dict[tuple[Expr, Language], _Side] = {}
        self._whys: dict[tuple[Expr, Language], _Why] = {}
        # by the condition's id, with the condition kept so that the id stays its own
        self._lines: dict[tuple[int, Language], tuple[Condition, _Why]] = {}
        # by language, then by the id of the conditions, kept so that the id stays
        self._texts: dict[Language, dict[int, tuple[tuple[Condition, ...], Lines]]] = {}

    def lines(self, conditions: tuple[Condition, ...], lang: Language) -> Lines:
        r"""Return ``render(values, passed)``: every condition's line, one function.

        Its text is ``"\n".join(line(c, lang)(values, p) for c, p in ...)``; the
        function is generated once per tuple of conditions (see
        :mod:`coopmodel.rules._render`).
        """
        kept = self._texts.get(lang)
        if kept is None:
            if len(self._texts) >= 8:  # any language but "en" is Persian
                self._texts.clear()
            kept = self._texts[lang] = {}
        found = kept.get(id(conditions))
        if found is not None:
            return found[1]
        if len(kept) >= _KEPT:
            kept.clear()
        from coopmodel.rules._render import compile_lines  # noqa: PLC0415 - it imports us

        render, _ = compile_lines(conditions, self._key_of, lang)
        kept[id(conditions)] = (conditions, render)
        return render

    def line(self, condition: Condition, lang: Language) -> _Why:
        """Return the renderer of a condition's line (see ConditionResult.render)."""
        found = self._lines.get((id(condition), lang))
        if found is not None:
            return found[1]
        if len(self._lines) >= _KEPT:
            self._lines.clear()
        why = self.why(condition.test, lang)
        art = (
            condition.article if lang == "en" else to_persian_digits(condition.article)
        )
        head = f"{condition.code} {condition.title(lang)}: "
        cite = f" ({_word('art', lang)} {art}) — "
        held, failed = _word("passed", lang), _word("failed", lang)

        def render(values: Any, passed: bool) -> str:  # noqa: ANN401
            return f"{head}{why(values, passed)}{cite}{held if passed else failed}"

        self._lines[id(condition), lang] = (condition, render)
        return render

    def side(self, node: Expr, lang: Language) -> _Side:
        """Return the renderer of one side: its label (if any) and its value."""
        found = self._sides.get((node, lang))
        if found is None:
            if len(self._sides) >= _KEPT:
                self._sides.clear()
            found = self._sides[node, lang] = self._build_side(node, lang)
        return found

    def why(self, node: Expr, lang: Language) -> _Why:
        """Return the renderer of why ``node`` is ``want``: the parts that did it."""
        found = self._whys.get((node, lang))
        if found is None:
            if len(self._whys) >= _KEPT:
                self._whys.clear()
            found = self._whys[node, lang] = self._build_why(node, lang)
        return found

    def _build_side(self, node: Expr, lang: Language) -> _Side:
        if isinstance(node, Arith):
            # show the operands, which carry the labels, rather than the product
            symbol = _ARITH_SYMBOL[node.op]
            left, right = self.side(node.left, lang), self.side(node.right, lang)
            return lambda values: f"{left(values)} {symbol} {right(values)}"
        prefix, key, fmt = self._plain_side(node, lang)
        if not prefix:
            return lambda values: fmt(values[key])
        return lambda values: f"{prefix}{fmt(values[key])}"

    def _plain_side(
        self, node: Expr, lang: Language
    ) -> tuple[str, Hashable, Callable[[Scalar], str]]:
        """Return a one-value side: its label and a space (or ""), key, format."""
        match node:
            case Named(label_en=en, label_fa=fa):
                prefix = f"{en if lang == 'en' else fa} "
            case Column(name=name):
                prefix = f"{name} "
            case On():
                prefix = f"{_word('on', lang)} "
            case _:
                prefix = ""
        return prefix, self._key_of(node), _formatter(node, lang)

    def _build_why(self, node: Expr, lang: Language) -> _Why:
        match node:
            case Named(arg=arg, label_en=en, label_fa=fa) if arg.type.kind is Kind.BOOL:
                label = en if lang == "en" else fa
                inner = self.why(arg, lang)
                return lambda values, want: f"{label}: {inner(values, want)}"
            case Compare(op=op, left=left, right=right):
                held, failed = f" {_SYMBOL[op]} ", f" {_SYMBOL[_NEGATED[op]]} "
                if not isinstance(left, Arith) and not isinstance(right, Arith):
                    # the common case, in one function: two values with their labels
                    pa, ka, show_a = self._plain_side(left, lang)
                    pb, kb, show_b = self._plain_side(right, lang)
                    return lambda values, want: (
                        f"{pa}{show_a(values[ka])}{held if want else failed}"
                        f"{pb}{show_b(values[kb])}"
                    )
                a, b = self.side(left, lang), self.side(right, lang)
                return lambda values, want: (
                    f"{a(values)}{held if want else failed}{b(values)}"
                )
            case All(args=args) | Any_(args=args):
                parts = tuple(
                    (self._key_of(a), self.why(a, lang), isinstance(a, IsSet))
                    for a in args
                )
                joiner = _word("and", lang)
                some_unset = any(p[2] for p in parts)

                def why(values: Any, want: bool) -> str:  # noqa: ANN401
                    # the parts whose value is the whole's value decided it: the
                    # false parts of a failed `and`, the true parts of an `or` that
                    # held, else every part
                    decisive = [p for p in parts if bool(values[p[0]]) == want]
                    # a part that fails because a value is not recorded says so once
                    if some_unset and not want:
                        unset = [p for p in decisive if p[2]]
                        if unset:
                            decisive = unset
                    return joiner.join(
                        [render(values, want) for _, render, _ in decisive]
                    )

                return why
            case Not(arg=arg):
                inner = self.why(arg, lang)
                return lambda values, want: inner(values, not want)
            case IsSet(arg=arg):
                is_set = f"{_label(arg, lang)} {_word('is set', lang)}"
                is_unset = f"{_label(arg, lang)} {_word('is unset', lang)}"
                return lambda _, want: is_set if want else is_unset
            case IsIn(arg=arg, values=members):
                shown = ", ".join(sorted(format_value(v, lang) for v in members))
                side = self.side(arg, lang)
                held = f"{_word('in', lang)} {{{shown}}}"
                failed = f"{_word('not', lang)}{held}"
                return lambda values, want: f"{side(values)} {held if want else failed}"
        side = self.side(node, lang)
        return lambda values, _: side(values)


class _Evaluated(dict[Expr, Scalar]):
    """The values of a tree's parts on one cooperative, evaluated when first read."""

    __slots__ = ("_context",)

    def __init__(self, context: ScalarContext) -> None:
        super().__init__()
        self._context = context

    def __missing__(self, node: Expr) -> Scalar:
        value = self[node] = evaluate_scalar(node, self._context)
        return value


def _identity(node: Expr) -> Expr:
    return node


#: Renders from a mapping of the parts to their values (the scalar interpreter's).
REFERENCE = Explainer(_identity)
