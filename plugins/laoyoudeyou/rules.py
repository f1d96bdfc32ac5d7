"""Domain rules of 劳有所得 (employment and income).

None of its own: the registered unemployment rate's plausible maximum (20 %) is declared in
its plan.toml (``plausible_max``) and checked by the core rule core.plausible_max.
"""

from __future__ import annotations

from qyx_platform import Rule

UNEMPLOYMENT = "laoyoudeyou.urban_registered_unemployment_rate"

RULES: tuple[Rule, ...] = ()
