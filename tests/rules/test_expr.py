"""The algebra: build-time type errors, JSON round trips, column discovery."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from coopmodel import ExpressionTypeError, IntegerOverflowError
from coopmodel.parameters import load_parameters
from coopmodel.records import Cooperative, CoopKind, Gender
from coopmodel.rules import (
    ON,
    Expr,
    Rounding,
    ScalarContext,
    age,
    application,
    condition_from_json,
    condition_to_json,
    cooperative,
    count_members,
    div,
    evaluate_scalar,
    expr_from_json,
    expr_to_json,
    fiscal_year,
    lit,
    member,
    minimum,
    param,
    sum_members,
    where,
)
from coopmodel.rules._expr import columns_read, parameters_read, replace_on, walk
from coopmodel.rules._status import COMMON
from coopmodel.testing import cooperatives, expressions

_PARAMS = load_parameters()


def _bad_trees() -> list[tuple[str, object, str]]:
    return [
        ("date plus bool", lambda: ON + True, "is date, not int"),
        ("enum compared with number", lambda: cooperative("kind").eq(3), "cannot compare"),
        ("ordering enums", lambda: cooperative("kind") < CoopKind.OTHER, "needs numbers or dates"),
        ("and of an int", lambda: cooperative("equity") & True, "is int, not bool"),
        ("unknown column", lambda: cooperative("equty"), "unknown cooperative column 'equty'"),
        ("age of a number", lambda: age(cooperative("equity"), ON), "not a date"),
        ("where with mixed branches", lambda: where(True, 1, ON), "branches differ"),
        ("min of one", lambda: minimum(1), "needs two or more"),
        ("nested aggregate", lambda: count_members(count_members(True) > 1), "do not nest"),
        ("aggregate reads application", lambda: count_members(application("jobs_committed") > 1), "cannot read the application"),
        ("sum of a nullable", lambda: sum_members(member("income_decile"), True), "coalesce it first"),
        ("literal beyond int64", lambda: lit(2**63), "does not fit in int64"),
        ("float literal", lambda: lit(1.5), "must be a bool, int, date or enum"),  # type: ignore[arg-type]
        ("param keyed by a number", lambda: param("x", cooperative("equity")), "must be an enum"),
        ("is_in with a foreign enum", lambda: member("gender").is_in({CoopKind.OTHER}), "not enum Gender"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("build", "message"),
    [c[1:] for c in _bad_trees()],
    ids=[c[0] for c in _bad_trees()],
)
def test_ill_typed_trees_fail_when_built_showing_the_expression(build, message) -> None:
    """A type error is raised at build time, with the reason and the expression."""
    with pytest.raises(ExpressionTypeError, match=message):
        build()


def test_a_type_error_message_shows_the_expression() -> None:
    """The message quotes the offending expression as it reads."""
    with pytest.raises(ExpressionTypeError) as err:
        _ = cooperative("equity") + ON
    assert "(cooperative.equity + on)" in str(err.value)


def test_equal_literals_of_different_types_are_different_trees() -> None:
    """0 and False are equal in Python but not in the algebra (caching relies on it)."""
    assert lit(0) != lit(False)
    assert hash(lit(1)) != hash(lit(True)) or lit(1) != lit(True)


@given(
    expr=st.one_of(
        expressions("bool"), expressions("int", application=True), expressions("date")
    )
)
def test_json_round_trip_gives_an_equal_tree(expr: Expr) -> None:
    """A tree exported to JSON text and loaded back is equal, with the same type."""
    text = json.dumps(expr_to_json(expr))
    back = expr_from_json(json.loads(text))
    assert back == expr
    assert back.type == expr.type


@pytest.mark.parametrize("condition", COMMON, ids=lambda c: c.code)
def test_conditions_round_trip_through_json(condition) -> None:
    """C1-C4 export with code, article, titles and test, and load back equal."""
    data = json.loads(json.dumps(condition_to_json(condition)))
    assert data["code"] == condition.code
    assert data["article"] == "2.5"
    assert condition_from_json(data) == condition


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"node": "teleport"}, "unknown node kind"),
        ({"node": "literal", "type": "float", "value": 1.5}, "not a literal"),
        ({"node": "column", "table": "cooperative", "name": 3}, "must be a string"),
        ([1, 2], "expected a JSON object"),
    ],
)
def test_bad_json_is_refused_with_a_reason(data, message) -> None:
    """Malformed rule JSON raises ExpressionTypeError naming the problem."""
    with pytest.raises(ExpressionTypeError, match=message):
        expr_from_json(data)


def test_a_tree_lists_the_columns_and_parameters_it_reads() -> None:
    """Column and parameter discovery lets a run read only what the rules need."""
    tree = (
        count_members(member("gender").eq(Gender.FEMALE) & (member("joined_on") <= ON))
        >= param("group.women.min_share_bp")
    ) & (fiscal_year(cooperative("last_assembly_on")) >= 1398)
    assert columns_read(tree) == {
        ("member", "gender"),
        ("member", "joined_on"),
        ("cooperative", "last_assembly_on"),
    }
    assert parameters_read(tree) == {"group.women.min_share_bp"}


def test_division_by_zero_or_a_negative_divisor_is_null() -> None:
    """div() is null for a divisor <= 0 and its type says so; a literal > 0 is not."""
    assert div(cooperative("equity"), 0, Rounding.FLOOR).type.nullable
    assert div(
        cooperative("equity"), cooperative("equity"), Rounding.FLOOR
    ).type.nullable
    assert not div(cooperative("equity"), 7, Rounding.FLOOR).type.nullable


def test_literal_dates_render_in_iso_form() -> None:
    """A date literal shows as an ISO date in expression text."""
    assert str(cooperative("registered_on") <= dt.date(2020, 3, 20)) == (
        "(cooperative.registered_on <= 2020-03-20)"
    )


_DAYS = st.dates(min_value=dt.date(2017, 3, 21), max_value=dt.date(2032, 3, 19))


@given(
    expr=st.one_of(expressions("bool"), expressions("int"), expressions("date")),
    coop=cooperatives(max_members=4),
    day=_DAYS,
    other=_DAYS,
)
def test_replace_on_means_the_tree_on_that_day(
    expr: Expr, coop: Cooperative, day: dt.date, other: dt.date
) -> None:
    """With ``on`` replaced by a literal day, a tree means itself on that day.

    Evaluated on any other date, that is; parameters are still read on the
    evaluation date, so trees that read one are left out.
    """
    assume(not parameters_read(expr))
    moved = replace_on(expr, lit(day))
    assert ON not in set(walk(moved))

    def value(tree: Expr, on: dt.date) -> object:
        context = ScalarContext(cooperative=coop, on=on, params=_PARAMS)
        try:
            return evaluate_scalar(tree, context)
        except IntegerOverflowError:
            return IntegerOverflowError

    assert value(moved, other) == value(expr, day)


def test_replace_on_needs_a_date() -> None:
    """Replacing ``on`` by a number is refused, naming the tree."""
    with pytest.raises(ExpressionTypeError, match="replace_on needs a date tree"):
        replace_on(lit(dt.date(2020, 3, 20)) >= ON, lit(3))
