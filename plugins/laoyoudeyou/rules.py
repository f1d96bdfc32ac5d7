"""Domain rules of 劳有所得 (employment and income)."""

from __future__ import annotations

from decimal import Decimal

from qyx_platform import IndicatorRule, Proposal, RuleContext

UNEMPLOYMENT = "laoyoudeyou.urban_registered_unemployment_rate"

#: 城镇登记失业率 above this (in %) is implausible for a county: registered rates in China
#: run at about 1.5-4 % (Qingyuan 1.40 in 2022, target <3), far below survey rates even in
#: recessions; 20 % means a count, a ‰ value or a mistyped decimal point
MAX_UNEMPLOYMENT_RATE = Decimal(20)


def _plausible_unemployment(p: Proposal, _: RuleContext) -> str | None:
    """A registered unemployment rate stays below MAX_UNEMPLOYMENT_RATE per cent."""
    if p.value > MAX_UNEMPLOYMENT_RATE:
        return (
            f"城镇登记失业率 (urban registered unemployment rate) of {p.value} % is implausible "
            f"(more than {MAX_UNEMPLOYMENT_RATE} %; the plan's baseline is 1.40, the target <3): "
            "check the unit, the value is a percentage of the urban labour force, not a number "
            "of unemployed persons or a per-mille value, and check the decimal point"
        )
    return None


RULES = (
    IndicatorRule(
        "laoyoudeyou.unemployment_rate_plausible",
        "城镇登记失业率 stays at or below 20 % (county registered rates run at about 1.5-4 %)",
        frozenset({UNEMPLOYMENT}),
        _plausible_unemployment,
    ),
)
