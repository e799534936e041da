"""The parameter set: every leaf by name, lookups at dates, reforms, loading."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import importlib.resources
import itertools
from collections.abc import Mapping
from importlib.resources.abc import Traversable
from pathlib import Path

import attrs

from coopmodel._errors import ParameterError, ParameterLookupError
from coopmodel._typing import DateArray, Int64Array
from coopmodel.parameters._leaf import (
    Parameter,
    ParameterValue,
    Source,
    Unit,
    jalali_text,
)
from coopmodel.parameters._schema import (
    Reform,
    parameters_from_yaml,
    read_change,
    reform_from_yaml,
)
from coopmodel.values._calendar import DateLike, parse_date

__all__ = [
    "ParameterRow",
    "ParameterSet",
    "bundled_file",
    "load_parameters",
]

_BUNDLED = ("default.yaml", "reform_ceiling_75.yaml")


@attrs.frozen
class ParameterRow:
    """One dated value of one leaf, as the ``coopmodel params`` listing shows it."""

    name: str
    start: dt.date
    value: ParameterValue
    unit: Unit
    article: str
    source: Source
    description: str

    @property
    def start_jalali(self) -> str:
        """Return the start date as Jalali text, such as ``1399-01-01``."""
        return jalali_text(self.start)


_TABLES_KEPT = 4096


class _ValuesOn(dict[str, int]):
    """The values of a parameter set on one day, looked up on first read."""

    __slots__ = ("_on", "_params")

    def __init__(self, params: ParameterSet, on: dt.date) -> None:
        super().__init__()
        self._params = params
        self._on = on

    def __missing__(self, name: str) -> int:
        value = self[name] = self._params.value(name, self._on)
        return value


def _by_name(parameters: tuple[Parameter, ...]) -> tuple[Parameter, ...]:
    return tuple(sorted(parameters, key=lambda leaf: leaf.name))


@attrs.frozen
class ParameterSet:
    """Every parameter leaf by dotted name, each with its dated values.

    ``reforms`` lists the descriptions of the reforms applied, in order, so that
    a run records which parameters it used.

    >>> params = load_parameters()
    >>> params.value("guarantee.cap.loan", "1399-01-01")
    17500000000
    >>> params.value("guarantee.cap.loan", "1398-12-29")
    10000000000
    """

    parameters: tuple[Parameter, ...] = attrs.field(converter=_by_name)
    reforms: tuple[str, ...] = ()
    _index: Mapping[str, Parameter] = attrs.field(init=False, eq=False, repr=False)
    _tables: dict[dt.date, _ValuesOn] = attrs.field(
        init=False, eq=False, repr=False, factory=dict
    )

    def __attrs_post_init__(self) -> None:
        """Index the leaves by name; refuse a name twice or a leaf inside a leaf."""
        index: dict[str, Parameter] = {}
        for leaf in self.parameters:
            if leaf.name in index:
                raise ParameterError(f"parameter {leaf.name}: defined twice")
            index[leaf.name] = leaf
        for before, after in itertools.pairwise(self.parameters):
            if after.name.startswith(f"{before.name}."):
                msg = f"parameter {after.name}: {before.name} is a leaf, not a group"
                raise ParameterError(msg)
        object.__setattr__(self, "_index", index)

    def __contains__(self, name: object) -> bool:
        """Tell whether ``name`` is a leaf of this set."""
        return name in self._index

    def names(self) -> tuple[str, ...]:
        """Return every leaf name, in sorted order."""
        return tuple(leaf.name for leaf in self.parameters)

    def leaf(self, name: str) -> Parameter:
        """Return the leaf called ``name``, or explain why there is none."""
        try:
            return self._index[name]
        except KeyError:
            raise ParameterLookupError(self._unknown(name)) from None

    def _unknown(self, name: str) -> str:
        children = [n for n in self._index if n.startswith(f"{name}.")]
        if children:
            shown = ", ".join(children[:5]) + (", ..." if len(children) > 5 else "")
            return f"{name!r} is a group of parameters, not a leaf: {shown}"
        close = difflib.get_close_matches(name, self._index, n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        return f"unknown parameter {name!r}{hint}"

    def value(self, name: str, on: DateLike) -> int:
        """Return the whole number ``name`` holds on ``on`` (Art. 0.4).

        >>> load_parameters().value("quorum.min_members.consumer", "1399/1/15")
        500
        """
        return self.leaf(name).value(on)

    def at(self, on: dt.date) -> Mapping[str, int]:
        """Return the table of the whole numbers in force on ``on``, by name.

        Each value is looked up on first use and kept; the set keeps the tables of
        the last few thousand days, so the lookups of one decision cost a dict read.

        >>> load_parameters().at(dt.date(2020, 3, 20))["guarantee.cap.loan"]
        17500000000
        """
        table = self._tables.get(on)
        if table is None:
            if len(self._tables) >= _TABLES_KEPT:
                self._tables.clear()
            table = self._tables[on] = _ValuesOn(self, parse_date(on, field="on"))
        return table

    def values_at(self, name: str, on: DateArray) -> Int64Array:
        """Return the whole number ``name`` holds on each day of ``on``.

        >>> import numpy as np
        >>> days = np.array(["2019-06-01", "2020-06-01"], dtype="datetime64[D]")
        >>> load_parameters().values_at("premium.min_daily_wage", days).tolist()
        [309977, 611809]
        """
        return self.leaf(name).values_at(on)

    def dates_at(self, name: str, on: DateLike) -> tuple[dt.date, ...]:
        """Return the list of dates a ``date`` leaf holds on ``on``."""
        return self.leaf(name).dates_at(on)

    def to_table(self) -> tuple[ParameterRow, ...]:
        """Return one row per dated value, by name then start date."""
        return tuple(
            ParameterRow(
                name=leaf.name,
                start=start,
                value=value,
                unit=leaf.unit,
                article=leaf.article,
                source=source,
                description=leaf.description,
            )
            for leaf in self.parameters
            for start, value, source in zip(
                leaf.starts, leaf.values, leaf.value_sources, strict=True
            )
        )

    def with_reform(
        self,
        reform: Mapping[str, object] | Path | Traversable,
        *,
        starts_on: DateLike | None = None,
    ) -> ParameterSet:
        """Return a copy with some leaves' values replaced by a reform.

        ``reform`` maps leaf names to changes, or is a reform file (YAML with
        ``description``, an optional ``starts_on`` and ``changes``). A change is:

        - a single value, in force from ``starts_on`` (the keyword, else the
          file's) or, when neither is given, from the leaf's first start: it
          then replaces the whole history;
        - a mapping of start dates to values;
        - a mapping with ``value`` or ``values`` and a ``source`` (the values
          of a reform are ``illustrative`` unless it says otherwise).

        The leaf keeps its values that start before the change's first date and
        takes the change's values from that date on. Every change is validated
        as a parameter file is; a name that is not a leaf is an error.

        >>> params = load_parameters()
        >>> raised = params.with_reform(
        ...     {"guarantee.cap.loan": {"1401-01-01": 30_625_000_000}}
        ... )
        >>> raised.value("guarantee.cap.loan", "1401-01-01")
        30625000000
        >>> raised.value("guarantee.cap.loan", "1400-12-29")
        17500000000
        """
        if isinstance(reform, Mapping):
            names = ", ".join(str(name) for name in reform)
            frame = Reform(
                description=f"reform of {names}", starts_on=None, changes=reform
            )
        else:
            frame = reform_from_yaml(
                reform.read_text(encoding="utf-8"), origin=str(reform)
            )
        start = (
            frame.starts_on
            if starts_on is None
            else parse_date(starts_on, field="reform starts_on")
        )
        if not frame.changes:
            raise ParameterError(f"{frame.description}: changes no parameter")
        replaced = dict(self._index)
        for name, change in frame.changes.items():
            if not isinstance(name, str) or name not in self._index:
                msg = f"reform: {self._unknown(str(name))}"
                raise ParameterError(msg)
            leaf = self._index[name]
            entries = read_change(leaf, change, starts_on=start)
            first = min(day for day, _, _ in entries)
            kept = [
                (day, value, source)
                for day, value, source in zip(
                    leaf.starts, leaf.values, leaf.value_sources, strict=True
                )
                if day < first
            ]
            merged = (*kept, *entries)
            try:
                replaced[name] = attrs.evolve(
                    leaf,
                    starts=tuple(day for day, _, _ in merged),
                    values=tuple(value for _, value, _ in merged),
                    value_sources=tuple(source for _, _, source in merged),
                )
            except ParameterError as err:
                raise ParameterError(f"reform: {err}") from err
        return ParameterSet(
            parameters=tuple(replaced.values()),
            reforms=(*self.reforms, frame.description),
        )


def bundled_file(name: str = "default.yaml") -> Traversable:
    """Return a parameter file shipped with coopmodel.

    ``default.yaml`` is the parameter tree in force; ``reform_ceiling_75.yaml``
    is the report's guarantee-ceiling reform as an example.
    """
    if name not in _BUNDLED:
        msg = f"no bundled parameter file {name!r}; there are {', '.join(_BUNDLED)}"
        raise ParameterLookupError(msg)
    return importlib.resources.files("coopmodel.parameters").joinpath(name)


def _read(source: Path | Traversable) -> ParameterSet:
    text = source.read_text(encoding="utf-8")
    return ParameterSet(parameters=parameters_from_yaml(text, origin=str(source)))


@functools.cache
def _bundled() -> ParameterSet:
    return _read(bundled_file())


def load_parameters(path: Path | Traversable | None = None) -> ParameterSet:
    """Read and validate a parameter file; by default the bundled one.

    The bundled file is parsed on first use and kept: a ``ParameterSet`` is
    immutable, so every caller can share it.

    >>> load_parameters().value("employment.max_jobs", "1399-01-01")
    200
    """
    if path is None:
        return _bundled()
    return _read(path)
