"""Art. 4: employment-linked financing (inclusive employment facilities).

An application is decided on its ``applied_on`` (Art. 0.3). The conditions, the
approved amount, the cooperative's rate and the interest-only payment are rule trees,
exact in whole rials. The 60 equal installments need ``(1 + r)^-60``, which Art. 4.4
computes in float64: that is the program's ``finish`` step over numpy columns, which
the scalar :func:`~coopmodel.decide` runs on columns of length one, so one decision and
a bulk run agree to the rial.

After a decision, :func:`repayment_plan` lists the payments from a disbursement day,
and :func:`clawback` gives the sum repaid when fewer jobs are verified than committed
(Art. 4.5).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

import attrs
import numpy as np

from coopmodel._errors import IntegerOverflowError, ParameterError
from coopmodel.programs._spec import (
    ApplicationDecision,
    ApplicationProgram,
    Output,
    eligibility,
)
from coopmodel.records._enums import Program
from coopmodel.rules._build import (
    all_of,
    application,
    cooperative,
    maximum,
    minimum,
    param,
    rate,
    where,
)
from coopmodel.rules._conditions import Condition
from coopmodel.rules._status import COMMON, is_knowledge_based
from coopmodel.values._calendar import add_months, parse_date
from coopmodel.values._money import (
    INT64_MAX,
    INT64_MIN,
    Rounding,
    checked_add,
    checked_mul,
    checked_sub,
    div_round,
    div_round_array,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from coopmodel._typing import DateArray, Int64Array
    from coopmodel.parameters import ParameterSet
    from coopmodel.rules._expr import Expr
    from coopmodel.values._calendar import DateLike

__all__ = [
    "CONDITIONS",
    "E1",
    "E2",
    "EMPLOYMENT",
    "MONTHLY_RATE_DIVISOR",
    "EmploymentDecision",
    "Payment",
    "annuity_installment",
    "annuity_installment_array",
    "approved",
    "clawback",
    "clawback_due_on",
    "interest_only",
    "market_rate_bp",
    "per_job",
    "rate_bp",
    "repayment_plan",
]

#: A yearly rate in bp over this divisor is the monthly rate: 12 months × 10,000 bp.
MONTHLY_RATE_DIVISOR = 120_000

#: The largest float that converts to int64 is just below 2**63.
_INT64_BOUND = float(2**63)

_jobs = application("jobs_committed").named("jobs committed", "اشتغال تعهدشده")
_requested = application("requested_amount").named("requested amount", "مبلغ درخواستی")
_max_jobs = param("employment.max_jobs").named("most jobs", "حداکثر اشتغال")

E1 = Condition(
    code="E1",
    article="4.1",
    title_en="jobs committed",
    title_fa="اشتغال تعهدشده",
    test=all_of(_jobs >= 1, _jobs <= _max_jobs),
)

E2 = Condition(
    code="E2",
    article="4.1",
    title_en="amount requested",
    title_fa="مبلغ درخواستی",
    test=_requested > 0,
)

#: Art. 4.1: ``C1``-``C4``, ``E1`` and ``E2``.
CONDITIONS: tuple[Condition, ...] = (*COMMON, E1, E2)

_eligible = eligibility(CONDITIONS)

#: Art. 4.2: the per-job amount on ``applied_on``; a less-developed or a border county
#: gets the higher one.
per_job: Expr = where(
    cooperative("less_developed") | cooperative("border"),
    param("employment.per_job.less_developed_or_border"),
    param("employment.per_job.standard"),
).named("per-job amount", "مبلغ به ازای هر شغل")

# The jobs are bounded by E1's maximum before multiplying: equal when eligible, and an
# ineligible row with absurdly many jobs cannot overflow a product it does not use.
_jobs_financed = minimum(_jobs, _max_jobs)

#: Art. 4.3: ``min(requested, per_job · jobs, max_per_project)``, 0 when ineligible.
approved: Expr = where(
    _eligible,
    minimum(
        _requested,
        per_job * _jobs_financed,
        param("employment.max_per_project").named("cap per project", "سقف طرح"),
    ),
    0,
)

#: Art. 4.4: the cooperative's yearly rate in bp: standard or border, less the
#: knowledge-based reduction (Art. 2.4 on ``applied_on``); never below 0.
rate_bp: Expr = maximum(
    0,
    where(
        cooperative("border"),
        param("employment.rate_bp.border"),
        param("employment.rate_bp.standard"),
    )
    - where(is_knowledge_based, param("employment.knowledge_based_reduction_bp"), 0),
)

#: Art. 4.4: the yearly market rate in bp, at which the subsidy is reckoned.
market_rate_bp: Expr = param("employment.market_rate_bp")


def interest_only(yearly_rate_bp: Expr) -> Expr:
    """Return ``ceil(approved · rate_bp / 120,000)``, one interest-only payment."""
    return rate(approved, yearly_rate_bp, Rounding.CEIL, per=MONTHLY_RATE_DIVISOR)


# --- the float64 annuity (Art. 4.4) ----------------------------------------------


def _annuity_factors(rates_bp: Int64Array, months: Int64Array) -> np.ndarray:
    """Return ``(1 + r)^-n`` per row, one Python ``pow`` per distinct (rate, n).

    A power computed once per distinct pair with the C library's ``pow`` is the same
    number whatever the length of the column, so the scalar and the bulk paths cannot
    differ by a vectorised ``power`` kernel's last bit.
    """
    if rates_bp.size == 0:
        return np.zeros(0, dtype=np.float64)
    pairs, inverse = np.unique(
        np.stack([rates_bp, months]), axis=1, return_inverse=True
    )
    factors = np.array(
        [
            (1.0 + float(bp) / MONTHLY_RATE_DIVISOR) ** -int(n)
            for bp, n in pairs.T.tolist()
        ],
        dtype=np.float64,
    )
    return np.asarray(factors[np.asarray(inverse).ravel()], dtype=np.float64)


def annuity_installment_array(
    principal: Int64Array, rate_bp: Int64Array, months: Int64Array
) -> Int64Array:
    """Return the equal monthly installment of each loan (Art. 4.4).

    ``A = ceil((P·r) / (1 − (1+r)^−n))`` with ``r = rate_bp / 120,000``, in float64 and
    in that order. A principal of 0 gives 0; a rate of 0 gives ``ceil(P / n)`` exactly
    (the formula's limit as ``r`` goes to 0). The arrays broadcast together.

    Raises:
        ValueError: A principal or a rate is negative, or ``months`` is below 1.
        IntegerOverflowError: An installment is not finite or leaves int64.

    Examples:
        >>> annuity_installment_array(
        ...     np.array([12_000_000_000, 0, 600]), np.array([1_000, 1_000, 0]), 60
        ... ).tolist()
        [254964537, 0, 10]
    """
    p, bp, n = (
        np.asarray(a, dtype=np.int64)
        for a in np.broadcast_arrays(
            np.asarray(principal), np.asarray(rate_bp), np.asarray(months)
        )
    )
    if (p < 0).any() or (bp < 0).any() or (n < 1).any():
        msg = (
            "annuity installment: principal and rate_bp must be >= 0 and months >= 1,"
            f" received principal min {int(p.min())}, rate_bp min {int(bp.min())},"
            f" months min {int(n.min())}"
        )
        raise ValueError(msg)
    result = np.zeros(p.shape, dtype=np.int64)
    free = (bp == 0) & (p > 0)
    result[free] = div_round_array(p[free], n[free], Rounding.CEIL)
    charged = (bp > 0) & (p > 0)
    r = bp[charged].astype(np.float64) / MONTHLY_RATE_DIVISOR
    numerator = p[charged].astype(np.float64) * r
    denominator = 1.0 - _annuity_factors(bp[charged], n[charged])
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        value = np.ceil(numerator / denominator)
    bad = ~(np.isfinite(value) & (value < _INT64_BOUND))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        msg = (
            f"annuity installment: principal {int(p[charged][i])} at"
            f" {int(bp[charged][i])} bp over {int(n[charged][i])} months gives"
            f" {float(value[i])!r}, which leaves int64"
        )
        raise IntegerOverflowError(msg)
    result[charged] = value.astype(np.int64)
    return result


def annuity_installment(principal: int, rate_bp: int, months: int) -> int:
    """Return the equal monthly installment of one loan (Art. 4.4).

    The same computation as :func:`annuity_installment_array`, on one loan.

    >>> annuity_installment(12_000_000_000, 1_800, 60)
    304721130
    """
    installment = _installment(principal, rate_bp, months)
    if installment is not None:
        return installment
    # the column computation says why there is none
    return int(
        annuity_installment_array(
            np.asarray([principal], dtype=np.int64),
            np.asarray([rate_bp], dtype=np.int64),
            np.asarray([months], dtype=np.int64),
        )[0]
    )


def _installment(principal: int, rate_bp: int, months: int) -> int | None:
    """The annuity of one loan in Python floats, or ``None`` where it is an error.

    Every step is one IEEE-754 double operation, as in the column computation, and the
    power is the same ``pow``: the results are the same numbers.
    """
    p, bp, n = int(principal), int(rate_bp), int(months)
    if p < 0 or bp < 0 or n < 1 or p > INT64_MAX or bp > INT64_MAX or n > INT64_MAX:
        return None
    if p == 0:
        return 0
    if bp == 0:
        return -(-p // n)
    r = float(bp) / MONTHLY_RATE_DIVISOR
    numerator = float(p) * r
    denominator = 1.0 - (1.0 + float(bp) / MONTHLY_RATE_DIVISOR) ** -n
    if denominator == 0.0:
        return None
    value = numerator / denominator
    if not (math.isfinite(value) and math.ceil(value) < _INT64_BOUND):
        return None
    return math.ceil(value)


def _finish_one(
    values: Mapping[str, int | bool], on: dt.date, params: ParameterSet
) -> dict[str, int] | None:
    """:func:`_finish` on one application in Python ints and floats.

    Returns ``None`` where the column computation raises, so that it says why.
    """
    table = params.at(on)
    m = table["employment.interest_only_months"]
    n = table["employment.installment_months"]
    if m < 0 or n < 1:
        return None
    principal = int(values["approved"])
    installment = _installment(principal, int(values["_rate_bp"]), n)
    market_installment = _installment(principal, int(values["_market_rate_bp"]), n)
    if installment is None or market_installment is None:
        return None
    # each step of the columns' checked arithmetic, in exact ints
    first, then = m * int(values["interest_only"]), n * installment
    paid = first + then
    own = paid - principal
    market_first = m * int(values["_market_interest_only"])
    market_then = n * market_installment
    market_paid = market_first + market_then
    market = market_paid - principal
    subsidy = market - own
    lo, hi = INT64_MIN, INT64_MAX
    if not (
        lo <= first <= hi
        and lo <= then <= hi
        and lo <= paid <= hi
        and lo <= own <= hi
        and lo <= market_first <= hi
        and lo <= market_then <= hi
        and lo <= market_paid <= hi
        and lo <= market <= hi
        and lo <= subsidy <= hi
    ):
        return None
    return {"installment": installment, "subsidy": subsidy}


def _months(params: ParameterSet, name: str, on: DateArray, least: int) -> Int64Array:
    months = params.values_at(name, on)
    if (months < least).any():
        msg = f"{name}: must be at least {least} months, is {int(months.min())}"
        raise ParameterError(msg)
    return months


def _total_interest(
    principal: Int64Array,
    interest_only_payment: Int64Array,
    installment: Int64Array,
    interest_only_months: Int64Array,
    installment_months: Int64Array,
) -> Int64Array:
    """Return ``m · interest_only + n · A − P``, exact in int64 (Art. 4.4)."""
    op = "employment total interest"
    payments = checked_add(
        checked_mul(interest_only_months, interest_only_payment, op=op),
        checked_mul(installment_months, installment, op=op),
        op=op,
    )
    return checked_sub(payments, principal, op=op)


def _finish(
    columns: Mapping[str, Int64Array], on: DateArray, params: ParameterSet
) -> dict[str, Int64Array]:
    """Add the installments and the subsidy to the evaluated columns (Art. 4.4)."""
    principal = columns["approved"]
    m = _months(params, "employment.interest_only_months", on, 0)
    n = _months(params, "employment.installment_months", on, 1)
    installment = annuity_installment_array(principal, columns["_rate_bp"], n)
    market_installment = annuity_installment_array(
        principal, columns["_market_rate_bp"], n
    )
    own = _total_interest(principal, columns["interest_only"], installment, m, n)
    market = _total_interest(
        principal, columns["_market_interest_only"], market_installment, m, n
    )
    return {
        "installment": installment,
        "subsidy": checked_sub(market, own, op="employment interest subsidy"),
    }


#: Art. 4: an application for employment-linked financing, decided on its
#: ``applied_on``.
EMPLOYMENT = ApplicationProgram(
    program=Program.EMPLOYMENT,
    article="4",
    title_en="Employment-linked financing",
    title_fa="تسهیلات اشتغال فراگیر",
    conditions=CONDITIONS,
    outputs=(
        Output(
            "approved", approved, "4.3", "min(requested, per_job · jobs, cap), rials."
        ),
        Output(
            "interest_only",
            interest_only(rate_bp),
            "4.4",
            "Each interest-only payment: ceil(P · rate_bp / 120,000), rials.",
        ),
        Output("_rate_bp", rate_bp, "4.4", "The cooperative's yearly rate, bp."),
        Output("_market_rate_bp", market_rate_bp, "4.4", "The market rate, bp."),
        Output(
            "_market_interest_only",
            interest_only(market_rate_bp),
            "4.4",
            "An interest-only payment at the market rate, rials.",
        ),
    ),
    finish=_finish,
    finish_one=_finish_one,
)


# --- after the decision: repayment plan and clawback (Art. 4.4, 4.5) -------------


#: What :func:`repayment_plan` reads of a decision (``coopmodel.Decision`` has it).
EmploymentDecision = ApplicationDecision


@attrs.frozen
class Payment:
    """One monthly payment of a repayment plan (Art. 4.4).

    ``number`` counts from 1; ``due_on`` falls ``number`` Jalali months after the
    disbursement; ``interest_only`` marks the payments before the installments.
    """

    number: int
    due_on: dt.date
    amount: int
    interest_only: bool


def _check_employment(decision: EmploymentDecision, what: str) -> None:
    if decision.program is not Program.EMPLOYMENT:
        shown = None if decision.program is None else decision.program.value
        msg = (
            f"{what}: decision of coop {decision.coop_id} is for program {shown!r},"
            " not 'employment'"
        )
        raise ValueError(msg)


def repayment_plan(
    decision: EmploymentDecision,
    disbursed_on: DateLike,
    *,
    params: ParameterSet | None = None,
) -> tuple[Payment, ...]:
    """Return the payments of an approved loan disbursed on ``disbursed_on``.

    First ``employment.interest_only_months`` interest-only payments, then
    ``employment.installment_months`` installments, both counts looked up on the
    decision's ``applied_on``. Payment ``k`` is due ``k`` Jalali months after
    disbursement, on the same day of the month or the month's last day.

    Raises:
        ValueError: The decision is not an employment decision, or is ineligible.
        InvalidDateError: ``disbursed_on`` cannot be read.
    """
    from coopmodel.parameters import load_parameters  # noqa: PLC0415 - layer below

    _check_employment(decision, "repayment plan")
    if not decision.eligible:
        msg = (
            f"repayment plan: the employment decision of coop {decision.coop_id} is"
            " not eligible; there is no loan to repay"
        )
        raise ValueError(msg)
    params = load_parameters() if params is None else params
    day = parse_date(disbursed_on, field="disbursed_on")
    m = params.value("employment.interest_only_months", decision.on)
    n = params.value("employment.installment_months", decision.on)
    interest = int(decision.amounts["interest_only"])
    installment = int(decision.amounts["installment"])
    return tuple(
        Payment(
            number=k,
            due_on=add_months(day, k),
            amount=interest if k <= m else installment,
            interest_only=k <= m,
        )
        for k in range(1, m + n + 1)
    )


def clawback_due_on(
    decision: EmploymentDecision,
    disbursed_on: DateLike,
    *,
    params: ParameterSet | None = None,
) -> dt.date:
    """Return the day the jobs are verified: ``clawback_after_months`` after disbursal.

    The number of months is looked up on the decision's ``applied_on`` (Art. 4.5).

    Raises:
        ValueError: The decision is not an employment decision.
    """
    from coopmodel.parameters import load_parameters  # noqa: PLC0415 - layer below

    _check_employment(decision, "clawback")
    params = load_parameters() if params is None else params
    months = params.value("employment.clawback_after_months", decision.on)
    return add_months(parse_date(disbursed_on, field="disbursed_on"), months)


def clawback(decision: EmploymentDecision, committed: int, verified: int) -> int:
    """Return what the cooperative repays for jobs not created (Art. 4.5).

    ``floor(P · (committed − verified) / committed)`` when fewer jobs are verified
    than committed, else 0; ``P`` is the approved amount (0 when ineligible). The
    caller counts the verified jobs on :func:`clawback_due_on`.

    Raises:
        ValueError: The decision is not an employment decision, ``committed`` is
            below 1 or ``verified`` is negative.
    """
    _check_employment(decision, "clawback")
    if committed < 1 or verified < 0:
        msg = (
            f"clawback for coop {decision.coop_id}: committed must be >= 1 and"
            f" verified >= 0, received committed={committed!r},"
            f" verified={verified!r}"
        )
        raise ValueError(msg)
    if verified >= committed:
        return 0
    principal = int(decision.amounts["approved"])
    return div_round(principal * (committed - verified), committed, Rounding.FLOOR)
