"""Art. 7.4 formation agreements: the decision on a proposal, one or a table.

A proposal is approved when ``F1``-``F4`` hold, each evaluated on its ``applied_on``
with the parameters in force that day (Art. 0.3):

* ``F1``: founders ≥ ``quorum.min_members.<kind>`` (the ``C2`` minimum);
* ``F2``: every founder's national code is valid (Art. 1.5) and no two are equal;
* ``F3``: every founder is aged ≥ ``formation.min_founder_age_years`` (Art. 2.2);
* ``F4``: ``paid_equity · denominator ≥ subscribed_equity · numerator`` with
  ``formation.min_paid_share.numerator/denominator`` (1/3: ``3 · paid ≥ subscribed``).

The decision is due on the n-th working day after ``applied_on`` (see
:mod:`._working_days`).

Why not rule trees: the algebra reads cooperatives, members and applications; a
proposal is none of these, and ``F2`` (check digits, repeats among founders) and
``F4`` (two equity fields a cooperative lacks) have no node. Mapping proposals onto a
register would need new columns and a check-digit node for one program. So the four
tests are written twice, plainly: :func:`decide_proposal` on one record in Python
integers (with explanations), :func:`evaluate_proposals` on a
:class:`~coopmodel.programs.ProposalTable` in numpy; a property test proves them
equal row by row. Products that leave int64 raise
:class:`~coopmodel.IntegerOverflowError` in both (Art. 0.1). A proposal without
founders passes ``F2`` and ``F3`` (nothing to refuse) and fails ``F1``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

import attrs
import numpy as np

from coopmodel._errors import BulkLoadError, RowProblem
from coopmodel.programs._proposal_table import ProposalLoadResult, ProposalTable
from coopmodel.programs._working_days import (
    WORKING_DAYS,
    formation_due_on,
    formation_due_on_array,
)
from coopmodel.records._enums import CoopKind
from coopmodel.records._proposal import Proposal
from coopmodel.rules._conditions import Language, format_value
from coopmodel.values._calendar import age_in_years, age_in_years_array
from coopmodel.values._digits import to_persian_digits
from coopmodel.values._ids import is_valid_national_code, valid_national_codes
from coopmodel.values._money import check_int64, checked_mul

if TYPE_CHECKING:
    import os

    import pyarrow as pa

    from coopmodel._typing import BoolArray, Int64Array
    from coopmodel.parameters import ParameterSet

__all__ = [
    "FORMATION_CONDITIONS",
    "FORMATION_FAILED_BITS",
    "ProposalCondition",
    "ProposalConditionResult",
    "ProposalDecision",
    "ProposalResults",
    "decide_proposal",
    "evaluate_proposals",
    "load_proposals",
]

MIN_AGE = "formation.min_founder_age_years"
PAID_NUMERATOR = "formation.min_paid_share.numerator"
PAID_DENOMINATOR = "formation.min_paid_share.denominator"
QUORUM = "quorum.min_members"

#: The bit of each code in a ``failed`` mask: its position in
#: ``coopmodel.decisions.CODES`` (a test keeps the two equal).
FORMATION_FAILED_BITS: Mapping[str, int] = {
    "F1": 1 << 12,
    "F2": 1 << 13,
    "F3": 1 << 14,
    "F4": 1 << 15,
}

_KINDS = tuple(CoopKind)
_WORDS: dict[str, tuple[str, str]] = {
    "passed": ("passed", "برقرار"),
    "failed": ("failed", "برقرار نیست"),
    "art": ("Art.", "ماده"),
    "and": ("; ", "؛ "),
}


def _word(key: str, lang: Language) -> str:
    en, fa = _WORDS[key]
    return en if lang == "en" else fa


def _digits(text: str, lang: Language) -> str:
    return text if lang == "en" else to_persian_digits(text)


def _at_least(holds: bool) -> str:
    return "≥" if holds else "<"


@attrs.frozen
class ProposalCondition:
    """One condition of Art. 7.4: its stable code, article and titles."""

    code: str
    article: str
    title_en: str
    title_fa: str

    def title(self, lang: Language = "en") -> str:
        """Return the title in English or Persian."""
        return self.title_en if lang == "en" else self.title_fa


F1 = ProposalCondition("F1", "7.4", "enough founders", "حد نصاب بنیان‌گذاران")
F2 = ProposalCondition(
    "F2", "7.4", "valid, distinct national codes", "کد ملی معتبر و یکتای بنیان‌گذاران"
)
F3 = ProposalCondition("F3", "7.4", "founders of age", "سن بنیان‌گذاران")
F4 = ProposalCondition("F4", "7.4", "paid share of equity", "سهم پرداخت‌شده از سرمایه")
#: The conditions of a formation decision, in order.
FORMATION_CONDITIONS: tuple[ProposalCondition, ...] = (F1, F2, F3, F4)


@attrs.frozen
class ProposalConditionResult:
    """Whether a condition passed on one proposal, and the values that decided it."""

    condition: ProposalCondition
    passed: bool
    detail_en: str
    detail_fa: str

    @property
    def code(self) -> str:
        """Return the condition's code."""
        return self.condition.code

    def render(self, lang: Language = "en") -> str:
        """Render as ``F1 enough founders: founders 5 < ... 7 (Art. 7.4) — failed``."""
        c = self.condition
        detail = self.detail_en if lang == "en" else self.detail_fa
        cite = f"({_word('art', lang)} {_digits(c.article, lang)})"
        verdict = _word("passed" if self.passed else "failed", lang)
        return f"{c.code} {c.title(lang)}: {detail} {cite} — {verdict}"


@attrs.frozen
class ProposalDecision:
    """The decision on one proposal: its conditions explained, and its due day."""

    proposal_id: str | None
    applied_on: dt.date
    working_days: int
    due_on: dt.date
    results: tuple[ProposalConditionResult, ...]

    @property
    def eligible(self) -> bool:
        """Return whether every condition passed (the proposal is approved)."""
        return all(r.passed for r in self.results)

    @property
    def failed(self) -> tuple[str, ...]:
        """Return the codes of the failed conditions, in order."""
        return tuple(r.code for r in self.results if not r.passed)

    def render(self, lang: Language = "en") -> str:
        """Render one line per condition, then the due day."""
        due, applied = (
            format_value(self.due_on, lang),
            format_value(self.applied_on, lang),
        )
        days = format_value(self.working_days, lang)
        if lang == "en":
            line = (
                f"decision due on {due}, working day {days} after {applied} (Art. 7.4)"
            )
        else:
            line = (
                f"مهلت تصمیم: {due}، روز کاری {days} پس از {applied} "
                f"({_word('art', lang)} {_digits('7.4', lang)})"
            )
        return "\n".join([*(r.render(lang) for r in self.results), line])


# --------------------------------------------------------------------------- scalar


def _f1(proposal: Proposal, params: ParameterSet) -> ProposalConditionResult:
    kind = proposal.kind.value
    minimum = params.value(f"{QUORUM}.{kind}", proposal.applied_on)
    count = len(proposal.founders)
    holds = count >= minimum
    sign = _at_least(holds)
    return ProposalConditionResult(
        F1,
        holds,
        f"founders {count} {sign} least members for kind {kind} {minimum}",
        f"بنیان‌گذاران {format_value(count, 'fa')} {sign} حداقل اعضای نوع {kind} "
        f"{format_value(minimum, 'fa')}",
    )


def _f2(proposal: Proposal) -> ProposalConditionResult:
    codes = [founder.national_code for founder in proposal.founders]
    invalid = list(dict.fromkeys(c for c in codes if not is_valid_national_code(c)))
    repeated = [code for code, times in Counter(codes).items() if times > 1]
    holds = not invalid and not repeated

    def detail(lang: Language) -> str:
        if holds:
            count = format_value(len(codes), lang)
            if lang == "en":
                return f"all {count} national codes valid and distinct"
            return f"هر {count} کد ملی معتبر و یکتا"
        labels = ("invalid", "repeated") if lang == "en" else ("نامعتبر", "تکراری")
        separator = ", " if lang == "en" else "، "
        parts = [
            f"{label}: {separator.join(_digits(code, lang) for code in found)}"
            for label, found in zip(labels, (invalid, repeated), strict=True)
            if found
        ]
        return _word("and", lang).join(parts)

    return ProposalConditionResult(F2, holds, detail("en"), detail("fa"))


def _f3(proposal: Proposal, params: ParameterSet) -> ProposalConditionResult:
    day = proposal.applied_on
    minimum = params.value(MIN_AGE, day)
    ages = [
        (f.national_code, age_in_years(f.birth_date, day)) for f in proposal.founders
    ]
    under = [(code, age) for code, age in ages if age < minimum]
    holds = not under

    def detail(lang: Language) -> str:
        on, least = format_value(day, lang), format_value(minimum, lang)
        if under:
            shown = ", " if lang == "en" else "، "
            aged = "aged {}" if lang == "en" else "({} سال)"
            listed = shown.join(
                f"{_digits(code, lang)} {aged.format(format_value(age, lang))}"
                for code, age in under
            )
            if lang == "en":
                return f"under {least} on {on}: {listed}"
            return f"زیر {least} سال در {on}: {listed}"
        if not ages:
            return "no founders" if lang == "en" else "بنیان‌گذاری ثبت نشده"
        youngest = format_value(min(age for _, age in ages), lang)
        if lang == "en":
            return f"youngest founder {youngest} ≥ {least} on {on}"
        return f"جوان‌ترین بنیان‌گذار {youngest} ≥ {least} در {on}"

    return ProposalConditionResult(F3, holds, detail("en"), detail("fa"))


def _f4(proposal: Proposal, params: ParameterSet) -> ProposalConditionResult:
    day = proposal.applied_on
    numerator = params.value(PAID_NUMERATOR, day)
    denominator = params.value(PAID_DENOMINATOR, day)
    paid = check_int64(
        proposal.paid_equity * denominator, op="F4: paid_equity × denominator"
    )
    owed = check_int64(
        proposal.subscribed_equity * numerator, op="F4: subscribed_equity × numerator"
    )
    holds = paid >= owed
    sign = _at_least(holds)

    def detail(lang: Language) -> str:
        left = (
            f"{format_value(proposal.paid_equity, lang)} × "
            f"{format_value(denominator, lang)}"
        )
        right = (
            f"{format_value(proposal.subscribed_equity, lang)} × "
            f"{format_value(numerator, lang)}"
        )
        if lang == "en":
            return f"paid_equity {left} {sign} subscribed_equity {right}"
        return f"سرمایه پرداخت‌شده {left} {sign} سرمایه تعهدشده {right}"

    return ProposalConditionResult(F4, holds, detail("en"), detail("fa"))


def _parameters(params: ParameterSet | None) -> ParameterSet:
    from coopmodel.parameters import load_parameters  # noqa: PLC0415 - layer below

    return load_parameters() if params is None else params


def decide_proposal(
    proposal: Proposal, *, params: ParameterSet | None = None
) -> ProposalDecision:
    """Decide one formation proposal on its ``applied_on`` (Art. 7.4).

    Args:
        proposal: The proposal, with its founders.
        params: The parameters (default: the bundled ones).

    Returns:
        The decision: each condition with the values that decided it (English and
        Persian), and the day the decision is due.

    Raises:
        ParameterLookupError: When ``applied_on`` is before the parameters' first
            values.
        IntegerOverflowError: When an equity product of ``F4`` leaves int64.

    Examples:
        >>> founder = {"gender": "male", "birth_date": "1370-01-01", "disabled": False}
        >>> proposal = Proposal.from_data({
        ...     "kind": "agriculture", "province": "golestan",
        ...     "applied_on": "1399-12-25", "subscribed_equity": 300_000_000,
        ...     "paid_equity": 99_999_999,
        ...     "founders": [{**founder, "national_code": "0499370899"}] * 2,
        ... })
        >>> decision = decide_proposal(proposal)
        >>> decision.eligible, decision.failed, str(decision.due_on)
        (False, ('F1', 'F2', 'F4'), '2021-03-31')
    """
    parameters = _parameters(params)
    day = proposal.applied_on
    return ProposalDecision(
        proposal_id=proposal.proposal_id,
        applied_on=day,
        working_days=parameters.value(WORKING_DAYS, day),
        due_on=formation_due_on(day, params=parameters),
        results=(
            _f1(proposal, parameters),
            _f2(proposal),
            _f3(proposal, parameters),
            _f4(proposal, parameters),
        ),
    )


# --------------------------------------------------------------------------- bulk


@attrs.frozen(eq=False)
class ProposalResults:
    """The decisions on a table of proposals, one row per proposal, in its order.

    ``columns`` holds ``proposal_id`` (text), ``eligible`` (bool), ``failed`` (a
    ``uint32`` mask; bit ``FORMATION_FAILED_BITS[code]``, as in
    ``coopmodel.decisions.CODES``) and ``due_on`` (``datetime64[D]``).
    """

    columns: Mapping[str, np.ndarray]

    def __len__(self) -> int:
        """Return the number of proposals."""
        return len(self.columns["eligible"])

    def failed_codes(self, row: int) -> tuple[str, ...]:
        """Return the failed codes of one row, in order."""
        mask = int(self.columns["failed"][row])
        return tuple(code for code, bit in FORMATION_FAILED_BITS.items() if mask & bit)

    def to_arrow(self) -> pa.Table:
        """Return the results as an Arrow table; ``failed`` is a list of codes."""
        import pyarrow as pa  # noqa: PLC0415 - pyarrow loads when used

        failed = [list(self.failed_codes(row)) for row in range(len(self))]
        return pa.table(
            {
                "proposal_id": pa.array(
                    self.columns["proposal_id"].tolist(), pa.string()
                ),
                "eligible": pa.array(self.columns["eligible"], pa.bool_()),
                "failed": pa.array(failed, pa.list_(pa.string())),
                "due_on": pa.array(self.columns["due_on"], pa.date32()),
            }
        )

    def write_parquet(self, path: str | os.PathLike[str]) -> Path:
        """Write :meth:`to_arrow` to a Parquet file and return its path.

        The command line writes it as ``proposals.parquet`` beside the register's
        result tables.
        """
        import pyarrow.parquet as pq  # noqa: PLC0415 - pyarrow loads when used

        target = Path(path)
        pq.write_table(self.to_arrow(), target)
        return target


@overload
def load_proposals(
    *,
    proposals: str | os.PathLike[str],
    founders: str | os.PathLike[str] | None,
    skip_bad_rows: Literal[False] = False,
) -> ProposalTable: ...


@overload
def load_proposals(
    *,
    proposals: str | os.PathLike[str],
    founders: str | os.PathLike[str] | None,
    skip_bad_rows: Literal[True],
) -> ProposalLoadResult: ...


@overload
def load_proposals(
    *,
    proposals: str | os.PathLike[str],
    founders: str | os.PathLike[str] | None,
    skip_bad_rows: bool,
) -> ProposalTable | ProposalLoadResult: ...


def load_proposals(
    *,
    proposals: str | os.PathLike[str],
    founders: str | os.PathLike[str] | None,
    skip_bad_rows: bool = False,
) -> ProposalTable | ProposalLoadResult:
    """Read proposal and founder files: CSV when both end in ``.csv``, else Parquet.

    Args:
        proposals: The proposals file.
        founders: The founders file; required (a proposal is decided on its
            founders), ``None`` is refused as an absent table.
        skip_bad_rows: As in :meth:`ProposalTable.from_arrow`.

    Returns:
        The table, or with ``skip_bad_rows`` the table and the rejected rows.

    Raises:
        BulkLoadError: Listing every bad row, or the absent founders table.
    """
    if founders is None:
        reason = "is required with proposals: a proposal is decided on its founders"
        raise BulkLoadError((RowProblem("founders", -1, "founders", reason),))
    is_csv = all(Path(p).suffix.lower() == ".csv" for p in (proposals, founders))
    if is_csv:
        return ProposalTable.from_csv(proposals, founders, skip_bad_rows=skip_bad_rows)
    return ProposalTable.from_parquet(proposals, founders, skip_bad_rows=skip_bad_rows)


def _quorum(table: ProposalTable, params: ParameterSet) -> Int64Array:
    minimum = np.zeros(len(table), dtype=np.int64)
    for code in np.unique(table.kind).tolist():
        rows = table.kind == code
        name = f"{QUORUM}.{_KINDS[code].value}"
        minimum[rows] = params.values_at(name, table.applied_on[rows])
    return minimum


def _count_per_proposal(table: ProposalTable, founder_mask: BoolArray) -> Int64Array:
    index = table.founders.proposal_index[founder_mask]
    return np.bincount(index, minlength=len(table)).astype(np.int64)


def _repeated(table: ProposalTable) -> BoolArray:
    """Return, per founder, whether an earlier founder of its proposal has its code."""
    founders = table.founders
    order = np.lexsort((founders.national_code, founders.proposal_index))
    index = founders.proposal_index[order]
    codes = founders.national_code[order]
    same = (index[1:] == index[:-1]) & (codes[1:] == codes[:-1])
    repeated = np.zeros(len(founders), dtype=np.bool_)
    repeated[order[1:]] = same
    return repeated


def evaluate_proposals(
    table: ProposalTable | Iterable[Proposal], *, params: ParameterSet | None = None
) -> ProposalResults:
    """Decide every proposal of a table, each on its ``applied_on`` (Art. 7.4).

    Row ``i`` equals :func:`decide_proposal` on proposal ``i``.

    Args:
        table: The proposals, as a table or as records.
        params: The parameters (default: the bundled ones).

    Returns:
        One row per proposal: ``proposal_id``, ``eligible``, ``failed``, ``due_on``.

    Raises:
        ParameterLookupError: When an ``applied_on`` is before the parameters'
            first values.
        IntegerOverflowError: When an equity product of ``F4`` leaves int64.

    Examples:
        >>> results = evaluate_proposals([])
        >>> len(results), results.to_arrow().column_names
        (0, ['proposal_id', 'eligible', 'failed', 'due_on'])
    """
    parameters = _parameters(params)
    proposals = (
        table if isinstance(table, ProposalTable) else ProposalTable.from_records(table)
    )
    applied = proposals.applied_on
    founders = proposals.founders
    index = founders.proposal_index
    f1 = proposals.founder_counts() >= _quorum(proposals, parameters)
    invalid = ~valid_national_codes(founders.national_code)
    f2 = (_count_per_proposal(proposals, invalid | _repeated(proposals))) == 0
    ages = age_in_years_array(founders.birth_date, applied[index])
    least = parameters.values_at(MIN_AGE, applied)
    f3 = _count_per_proposal(proposals, ages < least[index]) == 0
    paid = checked_mul(
        proposals.paid_equity,
        parameters.values_at(PAID_DENOMINATOR, applied),
        op="F4: paid_equity × denominator",
    )
    owed = checked_mul(
        proposals.subscribed_equity,
        parameters.values_at(PAID_NUMERATOR, applied),
        op="F4: subscribed_equity × numerator",
    )
    f4 = paid >= owed
    failed = np.zeros(len(proposals), dtype=np.uint32)
    for code, holds in zip(FORMATION_FAILED_BITS, (f1, f2, f3, f4), strict=True):
        failed |= np.where(holds, 0, FORMATION_FAILED_BITS[code]).astype(np.uint32)
    return ProposalResults(
        columns={
            "proposal_id": proposals.proposal_id,
            "eligible": failed == 0,
            "failed": failed,
            "due_on": formation_due_on_array(applied, params=parameters),
        }
    )
