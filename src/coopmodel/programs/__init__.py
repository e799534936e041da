"""coopmodel.programs (see ARCHITECTURE.md)."""

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
from coopmodel.programs._proposal_table import (
    FounderTable,
    ProposalLoadResult,
    ProposalTable,
    RejectedProposals,
)
from coopmodel.programs._working_days import (
    fixed_holidays,
    formation_due_on,
    formation_due_on_array,
    is_working_day,
)

__all__ = [
    "FORMATION_CONDITIONS",
    "FORMATION_FAILED_BITS",
    "FounderTable",
    "ProposalCondition",
    "ProposalConditionResult",
    "ProposalDecision",
    "ProposalLoadResult",
    "ProposalResults",
    "ProposalTable",
    "RejectedProposals",
    "decide_proposal",
    "evaluate_proposals",
    "fixed_holidays",
    "formation_due_on",
    "formation_due_on_array",
    "is_working_day",
    "load_proposals",
]
