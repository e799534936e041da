"""Formation proposals and their founders (Art. 7.4).

A :class:`Proposal` asks to form a cooperative: its ``kind``, ``province``,
``applied_on``, ``subscribed_equity``, ``paid_equity`` and its founders. A
:class:`Founder` is a member record without a cooperative: the fields of a person
(``national_code``, ``gender``, ``birth_date``, ``disabled``, ``income_decile``,
``education``), not those of a membership (``joined_on``, ``left_on``,
``employed_since``, ``insured_wage``), which only exist once the cooperative does.

Both are frozen pydantic models that refuse unknown fields, and ``from_data`` raises
:class:`~coopmodel.InvalidRecordError` with one line per problem, as the register's
records do::

    founder 2 of proposal 'P-7': birth_date='1399-07-31' is not a valid date: ...

Choices where the rulebook is silent:

* A founder's ``national_code`` is read (8 to 10 digits, ASCII, Persian or
  Arabic-Indic; 8 or 9 digits are left-padded) and normalised, but its check digit is
  **not** tested and repeated codes are **not** refused: Art. 7.4 makes both a
  decision outcome (``F2`` fails), not bad input.
* ``paid_equity`` above ``subscribed_equity`` is refused: paid-in capital is a part of
  the subscribed capital.
* ``proposal_id`` is optional text (a whole number is read as its decimal digits);
  it names the proposal in messages and links its founders in the bulk tables.
* ``founders`` defaults to none (such a proposal fails ``F1``).
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Annotated, ClassVar, Self

from pydantic import BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from coopmodel.records._enums import CoopKind, Gender
from coopmodel.records._models import (
    _Day,
    _Decile,
    _Education,
    _Flag,
    _id_text,
    _member_of,
    _problem_at,
    _Record,
    _refusal,
    _refuse_together,
    _Rials,
    _show,
)
from coopmodel.records._provinces import Province
from coopmodel.values._calendar import DateLike, age_in_years, parse_date
from coopmodel.values._ids import normalize_national_code

__all__ = ["Founder", "Proposal"]

_NATIONAL_CODE_PATTERN = r"^[0-9]{10}$"


def _founder_national_code(value: object) -> str:
    text = _id_text(value)
    try:
        return normalize_national_code(text)
    except ValueError:
        reason = "is not a 10-digit national code (8 or 9 digits are left-padded)"
        raise _refusal("id_format", reason) from None


def _proposal_id(value: object) -> str:
    if isinstance(value, bool):
        raise _refusal("id_type", "is not text or a whole number")
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if not isinstance(value, str):
        raise _refusal("id_type", "is not text or a whole number")
    if not value.strip():
        raise _refusal("blank", "is blank")
    return value


def _optional_proposal_id(value: object) -> str | None:
    return None if value is None else _proposal_id(value)


_FounderNationalCode = Annotated[
    str,
    Field(
        pattern=_NATIONAL_CODE_PATTERN,
        description=(
            "10-digit national code (8 or 9 digits left-padded); its check digit is "
            "tested by F2, not on input (Art. 7.4)."
        ),
    ),
    BeforeValidator(_founder_national_code),
]


class Founder(_Record):
    """A founder of a proposed cooperative: a member record without a cooperative.

    Examples:
        >>> founder = Founder.from_data({
        ...     "national_code": "499370899", "gender": "female",
        ...     "birth_date": "1378/12/26", "disabled": False,
        ... })
        >>> founder.national_code, founder.age("1399-12-25"), founder.age("1399-12-26")
        ('0499370899', 20, 21)

        A code that fails its check digit is kept; ``F2`` judges it:

        >>> Founder.from_data({
        ...     "national_code": "4271427685", "gender": "male",
        ...     "birth_date": "1370-01-01", "disabled": False,
        ... }).national_code
        '4271427685'
    """

    _noun: ClassVar[str] = "founder"

    national_code: _FounderNationalCode
    gender: Annotated[
        Gender,
        Field(description="The founder's gender."),
        BeforeValidator(_member_of(Gender, "gender")),
    ]
    birth_date: Annotated[_Day, Field(description="Day of birth.")]
    disabled: Annotated[_Flag, Field(description="Holds a disability card.")]
    income_decile: Annotated[
        _Decile | None,
        Field(description="Household income decile, 1 (poorest) to 10."),
    ] = None
    education: Annotated[
        _Education | None, Field(description="Highest education completed.")
    ] = None

    @classmethod
    def _label(cls, data: Mapping[str, object]) -> str:
        try:
            return f"founder {_founder_national_code(data.get('national_code'))}"
        except PydanticCustomError:
            return "founder"

    def age(self, on: DateLike) -> int:
        """Return the founder's age on ``on`` in full Jalali years (Art. 2.2)."""
        return age_in_years(self.birth_date, parse_date(on, field="on"))


class Proposal(_Record):
    """A proposal to form a cooperative, with its founders (Art. 7.4).

    Examples:
        >>> proposal = Proposal.from_data({
        ...     "proposal_id": "P-7", "kind": "agriculture", "province": "golestan",
        ...     "applied_on": "1399-12-25", "subscribed_equity": 300_000_000,
        ...     "paid_equity": "100000000", "founders": [],
        ... })
        >>> proposal.applied_on, proposal.paid_equity, proposal.founders
        (datetime.date(2021, 3, 15), 100000000, ())
    """

    _noun: ClassVar[str] = "proposal"

    proposal_id: Annotated[
        str | None,
        Field(
            min_length=1,
            description="The proposal's identifier; links founders in bulk tables.",
        ),
        BeforeValidator(_optional_proposal_id),
    ] = None
    kind: Annotated[
        CoopKind,
        Field(description="Kind of the cooperative to form; it sets the F1 minimum."),
        BeforeValidator(_member_of(CoopKind, "kind")),
    ]
    province: Annotated[
        Province,
        Field(description="Province of the cooperative to form."),
        BeforeValidator(_member_of(Province, "province")),
    ]
    applied_on: Annotated[_Day, Field(description="Day the proposal was filed.")]
    subscribed_equity: Annotated[
        _Rials, Field(description="Capital the founders subscribe, rials.")
    ]
    paid_equity: Annotated[
        _Rials, Field(description="Capital paid before registration, rials.")
    ]
    founders: Annotated[
        tuple[Founder, ...],
        Field(description="The founders; F2 tests their national codes."),
    ] = ()

    @classmethod
    def _label(cls, data: Mapping[str, object]) -> str:
        raw = data.get("proposal_id")
        if raw is None:
            return "proposal"
        try:
            return f"proposal {_proposal_id(raw)!r}"
        except PydanticCustomError:
            return f"proposal {_show(raw)}"

    @classmethod
    def _labelled(
        cls, loc: tuple[str | int, ...], data: Mapping[str, object]
    ) -> tuple[str, str, tuple[str | int, ...]]:
        label = cls._label(data)
        if len(loc) >= 2 and loc[0] == "founders" and isinstance(loc[1], int):
            return f"founder {loc[1]} of {label}", "founder", loc[2:]
        return label, cls._noun, loc

    @model_validator(mode="after")
    def _check_equity(self) -> Self:
        if self.paid_equity > self.subscribed_equity:
            reason = (
                f"is more than subscribed_equity={self.subscribed_equity}; "
                "paid capital is part of the subscribed capital"
            )
            problem = _problem_at(
                ("paid_equity",), self.paid_equity, "equity_order", reason
            )
            _refuse_together("Proposal", [problem])
        return self
