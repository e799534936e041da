"""The columnar register: one struct of numpy arrays per table (ARCHITECTURE layer 4).

Members are sorted by cooperative; ``member_offsets`` (length ``n_coops + 1``) gives
the members of cooperative ``i`` as rows ``member_offsets[i]:member_offsets[i + 1]``
(CSR), so an aggregate over a cooperative's members is a segment reduction.

Conventions, shared by every producer and consumer of these arrays:

* Identifiers are ``int64``: ``coop_id`` (11 digits) and ``national_code`` (10 digits);
  format them back with ``str(n).zfill(11)`` / ``zfill(10)``.
* Enums are ``int8`` codes, the member's position in its enum (see
  :func:`coopmodel.records.enum_code`); ``-1`` is "not recorded" for optional enums.
* Dates are ``datetime64[D]`` (Gregorian days); ``NaT`` is "not recorded".
* Money is ``int64`` rials. ``income_decile`` is ``int8`` with ``0`` for "not recorded".
  ``guarantee_days`` is ``int16`` with ``0`` for "not applicable".
* Text columns (``name``, ``county``) are numpy ``object`` arrays of ``str`` (``county``
  may hold ``None``).
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from coopmodel._typing import (
    BoolArray,
    DateArray,
    Int8Array,
    Int16Array,
    Int32Array,
    Int64Array,
)

__all__ = ["ApplicationTable", "CooperativeTable", "MemberTable", "Register"]

ObjectArray = npt.NDArray[np.object_]


def _n(arrays: dict[str, Any]) -> int:
    return len(next(iter(arrays.values())))


@attrs.frozen(eq=False)
class CooperativeTable:
    """The cooperatives, one row each, in register order (Art. 1.1)."""

    coop_id: Int64Array
    name: ObjectArray
    kind: Int8Array
    province: Int8Array
    county: ObjectArray
    less_developed: BoolArray
    border: BoolArray
    status: Int8Array
    registered_on: DateArray
    equity: Int64Array
    outstanding_guarantees: Int64Array
    overdue_debt: Int64Array
    insurance_arrears: Int64Array
    last_assembly_on: DateArray
    kb_certified_from: DateArray
    kb_certified_until: DateArray

    def __len__(self) -> int:
        """Return the number of cooperatives."""
        return len(self.coop_id)


@attrs.frozen(eq=False)
class MemberTable:
    """The members of every cooperative, sorted by cooperative (Art. 1.2).

    ``coop_index`` is the row of the member's cooperative in :class:`CooperativeTable`;
    it is non-decreasing.
    """

    coop_index: Int32Array
    national_code: Int64Array
    gender: Int8Array
    birth_date: DateArray
    disabled: BoolArray
    joined_on: DateArray
    left_on: DateArray
    employed_since: DateArray
    insured_wage: Int64Array
    income_decile: Int8Array
    education: Int8Array

    def __len__(self) -> int:
        """Return the number of members."""
        return len(self.national_code)


@attrs.frozen(eq=False)
class ApplicationTable:
    """The applications, one row each (Art. 1.3).

    ``coop_index`` is the row of the applicant in :class:`CooperativeTable`.
    """

    coop_index: Int32Array
    program: Int8Array
    applied_on: DateArray
    requested_amount: Int64Array
    jobs_committed: Int32Array
    guarantee_kind: Int8Array
    guarantee_days: Int16Array

    def __len__(self) -> int:
        """Return the number of applications."""
        return len(self.program)


@attrs.frozen(eq=False)
class Register:
    """A whole register in columnar form: cooperatives, their members, applications."""

    cooperatives: CooperativeTable
    members: MemberTable
    applications: ApplicationTable
    member_offsets: Int64Array

    @property
    def n_cooperatives(self) -> int:
        """Return the number of cooperatives."""
        return len(self.cooperatives)
