"""Every program the library evaluates, in the order of the result columns.

Adding a program touches its own module and one line here.
"""

from __future__ import annotations

from collections.abc import Mapping

from coopmodel.programs import (
    _credit,
    _employment,
    _guarantee,
    _hiring,
    _low_income,
    _premium,
    _top,
)
from coopmodel.programs._spec import ApplicationProgram, CooperativeStep, Output
from coopmodel.records._enums import Program
from coopmodel.rules._conditions import Condition
from coopmodel.rules._status import (
    COMMON,
    is_disabled,
    is_knowledge_based,
    is_low_income,
    is_women,
    is_youth,
    members_on,
)

__all__ = [
    "APPLICATION_COLUMNS",
    "APPLICATION_PROGRAMS",
    "COOPERATIVE_CONDITIONS",
    "COOPERATIVE_OUTPUTS",
    "COOPERATIVE_STEPS",
]


_STATUS: tuple[Output, ...] = (
    Output("members", members_on, "2.1", "Members who count on `on`."),
    Output("is_women", is_women, "2.4", "A women's cooperative on `on`."),
    Output("is_youth", is_youth, "2.4", "A youth cooperative on `on`."),
    Output("is_disabled", is_disabled, "2.4", "A disabled (tavan-yab) cooperative."),
    Output(
        "is_knowledge_based",
        is_knowledge_based,
        "2.4",
        "Holds a knowledge-based certificate valid on `on`.",
    ),
    Output("is_low_income", is_low_income, "2.4", "A low-income cooperative."),
    *(Output(c.code, c.test, c.article, f"{c.code} {c.title_en}.") for c in COMMON),
)

#: Per-cooperative outputs, in column order (after ``coop_id``).
COOPERATIVE_OUTPUTS: tuple[Output, ...] = (
    *_STATUS,
    *_guarantee.COOPERATIVE_OUTPUTS,
    *_premium.COOPERATIVE_OUTPUTS,
    *_low_income.COOPERATIVE_OUTPUTS,
    *_hiring.COOPERATIVE_OUTPUTS,
    *_top.COOPERATIVE_OUTPUTS,
)

#: The conditions whose failed codes fill the per-cooperative ``failed`` column (the
#: guarantee test, Art. 3.1).
COOPERATIVE_CONDITIONS: tuple[Condition, ...] = _guarantee.CONDITIONS

#: Per-cooperative steps across records, run after the outputs.
COOPERATIVE_STEPS: tuple[CooperativeStep, ...] = (
    _hiring.WAGE_SUBSIDY_STEP,
    _top.TOP_STEP,
)

#: The programs that decide applications.
APPLICATION_PROGRAMS: Mapping[Program, ApplicationProgram] = {
    Program.GUARANTEE: _guarantee.GUARANTEE,
    Program.EMPLOYMENT: _employment.EMPLOYMENT,
    Program.CREDIT_KB: _credit.CREDIT_KB,
    Program.CREDIT_WYD: _credit.CREDIT_WYD,
}

#: Per-application amount columns, in order (0 where they do not apply).
APPLICATION_COLUMNS: tuple[str, ...] = (
    "approved",
    "fee",
    "interest_only",
    "installment",
    "subsidy",
    "grant",
    "rank",
    "allocated",
)
