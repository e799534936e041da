from __future__ import annotations

import datetime as dt

import jdatetime
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from coopmodel.records import (
    Application,
    Cooperative,
    CoopKind,
    Gender,
    Member,
    Program,
    Status,
)
from coopmodel.testing import (
    applications,
    coop_ids,
    cooperatives,
    date_likes,
    dates,
    jalali_dates,
    members,
    national_codes,
)
from coopmodel.values._calendar import JalaliDate, parse_date

FIRST = dt.date(1921, 3, 21)  # 1300-01-01
LAST = dt.date(2122, 3, 20)  # 1500-12-29
ON = "1399-06-15"


def is_national_code(code: str) -> bool:
    """Art. 1.5, written out independently of the library."""
    if len(code) != 10 or not code.isascii() or not code.isdigit():
        return False
    if len(set(code)) == 1 or code[3:9] == "000000":
        return False
    r = sum(int(d) * (10 - i) for i, d in enumerate(code[:9])) % 11
    return int(code[9]) == (r if r < 2 else 11 - r)


def is_coop_id(coop_id: str) -> bool:
    """Art. 1.5, written out independently of the library."""
    if len(coop_id) != 11 or not coop_id.isascii() or not coop_id.isdigit():
        return False
    t = int(coop_id[9]) + 2
    weights = (29, 27, 23, 19, 17, 29, 27, 23, 19, 17)
    r = sum((int(d) + t) * w for d, w in zip(coop_id[:10], weights, strict=True)) % 11
    return int(coop_id[10]) == (0 if r == 10 else r)


def jalali(day: dt.date) -> tuple[int, int, int]:
    j = jdatetime.date.fromgregorian(date=day)
    return j.year, j.month, j.day


def age(birth: dt.date, on: dt.date) -> int:
    (by, bm, bd), (y, m, d) = jalali(birth), jalali(on)
    return y - by - ((m, d) < (bm, bd))


def days_of(record: Cooperative | Member | Application) -> list[dt.date]:
    found = [v for v in dict(record).values() if isinstance(v, dt.date)]
    if isinstance(record, Cooperative):
        for member in record.members:
            found.extend(days_of(member))
    return found


# --- validity


@given(cooperatives())
def test_cooperatives_are_valid_records(coop: Cooperative) -> None:
    """A drawn cooperative passes validation again and has valid, unique ids."""
    assert Cooperative.from_data(coop.model_dump()) == coop
    assert is_coop_id(coop.coop_id)
    codes = [member.national_code for member in coop.members]
    assert all(is_national_code(code) for code in codes)
    assert len(set(codes)) == len(codes)
    assert len(codes) <= 12
    assert all(FIRST <= day <= LAST for day in days_of(coop))


@given(members())
def test_members_are_valid_records(member: Member) -> None:
    """A drawn member passes validation again; its dates are in order and in range."""
    assert Member.from_data(member.model_dump()) == member
    assert is_national_code(member.national_code)
    assert member.left_on is None or member.joined_on <= member.left_on
    assert all(FIRST <= day <= LAST for day in days_of(member))


@given(applications())
def test_applications_are_valid_records(application: Application) -> None:
    """A drawn application passes validation; guarantee fields only for guarantees."""
    assert Application.from_data(application.model_dump()) == application
    assert is_coop_id(application.coop_id)
    is_guarantee = application.program is Program.GUARANTEE
    assert (application.guarantee_kind is not None) is is_guarantee
    assert (application.guarantee_days is not None) is is_guarantee


@given(national_codes(), coop_ids())
def test_identifiers_have_valid_check_digits(code: str, coop_id: str) -> None:
    """Drawn national codes and coop ids pass the check of Art. 1.5."""
    assert is_national_code(code)
    assert is_coop_id(coop_id)
    assert coop_id.startswith("10")


# --- knobs


@given(cooperatives(min_members=3, max_members=3))
def test_member_count_knobs(coop: Cooperative) -> None:
    """min_members and max_members bound the number of members."""
    assert len(coop.members) == 3


@given(cooperatives(min_members=1, female=1.0, disabled=0.0, on=ON))
def test_all_female_none_disabled(coop: Cooperative) -> None:
    """A share of 1 makes every member female; 0 makes none disabled."""
    assert all(member.gender is Gender.FEMALE for member in coop.members)
    assert not any(member.disabled for member in coop.members)


@given(cooperatives(min_members=1, female=0.0, disabled=1.0))
def test_no_female_all_disabled(coop: Cooperative) -> None:
    """A share of 0 makes no member female; 1 makes every member disabled."""
    assert all(member.gender is Gender.MALE for member in coop.members)
    assert all(member.disabled for member in coop.members)


@given(cooperatives(min_members=1, youth=1.0, on=ON))
def test_all_youth_on_the_evaluation_day(coop: Cooperative) -> None:
    """youth=1 gives members aged 18 to 35 on ``on`` (jdatetime as the oracle)."""
    on = jdatetime.date(1399, 6, 15).togregorian()
    assert all(18 <= age(member.birth_date, on) <= 35 for member in coop.members)


@given(cooperatives(min_members=1, youth=0.0, on=ON))
def test_no_youth_on_the_evaluation_day(coop: Cooperative) -> None:
    """youth=0 gives members under 18 or over 35 on ``on``."""
    on = jdatetime.date(1399, 6, 15).togregorian()
    assert not any(18 <= age(member.birth_date, on) <= 35 for member in coop.members)


@given(cooperatives(min_members=1, low_income=1.0), cooperatives(low_income=0.0))
def test_low_income_share(poor: Cooperative, other: Cooperative) -> None:
    """low_income=1 gives deciles 1-3; 0 gives none of them."""
    assert all(member.income_decile in {1, 2, 3} for member in poor.members)
    assert all(member.income_decile not in {1, 2, 3} for member in other.members)


@given(
    cooperatives(debts=True, assembly=True, kb_certificate=True, max_members=2),
    cooperatives(debts=False, assembly=False, kb_certificate=False, max_members=2),
)
def test_debt_assembly_and_certificate_knobs(
    present: Cooperative, absent: Cooperative
) -> None:
    """True knobs give debts, an assembly and a certificate; False knobs none."""
    assert present.overdue_debt > 0 or present.insurance_arrears > 0
    assert present.last_assembly_on is not None
    assert present.kb_certified_from is not None
    assert present.kb_certified_until is not None
    assert present.kb_certified_from <= present.kb_certified_until
    assert (absent.overdue_debt, absent.insurance_arrears) == (0, 0)
    assert absent.last_assembly_on is None
    assert (absent.kb_certified_from, absent.kb_certified_until) == (None, None)


@given(cooperatives(status=Status.DISSOLVING, kind=CoopKind.CREDIT, max_members=1))
def test_status_and_kind_knobs(coop: Cooperative) -> None:
    """The status and kind knobs are taken as given."""
    assert coop.status is Status.DISSOLVING
    assert coop.kind is CoopKind.CREDIT


@given(applications(coop_id="10380284790", program=Program.EMPLOYMENT, on="1399/1/1"))
def test_application_knobs(application: Application) -> None:
    """coop_id, program and on are taken as given."""
    assert application.coop_id == "10380284790"
    assert application.program is Program.EMPLOYMENT
    assert application.applied_on == dt.date(2020, 3, 20)
    assert application.guarantee_kind is None


def test_most_members_count_on_the_evaluation_day() -> None:
    """Membership is aimed at ``on``: over many draws, most members count on it."""
    on = jdatetime.date(1399, 6, 15).togregorian()
    counted: list[bool] = []

    @settings(max_examples=30, database=None)
    @given(cooperatives(min_members=12, on=ON))
    def draw(coop: Cooperative) -> None:
        counted.extend(member.counts(on) for member in coop.members)

    draw()
    assert len(counted) >= 12 * 30
    assert sum(counted) * 2 > len(counted)
    assert not all(counted)


# --- days


@given(dates(min_value="1399-12-01", max_value="1400-01-10"))
def test_dates_stay_within_the_bounds(day: dt.date) -> None:
    """dates() draws only days between its bounds, both included."""
    assert dt.date(2021, 2, 19) <= day <= dt.date(2021, 3, 30)


@given(dates())
def test_dates_default_to_1300_through_1500(day: dt.date) -> None:
    """By default days lie in Jalali 1300-01-01..1500-12-29."""
    assert 1300 <= jalali(day)[0] <= 1500
    assert FIRST <= day <= LAST


@given(jalali_dates(min_value="1399-01-01", max_value="1403-12-30"))
def test_jalali_dates_are_the_jalali_days(day: JalaliDate) -> None:
    """jalali_dates() gives JalaliDate values agreeing with jdatetime, in bounds."""
    assert isinstance(day, JalaliDate)
    gregorian = jdatetime.date(day.year, day.month, day.day).togregorian()
    assert dt.date(2020, 3, 20) <= gregorian <= dt.date(2025, 3, 20)


@given(date_likes(min_value="1399-01-01", max_value="1399-12-30"))
def test_date_likes_read_back_into_the_bounds(value: object) -> None:
    """Every drawn date form reads back as a day of FY 1399."""
    day = parse_date(value)  # type: ignore[arg-type]
    assert jalali(day)[0] == 1399


@pytest.mark.parametrize(
    "edge",
    [(1403, 12, 30), (1399, 12, 30), (1400, 1, 1), (1399, 7, 1), (1300, 1, 1)],
)
def test_edges_are_drawn_readily(edge: tuple[int, int, int]) -> None:
    """Esfand 30 of leap years, Farvardin 1, Mehr 1 and the bounds come up soon."""
    found = find(
        dates(),
        lambda day: jalali(day) == edge,
        settings=settings(
            database=None,
            max_examples=500,
            suppress_health_check=[HealthCheck.filter_too_much],
        ),
    )
    assert jalali(found) == edge


def test_every_date_form_is_drawn() -> None:
    """date_likes() draws dates, jdatetime dates and Persian-digit strings."""
    strategy = date_likes()
    for kind in (dt.date, jdatetime.date, str):
        found = find(strategy, lambda v, k=kind: isinstance(v, k))  # type: ignore[misc]
        assert isinstance(found, kind)
    persian = find(strategy, lambda v: isinstance(v, str) and "۱" in v)
    assert isinstance(persian, str)


@pytest.mark.parametrize(
    "build",
    [
        lambda: dates(min_value="1400-01-01", max_value="1399-01-01"),
        lambda: dates(min_value="1299-12-29"),
        lambda: dates(max_value="1501-01-01"),
        lambda: members(female=1.5),
        lambda: cooperatives(youth=-0.1),
        lambda: cooperatives(min_members=5, max_members=2),
    ],
)
def test_bad_knobs_are_refused(build: object) -> None:
    """Bounds out of order or range, chances outside 0..1 raise ValueError."""
    with pytest.raises(ValueError, match=r"must be|not in order"):
        build()  # type: ignore[operator]


@given(st.data())
def test_any_combination_of_knobs_draws(data: st.DataObject) -> None:
    """Drawing does not fail for any knob combination (a smoke test of the knobs)."""
    coop = data.draw(
        cooperatives(
            max_members=3,
            female=data.draw(st.none() | st.floats(0, 1)),
            youth=data.draw(st.none() | st.floats(0, 1)),
            debts=data.draw(st.none() | st.booleans()),
            assembly=data.draw(st.none() | st.booleans()),
            kb_certificate=data.draw(st.none() | st.booleans()),
        )
    )
    assert isinstance(coop, Cooperative)
