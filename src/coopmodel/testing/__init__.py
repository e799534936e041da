"""Hypothesis strategies for property tests of coopmodel and of code that uses it.

Records and days (:func:`cooperatives`, :func:`members`, :func:`applications`,
:func:`dates`, :func:`jalali_dates`, :func:`date_likes`, :func:`national_codes`,
:func:`coop_ids`) draw only valid inputs; :func:`expressions` draws well-typed rule
trees; :func:`example_cooperative` builds a plain cooperative for worked examples.
Import this package only in tests: it needs ``hypothesis``.
"""

from coopmodel.testing._examples import example_cooperative
from coopmodel.testing._expressions import PARAMETERS_USED, expressions
from coopmodel.testing._records import (
    applications,
    coop_ids,
    cooperatives,
    date_likes,
    dates,
    jalali_dates,
    members,
    national_codes,
)

__all__ = [
    "PARAMETERS_USED",
    "applications",
    "coop_ids",
    "cooperatives",
    "date_likes",
    "dates",
    "example_cooperative",
    "expressions",
    "jalali_dates",
    "members",
    "national_codes",
]
