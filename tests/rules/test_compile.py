"""The compiled scalar interpreter equals the reference one, node by node."""

from __future__ import annotations

import copy
import datetime as dt
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopmodel import ExpressionTypeError, IntegerOverflowError
from coopmodel.decisions import decide
from coopmodel.parameters import load_parameters
from coopmodel.programs._catalogue import (
    APPLICATION_PROGRAMS,
    COOPERATIVE_CONDITIONS,
    COOPERATIVE_OUTPUTS,
)
from coopmodel.records import Application, Cooperative, Gender, Program
from coopmodel.rules import Expr, Scalar, ScalarContext, evaluate_scalar
from coopmodel.rules._build import application, count_members, member
from coopmodel.rules._compile import compile_trees, jalali_parts
from coopmodel.rules._expr import Aggregate, walk
from coopmodel.testing import applications, cooperatives, expressions

PARAMS = load_parameters()
ON_DATES = st.dates(min_value=dt.date(2017, 3, 21), max_value=dt.date(2032, 3, 19))
TREES = st.lists(
    st.one_of(expressions("bool"), expressions("int"), expressions("date")),
    min_size=1,
    max_size=3,
)


def _inside_aggregates(roots: list[Expr]) -> set[Expr]:
    inside: set[Expr] = set()
    for root in roots:
        for node in walk(root):
            if isinstance(node, Aggregate):
                inside.update(walk(node))
                inside.discard(node)
    return inside


def _reference(roots: list[Expr], context: ScalarContext) -> dict[Expr, Scalar] | type:
    inside = _inside_aggregates(roots)
    nodes = {n for root in roots for n in walk(root) if n not in inside or n is root}
    try:
        return {node: evaluate_scalar(node, context) for node in nodes}
    except IntegerOverflowError:
        return IntegerOverflowError


def _compiled(roots: list[Expr], context: ScalarContext) -> dict[Expr, Scalar] | type:
    compiled = compile_trees(roots)
    try:
        recorded = compiled.evaluate(
            context.cooperative, context.on, context.params, context.application
        )
    except IntegerOverflowError:
        return IntegerOverflowError
    return {node: recorded[i] for node, i in compiled.position.items()}


def _same(roots: list[Expr], context: ScalarContext) -> None:
    want, got = _reference(roots, context), _compiled(roots, context)
    if want is IntegerOverflowError or got is IntegerOverflowError:
        assert want is got
        return
    assert isinstance(want, dict)
    assert isinstance(got, dict)
    for node, value in want.items():
        if node in got:
            assert got[node] == value, node
            assert type(got[node]) is type(value), node
    for root in roots:
        assert root in got


@given(coop=cooperatives(max_members=6), roots=TREES, on=ON_DATES)
def test_compiled_equals_reference_on_every_row_level_node(
    coop: Cooperative, roots: list[Expr], on: dt.date
) -> None:
    """Every value the compiled function records is the reference's, type included."""
    _same(roots, ScalarContext(cooperative=coop, on=on, params=PARAMS))


@given(
    data=st.data(),
    coop=cooperatives(max_members=6),
    roots=st.lists(
        st.one_of(
            expressions("bool", application=True),
            expressions("int", application=True),
        ),
        min_size=1,
        max_size=3,
    ),
)
def test_compiled_equals_reference_with_an_application(
    data: st.DataObject, coop: Cooperative, roots: list[Expr]
) -> None:
    """Trees that read the application agree too, at its applied_on."""
    program = data.draw(st.sampled_from([Program.GUARANTEE, Program.EMPLOYMENT]))
    app: Application = data.draw(applications(coop_id=coop.coop_id, program=program))
    on = data.draw(ON_DATES)
    app = app.model_copy(update={"applied_on": on})
    _same(
        roots,
        ScalarContext(cooperative=coop, on=on, params=PARAMS, application=app),
    )


@given(coop=cooperatives(max_members=8), on=ON_DATES)
def test_the_catalogue_compiles_to_the_reference_values(
    coop: Cooperative, on: dt.date
) -> None:
    """The cooperative outputs and conditions, compiled together, equal the reference."""
    roots = [o.expr for o in COOPERATIVE_OUTPUTS]
    roots += [c.test for c in COOPERATIVE_CONDITIONS]
    _same(roots, ScalarContext(cooperative=coop, on=on, params=PARAMS))


@given(data=st.data(), coop=cooperatives(max_members=8))
def test_each_application_program_compiles_to_the_reference_values(
    data: st.DataObject, coop: Cooperative
) -> None:
    """Each program's outputs and conditions, compiled together, equal the reference."""
    program = data.draw(st.sampled_from(list(APPLICATION_PROGRAMS)))
    app: Application = data.draw(applications(coop_id=coop.coop_id, program=program))
    on = data.draw(ON_DATES)
    app = app.model_copy(update={"applied_on": on})
    spec = APPLICATION_PROGRAMS[program]
    roots = [o.expr for o in spec.outputs] + [c.test for c in spec.conditions]
    _same(
        roots,
        ScalarContext(cooperative=coop, on=on, params=PARAMS, application=app),
    )


@given(coop=cooperatives(max_members=6), on=ON_DATES)
def test_member_trees_give_one_row_per_member(coop: Cooperative, on: dt.date) -> None:
    """With member trees, the function returns their values per member."""
    woman = member("gender").eq(Gender.FEMALE)
    compiled = compile_trees((), (woman,))
    assert compiled.members is not None
    rows = compiled.members(coop, None, on, PARAMS.at(on))
    assert [r[0] for r in rows] == [m.gender is Gender.FEMALE for m in coop.members]
    counted = evaluate_scalar(
        count_members(woman), ScalarContext(cooperative=coop, on=on, params=PARAMS)
    )
    assert sum(r[0] for r in rows) == counted


@given(coop=cooperatives(max_members=2))
def test_a_tree_reading_the_application_needs_one(coop: Cooperative) -> None:
    """As in the reference, an application column without an application is an error."""
    compiled = compile_trees([application("requested_amount") > 0])
    with pytest.raises(ExpressionTypeError, match="needs an application"):
        compiled.evaluate(coop, dt.date(2020, 6, 1), PARAMS)


def test_compiling_twice_returns_the_same_function() -> None:
    """The compiled function is cached by its trees."""
    tree = count_members(member("disabled"))
    assert compile_trees([tree]) is compile_trees([tree])
    assert jalali_parts(dt.date(2020, 3, 20)) == (1399, 1, 1)


@given(coop=cooperatives(max_members=8), on=ON_DATES)
def test_the_explanation_is_rendered_when_read(coop: Cooperative, on: dt.date) -> None:
    """A decision's lazy explanation equals the reference conditions' rendering."""
    decision = decide(coop, on=on, params=PARAMS)
    context = ScalarContext(cooperative=coop, on=on, params=PARAMS)
    reference = [c.evaluate(context) for c in COOPERATIVE_CONDITIONS]
    assert decision.outcome.render("fa") == "\n".join(r.render("fa") for r in reference)
    assert decision.outcome.results == tuple(reference)


@given(data=st.data(), coop=cooperatives(max_members=8))
def test_an_application_explanation_equals_the_reference(
    data: st.DataObject, coop: Cooperative
) -> None:
    """Each program's lazy explanation equals its conditions' reference rendering."""
    program = data.draw(st.sampled_from(list(APPLICATION_PROGRAMS)))
    app: Application = data.draw(applications(coop_id=coop.coop_id, program=program))
    app = app.model_copy(update={"applied_on": data.draw(ON_DATES)})
    decision = decide(coop, app, params=PARAMS)
    context = ScalarContext(
        cooperative=coop, on=app.applied_on, params=PARAMS, application=app
    )
    reference = [c.evaluate(context) for c in APPLICATION_PROGRAMS[program].conditions]
    for lang in ("en", "fa"):
        assert decision.outcome.render(lang) == "\n".join(
            r.render(lang) for r in reference
        )
    assert decision.outcome.results == tuple(reference)


@given(coop=cooperatives(max_members=4), on=ON_DATES)
def test_a_decision_pickles_and_copies_with_its_explanation(
    coop: Cooperative, on: dt.date
) -> None:
    """The lazy outcome pickles (and copies) as its rendered results."""
    decision = decide(coop, on=on, params=PARAMS)
    for again in (pickle.loads(pickle.dumps(decision)), copy.deepcopy(decision)):  # noqa: S301 - our own bytes
        assert again.outcome == decision.outcome
        assert again.explain("fa") == decision.explain("fa")
        assert again.amounts == decision.amounts


@given(
    pairs=st.lists(
        st.tuples(
            st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2030, 1, 1)),
            ON_DATES,
        ),
        max_size=40,
    )
)
def test_the_kept_ages_are_ages_and_stay_few(
    pairs: list[tuple[dt.date, dt.date]],
) -> None:
    """A member's age read through the kept ages is _age's; at most the limit kept."""
    from coopmodel.rules import _compile  # noqa: PLC0415

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_compile, "_AGES_KEPT", 7)
        ages = _compile._Ages()
        for birth, at in pairs * 2:
            assert ages[at][birth] == _compile._age(birth, at)
            assert ages.count <= 7
            assert len(ages) + sum(len(d) for d in ages.values()) <= 7
