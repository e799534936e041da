"""Art. 2 edge cases, table-driven, in both interpreters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from coopmodel.parameters import load_parameters
from coopmodel.records import Cooperative, Member
from coopmodel.register import Register
from coopmodel.rules import (
    Expr,
    ScalarContext,
    VectorContext,
    evaluate_scalar,
    evaluate_vector,
)
from coopmodel.rules._status import (
    C1,
    C2,
    C3,
    C4,
    is_knowledge_based,
    is_low_income,
    is_women,
    is_youth,
    members_on,
)
from coopmodel.values._calendar import parse_date
from coopmodel.values._ids import make_coop_id, make_national_code

PARAMS = load_parameters()


def _member(i: int, **fields: Any) -> Member:
    base: dict[str, Any] = {
        "national_code": make_national_code(1000 + i),
        "gender": "male",
        "birth_date": "1360-05-05",
        "disabled": False,
        "joined_on": "1395-01-01",
        "insured_wage": 0,
    }
    base.update(fields)
    return Member.from_data(base)


def _coop(members: list[Member], **fields: Any) -> Cooperative:
    base: dict[str, Any] = {
        "coop_id": make_coop_id(7),
        "name": "test",
        "kind": "agriculture",
        "province": "tehran",
        "less_developed": False,
        "border": False,
        "status": "active",
        "registered_on": "1390-01-01",
        "equity": 1_000_000_000,
        "outstanding_guarantees": 0,
        "overdue_debt": 0,
        "insurance_arrears": 0,
        "last_assembly_on": "1399-02-01",
        "members": members,
    }
    base.update(fields)
    return Cooperative.from_data(base)


def _both(expr: Expr, coop: Cooperative, on: str) -> object:
    """Evaluate on one cooperative in both interpreters; they must agree."""
    day = parse_date(on)
    scalar = evaluate_scalar(
        expr, ScalarContext(cooperative=coop, on=day, params=PARAMS)
    )
    register = Register.from_records([coop])
    vector = evaluate_vector(
        expr, VectorContext(register=register, on=day, params=PARAMS)
    )
    assert vector.to_list() == [scalar]
    return scalar


def _women(n_women: int, n_men: int) -> list[Member]:
    return [_member(i, gender="female") for i in range(n_women)] + [
        _member(100 + i) for i in range(n_men)
    ]


CASES: list[tuple[str, Expr, Cooperative, str, object]] = [
    # Art. 2.1: joining on `on` counts, leaving on `on` does not
    ("joins on on", members_on, _coop([_member(1, joined_on="1399-06-15")]), "1399-06-15", 1),
    ("joins after on", members_on, _coop([_member(1, joined_on="1399-06-16")]), "1399-06-15", 0),
    ("leaves on on", members_on, _coop([_member(1, left_on="1399-06-15")]), "1399-06-15", 0),
    ("leaves after on", members_on, _coop([_member(1, left_on="1399-06-16")]), "1399-06-15", 1),
    # Art. 2.4: shares exactly at the threshold qualify; below do not
    ("2 of 4 women", is_women, _coop(_women(2, 2)), "1399-06-15", True),
    ("3 of 7 women", is_women, _coop(_women(3, 4)), "1399-06-15", False),
    ("no counted members", is_women, _coop([]), "1399-06-15", False),
    ("a woman who left", is_women, _coop([_member(1, gender="female", left_on="1398-01-01")]), "1399-06-15", False),
    ("no decile is denominator only", is_low_income, _coop([_member(1, income_decile=3), _member(2)]), "1399-06-15", True),
    ("decile 4 is not low income", is_low_income, _coop([_member(1, income_decile=4)]), "1399-06-15", False),
    # Art. 2.2/2.3: born Esfand 30 of leap 1382? see the dedicated test below
    ("youth at 35", is_youth, _coop([_member(1, birth_date="1364-06-15")]), "1399-06-15", True),
    ("not youth at 36", is_youth, _coop([_member(1, birth_date="1364-06-14")]), "1400-06-15", False),
    # Art. 2.4: certificate valid through its last day
    ("kb on its last day", is_knowledge_based, _coop([], kb_certified_from="1398-01-01", kb_certified_until="1399-06-15"), "1399-06-15", True),
    ("kb expired", is_knowledge_based, _coop([], kb_certified_from="1398-01-01", kb_certified_until="1399-06-14"), "1399-06-15", False),
    ("kb without dates", is_knowledge_based, _coop([]), "1399-06-15", False),
    # Art. 2.5 C1: status and registration date
    ("inactive", C1.test, _coop([], status="inactive"), "1399-06-15", False),
    ("registered on on", C1.test, _coop([], registered_on="1399-06-15"), "1399-06-15", True),
    ("registered after on", C1.test, _coop([], registered_on="1399-06-16"), "1399-06-15", False),
    # C2: quorum by kind
    ("7 members agriculture", C2.test, _coop(_women(0, 7)), "1399-06-15", True),
    ("6 members agriculture", C2.test, _coop(_women(0, 6)), "1399-06-15", False),
    ("7 members consumer", C2.test, _coop(_women(0, 7), kind="consumer"), "1399-06-15", False),
    # C3: any debt or arrears fails
    ("overdue debt", C3.test, _coop([], overdue_debt=1), "1399-06-15", False),
    ("arrears", C3.test, _coop([], insurance_arrears=1), "1399-06-15", False),
    # C4: assembly in the fiscal year of on or the one before
    ("assembly last day of previous FY", C4.test, _coop([], last_assembly_on="1398-12-29"), "1399-06-15", True),
    ("assembly first day of FY before previous", C4.test, _coop([], last_assembly_on="1397-12-29"), "1399-06-15", False),
    ("assembly after on", C4.test, _coop([], last_assembly_on="1399-06-16"), "1399-06-15", False),
    ("no assembly", C4.test, _coop([], last_assembly_on=None), "1399-06-15", False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("expr", "coop", "on", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_status_edge_cases(
    expr: Expr, coop: Cooperative, on: str, expected: object
) -> None:
    """Each Art. 2 edge case gives the rulebook's answer in both interpreters."""
    assert _both(expr, coop, on) == expected


def test_birthday_on_esfand_30_in_a_year_without_it() -> None:
    """Born on Esfand 30 (leap 1399): on Esfand 29 of 1417 not yet 18; Farvardin 1 is."""
    assert dt.date(2021, 3, 20) == parse_date("1399-12-30")  # 1399 is leap
    coop = _coop([_member(1, birth_date="1399-12-30")])
    # 1417 is not a leap year: Esfand has 29 days, so (12, 29) < (12, 30)
    assert _both(is_youth, coop, "1417-12-29") is False
    assert _both(is_youth, coop, "1418-01-01") is True


def test_quorum_explanation_shows_the_deciding_values() -> None:
    """A failed C2 explains itself with the counted members and the minimum."""
    coop = _coop(_women(0, 5))
    result = C2.evaluate(
        ScalarContext(cooperative=coop, on=parse_date("1399-06-15"), params=PARAMS)
    )
    assert result.passed is False
    assert "counted members 5 < minimum for its kind 7" in result.render("en")
    assert "(Art. 2.5)" in result.render("en")
    assert "۵" in result.render("fa")
    assert "ماده" in result.render("fa")
