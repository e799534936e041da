"""Array type aliases shared by the bulk code (one place, as STYLE.md asks)."""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
import numpy.typing as npt

__all__ = [
    "BoolArray",
    "DateArray",
    "Int8Array",
    "Int16Array",
    "Int32Array",
    "Int64Array",
]

BoolArray: TypeAlias = npt.NDArray[np.bool_]
Int8Array: TypeAlias = npt.NDArray[np.int8]
Int16Array: TypeAlias = npt.NDArray[np.int16]
Int32Array: TypeAlias = npt.NDArray[np.int32]
Int64Array: TypeAlias = npt.NDArray[np.int64]
#: Calendar days as ``datetime64[D]``; ``NaT`` marks a missing optional date.
DateArray: TypeAlias = npt.NDArray[np.datetime64]
