"""GraphQL types of the plan: document, domains, departments, indicators, targets, tasks."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from qyx_platform import model
from qyx_platform.graphql.context import Info
from qyx_platform.graphql.fields import described, from_model
from qyx_platform.graphql.scalars import Accumulation, Comparator, Frequency, Granularity, Polarity, Rollup

if TYPE_CHECKING:
    from qyx_platform.graphql.milestone_types import MilestoneStateEnum, MilestoneType
    from qyx_platform.graphql.status_types import IndicatorStatus, TimelineSeries
    from qyx_platform.graphql.supervision_types import TaskTargetStatusType

_SUPERVISION = "qyx_platform.graphql.supervision_types"
_MILESTONES = "qyx_platform.graphql.milestone_types"


@strawberry.type(description="A higher-level plan this plan derives from.")
class ParentPlan:
    """A parent plan (province or city) with its document number."""

    title: str = strawberry.field(description="Title as printed.")
    document_number: str = strawberry.field(description="The 文号 (document number).")
    issuer: str = strawberry.field(description="The issuing government.")


@strawberry.type(name="PlanDocument", description="The plan's own metadata.")
class PlanDocumentType:
    """Title, 文号 (document number), date, issuer, years, parent plans and main goals."""

    m: strawberry.Private[model.PlanDocument]

    title: str = from_model("title", "The plan's title as printed.")
    english_title: str = from_model("english_title", "An English translation of the title.")
    document_number: str = from_model("document_number", "The 文号, e.g. 庆政办发〔2023〕19号.")
    issued: datetime.date = from_model("issued", "The date the notice was issued.")
    issuer: str = from_model("issuer", "The issuing office.")
    start_year: int = from_model("start_year", "First target year.")
    end_year: int = from_model("end_year", "Last target year.")

    @described
    def parents(self) -> list[ParentPlan]:
        """The province and city plans this plan follows."""
        return [
            ParentPlan(title=p.title, document_number=p.document_number, issuer=p.issuer)
            for p in self.m.parents
        ]

    @described
    def main_goals(self) -> list[str]:
        """The plan's main goals (主要目标) for 2027."""
        return list(self.m.main_goals)

    home_jurisdiction: str = from_model(
        "home_jurisdiction", "GB/T 2260 code of the jurisdiction the plan is for."
    )


@strawberry.type(name="Department", description="A county department (部门).")
class DepartmentType:
    """A department, e.g. 县卫生健康局, with the domains it leads (牵头)."""

    m: strawberry.Private[model.Department]

    name: str = from_model("name", "Chinese name as printed in the plan.")
    english_name: str = from_model("english_name", "English name.")

    @described
    def domains(self, info: Info) -> list[DomainType]:
        """The domains this department leads."""
        return [DomainType(m=d) for d in info.context.plan.department_domains(self.m.name)]


@strawberry.type(
    name="Series", description="A disaggregation evaluated on its own (指标 12: 职工, 城乡居民)."
)
class SeriesType:
    """A series of an indicator."""

    key: str = strawberry.field(description="Stable key, e.g. 职工.")
    name: str = strawberry.field(description="Chinese name as printed.")
    english_name: str = strawberry.field(description="English name.")


@strawberry.type(description="A cell of the plan table: one year (2022 = baseline) and series.")
class Target:
    """A yearly target as printed (``text``) and as parsed (``comparator``, ``value``)."""

    year: int = strawberry.field(description="The year of the cell (2022: the baseline).")
    series: str | None = strawberry.field(description="Series key, null for an indicator without series.")
    comparator: Comparator = strawberry.field(description="How a value is compared with the cell.")
    value: Decimal | None = strawberry.field(description="The number of the cell, if any.")
    text: str = strawberry.field(description="The cell exactly as printed.")
    is_baseline: bool = strawberry.field(description="True for the 2022 baseline cell.")

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


@strawberry.type(name="Indicator", description="A plan indicator (指标) with its yearly targets.")
class IndicatorType:
    """An indicator: code, plan number, names, unit, polarity and every target cell."""

    m: strawberry.Private[model.Indicator]
    code: str = from_model("code", "Stable code, e.g. youyou.childcare_places_per_1000.")
    plan_number: int = from_model("plan_number", "序号 in the plan table (1-26).")
    name: str = from_model("name", "Chinese name as printed in the plan.")
    english_name: str = from_model("english_name", "English name.")
    unit: str = from_model("unit", "Unit as printed, e.g. %, 万人次, 元.")
    english_unit: str = from_model("english_unit", "Unit in English.")
    core: bool = from_model("core", "A provincial core indicator (marked * in the plan).")

    @described
    def polarity(self) -> Polarity:
        """Whether a higher or a lower value is better."""
        return Polarity(self.m.polarity.value)

    @described
    def accumulation(self) -> Accumulation:
        """How values add up over time: a level, a year-to-date flow, a cumulative total, a rate."""
        return Accumulation(self.m.accumulation.value)

    @described
    def rollup(self) -> Rollup:
        """How jurisdictions combine: a sum, a weighted mean, or not at all."""
        return Rollup(self.m.rollup.value)

    min_value: Decimal | None = from_model("min_value", "The smallest valid value, if any.")
    max_value: Decimal | None = from_model("max_value", "The largest valid value, if any.")
    #: target cells as GraphQL objects by series filter, built once (the object is shared)
    _cells: strawberry.Private[dict[str | None, list[Target]]] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, info: Info, m: model.Indicator) -> IndicatorType:
        """The GraphQL object of a plan indicator, shared by every place of one request that
        shows it (so its target cells are built once per request)."""
        known = info.context.indicator_types
        found = known.get(m.code)
        if found is None or found.m is not m:
            found = known[m.code] = cls(m=m)
        return found

    @described
    def frequency(self) -> Frequency:
        """How often it is reported (月报, 季报, 年报); `reasons` says why."""
        return Frequency(self.m.frequency.value)

    @strawberry.field(description="The reasons recorded for polarity, accumulation, roll-up and frequency.")
    def reasons(self) -> list[str]:
        """One line per topic: 'topic: reason'."""
        return [f"{topic}: {reason}" for topic, reason in self.m.reasons if reason]

    @described
    def domain(self, info: Info) -> DomainType:
        """The domain the indicator belongs to."""
        found = info.context.plan.domain(self.m.domain)
        assert found is not None  # the catalogue guarantees it
        return DomainType(m=found)

    @described
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

    code: str = from_model("code", "Stable code, reported as `indicator` in reportObservations.")
    year: int = from_model("year", "Deadline year.")
    frequency_reason: str = from_model("frequency_reason", "Why it is reported that often.")
    yes_no: bool = from_model(
        "yes_no", "True for a yes/no target (建成…, 创成…, 全覆盖): reported as 1 or 0."
    )

    @described
    def frequency(self) -> Frequency:
        """How often it is reported (月报, 季报, 年报)."""
        return Frequency(self.m.frequency.value)

    @described
    def status(
        self, info: Info, period: str, jurisdiction: str | None = None
    ) -> Annotated[TaskTargetStatusType, strawberry.lazy(_SUPERVISION)]:
        """Where the target stands in a period (default jurisdiction: the home county), judged
        against its deadline year (docs/evaluation.md §9)."""
        from qyx_platform.graphql.supervision_types import resolve_task_target_status

        return resolve_task_target_status(info, self.m.code, period, jurisdiction)

    subject: str = from_model("subject", "What is measured, in the plan's words.")
    english_subject: str = from_model("english_subject", "What is measured, in English.")

    @described
    def comparator(self) -> Comparator:
        """How the value is compared (MILESTONE: a yes/no target)."""
        return Comparator(self.m.comparator.value)

    value: Decimal | None = from_model("value", "The number, if any.")
    unit: str | None = from_model("unit", "The unit, if any.")
    text: str = from_model("text", "The plan's exact phrase.")
    recurring: bool = from_model("recurring", "True for 每年/保持 targets, judged every year.")

    @described
    def indicator(self, info: Info) -> IndicatorType | None:
        """The table indicator this target restates, if any."""
        if self.m.indicator is None:
            return None
        return IndicatorType.of(info, info.context.plan.indicator(self.m.indicator))


@strawberry.type(name="Project", description="A named project (项目).")
class ProjectType:
    """A project of a domain, tied to one of its tasks."""

    m: strawberry.Private[model.Project]

    code: str = from_model("code", "Stable code.")
    name: str = from_model("name", "Name as printed.")
    english_name: str = from_model("english_name", "English name.")
    task_number: int | None = from_model("task", "The number of the task it belongs to.")
    text: str = from_model("text", "The phrase naming it in the plan.")

    @described
    def milestones(self, info: Info) -> list[Annotated[MilestoneType, strawberry.lazy(_MILESTONES)]]:
        """The plan's milestones and the work items added since, in order; cancelled ones
        included (they keep their history)."""
        from qyx_platform.graphql.milestone_types import MilestoneType, project_milestones

        return [MilestoneType(row=r) for r in project_milestones(info, self.m.code)]

    @described
    def state(self, info: Info) -> Annotated[MilestoneStateEnum, strawberry.lazy(_MILESTONES)]:
        """From the milestones that are not cancelled: OVERDUE if one is, DONE/DONE_LATE when all
        are done, DUE_SOON, else PLANNED."""
        from qyx_platform.graphql.milestone_types import project_state

        return project_state(info, self.m.code)


@strawberry.type(name="Task", description="A numbered key task (重点任务) of a domain.")
class TaskType:
    """A key task with its dated targets and projects."""

    m: strawberry.Private[model.Task]

    code: str = from_model("code", "Stable code, <domain>.task<number>.")
    number: int = from_model("number", "Number within the domain.")
    title: str = from_model("title", "Title as printed.")
    english_title: str = from_model("english_title", "Title in English.")

    @described
    def targets(self) -> list[TaskTarget]:
        """The dated targets of the prose."""
        return [TaskTarget(m=t) for t in self.m.targets]

    @described
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

    code: str = from_model("code", "Stable code (the plugin folder), e.g. youyou.")
    order: int = from_model("order", "Position in the plan, 1-7.")
    name: str = from_model("name", "Chinese name, e.g. 幼有善育.")
    english_name: str = from_model("english_name", "English name.")
    brand: str = from_model("brand", "The brand (品牌), e.g. 幸福菇乡、善育庆元.")
    summary: str = from_model("summary", "The domain's opening statement.")

    @strawberry.field(description="The lead department (牵头单位).")
    def lead_department(self) -> DepartmentType:
        """The lead department."""
        return DepartmentType(m=self.m.lead_department)

    @described
    def indicators(self, info: Info) -> list[IndicatorType]:
        """Indicators in plan order."""
        return [IndicatorType.of(info, i) for i in info.context.plan.domain_indicators(self.m.code)]

    @described
    def tasks(self, info: Info) -> list[TaskType]:
        """Key tasks in order."""
        return [TaskType(m=t) for t in info.context.plan.domain_tasks(self.m.code)]

    @described
    def projects(self, info: Info) -> list[ProjectType]:
        """Named projects."""
        return [ProjectType(m=p) for p in info.context.plan.domain_projects(self.m.code)]
