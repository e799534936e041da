from __future__ import annotations

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from register_helpers import registers

from coopmodel.register import MemberTable, Register
from coopmodel.register._tables import field_dtype, offsets_from_coop_index


@given(registers(max_coops=6))
def test_offsets_and_coop_index_agree(drawn) -> None:
    """Offsets start at 0, never fall, end at the member count and match coop_index."""
    coops, apps = drawn
    register = Register.from_records(coops, apps)
    offsets = register.member_offsets
    assert offsets[0] == 0
    assert offsets[-1] == register.n_members
    assert np.all(np.diff(offsets) >= 0)
    assert np.diff(offsets).tolist() == [len(c.members) for c in coops]
    for row in range(register.n_cooperatives):
        start, stop = offsets[row], offsets[row + 1]
        assert np.all(register.members.coop_index[start:stop] == row)
    assert register.member_counts().tolist() == [len(c.members) for c in coops]
    register.check_structure()


@given(registers(max_coops=6), st.data())
def test_select_keeps_the_chosen_cooperatives_with_their_members(drawn, data) -> None:
    """A selection equals the register of the chosen records, in the chosen order."""
    coops, apps = drawn
    register = Register.from_records(coops, apps)
    rows = data.draw(st.permutations(range(len(coops))))
    rows = rows[: data.draw(st.integers(0, len(rows)))]
    chosen = register.select(np.array(rows, dtype=np.int64))
    chosen.check_structure()
    wanted = tuple(coops[i] for i in rows)
    ids = {c.coop_id for c in wanted}
    assert chosen.to_records() == (wanted, tuple(a for a in apps if a.coop_id in ids))


@given(registers(max_coops=6), st.data())
def test_concat_of_selections_gives_both_parts_in_order(drawn, data) -> None:
    """Concatenating two disjoint selections gives the records of both, in order."""
    coops, apps = drawn
    register = Register.from_records(coops, apps)
    split = data.draw(st.integers(0, len(coops)))
    first = register.select(np.arange(split))
    second = register.select(np.arange(split, len(coops)))
    joined = Register.concat([first, second])
    joined.check_structure()
    coops_back, apps_back = joined.to_records()
    assert coops_back == coops
    first_ids = {c.coop_id for c in coops[:split]}
    assert apps_back == tuple(
        [a for a in apps if a.coop_id in first_ids]
        + [a for a in apps if a.coop_id not in first_ids]
    )


@given(registers(max_coops=6), st.lists(st.integers(0, 10**11 - 1), max_size=5))
def test_coop_index_of_finds_each_row_or_minus_one(drawn, others) -> None:
    """coop_index_of agrees with a dictionary lookup; unknown ids give -1."""
    coops, _ = drawn
    register = Register.from_records(coops)
    rows = {int(c.coop_id): i for i, c in enumerate(coops)}
    wanted = [int(c.coop_id) for c in reversed(coops)] + others
    found = register.coop_index_of(np.array(wanted, dtype=np.int64))
    assert found.dtype == np.int32
    assert found.tolist() == [rows.get(w, -1) for w in wanted]


def test_select_refuses_rows_out_of_range() -> None:
    """Selecting a row out of range is refused; selecting none gives nothing."""
    register = Register.empty()
    with pytest.raises(IndexError, match=r"0\.\.-1"):
        register.select(np.array([0]))
    assert register.select(np.array([], dtype=np.int64)).n_cooperatives == 0


@given(registers(max_coops=3))
def test_select_refuses_a_repeated_row(drawn) -> None:
    """Selecting a cooperative twice is refused."""
    coops, apps = drawn
    register = Register.from_records(coops, apps)
    if not coops:
        return
    with pytest.raises(ValueError, match="repeat"):
        register.select(np.array([0, 0]))
    with pytest.raises(TypeError, match="integers"):
        register.select(np.array([0.0]))


@given(registers(max_coops=3))
def test_concat_refuses_a_coop_id_in_two_registers(drawn) -> None:
    """The same cooperative in two registers is refused."""
    coops, apps = drawn
    if not coops:
        return
    register = Register.from_records(coops, apps)
    with pytest.raises(ValueError, match=coops[0].coop_id):
        Register.concat([register, register.select(np.array([0]))])


def test_concat_of_nothing_is_empty() -> None:
    """Concatenating no registers gives an empty register."""
    register = Register.concat([])
    register.check_structure()
    assert register.n_cooperatives == 0


@given(registers(max_coops=3, max_members=3))
def test_check_structure_finds_broken_invariants(drawn) -> None:
    """check_structure refuses broken offsets, coop_index and dtypes."""
    coops, apps = drawn
    register = Register.from_records(coops, apps)
    if register.n_members:
        shifted = attrs.evolve(register, member_offsets=register.member_offsets + 1)
        with pytest.raises(ValueError, match="member_offsets"):
            shifted.check_structure()
        members = attrs.evolve(
            register.members,
            coop_index=register.members.coop_index.astype(np.int64),
        )
        with pytest.raises(ValueError, match="coop_index: dtype int64"):
            attrs.evolve(register, members=members).check_structure()
    if register.n_cooperatives:
        cooperatives = attrs.evolve(
            register.cooperatives,
            coop_id=np.repeat(
                register.cooperatives.coop_id[:1], register.n_cooperatives
            ),
        )
        broken = attrs.evolve(register, cooperatives=cooperatives)
        if register.n_cooperatives > 1:
            with pytest.raises(ValueError, match="coop_id appears twice"):
                broken.check_structure()


def test_field_dtype_and_offsets_helpers() -> None:
    """field_dtype follows the contract; offsets come from a sorted coop_index."""
    assert field_dtype(MemberTable, "income_decile") == np.int8
    assert field_dtype(MemberTable, "insured_wage") == np.int64
    with pytest.raises(KeyError, match="no column"):
        field_dtype(MemberTable, "coop_id")
    offsets = offsets_from_coop_index(np.array([1, 1, 3], dtype=np.int32), 5)
    assert offsets.tolist() == [0, 0, 2, 2, 3, 3]
