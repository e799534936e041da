"""Records that cross the boundary: cooperatives, members, applications (Art. 1)."""

from coopmodel.records._enums import (
    CoopKind,
    Education,
    Gender,
    GuaranteeKind,
    Program,
    Status,
    enum_code,
)
from coopmodel.records._models import (
    FIRST_DAY,
    LAST_DAY,
    MAX_GUARANTEE_DAYS,
    MAX_RIALS,
    Application,
    Cooperative,
    Member,
    check_applications,
    check_cooperatives,
)
from coopmodel.records._proposal import Founder, Proposal
from coopmodel.records._provinces import (
    PROVINCES,
    Province,
    ProvinceInfo,
    province_info,
)

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "MAX_GUARANTEE_DAYS",
    "MAX_RIALS",
    "PROVINCES",
    "Application",
    "CoopKind",
    "Cooperative",
    "Education",
    "Founder",
    "Gender",
    "GuaranteeKind",
    "Member",
    "Program",
    "Proposal",
    "Province",
    "ProvinceInfo",
    "Status",
    "check_applications",
    "check_cooperatives",
    "enum_code",
    "province_info",
]
