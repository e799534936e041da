"""Records that cross the boundary: enums and provinces (models follow)."""

from coopmodel.records._enums import (
    CoopKind,
    Education,
    Gender,
    GuaranteeKind,
    Program,
    Status,
    enum_code,
)
from coopmodel.records._provinces import (
    PROVINCES,
    Province,
    ProvinceInfo,
    province_info,
)

__all__ = [
    "PROVINCES",
    "CoopKind",
    "Education",
    "Gender",
    "GuaranteeKind",
    "Program",
    "Province",
    "ProvinceInfo",
    "Status",
    "enum_code",
    "province_info",
]
