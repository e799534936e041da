"""Render documentation pages from the objects themselves, so the docs cannot drift.

The site's hook (``docs/hooks/coopmodel_docs.py``) calls :func:`catalogue_markdown`
for the rule catalogue and :func:`cli_markdown` for the commands' usage while the site
is built. Both read whatever the catalogue and the parser hold at that moment: a
program, condition or command added to the code appears in the docs without an edit.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeGuard
from unittest import mock

from coopmodel.rules._conditions import Condition

__all__ = [
    "COMMANDS",
    "CatalogueCondition",
    "catalogue_conditions",
    "catalogue_markdown",
    "cli_markdown",
    "command_help",
    "layout_expression",
    "program_conditions_markdown",
]

#: The commands of ``coopmodel``, in the order the CLI page shows them.
COMMANDS: tuple[str, ...] = (
    "run",
    "evaluate",
    "explain",
    "compare",
    "params",
    "rules",
    "schema",
    "synth",
)

_INDENT = "    "
_OPENERS = {"(": ")", "[": "]", "{": "}"}
# The separators that the expressions' text form puts between the operands of one
# node, longest first so that ` <= ` is not read as ` < `.
_OPERATORS: tuple[str, ...] = (
    *(" <= ", " >= ", " == ", " != ", " < ", " > "),
    *(" & ", " | ", " in ", " + ", " - ", " * "),
)


class CatalogueCondition(Protocol):
    """What the catalogue reads of a condition: its code, article and titles.

    :class:`coopmodel.rules.Condition` has it, and so do conditions that are tested in
    code rather than by a rule tree (the formation proposals' ``F1``-``F4``).
    """

    @property
    def code(self) -> str:
        """The stable condition code, such as ``C1``."""

    @property
    def article(self) -> str:
        """The rulebook article, such as ``2.5``."""

    @property
    def title_en(self) -> str:
        """The English title."""

    @property
    def title_fa(self) -> str:
        """The Persian title."""


# --- laying out an expression's text ---------------------------------------------


def _depth_zero(text: str) -> Iterator[int]:
    """Yield the positions of ``text`` that lie outside brackets and quotes."""
    depth = 0
    quote: str | None = None
    for i, char in enumerate(text):
        if quote is not None:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char in _OPENERS:
            depth += 1
        elif char in _OPENERS.values():
            depth -= 1
        elif depth == 0:
            yield i


def _outer_group(text: str) -> tuple[str, str] | None:
    """Split ``head(inner)`` into ``(head + "(", inner)``; ``None`` for other shapes."""
    depth = 0
    quote: str | None = None
    start = -1
    for i, char in enumerate(text):
        if quote is not None:
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char in _OPENERS:
            if depth == 0 and start < 0:
                start = i
            depth += 1
        elif char in _OPENERS.values():
            depth -= 1
            if depth == 0:
                if i != len(text) - 1 or _OPENERS[text[start]] != char:
                    return None
                return text[: start + 1], text[start + 1 : i]
    return None


def _operands(inner: str) -> list[str]:
    """Split the inside of one node's brackets into its operands, separators kept.

    A comma stays at the end of its operand; an operator starts the next one.
    """
    parts: list[str] = []
    start = 0
    lead = ""
    skip_to = 0
    for i in _depth_zero(inner):
        if i < skip_to:
            continue
        if inner.startswith(", ", i):
            parts.append(lead + inner[start:i] + ",")
            lead, start, skip_to = "", i + 2, i + 2
            continue
        for operator in _OPERATORS:
            if inner.startswith(operator, i):
                parts.append(lead + inner[start:i])
                lead = operator.strip() + " "
                start = skip_to = i + len(operator)
                break
    parts.append(lead + inner[start:])
    return parts


def _layout(text: str, indent: int, width: int) -> list[str]:
    if indent + len(text) <= width:
        return [text]
    # an operand may carry a leading operator or a trailing comma around its node
    lead = next((op.strip() + " " for op in _OPERATORS if text.startswith(op[1:])), "")
    tail = "," if text.endswith(",") else ""
    core = text[len(lead) : len(text) - len(tail)]
    group = _outer_group(core)
    if group is None or not group[1]:
        return [text]
    head, inner = group
    lines = [lead + head]
    for operand in _operands(inner):
        lines.extend(_INDENT + line for line in _layout(operand, indent + 4, width))
    lines.append(core[-1] + tail)
    return lines


def layout_expression(text: str, *, width: int = 72) -> str:
    """Lay out an expression's text form on lines of at most ``width`` characters.

    A node that does not fit is broken inside its brackets, one operand a line; the
    text is otherwise unchanged, so it still reads as the rule's own ``str``.

    >>> print(layout_expression("((a <= on) & ~(b <= on))", width=16))
    (
        (a <= on)
        & ~(b <= on)
    )
    >>> print(layout_expression("min(param('x.y'), (c * 2))", width=18))
    min(
        param('x.y'),
        (c * 2)
    )
    """
    return "\n".join(_layout(text, 0, width))


# --- the rule catalogue ----------------------------------------------------------


def _is_condition_like(value: object) -> TypeGuard[CatalogueCondition]:
    return all(
        isinstance(getattr(value, name, None), str)
        for name in ("code", "article", "title_en", "title_fa")
    )


def _public_conditions(module: object) -> Iterator[CatalogueCondition]:
    """Yield the conditions a package lists in ``__all__``, alone or in tuples."""
    for name in getattr(module, "__all__", ()):
        value = getattr(module, name)
        values = value if isinstance(value, tuple) else (value,)
        for item in values:
            if _is_condition_like(item):
                yield item


def catalogue_conditions() -> tuple[CatalogueCondition, ...]:
    """Return every condition of the catalogue once, in the bit order of the codes.

    The sources are the status conditions of Art. 2.5, the per-cooperative and
    per-application conditions of the programs' catalogue, and every condition that
    ``coopmodel.programs`` exports; a code that is not in
    :data:`coopmodel.decisions.CODES` comes last.

    >>> [c.code for c in catalogue_conditions()][:5]
    ['C1', 'C2', 'C3', 'C4', 'G1']
    """
    from coopmodel import programs  # noqa: PLC0415 - the catalogue is read on demand
    from coopmodel.decisions import CODES  # noqa: PLC0415
    from coopmodel.programs._catalogue import (  # noqa: PLC0415
        APPLICATION_PROGRAMS,
        COOPERATIVE_CONDITIONS,
    )
    from coopmodel.rules._status import COMMON  # noqa: PLC0415

    found: dict[str, CatalogueCondition] = {}
    sources: list[Iterable[CatalogueCondition]] = [COMMON, COOPERATIVE_CONDITIONS]
    sources.extend(spec.conditions for spec in APPLICATION_PROGRAMS.values())
    sources.append(_public_conditions(programs))
    for source in sources:
        for condition in source:
            found.setdefault(condition.code, condition)
    order = {code: i for i, code in enumerate(CODES)}
    ranked = sorted(found.values(), key=lambda c: order.get(c.code, len(order)))
    return tuple(ranked)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _anchor(code: str) -> str:
    return code.lower()


def _code_block(text: str) -> list[str]:
    return ["```text", text, "```", ""]


def _condition_section(condition: CatalogueCondition) -> list[str]:
    lines = [
        f"### `{condition.code}` {condition.title_en} {{#{_anchor(condition.code)}}}",
        "",
        f"Art. {condition.article} · {condition.title_fa}",
        "",
    ]
    if isinstance(condition, Condition):
        lines.extend(_code_block(layout_expression(str(condition.test))))
    else:
        lines.extend(["Tested in code, not by a rule tree.", ""])
    return lines


def _condition_links(conditions: Iterable[CatalogueCondition]) -> str:
    return ", ".join(f"[`{c.code}`](#{_anchor(c.code)})" for c in conditions)


def _summary(function: Callable[..., object] | None) -> str:
    doc = inspect.getdoc(function) if function is not None else None
    return doc.splitlines()[0] if doc else "(no description)"


def _outputs_section(outputs: Iterable[object], level: str, prefix: str) -> list[str]:
    """Render outputs: a table of names, types and articles, then each expression.

    Each expression's heading gets the anchor ``prefix-name``, apart from the
    conditions' own anchors.
    """
    from coopmodel.programs._spec import Output  # noqa: PLC0415

    shown = [o for o in outputs if isinstance(o, Output)]
    lines = ["| column | type | article | meaning |", "|---|---|---|---|"]
    for o in shown:
        internal = " *(internal: feeds a step)*" if o.name.startswith("_") else ""
        lines.append(
            f"| `{o.name}` | {o.expr.type} | {o.article} | "
            f"{_cell(o.description)}{internal} |"
        )
    lines.append("")
    for o in shown:
        anchor = f"{prefix}-{o.name.lstrip('_')}".lower()
        heading = f"{level} `{o.name}` {{#{anchor}}}"
        lines.extend([heading, "", f"Art. {o.article}", ""])
        lines.extend(_code_block(layout_expression(str(o.expr))))
    return lines


def catalogue_markdown() -> str:
    """Render the rule catalogue page from the rule objects.

    Every condition with its code, article, titles and test; the per-cooperative
    result columns with their rule trees; each application program with its
    conditions and columns; and the steps computed in code.

    >>> page = catalogue_markdown()
    >>> page.splitlines()[0]
    '# Rule catalogue'
    >>> "### `C2` quorum {#c2}" in page
    True
    """
    from coopmodel.programs._catalogue import (  # noqa: PLC0415
        APPLICATION_COLUMNS,
        APPLICATION_PROGRAMS,
        COOPERATIVE_CONDITIONS,
        COOPERATIVE_OUTPUTS,
        COOPERATIVE_STEPS,
    )

    conditions = catalogue_conditions()
    lines = [
        "# Rule catalogue",
        "",
        "Every condition and every result column that coopmodel evaluates, with its",
        "article and the rule tree both interpreters run. This page is generated from",
        "the rule objects each time the site is built (`coopmodel._docs`), so it",
        "always says what the code does. Condition codes are stable API; the trees",
        "are printed in the form `str(expression)` gives, read as in",
        "[rules as data](concepts/rules.md): `on` is the evaluation date, `param(...)`",
        "a dated parameter (`coopmodel params` lists them), `count_members` and",
        "`sum_members` aggregate over a cooperative's members.",
        "",
        "## Conditions",
        "",
        "| code | article | condition | شرط |",
        "|---|---|---|---|",
    ]
    lines.extend(
        f"| [`{c.code}`](#{_anchor(c.code)}) | {c.article} | {_cell(c.title_en)} | "
        f"{_cell(c.title_fa)} |"
        for c in conditions
    )
    lines.append("")
    for condition in conditions:
        lines.extend(_condition_section(condition))

    lines.extend(
        [
            "## Per-cooperative results",
            "",
            "Evaluated for every cooperative on the run's `on`: the columns of",
            "`evaluate(register, on=...).cooperatives` and the amounts of",
            "`decide(cooperative, on=...)`, each 0 (or false) where its conditions",
            "fail (Art. 0.5). The `failed` column lists the codes of these",
            f"conditions that fail: {_condition_links(COOPERATIVE_CONDITIONS)}.",
            "",
        ]
    )
    lines.extend(_outputs_section(COOPERATIVE_OUTPUTS, "###", "cooperative"))
    if COOPERATIVE_STEPS:
        lines.extend(
            [
                "### Steps computed in code",
                "",
                "Computations the algebra does not hold, over numpy columns. A step",
                "per cooperative runs for a single decision too, on a one-cooperative",
                "register; a step across cooperatives runs in bulk only.",
                "",
                "| step | article | scope | what it does |",
                "|---|---|---|---|",
            ]
        )
        for step in COOPERATIVE_STEPS:
            scope = (
                "across cooperatives" if step.across_cooperatives else "per cooperative"
            )
            lines.append(
                f"| `{step.name}` | {step.article} | {scope} | "
                f"{_cell(_summary(step.run))} |"
            )
        lines.append("")

    lines.extend(
        [
            "## Application programs",
            "",
            "Each application is decided on its own `applied_on` (Art. 0.3): the rows",
            "of `evaluate(...).applications` and `decide(cooperative, application)`.",
            "Their result columns are "
            + ", ".join(f"`{name}`" for name in APPLICATION_COLUMNS)
            + " (0 where a column does not apply to the program).",
            "",
        ]
    )
    for program, spec in APPLICATION_PROGRAMS.items():
        lines.extend(
            [
                f"### {spec.title_en} (`{program.value}`)",
                "",
                f"Art. {spec.article} · {spec.title_fa}",
                "",
                f"Conditions: {_condition_links(spec.conditions)}.",
                "",
            ]
        )
        lines.extend(_outputs_section(spec.outputs, "####", program.value))
        for label, function in (("finish", spec.finish), ("allocate", spec.allocate)):
            if function is not None:
                lines.extend([f"Then in code ({label}): {_summary(function)}", ""])
    return "\n".join(lines).rstrip("\n") + "\n"


# --- the conditions table of a program page ---------------------------------------

_MARKER = re.compile(r"^<!-- conditions: ([a-z_]+) -->$")
_CODE_CELL = re.compile(r"^`([A-Z][0-9]+)`$")


def _expected_codes(name: str) -> tuple[str, ...] | None:
    """The codes a page's table must list, when ``name`` is an application program."""
    from coopmodel.programs._catalogue import APPLICATION_PROGRAMS  # noqa: PLC0415
    from coopmodel.records import Program  # noqa: PLC0415

    spec = APPLICATION_PROGRAMS.get(Program(name)) if name in set(Program) else None
    return None if spec is None else tuple(c.code for c in spec.conditions)


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def program_conditions_markdown(markdown: str, *, page: str = "page") -> str:
    r"""Fill a program page's conditions table from the condition objects.

    A line ``<!-- conditions: NAME -->`` marks the table that follows it. Each row
    keeps only its last cell, the test in words; the code (linked to the rule
    catalogue, where the rule tree is), the article and the English and Persian titles
    come from the condition with that code, so they cannot drift from the code. A row
    whose first cell is not a code (a group test, say) is kept as written. A code the
    catalogue does not know, or a table of a catalogued program that lists other codes
    than the program's, is an error naming the page.

    >>> page = "\n".join([
    ...     "<!-- conditions: guarantee -->",
    ...     "| code | test |", "|---|---|",
    ...     "| `C1` | active on `on` |", "| `C2` | enough members |",
    ...     "| `C3` | no debt |", "| `C4` | an assembly |", "| `G1` | equity |",
    ... ])
    >>> print(program_conditions_markdown(page).splitlines()[3])
    | [`C1`](../rules-catalogue.md#c1) | 2.5 | active | فعال | active on `on` |
    >>> program_conditions_markdown(page.replace("`G1`", "`Z9`"))
    Traceback (most recent call last):
    ...
    ValueError: page: the conditions table lists Z9, which no condition has
    """
    known = {c.code: c for c in catalogue_conditions()}
    lines = markdown.split("\n")
    out: list[str] = []
    names: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        marker = _MARKER.match(line.strip())
        if marker:
            names.append(marker.group(1))
            out.append(line)
            i += 1
            continue
        if names and line.startswith("|"):
            table: list[str] = []
            while i < len(lines) and lines[i].startswith("|"):
                table.append(lines[i])
                i += 1
            out.extend(_conditions_table(table, names, known, page))
            names = []
            continue
        out.append(line)
        i += 1
    if names:
        raise ValueError(f"{page}: no table follows <!-- conditions: {names[0]} -->")
    return "\n".join(out)


def _conditions_table(
    table: list[str],
    names: list[str],
    known: dict[str, CatalogueCondition],
    page: str,
) -> list[str]:
    rows = ["| code | article | condition | شرط | test |", "|---|---|---|---|---|"]
    codes: list[str] = []
    for row in table[2:]:
        cells = _cells(row)
        code = _CODE_CELL.match(cells[0])
        if code is None:
            rows.append("| " + " | ".join([*cells[:4], cells[-1]]) + " |")
            continue
        condition = known.get(code.group(1))
        if condition is None:
            raise ValueError(
                f"{page}: the conditions table lists {code.group(1)}, "
                "which no condition has"
            )
        codes.append(condition.code)
        link = f"[`{condition.code}`](../rules-catalogue.md#{_anchor(condition.code)})"
        rows.append(
            f"| {link} | {condition.article} | {_cell(condition.title_en)} | "
            f"{_cell(condition.title_fa)} | {cells[-1]} |"
        )
    for name in names:
        expected = _expected_codes(name)
        if expected is not None and tuple(codes) != expected:
            raise ValueError(
                f"{page}: the conditions table of {name} lists {', '.join(codes)}; "
                f"the program's conditions are {', '.join(expected)}"
            )
    return rows


# --- the command line ------------------------------------------------------------


def command_help(command: str | None = None) -> str:
    """Return ``coopmodel [COMMAND] --help`` as printed on an 88-column terminal.

    >>> command_help().splitlines()[0]
    'usage: coopmodel [-h] COMMAND ...'
    """
    from coopmodel.cli import run_cli  # noqa: PLC0415

    argv = ["--help"] if command is None else [command, "--help"]
    out = io.StringIO()
    # argparse wraps to the terminal's width; fix it so the page is the same anywhere
    with (
        mock.patch.dict(os.environ, {"COLUMNS": "88", "NO_COLOR": "1"}),
        contextlib.redirect_stdout(out),
        contextlib.suppress(SystemExit),
    ):
        run_cli(argv)
    return out.getvalue().rstrip("\n")


def cli_markdown() -> str:
    """Render the usage of ``coopmodel`` and of each of its commands.

    >>> "## `coopmodel run`" in cli_markdown()
    True
    """
    lines = ["```text", command_help(), "```", ""]
    for command in COMMANDS:
        lines.extend([f"## `coopmodel {command}`", ""])
        lines.extend(["```text", command_help(command), "```", ""])
    return "\n".join(lines)
