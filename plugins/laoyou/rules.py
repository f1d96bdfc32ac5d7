"""Domain rules of 老有康养 (elderly care).

None of its own: the checks are declared in its plan.toml and run by the core rules (carers
per 10,000 older people: ``plausible_max``, core.plausible_max; persons insured in 万人 never
exceed the population: ``population_per_unit``, core.within_population). The codes below are
its indicators that the GraphQL extension reads.
"""

from __future__ import annotations

from qyx_platform import Rule

CARE_WORKERS = "laoyou.certified_care_workers_per_10k_elderly"
LTC_COVERED = "laoyou.ltc_insurance_covered"

RULES: tuple[Rule, ...] = ()
