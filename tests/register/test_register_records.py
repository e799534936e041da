from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from register_helpers import registers

from coopmodel import InvalidRecordError
from coopmodel.records import (
    Application,
    Cooperative,
    CoopKind,
    Education,
    Gender,
    GuaranteeKind,
    Member,
    Program,
    Province,
    Status,
)
from coopmodel.register import Register
from coopmodel.values._ids import make_coop_id, make_national_code


def _member(code: int, **changes: object) -> Member:
    fields: dict[str, object] = {
        "national_code": make_national_code(code),
        "gender": Gender.FEMALE,
        "birth_date": dt.date(1990, 1, 1),
        "disabled": False,
        "joined_on": dt.date(2015, 1, 1),
        "insured_wage": 100,
    }
    return Member.model_validate(fields | changes)


def _coop(
    index: int, members: tuple[Member, ...] = (), **changes: object
) -> Cooperative:
    fields: dict[str, object] = {
        "coop_id": make_coop_id(1_010_000_000 + index),
        "name": f"coop {index}",
        "kind": CoopKind.CREDIT,
        "province": Province.YAZD,
        "less_developed": True,
        "border": False,
        "status": Status.DISSOLVING,
        "registered_on": dt.date(2010, 5, 1),
        "equity": 7,
        "outstanding_guarantees": 8,
        "overdue_debt": 9,
        "insurance_arrears": 10,
        "members": members,
    }
    return Cooperative.model_validate(fields | changes)


def _application(index: int, program: Program, **changes: object) -> Application:
    fields: dict[str, object] = {
        "coop_id": make_coop_id(1_010_000_000 + index),
        "program": program,
        "applied_on": dt.date(2020, 6, 1),
        "requested_amount": 5,
        "jobs_committed": 3,
    }
    return Application.model_validate(fields | changes)


@given(registers())
def test_records_round_trip_through_the_register(drawn) -> None:
    """Records -> register -> records gives back the same records, in order."""
    coops, apps = drawn
    register = Register.from_records(coops, apps)
    assert register.to_records() == (coops, apps)


@given(registers())
def test_register_columns_hold_the_record_values(drawn) -> None:
    """Every column holds the records' values in the documented encoding."""
    coops, apps = drawn
    register = Register.from_records(coops, apps)
    table = register.cooperatives
    assert table.coop_id.tolist() == [int(c.coop_id) for c in coops]
    assert table.kind.tolist() == [list(CoopKind).index(c.kind) for c in coops]
    assert table.province.tolist() == [list(Province).index(c.province) for c in coops]
    assert table.county.tolist() == [c.county for c in coops]
    assert table.registered_on.tolist() == [c.registered_on for c in coops]
    assert table.last_assembly_on.tolist() == [c.last_assembly_on for c in coops]
    assert table.equity.tolist() == [c.equity for c in coops]
    members = [m for c in coops for m in c.members]
    assert register.members.national_code.tolist() == [
        int(m.national_code) for m in members
    ]
    assert register.members.income_decile.tolist() == [
        m.income_decile or 0 for m in members
    ]
    assert register.members.education.tolist() == [
        -1 if m.education is None else list(Education).index(m.education)
        for m in members
    ]
    assert register.members.left_on.tolist() == [m.left_on for m in members]
    rows = {c.coop_id: i for i, c in enumerate(coops)}
    assert register.applications.coop_index.tolist() == [rows[a.coop_id] for a in apps]
    assert register.applications.guarantee_days.tolist() == [
        a.guarantee_days or 0 for a in apps
    ]
    assert register.applications.guarantee_kind.tolist() == [
        -1 if a.guarantee_kind is None else list(GuaranteeKind).index(a.guarantee_kind)
        for a in apps
    ]


def test_register_columns_have_the_contract_dtypes() -> None:
    """The columns have the narrow dtypes of the column contract."""
    coop = _coop(0, (_member(1, income_decile=4, education=Education.MASTER),))
    app = _application(
        0, Program.GUARANTEE, guarantee_kind=GuaranteeKind.BID, guarantee_days=30
    )
    register = Register.from_records([coop], [app])
    register.check_structure()
    assert register.cooperatives.kind.dtype == np.int8
    assert register.cooperatives.registered_on.dtype == np.dtype("datetime64[D]")
    assert register.members.coop_index.dtype == np.int32
    assert register.members.income_decile.tolist() == [4]
    assert register.applications.guarantee_days.dtype == np.int16
    assert register.applications.jobs_committed.dtype == np.int32
    assert register.member_offsets.tolist() == [0, 1]


def test_members_keep_their_order_within_a_cooperative() -> None:
    """Members are stored in the order the cooperative lists them."""
    members = (_member(30), _member(10), _member(20))
    register = Register.from_records([_coop(0), _coop(1, members)])
    assert register.member_offsets.tolist() == [0, 0, 3]
    assert register.members.national_code.tolist() == [
        int(make_national_code(n)) for n in (30, 10, 20)
    ]


def test_from_records_refuses_a_repeated_coop_id() -> None:
    """Two cooperatives with one coop_id are refused, naming the id."""
    with pytest.raises(InvalidRecordError, match=make_coop_id(1_010_000_000)):
        Register.from_records([_coop(0), _coop(1), _coop(0, name="again")])


def test_from_records_refuses_an_application_of_an_unknown_cooperative() -> None:
    """An application whose coop_id matches no cooperative is refused."""
    with pytest.raises(InvalidRecordError, match="matches no cooperative"):
        Register.from_records([_coop(0)], [_application(1, Program.EMPLOYMENT)])


def test_from_records_refuses_a_second_application_to_a_program() -> None:
    """A cooperative may apply to each program once."""
    apps = [_application(0, Program.CREDIT_KB), _application(0, Program.CREDIT_KB)]
    with pytest.raises(InvalidRecordError, match="repeats"):
        Register.from_records([_coop(0)], apps)


def test_empty_register_from_no_records() -> None:
    """No records give an empty register that converts back to no records."""
    register = Register.from_records([])
    assert register.n_cooperatives == 0
    assert register.member_offsets.tolist() == [0]
    assert register.to_records() == ((), ())
