"""Art. 6: the two credit lines with a budget envelope, KB and WYD.

An application is decided on its ``applied_on`` (Art. 0.3): ``C1``-``C4``, ``L1`` (the
cooperative is of the line's groups), ``L2`` (an amount is requested) and ``L3``
(``applied_on`` falls in the line's fiscal year), and its grant,
``min(requested_amount, max_per_coop)``. Those are rule trees, evaluated alike for one
decision and in bulk.

The envelope is shared, so the allocation of Art. 6.3 looks at every application of a
line at once: the program's ``allocate`` step ranks the eligible ones with one
``np.lexsort`` and funds them down the ranking with one ``cumsum`` per fiscal year.
:func:`allocate_reference` is the same rule as a plain sorted walk over scalar
decisions (the oracle of the tests); :func:`allocate` allocates a line from records,
without building a register by hand.

The envelope of a fiscal year is the envelope parameter's value on the first day of
that year (Farvardin 1), whatever day each application was made. The eligible
applications of a line are grouped by the fiscal year of their ``applied_on`` (``L3``
makes it the line's fiscal year), and each group is ranked and funded against its own
year's envelope: with the bundled parameters there is one group, FY 1399.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs
import numpy as np

from coopmodel._errors import IntegerOverflowError
from coopmodel.programs._spec import (
    ApplicationDecision,
    ApplicationProgram,
    Output,
    eligibility,
)
from coopmodel.records._enums import Program
from coopmodel.rules._build import (
    ON,
    any_of,
    application,
    cooperative,
    fiscal_year,
    minimum,
    param,
    where,
)
from coopmodel.rules._conditions import Condition
from coopmodel.rules._status import (
    COMMON,
    is_disabled,
    is_knowledge_based,
    is_women,
    is_youth,
)
from coopmodel.rules._vector import VectorContext, evaluate_many
from coopmodel.values._calendar import fiscal_year as calendar_fiscal_year
from coopmodel.values._calendar import fiscal_year_start
from coopmodel.values._money import INT64_MAX, check_int64, checked_sum

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from coopmodel._typing import BoolArray, DateArray, Int64Array
    from coopmodel.parameters import ParameterSet
    from coopmodel.records import Application, Cooperative
    from coopmodel.register import Register
    from coopmodel.rules._expr import Expr

__all__ = [
    "CONDITIONS",
    "CREDIT_KB",
    "CREDIT_WYD",
    "JOBS_SCALE",
    "L1",
    "L2",
    "L3",
    "Allocation",
    "CreditDecision",
    "RankingKeys",
    "allocate",
    "allocate_reference",
    "envelope",
    "jobs_per_grant",
]

#: Art. 6.3: the ranking key is ``jobs_committed · JOBS_SCALE // grant``.
JOBS_SCALE = 10**12

#: The most jobs whose scaled count stays inside int64.
_MAX_SCALED_JOBS = INT64_MAX // JOBS_SCALE

#: The parameter subtree of each line: ``credit_line.<key>.*``.
_LINE_KEYS: Mapping[Program, str] = {
    Program.CREDIT_KB: "kb",
    Program.CREDIT_WYD: "wyd",
}


def _leaf(program: Program, name: str) -> str:
    return f"credit_line.{_LINE_KEYS[program]}.{name}"


# --- conditions (Art. 6.2) -------------------------------------------------------

_requested = application("requested_amount").named("requested amount", "مبلغ درخواستی")

_line = application("program").named("credit line", "خط اعتباری")
_is_kb_line = _line.eq(Program.CREDIT_KB)
_is_wyd_line = _line.eq(Program.CREDIT_WYD)

#: Art. 6.2 ``L1``: on ``applied_on``, a knowledge-based cooperative for the KB line;
#: a women's, youth or disabled cooperative for the WYD line (Art. 2.4).
L1 = Condition(
    code="L1",
    article="6.2",
    title_en="of the line's groups",
    title_fa="از گروه‌های خط اعتباری",
    test=any_of(
        _is_kb_line & is_knowledge_based,
        _is_wyd_line & any_of(is_women, is_youth, is_disabled),
    ),
)

#: Art. 6.2 ``L2``: an amount is requested.
L2 = Condition(
    code="L2",
    article="6.2",
    title_en="amount requested",
    title_fa="مبلغ درخواستی",
    test=_requested > 0,
)

#: Art. 6.2 ``L3``: ``applied_on`` falls in the line's fiscal year (a parameter).
L3 = Condition(
    code="L3",
    article="6.2",
    title_en="in the line's fiscal year",
    title_fa="در سال مالی خط اعتباری",
    test=fiscal_year(ON)
    .named("fiscal year of applied_on", "سال مالی تاریخ درخواست")
    .eq(
        where(
            _is_kb_line,
            param(_leaf(Program.CREDIT_KB, "fiscal_year")),
            param(_leaf(Program.CREDIT_WYD, "fiscal_year")),
        ).named("fiscal year of the line", "سال مالی خط اعتباری")
    ),
)

#: Art. 6.2: the conditions of both lines; ``L1`` and ``L3`` read the line.
CONDITIONS: tuple[Condition, ...] = (*COMMON, L1, L2, L3)


def _grant(program: Program, conditions: tuple[Condition, ...]) -> Expr:
    """Art. 6.2: ``min(requested, max_per_coop)``, 0 when ineligible."""
    cap = param(_leaf(program, "max_per_coop")).named("most per cooperative", "سقف")
    return where(eligibility(conditions), minimum(_requested, cap), 0)


def _outputs(program: Program, conditions: tuple[Condition, ...]) -> tuple[Output, ...]:
    """Return the line's grant and the internal columns its allocation ranks by."""
    return (
        Output(
            "grant",
            _grant(program, conditions),
            "6.2",
            "min(requested, max_per_coop), rials; 0 when ineligible.",
        ),
        Output(
            "_priority",
            cooperative("less_developed") | cooperative("border"),
            "6.3",
            "Ranking key 1: a less-developed or border county comes first.",
        ),
        Output(
            "_jobs",
            application("jobs_committed"),
            "6.3",
            "Jobs committed, for ranking key 2.",
        ),
        Output(
            "_coop_id", cooperative("coop_id"), "6.3", "Ranking key 4: the coop_id."
        ),
        Output(
            "_fiscal_year",
            fiscal_year(ON),
            "6.1",
            "Fiscal year of applied_on: whose envelope the application draws on.",
        ),
    )


# --- the allocation (Art. 6.3) ---------------------------------------------------


def envelope(
    program: Program, fiscal_year: int, *, params: ParameterSet | None = None
) -> int:
    """Return a line's envelope for a fiscal year: its value on the year's first day.

    >>> envelope(Program.CREDIT_WYD, 1399)
    2000000000000

    Raises:
        ValueError: ``program`` is not a credit line.
        ParameterLookupError: The year starts before the envelope's first value.
    """
    from coopmodel.parameters import load_parameters  # noqa: PLC0415 - lazy load

    _check_line(program)
    params = load_parameters() if params is None else params
    return params.value(_leaf(program, "envelope"), fiscal_year_start(fiscal_year))


def _check_line(program: Program | None) -> Program:
    if program is None or program not in _LINE_KEYS:
        shown = None if program is None else program.value
        msg = f"credit line: program {shown!r} is not 'credit_kb' or 'credit_wyd'"
        raise ValueError(msg)
    return program


def _scaled_jobs_overflow(program: Program, coop_id: str | int, jobs: int) -> None:
    msg = (
        f"{program.value} application of coop {str(coop_id).zfill(11)}:"
        f" jobs_committed · 10^12 = {jobs * JOBS_SCALE} leaves int64"
        " (ranking key of Art. 6.3)"
    )
    raise IntegerOverflowError(msg)


def jobs_per_grant(jobs_committed: int, grant: int) -> int:
    """Return ranking key 2 of Art. 6.3: ``jobs_committed · 10^12 // grant``.

    A grant of 0 (only when a reform sets ``max_per_coop`` to 0) gives 0: such an
    application is funded 0 wherever it ranks.

    >>> jobs_per_grant(6, 7_499_000_000)
    800

    Raises:
        IntegerOverflowError: ``jobs_committed · 10^12`` leaves int64.
    """
    scaled = check_int64(
        jobs_committed * JOBS_SCALE, op="credit line ranking key jobs_committed · 10^12"
    )
    return scaled // grant if grant > 0 else 0


def _jobs_per_grant_array(
    program: Program, jobs: Int64Array, grant: Int64Array, coop_id: Int64Array
) -> Int64Array:
    """Return ``jobs · 10^12 // grant`` per row (0 where the grant is 0), exactly."""
    too_many = jobs > _MAX_SCALED_JOBS
    if too_many.any():
        i = int(np.flatnonzero(too_many)[0])
        _scaled_jobs_overflow(program, int(coop_id[i]), int(jobs[i]))
    scaled = jobs * JOBS_SCALE
    key = np.zeros(len(jobs), dtype=np.int64)
    funded = grant > 0
    key[funded] = scaled[funded] // grant[funded]
    return key


def _fund(
    program: Program, year: int, grants: Int64Array, available: int
) -> Int64Array:
    """Fund grants in rank order from ``available``: ``min(grant, left)``, never < 0."""
    checked_sum(
        grants,
        op=f"{program.value} FY {year}: the sum of the eligible grants",
    )
    # The total fits in int64 and every grant is >= 0: so does every running sum.
    before = np.cumsum(grants) - grants
    funded: Int64Array = np.minimum(grants, np.maximum(0, available - before))
    return funded


def _allocate_rows(
    program: Program,
    columns: Mapping[str, Int64Array],
    on: DateArray,
    params: ParameterSet,
) -> dict[str, Int64Array]:
    """Rank a line's eligible applications and fund them from the envelope (Art. 6.3).

    Sorted by fiscal year, then the four keys of Art. 6.3, with one ``np.lexsort``;
    funded with one ``cumsum`` per fiscal year. ``rank`` counts from 1 within a
    fiscal year; ineligible rows get rank 0 (no rank) and 0.
    """
    grant = np.asarray(columns["grant"], dtype=np.int64)
    n = len(grant)
    rank = np.zeros(n, dtype=np.int64)
    allocated = np.zeros(n, dtype=np.int64)
    rows = np.flatnonzero(np.asarray(columns["_eligible"]) != 0)
    if rows.size == 0:
        return {"rank": rank, "allocated": allocated}
    coop_id = np.asarray(columns["_coop_id"], dtype=np.int64)[rows]
    key = _jobs_per_grant_array(
        program,
        np.asarray(columns["_jobs"], dtype=np.int64)[rows],
        grant[rows],
        coop_id,
    )
    applied_days = np.asarray(on, dtype="datetime64[D]")[rows].astype(np.int64)
    ordinary = np.asarray(columns["_priority"])[rows] == 0
    years = np.asarray(columns["_fiscal_year"], dtype=np.int64)[rows]
    # np.lexsort sorts by its last key first: fiscal year, then priority (0 first),
    # then more jobs per rial, then earlier applied_on, then smaller coop_id.
    ranking = np.lexsort((coop_id, applied_days, -key, ordinary, years))
    order = rows[ranking]
    sorted_years = years[ranking]
    bounds = np.flatnonzero(np.diff(sorted_years)) + 1
    starts = np.concatenate(([0], bounds)).tolist()
    ends = np.concatenate((bounds, [len(order)])).tolist()
    for start, end in zip(starts, ends, strict=True):  # one pass per fiscal year
        year = int(sorted_years[start])
        segment = order[start:end]
        available = envelope(program, year, params=params)
        allocated[segment] = _fund(program, year, grant[segment], available)
        rank[segment] = np.arange(1, end - start + 1, dtype=np.int64)
    return {"rank": rank, "allocated": allocated}


@attrs.frozen
class _LineAllocator:
    """Rank a line's eligible applications and fund them from its envelope.

    The program's ``allocate`` step (Art. 6.3), run in bulk over every application
    of the line: ranked by county, jobs per rial, ``applied_on`` and ``coop_id``
    within each fiscal year, and funded down the ranking from that year's envelope.
    """

    program: Program

    def __call__(
        self,
        columns: Mapping[str, Int64Array],
        on: DateArray,
        params: ParameterSet,
    ) -> dict[str, Int64Array]:
        return _allocate_rows(self.program, columns, on, params)


#: Art. 6: an application to the knowledge-based (KB) credit line.
CREDIT_KB = ApplicationProgram(
    program=Program.CREDIT_KB,
    article="6",
    title_en="Knowledge-based credit line",
    title_fa="خط اعتباری تعاونی‌های دانش‌بنیان",
    conditions=CONDITIONS,
    outputs=_outputs(Program.CREDIT_KB, CONDITIONS),
    allocate=_LineAllocator(Program.CREDIT_KB),
)

#: Art. 6: an application to the women's, youth and disabled (WYD) credit line.
CREDIT_WYD = ApplicationProgram(
    program=Program.CREDIT_WYD,
    article="6",
    title_en="Women's, youth and disabled credit line",
    title_fa="خط اعتباری تعاونی‌های زنان، جوانان و توان‌یابان",
    conditions=CONDITIONS,
    outputs=_outputs(Program.CREDIT_WYD, CONDITIONS),
    allocate=_LineAllocator(Program.CREDIT_WYD),
)

_PROGRAMS: Mapping[Program, ApplicationProgram] = {
    Program.CREDIT_KB: CREDIT_KB,
    Program.CREDIT_WYD: CREDIT_WYD,
}


# --- the scalar reference: a sorted walk -----------------------------------------


#: What :func:`allocate_reference` reads of a decision (``coopmodel.Decision`` has it).
CreditDecision = ApplicationDecision


@attrs.frozen
class RankingKeys:
    """What Art. 6.3 ranks an application by, besides its grant.

    Read off the records with :meth:`from_records`.
    """

    coop_id: str
    less_developed_or_border: bool
    jobs_committed: int
    applied_on: dt.date

    @classmethod
    def from_records(
        cls, cooperative: Cooperative, application: Application
    ) -> RankingKeys:
        """Return the ranking keys of a cooperative's application."""
        return cls(
            coop_id=application.coop_id,
            less_developed_or_border=cooperative.less_developed or cooperative.border,
            jobs_committed=application.jobs_committed,
            applied_on=application.applied_on,
        )


def _walk_key(
    program: Program, decision: CreditDecision, keys: RankingKeys
) -> tuple[int, int, dt.date, int]:
    grant = int(decision.amounts["grant"])
    if keys.jobs_committed > _MAX_SCALED_JOBS:
        _scaled_jobs_overflow(program, keys.coop_id, keys.jobs_committed)
    return (
        0 if keys.less_developed_or_border else 1,
        -jobs_per_grant(keys.jobs_committed, grant),
        keys.applied_on,
        int(keys.coop_id),
    )


def _reference_program(
    entries: list[tuple[CreditDecision, RankingKeys]],
) -> Program:
    programs = {decision.program for decision, _ in entries}
    if len(programs) != 1:
        shown = sorted(str(p) for p in programs)
        msg = f"allocate_reference: decisions of one credit line expected, got {shown}"
        raise ValueError(msg)
    return _check_line(programs.pop())


def allocate_reference(
    decisions_with_keys: Iterable[tuple[CreditDecision, RankingKeys]],
    *,
    params: ParameterSet | None = None,
) -> list[tuple[int, int]]:
    """Allocate a line's envelope by walking its decisions in rank order (Art. 6.3).

    The readable form of the bulk ``allocate`` step, one application at a time: the
    eligible decisions of each fiscal year are sorted by the four keys of Art. 6.3
    and each gets ``min(grant, envelope − allocated so far)``, never below 0.

    Args:
        decisions_with_keys: Scalar decisions of one line (from
            :func:`coopmodel.decide`), each with its :class:`RankingKeys`.
        params: The parameters; the bundled ones when ``None``.

    Returns:
        ``(rank, allocated)`` per decision, in the order given; rank counts from 1
        within a fiscal year, and an ineligible decision gets ``(0, 0)``.

    Raises:
        ValueError: The decisions are not all of one credit line, or a decision's
            keys are of another cooperative or day.
        IntegerOverflowError: A ranking key or the sum of a year's grants leaves
            int64.
    """
    from coopmodel.parameters import load_parameters  # noqa: PLC0415 - lazy load

    entries = list(decisions_with_keys)
    if not entries:
        return []
    program = _reference_program(entries)
    params = load_parameters() if params is None else params
    for decision, keys in entries:
        if (keys.coop_id, keys.applied_on) != (decision.coop_id, decision.on):
            msg = (
                f"allocate_reference: keys of coop {keys.coop_id} on"
                f" {keys.applied_on} given with the decision of coop"
                f" {decision.coop_id} on {decision.on}"
            )
            raise ValueError(msg)
    result = [(0, 0)] * len(entries)
    by_year: dict[int, list[int]] = {}
    for i, (decision, _) in enumerate(entries):
        if decision.eligible:
            year = calendar_fiscal_year(decision.on)
            by_year.setdefault(year, []).append(i)
    for year, indices in sorted(by_year.items()):
        ranked = sorted(indices, key=lambda i: _walk_key(program, *entries[i]))
        available = envelope(program, year, params=params)
        granted = 0
        allocated = 0
        for rank, i in enumerate(ranked, start=1):
            grant = int(entries[i][0].amounts["grant"])
            granted = check_int64(
                granted + grant,
                op=f"{program.value} FY {year}: the sum of the eligible grants",
            )
            share = max(0, min(grant, available - allocated))
            allocated += share
            result[i] = (rank, share)
    return result


# --- one line's allocation from records ------------------------------------------


@attrs.frozen
class Allocation:
    """One application's share of its line's envelope (Art. 6.3).

    ``rank`` is ``None`` for an ineligible application, whose ``grant`` and
    ``allocated`` are 0 (Art. 0.5).
    """

    coop_id: str
    program: Program
    applied_on: dt.date
    eligible: bool
    grant: int
    rank: int | None
    allocated: int


def _line_columns(
    register: Register,
    rows: Int64Array,
    spec: ApplicationProgram,
    params: ParameterSet,
) -> tuple[BoolArray, dict[str, Int64Array], DateArray]:
    """Evaluate a line's eligibility and outputs over its rows of a register."""
    on: DateArray = register.applications.applied_on[rows]
    context = VectorContext(
        register=register, on=on, params=params, application_rows=rows
    )
    values = evaluate_many(
        [eligibility(spec.conditions), *(o.expr for o in spec.outputs)], context
    )
    eligible = np.asarray(values[0].values, dtype=bool)
    columns = {
        output.name: np.asarray(value.values, dtype=np.int64)
        for output, value in zip(spec.outputs, values[1:], strict=True)
    }
    return eligible, columns, on


def allocate(
    cooperatives: Iterable[Cooperative],
    applications: Iterable[Application],
    *,
    params: ParameterSet | None = None,
) -> tuple[Allocation, ...]:
    """Decide and allocate credit-line applications from records (Art. 6).

    Builds a register of the records and runs the same rule trees and ``allocate``
    step as :func:`coopmodel.evaluate`, so the result equals the bulk columns. Each
    line is allocated over all of its applications given here.

    Args:
        cooperatives: The applicants, with their members.
        applications: Applications to ``credit_kb`` or ``credit_wyd``.
        params: The parameters; the bundled ones when ``None``.

    Returns:
        One :class:`Allocation` per application, in the order given.

    Raises:
        ValueError: An application is not to a credit line.
        InvalidRecordError: The records do not make a register (Art. 1.6).
        IntegerOverflowError: A ranking key or a year's sum of grants leaves int64.
    """
    from coopmodel.parameters import load_parameters  # noqa: PLC0415 - lazy load
    from coopmodel.register import Register  # noqa: PLC0415 - layer below, lazy

    apps = tuple(applications)
    for app in apps:
        if app.program not in _LINE_KEYS:
            msg = (
                f"allocate: application of coop {app.coop_id} to"
                f" {app.program.value!r} is not to a credit line"
            )
            raise ValueError(msg)
    params = load_parameters() if params is None else params
    register = Register.from_records(cooperatives, apps)
    codes = {p: i for i, p in enumerate(Program)}
    n = len(apps)
    eligible = np.zeros(n, dtype=bool)
    grant = np.zeros(n, dtype=np.int64)
    rank = np.zeros(n, dtype=np.int64)
    allocated = np.zeros(n, dtype=np.int64)
    for program, spec in _PROGRAMS.items():
        rows = np.flatnonzero(register.applications.program == codes[program])
        if rows.size == 0:
            continue
        ok, columns, on = _line_columns(register, rows.astype(np.int64), spec, params)
        steps = _allocate_rows(
            program, {**columns, "_eligible": ok.astype(np.int64)}, on, params
        )
        eligible[rows] = ok
        grant[rows] = columns["grant"]
        rank[rows] = steps["rank"]
        allocated[rows] = steps["allocated"]
    return tuple(
        Allocation(
            coop_id=app.coop_id,
            program=app.program,
            applied_on=app.applied_on,
            eligible=bool(eligible[i]),
            grant=int(grant[i]),
            rank=int(rank[i]) or None,
            allocated=int(allocated[i]),
        )
        for i, app in enumerate(apps)
    )
