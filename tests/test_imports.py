"""Importing coopmodel is cheap; every public name still resolves where it did."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

PACKAGES = (
    "coopmodel",
    "coopmodel.decisions",
    "coopmodel.programs",
    "coopmodel.records",
    "coopmodel.rules",
)


def test_import_coopmodel_loads_no_heavy_dependency() -> None:
    """numpy, pydantic, pyarrow, yaml and jdatetime load when a name needs them."""
    code = (
        "import sys, coopmodel; "
        "print(sorted(m for m in ('numpy', 'pydantic', 'pyarrow', 'yaml', "
        "'jdatetime', 'dateutil') if m in sys.modules))"
    )
    out = subprocess.run(  # noqa: S603 - this interpreter, a fixed program
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("name", PACKAGES)
def test_every_exported_name_resolves(name: str) -> None:
    """Each name of a package's __all__ is an attribute, and dir() lists it."""
    package = importlib.import_module(name)
    for export in package.__all__:
        assert getattr(package, export) is not None, export
    assert set(package.__all__) <= set(dir(package))


def test_a_name_that_is_not_exported_is_an_attribute_error() -> None:
    """An unknown name fails as on any module."""
    import coopmodel  # noqa: PLC0415

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = coopmodel.nope  # type: ignore[attr-defined]


def test_from_import_gives_the_defining_modules_object() -> None:
    """The lazy name is the object its module defines."""
    from coopmodel import decide  # noqa: PLC0415
    from coopmodel.decisions._decide import decide as defined  # noqa: PLC0415
    from coopmodel.programs import allocate_credit  # noqa: PLC0415
    from coopmodel.programs._credit import allocate  # noqa: PLC0415

    assert decide is defined
    assert allocate_credit is allocate
