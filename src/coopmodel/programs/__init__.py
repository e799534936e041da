"""The programs of the rulebook, each declared as rules (Art. 3-7).

Per-cooperative and per-application results come from :func:`coopmodel.evaluate` and
:func:`coopmodel.decide`; this package adds each program's own scalar calls (repayment
plans, member premiums, hires, formation proposals, credit-line allocation, the
top cooperatives' scores) and its conditions.
"""

from coopmodel.programs._credit import (
    CREDIT_KB,
    CREDIT_WYD,
    JOBS_SCALE,
    L1,
    L2,
    L3,
    Allocation,
    CreditDecision,
    RankingKeys,
    allocate_reference,
    envelope,
    jobs_per_grant,
)
from coopmodel.programs._credit import allocate as allocate_credit
from coopmodel.programs._employment import (
    E1,
    E2,
    Payment,
    annuity_installment,
    annuity_installment_array,
    clawback,
    clawback_due_on,
    repayment_plan,
)
from coopmodel.programs._formation import (
    FORMATION_CONDITIONS,
    FORMATION_FAILED_BITS,
    ProposalCondition,
    ProposalConditionResult,
    ProposalDecision,
    ProposalResults,
    decide_proposal,
    evaluate_proposals,
    load_proposals,
)
from coopmodel.programs._guarantee import G1
from coopmodel.programs._hiring import Hire, HireReason, hires
from coopmodel.programs._premium import (
    D1,
    D2,
    DiscountDecision,
    MemberPremium,
    decide_discount,
    member_premiums,
)
from coopmodel.programs._proposal_table import (
    FounderTable,
    ProposalLoadResult,
    ProposalTable,
    RejectedProposals,
)
from coopmodel.programs._top import (
    Score,
    TopList,
    rank_reference,
    rank_top,
    score,
    top_score,
)
from coopmodel.programs._working_days import (
    fixed_holidays,
    formation_due_on,
    formation_due_on_array,
    is_working_day,
)

__all__ = [
    "CREDIT_KB",
    "CREDIT_WYD",
    "D1",
    "D2",
    "E1",
    "E2",
    "FORMATION_CONDITIONS",
    "FORMATION_FAILED_BITS",
    "G1",
    "JOBS_SCALE",
    "L1",
    "L2",
    "L3",
    "Allocation",
    "CreditDecision",
    "DiscountDecision",
    "FounderTable",
    "Hire",
    "HireReason",
    "MemberPremium",
    "Payment",
    "ProposalCondition",
    "ProposalConditionResult",
    "ProposalDecision",
    "ProposalLoadResult",
    "ProposalResults",
    "ProposalTable",
    "RankingKeys",
    "RejectedProposals",
    "Score",
    "TopList",
    "allocate_credit",
    "allocate_reference",
    "annuity_installment",
    "annuity_installment_array",
    "clawback",
    "clawback_due_on",
    "decide_discount",
    "decide_proposal",
    "envelope",
    "evaluate_proposals",
    "fixed_holidays",
    "formation_due_on",
    "formation_due_on_array",
    "hires",
    "is_working_day",
    "jobs_per_grant",
    "load_proposals",
    "member_premiums",
    "rank_reference",
    "rank_top",
    "repayment_plan",
    "score",
    "top_score",
]
