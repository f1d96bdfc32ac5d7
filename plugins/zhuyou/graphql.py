"""GraphQL of 住有宜居: the affordable rental housing pipeline, only this domain has it."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from qyx_platform import Info, QueryField, plan_of, yearly_changes

from .rules import RENTAL_HOUSING


@strawberry.type(
    description="住有宜居: 保障性租赁住房累计建设筹集套（间）数 (affordable rental housing built "
    "or raised, cumulative) at the end of one year and the units the year adds."
)
class ZhuyouRentalHousingPipeline:
    """The cumulative rental-housing target of a year and the year's own contribution."""

    year: int
    cumulative_units: Decimal | None = strawberry.field(
        description="units (套/间) built or raised since the plan's start, e.g. 413"
    )
    target: str = strawberry.field(description="the plan's cell as printed, e.g. ≥500")
    added_units: Decimal | None = strawberry.field(
        description="units the year adds: this year's cumulative total − last year's (null in 2022)"
    )


def zhuyou_rental_housing_pipeline(
    info: Info,
) -> list[ZhuyouRentalHousingPipeline]:
    """The cumulative pipeline 2022-2027 (0, 363, 413, 413, 450, ≥500) and the yearly additions."""
    indicator = plan_of(info).indicator(RENTAL_HOUSING)
    return [
        ZhuyouRentalHousingPipeline(year=year, cumulative_units=value, target=text, added_units=added)
        for year, value, text, added in yearly_changes(indicator)
    ]


TYPES = (ZhuyouRentalHousingPipeline,)
FIELDS = (
    QueryField(
        "zhuyouRentalHousingPipeline",
        zhuyou_rental_housing_pipeline,
        "住有宜居: the cumulative 保障性租赁住房 pipeline by year with the units each year adds",
    ),
)
