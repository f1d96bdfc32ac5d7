"""Domain rules of 幼有善育 (childcare).

None of its own: the checks this domain needs are the core's, declared in its plan.toml (the
share is a percentage: ``max = "100"``, core.range; places per 1,000 people stay below 50:
``plausible_max``, core.plausible_max). The codes below are its indicators that the GraphQL
extension reads.
"""

from __future__ import annotations

from qyx_platform import Rule

PLACES = "youyou.childcare_places_per_1000"
INCLUSIVE_SHARE = "youyou.affordable_childcare_place_share"

RULES: tuple[Rule, ...] = ()
