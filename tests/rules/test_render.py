"""The compiled explanations write, character for character, the reference's lines."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable

import attrs
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from coopmodel import IntegerOverflowError
from coopmodel.decisions import Decision, decide
from coopmodel.parameters import load_parameters
from coopmodel.programs._catalogue import APPLICATION_PROGRAMS, COOPERATIVE_CONDITIONS
from coopmodel.records import Application, Cooperative
from coopmodel.rules import Condition, Expr, Language, ScalarContext
from coopmodel.rules._build import ON, application, cooperative, is_set
from coopmodel.rules._compile import compile_trees
from coopmodel.rules._conditions import Explainer
from coopmodel.rules._expr import All, Any_, Kind, Named, Not
from coopmodel.rules._render import compile_lines
from coopmodel.testing import applications, cooperatives, expressions
from coopmodel.values._calendar import format_jalali

PARAMS = load_parameters()
ON_DATES = st.dates(min_value=dt.date(2017, 3, 21), max_value=dt.date(2032, 3, 19))

# labels and titles with what an f-string's source must escape
TEXT = st.text(alphabet="ab {}'\"\\\n\u200c۱29", max_size=5)
COMPARE: list[Callable[[Expr, Expr], Expr]] = [
    operator.lt,
    operator.le,
    operator.gt,
    operator.ge,
    lambda a, b: a.eq(b),
    lambda a, b: a.ne(b),
]


def _named(values: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    labelled = st.builds(lambda e, en, fa: e.named(en, fa), values, TEXT, TEXT)
    return st.one_of(values, labelled)


_INTS = _named(expressions("int", depth=1))
_DATES = _named(expressions("date", depth=1))
_SIDES = st.one_of(
    st.tuples(_INTS, _INTS),
    st.tuples(st.builds(operator.mul, _INTS, _INTS), _INTS),
    st.tuples(_INTS, st.builds(operator.sub, _INTS, _INTS)),
    st.tuples(_DATES, _DATES),
)
_COMPARES = st.builds(lambda op, sides: op(*sides), st.sampled_from(COMPARE), _SIDES)
# the values that may be unset (an and that fails on them shows only them)
_UNSET = _named(
    st.sampled_from(
        [
            cooperative(name)
            for name in ("last_assembly_on", "kb_certified_from", "kb_certified_until")
        ]
    )
)
_PARTS = st.one_of(
    expressions("bool", depth=1),
    _COMPARES,
    st.one_of(_INTS, _DATES, _UNSET).map(is_set),
    st.builds(operator.le, _UNSET, st.just(ON)),
)


def _extend(parts: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    return st.one_of(
        st.lists(parts, min_size=1, max_size=4).map(lambda xs: All(tuple(xs))),
        st.lists(parts, min_size=1, max_size=4).map(lambda xs: Any_(tuple(xs))),
        parts.map(Not),
        st.builds(Named, parts, TEXT, TEXT),
    )


def _tests(depth: int) -> st.SearchStrategy[Expr]:
    tests = _PARTS
    for _ in range(depth):
        tests = st.one_of(tests, _extend(tests))
    return tests


TESTS = _tests(2)


@st.composite
def _conditions(draw: st.DrawFn) -> tuple[Condition, ...]:
    tests = draw(st.lists(TESTS, min_size=0, max_size=4))
    return tuple(
        Condition(
            code=draw(st.sampled_from(["C1", "X{0}", "L'2"])),
            article=draw(st.sampled_from(["2.5", "6.2, 3", "{1}"])),
            title_en=draw(TEXT),
            title_fa=draw(TEXT),
            test=test,
        )
        for test in tests
    )


def _check(
    conditions: tuple[Condition, ...],
    coop: Cooperative,
    on: dt.date,
    app: Application | None = None,
) -> None:
    context = ScalarContext(cooperative=coop, on=on, params=PARAMS, application=app)
    compiled = compile_trees([c.test for c in conditions])
    try:
        reference = [c.evaluate(context) for c in conditions]
        recorded = compiled.evaluate(coop, on, PARAMS, app)
    except IntegerOverflowError:
        assume(False)
        return
    at = compiled.position
    passed = tuple(bool(recorded[at[c.test]]) for c in conditions)
    assert passed == tuple(r.passed for r in reference)
    by_node = {node: recorded[i] for node, i in at.items()}
    for lang in ("en", "fa"):
        want = "\n".join(r.render(lang) for r in reference)
        # read by the places in the compiled function's tuple
        by_place, source = compile_lines(conditions, at.__getitem__, lang)
        assert by_place(recorded, passed) == want, source
        # read from a mapping of the nodes (the keys are then the generated
        # function's constants)
        by_key, source = compile_lines(conditions, lambda node: node, lang)
        assert by_key(by_node, passed) == want, source


@given(conditions=_conditions(), coop=cooperatives(max_members=5), on=ON_DATES)
@settings(max_examples=300)
def test_compiled_lines_equal_the_reference_on_random_trees(
    conditions: tuple[Condition, ...], coop: Cooperative, on: dt.date
) -> None:
    """Labels, arithmetic, and/or with their decisive parts, unset values, in both."""
    _check(conditions, coop, on)


@given(coop=cooperatives(max_members=8), on=ON_DATES)
def test_compiled_lines_equal_the_reference_on_the_catalogue(
    coop: Cooperative, on: dt.date
) -> None:
    """The cooperative conditions and every application program's conditions."""
    _check(COOPERATIVE_CONDITIONS, coop, on)


@given(data=st.data(), coop=cooperatives(max_members=8))
def test_compiled_lines_of_each_program(data: st.DataObject, coop: Cooperative) -> None:
    """Each application program's conditions, rendered as the reference."""
    program = data.draw(st.sampled_from(list(APPLICATION_PROGRAMS)))
    app: Application = data.draw(applications(coop_id=coop.coop_id, program=program))
    app = app.model_copy(update={"applied_on": data.draw(ON_DATES)})
    conditions = APPLICATION_PROGRAMS[program].conditions
    _check(conditions, coop, app.applied_on, app)


def test_an_and_read_against_its_value_shows_no_part() -> None:
    """An and whose parts all hold, read as failed, joins no part, as the reference."""
    assembly = cooperative("last_assembly_on")
    assert assembly.type.kind is Kind.DATE
    assert assembly.type.nullable
    test = All((is_set(assembly),))
    condition = Condition("C9", "1.1", "t", "ت", test)
    explainer = Explainer(lambda node: node)
    values = {test: False, test.args[0]: True}
    for lang in ("en", "fa"):
        render, _ = compile_lines((condition,), lambda node: node, lang)
        want = explainer.line(condition, lang)(values, False)
        assert render(values, (False,)) == want
    assert want.startswith("C9 ت:  (")


def test_the_explainer_keeps_one_function_per_conditions_and_language() -> None:
    """The function is generated once per tuple of conditions and language."""
    explainer = Explainer(lambda node: node)
    conditions = COOPERATIVE_CONDITIONS
    en: Language = "en"
    assert explainer.lines(conditions, en) is explainer.lines(conditions, en)
    assert explainer.lines(conditions, en) is not explainer.lines(conditions, "fa")


@given(coop=cooperatives(max_members=4), on=ON_DATES)
def test_a_decision_renders_through_the_compiled_lines(
    coop: Cooperative, on: dt.date
) -> None:
    """A decision's explanation is its results' lines (rendered by the reference)."""
    decision = decide(coop, on=on, params=PARAMS)
    for lang in ("en", "fa"):
        want = "\n".join(r.render(lang) for r in decision.outcome.results)
        assert decision.outcome.render(lang) == want


def _reference_explain(decision: Decision, lang: str) -> str:
    """The decision's text as written before it was compiled (the header's model)."""
    what = decision.program.value if decision.program else "cooperative"
    date = format_jalali(decision.on, digits="latin" if lang == "en" else "persian")
    if lang == "en":
        verdict = "eligible" if decision.eligible else "not eligible"
        head = f"{what} decision for coop {decision.coop_id} on {date}: {verdict}"
    else:
        verdict = "واجد شرایط" if decision.eligible else "فاقد شرایط"
        head = f"تصمیم {what} برای تعاونی {decision.coop_id} در {date}: {verdict}"
    lines = "\n".join(r.render(lang) for r in decision.outcome.results)  # type: ignore[arg-type]
    amounts = [f"  {k} = {v}" for k, v in decision.amounts.items()]
    return "\n".join([head, lines, *amounts])


@given(
    data=st.data(),
    coop=cooperatives(max_members=6),
    names=st.lists(st.text(alphabet="a%s{}0 \n", max_size=4), max_size=4),
)
def test_a_decision_explains_itself_as_the_reference(
    data: st.DataObject, coop: Cooperative, names: list[str]
) -> None:
    """Header, lines and amounts (names with % and braces too), in any language."""
    program = data.draw(st.sampled_from([None, *APPLICATION_PROGRAMS]))
    if program is None:
        decision = decide(coop, on=data.draw(ON_DATES), params=PARAMS)
    else:
        app = data.draw(applications(coop_id=coop.coop_id, program=program))
        app = app.model_copy(update={"applied_on": data.draw(ON_DATES)})
        decision = decide(coop, app, params=PARAMS)
    values = data.draw(st.lists(st.one_of(st.booleans(), st.integers()), min_size=4))
    odd = attrs.evolve(decision, amounts=dict(zip(names, values, strict=False)))
    for lang in ("en", "fa", "xx"):
        for each in (decision, odd):
            assert each.explain(lang) == _reference_explain(each, lang)  # type: ignore[arg-type]
    assert decision.explain("xx") == decision.explain("fa")  # type: ignore[arg-type]


@given(
    value=st.one_of(
        st.booleans(), st.integers(), st.integers(-20_000, 20_000), st.none()
    ),
    nullable=st.booleans(),
)
def test_an_int_is_written_as_the_reference_writes_it(
    value: int | None, nullable: bool
) -> None:
    """Kept texts of ints, and a bool where an int is expected written as before."""
    column = application("guarantee_days") if nullable else cooperative("equity")
    assert column.type.kind is Kind.INT
    assert column.type.nullable is nullable
    assume(value is not None or nullable)
    test = column >= 0
    condition = Condition("C9", "1.1", "t", "ت", test)
    explainer = Explainer(lambda node: node)
    values = {test: True, column: value, test.right: 0}
    for lang in ("en", "fa"):
        render, _ = compile_lines((condition,), lambda node: node, lang)
        for _ in range(2):  # written, then read from the kept texts
            assert render(values, (True,)) == explainer.line(condition, lang)(
                values, True
            )
