"""``sum_members`` in bulk: values computed only where ``where`` holds, when provably safe.

The vector interpreter computes a sum's values only for the members its ``where``
selects when :meth:`_Evaluator.bound` proves that no member's value can raise; the
scalar path computes them for every member (strict evaluation). These tests check
the proof and that an unselected member's overflow still raises in bulk.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopmodel import IntegerOverflowError
from coopmodel.parameters import load_parameters
from coopmodel.records import Cooperative
from coopmodel.register import Register
from coopmodel.rules import (
    ON,
    Expr,
    Rounding,
    ScalarContext,
    VectorContext,
    div,
    evaluate_scalar,
    evaluate_vector,
    lit,
    maximum,
    member,
    minimum,
    month_days,
    param,
    sum_members,
    where,
)
from coopmodel.rules._scalar import _eval
from coopmodel.rules._vector import _Evaluator, _Scope
from coopmodel.testing import cooperatives, example_cooperative
from coopmodel.testing._expressions import _member_strategies
from coopmodel.values import make_national_code

PARAMS = load_parameters()
ON_DATES = st.dates(min_value=dt.date(2017, 3, 21), max_value=dt.date(2032, 3, 19))
# Random member-level integer trees: the library's own, and deeper ones built only
# of the nodes the proof covers, with literals up to int64's edge.
_ARITH_LEAVES: st.SearchStrategy[Expr] = st.one_of(
    st.sampled_from(
        [
            member("insured_wage"),
            member("income_decile"),
            param("premium.min_daily_wage"),
            month_days(ON),
        ]
    ),
    st.integers(-(2**63), 2**63 - 1).map(lit),
    st.integers(-1000, 1000).map(lit),
)


def _arith_nodes(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    pairs = st.tuples(children, children)
    return st.one_of(
        pairs.map(lambda t: t[0] + t[1]),
        pairs.map(lambda t: t[0] - t[1]),
        pairs.map(lambda t: t[0] * t[1]),
        pairs.map(lambda t: minimum(*t)),
        pairs.map(lambda t: maximum(*t)),
        st.tuples(children, children, st.sampled_from(list(Rounding))).map(
            lambda t: div(*t)
        ),
        st.tuples(children, children, children).map(
            lambda t: where(t[0] > t[1], t[1], t[2])
        ),
    )


MEMBER_INTS = st.one_of(
    _member_strategies(("cooperative",))["int"],
    st.recursive(_ARITH_LEAVES, _arith_nodes, max_leaves=6),
)


@settings(max_examples=300)  # cheap examples; an interval slip needs many to show
@given(
    coops=st.lists(
        cooperatives(max_members=6),
        min_size=1,
        max_size=4,
        unique_by=lambda c: c.coop_id,
    ),
    value=MEMBER_INTS,
    day=ON_DATES,
)
def test_a_bound_holds_every_member_value(
    coops: list[Cooperative], value: Expr, day: dt.date
) -> None:
    """Where a bound is given, no member's value raises and each lies within it."""
    _check_bound(coops, value, day)


def _check_bound(coops: list[Cooperative], value: Expr, day: dt.date) -> bool:
    """Check a bound's promise; tell whether there was one."""
    register = Register.from_records(coops)
    evaluator = _Evaluator(VectorContext(register=register, on=day, params=PARAMS))
    rows = _Scope(
        n=register.n_cooperatives,
        on=np.datetime64(day, "D"),
        coop_rows=None,
        app_rows=None,
    )
    members = evaluator.member_scope(rows)
    bound = evaluator.bound(value, members)
    if bound is None:
        # no proof: the tree holds a node the proof does not cover, or an
        # interval that leaves int64; the sum then computes every member's value
        return False
    values, _ = evaluator.eval(value, members)
    low, high = bound
    assert all(low <= v <= high for v in np.broadcast_to(values, (members.n,)).tolist())
    for coop in coops:
        context = ScalarContext(cooperative=coop, on=day, params=PARAMS)
        for person in coop.members:
            _eval(value, context, person)  # raises on an unsafe proof
    return True


def _coop(wages_employed: list[tuple[int, bool]]) -> Cooperative:
    members = []
    for i, (wage, employed) in enumerate(wages_employed):
        data: dict[str, Any] = {
            "national_code": make_national_code(100 + i),
            "gender": "female",
            "birth_date": "1370-01-01",
            "disabled": False,
            "joined_on": "1397-01-01",
            "insured_wage": wage,
        }
        if employed:
            data["employed_since"] = "1398-01-01"
        members.append(data)
    return example_cooperative(
        members, registered_on="1395-01-01", last_assembly_on="1399-03-01"
    )


EMPLOYED = member("employed_since") <= ON
DAY = dt.date(2020, 9, 5)


def test_an_unselected_members_overflow_still_raises_in_bulk() -> None:
    """Strict evaluation: the member outside ``where`` overflows in both paths."""
    coop = _coop([(10_000_000, True), (2**40, False)])
    total = sum_members(member("insured_wage") * (2**30), EMPLOYED)
    with pytest.raises(IntegerOverflowError):
        evaluate_scalar(total, ScalarContext(cooperative=coop, on=DAY, params=PARAMS))
    context = VectorContext(
        register=Register.from_records([coop]), on=DAY, params=PARAMS
    )
    with pytest.raises(IntegerOverflowError):
        evaluate_vector(total, context)


def test_a_safe_sum_adds_only_the_selected_members() -> None:
    """With small wages the proof holds; the sum is over the employed members only."""
    coop = _coop([(10_000_000, True), (7, False), (30_000_000, True)])
    total = sum_members(member("insured_wage") * 3, EMPLOYED)
    context = VectorContext(
        register=Register.from_records([coop]), on=DAY, params=PARAMS
    )
    assert evaluate_vector(total, context).to_list() == [3 * 40_000_000]


WAGE = member("insured_wage")


@pytest.mark.parametrize(
    "value",
    [
        WAGE + WAGE,  # the top member's value is twice the top wage
        WAGE - WAGE,
        (WAGE - 7) * (lit(7) - WAGE),  # factors of either sign: every corner counts
        minimum(WAGE, lit(5)) * -2,
        div(lit(0) - WAGE, 2, Rounding.FLOOR),
        where(WAGE > 5, WAGE * 3, lit(-1)),
    ],
    ids=str,
)
def test_a_bound_holds_on_worked_trees(value: Expr) -> None:
    """Wages 3 and 10: intervals whose slips the random trees may not reach."""
    assert _check_bound([_coop([(3, True), (10, False)])], value, DAY)


def test_a_tree_that_may_overflow_has_no_bound() -> None:
    """A product that can leave int64 for some member gets no proof."""
    assert not _check_bound([_coop([(2**40, True)])], WAGE * (2**30), DAY)
