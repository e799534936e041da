"""The records that cross the boundary: cooperatives, members, applications (Art. 1).

Each record is a frozen pydantic model that refuses unknown fields; its field names are
the rulebook's. Every bad input of Art. 1.6 that one record can show is refused here,
so a record that exists is a valid record. ``from_data`` is the documented entry for
raw data: it raises :class:`~coopmodel.InvalidRecordError` with one line per problem,
each naming the record, the field, the value received and the reason::

    member 3 of coop 10380284790: national_code='0012345678' fails its check digit

Members are numbered from 0, as in the input list. The plain constructor and
``model_validate`` refuse the same inputs with pydantic's own ``ValidationError``.

Choices where the rulebook is silent:

* Whole numbers (money, ``jobs_committed``, ``income_decile``, ``guarantee_days``)
  accept an ``int`` (numpy integers too) or a string of digits only (ASCII, Persian or
  Arabic-Indic, with an optional leading ``-``): ``"1200000"`` is read as 1,200,000.
  A ``bool``, a ``float`` (even ``1.0``) and text such as ``"1,200,000"`` or
  ``"12.0"`` are refused; read amounts written by people with ``parse_amount``.
* Money is at most 2**63 - 1 rials (the int64 of bulk evaluation, Art. 0.1);
  ``jobs_committed`` at most 2**31 - 1.
* Booleans are ``true`` or ``false`` only (no ``0``/``1``, no ``"yes"``).
* Enums take their rulebook spelling exactly (no case folding).
* Dates lie in 1300-01-01..1500-12-29 (Jalali), the range on which the vectorised
  calendar is proven equal to ``jdatetime`` (Art. 0.2). JSON holds them as ISO
  Gregorian days; input takes every form of Art. 0.2.
* ``left_on`` may equal ``joined_on`` (the member never counts); before it is refused.
* ``kb_certified_until`` before ``kb_certified_from`` is refused; either may be set
  alone (the cooperative is then not knowledge-based, Art. 2.4).
* ``guarantee_kind`` and ``guarantee_days`` are required when ``program`` is
  ``guarantee`` and refused for every other program.
* ``members`` defaults to no members.
* The rules across records (a duplicate ``coop_id``, a second application of a
  cooperative to a program, an application of an unknown cooperative) are checked by
  :func:`check_cooperatives` and :func:`check_applications`.
"""

from __future__ import annotations

import datetime as dt
import numbers
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import Annotated, ClassVar, Self, TypeVar

import jdatetime
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

from coopmodel._errors import InvalidRecordError
from coopmodel.records._enums import (
    CoopKind,
    Education,
    Gender,
    GuaranteeKind,
    Program,
    Status,
)
from coopmodel.records._provinces import Province
from coopmodel.values._calendar import DateLike, age_in_years, parse_date, to_jalali
from coopmodel.values._digits import to_ascii_digits
from coopmodel.values._ids import (
    is_valid_coop_id,
    is_valid_national_code,
    normalize_coop_id,
    normalize_national_code,
)

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "MAX_GUARANTEE_DAYS",
    "MAX_RIALS",
    "Application",
    "Cooperative",
    "Member",
    "check_applications",
    "check_cooperatives",
]

#: The largest amount a record holds: the int64 limit of bulk evaluation (Art. 0.1).
MAX_RIALS = 2**63 - 1
#: The longest guarantee, in days (Art. 1.3).
MAX_GUARANTEE_DAYS = 1095
#: The first day a record may hold: 1300-01-01 (Jalali).
FIRST_DAY = dt.date(1921, 3, 21)
#: The last day a record may hold: 1500-12-29 (Jalali).
LAST_DAY = dt.date(2122, 3, 20)
_MAX_INT32 = 2**31 - 1
_SHOWN_CHARS = 80

_E = TypeVar("_E", bound=StrEnum)


# --- fields


def _refusal(error_type: str, reason: str) -> PydanticCustomError:
    # The reason goes through the context so that braces in it are not a template.
    return PydanticCustomError(error_type, "{reason}", {"reason": reason})


def _type_name(value: object) -> str:
    return type(value).__name__


def _read_whole_number(value: object) -> int:
    if isinstance(value, bool):
        raise _refusal("whole_number", "is a bool, not a whole number")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, str):
        text = to_ascii_digits(value)
        digits = text.removeprefix("-")
        if digits.isascii() and digits.isdigit():
            return int(text)
        raise _refusal("whole_number", "is not a whole number written in digits")
    if isinstance(value, float):
        raise _refusal("whole_number", "is a float, not a whole number (int)")
    raise _refusal("whole_number", "is not a whole number")


def _whole_number(
    low: int, high: int, *, below: str, above: str
) -> Callable[[object], int]:
    def check(value: object) -> int:
        number = _read_whole_number(value)
        if number < low:
            raise _refusal("too_small", below)
        if number > high:
            raise _refusal("too_large", above)
        return number

    return check


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise _refusal("bool", "is not true or false")


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise _refusal("text", "is not text")
    return value


def _name(value: object) -> str:
    text = _text(value)
    if not text.strip():
        raise _refusal("blank", "is blank")
    return text


def _member_of(enum_type: type[_E], noun: str) -> Callable[[object], _E]:
    expected = ", ".join(member.value for member in enum_type)

    def check(value: object) -> _E:
        if isinstance(value, enum_type):
            return value
        if isinstance(value, str):
            try:
                return enum_type(value)
            except ValueError:
                pass
        reason = f"is not a known {noun} (expected one of: {expected})"
        raise _refusal("unknown_value", reason)

    return check


def _id_text(value: object) -> str | int:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise _refusal("id_type", "is not text or a whole number")
    if isinstance(value, numbers.Integral):
        return int(value)
    raise _refusal("id_type", "is not text or a whole number")


def _national_code(value: object) -> str:
    text = _id_text(value)
    try:
        code = normalize_national_code(text)
    except ValueError:
        reason = "is not a 10-digit national code (8 or 9 digits are left-padded)"
        raise _refusal("id_format", reason) from None
    if is_valid_national_code(code):
        return code
    if len(set(code)) == 1:
        raise _refusal("id_format", "has ten equal digits")
    if code[3:9] == "000000":
        raise _refusal("id_format", "has its 4th to 9th digits all zero")
    raise _refusal("check_digit", "fails its check digit")


def _coop_id(value: object) -> str:
    text = _id_text(value)
    try:
        coop_id = normalize_coop_id(text)
    except ValueError:
        raise _refusal("id_format", "is not an 11-digit coop_id") from None
    if not is_valid_coop_id(coop_id):
        raise _refusal("check_digit", "fails its check digit")
    return coop_id


def _day(value: object, info: ValidationInfo) -> dt.date:
    if isinstance(value, dt.datetime):
        raise _refusal("date_type", "is a datetime, not a calendar day")
    if not isinstance(value, str | dt.date | jdatetime.date):
        raise _refusal("date_type", "is not a date")
    field = info.field_name or "date"
    try:
        day = parse_date(value, field=field)
    except ValueError as err:
        # parse_date names the field and value; the message line does that already.
        detail = str(err).removeprefix(f"{field}={value!r}: ")
        raise _refusal("invalid_date", f"is not a valid date: {detail}") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        reason = "is outside the supported days 1300-01-01..1500-12-29 (Jalali)"
        raise _refusal("date_range", reason)
    return day


_NATIONAL_CODE_PATTERN = r"^[0-9]{10}$"
_COOP_ID_PATTERN = r"^[0-9]{11}$"

_Rials = Annotated[
    int,
    Field(ge=0, le=MAX_RIALS),
    BeforeValidator(
        _whole_number(
            0,
            MAX_RIALS,
            below="is negative; amounts are whole rials >= 0",
            above=f"is more than {MAX_RIALS} rials, the int64 limit",
        )
    ),
]
_Day = Annotated[dt.date, BeforeValidator(_day)]
_Flag = Annotated[bool, BeforeValidator(_flag)]
_CoopId = Annotated[str, Field(pattern=_COOP_ID_PATTERN), BeforeValidator(_coop_id)]
_Decile = Annotated[
    int,
    Field(ge=1, le=10),
    BeforeValidator(
        _whole_number(
            1, 10, below="must be between 1 and 10", above="must be between 1 and 10"
        )
    ),
]
_GuaranteeDays = Annotated[
    int,
    Field(ge=1, le=MAX_GUARANTEE_DAYS),
    BeforeValidator(
        _whole_number(
            1,
            MAX_GUARANTEE_DAYS,
            below=f"must be between 1 and {MAX_GUARANTEE_DAYS}",
            above=f"must be between 1 and {MAX_GUARANTEE_DAYS}",
        )
    ),
]
_Education = Annotated[Education, BeforeValidator(_member_of(Education, "education"))]
_GuaranteeKind = Annotated[
    GuaranteeKind, BeforeValidator(_member_of(GuaranteeKind, "guarantee kind"))
]
_County = Annotated[str, BeforeValidator(_text)]


# --- messages


def _show(value: object) -> str:
    if isinstance(value, StrEnum):
        return repr(value.value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"{to_jalali(value)} ({value.isoformat()})"
    shown = repr(value)
    if len(shown) > _SHOWN_CHARS:
        shown = shown[: _SHOWN_CHARS - 3] + "..."
    return shown


def _reason(error: ErrorDetails) -> str:
    message = error["msg"]
    for prefix in ("Value error, ", "Input "):
        message = message.removeprefix(prefix)
    return message


def _problem(error: ErrorDetails, *, label: str, noun: str) -> str:
    field = ".".join(str(part) for part in error["loc"])
    if error["type"] == "missing":
        return f"{label}: {field} is missing (required)"
    value = _show(error["input"])
    if error["type"] == "extra_forbidden":
        return f"{label}: {field}={value} is not a field of a {noun}"
    if not field:
        return f"{label}: {value} {_reason(error)}"
    return f"{label}: {field}={value} {_reason(error)}"


def _readable_coop_id(data: Mapping[str, object]) -> str:
    raw = data.get("coop_id")
    if raw is None:
        return "(no coop_id)"
    try:
        return _coop_id(raw)
    except PydanticCustomError:
        return _show(raw)


def _refuse_together(title: str, problems: list[InitErrorDetails]) -> None:
    if problems:
        raise ValidationError.from_exception_data(title, problems)


def _problem_at(
    loc: tuple[str | int, ...], value: object, error_type: str, reason: str
) -> InitErrorDetails:
    return InitErrorDetails(type=_refusal(error_type, reason), loc=loc, input=value)


def _as_day(on: DateLike) -> dt.date:
    if type(on) is dt.date:
        return on
    return parse_date(on, field="on")


# --- records


class _Record(BaseModel):
    """Shared configuration and the ``from_data`` entry of every record."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    _noun: ClassVar[str] = "record"

    @classmethod
    def _label(cls, data: Mapping[str, object]) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    @classmethod
    def _labelled(
        cls, loc: tuple[str | int, ...], data: Mapping[str, object]
    ) -> tuple[str, str, tuple[str | int, ...]]:
        """Return the label and noun of the record an error is in, and its field."""
        return cls._label(data), cls._noun, loc

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Self:
        """Build the record from a mapping of its fields, refusing bad input.

        Args:
            data: The record's fields by their rulebook names; values may take every
                accepted form (dates as Jalali strings, ids with Persian digits, ...).

        Returns:
            The validated record.

        Raises:
            InvalidRecordError: When any field or cross-field rule is broken; the
                message has one line per problem, each naming the record, the field,
                the value received and the reason.
        """
        received: object = data
        if not isinstance(received, Mapping):
            shown, kind = _show(received), _type_name(received)
            msg = f"{cls._noun}: {shown} is a {kind}, not a mapping"
            raise InvalidRecordError(msg)
        try:
            return cls.model_validate(dict(data))
        except ValidationError as err:
            lines = []
            for error in err.errors(include_url=False):
                label, noun, loc = cls._labelled(error["loc"], data)
                located: ErrorDetails = {**error, "loc": loc}
                lines.append(_problem(located, label=label, noun=noun))
            raise InvalidRecordError("\n".join(lines)) from err


class Member(_Record):
    """A member of a cooperative (Art. 1.2).

    Examples:
        >>> member = Member.from_data({
        ...     "national_code": "۰۰۱۲۳۴۵۶۷۹", "gender": "female",
        ...     "birth_date": "1370/5/20", "disabled": False,
        ...     "joined_on": "1398-01-15", "insured_wage": 120_000_000,
        ... })
        >>> member.national_code, member.counts("1399-01-01"), member.age("1399-05-20")
        ('0012345679', True, 29)
    """

    _noun: ClassVar[str] = "member"

    national_code: Annotated[
        str,
        Field(
            pattern=_NATIONAL_CODE_PATTERN,
            description="10-digit national code with its check digit (Art. 1.5).",
        ),
        BeforeValidator(_national_code),
    ]
    gender: Annotated[
        Gender,
        Field(description="The member's gender."),
        BeforeValidator(_member_of(Gender, "gender")),
    ]
    birth_date: Annotated[_Day, Field(description="Day of birth.")]
    disabled: Annotated[_Flag, Field(description="Holds a disability card.")]
    joined_on: Annotated[_Day, Field(description="Day the member joined.")]
    left_on: Annotated[
        _Day | None, Field(description="Day the member left, if it did.")
    ] = None
    employed_since: Annotated[
        _Day | None,
        Field(description="Day the cooperative began to employ and insure the member."),
    ] = None
    insured_wage: Annotated[_Rials, Field(description="Monthly insured wage, rials.")]
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
            return f"member {_national_code(data.get('national_code'))}"
        except PydanticCustomError:
            return "member"

    @model_validator(mode="after")
    def _check_dates(self) -> Self:
        if self.left_on is not None and self.left_on < self.joined_on:
            reason = f"is before joined_on={_show(self.joined_on)}"
            problem = _problem_at(("left_on",), self.left_on, "date_order", reason)
            _refuse_together("Member", [problem])
        return self

    def counts(self, on: DateLike) -> bool:
        """Tell whether the member counts on ``on`` (Art. 2.1).

        A member counts from ``joined_on`` up to the day before ``left_on``.
        """
        day = _as_day(on)
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)

    def is_employed(self, on: DateLike) -> bool:
        """Tell whether the cooperative employs the member on ``on`` (Art. 2.3)."""
        day = _as_day(on)
        return (
            self.employed_since is not None
            and self.employed_since <= day
            and self.counts(day)
        )

    def age(self, on: DateLike) -> int:
        """Return the member's age on ``on`` in full Jalali years (Art. 2.2)."""
        return age_in_years(self.birth_date, _as_day(on))


class Cooperative(_Record):
    """A cooperative with its members (Art. 1.1).

    Examples:
        >>> coop = Cooperative.from_data({
        ...     "coop_id": "10380284790", "name": "Sahand dairy", "kind": "agriculture",
        ...     "province": "east_azerbaijan", "less_developed": False,
        ...     "border": False, "status": "active", "registered_on": "1390-02-01",
        ...     "equity": 500_000_000, "outstanding_guarantees": 0,
        ...     "overdue_debt": 0, "insurance_arrears": 0,
        ... })
        >>> coop.kind, coop.registered_on, coop.members
        (<CoopKind.AGRICULTURE: 'agriculture'>, datetime.date(2011, 4, 21), ())
    """

    _noun: ClassVar[str] = "cooperative"

    coop_id: Annotated[
        _CoopId,
        Field(description="11-digit legal-entity national ID (Art. 1.5)."),
    ]
    name: Annotated[
        str,
        Field(min_length=1, description="Registered name."),
        BeforeValidator(_name),
    ]
    kind: Annotated[
        CoopKind,
        Field(description="Kind of activity; it sets the quorum (Art. 2.5)."),
        BeforeValidator(_member_of(CoopKind, "kind")),
    ]
    province: Annotated[
        Province,
        Field(description="One of Iran's 31 provinces."),
        BeforeValidator(_member_of(Province, "province")),
    ]
    county: Annotated[_County | None, Field(description="County, as text.")] = None
    less_developed: Annotated[
        _Flag, Field(description="Its county is a designated less-developed area.")
    ]
    border: Annotated[_Flag, Field(description="Its county is a border county.")]
    status: Annotated[
        Status,
        Field(description="Legal status; only active passes C1."),
        BeforeValidator(_member_of(Status, "status")),
    ]
    registered_on: Annotated[_Day, Field(description="Day of registration.")]
    equity: Annotated[_Rials, Field(description="Paid-in capital, rials.")]
    outstanding_guarantees: Annotated[
        _Rials, Field(description="Guarantees outstanding, rials.")
    ]
    overdue_debt: Annotated[_Rials, Field(description="Overdue debt, rials.")]
    insurance_arrears: Annotated[
        _Rials, Field(description="Social insurance arrears, rials.")
    ]
    last_assembly_on: Annotated[
        _Day | None,
        Field(description="Day of the last general assembly (in person or online)."),
    ] = None
    kb_certified_from: Annotated[
        _Day | None,
        Field(description="First day of the knowledge-based certificate."),
    ] = None
    kb_certified_until: Annotated[
        _Day | None,
        Field(description="Last day of the knowledge-based certificate."),
    ] = None
    members: Annotated[
        tuple[Member, ...],
        Field(description="The members; national codes are unique."),
    ] = ()

    @classmethod
    def _label(cls, data: Mapping[str, object]) -> str:
        return f"coop {_readable_coop_id(data)}"

    @classmethod
    def _labelled(
        cls, loc: tuple[str | int, ...], data: Mapping[str, object]
    ) -> tuple[str, str, tuple[str | int, ...]]:
        label = cls._label(data)
        if len(loc) >= 2 and loc[0] == "members" and isinstance(loc[1], int):
            return f"member {loc[1]} of {label}", "member", loc[2:]
        return label, cls._noun, loc

    @model_validator(mode="after")
    def _check_across_fields(self) -> Self:
        problems = []
        start, until = self.kb_certified_from, self.kb_certified_until
        if start is not None and until is not None and until < start:
            reason = f"is before kb_certified_from={_show(start)}"
            problems.append(
                _problem_at(("kb_certified_until",), until, "date_order", reason)
            )
        first_seen: dict[str, int] = {}
        for index, member in enumerate(self.members):
            seen = first_seen.setdefault(member.national_code, index)
            if seen != index:
                reason = f"repeats the national_code of member {seen}"
                loc = ("members", index, "national_code")
                problems.append(
                    _problem_at(loc, member.national_code, "duplicate", reason)
                )
        _refuse_together("Cooperative", problems)
        return self


class Application(_Record):
    """An application of a cooperative to a program (Art. 1.3).

    Examples:
        >>> application = Application.from_data({
        ...     "coop_id": "10380284790", "program": "guarantee",
        ...     "applied_on": "1399/3/1", "requested_amount": "2000000000",
        ...     "jobs_committed": 0, "guarantee_kind": "bid", "guarantee_days": 180,
        ... })
        >>> application.requested_amount, application.guarantee_kind
        (2000000000, <GuaranteeKind.BID: 'bid'>)
    """

    _noun: ClassVar[str] = "application"

    coop_id: Annotated[_CoopId, Field(description="The applicant's coop_id.")]
    program: Annotated[
        Program,
        Field(description="The program applied to."),
        BeforeValidator(_member_of(Program, "program")),
    ]
    applied_on: Annotated[_Day, Field(description="Day of the application.")]
    requested_amount: Annotated[_Rials, Field(description="Amount asked, rials.")]
    jobs_committed: Annotated[
        int,
        Field(ge=0, le=_MAX_INT32, description="Jobs the cooperative commits to."),
        BeforeValidator(
            _whole_number(
                0,
                _MAX_INT32,
                below="is negative; must be >= 0",
                above=f"is more than {_MAX_INT32}",
            )
        ),
    ]
    guarantee_kind: Annotated[
        _GuaranteeKind | None,
        Field(description="Kind of guarantee; guarantee applications only."),
    ] = None
    guarantee_days: Annotated[
        _GuaranteeDays | None,
        Field(description="Days the guarantee runs; guarantee applications only."),
    ] = None

    @classmethod
    def _label(cls, data: Mapping[str, object]) -> str:
        label = f"application of coop {_readable_coop_id(data)}"
        program = data.get("program")
        if isinstance(program, str) and program in set(Program):
            return f"{label} to {Program(program).value}"
        return label

    @model_validator(mode="after")
    def _check_guarantee_fields(self) -> Self:
        is_guarantee = self.program is Program.GUARANTEE
        problems = []
        for field in ("guarantee_kind", "guarantee_days"):
            value = getattr(self, field)
            if is_guarantee and value is None:
                reason = "is required when program is guarantee"
                problems.append(_problem_at((field,), value, "required", reason))
            elif not is_guarantee and value is not None:
                reason = f"is only for guarantees, not program {self.program.value}"
                problems.append(_problem_at((field,), value, "not_allowed", reason))
        _refuse_together("Application", problems)
        return self


# --- collections


def check_cooperatives(cooperatives: Iterable[Cooperative]) -> tuple[Cooperative, ...]:
    """Refuse a collection of cooperatives in which a ``coop_id`` repeats (Art. 1.6).

    Args:
        cooperatives: The cooperatives, in input order (numbered from 0).

    Returns:
        The cooperatives as a tuple, unchanged.

    Raises:
        InvalidRecordError: One line per repeated cooperative.
    """
    records = tuple(cooperatives)
    first_seen: dict[str, int] = {}
    lines = []
    for index, coop in enumerate(records):
        seen = first_seen.setdefault(coop.coop_id, index)
        if seen != index:
            lines.append(
                f"cooperative {index}: coop_id={coop.coop_id!r} repeats cooperative"
                f" {seen}"
            )
    if lines:
        raise InvalidRecordError("\n".join(lines))
    return records


def check_applications(
    applications: Iterable[Application],
    *,
    cooperatives: Iterable[Cooperative] | None = None,
) -> tuple[Application, ...]:
    """Refuse a second application of a cooperative to the same program (Art. 1.3).

    Args:
        applications: The applications, in input order (numbered from 0).
        cooperatives: When given, also refuse an application whose ``coop_id``
            matches none of them.

    Returns:
        The applications as a tuple, unchanged.

    Raises:
        InvalidRecordError: One line per refused application.
    """
    records = tuple(applications)
    known = None if cooperatives is None else {c.coop_id for c in cooperatives}
    first_seen: dict[tuple[str, Program], int] = {}
    lines = []
    for index, application in enumerate(records):
        key = (application.coop_id, application.program)
        seen = first_seen.setdefault(key, index)
        if seen != index:
            lines.append(
                f"application {index}: program={application.program.value!r} repeats"
                f" application {seen} of coop {application.coop_id}"
            )
        if known is not None and application.coop_id not in known:
            lines.append(
                f"application {index}: coop_id={application.coop_id!r} matches no"
                " cooperative"
            )
    if lines:
        raise InvalidRecordError("\n".join(lines))
    return records
