"""Records that cross the boundary: cooperatives, members, applications (Art. 1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coopmodel._lazy import attach

if TYPE_CHECKING:
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

#: Where each public name lives: its module is imported when the name is first read.
_EXPORTS = {
    "CoopKind": "coopmodel.records._enums",
    "Education": "coopmodel.records._enums",
    "Gender": "coopmodel.records._enums",
    "GuaranteeKind": "coopmodel.records._enums",
    "Program": "coopmodel.records._enums",
    "Status": "coopmodel.records._enums",
    "enum_code": "coopmodel.records._enums",
    "FIRST_DAY": "coopmodel.records._models",
    "LAST_DAY": "coopmodel.records._models",
    "MAX_GUARANTEE_DAYS": "coopmodel.records._models",
    "MAX_RIALS": "coopmodel.records._models",
    "Application": "coopmodel.records._models",
    "Cooperative": "coopmodel.records._models",
    "Member": "coopmodel.records._models",
    "check_applications": "coopmodel.records._models",
    "check_cooperatives": "coopmodel.records._models",
    "Founder": "coopmodel.records._proposal",
    "Proposal": "coopmodel.records._proposal",
    "PROVINCES": "coopmodel.records._provinces",
    "Province": "coopmodel.records._provinces",
    "ProvinceInfo": "coopmodel.records._provinces",
    "province_info": "coopmodel.records._provinces",
}

__getattr__, __dir__ = attach(__name__, _EXPORTS)

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
