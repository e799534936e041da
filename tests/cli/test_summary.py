"""The summary tables of `coopmodel run`, checked against the results they summarise."""

from __future__ import annotations

import numpy as np

from coopmodel import evaluate, load_parameters
from coopmodel._summary import summary_tables
from coopmodel.synthetic import generate

ON = "1399-06-15"


def test_top_table_lists_the_national_ranking_best_first() -> None:
    """Rows are the cooperatives ranked 1..k nationally, scores never rising."""
    register = generate(3_000, seed=5)
    params = load_parameters()
    results = evaluate(register, on=ON, params=params)
    tables = {
        t.title.split(" (")[0]: t for t in summary_tables(register, results, params)
    }
    table = tables["Top cooperatives, national list"]
    coops = results.cooperatives
    ranked = np.flatnonzero(coops["national_rank"] > 0)
    assert len(table.rows) == len(ranked) > 0
    assert [row[0] for row in table.rows] == [str(k) for k in range(1, len(ranked) + 1)]
    by_id = {f"{int(coops['coop_id'][i]):011d}": i for i in ranked}
    assert set(by_id) == {row[1] for row in table.rows}
    scores = [int(coops["score"][by_id[row[1]]]) for row in table.rows]
    assert scores == sorted(scores, reverse=True)
    assert [row[4] for row in table.rows] == [f"{s:,}" for s in scores]
    assert f"{np.count_nonzero(coops['province_rank'] > 0):,} ranked in provinces" in (
        next(t.title for t in tables.values() if t.title.startswith("Top"))
    )
