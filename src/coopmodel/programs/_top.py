"""Art. 7.5: top cooperatives, a score per cooperative and a ranking across them.

Per cooperative, on the run's ``on``, with counted members ``n``, employed members
``e`` (Art. 2.3) and ``equity`` ``q``, every figure a rule tree:

* ``s1 = e · 10,000 // n``, the employed share in basis points;
* ``s2 = min(10,000, q // (n · b))`` with ``b = top.equity_benchmark_per_member //
  10,000``: equity per member against the benchmark, in basis points. With the
  bundled benchmark of 1,000,000,000 rials, ``b = 100,000`` and ``s2`` is the
  rulebook's ``min(10,000, q // (n · 100,000))`` exactly;
* ``s3 = 10,000`` when ``last_assembly_on`` is in the fiscal year of ``on``, else 0;
* ``score = (w1 · s1 + w2 · s2 + w3 · s3) // (w1 + w2 + w3)`` with the weights
  ``top.weight.*``: the rulebook's ``// 10`` with the bundled weights 5, 3, 2.

Only cooperatives with ``C1``-``C4`` are scored; the others score 0 and are not
ranked. The ranking orders the scored cooperatives by score (highest first), then by
more members, then by the smaller ``coop_id``: the first ``top.national_count`` get
``national_rank`` 1, 2, ...; in each province the first ``top.province_count`` get
``province_rank`` 1, 2, ...; every other cooperative has rank 0 (null in Arrow). The
ranking reads the whole register, so it is a
:class:`~coopmodel.programs._spec.CooperativeStep` across cooperatives, run in bulk;
:func:`score` and :func:`rank_reference` are the scalar reference, one cooperative's
score with its parts, and a plain sort of several.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import attrs
import numpy as np

from coopmodel.programs._spec import CooperativeStep, Output, eligibility
from coopmodel.records._provinces import Province
from coopmodel.rules._build import (
    ON,
    coalesce,
    cooperative,
    count_members,
    div,
    fiscal_year,
    minimum,
    param,
    where,
)
from coopmodel.rules._conditions import format_value
from coopmodel.rules._scalar import ScalarContext, evaluate_scalar
from coopmodel.rules._status import COMMON, is_employed, members_on
from coopmodel.values._calendar import format_jalali, parse_date
from coopmodel.values._digits import to_persian_digits
from coopmodel.values._money import Rounding

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Mapping

    from coopmodel._typing import BoolArray, DateArray, Int64Array
    from coopmodel.parameters import ParameterSet
    from coopmodel.records import Cooperative
    from coopmodel.register import Register
    from coopmodel.rules._conditions import Condition, ConditionResult, Language
    from coopmodel.rules._expr import Expr
    from coopmodel.values._calendar import DateLike

__all__ = [
    "BASIS",
    "CONDITIONS",
    "COOPERATIVE_OUTPUTS",
    "TOP_STEP",
    "Score",
    "TopList",
    "employed_members",
    "employment_score",
    "equity_score",
    "governance_score",
    "rank_reference",
    "rank_top",
    "score",
    "top_eligible",
    "top_score",
]

#: 10,000 basis points: a full part of the score.
BASIS = 10_000

#: Art. 7.5: the cooperatives scored and ranked have ``C1``-``C4`` on ``on``.
CONDITIONS: tuple[Condition, ...] = COMMON

#: Art. 7.5: ``C1``-``C4`` hold on ``on``.
top_eligible: Expr = eligibility(CONDITIONS)

#: Art. 2.3, 7.5: ``e``, the members employed on ``on``.
employed_members: Expr = count_members(is_employed).named(
    "employed members", "اعضای شاغل"
)

_equity = cooperative("equity").named("equity", "سرمایه")

#: Rials of equity per member that are worth one basis point of ``s2``.
_benchmark_per_bp = div(
    param("top.equity_benchmark_per_member"), BASIS, Rounding.FLOOR
).named("benchmark per basis point", "معیار هر واحد")

#: Art. 7.5: ``s1 = e · 10,000 // n`` (0 without counted members).
employment_score: Expr = coalesce(
    div(employed_members * BASIS, members_on, Rounding.FLOOR), 0
).named("s1 employment", "امتیاز اشتغال")

#: Art. 7.5: ``s2 = min(10,000, q // (n · benchmark / 10,000))`` (0 without members).
equity_score: Expr = minimum(
    BASIS,
    coalesce(div(_equity, members_on * _benchmark_per_bp, Rounding.FLOOR), 0),
).named("s2 equity", "امتیاز سرمایه")

#: Art. 7.5: ``s3 = 10,000`` when the last assembly is in the fiscal year of ``on``.
governance_score: Expr = where(
    fiscal_year(cooperative("last_assembly_on")).eq(fiscal_year(ON)), BASIS, 0
).named("s3 governance", "امتیاز مجمع")

_WEIGHTS = ("top.weight.employment", "top.weight.equity", "top.weight.governance")

_weighted = (
    param(_WEIGHTS[0]) * employment_score
    + param(_WEIGHTS[1]) * equity_score
    + param(_WEIGHTS[2]) * governance_score
)
_weight_sum = param(_WEIGHTS[0]) + param(_WEIGHTS[1]) + param(_WEIGHTS[2])

#: Art. 7.5: the score, ``(w1·s1 + w2·s2 + w3·s3) // (w1 + w2 + w3)``, 0 unless
#: ``C1``-``C4`` hold (and 0 if the weights sum to 0 or less).
top_score: Expr = where(
    top_eligible, coalesce(div(_weighted, _weight_sum, Rounding.FLOOR), 0), 0
).named("score", "امتیاز")

#: Per-cooperative outputs of Art. 7.5; the internal one feeds the ranking step.
COOPERATIVE_OUTPUTS: tuple[Output, ...] = (
    Output("_top_eligible", top_eligible, "7.5", "C1-C4 hold: scored and ranked."),
    Output(
        "score",
        top_score,
        "7.5",
        "Top-cooperatives score in basis points (0 unless C1-C4 hold).",
    ),
)


# --------------------------------------------------------------------- bulk step


def _sort_order(keys: tuple[Int64Array, ...]) -> Int64Array:
    """Return ``np.lexsort(keys)`` (last key primary), with one sort when it can.

    When the keys' ranges multiply to less than 2**63, each row's keys pack into
    one int64 that orders as the tuple does; a stable sort of it then equals the
    stable ``lexsort``.
    """
    if not keys[0].size:
        return np.lexsort(keys)
    lows = [int(key.min()) for key in keys]
    spans = [int(key.max()) - low + 1 for key, low in zip(keys, lows, strict=True)]
    if math.prod(spans) >= 2**63:
        return np.lexsort(keys)
    packed = np.zeros(keys[0].shape, dtype=np.int64)
    for key, low, span in reversed(list(zip(keys, lows, spans, strict=True))):
        packed *= span
        packed += key - low
    # Distinct packed keys (coop_id is unique) leave nothing for stability to
    # decide: any sort gives the stable order. Ties fall back to a stable sort.
    order: Int64Array = np.argsort(packed)
    ordered = packed[order]
    if np.any(ordered[1:] == ordered[:-1]):
        order = np.argsort(packed, kind="stable")
    return order


def rank_top(
    scores: Int64Array,
    members: Int64Array,
    coop_ids: Int64Array,
    provinces: Int64Array,
    eligible: BoolArray,
    *,
    national_count: int,
    province_count: int,
) -> tuple[Int64Array, Int64Array]:
    """Rank cooperatives nationally and within their provinces (Art. 7.5).

    The eligible rows are ordered by score descending, then members descending,
    then ``coop_id`` ascending (a total order: ``coop_id`` is unique). The first
    ``national_count`` get national ranks 1, 2, ...; within each province the first
    ``province_count`` get province ranks 1, 2, .... Rank 0 means none. One
    ``lexsort`` by province; a row's place in its province is its position minus
    the position where its province's run starts; the national list is sorted
    from the rows placed within its length in their provinces.

    Args:
        scores: Per cooperative, its score.
        members: Per cooperative, its counted members.
        coop_ids: Per cooperative, its ``coop_id`` as a number.
        provinces: Per cooperative, its province code.
        eligible: Per cooperative, whether it is ranked at all.
        national_count: How many the national list holds.
        province_count: How many each province's list holds.

    Returns:
        ``(national_rank, province_rank)``, one value per cooperative.

    Examples:
        >>> national, province = rank_top(
        ...     np.array([900, 900, 700, 950]), np.array([9, 12, 30, 7]),
        ...     np.array([11, 22, 33, 44]), np.array([0, 1, 0, 0]),
        ...     np.array([True, True, True, False]),
        ...     national_count=2, province_count=1,
        ... )
        >>> national.tolist(), province.tolist()
        ([2, 1, 0, 0], [1, 1, 0, 0])
    """
    n = len(scores)
    rows = np.flatnonzero(np.asarray(eligible, dtype=bool))
    score = np.asarray(scores, dtype=np.int64)[rows]
    size = np.asarray(members, dtype=np.int64)[rows]
    ids = np.asarray(coop_ids, dtype=np.int64)[rows]
    province = np.asarray(provinces, dtype=np.int64)[rows]

    province_rank = np.zeros(n, dtype=np.int64)
    order = _sort_order((ids, -size, -score, province))
    grouped = province[order]
    place = np.arange(len(order)) - np.searchsorted(grouped, grouped, side="left") + 1
    kept = place <= province_count
    province_rank[rows[order[kept]]] = place[kept]

    # A row among the first k nationally has fewer than k better rows in all, so
    # fewer than k in its province: the national list is drawn from the rows
    # placed k or better in their provinces, a few hundred rather than all.
    national_rank = np.zeros(n, dtype=np.int64)
    count = max(national_count, 0)
    near = order[place <= count]
    top = near[_sort_order((ids[near], -size[near], -score[near]))][:count]
    national_rank[rows[top]] = np.arange(1, len(top) + 1, dtype=np.int64)
    return national_rank, province_rank


def _counts_on(params: ParameterSet, on_days: DateArray) -> tuple[int, int]:
    """Return the national and province list sizes on the run's one day."""
    days = np.asarray(on_days, dtype="datetime64[D]")
    if (days != days[0]).any():
        msg = "top cooperatives: a ranking across cooperatives needs one `on` day"
        raise ValueError(msg)
    first = days[:1]
    return (
        int(params.values_at("top.national_count", first)[0]),
        int(params.values_at("top.province_count", first)[0]),
    )


def _run_top(
    register: Register,
    columns: Mapping[str, np.ndarray],
    on_days: DateArray,
    params: ParameterSet,
) -> dict[str, np.ndarray]:
    """Rank the scored cooperatives of the register, nationally and by province."""
    n = register.n_cooperatives
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return {"national_rank": empty, "province_rank": empty.copy()}
    national_count, province_count = _counts_on(params, on_days)
    national_rank, province_rank = rank_top(
        np.asarray(columns["score"], dtype=np.int64),
        np.asarray(columns["members"], dtype=np.int64),
        register.cooperatives.coop_id,
        register.cooperatives.province.astype(np.int64),
        np.asarray(columns["_top_eligible"], dtype=bool),
        national_count=national_count,
        province_count=province_count,
    )
    return {"national_rank": national_rank, "province_rank": province_rank}


#: Art. 7.5: the national and provincial top lists, across cooperatives, in bulk;
#: the two rank columns follow ``score``.
TOP_STEP = CooperativeStep(
    name="top",
    article="7.5",
    run=_run_top,
    across_cooperatives=True,
    after="score",
)


# --------------------------------------------------------------- scalar reference


@attrs.frozen
class Score:
    """One cooperative's Art. 7.5 score on ``on``, with the figures behind it.

    ``n``, ``e`` and ``q`` are the counted members, the employed members and the
    equity; ``s1``, ``s2``, ``s3`` are the parts in basis points, shown whether or
    not the cooperative is eligible (``benchmark_per_bp`` is the equity per member
    worth one basis point of ``s2``); ``score`` is 0 unless ``C1``-``C4`` hold
    (``results``), and only then is the cooperative ranked.
    """

    coop_id: str
    province: Province
    on: dt.date
    results: tuple[ConditionResult, ...]
    n: int
    e: int
    q: int
    s1: int
    s2: int
    s3: int
    benchmark_per_bp: int
    weights: tuple[int, int, int]
    score: int

    @property
    def eligible(self) -> bool:
        """Return whether ``C1``-``C4`` hold: the cooperative is ranked."""
        return all(r.passed for r in self.results)

    @property
    def failed(self) -> tuple[str, ...]:
        """Return the codes of the failed conditions."""
        return tuple(r.code for r in self.results if not r.passed)

    @property
    def explanation(self) -> str:
        """Return :meth:`explain` in English."""
        return self.explain("en")

    def explain(self, lang: Language = "en") -> str:
        """Render the verdict, ``C1``-``C4`` with their values, and the arithmetic."""
        date = format_jalali(self.on, digits="latin" if lang == "en" else "persian")
        w1, w2, w3 = self.weights

        def v(value: int) -> str:
            return format_value(value, lang)

        held = self.s3 > 0
        if lang == "en":
            verdict = "ranked" if self.eligible else "not ranked, score 0"
            head = f"top cooperatives for coop {self.coop_id} on {date}: {verdict}"
            assembly = "an" if held else "no"
            total = f"{w1} × {v(self.s1)} + {w2} × {v(self.s2)} + {w3} × {v(self.s3)}"
            parts = [
                (
                    f"  s1 = employed {v(self.e)} × 10,000 // members {v(self.n)}"
                    f" = {v(self.s1)}"
                ),
                (
                    f"  s2 = min(10,000, equity {v(self.q)} // (members {v(self.n)}"
                    f" × {v(self.benchmark_per_bp)})) = {v(self.s2)}"
                ),
                f"  s3 = {v(self.s3)}: {assembly} assembly in the fiscal year of on",
                f"  score = ({total}) // {w1 + w2 + w3} = {v(self.score)}",
            ]
        else:
            verdict = "رتبه‌بندی می‌شود" if self.eligible else "رتبه‌بندی نمی‌شود"
            head = f"تعاونی‌های برتر، تعاونی {self.coop_id} در {date}: {verdict}"
            weights = to_persian_digits(f"{w1}، {w2}، {w3}")
            assembly = "مجمع در سال مالی" if held else "بدون مجمع در سال مالی"
            parts = [
                f"  امتیاز اشتغال = {v(self.s1)} (شاغل {v(self.e)} از {v(self.n)})",
                f"  امتیاز سرمایه = {v(self.s2)} (سرمایه {v(self.q)})",
                f"  امتیاز مجمع = {v(self.s3)} ({assembly})",
                f"  امتیاز = {v(self.score)} (وزن‌ها {weights})",
            ]
        lines = [r.render(lang) for r in self.results]
        return "\n".join([head, *lines, *parts])


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"a top-cooperatives figure evaluated to {value!r}"  # pragma: no cover
        raise TypeError(msg)  # pragma: no cover
    return value


def score(
    cooperative: Cooperative,
    *,
    on: DateLike,
    params: ParameterSet | None = None,
) -> Score:
    """Score one cooperative under Art. 7.5 on ``on``, with its parts explained.

    The scalar interpreter evaluates the same rule trees as the bulk ``score``
    column, so ``score(c, on=d).score`` is that column's value for ``c``.

    Args:
        cooperative: The cooperative with its members.
        on: The evaluation date (any form of Art. 0.2).
        params: The parameters; the bundled ones when ``None``.

    Returns:
        The score, its parts and ``C1``-``C4`` with their values.
    """
    from coopmodel.parameters import load_parameters  # noqa: PLC0415 - lazy load

    params = load_parameters() if params is None else params
    day = parse_date(on, field="on")
    context = ScalarContext(cooperative=cooperative, on=day, params=params)

    def figure(expr: Expr) -> int:
        return _int(evaluate_scalar(expr, context))

    w1, w2, w3 = (params.value(name, day) for name in _WEIGHTS)
    return Score(
        coop_id=cooperative.coop_id,
        province=cooperative.province,
        on=day,
        results=tuple(c.evaluate(context) for c in CONDITIONS),
        n=figure(members_on),
        e=figure(employed_members),
        q=cooperative.equity,
        s1=figure(employment_score),
        s2=figure(equity_score),
        s3=figure(governance_score),
        benchmark_per_bp=figure(_benchmark_per_bp),
        weights=(w1, w2, w3),
        score=figure(top_score),
    )


@attrs.frozen
class TopList:
    """The national top list and each province's, as ``coop_id`` s, first first.

    A province with no ranked cooperative is absent from ``provinces``.
    """

    national: tuple[str, ...]
    provinces: Mapping[Province, tuple[str, ...]]

    def national_rank(self, coop_id: str) -> int:
        """Return the cooperative's national rank, 0 when it has none."""
        return _place(self.national, coop_id)

    def province_rank(self, coop_id: str, province: Province) -> int:
        """Return the cooperative's rank in its province, 0 when it has none."""
        return _place(self.provinces.get(province, ()), coop_id)


def _place(ranked: tuple[str, ...], coop_id: str) -> int:
    return ranked.index(coop_id) + 1 if coop_id in ranked else 0


def rank_reference(
    scores: Iterable[Score], *, params: ParameterSet | None = None
) -> TopList:
    """Rank scored cooperatives by a plain sort: the reference of the bulk ranking.

    Eligible cooperatives are sorted by ``(-score, -n, coop_id)`` (11-digit
    ``coop_id`` strings sort as their numbers); the national list takes the first
    ``top.national_count``, each province's the first ``top.province_count`` of its
    own, both looked up at the scores' ``on``.

    Args:
        scores: One :class:`Score` per cooperative, all on the same ``on``.
        params: The parameters; the bundled ones when ``None``.

    Returns:
        The national and provincial top lists.

    Raises:
        ValueError: The scores are not all on the same day.
    """
    from coopmodel.parameters import load_parameters  # noqa: PLC0415 - lazy load

    given = list(scores)
    days = {s.on for s in given}
    if len(days) > 1:
        msg = f"rank_reference: scores on {len(days)} different days, not one"
        raise ValueError(msg)
    if not given:
        return TopList(national=(), provinces={})
    params = load_parameters() if params is None else params
    (day,) = days
    national_count = params.value("top.national_count", day)
    province_count = params.value("top.province_count", day)
    ranked = sorted(
        (s for s in given if s.eligible), key=lambda s: (-s.score, -s.n, s.coop_id)
    )
    provinces: dict[Province, list[str]] = {}
    for s in ranked:
        provinces.setdefault(s.province, []).append(s.coop_id)
    return TopList(
        national=tuple(s.coop_id for s in ranked[: max(national_count, 0)]),
        provinces={
            p: tuple(ids[: max(province_count, 0)])
            for p, ids in sorted(provinces.items())
            if province_count > 0
        },
    )
