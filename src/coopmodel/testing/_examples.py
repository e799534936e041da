"""Hand-written example records: a plain active cooperative to change field by field."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coopmodel.records import Cooperative
from coopmodel.values import make_coop_id

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = ["example_cooperative"]


def example_cooperative(
    members: Sequence[Mapping[str, Any]] = (),
    **fields: Any,  # noqa: ANN401 - any field of Cooperative
) -> Cooperative:
    """Return an active industry cooperative in Tabriz with ``members`` and ``fields``.

    Every field not given is a plain value: registered 1390-01-01, no equity, no
    guarantees, debt or arrears, assembly held 1398-10-01, not knowledge-based. A
    worked example then states only what it is about.

    Args:
        members: The members' fields, as ``Member.from_data`` reads them.
        fields: Cooperative fields that replace the plain ones (``coop_id`` too).

    Returns:
        The validated cooperative.

    Examples:
        >>> coop = example_cooperative(equity=5_000_000)
        >>> coop.kind.value, coop.equity, len(coop.members)
        ('industry', 5000000, 0)
    """
    data: dict[str, Any] = {
        "coop_id": make_coop_id(1_020_000_001),
        "name": "Tabriz Weavers",
        "kind": "industry",
        "province": "east_azerbaijan",
        "less_developed": False,
        "border": False,
        "status": "active",
        "registered_on": "1390-01-01",
        "equity": 0,
        "outstanding_guarantees": 0,
        "overdue_debt": 0,
        "insurance_arrears": 0,
        "last_assembly_on": "1398-10-01",
        "members": list(members),
    }
    data.update(fields)
    return Cooperative.from_data(data)
