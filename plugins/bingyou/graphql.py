"""GraphQL of 病有良医: indicator 12's two reimbursement series, only this domain has them."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from qyx_platform import Info, QueryField, plan_of, yearly_values

from .rules import EMPLOYEES, REIMBURSEMENT, RESIDENTS


@strawberry.type(
    description="病有良医: 住院报销比例 (inpatient reimbursement rate, indicator 12) of one year, "
    "the 职工 and 城乡居民 series side by side. The two series are separate schemes and are "
    "never summed or averaged."
)
class BingyouReimbursementGap:
    """The employees' and the residents' scheme's reimbursement rates, in percent."""

    year: int
    employees: Decimal | None = strawberry.field(
        description="职工 (employees' scheme) reimbursement rate in percent"
    )
    residents: Decimal | None = strawberry.field(
        description="城乡居民 (urban and rural residents' scheme) reimbursement rate in percent"
    )
    gap: Decimal | None = strawberry.field(
        description="职工 − 城乡居民 in percentage points: how much more the employees' scheme reimburses"
    )


def bingyou_reimbursement_gap(info: Info) -> list[BingyouReimbursementGap]:
    """Indicator 12's two series by year (2022 baseline, 2023-2027 targets) and their gap."""
    indicator = plan_of(info).indicator(REIMBURSEMENT)
    emp, res = indicator.find_series(EMPLOYEES), indicator.find_series(RESIDENTS)
    if emp is None or res is None:
        return []
    employees = {y: v for y, v, _ in yearly_values(indicator, emp.key)}
    residents = {y: v for y, v, _ in yearly_values(indicator, res.key)}
    out = []
    for year in sorted(employees.keys() | residents.keys()):
        e, r = employees.get(year), residents.get(year)
        gap = None if e is None or r is None else e - r
        out.append(BingyouReimbursementGap(year=year, employees=e, residents=r, gap=gap))
    return out


TYPES = (BingyouReimbursementGap,)
FIELDS = (
    QueryField(
        "bingyouReimbursementGap",
        bingyou_reimbursement_gap,
        "病有良医: 住院报销比例 by year, the 职工 and 城乡居民 series side by side with their gap",
    ),
)
