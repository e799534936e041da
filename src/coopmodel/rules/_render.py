"""Compiled explanations: the lines of some conditions rendered by one Python function.

:class:`~coopmodel.rules._conditions.Explainer` renders a condition's line through a
closure per part of its test, the readable reference. A decision renders the same
conditions again and again, so :func:`compile_lines` generates, once per set of
conditions, language and ``key_of``, the source of one function that writes every
line of them with f-strings:

* the verdict of each condition is known in each branch of ``if passed[i]``, so the
  decisive parts of an ``and``/``or`` are chosen by plain ``if`` tests and every
  word, label, symbol and citation is a constant piece of the f-string;
* each value is formatted by code for its type (grouped digits, Jalali dates through
  a cache, enum values), with :func:`format_value` where a nullable value is not of
  the type's usual class.

The text is the reference's, character for character; the property tests prove it
on random trees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, cast

from coopmodel.rules._conditions import (
    _ARITH_SYMBOL,
    _NEGATED,
    _SYMBOL,
    _formatter,
    _int_en,
    _int_fa,
    _label,
    _word,
    format_value,
)
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
)
from coopmodel.values._calendar import format_jalali
from coopmodel.values._digits import to_persian_digits

if TYPE_CHECKING:
    from coopmodel.rules._conditions import Condition, Language

__all__ = ["DAY_TEXTS", "Lines", "compile_lines"]

#: ``render(values, passed)``: every condition's line, joined by newlines.
Lines: TypeAlias = Callable[[Any, tuple[bool, ...]], str]

_KEPT = 1 << 14


class _Kept(dict[Any, str]):
    """Texts written by ``write`` once per key and kept (at most ``_KEPT`` of them)."""

    __slots__ = ("_write",)

    def __init__(self, write: Callable[[Any], str]) -> None:
        super().__init__()
        self._write = write

    def __missing__(self, key: Any) -> str:  # noqa: ANN401 - a day or an int
        if len(self) >= _KEPT:
            self.clear()
        text = self[key] = self._write(key)
        return text


def _day_writer(digits: Literal["latin", "persian"]) -> Callable[[dt.date], str]:
    return lambda day: format_jalali(day, digits=digits)


#: By whether the language is English: a day's Jalali text in its digits.
DAY_TEXTS = (_Kept(_day_writer("persian")), _Kept(_day_writer("latin")))

#: By whether the language is English: an int's text (grouped digits of amounts),
#: and its formatter. Only ``int`` itself is read here: ``True == 1`` but is written
#: "True" (the generated code checks the class first).
INT_TEXTS = (_Kept(_int_fa), _Kept(_int_en))
_INT_WRITERS = (_int_fa, _int_en)

#: A piece of text: a constant (``str``) or the Python expression of a value.
_Piece: TypeAlias = "str | _Code"


class _Code(str):
    """The source of a Python expression whose value is a piece of text."""

    __slots__ = ()


class _Scope(dict[tuple[str, Kind, bool], str]):
    """The values formatted into locals by statements that ran, and the indent."""

    __slots__ = ("indent",)

    def __init__(self, indent: str) -> None:
        super().__init__()
        self.indent = indent

    def enter(self) -> _Scope:
        """Return the scope of a block inside this one."""
        inner = _Scope(self.indent + "    ")
        inner.update(self)
        return inner


class _Writer:
    """Emit the source of one rendering function."""

    def __init__(self, key_of: Callable[[Expr], Hashable], lang: Language) -> None:
        self.key_of = key_of
        self.lang: Language = lang
        self.namespace: dict[str, object] = {
            "_fv": format_value,
            "_D": DAY_TEXTS[lang == "en"],
            "_I": INT_TEXTS[lang == "en"],
            "_int": _INT_WRITERS[lang == "en"],
            "_date": dt.date,
        }
        self.locals = 0

    def word(self, key: str) -> str:
        return _word(key, self.lang)

    def constant(self, value: object) -> str:
        name = f"k{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def local(self) -> str:
        self.locals += 1
        return f"t{self.locals}"

    def read(self, node: Expr) -> str:
        """Return the source that reads ``node``'s value from ``v``."""
        key = self.key_of(node)
        if type(key) is int:
            return f"v[{key}]"
        return f"v[{self.constant(key)}]"

    # ------------------------------------------------------------------ values
    def formatted(self, node: Expr, out: list[str], scope: _Scope) -> _Piece:
        """Return the source of ``node``'s value as text, with its statements.

        The statements go to ``out``; a value already formatted in ``scope`` (by
        statements that ran before) is read from its local.
        """
        t = node.type
        if isinstance(node, Literal_):
            # the value is the literal's: its text is known now
            return _formatter(node, self.lang)(node.value)
        value = self.read(node)
        if t.kind is Kind.BOOL and not t.nullable:
            yes, no = self.constant(self.word("yes")), self.constant(self.word("no"))
            return _Code(f"({yes} if {value} else {no})")
        if t.kind is Kind.ENUM and not t.nullable:
            return _Code(f"{value}._value_")  # an enum member's value
        if t.kind is Kind.DATE and not t.nullable:
            return _Code(f"_D[{value}]")
        known = scope.get((value, t.kind, t.nullable))
        if known is not None:
            return _Code(known)
        a = scope[value, t.kind, t.nullable] = self.local()
        lang = self.lang
        out.append(f"{scope.indent}{a} = {value}")
        if t.kind is Kind.INT:
            # an int's text as format_value writes it, kept; anything else (a
            # bool, None) through the reference's formatter
            other = f"_fv({a}, {lang!r})" if t.nullable else f"_int({a})"
            text = f"_I[{a}] if {a}.__class__ is int else {other}"
        elif t.kind is Kind.DATE:
            text = f"_D[{a}] if {a}.__class__ is _date else _fv({a}, {lang!r})"
        else:  # a nullable bool or enum
            text = f"_fv({a}, {lang!r})"
        out.append(f"{scope.indent}{a} = {text}")
        return _Code(a)

    def side(self, node: Expr, out: list[str], scope: _Scope) -> list[_Piece]:
        """Return the pieces of one side: its label (if any) and its value."""
        if isinstance(node, Arith):
            symbol = _ARITH_SYMBOL[node.op]
            left = self.side(node.left, out, scope)
            right = self.side(node.right, out, scope)
            return [*left, f" {symbol} ", *right]
        match node:
            case Named(label_en=en, label_fa=fa):
                prefix = f"{en if self.lang == 'en' else fa} "
            case Column(name=name):
                prefix = f"{name} "
            case On():
                prefix = f"{self.word('on')} "
            case _:
                prefix = ""
        return [prefix, self.formatted(node, out, scope)]

    # ------------------------------------------------------------------- whys
    def why(
        self, node: Expr, want: bool, out: list[str], scope: _Scope
    ) -> list[_Piece]:
        """Return the pieces of why ``node`` is ``want`` (see Explainer.why)."""
        lang = self.lang
        match node:
            case Named(arg=arg, label_en=en, label_fa=fa) if arg.type.kind is Kind.BOOL:
                label = en if lang == "en" else fa
                return [f"{label}: ", *self.why(arg, want, out, scope)]
            case Compare(op=op, left=left, right=right):
                symbol = _SYMBOL[op if want else _NEGATED[op]]
                a = self.side(left, out, scope)
                b = self.side(right, out, scope)
                return [*a, f" {symbol} ", *b]
            case All(args=args) | Any_(args=args):
                return [self.decisive(args, want, out, scope)]
            case Not(arg=arg):
                return self.why(arg, not want, out, scope)
            case IsSet(arg=arg):
                said = self.word("is set" if want else "is unset")
                return [f"{_label(arg, lang)} {said}"]
            case IsIn(arg=arg, values=members):
                shown = ", ".join(sorted(format_value(v, lang) for v in members))
                held = f"{self.word('in')} {{{shown}}}"
                return [
                    *self.side(arg, out, scope),
                    f" {held}" if want else f" {self.word('not')}{held}",
                ]
        return self.side(node, out, scope)

    def decisive(
        self, args: tuple[Expr, ...], want: bool, out: list[str], scope: _Scope
    ) -> _Code:
        """Join the parts whose value is ``want``; return the local holding it."""
        t = self.local()
        joiner = self.constant(self.word("and"))
        out.append(f"{scope.indent}{t} = None")

        def join(parts: tuple[Expr, ...], outer: _Scope) -> None:
            for part in parts:
                out.append(
                    f"{outer.indent}if {'' if want else 'not '}{self.read(part)}:"
                )
                inner = outer.enter()
                text = self.fstring(self.why(part, want, out, inner))
                out.append(
                    f"{inner.indent}{t} = {text} if {t} is None "
                    f"else {t} + {joiner} + {text}"
                )

        unset = tuple(a for a in args if isinstance(a, IsSet))
        if want or not unset:
            join(args, scope)
        else:
            # a part that fails because a value is not recorded says so once
            tests = " or ".join(f"not {self.read(a)}" for a in unset)
            out.append(f"{scope.indent}if {tests}:")
            join(unset, scope.enter())
            others = tuple(a for a in args if not isinstance(a, IsSet))
            if others:
                out.append(f"{scope.indent}else:")
                join(others, scope.enter())
        out.append(f'{scope.indent}if {t} is None: {t} = ""')
        return _Code(t)

    @staticmethod
    def fstring(pieces: list[_Piece]) -> str:
        """Return the source of an f-string writing the pieces, in order."""
        pieces = [p for p in pieces if p]
        if len(pieces) == 1 and isinstance(pieces[0], _Code):
            return pieces[0]
        template = "".join(
            f"{{{p}}}"
            if isinstance(p, _Code)
            else p.replace("{", "{{").replace("}", "}}")
            for p in pieces
        )
        return "f" + repr(template)


def compile_lines(
    conditions: tuple[Condition, ...],
    key_of: Callable[[Expr], Hashable],
    lang: Language,
) -> tuple[Lines, str]:
    r"""Generate the function rendering every condition's line; return it and source.

    ``render(values, passed)`` equals ``"\\n".join(explainer.line(c, lang)(values, p)
    for c, p in zip(conditions, passed))`` for an :class:`Explainer` of ``key_of``.
    """
    w = _Writer(key_of, lang)
    body: list[str] = []
    lines: list[str] = []
    art = w.word("art")
    for i, condition in enumerate(conditions):
        article = condition.article
        if lang != "en":
            article = to_persian_digits(article)
        head = f"{condition.code} {condition.title(lang)}: "
        line = w.local()
        lines.append(line)
        body.append(f"if passed[{i}]:")
        for want in (True, False):
            out: list[str] = []
            pieces = w.why(condition.test, want, out, _Scope("    "))
            verdict = w.word("passed" if want else "failed")
            text = w.fstring([head, *pieces, f" ({art} {article}) — {verdict}"])
            body += [*out, f"    {line} = {text}"]
            if want:
                body.append("else:")
    joined = "\n".join(f"{{{line}}}" for line in lines)
    body.append("return f" + repr(joined))
    source = "def render(v, passed):\n" + "".join(f"    {x}\n" for x in body)
    code = compile(source, "<coopmodel compiled explanation>", "exec")
    exec(code, w.namespace)  # noqa: S102 - source generated from the typed trees
    return cast("Lines", w.namespace["render"]), source
