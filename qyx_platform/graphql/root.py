"""The core's root fields: the plan, domains, indicators, jurisdictions; the report mutation."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, cast

import strawberry
from strawberry.types.field import StrawberryField

from qyx_platform.graphql.context import Info
from qyx_platform.graphql.corrections import (
    approve_observation,
    pending_observations,
    reject_observation,
    withdraw_observation,
)
from qyx_platform.graphql.dashboard_types import import_observations, me
from qyx_platform.graphql.fields import description_of
from qyx_platform.graphql.history_types import audit_log, observations
from qyx_platform.graphql.plan_types import (
    DepartmentType,
    DomainType,
    IndicatorType,
    PlanDocumentType,
)
from qyx_platform.graphql.problem_types import (
    close_problem,
    problems,
    raise_problem,
    reopen_problem,
    start_rectifying,
)
from qyx_platform.graphql.report_files import report_file
from qyx_platform.graphql.report_types import report_observations
from qyx_platform.graphql.reports import freeze_report, frozen_report, report, sign_off_report
from qyx_platform.graphql.scoreboard_types import scoreboard
from qyx_platform.graphql.status_types import JurisdictionType, resolve_jurisdiction


def plan(info: Info) -> PlanDocumentType:
    """The plan document: title, 文号, date, issuer, years, parent plans, main goals."""
    return PlanDocumentType(m=info.context.plan.document)


def domains(info: Info) -> list[DomainType]:
    """The seven domains in plan order (more when plugins add some)."""
    return [DomainType(m=d) for d in info.context.plan.domains]


def domain(info: Info, code: str) -> DomainType | None:
    """One domain by code (youyou, xueyou, …), or null."""
    found = info.context.plan.domain(code)
    return None if found is None else DomainType(m=found)


def indicators(info: Info, domain: str | None = None, core: bool | None = None) -> list[IndicatorType]:
    """Indicators in plan order, optionally of one domain or only core (*) ones."""
    return [
        IndicatorType.of(info, i)
        for i in info.context.plan.indicators
        if (domain is None or i.domain == domain) and (core is None or i.core == core)
    ]


def indicator(info: Info, code: str) -> IndicatorType | None:
    """One indicator by code (youyou.childcare_places_per_1000) or plan number ("1"), or null."""
    found = info.context.plan.find_indicator(code)
    return None if found is None else IndicatorType.of(info, found)


def departments(info: Info) -> list[DepartmentType]:
    """The lead departments (牵头单位)."""
    return [DepartmentType(m=d) for d in info.context.plan.departments]


def jurisdiction(info: Info, code: str) -> JurisdictionType | None:
    """A jurisdiction by GB/T 2260 code (331126 庆元县), or null when unknown."""
    return resolve_jurisdiction(info, code)


def as_field(resolver: Callable[..., Any]) -> StrawberryField:
    """A strawberry field from a resolver function (named after the function, camelCased),
    described in the SDL by the resolver's docstring (its first paragraph)."""
    return cast(StrawberryField, strawberry.field(resolver=resolver, description=description_of(resolver)))


def query_fields() -> Iterator[StrawberryField]:
    """The core's Query fields."""
    for resolver in (
        plan,
        domains,
        domain,
        indicators,
        indicator,
        departments,
        jurisdiction,
        scoreboard,
        problems,
        observations,
        pending_observations,
        audit_log,
        me,
        report,
        report_file,
        frozen_report,
    ):
        yield as_field(resolver)


def mutation_fields() -> Iterator[StrawberryField]:
    """The core's Mutation fields."""
    for resolver in (
        report_observations,
        approve_observation,
        withdraw_observation,
        reject_observation,
        raise_problem,
        start_rectifying,
        close_problem,
        reopen_problem,
        import_observations,
        freeze_report,
        sign_off_report,
    ):
        yield as_field(resolver)
