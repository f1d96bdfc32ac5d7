"""Domain rules of 学有优教 (education).

None of its own: the checks are declared in its plan.toml and run by the core rules (new
school places are whole: ``whole``, core.whole_number; training person-times in 万人次 never
exceed the population: ``population_per_unit``, core.within_population). The code below is
the indicator its GraphQL extension reads.
"""

from __future__ import annotations

from qyx_platform import Rule

NEW_PLACES = "xueyou.new_public_school_places"

RULES: tuple[Rule, ...] = ()
