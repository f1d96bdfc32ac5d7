"""GraphQL types of the plan: document, domains, departments, indicators, targets, tasks."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from qyx_platform import model
from qyx_platform.graphql.context import Info
from qyx_platform.graphql.scalars import Accumulation, Comparator, Granularity, Polarity, Rollup

if TYPE_CHECKING:
    from qyx_platform.graphql.status_types import IndicatorStatus, TimelineSeries


@strawberry.type(description="A higher-level plan this plan derives from.")
class ParentPlan:
    """A parent plan (province or city) with its document number."""

    title: str
    document_number: str
    issuer: str


@strawberry.type(name="PlanDocument", description="The plan's own metadata.")
class PlanDocumentType:
    """Title, 文号 (document number), date, issuer, years, parent plans and main goals."""

    m: strawberry.Private[model.PlanDocument]

    @strawberry.field
    def title(self) -> str:
        """The plan's title as printed."""
        return self.m.title

    @strawberry.field
    def english_title(self) -> str:
        """An English translation of the title."""
        return self.m.english_title

    @strawberry.field(description="The 文号, e.g. 庆政办发〔2023〕19号.")
    def document_number(self) -> str:
        """The document number."""
        return self.m.document_number

    @strawberry.field
    def issued(self) -> datetime.date:
        """The date the notice was issued."""
        return self.m.issued

    @strawberry.field
    def issuer(self) -> str:
        """The issuing office."""
        return self.m.issuer

    @strawberry.field
    def start_year(self) -> int:
        """First target year."""
        return self.m.start_year

    @strawberry.field
    def end_year(self) -> int:
        """Last target year."""
        return self.m.end_year

    @strawberry.field
    def parents(self) -> list[ParentPlan]:
        """The province and city plans this plan follows."""
        return [
            ParentPlan(title=p.title, document_number=p.document_number, issuer=p.issuer)
            for p in self.m.parents
        ]

    @strawberry.field
    def main_goals(self) -> list[str]:
        """The plan's main goals (主要目标) for 2027."""
        return list(self.m.main_goals)

    @strawberry.field
    def home_jurisdiction(self) -> str:
        """GB/T 2260 code of the jurisdiction the plan is for."""
        return self.m.home_jurisdiction


@strawberry.type(name="Department", description="A county department (部门).")
class DepartmentType:
    """A department, e.g. 县卫生健康局, with the domains it leads (牵头)."""

    m: strawberry.Private[model.Department]

    @strawberry.field
    def name(self) -> str:
        """Chinese name as printed in the plan."""
        return self.m.name

    @strawberry.field
    def english_name(self) -> str:
        """English name."""
        return self.m.english_name

    @strawberry.field
    def domains(self, info: Info) -> list[DomainType]:
        """The domains this department leads."""
        return [DomainType(m=d) for d in info.context.plan.department_domains(self.m.name)]


@strawberry.type(
    name="Series", description="A disaggregation evaluated on its own (指标 12: 职工, 城乡居民)."
)
class SeriesType:
    """A series of an indicator."""

    key: str
    name: str
    english_name: str


@strawberry.type(description="A cell of the plan table: one year (2022 = baseline) and series.")
class Target:
    """A yearly target as printed (``text``) and as parsed (``comparator``, ``value``)."""

    year: int
    series: str | None
    comparator: Comparator
    value: Decimal | None
    text: str
    is_baseline: bool

    @staticmethod
    def of(year: int, series: str | None, e: model.TargetExpression) -> Target:
        """Build from a model expression."""
        return Target(
            year=year,
            series=series,
            comparator=Comparator(e.comparator.value),
            value=e.value,
            text=e.text,
            is_baseline=year == model.BASELINE_YEAR,
        )


#: one GraphQL object per plan indicator (by identity), built once: plan data never changes


@strawberry.type(name="Indicator", description="A plan indicator (指标) with its yearly targets.")
class IndicatorType:
    """An indicator: code, plan number, names, unit, polarity and every target cell."""

    m: strawberry.Private[model.Indicator]
    code: str = strawberry.field(description="Stable code, e.g. youyou.childcare_places_per_1000.")
    plan_number: int = strawberry.field(description="序号 in the plan table (1-26).")
    name: str
    english_name: str
    unit: str
    english_unit: str
    core: bool = strawberry.field(description="A provincial core indicator (marked * in the plan).")
    polarity: Polarity
    accumulation: Accumulation
    rollup: Rollup
    min_value: Decimal | None
    max_value: Decimal | None
    #: target cells as GraphQL objects by series filter, built once (the object is shared)
    _cells: strawberry.Private[dict[str | None, list[Target]]] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, info: Info, m: model.Indicator) -> IndicatorType:
        """The GraphQL object of a plan indicator, shared by every place of one request that
        shows it (so its target cells are built once per request)."""
        known = info.context.indicator_types
        found = known.get(m.code)
        if found is None or found.m is not m:
            found = known[m.code] = cls(
                m=m,
                code=m.code,
                plan_number=m.plan_number,
                name=m.name,
                english_name=m.english_name,
                unit=m.unit,
                english_unit=m.english_unit,
                core=m.core,
                polarity=Polarity(m.polarity.value),
                accumulation=Accumulation(m.accumulation.value),
                rollup=Rollup(m.rollup.value),
                min_value=m.min_value,
                max_value=m.max_value,
            )
        return found

    @strawberry.field(description="The reasons recorded for polarity, accumulation and roll-up.")
    def reasons(self) -> list[str]:
        """One line per topic: 'topic: reason'."""
        return [f"{topic}: {reason}" for topic, reason in self.m.reasons if reason]

    @strawberry.field
    def domain(self, info: Info) -> DomainType:
        """The domain the indicator belongs to."""
        found = info.context.plan.domain(self.m.domain)
        assert found is not None  # the catalogue guarantees it
        return DomainType(m=found)

    @strawberry.field
    def series(self) -> list[SeriesType]:
        """Series evaluated separately (empty for most indicators)."""
        return [SeriesType(key=s.key, name=s.name, english_name=s.english_name) for s in self.m.series]

    @strawberry.field(description="Every cell, 2022 (baseline) to 2027; one per series and year.")
    def targets(self, series: str | None = None) -> list[Target]:
        """The yearly targets, optionally of one series."""
        wanted = self.m.series_key_for(series)
        cells = self._cells.get(wanted)
        if cells is None:
            cells = self._cells[wanted] = [
                Target.of(t.year, t.series, t.expression)
                for t in self.m.targets
                if wanted is None or t.series == wanted
            ]
        return list(cells)

    @strawberry.field(description="Where the indicator stands in a period: one entry per series.")
    def status(
        self, info: Info, period: str, jurisdiction: str | None = None
    ) -> list[Annotated[IndicatorStatus, strawberry.lazy("qyx_platform.graphql.status_types")]]:
        """Evaluation of the current values against the plan."""
        from qyx_platform.graphql.status_types import resolve_status

        return resolve_status(info, self.m, period, jurisdiction)

    @strawberry.field(description="Values of every jurisdiction under a parent, as parallel lists.")
    async def timeline(
        self,
        info: Info,
        under: str,
        granularity: Granularity,
    ) -> list[Annotated[TimelineSeries, strawberry.lazy("qyx_platform.graphql.status_types")]]:
        """The compact series shape for charts."""
        from qyx_platform.graphql.status_types import resolve_timeline

        return await resolve_timeline(info, self.m, under, granularity)


@strawberry.type(description="A dated target from a key task's prose.")
class TaskTarget:
    """E.g. 到2027年，建成1家托育综合服务中心: year 2027, AT_LEAST 1 家."""

    m: strawberry.Private[model.TaskTarget]

    @strawberry.field
    def year(self) -> int:
        """Deadline year."""
        return self.m.year

    @strawberry.field
    def subject(self) -> str:
        """What is measured, in the plan's words."""
        return self.m.subject

    @strawberry.field
    def english_subject(self) -> str:
        """What is measured, in English."""
        return self.m.english_subject

    @strawberry.field
    def comparator(self) -> Comparator:
        """How the value is compared (MILESTONE: a yes/no target)."""
        return Comparator(self.m.comparator.value)

    @strawberry.field
    def value(self) -> Decimal | None:
        """The number, if any."""
        return self.m.value

    @strawberry.field
    def unit(self) -> str | None:
        """The unit, if any."""
        return self.m.unit

    @strawberry.field(description="The plan's exact phrase.")
    def text(self) -> str:
        """The phrase."""
        return self.m.text

    @strawberry.field
    def recurring(self) -> bool:
        """True for 每年 (every year) targets."""
        return self.m.recurring

    @strawberry.field
    def indicator(self, info: Info) -> IndicatorType | None:
        """The table indicator this target restates, if any."""
        if self.m.indicator is None:
            return None
        return IndicatorType.of(info, info.context.plan.indicator(self.m.indicator))


@strawberry.type(description="A planned milestone of a project.")
class Milestone:
    """A dated step of a project."""

    year: int
    title: str


@strawberry.type(name="Project", description="A named project (项目).")
class ProjectType:
    """A project of a domain, tied to one of its tasks."""

    m: strawberry.Private[model.Project]

    @strawberry.field
    def code(self) -> str:
        """Stable code."""
        return self.m.code

    @strawberry.field
    def name(self) -> str:
        """Name as printed."""
        return self.m.name

    @strawberry.field
    def english_name(self) -> str:
        """English name."""
        return self.m.english_name

    @strawberry.field
    def task_number(self) -> int | None:
        """The number of the task it belongs to."""
        return self.m.task

    @strawberry.field
    def text(self) -> str:
        """The phrase naming it in the plan."""
        return self.m.text

    @strawberry.field
    def milestones(self) -> list[Milestone]:
        """Planned milestones."""
        return [Milestone(year=m.year, title=m.title) for m in self.m.milestones]


@strawberry.type(name="Task", description="A numbered key task (重点任务) of a domain.")
class TaskType:
    """A key task with its dated targets and projects."""

    m: strawberry.Private[model.Task]

    @strawberry.field
    def code(self) -> str:
        """Stable code, <domain>.task<number>."""
        return self.m.code

    @strawberry.field
    def number(self) -> int:
        """Number within the domain."""
        return self.m.number

    @strawberry.field
    def title(self) -> str:
        """Title as printed."""
        return self.m.title

    @strawberry.field
    def english_title(self) -> str:
        """Title in English."""
        return self.m.english_title

    @strawberry.field
    def targets(self) -> list[TaskTarget]:
        """The dated targets of the prose."""
        return [TaskTarget(m=t) for t in self.m.targets]

    @strawberry.field
    def projects(self, info: Info) -> list[ProjectType]:
        """Projects of this task."""
        return [
            ProjectType(m=p)
            for p in info.context.plan.domain_projects(self.m.domain)
            if p.task == self.m.number
        ]


@strawberry.type(name="Domain", description="One of the seven 优享 domains.")
class DomainType:
    """A domain: brand, lead department, indicators, tasks and projects."""

    m: strawberry.Private[model.Domain]

    @strawberry.field
    def code(self) -> str:
        """Stable code (the plugin folder), e.g. youyou."""
        return self.m.code

    @strawberry.field
    def order(self) -> int:
        """Position in the plan, 1-7."""
        return self.m.order

    @strawberry.field
    def name(self) -> str:
        """Chinese name, e.g. 幼有善育."""
        return self.m.name

    @strawberry.field
    def english_name(self) -> str:
        """English name."""
        return self.m.english_name

    @strawberry.field(description="The brand (品牌), e.g. 幸福菇乡、善育庆元.")
    def brand(self) -> str:
        """The brand slogan."""
        return self.m.brand

    @strawberry.field
    def summary(self) -> str:
        """The domain's opening statement."""
        return self.m.summary

    @strawberry.field(description="The lead department (牵头单位).")
    def lead_department(self) -> DepartmentType:
        """The lead department."""
        return DepartmentType(m=self.m.lead_department)

    @strawberry.field
    def indicators(self, info: Info) -> list[IndicatorType]:
        """Indicators in plan order."""
        return [IndicatorType.of(info, i) for i in info.context.plan.domain_indicators(self.m.code)]

    @strawberry.field
    def tasks(self, info: Info) -> list[TaskType]:
        """Key tasks in order."""
        return [TaskType(m=t) for t in info.context.plan.domain_tasks(self.m.code)]

    @strawberry.field
    def projects(self, info: Info) -> list[ProjectType]:
        """Named projects."""
        return [ProjectType(m=p) for p in info.context.plan.domain_projects(self.m.code)]
