"""GraphQL of 劳有所得: the unemployment-rate ceiling, only this domain has it."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from qyx_platform import BASELINE_YEAR, Comparator, Info, QueryField, plan_of, yearly_values

from .rules import UNEMPLOYMENT


@strawberry.type(
    description="劳有所得: the 城镇登记失业率 (urban registered unemployment rate) ceiling of one "
    "target year and the room the 2022 baseline leaves under it."
)
class LaoyoudeyouUnemploymentCeiling:
    """The plan's ceiling (``<3``) on the registered unemployment rate, in percent."""

    year: int
    target: str = strawberry.field(description="the plan's cell as printed, e.g. <3")
    ceiling: Decimal | None = strawberry.field(description="the ceiling in percent, e.g. 3")
    strict: bool = strawberry.field(
        description="true when the rate must stay strictly below the ceiling (<), false for ≤"
    )
    baseline: Decimal | None = strawberry.field(description="the 2022 baseline (基期) rate in percent: 1.40")
    headroom: Decimal | None = strawberry.field(
        description="ceiling − baseline in percentage points: how far the rate may rise from "
        "the 2022 level before it breaks the target"
    )


def laoyoudeyou_unemployment_ceiling(
    info: Info,
) -> list[LaoyoudeyouUnemploymentCeiling]:
    """The unemployment ceiling of each target year 2023-2027 with the baseline's headroom."""
    indicator = plan_of(info).indicator(UNEMPLOYMENT)
    base = indicator.baseline()
    baseline = None if base is None else base.value
    out = []
    for year, value, text in sorted(yearly_values(indicator)):
        expression = indicator.target(year)
        if year == BASELINE_YEAR or expression is None:
            continue
        if expression.comparator not in (Comparator.BELOW, Comparator.AT_MOST):
            continue
        headroom = None if value is None or baseline is None else value - baseline
        out.append(
            LaoyoudeyouUnemploymentCeiling(
                year=year,
                target=text,
                ceiling=value,
                strict=expression.comparator is Comparator.BELOW,
                baseline=baseline,
                headroom=headroom,
            )
        )
    return out


TYPES = (LaoyoudeyouUnemploymentCeiling,)
FIELDS = (
    QueryField(
        "laoyoudeyouUnemploymentCeiling",
        laoyoudeyou_unemployment_ceiling,
        "劳有所得: the 城镇登记失业率 ceiling (<3) of each target year and the 2022 baseline's headroom",
    ),
)
