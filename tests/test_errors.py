from __future__ import annotations

import coopmodel
from coopmodel import BulkLoadError, RowProblem


def test_every_error_is_a_coopmodel_error_and_its_builtin() -> None:
    """Each leaf error subclasses the root and the builtin it refines."""
    assert issubclass(coopmodel.InvalidRecordError, ValueError)
    assert issubclass(coopmodel.InvalidDateError, coopmodel.InvalidRecordError)
    assert issubclass(coopmodel.IntegerOverflowError, OverflowError)
    assert issubclass(coopmodel.ParameterLookupError, LookupError)
    assert issubclass(coopmodel.ExpressionTypeError, TypeError)
    for name in ("AmountParseError", "BulkLoadError", "ParameterError"):
        assert issubclass(getattr(coopmodel, name), coopmodel.CoopModelError)


def test_bulk_load_error_keeps_every_problem_and_counts_rows() -> None:
    """A bulk load error lists every problem and says how many rows were bad."""
    problems = (
        *tuple(
            RowProblem(table="members", row=i, field="national_code", reason="bad")
            for i in range(25)
        ),
        RowProblem(table="members", row=0, field="gender", reason="unknown"),
    )
    err = BulkLoadError(problems)
    assert err.problems == problems
    assert str(err).startswith("25 bad row(s), nothing loaded")
    assert "and 6 more" in str(err)
    assert "members row 3: national_code: bad" in str(err)
