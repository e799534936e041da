"""Generate a synthetic register straight into the register's numpy columns.

The register is built in *blocks* of :data:`BLOCK_SIZE` consecutive cooperatives;
block ``b`` draws from ``numpy.random.default_rng(SeedSequence([seed, b]))`` and from
nothing else but the register's total size, so a register of ``n`` cooperatives is
the same whether it is built at once (:func:`generate`) or chunk by chunk
(:func:`iter_chunks`), and the same seed always gives the same arrays.

Within a block every draw is a whole-column numpy operation: cooperatives first,
then their members (positions within each cooperative decide their role: counted
member, member who left, hire of the year), then the applications. Identifiers come
from :func:`~coopmodel.values.make_coop_ids` and
:func:`~coopmodel.values.make_national_codes` through affine bijections of the
global row numbers, so ``coop_id`` is unique in the register and ``national_code``
unique within each cooperative.

Day arithmetic is in Gregorian days. An age in full Jalali years (Art. 2.2) is
bounded with day counts: ``k`` Jalali years are ``365·k`` days plus the leap days
among them, so the bounds below keep a few days of margin on either side.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Literal

import attrs
import numpy as np
import numpy.typing as npt

from coopmodel.parameters import ParameterSet, load_parameters
from coopmodel.records._enums import CoopKind, Education, Program, Status
from coopmodel.records._provinces import PROVINCES
from coopmodel.register._tables import (
    ApplicationTable,
    CooperativeTable,
    MemberTable,
    Register,
)
from coopmodel.synthetic._calibration import (
    BORDER_COUNTY_BP,
    EDUCATION_BP,
    KINDS,
    PROVINCE_TABLE,
    REPORT_1399,
    REPORT_ON,
    Calibration,
)
from coopmodel.values._calendar import fiscal_year, fiscal_year_start, parse_date
from coopmodel.values._ids import (
    NATIONAL_CODE_COUNT,
    make_coop_ids,
    make_national_codes,
)

if TYPE_CHECKING:
    import datetime as dt
    import os
    from collections.abc import Iterator
    from pathlib import Path

    from coopmodel._typing import BoolArray, Int64Array
    from coopmodel.values._calendar import DateLike

__all__ = [
    "BLOCK_SIZE",
    "NATIONAL_SIZE",
    "generate",
    "iter_chunks",
    "national_register",
    "write",
]

#: Cooperatives per block of generation (see the module docstring).
BLOCK_SIZE = 131_072
#: The national register's size: 95,000 active cooperatives plus 15 % others.
NATIONAL_SIZE = 109_250
#: The largest register :func:`generate` builds (its coop_ids are drawn from 10**8).
MAX_COOPERATIVES = 10**8

# coop_id bodies (the first ten digits) are 10 followed by 8 digits:
# 10**9 + (a·g + b) mod 10**8, a bijection of the global row g since a is prime to
# 10**8; the IDs read 10xxxxxxxxx like real legal-entity IDs.
_COOP_ID_BASE = 10**9
_COOP_ID_SPAN = 10**8
_COOP_ID_MULTIPLIER = 387_420_489
_COOP_ID_OFFSET = 123_456_789
# national codes: the member at position j of cooperative g gets the valid code
# numbered (a·((g·2**20 + j) mod N) + b) mod N; for one g the 2**20 values of j are
# distinct mod N, and a is prime to N, so codes are distinct within a cooperative.
_MEMBER_SLOTS = 2**20
_CODE_MULTIPLIER = 694_847_539
_CODE_OFFSET = 271_828_182
#: The most members one synthetic cooperative has (counted, left and hired).
MAX_MEMBERS = 30_000

_FORMATS = ("parquet", "csv")
_YEAR = 365.2425
_JALALI_18 = 18 * 365 + 5  # at least 18 full Jalali years on this many days
_MARGIN = 4
_BP = 10_000
_KIND_CODE = {kind: i for i, kind in enumerate(CoopKind)}
_ACTIVE = list(Status).index(Status.ACTIVE)
_NO_EDUCATION, _DIPLOMA, _ASSOCIATE, _BACHELOR = (
    list(Education).index(level)
    for level in (
        Education.NONE,
        Education.DIPLOMA,
        Education.ASSOCIATE,
        Education.BACHELOR,
    )
)
_NAT = np.iinfo(np.int64).min  # NaT as an int64 day number

# hire types of a cooperative (0: no hires in the year)
_HIRE_YOUNG, _HIRE_38, _HIRE_OTHER, _HIRE_INELIGIBLE = 1, 2, 3, 4


def _as_days(value: dt.date) -> int:
    return int(np.datetime64(value, "D").astype(np.int64))


def _between(
    rng: np.random.Generator,
    low: npt.ArrayLike,
    high: npt.ArrayLike,
    size: int | None = None,
) -> Int64Array:
    """Draw whole numbers uniformly in ``[low, high]`` (``high < low`` gives ``low``).

    ``low`` and ``high`` broadcast; ``size`` gives the length when both are scalars.
    """
    low_a = np.asarray(low, dtype=np.int64)
    span = np.maximum(np.asarray(high, dtype=np.int64) - low_a + 1, 1)
    shape = np.broadcast_shapes(
        low_a.shape, span.shape, () if size is None else (size,)
    )
    draw: Int64Array = low_a + np.floor(rng.random(shape) * span).astype(np.int64)
    return draw


def _choose(
    rng: np.random.Generator, weights_bp: npt.ArrayLike, size: int
) -> Int64Array:
    """Draw category numbers with the given weights (any positive scale)."""
    p = np.asarray(weights_bp, dtype=np.float64)
    cumulative = np.cumsum(p / p.sum())
    cumulative[-1] = 1.0
    picks: Int64Array = np.searchsorted(cumulative, rng.random(size), side="right")
    return np.minimum(picks, len(p) - 1).astype(np.int64)


def _scaled(count: int, active: int, calibration: Calibration) -> int:
    """Return a calibration count scaled to ``active`` active cooperatives."""
    return round(count * active / calibration.active_cooperatives)


def _take(
    rng: np.random.Generator, pool: BoolArray, count: int
) -> tuple[Int64Array, BoolArray]:
    """Pick ``count`` rows of the pool at random; return them and the pool without."""
    rows = np.flatnonzero(pool)
    chosen = rows[rng.permutation(len(rows))[: min(count, len(rows))]]
    rest = pool.copy()
    rest[chosen] = False
    return np.sort(chosen), rest


# ---------------------------------------------------------------------- geography


@attrs.frozen(eq=False)
class _Geography:
    """Counties of every province with their flags; the same for every seed."""

    province_weights: npt.NDArray[np.float64]
    first_county: Int64Array
    county_count: Int64Array
    county_name: npt.NDArray[np.object_]
    county_border: BoolArray
    county_less_developed: BoolArray
    border_share: float


@functools.cache
def _geography() -> _Geography:
    rng = np.random.default_rng(np.random.SeedSequence([1399, 31]))
    counts = np.array([row[1] for row in PROVINCE_TABLE], dtype=np.int64)
    first = np.zeros(len(counts), dtype=np.int64)
    first[1:] = np.cumsum(counts)[:-1]
    province_of = np.repeat(np.arange(len(counts)), counts)
    has_border = np.array([row[2] for row in PROVINCE_TABLE])[province_of]
    less_bp = np.array([row[3] for row in PROVINCE_TABLE])[province_of]
    border = has_border & (rng.random(len(province_of)) * _BP < BORDER_COUNTY_BP)
    less_developed = rng.random(len(province_of)) * _BP < less_bp
    names = np.array(
        [
            f"{PROVINCES[p].name_en} county {k + 1}"
            for p, count in enumerate(counts.tolist())
            for k in range(count)
        ],
        dtype=object,
    )
    weights = np.array([row[0] for row in PROVINCE_TABLE], dtype=np.float64)
    weights /= weights.sum()
    border_by_province = np.bincount(province_of, weights=border) / counts
    return _Geography(
        province_weights=weights,
        first_county=first,
        county_count=counts,
        county_name=names,
        county_border=border,
        county_less_developed=less_developed,
        border_share=float(weights @ border_by_province),
    )


# ------------------------------------------------------------------------ a block


@attrs.frozen
class _Setting:
    """What every block of one register shares."""

    seed: int
    n_total: int
    n_active: int
    on: int
    year_start: int
    previous_year_start: int
    calibration: Calibration
    params: ParameterSet
    on_date: dt.date


@attrs.frozen(eq=False)
class _Cooperatives:
    """The cooperative columns of a block, plus what the members are drawn from."""

    table: CooperativeTable
    counted: Int64Array
    left: Int64Array
    employed: Int64Array
    hires: Int64Array
    hire_type: Int64Array
    founders: Int64Array
    female_bp: Int64Array
    disabled_bp: Int64Array
    youth: BoolArray
    low_income: BoolArray
    sound: BoolArray
    failing: BoolArray
    groups: BoolArray
    knowledge_based: BoolArray
    uncertified: BoolArray


def _quorum(kind: Int64Array, setting: _Setting) -> Int64Array:
    minimum = np.array(
        [
            setting.params.value(f"quorum.min_members.{k.value}", setting.on_date)
            for k in CoopKind
        ],
        dtype=np.int64,
    )
    quorum: Int64Array = minimum[kind]
    return quorum


def _sizes(
    rng: np.random.Generator, kind: Int64Array, quorum: Int64Array, c: Calibration
) -> Int64Array:
    """Counted members: the quorum plus a skewed excess, a few below quorum."""
    n = len(kind)
    median = np.array([k.median_above_quorum for k in KINDS])[kind]
    sigma = np.array([k.sigma for k in KINDS])[kind]
    tail_bp = np.array([k.tail_bp for k in KINDS])[kind]
    excess = np.exp(np.log(median) + sigma * rng.standard_normal(n))
    tail = rng.random(n) * _BP < tail_bp
    pareto = 30.0 * (1.0 - rng.random(n)) ** (-1.0 / 1.3)
    excess = np.where(tail, pareto, excess)
    counted = quorum + np.floor(np.minimum(excess, 5_000)).astype(np.int64)
    below = rng.random(n) * _BP < c.below_quorum_bp
    short = _between(rng, np.maximum(1, (quorum + 1) // 2), quorum - 1)
    counted = np.where(below & (quorum > 1), short, counted)
    return np.minimum(counted, MAX_MEMBERS // 2)


def _assemblies(
    rng: np.random.Generator,
    is_active: BoolArray,
    registered: Int64Array,
    setting: _Setting,
) -> Int64Array:
    """Draw the last general assembly (Art. 2.5 C4): this year, last, earlier, none.

    An assembly falls between registration and ``on``; a category that cannot
    (a cooperative registered this year has no assembly last year) moves to this
    year, or to none for "earlier".
    """
    c = setting.calibration
    on, year_start, previous = (
        setting.on,
        setting.year_start,
        setting.previous_year_start,
    )
    size = len(registered)
    when = np.where(
        is_active,
        _choose(rng, c.assembly_split_bp, size),
        _choose(rng, (500, 1_500, 5_500, 2_500), size),
    )
    this_year = _between(rng, np.maximum(year_start, registered), on)
    last_year = _between(rng, np.maximum(previous, registered), year_start - 1)
    earlier = _between(rng, np.maximum(on - int(8 * _YEAR), registered), previous - 1)
    assembly: Int64Array = np.select(
        [
            (when == 0) | ((when == 1) & (registered >= year_start)),
            when == 1,
            (when == 2) & (registered < previous),
        ],
        [this_year, last_year, earlier],
        default=_NAT,
    )
    return assembly


def _certificates(
    rng: np.random.Generator,
    knowledge: BoolArray,
    expired: BoolArray,
    registered: Int64Array,
    on: int,
) -> tuple[Int64Array, Int64Array]:
    """Draw knowledge-based certificates: three years long, some expired by ``on``.

    Knowledge-based cooperatives hold one, valid on ``on`` unless ``expired``; one
    cooperative in 200 of the others holds an expired one. Others hold none (NaT).
    """
    size = len(registered)
    stray = ~knowledge & (rng.random(size) < 0.005)
    lapsed = expired | stray
    start = np.where(
        lapsed,
        on - (3.2 * _YEAR + rng.random(size) * 3 * _YEAR).astype(np.int64),
        on - (30 + rng.random(size) * 2.9 * _YEAR).astype(np.int64),
    )
    start = np.maximum(start, registered)
    until = np.where(lapsed, np.minimum(start + 1_095, on - 1), start + 1_095)
    certified = knowledge | stray
    return np.where(certified, start, _NAT), np.where(certified, until, _NAT)


def _hiring_plan(
    rng: np.random.Generator,
    *,
    c123: BoolArray,
    hopeless: BoolArray,
    active: int,
    c: Calibration,
) -> tuple[Int64Array, Int64Array]:
    """Choose who hires in the year, and how many (Art. 7.2, 7.3 calibration).

    Disjoint sets of cooperatives meeting C1-C3 hire young graduates, graduates
    aged 38, or people who qualify for neither program; some cooperatives failing
    C1 or C3 (which hires cannot mend, unlike a quorum) hire young graduates.

    Returns:
        Per cooperative, its hire type and its number of hires.
    """
    size = len(c123)
    hire_type = np.zeros(size, dtype=np.int64)
    hires = np.zeros(size, dtype=np.int64)
    young, pool = _take(rng, c123, _scaled(c.hiring_cooperatives, active, c))
    hire_type[young] = _HIRE_YOUNG
    hires[young] = rng.geometric(1.0 / c.hires_per_cooperative, len(young))
    old, pool = _take(rng, pool, _scaled(c.graduate_hire_38_cooperatives, active, c))
    hire_type[old] = _HIRE_38
    hires[old] = 1 + (rng.random(len(old)) < 0.15)
    other, pool = _take(rng, pool, _scaled(c.other_hiring_cooperatives, active, c))
    hire_type[other] = _HIRE_OTHER
    hires[other] = 1 + rng.poisson(0.8, len(other))
    outside, _ = _take(
        rng, hopeless, _scaled(c.ineligible_hiring_cooperatives, active, c)
    )
    hire_type[outside] = _HIRE_INELIGIBLE
    hires[outside] = rng.geometric(1.0 / 3.0, len(outside))
    return hire_type, hires


def _cooperatives(
    rng: np.random.Generator, start: int, size: int, setting: _Setting
) -> _Cooperatives:
    c = setting.calibration
    on, year_start = setting.on, setting.year_start
    geo = _geography()
    rows = start + np.arange(size, dtype=np.int64)
    body = (_COOP_ID_MULTIPLIER * rows + _COOP_ID_OFFSET) % _COOP_ID_SPAN
    coop_id = make_coop_ids(_COOP_ID_BASE + body)

    # status: exactly the register's share of active cooperatives in every block
    active = (setting.n_active * (start + size)) // setting.n_total - (
        setting.n_active * start
    ) // setting.n_total
    status = np.zeros(size, dtype=np.int64)
    status[active:] = 1 + _choose(rng, c.extra_split, size - active)
    status = rng.permutation(status)
    is_active = status == _ACTIVE
    n_active = int(active)

    # where: province by population, county uniform within it
    province = _choose(rng, geo.province_weights, size)
    county = geo.first_county[province] + np.floor(
        rng.random(size) * geo.county_count[province]
    ).astype(np.int64)
    border = geo.county_border[county]
    less_developed = geo.county_less_developed[county]
    county_name = geo.county_name[county].copy()
    county_name[rng.random(size) < 0.03] = None

    # kind: border dwellers only in border counties
    shares = np.array([k.share_bp for k in KINDS], dtype=np.float64)
    bd = _KIND_CODE[CoopKind.BORDER_DWELLERS]
    bd_share = shares[bd] / shares.sum()
    shares[bd] = 0.0
    kind = _choose(rng, shares, size)
    kind = np.where(border & (rng.random(size) < bd_share / geo.border_share), bd, kind)
    quorum = _quorum(kind, setting)

    # groups (Art. 2.4) the cooperative is built as
    women = rng.random(size) * _BP < c.women_bp
    youth = rng.random(size) * _BP < c.youth_bp
    disabled = rng.random(size) * _BP < c.disabled_bp
    low_income = rng.random(size) * _BP < c.low_income_bp
    knowledge = rng.random(size) * _BP < c.knowledge_based_bp

    # registration: young cooperatives are common, none older than 45 years
    age = np.minimum(rng.exponential(9.0 * _YEAR, size), 45 * _YEAR)
    age = np.where(youth, rng.random(size) * 6 * _YEAR, age)
    age = np.where(knowledge, np.maximum(age, 1.5 * _YEAR), age)
    registered = on - np.maximum(age.astype(np.int64), 60)

    counted = _sizes(rng, kind, quorum, c)
    left = np.minimum(rng.poisson(counted * (c.left_member_bp / _BP)), MAX_MEMBERS // 4)
    founders = np.minimum(counted, np.maximum(quorum, 1))
    share = rng.beta(2.0, 4.0, size)
    employed = np.where(
        rng.random(size) * _BP < c.employer_bp,
        np.clip(np.round(share * counted), 1, 200).astype(np.int64),
        0,
    )
    employed = np.minimum(employed, counted)

    # money: paid-in capital, guarantees, debts
    factor = np.array([k.equity_factor for k in KINDS])[kind]
    equity = np.exp(np.log(6e8) + 1.2 * rng.standard_normal(size)) * factor
    equity = np.where(rng.random(size) < 0.04, rng.random(size) * 9.5e7 + 5e6, equity)
    equity_rials = (np.floor(equity / 1e6) * 1e6).astype(np.int64)
    outstanding = np.where(
        rng.random(size) < 0.10,
        (np.floor(rng.random(size) * 3.0 * equity_rials / 1e6) * 1e6).astype(np.int64),
        0,
    )
    debt_bp = np.where(is_active, c.overdue_debt_bp, 5 * c.overdue_debt_bp)
    debt = np.where(
        rng.random(size) * _BP < debt_bp,
        (np.exp(np.log(5e8) + rng.standard_normal(size)) // 1e6 * 1e6).astype(np.int64),
        0,
    )
    arrears_bp = np.where(employed > 0, 1.5, 0.3) * c.insurance_arrears_bp
    arrears_bp = np.where(is_active, arrears_bp, 5 * c.insurance_arrears_bp)
    arrears = np.where(
        rng.random(size) * _BP < arrears_bp,
        (np.exp(np.log(8e7) + rng.standard_normal(size)) // 1e4 * 1e4).astype(np.int64),
        0,
    )

    assembly = _assemblies(rng, is_active, registered, setting)
    expired = knowledge & (rng.random(size) < 0.15)
    cert_from, cert_until = _certificates(rng, knowledge, expired, registered, on)
    certified = cert_from != _NAT

    # pools for the calibrated choices
    good = (debt == 0) & (arrears == 0)
    c123 = is_active & (counted >= quorum) & good
    assembly_ok = assembly >= setting.previous_year_start
    sound = c123 & (registered < year_start) & assembly_ok
    failing = ~is_active | ~good | ~assembly_ok

    hire_type, hires = _hiring_plan(
        rng, c123=c123, hopeless=~is_active | ~good, active=n_active, c=c
    )
    # the young graduates' cooperatives had few employees when the year began
    young = np.flatnonzero(hire_type == _HIRE_YOUNG)
    split = _choose(rng, c.hiring_employed_split_bp, len(young))
    few = _between(rng, 2, 6, len(young))
    employed[young] = np.minimum(counted[young], np.where(split < 2, split, few))

    female_bp = np.where(women, c.group_member_bp, c.female_member_bp)
    disabled_bp = np.where(disabled, c.group_member_bp, c.disabled_member_bp)

    label = [
        f"{k.value.replace('_', ' ').capitalize()} cooperative no. " for k in CoopKind
    ]
    name = np.array(label, dtype=object)[kind] + (rows + 1).astype(str).astype(object)

    table = CooperativeTable(
        coop_id=coop_id,
        name=name,
        kind=kind.astype(np.int8),
        province=province.astype(np.int8),
        county=county_name,
        less_developed=less_developed,
        border=border,
        status=status.astype(np.int8),
        registered_on=registered.astype("datetime64[D]"),
        equity=equity_rials,
        outstanding_guarantees=outstanding,
        overdue_debt=debt,
        insurance_arrears=arrears,
        last_assembly_on=assembly.astype("datetime64[D]"),
        kb_certified_from=cert_from.astype("datetime64[D]"),
        kb_certified_until=cert_until.astype("datetime64[D]"),
    )
    valid_through_year = certified & (cert_from < year_start) & (cert_until > on)
    return _Cooperatives(
        table=table,
        counted=counted,
        left=left,
        employed=employed,
        hires=hires,
        hire_type=hire_type,
        founders=founders,
        female_bp=female_bp,
        disabled_bp=disabled_bp,
        youth=youth,
        low_income=low_income,
        sound=sound,
        failing=failing,
        groups=women | youth | disabled,
        knowledge_based=knowledge & ~expired & valid_through_year,
        uncertified=~certified,
    )


def _hire_ages(rng: np.random.Generator, hire_type: Int64Array) -> Int64Array:
    """Age in days on the day of hiring, by the hire type of the cooperative.

    Young graduates are 22 up to 37 full Jalali years old (at most 38·365 days less
    a margin); "38" hires are 38 full years old (38 years are 38·365 + 9 or 10
    days, 39 years 39·365 + 9 or 10); other hires are aged 20 to 60 without a
    diploma, or over 39 with one.
    """
    k = len(hire_type)
    young = (22 * _YEAR + rng.random(k) * (38 * 365 - _MARGIN - 22 * _YEAR)).astype(
        np.int64
    )
    exactly_38 = _between(rng, 38 * 365 + 10 + _MARGIN, 39 * 365 + 9 - _MARGIN, k)
    anyone = (20 * _YEAR + rng.random(k) * 40 * _YEAR).astype(np.int64)
    older = (39.5 * _YEAR + rng.random(k) * 20 * _YEAR).astype(np.int64)
    ages: Int64Array = np.select(
        [
            (hire_type == _HIRE_YOUNG) | (hire_type == _HIRE_INELIGIBLE),
            hire_type == _HIRE_38,
            hire_type == _HIRE_OTHER,
        ],
        [young, exactly_38, np.where(rng.random(k) < 0.5, anyone, older)],
        default=older,
    )
    return ages


def _hire_education(
    rng: np.random.Generator, hire_type: Int64Array, ages: Int64Array, c: Calibration
) -> Int64Array:
    """Education of hires: graduates for the hiring cooperatives (see ages)."""
    k = len(hire_type)
    graduate = _choose(rng, (7_000, 2_500, 500), k) + _BACHELOR
    diploma = np.where(rng.random(k) < 0.6, _DIPLOMA, _ASSOCIATE)
    bachelor = rng.random(k) * _BP < c.hires_bachelor_bp
    general = _choose(rng, EDUCATION_BP, k) - 1
    unschooled = np.where(rng.random(k) < 0.7, _NO_EDUCATION, -1)
    education: Int64Array = np.select(
        [
            (hire_type == _HIRE_YOUNG) | (hire_type == _HIRE_INELIGIBLE),
            hire_type == _HIRE_38,
            ages < 39 * 365 + 15,  # other hires not yet 39 have no diploma
        ],
        [np.where(bachelor, graduate, diploma), graduate, unschooled],
        default=general,
    )
    return education


def _members(
    rng: np.random.Generator, start: int, coops: _Cooperatives, setting: _Setting
) -> tuple[MemberTable, Int64Array]:
    c = setting.calibration
    on, year_start = setting.on, setting.year_start
    size = len(coops.counted)
    total = coops.counted + coops.left + coops.hires
    offsets = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(total, out=offsets[1:])
    m = int(offsets[-1])
    coop = np.repeat(np.arange(size, dtype=np.int64), total)
    position = np.arange(m, dtype=np.int64) - offsets[coop]
    # a cooperative's rows: counted members, then those who left, then the hires
    counted = coops.counted[coop]
    base = position < counted
    leaver = np.flatnonzero(~base & (position < counted + coops.left[coop]))
    hire = np.flatnonzero(position >= counted + coops.left[coop])
    registered = coops.table.registered_on.astype(np.int64)[coop]

    # national codes, unique within each cooperative
    slot = ((start + coop) * _MEMBER_SLOTS + position) % NATIONAL_CODE_COUNT
    number = (_CODE_MULTIPLIER * slot + _CODE_OFFSET) % NATIONAL_CODE_COUNT
    national_code = make_national_codes(number)

    # joined_on: founders on registration, others since; then leavers and hires
    joined = registered.copy()
    later = np.flatnonzero(base & (position >= coops.founders[coop]))
    joined[later] = _between(rng, registered[later], on)
    joined[leaver] = _between(rng, registered[leaver], on - 1)
    left_on = np.full(m, _NAT)
    left_on[leaver] = _between(rng, joined[leaver] + 1, on)
    hire_type = coops.hire_type[coop[hire]]
    hired_on = _between(rng, np.maximum(year_start, registered[hire]), on)
    before = hired_on - np.floor(
        rng.random(len(hire)) * np.minimum(365, hired_on - registered[hire])
    ).astype(np.int64)
    joined[hire] = np.where(rng.random(len(hire)) < 0.3, before, hired_on)
    employed_since = np.full(m, _NAT)
    employed_since[hire] = hired_on
    staff = np.flatnonzero(
        base & (position < coops.employed[coop]) & (joined < year_start)
    )
    employed_since[staff] = _between(rng, joined[staff], year_start - 1)

    # birth dates: from the age on `on`, at least 18 on joining; hires by hire age
    general_age = np.clip(45 + 10 * rng.standard_normal(m), 18.2, 69.5) * _YEAR
    young_age = (19 + 15 * rng.random(m)) * _YEAR
    is_young = coops.youth[coop] & (rng.random(m) * _BP < c.group_member_bp)
    age_on = np.where(is_young, young_age, general_age).astype(np.int64)
    birth = np.minimum(on - age_on, joined - _JALALI_18 - _MARGIN)
    hire_age = _hire_ages(rng, hire_type)
    birth[hire] = hired_on - hire_age

    education = _choose(rng, EDUCATION_BP, m) - 1
    education[hire] = _hire_education(rng, hire_type, hire_age, c)
    gender = (rng.random(m) * _BP >= coops.female_bp[coop]).astype(np.int8)
    disabled = rng.random(m) * _BP < coops.disabled_bp[coop]
    low_income = coops.low_income[coop]
    recorded = rng.random(m) < np.where(low_income, 0.95, 0.6)
    poor = low_income & (rng.random(m) * _BP < c.group_member_bp)
    decile = np.where(
        poor,
        _between(rng, 1, 3, m),
        np.where(low_income, _between(rng, 4, 10, m), _between(rng, 1, 10, m)),
    )
    decile = np.where(recorded, decile, 0)

    # insured wages around and above the minimum wage, a few below
    employed = np.flatnonzero(employed_since != _NAT)
    k = len(employed)
    params, day = setting.params, setting.on_date
    min_wage = params.value("premium.min_daily_wage", day) * params.value(
        "premium.min_wage_days", day
    )
    draw = rng.random(k)
    # a third exactly at the minimum, a few part-time below it, the rest above
    multiple = np.where(
        draw < 0.40,
        0.8 + 0.2 * rng.random(k),
        1.0 + np.minimum(np.exp(np.log(0.4) + 0.8 * rng.standard_normal(k)), 7),
    )
    rounded = np.ceil(min_wage * multiple / 10_000).astype(np.int64) * 10_000
    wage = np.zeros(m, dtype=np.int64)
    wage[employed] = np.where(draw < 0.35, min_wage, rounded)

    table = MemberTable(
        coop_index=coop.astype(np.int32),
        national_code=national_code,
        gender=gender,
        birth_date=birth.astype("datetime64[D]"),
        disabled=disabled,
        joined_on=joined.astype("datetime64[D]"),
        left_on=left_on.astype("datetime64[D]"),
        employed_since=employed_since.astype("datetime64[D]"),
        insured_wage=wage,
        income_decile=decile.astype(np.int8),
        education=education.astype(np.int8),
    )
    return table, offsets


def _applications(
    rng: np.random.Generator, coops: _Cooperatives, setting: _Setting
) -> ApplicationTable:
    c = setting.calibration
    on, year_start = setting.on, setting.year_start
    active = int(np.count_nonzero(coops.table.status == _ACTIVE))
    size = len(coops.counted)
    registered = coops.table.registered_on.astype(np.int64)
    assembly = coops.table.last_assembly_on.astype(np.int64)
    # an application of the year follows the cooperative's assembly of the year
    lowest = np.maximum(year_start, registered)
    lowest = np.where(assembly >= year_start, np.maximum(lowest, assembly), lowest)

    parts: list[tuple[Program, Int64Array]] = []
    everyone = np.ones(size, dtype=bool)
    guarantee, _ = _take(rng, everyone, _scaled(c.guarantee_applications, active, c))
    parts.append((Program.GUARANTEE, guarantee))
    for program, sound_pool, failing_pool, sound_n, failing_n in (
        (
            Program.EMPLOYMENT,
            coops.sound,
            coops.failing,
            c.employment_sound,
            c.employment_failing,
        ),
        (
            Program.CREDIT_KB,
            coops.sound & coops.knowledge_based,
            coops.failing | coops.uncertified,
            c.kb_sound,
            c.kb_failing,
        ),
        (
            Program.CREDIT_WYD,
            coops.sound & coops.groups,
            coops.failing,
            c.wyd_sound,
            c.wyd_failing,
        ),
    ):
        sound, _ = _take(rng, sound_pool, _scaled(sound_n, active, c))
        # the two pools are disjoint: sound cooperatives pass every common test
        failing, _ = _take(rng, failing_pool, _scaled(failing_n, active, c))
        parts.append((program, np.concatenate([sound, failing])))

    program_code = np.concatenate(
        [
            np.full(len(rows), list(Program).index(p), dtype=np.int64)
            for p, rows in parts
        ]
    )
    rows = np.concatenate([rows for _, rows in parts])
    n = len(rows)
    previous = setting.previous_year_start
    is_guarantee = program_code == list(Program).index(Program.GUARANTEE)
    low = np.where(is_guarantee, np.maximum(previous, registered[rows]), lowest[rows])
    applied = _between(rng, low, on)

    # employment: committed jobs and the per-job amount in force on applied_on
    jobs = np.clip(
        np.round(np.exp(np.log(c.jobs_median) + c.jobs_sigma * rng.standard_normal(n))),
        1,
        200,
    ).astype(np.int64)
    # (looked up on the year's applications only: guarantees may be older)
    in_year = np.maximum(applied, year_start).astype("datetime64[D]")
    params = setting.params
    per_job = np.where(
        coops.table.less_developed[rows] | coops.table.border[rows],
        params.values_at("employment.per_job.less_developed_or_border", in_year),
        params.values_at("employment.per_job.standard", in_year),
    )
    low_pm, high_pm = c.employment_request_permille
    permille = _between(rng, low_pm, high_pm, n)
    employment_request = per_job * jobs * permille // 1000 // 10_000_000 * 10_000_000

    def amount(bounds: tuple[int, int]) -> Int64Array:
        low_a, high_a = bounds
        drawn = low_a + rng.random(n) * (high_a - low_a)
        return (drawn // 100_000_000 * 100_000_000).astype(np.int64)

    guarantee_request = (
        np.exp(np.log(3e9) + 1.0 * rng.standard_normal(n)) // 1e7 * 1e7
    ).astype(np.int64)
    codes = [list(Program).index(p) for p in Program]
    requested = np.select(
        [program_code == codes[1], program_code == codes[2], program_code == codes[3]],
        [employment_request, amount(c.kb_request), amount(c.wyd_request)],
        default=np.maximum(guarantee_request, 10_000_000),
    )
    committed = np.select(
        [program_code == codes[1], is_guarantee],
        [jobs, np.zeros(n, dtype=np.int64)],
        default=1 + rng.poisson(6.0, n),
    )
    kind = np.where(is_guarantee, _choose(rng, (5_000, 1_500, 2_500, 1_000), n), -1)
    days = np.where(is_guarantee, _between(rng, 90, 1_095, n), 0)

    # by cooperative, then program: a chunk's applications are a run of the whole's
    order = np.lexsort((program_code, rows))
    return ApplicationTable(
        coop_index=rows[order].astype(np.int32),
        program=program_code[order].astype(np.int8),
        applied_on=applied[order].astype("datetime64[D]"),
        requested_amount=requested[order].astype(np.int64),
        jobs_committed=committed[order].astype(np.int32),
        guarantee_kind=kind[order].astype(np.int8),
        guarantee_days=days[order].astype(np.int16),
    )


def _block(index: int, size: int, setting: _Setting) -> Register:
    """Generate block ``index`` (its first ``size`` cooperatives)."""
    rng = np.random.default_rng(np.random.SeedSequence([setting.seed, index]))
    start = index * BLOCK_SIZE
    coops = _cooperatives(rng, start, size, setting)
    members, offsets = _members(rng, start, coops, setting)
    applications = _applications(rng, coops, setting)
    return Register(
        cooperatives=coops.table,
        members=members,
        applications=applications,
        member_offsets=offsets,
    )


# -------------------------------------------------------------------- public API


def _setting(
    n_cooperatives: int,
    *,
    seed: int,
    on: DateLike,
    calibration: Calibration,
    params: ParameterSet | None,
) -> _Setting:
    if isinstance(n_cooperatives, bool) or not isinstance(n_cooperatives, int):
        msg = f"n_cooperatives must be an int, not {type(n_cooperatives).__name__}"
        raise TypeError(msg)
    if not 0 <= n_cooperatives <= MAX_COOPERATIVES:
        msg = (
            f"n_cooperatives must lie in 0..{MAX_COOPERATIVES:,}; got {n_cooperatives}"
        )
        raise ValueError(msg)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        msg = f"seed must be a non-negative int; got {seed!r}"
        raise ValueError(msg)
    day = parse_date(on, field="on")
    year = fiscal_year(day)
    per = _BP + calibration.extra_bp
    return _Setting(
        seed=seed,
        n_total=n_cooperatives,
        n_active=(2 * n_cooperatives * _BP + per) // (2 * per),
        on=_as_days(day),
        year_start=_as_days(fiscal_year_start(year)),
        previous_year_start=_as_days(fiscal_year_start(year - 1)),
        calibration=calibration,
        params=load_parameters() if params is None else params,
        on_date=day,
    )


def _block_length(index: int, n_total: int) -> int:
    return min(BLOCK_SIZE, n_total - index * BLOCK_SIZE)


def _build(index: int, setting: _Setting) -> Register:
    register = _block(index, _block_length(index, setting.n_total), setting)
    register.check_structure()
    return register


def _chunks(setting: _Setting, chunk_size: int) -> Iterator[Register]:
    cached: tuple[int, Register] | None = None
    for first in range(0, setting.n_total, chunk_size):
        last = min(setting.n_total, first + chunk_size)
        parts = []
        for index in range(first // BLOCK_SIZE, (last - 1) // BLOCK_SIZE + 1):
            if cached is None or cached[0] != index:
                cached = (index, _build(index, setting))
            block = cached[1]
            low = max(first, index * BLOCK_SIZE) - index * BLOCK_SIZE
            high = min(last, (index + 1) * BLOCK_SIZE) - index * BLOCK_SIZE
            whole = low == 0 and high == block.n_cooperatives
            parts.append(block if whole else block.select(np.arange(low, high)))
        chunk = parts[0] if len(parts) == 1 else Register.concat(parts)
        # The frame is suspended at the yield: holding the parts there would keep
        # a second copy of the chunk alive while the caller works on it.
        del parts
        yield chunk
        del chunk


def generate(
    n_cooperatives: int,
    *,
    seed: int = 1399,
    on: DateLike = REPORT_ON,
    calibration: Calibration = REPORT_1399,
    params: ParameterSet | None = None,
) -> Register:
    """Generate a synthetic register of ``n_cooperatives`` cooperatives.

    About 87 % of them are active (95,000 of every 109,250); the rest are inactive,
    dissolving or dissolved. Every count of the calibration (hires, applications)
    scales with the number of active cooperatives. Nothing in the register is dated
    after ``on``; hires and applications fall in the fiscal year of ``on``.

    Args:
        n_cooperatives: How many cooperatives (rows), 0 to 100,000,000.
        seed: A non-negative seed; the same seed gives the same arrays.
        on: The day the register describes (default: 1399-06-15).
        calibration: The shares and counts to draw with.
        params: The parameters whose quorum, minimum wage and per-job amounts the
            data is drawn around (default: the bundled ones).

    Returns:
        The register; its structure is checked.

    Raises:
        TypeError: ``n_cooperatives`` is not an int.
        ValueError: ``n_cooperatives`` or ``seed`` is out of range.

    Examples:
        >>> register = generate(1_000, seed=7)
        >>> register.n_cooperatives
        1000
        >>> int((register.cooperatives.status == 0).sum())
        870
    """
    setting = _setting(
        n_cooperatives, seed=seed, on=on, calibration=calibration, params=params
    )
    if n_cooperatives == 0:
        return Register.empty()
    blocks = [
        _build(index, setting)
        for index in range((n_cooperatives + BLOCK_SIZE - 1) // BLOCK_SIZE)
    ]
    return blocks[0] if len(blocks) == 1 else Register.concat(blocks)


def national_register(
    *,
    seed: int = 1399,
    n_cooperatives: int | None = None,
    on: DateLike = REPORT_ON,
) -> Register:
    """Generate the synthetic national register calibrated to the report (Art. 8).

    Args:
        seed: A non-negative seed; the same seed gives the same arrays.
        n_cooperatives: How many cooperatives; by default :data:`NATIONAL_SIZE`,
            the report's 95,000 active cooperatives plus 15 % that are not active.
        on: The day the register describes (default: 1399-06-15, the middle of
            FY 1399, where the calibration holds).

    Returns:
        The register, as :func:`generate` builds it.
    """
    size = NATIONAL_SIZE if n_cooperatives is None else n_cooperatives
    return generate(size, seed=seed, on=on)


def iter_chunks(
    n_cooperatives: int,
    chunk_size: int,
    *,
    seed: int = 1399,
    on: DateLike = REPORT_ON,
    calibration: Calibration = REPORT_1399,
    params: ParameterSet | None = None,
) -> Iterator[Register]:
    """Yield the register of :func:`generate` as registers of consecutive rows.

    Chunk ``k`` holds cooperatives ``k·chunk_size`` up to the next chunk, with their
    members and applications; ``Register.concat`` of the chunks equals
    ``generate(n_cooperatives, ...)`` with the same arguments, whatever the chunk
    size. Memory stays within a chunk plus one block of :data:`BLOCK_SIZE`
    cooperatives, so a register of 10,000,000 cooperatives can be written or
    evaluated piece by piece.

    Args:
        n_cooperatives: How many cooperatives in all.
        chunk_size: Cooperatives per chunk (the last one may hold fewer), >= 1.
        seed: As in :func:`generate`.
        on: As in :func:`generate`.
        calibration: As in :func:`generate`.
        params: As in :func:`generate`.

    Yields:
        One register per chunk.

    Raises:
        ValueError: ``chunk_size`` is below 1, or as :func:`generate`.

    Examples:
        >>> [r.n_cooperatives for r in iter_chunks(2_500, 1_000, seed=7)]
        [1000, 1000, 500]
    """
    if (
        isinstance(chunk_size, bool)
        or not isinstance(chunk_size, int)
        or chunk_size < 1
    ):
        msg = f"chunk_size must be an int >= 1; got {chunk_size!r}"
        raise ValueError(msg)
    setting = _setting(
        n_cooperatives, seed=seed, on=on, calibration=calibration, params=params
    )
    return _chunks(setting, chunk_size)


def write(
    register: Register,
    directory: str | os.PathLike[str],
    *,
    format: Literal["parquet", "csv"] = "parquet",  # noqa: A002 - the bulk format's name
    jalali_dates: bool = False,
) -> tuple[Path, ...]:
    """Write a register as the three bulk files of Art. 1.4, creating the directory.

    Args:
        register: Any register (synthetic or not).
        directory: Where ``cooperatives.*``, ``members.*`` and ``applications.*``
            go.
        format: ``"parquet"`` or ``"csv"``.
        jalali_dates: CSV only: write dates as Jalali ``1399-01-15``.

    Returns:
        The paths written.

    Raises:
        ValueError: An unknown format, or Jalali dates asked of Parquet (its dates
            are typed).
    """
    from pathlib import Path  # noqa: PLC0415 - only writing needs it

    if format not in _FORMATS:
        msg = f"format must be 'parquet' or 'csv'; got {format!r}"
        raise ValueError(msg)
    if format == "parquet" and jalali_dates:
        msg = "jalali_dates applies to CSV only; Parquet stores typed dates"
        raise ValueError(msg)
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    if format == "parquet":
        return register.write_parquet(out)
    return register.write_csv(out, jalali_dates=jalali_dates)
