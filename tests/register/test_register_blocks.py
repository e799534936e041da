"""Bulk runs by blocks of cooperatives equal runs over the whole register."""

from __future__ import annotations

import attrs
import numpy as np
import pytest

from coopmodel import IntegerOverflowError, evaluate, load_parameters
from coopmodel.decisions import default_threads
from coopmodel.decisions._evaluate import MAX_DEFAULT_THREADS
from coopmodel.register import _tables
from coopmodel.register._tables import cooperative_blocks, register_block
from coopmodel.synthetic import generate

ON = "1399-06-15"


def test_blocks_cover_the_cooperatives_in_order():
    """Blocks are consecutive, non-empty and end on cooperative boundaries."""
    offsets = np.array([0, 3, 5, 9, 10, 10, 10])
    assert cooperative_blocks(offsets, 4) == [(0, 2), (2, 3), (3, 6)]
    assert cooperative_blocks(offsets, 100) == [(0, 6)]
    assert cooperative_blocks(np.zeros(1, dtype=np.int64), 4) == [(0, 0)]


def test_a_block_is_the_selected_sub_register():
    """register_block equals Register.select on the same rows (no applications)."""
    register = generate(300, seed=2)
    block = register_block(register, 40, 90)
    selected = register.select(np.arange(40, 90))
    for table in ("cooperatives", "members"):
        mine, theirs = getattr(block, table), getattr(selected, table)
        for field in attrs.fields(type(mine)):
            assert (
                getattr(mine, field.name).tolist()
                == getattr(theirs, field.name).tolist()
            )
    assert np.array_equal(block.member_offsets, selected.member_offsets)
    assert block.n_applications == 0
    block.check_structure()


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_evaluate_by_blocks_equals_the_whole_run(monkeypatch, threads):
    """Every result column is the same with blocks of 500 members or one block.

    Blocks evaluated on several threads are collected in order.
    """
    register = generate(3000, seed=3)
    params = load_parameters()
    whole = evaluate(register, on=ON, params=params, threads=1)
    monkeypatch.setattr(_tables, "BLOCK_MEMBERS", 500)
    assert len(cooperative_blocks(register.member_offsets)) > 10
    blocked = evaluate(register, on=ON, params=params, threads=threads)
    for table in ("cooperatives", "applications"):
        mine, theirs = getattr(blocked, table), getattr(whole, table)
        assert list(mine) == list(theirs)
        for name in mine:
            assert mine[name].dtype == theirs[name].dtype
            assert np.array_equal(mine[name], theirs[name]), name


@pytest.mark.parametrize("threads", [1, 2])
def test_an_error_in_a_block_is_reported_as_by_the_whole_run(monkeypatch, threads):
    """An overflow names its index and count over the register, blocks or not."""
    register = generate(3000, seed=3)
    equity = register.cooperatives.equity.copy()
    equity[[2500, 2900]] = 2**62
    register = attrs.evolve(
        register,
        cooperatives=attrs.evolve(register.cooperatives, equity=equity),
    )
    with pytest.raises(IntegerOverflowError) as whole:
        evaluate(register, on=ON)
    monkeypatch.setattr(_tables, "BLOCK_MEMBERS", 500)
    with pytest.raises(IntegerOverflowError) as blocked:
        evaluate(register, on=ON, threads=threads)
    assert str(blocked.value) == str(whole.value)
    assert "at index 2500" in str(whole.value)


@pytest.mark.parametrize("threads", [0, -2, 1.5, True, "2"])
def test_threads_must_be_a_whole_number_of_at_least_one(threads):
    """A bad ``threads`` is refused before any work, naming the argument."""
    with pytest.raises(ValueError, match="threads must be a whole number >= 1"):
        evaluate(generate(10, seed=1), on=ON, threads=threads)


def test_the_default_threads_come_from_the_environment(monkeypatch):
    """COOPMODEL_THREADS sets the default; a bad value is refused by name."""
    monkeypatch.setenv("COOPMODEL_THREADS", "3")
    assert default_threads() == 3
    monkeypatch.setenv("COOPMODEL_THREADS", "many")
    with pytest.raises(ValueError, match="COOPMODEL_THREADS"):
        default_threads()
    monkeypatch.delenv("COOPMODEL_THREADS")
    assert 1 <= default_threads() <= MAX_DEFAULT_THREADS
