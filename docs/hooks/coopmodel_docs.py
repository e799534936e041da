"""MkDocs hook: pages rendered from coopmodel's own objects while the site is built.

- ``rules-catalogue.md`` is generated from the rule objects (``catalogue_markdown``);
- the marker ``<!-- coopmodel: cli-usage -->`` in ``cli.md`` is replaced by each
  command's ``--help`` (``cli_markdown``);
- the table after ``<!-- conditions: NAME -->`` on a program page takes each
  condition's code, article and titles from the condition objects
  (``program_conditions_markdown``).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from coopmodel._docs import (
    catalogue_markdown,
    cli_markdown,
    program_conditions_markdown,
)

CATALOGUE = "rules-catalogue.md"
CLI_MARKER = "<!-- coopmodel: cli-usage -->"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated rule catalogue to the site's pages."""
    files.append(File.generated(config, CATALOGUE, content=catalogue_markdown()))
    return files


def on_page_markdown(
    markdown: str, page: Page, config: MkDocsConfig, files: Files
) -> str:
    """Put the commands' usage and the programs' conditions where a page asks."""
    del config, files  # the markers alone say what goes where
    if "<!-- conditions: " in markdown:
        markdown = program_conditions_markdown(markdown, page=page.file.src_uri)
    if CLI_MARKER not in markdown:
        return markdown
    return markdown.replace(CLI_MARKER, cli_markdown())
