from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

import pytest
from pydantic import ValidationError

from coopmodel._errors import InvalidRecordError
from coopmodel.records import (
    Application,
    Cooperative,
    Member,
    check_applications,
    check_cooperatives,
)

# Identifiers built here from the formula of Art. 1.5, independently of the library.


def national_code(body: str) -> str:
    r = sum(int(d) * (10 - i) for i, d in enumerate(body)) % 11
    return body + str(r if r < 2 else 11 - r)


def coop_id(body: str) -> str:
    t = int(body[9]) + 2
    weights = (29, 27, 23, 19, 17, 29, 27, 23, 19, 17)
    r = sum((int(d) + t) * w for d, w in zip(body, weights, strict=True)) % 11
    return body + str(0 if r == 10 else r)


def wrong_check_digit(code: str) -> str:
    return code[:-1] + str((int(code[-1]) + 1) % 10)


COOP = coop_id("1038028479")
OTHER_COOP = coop_id("1010000001")
CODES = [national_code(f"00{i}841594") for i in range(1, 8)]


def member_data(index: int, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "national_code": CODES[index],
        "gender": "female" if index % 2 else "male",
        "birth_date": "1365-04-10",
        "disabled": False,
        "joined_on": "1398-01-15",
        "insured_wage": 100_000_000,
    }
    data.update(changes)
    return data


def coop_data(*, members: object = None, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "coop_id": COOP,
        "name": "Sahand dairy",
        "kind": "agriculture",
        "province": "east_azerbaijan",
        "less_developed": False,
        "border": False,
        "status": "active",
        "registered_on": "1390-02-01",
        "equity": 500_000_000,
        "outstanding_guarantees": 0,
        "overdue_debt": 0,
        "insurance_arrears": 0,
        "members": [member_data(i) for i in range(5)] if members is None else members,
    }
    data.update(changes)
    return data


def with_member(index: int, **changes: object) -> dict[str, object]:
    members = [member_data(i) for i in range(5)]
    members[index] = member_data(index, **changes)
    return coop_data(members=members)


def without(data: dict[str, object], field: str) -> dict[str, object]:
    return {key: value for key, value in data.items() if key != field}


def application_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "coop_id": COOP,
        "program": "guarantee",
        "applied_on": "1399-03-01",
        "requested_amount": 2_000_000_000,
        "jobs_committed": 0,
        "guarantee_kind": "bid",
        "guarantee_days": 180,
    }
    data.update(changes)
    return data


def employment_data(**changes: object) -> dict[str, object]:
    data = without(without(application_data(), "guarantee_kind"), "guarantee_days")
    data.update(program="employment", jobs_committed=12)
    data.update(changes)
    return data


C = f"coop {COOP}"
A = f"application of coop {COOP} to guarantee"
E = f"application of coop {COOP} to employment"
KINDS = (
    "agriculture, industry, mining, services, transport, housing, consumer, "
    "producer_supply, retailer_supply, credit, multipurpose, "
    "development_construction, border_dwellers, other"
)

Builder = Callable[[Mapping[str, object]], object]

# (entry point, input, the lines of the message; each line is matched as a prefix)
CASES: list[tuple[str, Builder, object, tuple[str, ...]]] = [
    # a missing required field
    (
        "missing equity",
        Cooperative.from_data,
        without(coop_data(), "equity"),
        (f"{C}: equity is missing (required)",),
    ),
    (
        "missing member gender",
        Cooperative.from_data,
        coop_data(members=[member_data(0), without(member_data(1), "gender")]),
        (f"member 1 of {C}: gender is missing (required)",),
    ),
    (
        "missing national_code of a lone member",
        Member.from_data,
        without(member_data(0), "national_code"),
        ("member: national_code is missing (required)",),
    ),
    (
        "missing applied_on",
        Application.from_data,
        without(application_data(), "applied_on"),
        (f"{A}: applied_on is missing (required)",),
    ),
    # a wrong type
    (
        "text amount",
        Cooperative.from_data,
        coop_data(equity="lots"),
        (f"{C}: equity='lots' is not a whole number written in digits",),
    ),
    (
        "amount with separators",
        Cooperative.from_data,
        coop_data(equity="1,200,000"),
        (f"{C}: equity='1,200,000' is not a whole number written in digits",),
    ),
    (
        "float amount",
        Cooperative.from_data,
        coop_data(equity=1.5),
        (f"{C}: equity=1.5 is a float, not a whole number (int)",),
    ),
    (
        "whole float amount",
        Cooperative.from_data,
        coop_data(outstanding_guarantees=100.0),
        (f"{C}: outstanding_guarantees=100.0 is a float, not a whole number (int)",),
    ),
    (
        "bool amount",
        Cooperative.from_data,
        coop_data(equity=True),
        (f"{C}: equity=True is a bool, not a whole number",),
    ),
    (
        "bool member wage",
        Cooperative.from_data,
        with_member(2, insured_wage=False),
        (f"member 2 of {C}: insured_wage=False is a bool, not a whole number",),
    ),
    (
        "text flag",
        Cooperative.from_data,
        coop_data(less_developed="yes"),
        (f"{C}: less_developed='yes' is not true or false",),
    ),
    (
        "integer flag",
        Cooperative.from_data,
        coop_data(border=1),
        (f"{C}: border=1 is not true or false",),
    ),
    (
        "numeric name",
        Cooperative.from_data,
        coop_data(name=5),
        (f"{C}: name=5 is not text",),
    ),
    (
        "blank name",
        Cooperative.from_data,
        coop_data(name="  "),
        (f"{C}: name='  ' is blank",),
    ),
    (
        "date as a number",
        Cooperative.from_data,
        coop_data(registered_on=13990101),
        (f"{C}: registered_on=13990101 is not a date",),
    ),
    (
        "datetime instead of a day",
        Cooperative.from_data,
        coop_data(registered_on=dt.datetime(2020, 3, 20, 10, 0)),  # noqa: DTZ001 - the value refused
        (f"{C}: registered_on=datetime.datetime(2020, 3, 20, 10, 0) is a datetime",),
    ),
    (
        "member that is not a mapping",
        Cooperative.from_data,
        coop_data(members=[member_data(0), "Ali"]),
        (f"member 1 of {C}: 'Ali' should be a valid dictionary",),
    ),
    (
        "unknown field",
        Cooperative.from_data,
        coop_data(equity_tomans=5),
        (f"{C}: equity_tomans=5 is not a field of a cooperative",),
    ),
    (
        "coop_id given on a nested member",
        Cooperative.from_data,
        with_member(0, coop_id=COOP),
        (f"member 0 of {C}: coop_id='{COOP}' is not a field of a member",),
    ),
    (
        "null amount",
        Cooperative.from_data,
        coop_data(equity=None),
        (f"{C}: equity=None is not a whole number",),
    ),
    (
        "bool coop_id",
        Cooperative.from_data,
        coop_data(coop_id=True),
        ("coop True: coop_id=True is not text or a whole number",),
    ),
    (
        "missing coop_id",
        Application.from_data,
        without(application_data(), "coop_id"),
        (
            (
                "application of coop (no coop_id) to guarantee: coop_id is missing"
                " (required)"
            ),
        ),
    ),
    # a negative amount
    (
        "negative overdue debt",
        Cooperative.from_data,
        coop_data(overdue_debt=-1),
        (f"{C}: overdue_debt=-1 is negative; amounts are whole rials >= 0",),
    ),
    (
        "negative wage as text",
        Cooperative.from_data,
        with_member(3, insured_wage="-5"),
        (f"member 3 of {C}: insured_wage='-5' is negative",),
    ),
    (
        "negative requested amount",
        Application.from_data,
        application_data(requested_amount=-10),
        (f"{A}: requested_amount=-10 is negative",),
    ),
    (
        "negative jobs",
        Application.from_data,
        employment_data(jobs_committed=-1),
        (f"{E}: jobs_committed=-1 is negative",),
    ),
    (
        "amount beyond int64",
        Cooperative.from_data,
        coop_data(equity=2**63),
        (f"{C}: equity={2**63} is more than {2**63 - 1} rials",),
    ),
    # an invalid check digit
    (
        "member code check digit",
        Cooperative.from_data,
        with_member(3, national_code=wrong_check_digit(CODES[3])),
        (
            (
                f"member 3 of {C}: national_code='{wrong_check_digit(CODES[3])}'"
                " fails its check digit"
            ),
        ),
    ),
    (
        "coop_id check digit",
        Cooperative.from_data,
        coop_data(coop_id=wrong_check_digit(COOP)),
        (
            (
                f"coop '{wrong_check_digit(COOP)}': coop_id='{wrong_check_digit(COOP)}'"
                " fails its check digit"
            ),
        ),
    ),
    (
        "application coop_id check digit",
        Application.from_data,
        application_data(coop_id=wrong_check_digit(COOP)),
        (
            (
                f"application of coop '{wrong_check_digit(COOP)}' to guarantee:"
                f" coop_id='{wrong_check_digit(COOP)}' fails its check digit"
            ),
        ),
    ),
    (
        "ten equal digits",
        Member.from_data,
        member_data(0, national_code="1111111111"),
        ("member: national_code='1111111111' has ten equal digits",),
    ),
    (
        "digits 4 to 9 zero",
        Member.from_data,
        member_data(0, national_code=national_code("123000000")),
        (
            (
                f"member: national_code='{national_code('123000000')}' has its 4th to"
                " 9th digits all zero"
            ),
        ),
    ),
    (
        "national code too short",
        Member.from_data,
        member_data(0, national_code="1234567"),
        ("member: national_code='1234567' is not a 10-digit national code",),
    ),
    (
        "coop_id with a letter",
        Cooperative.from_data,
        coop_data(coop_id="1038028479x"),
        ("coop '1038028479x': coop_id='1038028479x' is not an 11-digit coop_id",),
    ),
    # an unknown kind or province, or another enum
    (
        "unknown kind",
        Cooperative.from_data,
        coop_data(kind="farm"),
        (f"{C}: kind='farm' is not a known kind (expected one of: {KINDS})",),
    ),
    (
        "kind in capitals",
        Cooperative.from_data,
        coop_data(kind="Agriculture"),
        (f"{C}: kind='Agriculture' is not a known kind",),
    ),
    (
        "unknown province",
        Cooperative.from_data,
        coop_data(province="tehran_city"),
        (f"{C}: province='tehran_city' is not a known province (expected one of:",),
    ),
    (
        "unknown status",
        Cooperative.from_data,
        coop_data(status="closed"),
        (f"{C}: status='closed' is not a known status",),
    ),
    (
        "unknown gender",
        Cooperative.from_data,
        with_member(4, gender="f"),
        (f"member 4 of {C}: gender='f' is not a known gender",),
    ),
    (
        "unknown program",
        Application.from_data,
        application_data(program="loan"),
        (f"application of coop {COOP}: program='loan' is not a known program",),
    ),
    (
        "unknown guarantee kind",
        Application.from_data,
        application_data(guarantee_kind="tender"),
        (f"{A}: guarantee_kind='tender' is not a known guarantee kind",),
    ),
    # a date that does not exist
    (
        "Mehr 31",
        Cooperative.from_data,
        coop_data(registered_on="1399-07-31"),
        (f"{C}: registered_on='1399-07-31' is not a valid date",),
    ),
    (
        "Esfand 30 of a common year",
        Cooperative.from_data,
        with_member(1, joined_on="1400/12/30"),
        (f"member 1 of {C}: joined_on='1400/12/30' is not a valid date",),
    ),
    (
        "Persian-digit Mehr 31",
        Application.from_data,
        application_data(applied_on="۱۳۹۹/۰۷/۳۱"),
        (f"{A}: applied_on='۱۳۹۹/۰۷/۳۱' is not a valid date",),
    ),
    (
        "before 1300",
        Cooperative.from_data,
        coop_data(registered_on="1299-12-29"),
        (f"{C}: registered_on='1299-12-29' is outside the supported days",),
    ),
    # left_on before joined_on
    (
        "left before joining",
        Cooperative.from_data,
        with_member(2, joined_on="1399-02-01", left_on="1399-01-01"),
        (
            (
                f"member 2 of {C}: left_on=1399-01-01 (2020-03-20) is before"
                " joined_on=1399-02-01 (2020-04-20)"
            ),
        ),
    ),
    # the same national_code twice in one cooperative
    (
        "repeated national code",
        Cooperative.from_data,
        with_member(4, national_code=CODES[1]),
        (
            (
                f"member 4 of {C}: national_code='{CODES[1]}' repeats the national_code"
                " of member 1"
            ),
        ),
    ),
    (
        "repeated national code in another digit system and without zeros",
        Cooperative.from_data,
        with_member(
            4,
            national_code=CODES[1]
            .lstrip("0")
            .translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")),
        ),
        (
            (
                f"member 4 of {C}: national_code='{CODES[1]}' repeats the national_code"
                " of member 1"
            ),
        ),
    ),
    # the rest of Art. 1.1-1.3, where the rulebook sets a range or a presence rule
    (
        "certificate ends before it starts",
        Cooperative.from_data,
        coop_data(kb_certified_from="1399-05-01", kb_certified_until="1399-04-31"),
        (
            (
                f"{C}: kb_certified_until=1399-04-31 (2020-07-21) is before"
                " kb_certified_from=1399-05-01 (2020-07-22)"
            ),
        ),
    ),
    (
        "income decile 11",
        Cooperative.from_data,
        with_member(0, income_decile=11),
        (f"member 0 of {C}: income_decile=11 must be between 1 and 10",),
    ),
    (
        "income decile 0",
        Member.from_data,
        member_data(0, income_decile=0),
        (f"member {CODES[0]}: income_decile=0 must be between 1 and 10",),
    ),
    (
        "guarantee without its kind",
        Application.from_data,
        without(application_data(), "guarantee_kind"),
        (f"{A}: guarantee_kind=None is required when program is guarantee",),
    ),
    (
        "guarantee days 0",
        Application.from_data,
        application_data(guarantee_days=0),
        (f"{A}: guarantee_days=0 must be between 1 and 1095",),
    ),
    (
        "guarantee days 1096",
        Application.from_data,
        application_data(guarantee_days=1096),
        (f"{A}: guarantee_days=1096 must be between 1 and 1095",),
    ),
    (
        "guarantee fields on an employment application",
        Application.from_data,
        employment_data(guarantee_kind="loan", guarantee_days=30),
        (
            (
                f"{E}: guarantee_kind='loan' is only for"
                " guarantees, not program employment"
            ),
            f"{E}: guarantee_days=30 is only for guarantees, not program employment",
        ),
    ),
    # every problem of a record, one per line
    (
        "three problems at once",
        Cooperative.from_data,
        coop_data(
            equity=-5,
            kind="farm",
            members=[member_data(0), member_data(1, national_code="0000000000")],
        ),
        (
            f"{C}: kind='farm' is not a known kind",
            f"{C}: equity=-5 is negative",
            f"member 1 of {C}: national_code='0000000000' has ten equal digits",
        ),
    ),
]


@pytest.mark.parametrize(
    ("build", "data", "expected"),
    [
        pytest.param(build, data, expected, id=name)
        for name, build, data, expected in CASES
    ],
)
def test_bad_input_is_refused_naming_record_field_value_and_reason(
    build: Builder, data: object, expected: tuple[str, ...]
) -> None:
    """Each bad input of Art. 1.6 raises InvalidRecordError, one line per problem."""
    with pytest.raises(InvalidRecordError) as caught:
        build(data)  # type: ignore[arg-type]
    lines = str(caught.value).splitlines()
    assert len(lines) == len(expected), lines
    for line, prefix in zip(lines, expected, strict=True):
        assert line.startswith(prefix), (line, prefix)


def test_the_base_data_of_the_table_is_valid() -> None:
    """Unchanged, the table's inputs are accepted: each case breaks one thing."""
    assert Cooperative.from_data(coop_data()).coop_id == COOP
    assert Application.from_data(application_data()).program == "guarantee"
    assert Application.from_data(employment_data()).guarantee_kind is None
    assert Member.from_data(member_data(6)).national_code == CODES[6]


def test_the_refusal_is_a_value_error_chained_to_pydantic() -> None:
    """InvalidRecordError is a ValueError and keeps pydantic's error as its cause."""
    with pytest.raises(ValueError, match="equity") as caught:
        Cooperative.from_data(coop_data(equity=-1))
    assert isinstance(caught.value, InvalidRecordError)
    assert isinstance(caught.value.__cause__, ValidationError)


def test_a_non_mapping_is_refused() -> None:
    """from_data refuses anything but a mapping, naming what it got."""
    with pytest.raises(InvalidRecordError, match=r"^cooperative: \['x'\] is a list"):
        Cooperative.from_data(["x"])  # type: ignore[arg-type]


def test_the_plain_constructor_refuses_with_pydantic_errors() -> None:
    """Constructing a record directly refuses the same inputs with ValidationError."""
    with pytest.raises(ValidationError) as caught:
        Cooperative.model_validate(
            with_member(2, joined_on="1399-02-01", left_on="1399-01-01")
        )
    [error] = caught.value.errors()
    assert error["loc"] == ("members", 2, "left_on")
    assert error["type"] == "date_order"


def test_a_long_value_is_shortened_in_the_message() -> None:
    """A huge bad value is cut in the message, so the message stays readable."""
    with pytest.raises(InvalidRecordError) as caught:
        Cooperative.from_data(coop_data(county=["x"] * 100))
    [line] = str(caught.value).splitlines()
    assert line.startswith(f"{C}: county=['x', 'x'")
    assert line.endswith("... is not text")
    assert len(line) < 140


def coop(coop_id: str) -> Cooperative:
    return Cooperative.from_data(coop_data(coop_id=coop_id, members=[]))


def test_check_cooperatives_refuses_a_repeated_coop_id() -> None:
    """A coop_id twice in one collection is refused, naming both positions."""
    with pytest.raises(InvalidRecordError) as caught:
        check_cooperatives([coop(COOP), coop(OTHER_COOP), coop(COOP)])
    assert str(caught.value) == f"cooperative 2: coop_id='{COOP}' repeats cooperative 0"


def test_check_cooperatives_returns_distinct_cooperatives_unchanged() -> None:
    """Cooperatives with distinct ids pass through as a tuple, in order."""
    records = [coop(OTHER_COOP), coop(COOP)]
    assert check_cooperatives(iter(records)) == tuple(records)


def application(coop_id: str, program: str) -> Application:
    if program == "guarantee":
        return Application.from_data(application_data(coop_id=coop_id))
    return Application.from_data(employment_data(coop_id=coop_id, program=program))


def test_check_applications_refuses_a_second_application_to_a_program() -> None:
    """A cooperative applying twice to one program is refused (Art. 1.3)."""
    records = [
        application(COOP, "guarantee"),
        application(COOP, "employment"),
        application(OTHER_COOP, "guarantee"),
        application(COOP, "guarantee"),
    ]
    with pytest.raises(InvalidRecordError) as caught:
        check_applications(records)
    assert str(caught.value) == (
        f"application 3: program='guarantee' repeats application 0 of coop {COOP}"
    )


def test_check_applications_refuses_an_unknown_cooperative_when_asked() -> None:
    """Given the cooperatives, an application of none of them is refused."""
    records = [application(COOP, "guarantee"), application(OTHER_COOP, "employment")]
    assert check_applications(records) == tuple(records)
    with pytest.raises(InvalidRecordError) as caught:
        check_applications(records, cooperatives=[coop(COOP)])
    assert str(caught.value) == (
        f"application 1: coop_id='{OTHER_COOP}' matches no cooperative"
    )
