"""The parameter and reform file formats: YAML read safely, validated by pydantic.

A parameter file is a tree of groups; a leaf is a mapping with ``unit``,
``article``, ``source``, ``description``, ``values`` and optionally
``value_sources``, ``citations`` and ``note``; its dotted name is its path.

The YAML reader is stricter than PyYAML's default, so that a file means what it
shows: ``1396-01-01`` stays text (PyYAML would read a *Gregorian* 1396 date);
only plain decimal numbers are integers (``010`` is not octal 8); and a key given
twice in a mapping is an error (PyYAML keeps the last one silently).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Annotated, cast

import attrs
import yaml
from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError
from pydantic import StringConstraints as Text

from coopmodel._errors import InvalidDateError, ParameterError
from coopmodel.parameters._leaf import (
    Citation,
    Parameter,
    ParameterValue,
    Source,
    Unit,
)
from coopmodel.values._calendar import DateLike, parse_date

__all__ = ["Reform", "parameters_from_yaml", "read_change", "reform_from_yaml"]

_INT_TAG = "tag:yaml.org,2002:int"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_MAP_TAG = "tag:yaml.org,2002:map"
_DECIMAL = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_LEAF_KEYS = frozenset(
    {"unit", "article", "source", "description", "values", "value_sources"}
    | {"citations", "note"}
)
_CHANGE_KEYS = frozenset({"value", "values", "source"})


class _Pairs(tuple[tuple[object, object, int], ...]):
    """A YAML mapping as read: ``(key, value, line)`` in file order, repeats kept."""

    __slots__ = ()


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, without timestamps or octal, keeping repeated keys."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in {_INT_TAG, _TIMESTAMP_TAG}]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_INT_TAG, _DECIMAL, list("-+0123456789"))


def _construct_pairs(loader: _Loader, node: yaml.Node) -> _Pairs:
    if not isinstance(node, yaml.MappingNode):  # pragma: no cover - tag is map
        raise yaml.constructor.ConstructorError(None, None, "expected a mapping")
    loader.flatten_mapping(node)
    return _Pairs(
        (
            loader.construct_object(key, deep=True),
            loader.construct_object(value, deep=True),
            key.start_mark.line + 1,
        )
        for key, value in node.value
    )


_Loader.add_constructor(_MAP_TAG, _construct_pairs)


def _load_yaml(text: str, origin: str) -> object:
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.YAMLError as err:
        msg = f"{origin}: not valid YAML: {err}"
        raise ParameterError(msg) from err


def _mapping(pairs: _Pairs, where: str) -> dict[str, object]:
    """Turn one mapping into a dict, refusing non-text and repeated keys."""
    result: dict[str, object] = {}
    lines: dict[str, int] = {}
    for key, value, line in pairs:
        if not isinstance(key, str):
            msg = f"{where}: key {key!r} (line {line}) must be text"
            raise ParameterError(msg)
        if key in result:
            msg = f"{where}: {key} is given twice (lines {lines[key]} and {line})"
            raise ParameterError(msg)
        result[key] = value
        lines[key] = line
    return result


def _plain(value: object, where: str) -> object:
    """Turn mappings into dicts all the way down, naming where a key repeats."""
    if isinstance(value, _Pairs):
        return {
            key: _plain(item, f"{where}.{key}")
            for key, item in _mapping(value, where).items()
        }
    if isinstance(value, list):
        return [_plain(item, where) for item in value]
    return value


def _walk(pairs: _Pairs, prefix: str, origin: str) -> Iterator[tuple[str, object]]:
    group = _mapping(pairs, f"group {prefix}" if prefix else origin)
    if not group:
        raise ParameterError(f"group {prefix or origin}: holds no parameters")
    for key, child in group.items():
        name = f"{prefix}.{key}" if prefix else key
        if not isinstance(child, _Pairs):
            msg = (
                f"{name}: expected a parameter leaf (a mapping with unit, article, "
                f"source, description and values) or a group of leaves, got {child!r}"
            )
            raise ParameterError(msg)
        if {key for key, _, _ in child} & _LEAF_KEYS:
            yield name, _plain(child, f"parameter {name}")
        else:
            yield from _walk(child, name, origin)


_Line = Annotated[str, Strict(), Text(pattern=r"^[^\n]*\S[^\n]*$")]


class _CitationFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    text: _Line
    url: Annotated[str, Strict(), Text(pattern=r"^https?://\S+$")]


class _LeafFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    unit: Unit
    article: Annotated[str, Strict()]
    source: Source
    description: _Line
    values: Annotated[dict[object, object], Field(min_length=1)]
    value_sources: dict[object, Source] = Field(default_factory=dict)
    citations: tuple[_CitationFile, ...] = ()
    note: Annotated[str, Strict()] = ""


class _ChangeFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    value: object = None
    values: Annotated[dict[object, object], Field(min_length=1)] | None = None
    source: Source = Source.ILLUSTRATIVE


class _ReformFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    description: _Line
    starts_on: object = None
    changes: Annotated[dict[str, object], Field(min_length=1)]


_REASONS = {
    "missing": "is missing (a leaf needs unit, article, source, description, values)",
    "extra_forbidden": "is not a known field",
    "string_type": "must be text (quote it in YAML, as in '3.3')",
    "string_pattern_mismatch": "must be one line of text",
    "url": "is not a URL (http:// or https://)",
    "too_short": "must not be empty",
}


def _explain(err: ValidationError, where: str) -> ParameterError:
    reasons = []
    for error in err.errors(include_url=False):
        field = ".".join(str(part) for part in error["loc"]) or "(the mapping)"
        kind = error["type"]
        if kind == "enum":
            expected = error.get("ctx", {}).get("expected", "")
            reason = f"unknown {field} {error['input']!r}: expected {expected}"
        elif kind == "missing":
            reason = f"{field} {_REASONS[kind]}"
        else:
            if kind == "string_pattern_mismatch" and field.endswith("url"):
                kind = "url"
            text = _REASONS.get(kind, error["msg"])
            reason = f"{field} {text}, got {error['input']!r}"
        reasons.append(reason)
    return ParameterError(f"{where}: " + "; ".join(reasons))


def _day(raw: object, where: str, field: str) -> dt.date:
    """Read one day as the rulebook accepts it (Jalali text, or a date object)."""
    try:
        return parse_date(cast("DateLike", raw), field=field)  # checks the type
    except InvalidDateError as err:
        raise ParameterError(f"{where}: {err}") from err


def _value(unit: Unit, raw: object, where: str) -> ParameterValue:
    """Read one value: a whole number, or for a ``date`` leaf a list of days."""
    if unit is Unit.DATE:
        if not isinstance(raw, list | tuple):
            msg = f"{where}: a 'date' leaf takes a list of dates, got {raw!r}"
            raise ParameterError(msg)
        return tuple(_day(item, where, "list item") for item in raw)
    if type(raw) is not int:
        msg = f"{where}: a {unit.value!r} leaf takes a whole number, got {raw!r}"
        raise ParameterError(msg)
    return raw


def _leaf(name: str, raw: object) -> Parameter:
    where = f"parameter {name}"
    try:
        model = _LeafFile.model_validate(raw)
    except ValidationError as err:
        raise _explain(err, where) from err
    starts = tuple(_day(key, f"{where}: values", "start date") for key in model.values)
    values = tuple(
        _value(model.unit, raw_value, f"{where}: value from {key}")
        for key, raw_value in model.values.items()
    )
    overrides: dict[dt.date, Source] = {}
    for key, source in model.value_sources.items():
        day = _day(key, f"{where}: value_sources", "date")
        if day not in starts:
            msg = f"{where}: value_sources: {key} is not one of the start dates"
            raise ParameterError(msg)
        overrides[day] = source
    return Parameter(
        name=name,
        unit=model.unit,
        article=model.article,
        source=model.source,
        description=model.description,
        starts=starts,
        values=values,
        value_sources=tuple(overrides.get(day, model.source) for day in starts),
        citations=tuple(Citation(text=c.text, url=c.url) for c in model.citations),
        note=model.note,
    )


def parameters_from_yaml(text: str, *, origin: str) -> tuple[Parameter, ...]:
    """Read and validate a parameter file; ``origin`` names it in errors."""
    tree = _load_yaml(text, origin)
    if not isinstance(tree, _Pairs):
        msg = f"{origin}: a parameter file holds a mapping of groups, got {tree!r}"
        raise ParameterError(msg)
    return tuple(_leaf(name, raw) for name, raw in _walk(tree, "", origin))


@attrs.frozen
class Reform:
    """A reform as read from its file: what it says, from when, and its changes."""

    description: str
    starts_on: dt.date | None
    changes: Mapping[str, object]


def reform_from_yaml(text: str, *, origin: str) -> Reform:
    """Read and validate the frame of a reform file (changes are read per leaf)."""
    tree = _load_yaml(text, origin)
    if not isinstance(tree, _Pairs):
        msg = f"{origin}: a reform file holds a mapping, got {tree!r}"
        raise ParameterError(msg)
    try:
        model = _ReformFile.model_validate(_plain(tree, origin))
    except ValidationError as err:
        raise _explain(err, f"reform {origin}") from err
    starts_on = (
        None
        if model.starts_on is None
        else _day(model.starts_on, f"reform {origin}", "starts_on")
    )
    return Reform(
        description=model.description, starts_on=starts_on, changes=model.changes
    )


def read_change(
    leaf: Parameter, raw: object, *, starts_on: dt.date | None
) -> tuple[tuple[dt.date, ParameterValue, Source], ...]:
    """Read a reform's change of one leaf as ``(start, value, source)`` entries.

    A change is a single value (from ``starts_on``, or else from the leaf's first
    start), a mapping of start dates to values, or a mapping with ``value`` or
    ``values`` and an optional ``source`` (``illustrative`` when not given).
    """
    where = f"reform of parameter {leaf.name}"
    source = Source.ILLUSTRATIVE
    dated: Mapping[object, object] | None = None
    single: object = None
    if isinstance(raw, Mapping) and set(raw) & _CHANGE_KEYS:
        try:
            model = _ChangeFile.model_validate(raw)
        except ValidationError as err:
            raise _explain(err, where) from err
        if ("value" in model.model_fields_set) == (model.values is not None):
            msg = f"{where}: give either value or values, not both or neither"
            raise ParameterError(msg)
        source, dated, single = model.source, model.values, model.value
    elif isinstance(raw, Mapping):
        if not raw:
            raise ParameterError(f"{where}: the dated mapping is empty")
        dated = raw
    else:
        single = raw
    if dated is None:
        start = leaf.starts[0] if starts_on is None else starts_on
        return ((start, _value(leaf.unit, single, f"{where}: value"), source),)
    return tuple(
        (
            _day(key, where, "start date"),
            _value(leaf.unit, item, f"{where}: value from {key}"),
            source,
        )
        for key, item in dated.items()
    )
