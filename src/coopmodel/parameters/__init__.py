"""Dated parameters: every figure of the rulebook, with its unit, article and source.

The bundled ``default.yaml`` holds every parameter of rulebook Art. 2-7; a value
applies from its start date until the next one (Art. 0.4). Look a parameter up
at one date or at an array of dates, and derive a reformed set that replaces some
leaves.

>>> from coopmodel.parameters import load_parameters
>>> params = load_parameters()
>>> params.value("premium.min_daily_wage", "1400-01-01")
885165
>>> params.leaf("premium.min_daily_wage").article
'5.3'
"""

from coopmodel.parameters._leaf import (
    Citation,
    Parameter,
    ParameterValue,
    Source,
    Unit,
)
from coopmodel.parameters._set import (
    ParameterRow,
    ParameterSet,
    bundled_file,
    load_parameters,
)

__all__ = [
    "Citation",
    "Parameter",
    "ParameterRow",
    "ParameterSet",
    "ParameterValue",
    "Source",
    "Unit",
    "bundled_file",
    "load_parameters",
]
