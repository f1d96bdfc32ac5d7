"""GraphQL of 学有优教: the new public school places path, only this domain has it."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from qyx_platform import BASELINE_YEAR, Info, QueryField, plan_of, yearly_values

from .rules import NEW_PLACES


@strawberry.type(
    description="学有优教: 新增公办中小学学位数 (new public school places) planned for one year."
)
class XueyouSchoolPlaces:
    """New public primary and secondary school places of a year and the plan's running total."""

    year: int
    new_places: Decimal | None = strawberry.field(
        description="新增公办中小学学位数: places added in the year (2022: the baseline)"
    )
    places_since_2023: Decimal | None = strawberry.field(
        description="places added 2023 through this year; in 2027 the plan's 2023-2027 total "
        "(null for the 2022 baseline)"
    )


def xueyou_school_places(info: Info) -> list[XueyouSchoolPlaces]:
    """New public school places by year, with the running total of the plan years."""
    plan = plan_of(info)
    out = []
    total = Decimal(0)
    for year, value, _ in sorted(yearly_values(plan.indicator(NEW_PLACES))):
        running: Decimal | None = None
        if year > BASELINE_YEAR:
            total += value if value is not None else 0
            running = total
        out.append(XueyouSchoolPlaces(year=year, new_places=value, places_since_2023=running))
    return out


TYPES = (XueyouSchoolPlaces,)
FIELDS = (
    QueryField(
        "xueyouSchoolPlaces",
        xueyou_school_places,
        "学有优教: 新增公办中小学学位数 (new public school places) by year, with the 2023-2027 total",
    ),
)
