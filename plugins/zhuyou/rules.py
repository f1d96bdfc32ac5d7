"""Domain rules of 住有宜居 (decent housing).

None of its own: the checks are declared in its plan.toml and run by the core rules
(dwellings are counted whole: ``whole``, core.whole_number; never more dwellings than
residents: ``population_per_unit = "1"``, core.within_population). The code below is the
indicator its GraphQL extension reads.
"""

from __future__ import annotations

from qyx_platform import Rule

RENTAL_HOUSING = "zhuyou.affordable_rental_housing_cumulative"

RULES: tuple[Rule, ...] = ()
