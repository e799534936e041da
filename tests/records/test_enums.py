from __future__ import annotations

import pytest

from coopmodel.records import (
    PROVINCES,
    CoopKind,
    GuaranteeKind,
    Program,
    Province,
    enum_code,
    province_info,
)


def test_there_are_31_provinces_with_codes_1_to_31() -> None:
    """Iran has 31 provinces; codes run 1..31 and names are unique."""
    assert len(PROVINCES) == 31
    assert [p.code for p in PROVINCES] == list(range(1, 32))
    assert len({p.name_fa for p in PROVINCES}) == 31
    assert len({p.name_en for p in PROVINCES}) == 31


@pytest.mark.parametrize("province", list(Province))
def test_province_info_finds_its_own_province(province: Province) -> None:
    """Looking up a province returns that province's record."""
    assert province_info(province).province is province


def test_rulebook_spellings_are_the_enum_values() -> None:
    """Enum values are the rulebook's spellings (Art. 1.1, 1.3)."""
    assert len(CoopKind) == 14
    assert CoopKind("development_construction") is CoopKind.DEVELOPMENT_CONSTRUCTION
    assert {p.value for p in Program} == {
        "guarantee",
        "employment",
        "credit_kb",
        "credit_wyd",
    }
    assert {k.value for k in GuaranteeKind} == {
        "loan",
        "bid",
        "performance",
        "advance_payment",
    }


def test_enum_codes_follow_definition_order() -> None:
    """The int8 code of an enum member is its position in the enum."""
    assert [enum_code(k) for k in CoopKind] == list(range(len(CoopKind)))
