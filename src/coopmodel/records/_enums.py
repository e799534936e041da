"""The rulebook's enumerations (Art. 1.1-1.3), spelled exactly as in the rulebook.

The columnar register stores an enum as ``int8``: the member's position in its enum's
definition order (``CODES``). Optional enums use ``-1`` for "not recorded". The order is
therefore part of the file format of nothing but in-memory arrays; still, only append.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "CoopKind",
    "Education",
    "Gender",
    "GuaranteeKind",
    "Program",
    "Status",
    "enum_code",
]


class CoopKind(StrEnum):
    """A cooperative's kind of activity (Art. 1.1); it sets the quorum of ``C2``."""

    AGRICULTURE = "agriculture"
    INDUSTRY = "industry"
    MINING = "mining"
    SERVICES = "services"
    TRANSPORT = "transport"
    HOUSING = "housing"
    CONSUMER = "consumer"
    PRODUCER_SUPPLY = "producer_supply"
    RETAILER_SUPPLY = "retailer_supply"
    CREDIT = "credit"
    MULTIPURPOSE = "multipurpose"
    DEVELOPMENT_CONSTRUCTION = "development_construction"
    BORDER_DWELLERS = "border_dwellers"
    OTHER = "other"


class Status(StrEnum):
    """A cooperative's legal status (Art. 1.1); only ``active`` passes ``C1``."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    DISSOLVING = "dissolving"
    DISSOLVED = "dissolved"


class Gender(StrEnum):
    """A member's gender (Art. 1.2)."""

    FEMALE = "female"
    MALE = "male"


class Education(StrEnum):
    """A member's highest education (Art. 1.2), in increasing order."""

    NONE = "none"
    DIPLOMA = "diploma"
    ASSOCIATE = "associate"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"


class Program(StrEnum):
    """The program an application is made to (Art. 1.3)."""

    GUARANTEE = "guarantee"
    EMPLOYMENT = "employment"
    CREDIT_KB = "credit_kb"
    CREDIT_WYD = "credit_wyd"


class GuaranteeKind(StrEnum):
    """The kind of guarantee asked of the guarantee fund (Art. 1.3, 3.3)."""

    LOAN = "loan"
    BID = "bid"
    PERFORMANCE = "performance"
    ADVANCE_PAYMENT = "advance_payment"


def enum_code(value: StrEnum) -> int:
    """Return the ``int8`` code of an enum member: its position in definition order.

    >>> enum_code(Status.DISSOLVING)
    2
    """
    return list(type(value)).index(value)
