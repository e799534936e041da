from __future__ import annotations

import datetime as dt
import json
import re

import jdatetime
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from coopmodel._errors import InvalidRecordError
from coopmodel.records import (
    FIRST_DAY,
    LAST_DAY,
    MAX_RIALS,
    Application,
    Cooperative,
    Member,
    Province,
)
from coopmodel.testing import applications, cooperatives

# The rulebook's field names (Art. 1.1-1.3), in its order, typed from its text.
COOPERATIVE_FIELDS = (
    "coop_id",
    "name",
    "kind",
    "province",
    "county",
    "less_developed",
    "border",
    "status",
    "registered_on",
    "equity",
    "outstanding_guarantees",
    "overdue_debt",
    "insurance_arrears",
    "last_assembly_on",
    "kb_certified_from",
    "kb_certified_until",
    "members",
)
COOPERATIVE_OPTIONAL = {
    "county",
    "last_assembly_on",
    "kb_certified_from",
    "kb_certified_until",
    "members",
}
MEMBER_FIELDS = (
    "national_code",
    "gender",
    "birth_date",
    "disabled",
    "joined_on",
    "left_on",
    "employed_since",
    "insured_wage",
    "income_decile",
    "education",
)
MEMBER_OPTIONAL = {"left_on", "employed_since", "income_decile", "education"}
APPLICATION_FIELDS = (
    "coop_id",
    "program",
    "applied_on",
    "requested_amount",
    "jobs_committed",
    "guarantee_kind",
    "guarantee_days",
)
APPLICATION_OPTIONAL = {"guarantee_kind", "guarantee_days"}
KINDS = [
    "agriculture",
    "industry",
    "mining",
    "services",
    "transport",
    "housing",
    "consumer",
    "producer_supply",
    "retailer_supply",
    "credit",
    "multipurpose",
    "development_construction",
    "border_dwellers",
    "other",
]
ENUMS = {
    ("Cooperative", "kind"): KINDS,
    ("Cooperative", "status"): ["active", "inactive", "dissolving", "dissolved"],
    ("Member", "gender"): ["female", "male"],
    ("Member", "education"): [
        "none",
        "diploma",
        "associate",
        "bachelor",
        "master",
        "doctorate",
    ],
    ("Application", "program"): ["guarantee", "employment", "credit_kb", "credit_wyd"],
    ("Application", "guarantee_kind"): [
        "loan",
        "bid",
        "performance",
        "advance_payment",
    ],
}
MODELS: dict[str, type[BaseModel]] = {
    "Cooperative": Cooperative,
    "Member": Member,
    "Application": Application,
}


def national_code(body: str) -> str:
    r = sum(int(d) * (10 - i) for i, d in enumerate(body)) % 11
    return body + str(r if r < 2 else 11 - r)


def coop_id(body: str) -> str:
    t = int(body[9]) + 2
    weights = (29, 27, 23, 19, 17, 29, 27, 23, 19, 17)
    r = sum((int(d) + t) * w for d, w in zip(body, weights, strict=True)) % 11
    return body + str(0 if r == 10 else r)


COOP = coop_id("1038028479")
CODE = national_code("068415941")


def member_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "national_code": CODE,
        "gender": "female",
        "birth_date": "1375-05-20",
        "disabled": False,
        "joined_on": "1399-01-01",
        "insured_wage": 100_000_000,
    }
    data.update(changes)
    return data


def coop_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "coop_id": COOP,
        "name": "تعاونی سهند",
        "kind": "credit",
        "province": "tehran",
        "less_developed": True,
        "border": False,
        "status": "active",
        "registered_on": "1390-02-01",
        "equity": 500_000_000,
        "outstanding_guarantees": 0,
        "overdue_debt": 0,
        "insurance_arrears": 0,
    }
    data.update(changes)
    return data


def gregorian(year: int, month: int, day: int) -> dt.date:
    result: dt.date = jdatetime.date(year, month, day).togregorian()
    return result


# --- field names and JSON Schema


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (Cooperative, COOPERATIVE_FIELDS),
        (Member, MEMBER_FIELDS),
        (Application, APPLICATION_FIELDS),
    ],
)
def test_fields_are_the_rulebooks_in_its_order(
    model: type[BaseModel], fields: tuple[str, ...]
) -> None:
    """Each record has exactly the rulebook's field names (Art. 1.1-1.3)."""
    assert tuple(model.model_fields) == fields


@pytest.mark.parametrize(
    ("model", "fields", "optional"),
    [
        (Cooperative, COOPERATIVE_FIELDS, COOPERATIVE_OPTIONAL),
        (Member, MEMBER_FIELDS, MEMBER_OPTIONAL),
        (Application, APPLICATION_FIELDS, APPLICATION_OPTIONAL),
    ],
)
def test_schema_requires_the_fields_the_rulebook_does_not_make_optional(
    model: type[BaseModel], fields: tuple[str, ...], optional: set[str]
) -> None:
    """The JSON Schema's required list is every field the rulebook does not mark optional."""
    schema = model.model_json_schema()
    assert set(schema["required"]) == set(fields) - optional
    assert schema["additionalProperties"] is False


def enum_of(schema: dict[str, object], model: str, field: str) -> list[str]:
    defs = schema.get("$defs", {})
    assert isinstance(defs, dict)
    properties = (
        schema["properties"] if model == schema["title"] else defs[model]["properties"]
    )
    assert isinstance(properties, dict)
    node = properties[field]
    if "anyOf" in node:
        [node] = [branch for branch in node["anyOf"] if branch != {"type": "null"}]
    reference = node["$ref"].removeprefix("#/$defs/")
    values = defs[reference]["enum"]
    assert isinstance(values, list)
    return values


@pytest.mark.parametrize(("where", "values"), list(ENUMS.items()))
def test_schema_enum_values_are_the_rulebooks_spellings(
    where: tuple[str, str], values: list[str]
) -> None:
    """Every enum in the JSON Schema lists the rulebook's spellings, in its order."""
    model, field = where
    assert enum_of(MODELS[model].model_json_schema(), model, field) == values


def test_schema_lists_iran_s_31_provinces() -> None:
    """The province enum has 31 distinct lowercase slugs, Tehran among them."""
    values = enum_of(Cooperative.model_json_schema(), "Cooperative", "province")
    assert len(set(values)) == 31
    assert "tehran" in values
    assert "sistan_baluchestan" in values
    assert all(re.fullmatch(r"[a-z_]+", value) for value in values)


def test_schema_describes_ids_money_and_days() -> None:
    """Ids are digit patterns, money whole rials >= 0, days ISO dates."""
    properties = Cooperative.model_json_schema()["properties"]
    assert properties["coop_id"]["pattern"] == "^[0-9]{11}$"
    assert properties["equity"]["type"] == "integer"
    assert properties["equity"]["minimum"] == 0
    assert properties["equity"]["maximum"] == 2**63 - 1
    assert properties["registered_on"] == {
        "description": properties["registered_on"]["description"],
        "format": "date",
        "title": "Registered On",
        "type": "string",
    }
    member = Member.model_json_schema()["properties"]
    assert member["national_code"]["pattern"] == "^[0-9]{10}$"
    assert {"type": "integer", "minimum": 1, "maximum": 10} in member["income_decile"][
        "anyOf"
    ]


JSON_TYPES = {
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}


def conforms(value: object, node: dict[str, object], defs: dict[str, object]) -> bool:
    """Tell whether a JSON value satisfies the schema keywords pydantic emits."""
    if "$ref" in node:
        target = defs[str(node["$ref"]).removeprefix("#/$defs/")]
        assert isinstance(target, dict)
        return conforms(value, target, defs)
    if "anyOf" in node:
        branches = node["anyOf"]
        assert isinstance(branches, list)
        return any(conforms(value, branch, defs) for branch in branches)
    if "type" in node and not JSON_TYPES[str(node["type"])](value):
        return False
    checks = []
    if "enum" in node:
        checks.append(value in node["enum"])  # type: ignore[operator]
    if "pattern" in node:
        checks.append(re.search(str(node["pattern"]), str(value)) is not None)
    if "minimum" in node:
        checks.append(value >= node["minimum"])  # type: ignore[operator]
    if "maximum" in node:
        checks.append(value <= node["maximum"])  # type: ignore[operator]
    if node.get("format") == "date":
        checks.append(dt.date.fromisoformat(str(value)).isoformat() == value)
    if isinstance(value, list) and "items" in node:
        checks.extend(conforms(item, node["items"], defs) for item in value)  # type: ignore[arg-type]
    if isinstance(value, dict):
        properties = node["properties"]
        assert isinstance(properties, dict)
        checks.append(set(node["required"]) <= set(value))  # type: ignore[call-overload]
        if not set(value) <= set(properties):
            return False
        checks.extend(conforms(value[k], properties[k], defs) for k in value)
    return all(checks)


@given(coop=cooperatives(max_members=4), application=applications())
def test_dumped_json_conforms_to_the_schema(
    coop: Cooperative, application: Application
) -> None:
    """A record's JSON satisfies its own JSON Schema: names, types, ranges, enums."""
    for record in (coop, application):
        schema = type(record).model_json_schema()
        defs = schema.get("$defs", {})
        assert conforms(json.loads(record.model_dump_json()), schema, defs)


def test_the_schema_checker_can_fail() -> None:
    """The schema checker above refuses JSON that breaks the schema."""
    schema = Cooperative.model_json_schema()
    defs = schema["$defs"]
    good = json.loads(Cooperative.from_data(coop_data()).model_dump_json())
    assert conforms(good, schema, defs)
    assert not conforms({**good, "equity": -1}, schema, defs)
    assert not conforms({**good, "kind": "farm"}, schema, defs)
    assert not conforms({**good, "extra": 1}, schema, defs)
    assert not conforms({k: v for k, v in good.items() if k != "name"}, schema, defs)


# --- round trips


@given(cooperatives())
def test_cooperative_json_round_trip(coop: Cooperative) -> None:
    """model_dump_json then model_validate_json gives an equal cooperative."""
    assert Cooperative.model_validate_json(coop.model_dump_json()) == coop


@given(cooperatives(max_members=4))
def test_cooperative_from_data_round_trip(coop: Cooperative) -> None:
    """from_data of a dumped cooperative, python or JSON mode, gives it back."""
    assert Cooperative.from_data(coop.model_dump()) == coop
    assert Cooperative.from_data(json.loads(coop.model_dump_json())) == coop


@given(applications())
def test_application_json_round_trip(application: Application) -> None:
    """model_dump_json then model_validate_json gives an equal application."""
    assert Application.model_validate_json(application.model_dump_json()) == application
    assert Application.from_data(application.model_dump()) == application


# --- accepted forms


def forms_of(day: dt.date) -> list[object]:
    jalali = jdatetime.date.fromgregorian(date=day)
    y, m, d = jalali.year, jalali.month, jalali.day
    persian = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    arabic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    return [
        day,
        jdatetime.date(y, m, d),
        f"{y:04d}-{m:02d}-{d:02d}",
        f"{y}/{m}/{d}",
        f"{y:04d}/{m:02d}/{d:02d}".translate(persian),
        f"{y}/{m}/{d}".translate(arabic),
        day.isoformat(),
    ]


@given(st.dates(min_value=dt.date(1921, 3, 21), max_value=dt.date(2122, 3, 20)))
def test_every_date_form_gives_the_same_day(day: dt.date) -> None:
    """A date field takes every form of Art. 0.2 and holds the Gregorian day."""
    for form in forms_of(day):
        assert Member.from_data(member_data(birth_date=form)).birth_date == day


def test_supported_days_are_1300_01_01_to_1500_12_29() -> None:
    """FIRST_DAY and LAST_DAY are the Jalali bounds; days beyond are refused."""
    assert gregorian(1300, 1, 1) == FIRST_DAY
    assert gregorian(1500, 12, 29) == LAST_DAY
    assert (
        Member.from_data(member_data(birth_date="1300-01-01")).birth_date == FIRST_DAY
    )
    assert Member.from_data(member_data(joined_on="1500/12/29")).joined_on == LAST_DAY
    with pytest.raises(InvalidRecordError, match="outside the supported days"):
        Member.from_data(member_data(birth_date=FIRST_DAY - dt.timedelta(days=1)))
    with pytest.raises(InvalidRecordError, match="outside the supported days"):
        Member.from_data(member_data(joined_on=LAST_DAY + dt.timedelta(days=1)))


@pytest.mark.parametrize(
    "written",
    ["1200000", "۱۲۰۰۰۰۰", "١٢٠٠٠٠٠", 1_200_000, np.int64(1_200_000)],
)
def test_whole_numbers_may_be_written_in_digits(written: object) -> None:
    """An amount may be an int, a numpy integer or a string of digits of any script."""
    coop = Cooperative.from_data(coop_data(equity=written))
    assert coop.equity == 1_200_000
    assert type(coop.equity) is int


@given(st.integers(0, MAX_RIALS))
def test_any_int64_amount_is_kept_exactly(amount: int) -> None:
    """Every amount from 0 to 2**63 - 1, as int or digit string, is kept exactly."""
    assert Cooperative.from_data(coop_data(equity=amount)).equity == amount
    assert Cooperative.from_data(coop_data(overdue_debt=str(amount))).overdue_debt == (
        amount
    )


def test_ids_are_normalised_to_ascii_digits() -> None:
    """Persian digits, dropped leading zeros and integers all give the 10/11-digit id."""
    persian = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    assert CODE.startswith("0")
    for written in (CODE, CODE.translate(persian), CODE[1:], int(CODE)):
        assert (
            Member.from_data(member_data(national_code=written)).national_code == CODE
        )
    for written_id in (COOP, COOP.translate(persian), int(COOP)):
        assert Cooperative.from_data(coop_data(coop_id=written_id)).coop_id == COOP


def test_optional_fields_default_to_none_and_members_to_empty() -> None:
    """Optional fields left out are None; a cooperative without members has ()."""
    coop = Cooperative.from_data(coop_data())
    assert (coop.county, coop.last_assembly_on, coop.kb_certified_from) == (
        None,
        None,
        None,
    )
    assert coop.members == ()
    member = Member.from_data(member_data())
    assert (member.left_on, member.income_decile, member.education) == (None,) * 3


def test_members_are_a_tuple_of_members() -> None:
    """Members given as a list of mappings become a tuple of Member records."""
    second = national_code("068415942")
    coop = Cooperative.from_data(
        coop_data(members=[member_data(), member_data(national_code=second)])
    )
    assert isinstance(coop.members, tuple)
    assert [m.national_code for m in coop.members] == [CODE, second]
    assert all(isinstance(m, Member) for m in coop.members)


def test_records_are_frozen_and_hashable() -> None:
    """A record cannot be changed in place, and equal records hash equal."""
    coop = Cooperative.from_data(coop_data(members=[member_data()]))
    with pytest.raises(ValidationError):
        coop.equity = 1  # type: ignore[misc]
    assert hash(coop) == hash(Cooperative.from_data(coop_data(members=[member_data()])))
    changed = coop.model_copy(update={"equity": 7})
    assert (coop.equity, changed.equity) == (500_000_000, 7)


def test_enum_fields_hold_enum_members() -> None:
    """Enum fields hold the StrEnum members, equal to the rulebook strings."""
    coop = Cooperative.from_data(coop_data())
    assert coop.province is Province.TEHRAN
    assert coop.kind == "credit"


def test_kb_certificate_may_start_and_end_on_one_day() -> None:
    """A certificate valid for one day (until == from) is accepted."""
    coop = Cooperative.from_data(
        coop_data(kb_certified_from="1399-05-01", kb_certified_until="1399-05-01")
    )
    assert coop.kb_certified_until == coop.kb_certified_from == gregorian(1399, 5, 1)


def test_member_may_leave_on_the_day_it_joins() -> None:
    """left_on equal to joined_on is accepted; the member then never counts."""
    member = Member.from_data(member_data(left_on="1399-01-01"))
    assert not member.counts("1399-01-01")


# --- derived helpers


@pytest.mark.parametrize(
    ("on", "counts"),
    [
        ("1398-12-29", False),
        ("1399-01-01", True),
        ("1399-05-31", True),
        ("1399-06-01", False),
    ],
)
def test_member_counts_from_joining_until_the_day_before_leaving(
    on: str, *, counts: bool
) -> None:
    """Art. 2.1: joined_on <= on < left_on (worked by hand)."""
    member = Member.from_data(member_data(joined_on="1399-01-01", left_on="1399-06-01"))
    assert member.counts(on) is counts
    assert member.counts(gregorian(*map(int, on.split("-")))) is counts


@pytest.mark.parametrize(
    ("employed_since", "left_on", "on", "employed"),
    [
        (None, None, "1400-01-01", False),
        ("1399-03-01", None, "1399-02-31", False),
        ("1399-03-01", None, "1399-03-01", True),
        ("1399-03-01", "1399-08-01", "1399-07-30", True),
        ("1399-03-01", "1399-08-01", "1399-08-01", False),
    ],
)
def test_member_is_employed_from_employed_since_while_it_counts(
    employed_since: str | None, left_on: str | None, on: str, *, employed: bool
) -> None:
    """Art. 2.3: employed when employed_since <= on and the member counts."""
    member = Member.from_data(
        member_data(
            joined_on="1399-01-01", employed_since=employed_since, left_on=left_on
        )
    )
    assert member.is_employed(on) is employed


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        ("1375-05-20", "1399-05-19", 23),
        ("1375-05-20", "1399-05-20", 24),
        ("1375-05-20", "1400-01-01", 24),
        ("1379-12-30", "1400-12-29", 20),
        ("1379-12-30", "1401-01-01", 21),
    ],
)
def test_member_age_in_full_jalali_years(birth: str, on: str, age: int) -> None:
    """Art. 2.2 worked by hand, including a leap-day (Esfand 30) birthday."""
    assert Member.from_data(member_data(birth_date=birth)).age(on) == age


@given(
    st.dates(min_value=dt.date(1921, 3, 21), max_value=dt.date(2122, 3, 20)),
    st.dates(min_value=dt.date(1921, 3, 21), max_value=dt.date(2122, 3, 20)),
)
def test_member_age_follows_art_2_2(birth: dt.date, on: dt.date) -> None:
    """Age is y - by, less 1 before the Jalali birthday (jdatetime as the oracle)."""
    b = jdatetime.date.fromgregorian(date=birth)
    o = jdatetime.date.fromgregorian(date=on)
    expected = o.year - b.year - ((o.month, o.day) < (b.month, b.day))
    member = Member.from_data(member_data(birth_date=birth, joined_on=birth))
    assert member.age(on) == expected
