"""Parity: the vector interpreter equals the scalar one, row by row, for random trees."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from coopmodel import IntegerOverflowError
from coopmodel.parameters import load_parameters
from coopmodel.records import Application, Cooperative, Program
from coopmodel.register import Register
from coopmodel.rules import (
    Expr,
    Scalar,
    ScalarContext,
    VectorContext,
    evaluate_scalar,
    evaluate_vector,
)
from coopmodel.testing import applications, cooperatives, expressions

PARAMS = load_parameters()
# parameters have values from 1396-01-01 (2017-03-21); evaluate after that
ON_DATES = st.dates(min_value=dt.date(2017, 3, 21), max_value=dt.date(2032, 3, 19))
REGISTERS = st.lists(
    cooperatives(max_members=6), max_size=5, unique_by=lambda c: c.coop_id
)


def _scalar_or_error(expr: Expr, context: ScalarContext) -> Scalar | type:
    try:
        return evaluate_scalar(expr, context)
    except IntegerOverflowError:
        return IntegerOverflowError


def _check(expr: Expr, vector: VectorContext, scalars: list[Scalar | type]) -> None:
    try:
        got = evaluate_vector(expr, vector).to_list()
    except IntegerOverflowError:
        assert IntegerOverflowError in scalars, "bulk overflowed where no row did"
        return
    assert got == scalars


@given(
    coops=REGISTERS,
    expr=st.one_of(expressions("bool"), expressions("int"), expressions("date")),
    on=ON_DATES,
)
def test_bulk_equals_scalar_on_every_cooperative(
    coops: list[Cooperative], expr: Expr, on: dt.date
) -> None:
    """Row i of the bulk result is the scalar result on cooperative i (or both overflow)."""
    register = Register.from_records(coops)
    scalars = [
        _scalar_or_error(expr, ScalarContext(cooperative=c, on=on, params=PARAMS))
        for c in coops
    ]
    _check(expr, VectorContext(register=register, on=on, params=PARAMS), scalars)


@st.composite
def _with_applications(
    draw: st.DrawFn,
) -> tuple[list[Cooperative], list[Application]]:
    coops = draw(REGISTERS.filter(bool))
    apps: list[Application] = []
    for coop in coops:
        programs = draw(
            st.sets(
                st.sampled_from([Program.GUARANTEE, Program.EMPLOYMENT]), max_size=2
            )
        )
        for program in sorted(programs, key=str):
            app = draw(applications(coop_id=coop.coop_id, program=program))
            applied_on = draw(ON_DATES)
            apps.append(app.model_copy(update={"applied_on": applied_on}))
    return coops, draw(st.permutations(apps))


@given(
    data=_with_applications(),
    expr=st.one_of(
        expressions("bool", application=True),
        expressions("int", application=True),
        expressions("date", application=True),
    ),
)
def test_bulk_equals_scalar_on_every_application_at_its_own_date(
    data: tuple[list[Cooperative], list[Application]], expr: Expr
) -> None:
    """Per-application rows use each application's applied_on, as the scalar path."""
    coops, apps = data
    register = Register.from_records(coops, apps)
    by_id = {c.coop_id: c for c in coops}
    records = register.to_records()[1]
    scalars = [
        _scalar_or_error(
            expr,
            ScalarContext(
                cooperative=by_id[a.coop_id],
                on=a.applied_on,
                params=PARAMS,
                application=a,
            ),
        )
        for a in records
    ]
    rows = np.arange(len(records), dtype=np.int64)
    vector = VectorContext(
        register=register,
        on=register.applications.applied_on,
        params=PARAMS,
        application_rows=rows,
    )
    _check(expr, vector, scalars)
