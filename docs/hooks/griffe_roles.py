"""Griffe extension: show Sphinx roles in docstrings as Markdown code.

The docstrings name other objects the Sphinx way (``:func:`decide```,
``:class:`~coopmodel.register.LoadResult```), which help(), IDEs and Sphinx read.
mkdocstrings renders Markdown, where the role would show as text; this turns each
role into a code span of the name as Sphinx would show it (``~`` keeps the last part).

>>> to_markdown("as :func:`parse_date` does, giving :class:`~coopmodel.Decision`")
'as `parse_date` does, giving `Decision`'
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?:func|class|meth|attr|data|mod|exc|obj|const):`([^`]+)`")


def _shown(match: re.Match[str]) -> str:
    target = match.group(1)
    if target.startswith("~"):
        target = target[1:].rsplit(".", 1)[-1]
    return f"`{target}`"


def to_markdown(text: str) -> str:
    """Return ``text`` with every Sphinx role replaced by a code span."""
    return ROLE.sub(_shown, text)


class SphinxRoles(griffe.Extension):
    """Rewrite the roles of every docstring as the objects are loaded."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:  # noqa: ANN401, ARG002 - griffe's hook signature
        """Rewrite the docstring of each object griffe creates."""
        if obj.docstring is not None:
            obj.docstring.value = to_markdown(obj.docstring.value)
