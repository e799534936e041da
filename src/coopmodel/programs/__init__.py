"""The programs of the rulebook, each declared as rules (Art. 3-7).

Per-cooperative and per-application results come from :func:`coopmodel.evaluate` and
:func:`coopmodel.decide`; this package adds each program's own scalar calls (repayment
plans, member premiums, hires, formation proposals, credit-line allocation, the
top cooperatives' scores) and its conditions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coopmodel._lazy import attach

if TYPE_CHECKING:
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

#: Where each public name lives: its module is imported when the name is first read.
_EXPORTS = {
    "CREDIT_KB": "coopmodel.programs._credit",
    "CREDIT_WYD": "coopmodel.programs._credit",
    "JOBS_SCALE": "coopmodel.programs._credit",
    "L1": "coopmodel.programs._credit",
    "L2": "coopmodel.programs._credit",
    "L3": "coopmodel.programs._credit",
    "Allocation": "coopmodel.programs._credit",
    "CreditDecision": "coopmodel.programs._credit",
    "RankingKeys": "coopmodel.programs._credit",
    "allocate_reference": "coopmodel.programs._credit",
    "envelope": "coopmodel.programs._credit",
    "jobs_per_grant": "coopmodel.programs._credit",
    "allocate_credit": "coopmodel.programs._credit:allocate",
    "E1": "coopmodel.programs._employment",
    "E2": "coopmodel.programs._employment",
    "Payment": "coopmodel.programs._employment",
    "annuity_installment": "coopmodel.programs._employment",
    "annuity_installment_array": "coopmodel.programs._employment",
    "clawback": "coopmodel.programs._employment",
    "clawback_due_on": "coopmodel.programs._employment",
    "repayment_plan": "coopmodel.programs._employment",
    "FORMATION_CONDITIONS": "coopmodel.programs._formation",
    "FORMATION_FAILED_BITS": "coopmodel.programs._formation",
    "ProposalCondition": "coopmodel.programs._formation",
    "ProposalConditionResult": "coopmodel.programs._formation",
    "ProposalDecision": "coopmodel.programs._formation",
    "ProposalResults": "coopmodel.programs._formation",
    "decide_proposal": "coopmodel.programs._formation",
    "evaluate_proposals": "coopmodel.programs._formation",
    "load_proposals": "coopmodel.programs._formation",
    "G1": "coopmodel.programs._guarantee",
    "Hire": "coopmodel.programs._hiring",
    "HireReason": "coopmodel.programs._hiring",
    "hires": "coopmodel.programs._hiring",
    "D1": "coopmodel.programs._premium",
    "D2": "coopmodel.programs._premium",
    "DiscountDecision": "coopmodel.programs._premium",
    "MemberPremium": "coopmodel.programs._premium",
    "decide_discount": "coopmodel.programs._premium",
    "member_premiums": "coopmodel.programs._premium",
    "FounderTable": "coopmodel.programs._proposal_table",
    "ProposalLoadResult": "coopmodel.programs._proposal_table",
    "ProposalTable": "coopmodel.programs._proposal_table",
    "RejectedProposals": "coopmodel.programs._proposal_table",
    "Score": "coopmodel.programs._top",
    "TopList": "coopmodel.programs._top",
    "rank_reference": "coopmodel.programs._top",
    "rank_top": "coopmodel.programs._top",
    "score": "coopmodel.programs._top",
    "top_score": "coopmodel.programs._top",
    "fixed_holidays": "coopmodel.programs._working_days",
    "formation_due_on": "coopmodel.programs._working_days",
    "formation_due_on_array": "coopmodel.programs._working_days",
    "is_working_day": "coopmodel.programs._working_days",
}

__getattr__, __dir__ = attach(__name__, _EXPORTS)

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
