"""GraphQL of 老有康养: the care-workforce and long-term-care paths, only this domain has them."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from qyx_platform import Comparator, Info, QueryField, plan_of, yearly_changes, yearly_values

from .rules import CARE_WORKERS, LTC_COVERED


@strawberry.type(
    description="老有康养: certified carers per 10,000 older people and 长期护理保险 (long-term "
    "care insurance) coverage planned for one year."
)
class LaoyouCareWorkforce:
    """每万老年人口拥有持证养老护理员数 with its yearly step, and 长期护理保险覆盖人数."""

    year: int
    care_workers_per_10k: Decimal | None = strawberry.field(
        description="每万老年人口拥有持证养老护理员数: certified care workers per 10,000 older people"
    )
    care_workers_step: Decimal | None = strawberry.field(
        description="change of carers per 10,000 older people since the year before (null in 2022)"
    )
    ltc_covered: Decimal | None = strawberry.field(
        description="长期护理保险覆盖人数 in 万人 (10,000 persons); null where the plan gives no "
        "number (2027: 全覆盖)"
    )
    ltc_target: str = strawberry.field(
        description="the 长期护理保险覆盖人数 cell as printed: a number or 全覆盖 (full coverage)"
    )
    ltc_full_coverage: bool = strawberry.field(
        description="true when the plan asks for 全覆盖 (everybody covered) this year"
    )


def laoyou_care_workforce(info: Info) -> list[LaoyouCareWorkforce]:
    """The carers-per-10k path 2022-2027 with its steps, beside the LTC coverage path."""
    plan = plan_of(info)
    carers = {y: (v, step) for y, v, _, step in yearly_changes(plan.indicator(CARE_WORKERS))}
    ltc_indicator = plan.indicator(LTC_COVERED)
    ltc = {y: (v, text) for y, v, text in yearly_values(ltc_indicator)}
    out = []
    for year in sorted(carers.keys() | ltc.keys()):
        c, step = carers.get(year, (None, None))
        covered, text = ltc.get(year, (None, "-"))
        expression = ltc_indicator.target(year)
        full = expression is not None and expression.comparator is Comparator.FULL_COVERAGE
        out.append(
            LaoyouCareWorkforce(
                year=year,
                care_workers_per_10k=c,
                care_workers_step=step,
                ltc_covered=covered,
                ltc_target=text,
                ltc_full_coverage=full,
            )
        )
    return out


TYPES = (LaoyouCareWorkforce,)
FIELDS = (
    QueryField(
        "laoyouCareWorkforce",
        laoyou_care_workforce,
        "老有康养: carers per 10,000 older people with the yearly step, and the 长期护理保险 "
        "coverage path ending in 全覆盖",
    ),
)
