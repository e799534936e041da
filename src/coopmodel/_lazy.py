"""Lazy package attributes: a name's module is imported when the name is first read.

A package's ``__init__`` lists where each public name lives and imports the modules
only under ``TYPE_CHECKING`` (for the type checker and the documentation); reading
``package.name`` or ``from package import name`` imports the module then, and keeps
the value in the package, so ``import coopmodel`` stays cheap.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping

__all__ = ["attach"]


def attach(
    package: str, exports: Mapping[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """Return the ``__getattr__`` and ``__dir__`` of a package with lazy ``exports``.

    ``exports`` maps each public name to the module that defines it, written
    ``"module:attribute"`` when the module calls it otherwise.
    """

    def __getattr__(name: str) -> object:  # noqa: N807 - a module's __getattr__
        where = exports.get(name)
        if where is None:
            msg = f"module {package!r} has no attribute {name!r}"
            raise AttributeError(msg)
        module, _, attribute = where.partition(":")
        value = getattr(importlib.import_module(module), attribute or name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:  # noqa: N807 - a module's __dir__
        return sorted({*vars(sys.modules[package]), *exports})

    return __getattr__, __dir__
