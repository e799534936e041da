"""The docs site: the generated pages, the hook, the navigation and the examples."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from coopmodel import programs
from coopmodel._docs import (
    COMMANDS,
    CatalogueCondition,
    catalogue_conditions,
    catalogue_markdown,
    cli_markdown,
    command_help,
    layout_expression,
    program_conditions_markdown,
)
from coopmodel.cli import run_cli
from coopmodel.decisions import CODES
from coopmodel.programs._catalogue import (
    APPLICATION_PROGRAMS,
    COOPERATIVE_CONDITIONS,
    COOPERATIVE_OUTPUTS,
)
from coopmodel.rules import Condition
from coopmodel.rules._status import COMMON
from coopmodel.testing import expressions

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
HOOK = DOCS / "hooks" / "coopmodel_docs.py"
GENERATED = {"rules-catalogue.md"}

any_expression = st.sampled_from(["bool", "int", "date"]).flatmap(expressions)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("coopmodel_docs_hook", HOOK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _site_config() -> MkDocsConfig:
    """Load mkdocs.yml as a build does, with its plugins and the hook."""
    return load_config(config_file=str(ROOT / "mkdocs.yml"))


# --- laying out expressions ------------------------------------------------------


def test_layout_breaks_a_long_conjunction_one_operand_a_line() -> None:
    """A node too wide for the line puts each operand on its own indented line."""
    text = "((cooperative.overdue_debt == 0) & (cooperative.insurance_arrears == 0))"
    expected = (
        "(\n"
        "    (cooperative.overdue_debt == 0)\n"
        "    & (cooperative.insurance_arrears == 0)\n"
        ")"
    )
    assert expected == layout_expression(text, width=50)


def test_layout_puts_commas_after_their_arguments() -> None:
    """Function arguments break after their commas, and nested nodes break in turn."""
    text = "where((a.x >= 10), min(a.y, param('p.q')), 0)"
    expected = (
        "where(\n"
        "    (a.x >= 10),\n"
        "    min(\n"
        "        a.y,\n"
        "        param('p.q')\n"
        "    ),\n"
        "    0\n"
        ")"
    )
    assert expected == layout_expression(text, width=20)


def test_layout_does_not_split_inside_quotes() -> None:
    """A parameter name with brackets or separators inside quotes stays whole."""
    text = "param('a, b (c) & d', cooperative.kind)"
    expected = "param(\n    'a, b (c) & d',\n    cooperative.kind\n)"
    assert expected == layout_expression(text, width=20)


@pytest.mark.parametrize(
    "text", ["(cooperative.equity) + 1", "cooperative.equity", "count_members()"]
)
def test_layout_leaves_shapes_it_cannot_break_whole(text: str) -> None:
    """Text that is not one bracketed node, or whose brackets are empty, stays whole."""
    assert text == layout_expression(text, width=4)


@given(expr=any_expression)
def test_layout_leaves_text_that_fits_alone(expr: object) -> None:
    """Text no wider than the width comes back unchanged."""
    text = str(expr)
    assert text == layout_expression(text, width=len(text))


@given(expr=any_expression, width=st.integers(min_value=8, max_value=100))
def test_layout_changes_only_whitespace(expr: object, width: int) -> None:
    """Laying out adds line breaks and indentation, never another character."""
    text = str(expr)
    assert _squeeze(text) == _squeeze(layout_expression(text, width=width))


@given(expr=any_expression, width=st.integers(min_value=8, max_value=100))
def test_layout_overflows_only_where_no_break_is_left(expr: object, width: int) -> None:
    """A line wider than the width is an opening head, a closer, or an atom."""
    for line in layout_expression(str(expr), width=width).splitlines():
        if len(line) <= width:
            continue
        bare = line.strip().replace("()", "").replace("{}", "")
        is_head = bare.endswith(("(", "[", "{"))
        is_closer = bare.rstrip(",") in {")", "]", "}"}
        is_atom = not any(char in bare for char in "()[]{}")
        assert is_head or is_closer or is_atom, line


# --- the rule catalogue ----------------------------------------------------------


def _source_conditions() -> list[CatalogueCondition]:
    """Every condition object the catalogue reads, gathered here independently."""
    found: list[CatalogueCondition] = [*COMMON, *COOPERATIVE_CONDITIONS]
    for spec in APPLICATION_PROGRAMS.values():
        found.extend(spec.conditions)
    for name in programs.__all__:
        value = getattr(programs, name)
        items = value if isinstance(value, tuple) else (value,)
        found.extend(i for i in items if isinstance(getattr(i, "code", None), str))
    return found


def test_catalogue_has_every_condition_once_with_its_article_and_titles() -> None:
    """Each condition of every source has one anchored section citing its article."""
    page = catalogue_markdown()
    for condition in _source_conditions():
        code = condition.code
        heading = f"### `{code}` {condition.title_en} {{#{code.lower()}}}"
        assert page.count(heading) == 1, code
        cited = f"{heading}\n\nArt. {condition.article} · {condition.title_fa}\n"
        assert cited in page, code


def test_catalogue_shows_each_condition_test_as_its_expression() -> None:
    """A rule-tree condition's section holds the tree's text, up to line breaks."""
    page = catalogue_markdown()
    for condition in _source_conditions():
        if not isinstance(condition, Condition):
            continue
        section = page.split(f"{{#{condition.code.lower()}}}", 1)[1].split("###")[0]
        assert _squeeze(str(condition.test)) in _squeeze(section), condition.code


def test_catalogue_lists_every_result_column_with_its_article() -> None:
    """Every output, per cooperative and per program, has a table row and its tree."""
    page = catalogue_markdown()
    outputs = list(COOPERATIVE_OUTPUTS)
    for spec in APPLICATION_PROGRAMS.values():
        outputs.extend(spec.outputs)
    for output in outputs:
        row = f"| `{output.name}` | {output.expr.type} | {output.article} |"
        assert row in page, output.name
        assert _squeeze(str(output.expr)) in _squeeze(page), output.name


def test_catalogue_has_a_section_per_application_program() -> None:
    """Each application program has its titled section and links to its conditions."""
    page = catalogue_markdown()
    for program, spec in APPLICATION_PROGRAMS.items():
        assert f"### {spec.title_en} (`{program.value}`)" in page
        links = ", ".join(f"[`{c.code}`](#{c.code.lower()})" for c in spec.conditions)
        assert f"Conditions: {links}." in page


def test_catalogue_conditions_are_unique_and_in_bit_order() -> None:
    """Codes appear once each, ordered by their bit in the failed-codes mask."""
    codes = [c.code for c in catalogue_conditions()]
    assert len(set(codes)) == len(codes)
    known = [code for code in codes if code in CODES]
    assert known == sorted(known, key=CODES.index)


def test_every_catalogued_condition_has_a_failed_code_bit() -> None:
    """A condition without a bit could not be reported in a bulk `failed` column."""
    missing = [c.code for c in catalogue_conditions() if c.code not in CODES]
    assert missing == []


def test_catalogue_anchors_are_unique() -> None:
    """No two headings claim the same anchor, so every link lands where it should."""
    anchors = re.findall(r"\{#([^}]+)\}", catalogue_markdown())
    assert len(set(anchors)) == len(anchors)


# --- the command line page -------------------------------------------------------


def _listed_commands() -> list[str]:
    """Read the commands from ``coopmodel --help``'s positional-arguments block."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        run_cli(["--help"])
    text = out.getvalue()
    block = text.split("positional arguments:", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^ {4}(\w+) ", block, flags=re.MULTILINE)


def test_the_cli_page_covers_exactly_the_commands_of_the_parser() -> None:
    """`COMMANDS` names every command `coopmodel --help` lists, in its order."""
    assert list(COMMANDS) == _listed_commands()


def test_command_help_is_each_commands_usage() -> None:
    """Each command's help starts with its own usage line."""
    for command in COMMANDS:
        assert command_help(command).startswith(f"usage: coopmodel {command} ")


def test_command_help_does_not_depend_on_the_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The generated usage is the same whatever the caller's terminal width."""
    monkeypatch.setenv("COLUMNS", "200")
    wide = command_help("evaluate")
    monkeypatch.setenv("COLUMNS", "40")
    assert wide == command_help("evaluate")


def test_cli_markdown_has_a_section_per_command() -> None:
    """The generated usage has one heading and one text block per command."""
    text = cli_markdown()
    for command in COMMANDS:
        assert text.count(f"## `coopmodel {command}`\n") == 1
    assert text.count("```text\n") == len(COMMANDS) + 1


# --- the hook --------------------------------------------------------------------


def test_the_build_adds_the_catalogue_page() -> None:
    """With mkdocs.yml's plugins and hook, the build gets `rules-catalogue.md`."""
    config = _site_config()
    files = config.plugins.on_files(Files([]), config=config)
    page = files.get_file_from_path("rules-catalogue.md")
    assert page is not None
    assert page.content_string == catalogue_markdown()


def test_hook_fills_the_cli_marker_and_leaves_other_pages_alone() -> None:
    """The marker becomes the usage; a page without it is returned unchanged."""
    hook = _hook()
    config = _site_config()
    filled = hook.on_page_markdown(
        f"# CLI\n\n{hook.CLI_MARKER}\n", page=None, config=config, files=Files([])
    )
    assert filled == f"# CLI\n\n{cli_markdown()}\n"
    other = "# Other\n\nno marker here\n"
    assert other == hook.on_page_markdown(
        other, page=None, config=config, files=Files([])
    )


def test_the_cli_page_asks_for_the_usage_once() -> None:
    """docs/cli.md holds the marker exactly once, so the usage appears once."""
    assert (DOCS / "cli.md").read_text().count(_hook().CLI_MARKER) == 1


# --- configuration and navigation ------------------------------------------------


def _mkdocs_config() -> dict[str, object]:
    loaded = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_the_site_builds_offline_and_strictly() -> None:
    """No web fonts, only plugins that fetch nothing, and warnings fail the build."""
    config = _mkdocs_config()
    theme = config["theme"]
    assert isinstance(theme, dict)
    assert theme["font"] is False
    plugins = config["plugins"]
    assert isinstance(plugins, list)
    names = {p if isinstance(p, str) else next(iter(p)) for p in plugins}
    assert names == {"search", "awesome-nav", "mkdocstrings"}
    assert config["strict"] is True
    makefile = (ROOT / "Makefile").read_text()
    assert "mkdocs build --strict" in makefile
    assert re.search(r"^test:.*\bdocs\b", makefile, flags=re.MULTILINE)


def _nav_paths(items: list[object]) -> list[str]:
    paths: list[str] = []
    for item in items:
        if isinstance(item, str):
            paths.append(item)
        elif isinstance(item, dict) and "glob" not in item:
            for value in item.values():
                if isinstance(value, list):
                    paths.extend(_nav_paths(value))
                else:
                    paths.append(str(value))
    return paths


def test_every_page_the_navigation_names_exists() -> None:
    """Each file or folder in docs/.nav.yml is in docs/, or generated by the hook."""
    nav = yaml.safe_load((DOCS / ".nav.yml").read_text())["nav"]
    missing = [
        path
        for path in _nav_paths(nav)
        if path not in GENERATED and not (DOCS / path).exists()
    ]
    assert missing == []


RECIPES = (
    "web-service",
    "national-register",
    "compare-reform",
    "property-tests",
    "ministry-spreadsheets",
)


@pytest.mark.parametrize("name", RECIPES)
def test_each_recipe_has_runnable_examples(name: str) -> None:
    """Every recipe the issue asks for exists and holds examples pytest runs."""
    text = (DOCS / "recipes" / f"{name}.md").read_text()
    assert text.count("\n>>> ") >= 3


FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", flags=re.MULTILINE | re.DOTALL)


def test_every_python_example_in_the_docs_is_executed() -> None:
    """A Python block without `>>>` would never run: every one must be a doctest."""
    idle = [
        f"{page.relative_to(DOCS)}: {body.splitlines()[0]}"
        for page in sorted(DOCS.rglob("*.md"))
        for language, body in FENCE.findall(page.read_text())
        if language in {"python", "py", "pycon"} and ">>>" not in body
    ]
    assert idle == []


# --- the program pages' conditions tables -------------------------------------------


@pytest.mark.parametrize(
    "page",
    sorted(
        p
        for p in (DOCS / "programs").glob("*.md")
        if "<!-- conditions:" in p.read_text()
    ),
    ids=lambda p: p.stem,
)
def test_program_page_conditions_come_from_the_condition_objects(page: Path) -> None:
    """Each coded row of a program page's table shows its object's article and titles."""
    known = {c.code: c for c in catalogue_conditions()}
    rendered = program_conditions_markdown(page.read_text(), page=page.name)
    rows = re.findall(
        r"^\| \[`([A-Z][0-9]+)`\]\(([^)]*)\) \| (.*)$", rendered, re.MULTILINE
    )
    assert rows, f"{page.name} lists no condition"
    for code, link, rest in rows:
        condition = known[code]
        assert link == f"../rules-catalogue.md#{code.lower()}"
        article, title_en, title_fa = (cell.strip() for cell in rest.split(" | ")[:3])
        assert (article, title_en, title_fa) == (
            condition.article,
            condition.title_en,
            condition.title_fa,
        )


def test_a_program_table_that_misses_a_condition_is_refused() -> None:
    """A page listing fewer conditions than its program has fails the build."""
    page = (DOCS / "programs" / "employment.md").read_text()
    shortened = "\n".join(
        line for line in page.splitlines() if not line.startswith("| `E2`")
    )
    with pytest.raises(ValueError, match="employment lists C1, C2, C3, C4, E1"):
        program_conditions_markdown(shortened, page="employment.md")
