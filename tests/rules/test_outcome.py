"""Condition outcomes: the bulk bitmask decodes to the scalar failed codes."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from coopmodel.decisions import CODES, check, check_bulk, decode_failed
from coopmodel.parameters import load_parameters
from coopmodel.records import Cooperative
from coopmodel.register import Register
from coopmodel.rules import ScalarContext, VectorContext
from coopmodel.rules._status import COMMON
from coopmodel.testing import cooperatives

PARAMS = load_parameters()


@given(
    coops=st.lists(
        cooperatives(max_members=9), max_size=6, unique_by=lambda c: c.coop_id
    ),
    on=st.dates(min_value=dt.date(2017, 3, 21), max_value=dt.date(2024, 3, 19)),
)
def test_bulk_columns_and_mask_equal_the_scalar_outcomes(
    coops: list[Cooperative], on: dt.date
) -> None:
    """Per row, each condition column and the failed codes equal the scalar check."""
    bulk = check_bulk(
        COMMON,
        VectorContext(register=Register.from_records(coops), on=on, params=PARAMS),
    )
    for i, coop in enumerate(coops):
        scalar = check(COMMON, ScalarContext(cooperative=coop, on=on, params=PARAMS))
        assert bulk.failed_codes(i) == scalar.failed
        assert bool(bulk.passed[i]) == scalar.passed
        for result in scalar.results:
            assert bool(bulk.column(result.code)[i]) == result.passed


@given(st.sets(st.sampled_from(CODES)))
def test_a_mask_decodes_to_its_codes_in_code_order(codes: set[str]) -> None:
    """Encoding codes as bits and decoding gives them back, in the code table's order."""
    mask = sum(1 << CODES.index(c) for c in codes)
    assert decode_failed(mask) == tuple(c for c in CODES if c in codes)


def test_the_code_table_is_stable() -> None:
    """Codes are stable API: the first bits never move."""
    assert CODES[:5] == ("C1", "C2", "C3", "C4", "G1")
    assert len(set(CODES)) == len(CODES)
