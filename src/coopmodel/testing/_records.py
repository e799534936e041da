"""Hypothesis strategies for records and calendar days, for property tests.

Every strategy draws only valid records: identifiers with right check digits
(:func:`~coopmodel.values.make_national_code`, ``make_coop_id``), national codes
unique within a cooperative, dates in 1300-01-01..1500-12-29 (Jalali). Days lean on
the edges where calendar code breaks: Farvardin 1, the last days of Esfand (29, and 30
in leap years such as 1399 and 1403), the turn of Shahrivar to Mehr, and the bounds
asked for.

The knobs of :func:`cooperatives` steer the data towards the cases the rules care
about. A share knob (``female``, ``youth``, ``disabled``, ``low_income``) is the
chance, from 0 to 1, that each member has the trait; left to ``None`` each
cooperative draws its own share from 0, 1/4, 1/2, 3/4 and 1, so group thresholds are
met, missed and hit exactly. Membership and youth are aimed at the evaluation day
``on`` (drawn from 1396..1403 when not given): most members count on ``on``, some have
joined later or left before.

Calendar arithmetic here uses ``jdatetime``, the reference of Art. 0.2, and not the
library's own converter, so that the strategies stay an independent oracle.
"""

from __future__ import annotations

import datetime as dt

import jdatetime
from hypothesis import strategies as st

from coopmodel.records._enums import (
    CoopKind,
    Education,
    Gender,
    GuaranteeKind,
    Program,
    Status,
)
from coopmodel.records._models import (
    FIRST_DAY,
    LAST_DAY,
    MAX_GUARANTEE_DAYS,
    Application,
    Cooperative,
    Member,
)
from coopmodel.records._provinces import Province
from coopmodel.values._calendar import DateLike, JalaliDate, parse_date
from coopmodel.values._digits import to_persian_digits
from coopmodel.values._ids import (
    NATIONAL_CODE_COUNT,
    make_coop_id,
    make_national_code,
)

__all__ = [
    "applications",
    "coop_ids",
    "cooperatives",
    "date_likes",
    "dates",
    "jalali_dates",
    "members",
    "national_codes",
]

#: Years the edges favour: FY 1399 of the report, leap years 1399, 1403, 1408.
_FAVOURED_YEARS = (1399, 1403, 1398, 1400, 1396, 1408)
#: Month and day of the edges of a Jalali year; Esfand 30 only in leap years.
_EDGES = ((1, 1), (1, 2), (6, 31), (7, 1), (12, 28), (12, 29), (12, 30))
#: The evaluation days drawn when ``on`` is not given: FY 1396 to FY 1403.
_ON_FIRST = dt.date(2017, 3, 21)
_ON_LAST = dt.date(2025, 3, 20)
_SHARES = (0.0, 0.25, 0.5, 0.75, 1.0)
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_DEFAULT_MAX_MEMBERS = 12
_BILLION = 1_000_000_000

# Strategies are built once: building one per draw costs more than drawing.
_PERCENT = st.integers(0, 99)
_FAVOURED = st.sampled_from(_FAVOURED_YEARS)
_EDGE = st.sampled_from(_EDGES)
_NATIONAL_CODES = st.integers(0, NATIONAL_CODE_COUNT - 1).map(make_national_code)
_COOP_IDS = st.integers(1_000_000_000, 1_099_999_999).map(make_coop_id)
_DAY_KIND = st.sampled_from(("uniform", "uniform", "edge", "edge", "bound"))


# --- calendar


def _to_gregorian(year: int, month: int, day: int) -> dt.date:
    gregorian: dt.date = jdatetime.date(year, month, day).togregorian()
    return gregorian


def _to_jalali(day: dt.date) -> tuple[int, int, int]:
    jalali = jdatetime.date.fromgregorian(date=day)
    return int(jalali.year), int(jalali.month), int(jalali.day)


def _is_leap(year: int) -> bool:
    return bool(jdatetime.date(year, 1, 1).isleap())


def _bounds(min_value: DateLike, max_value: DateLike) -> tuple[dt.date, dt.date]:
    low = parse_date(min_value, field="min_value")
    high = parse_date(max_value, field="max_value")
    if not FIRST_DAY <= low <= high <= LAST_DAY:
        msg = (
            f"min_value={min_value!r}, max_value={max_value!r} must be in order and"
            " within 1300-01-01..1500-12-29 (Jalali)"
        )
        raise ValueError(msg)
    return low, high


def _draw_day(draw: st.DrawFn, low: dt.date, high: dt.date) -> dt.date:
    """Draw a day in ``low..high``, over-sampling the edges of Jalali years."""
    kind = draw(_DAY_KIND)
    if kind == "uniform":
        return dt.date.fromordinal(draw(st.integers(low.toordinal(), high.toordinal())))
    if kind == "bound":
        return draw(st.sampled_from((low, high)))
    low_year, high_year = _to_jalali(low)[0], _to_jalali(high)[0]
    year = draw(_FAVOURED) if draw(st.booleans()) else low_year
    if not low_year <= year <= high_year:
        year = draw(st.integers(low_year, high_year))
    month, day = draw(_EDGE)
    if (month, day) == (12, 30) and not _is_leap(year):
        day = 29
    return min(max(_to_gregorian(year, month, day), low), high)


@st.composite
def _days(draw: st.DrawFn, low: dt.date, high: dt.date) -> dt.date:
    return _draw_day(draw, low, high)


def dates(
    *, min_value: DateLike = FIRST_DAY, max_value: DateLike = LAST_DAY
) -> st.SearchStrategy[dt.date]:
    """Draw calendar days, over-sampling the edges of Jalali years.

    Args:
        min_value: The first day that may be drawn (any form of Art. 0.2).
        max_value: The last day that may be drawn.

    Returns:
        A strategy of ``dt.date`` between the bounds, both included.

    Raises:
        ValueError: When the bounds are out of order or outside 1300..1500.

    Examples:
        >>> from hypothesis import find
        >>> find(dates(min_value="1399-12-30", max_value="1400-01-01"), bool)
        datetime.date(2021, 3, 20)
    """
    return _days(*_bounds(min_value, max_value))


def jalali_dates(
    *, min_value: DateLike = FIRST_DAY, max_value: DateLike = LAST_DAY
) -> st.SearchStrategy[JalaliDate]:
    """Draw Jalali dates, over-sampling Farvardin 1, Esfand 29/30 and the bounds.

    Args:
        min_value: The first day that may be drawn (any form of Art. 0.2).
        max_value: The last day that may be drawn.

    Returns:
        A strategy of :class:`~coopmodel.values.JalaliDate` between the bounds.

    Raises:
        ValueError: When the bounds are out of order or outside 1300..1500.
    """
    return dates(min_value=min_value, max_value=max_value).map(
        lambda day: JalaliDate(*_to_jalali(day))
    )


def _forms(day: dt.date) -> tuple[DateLike, ...]:
    year, month, day_of_month = _to_jalali(day)
    padded = f"{year:04d}-{month:02d}-{day_of_month:02d}"
    slashed = f"{year}/{month}/{day_of_month}"
    persian = to_persian_digits(f"{year:04d}/{month:02d}/{day_of_month:02d}")
    return (
        day,
        jdatetime.date(year, month, day_of_month),
        padded,
        slashed,
        persian,
        slashed.translate(_ARABIC_INDIC),
    )


def date_likes(
    *, min_value: DateLike = FIRST_DAY, max_value: DateLike = LAST_DAY
) -> st.SearchStrategy[DateLike]:
    """Draw days in every form an API accepts (Art. 0.2).

    The forms are a ``datetime.date``, a ``jdatetime.date``, and the Jalali strings
    ``1399-01-15``, ``1399/1/15``, ``۱۳۹۹/۰۱/۱۵`` and ``١٣٩٩/١/١٥``.

    Args:
        min_value: The first day that may be drawn (any form of Art. 0.2).
        max_value: The last day that may be drawn.

    Returns:
        A strategy of date-likes; each reads back as a day between the bounds.
    """
    return dates(min_value=min_value, max_value=max_value).flatmap(
        lambda day: st.sampled_from(_forms(day))
    )


# --- identifiers


def national_codes() -> st.SearchStrategy[str]:
    """Draw valid 10-digit national codes (Art. 1.5).

    Examples:
        >>> from hypothesis import find
        >>> find(national_codes(), bool)
        '0000000019'
    """
    return _NATIONAL_CODES


def coop_ids() -> st.SearchStrategy[str]:
    """Draw valid 11-digit cooperative IDs starting with ``10`` (Art. 1.5).

    Examples:
        >>> from hypothesis import find
        >>> find(coop_ids(), bool)
        '10000000005'
    """
    return _COOP_IDS


# --- records

_BOOLEANS = st.booleans()
_ANY_AGE = st.integers(0, 80)
_YOUTH_AGE = st.integers(18, 35)
_OTHER_AGE = st.integers(0, 17) | st.integers(36, 80)
_ANY_DECILE = st.none() | st.integers(1, 10)
_LOW_DECILE = st.integers(1, 3)
_OTHER_DECILE = st.none() | st.integers(4, 10)
_EDUCATION = st.none() | st.sampled_from(Education)
_WAGE = st.just(0) | st.integers(0, 2 * _BILLION)
_SHARE = st.sampled_from(_SHARES)
_TEXT = st.characters(codec="utf-8")
_NAME = st.text(_TEXT, min_size=1, max_size=24).filter(str.strip)
_COUNTY = st.none() | st.text(_TEXT, max_size=16)
_KIND = st.sampled_from(CoopKind)
_PROVINCE = st.sampled_from(Province)
_STATUS = st.just(Status.ACTIVE) | st.sampled_from(Status)
_EQUITY = st.sampled_from([0, 99_999_999, 100_000_000]) | st.integers(0, 100 * _BILLION)
_GUARANTEES = st.just(0) | st.integers(0, 50 * _BILLION)
_OVERDUE_DEBT = st.integers(1, 10 * _BILLION)
_ARREARS = st.integers(1, _BILLION)
_WHICH_DEBTS = st.sampled_from([(True, False), (False, True), (True, True)])
_PROGRAM = st.sampled_from(Program)
_GUARANTEE_KIND = st.sampled_from(GuaranteeKind)
_GUARANTEE_DAYS = st.sampled_from([1, 365, MAX_GUARANTEE_DAYS]) | st.integers(
    1, MAX_GUARANTEE_DAYS
)
_REQUESTED = st.just(0) | st.integers(0, 30 * _BILLION)
_JOBS = st.sampled_from([0, 1, 200, 201]) | st.integers(0, 300)
_ONE_IN_FIVE = st.integers(0, 4)
_ONE_IN_TEN = st.integers(0, 9)


def _check_share(name: str, share: float | None) -> None:
    if share is not None and not 0 <= share <= 1:
        msg = f"{name}={share!r} must be a chance from 0 to 1, or None"
        raise ValueError(msg)


def _draw_chance(draw: st.DrawFn, share: float | None) -> bool:
    """Draw True with chance ``share`` (in whole percent); a coin toss for None."""
    if share is None:
        return draw(_BOOLEANS)
    return draw(_PERCENT) < round(share * 100)


def _years_before(day: dt.date, years: int) -> dt.date:
    """Return the day ``years`` Jalali years before ``day`` (Esfand 30 -> 29)."""
    year, month, day_of_month = _to_jalali(day)
    target = year - years
    if (month, day_of_month) == (12, 30) and not _is_leap(target):
        day_of_month = 29
    return max(FIRST_DAY, _to_gregorian(target, month, day_of_month))


def _later(day: dt.date, days: int) -> dt.date:
    return min(LAST_DAY, day + dt.timedelta(days=days))


def _earlier(day: dt.date, days: int) -> dt.date:
    return max(FIRST_DAY, day - dt.timedelta(days=days))


def _draw_birth_date(draw: st.DrawFn, on: dt.date, youth: float | None) -> dt.date:
    """Draw a birth date whose full Jalali age on ``on`` is drawn first."""
    if youth is None:
        age = draw(_ANY_AGE)
    else:
        age = draw(_YOUTH_AGE if _draw_chance(draw, youth) else _OTHER_AGE)
    latest = _years_before(on, age)
    earliest = _years_before(on, age + 1) + dt.timedelta(days=1)
    return _draw_day(draw, min(earliest, latest), latest)


def _draw_member(
    draw: st.DrawFn,
    *,
    national_code: str,
    on: dt.date,
    female: float | None,
    youth: float | None,
    disabled: float | None,
    low_income: float | None,
) -> Member:
    birth_date = _draw_birth_date(draw, on, youth)
    if draw(_ONE_IN_FIVE):
        joined_on = _draw_day(draw, min(birth_date, on), on)
    else:
        joined_on = _draw_day(draw, birth_date, _later(on, 730))
    left_on = None
    if not draw(_ONE_IN_FIVE):
        left_on = _draw_day(draw, joined_on, _later(joined_on, 3650))
    employed_since = None
    if draw(_BOOLEANS):
        employed_since = _draw_day(draw, joined_on, _later(joined_on, 1500))
    if low_income is None:
        decile = draw(_ANY_DECILE)
    else:
        decile = draw(_LOW_DECILE if _draw_chance(draw, low_income) else _OTHER_DECILE)
    return Member(
        national_code=national_code,
        gender=Gender.FEMALE if _draw_chance(draw, female) else Gender.MALE,
        birth_date=birth_date,
        disabled=_draw_chance(draw, disabled),
        joined_on=joined_on,
        left_on=left_on,
        employed_since=employed_since,
        insured_wage=draw(_WAGE),
        income_decile=decile,
        education=draw(_EDUCATION),
    )


@st.composite
def _members(
    draw: st.DrawFn,
    *,
    on: dt.date | None,
    female: float | None,
    youth: float | None,
    disabled: float | None,
    low_income: float | None,
) -> Member:
    return _draw_member(
        draw,
        national_code=draw(_NATIONAL_CODES),
        on=on if on is not None else _draw_day(draw, _ON_FIRST, _ON_LAST),
        female=female,
        youth=youth,
        disabled=disabled,
        low_income=low_income,
    )


def members(
    *,
    on: DateLike | None = None,
    female: float | None = None,
    youth: float | None = None,
    disabled: float | None = None,
    low_income: float | None = None,
) -> st.SearchStrategy[Member]:
    """Draw valid members, most of whom count on ``on``.

    Args:
        on: The day membership and youth are aimed at; drawn when ``None``.
        female: The chance that a member is female; ``None`` for a coin toss.
        youth: The chance that a member is 18 to 35 on ``on``; ``None`` for any age
            from 0 to 80.
        disabled: The chance that a member holds a disability card.
        low_income: The chance that a member's income decile is 1 to 3; ``None``
            for any decile or none.

    Returns:
        A strategy of :class:`~coopmodel.records.Member`.

    Raises:
        ValueError: When a chance is not from 0 to 1.
    """
    shares = {
        "female": female,
        "youth": youth,
        "disabled": disabled,
        "low_income": low_income,
    }
    for name, share in shares.items():
        _check_share(name, share)
    return _members(
        on=None if on is None else parse_date(on, field="on"),
        female=female,
        youth=youth,
        disabled=disabled,
        low_income=low_income,
    )


def _draw_optional_day(
    draw: st.DrawFn, present: bool | None, low: dt.date, high: dt.date
) -> dt.date | None:
    if present is None:
        present = draw(_BOOLEANS)
    return _draw_day(draw, low, high) if present else None


def _draw_debts(draw: st.DrawFn, debts: bool | None) -> tuple[int, int]:
    """Draw ``(overdue_debt, insurance_arrears)``; zero more often than not."""
    if debts is None:
        return (
            draw(_OVERDUE_DEBT) if draw(_ONE_IN_FIVE) == 0 else 0,
            draw(_ARREARS) if draw(_ONE_IN_FIVE) == 0 else 0,
        )
    if not debts:
        return 0, 0
    overdue, arrears = draw(_WHICH_DEBTS)
    return (
        draw(_OVERDUE_DEBT) if overdue else 0,
        draw(_ARREARS) if arrears else 0,
    )


@st.composite
def _cooperatives(
    draw: st.DrawFn,
    *,
    min_members: int,
    max_members: int,
    on: dt.date | None,
    shares: dict[str, float | None],
    debts: bool | None,
    assembly: bool | None,
    kb_certificate: bool | None,
    status: Status | None,
    kind: CoopKind | None,
) -> Cooperative:
    day = on if on is not None else _draw_day(draw, _ON_FIRST, _ON_LAST)
    drawn = {
        name: share if share is not None else draw(_SHARE)
        for name, share in shares.items()
    }
    codes = draw(
        st.lists(
            _NATIONAL_CODES, min_size=min_members, max_size=max_members, unique=True
        )
    )
    member_list = [
        _draw_member(
            draw,
            national_code=code,
            on=day,
            female=drawn["female"],
            youth=drawn["youth"],
            disabled=drawn["disabled"],
            low_income=drawn["low_income"],
        )
        for code in codes
    ]
    overdue_debt, insurance_arrears = _draw_debts(draw, debts)
    kb_from = _draw_optional_day(
        draw, kb_certificate, _earlier(day, 1100), _later(day, 365)
    )
    kb_until = None
    if kb_from is not None:
        kb_until = _draw_day(draw, kb_from, _later(kb_from, 1100))
    if draw(_ONE_IN_TEN):
        registered_on = _draw_day(draw, _earlier(day, 12_000), day)
    else:
        registered_on = _draw_day(draw, day, _later(day, 365))
    return Cooperative(
        coop_id=draw(coop_ids()),
        name=draw(_NAME),
        kind=kind if kind is not None else draw(_KIND),
        province=draw(_PROVINCE),
        county=draw(_COUNTY),
        less_developed=draw(_BOOLEANS),
        border=draw(_BOOLEANS),
        status=status if status is not None else draw(_STATUS),
        registered_on=registered_on,
        equity=draw(_EQUITY),
        outstanding_guarantees=draw(_GUARANTEES),
        overdue_debt=overdue_debt,
        insurance_arrears=insurance_arrears,
        last_assembly_on=_draw_optional_day(
            draw, assembly, _earlier(day, 1100), _later(day, 60)
        ),
        kb_certified_from=kb_from,
        kb_certified_until=kb_until,
        members=tuple(member_list),
    )


def cooperatives(
    *,
    min_members: int = 0,
    max_members: int = _DEFAULT_MAX_MEMBERS,
    on: DateLike | None = None,
    female: float | None = None,
    youth: float | None = None,
    disabled: float | None = None,
    low_income: float | None = None,
    debts: bool | None = None,
    assembly: bool | None = None,
    kb_certificate: bool | None = None,
    status: Status | None = None,
    kind: CoopKind | None = None,
) -> st.SearchStrategy[Cooperative]:
    """Draw valid cooperatives with their members.

    Args:
        min_members: The fewest members.
        max_members: The most members; keep it small for fast tests.
        on: The day membership, youth, assemblies and certificates are aimed at;
            drawn from FY 1396..1403 when ``None``.
        female: The chance that each member is female; ``None`` draws one share
            per cooperative from 0, 1/4, 1/2, 3/4 and 1 (likewise below).
        youth: The chance that each member is 18 to 35 on ``on``.
        disabled: The chance that each member holds a disability card.
        low_income: The chance that each member's income decile is 1 to 3.
        debts: ``True`` for overdue debt or insurance arrears, ``False`` for
            neither, ``None`` for either (none more often).
        assembly: Whether ``last_assembly_on`` is set (``None``: either).
        kb_certificate: Whether a knowledge-based certificate is recorded
            (``None``: either).
        status: The status, or ``None`` for any (active more often).
        kind: The kind, or ``None`` for any.

    Returns:
        A strategy of :class:`~coopmodel.records.Cooperative`.

    Raises:
        ValueError: When a chance is not from 0 to 1 or the member counts are not
            ``0 <= min_members <= max_members``.
    """
    if not 0 <= min_members <= max_members:
        msg = f"min_members={min_members}, max_members={max_members} are not in order"
        raise ValueError(msg)
    shares = {
        "female": female,
        "youth": youth,
        "disabled": disabled,
        "low_income": low_income,
    }
    for name, share in shares.items():
        _check_share(name, share)
    return _cooperatives(
        min_members=min_members,
        max_members=max_members,
        on=None if on is None else parse_date(on, field="on"),
        shares=shares,
        debts=debts,
        assembly=assembly,
        kb_certificate=kb_certificate,
        status=status,
        kind=kind,
    )


@st.composite
def _applications(
    draw: st.DrawFn,
    *,
    coop_id: str | None,
    program: Program | None,
    on: dt.date | None,
) -> Application:
    chosen = program if program is not None else draw(_PROGRAM)
    is_guarantee = chosen is Program.GUARANTEE
    return Application(
        coop_id=coop_id if coop_id is not None else draw(coop_ids()),
        program=chosen,
        applied_on=on if on is not None else _draw_day(draw, _ON_FIRST, _ON_LAST),
        requested_amount=draw(_REQUESTED),
        jobs_committed=draw(_JOBS),
        guarantee_kind=draw(_GUARANTEE_KIND) if is_guarantee else None,
        guarantee_days=draw(_GUARANTEE_DAYS) if is_guarantee else None,
    )


def applications(
    *,
    coop_id: str | None = None,
    program: Program | None = None,
    on: DateLike | None = None,
) -> st.SearchStrategy[Application]:
    """Draw valid applications.

    Args:
        coop_id: The applicant, or ``None`` for a drawn valid ID.
        program: The program, or ``None`` for any; guarantee applications get a
            ``guarantee_kind`` and ``guarantee_days``, the others neither.
        on: The ``applied_on`` day, or ``None`` for a day of FY 1396..1403.

    Returns:
        A strategy of :class:`~coopmodel.records.Application`.
    """
    return _applications(
        coop_id=coop_id,
        program=program,
        on=None if on is None else parse_date(on, field="on"),
    )
