"""Supervision (plan section 三, 保障举措) from Python: task targets and their states,
projects and their milestones (the annual work list), reporting timeliness, satisfaction
surveys."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from qyx_platform.i18n import lazy_gettext
from qyx_platform.model import Period
from qyx_platform.results import (
    DEPARTMENT_REPORTING_COLUMNS,
    MILESTONE_COLUMNS,
    MILESTONE_EVENT_COLUMNS,
    MISSING_REPORT_COLUMNS,
    PROJECT_COLUMNS,
    SURVEY_COLUMNS,
    TASK_TARGET_COLUMNS,
    DepartmentReporting,
    MilestoneEvent,
    MilestoneProgress,
    MissingReport,
    ProjectProgress,
    ResultTable,
    Survey,
    TaskTargetState,
    Timeliness,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from qyx_platform.model import DeadlineRule
    from qyx_platform.services.auth import Actor
    from qyx_platform.services.milestones import MilestoneService
    from qyx_platform.services.surveys import SurveyReading
    from qyx_platform.services.unit_of_work import UnitOfWork
    from qyx_platform.store.tables import MilestoneRow

from qyx_platform.api._base import APIBase, _local_operator
from qyx_platform.services.arguments import day


class SupervisionAPI(APIBase):
    """Task targets, projects and milestones, timeliness and surveys on
    :class:`~qyx_platform.platform.Platform`; writes take an ``actor`` (default: the local
    administrator) and check it as GraphQL does."""

    if TYPE_CHECKING:
        engine: Engine
        deadlines: DeadlineRule

    # -- task targets ----------------------------------------------------------------------

    def task_targets(
        self, period: str | int, *, domain: str | None = None, jurisdiction: str | None = None
    ) -> ResultTable[TaskTargetState]:
        """Where each task target (the dated targets of the key tasks' prose) stands in
        ``period`` in ``jurisdiction`` (default: the home county), in plan order; ``domain``
        narrows to one domain. The GraphQL ``domain { tasks { targets { status } } }``."""
        from qyx_platform.services.task_targets import TaskTargetStatus

        asked = Period.parse(str(period).strip())
        chosen = self._domain(domain)
        where = self._jurisdiction(jurisdiction)
        service = TaskTargetStatus(self.plan, self._readings())
        records = []
        for task, target in self.plan.task_targets:
            if chosen is not None and task.domain != chosen:
                continue
            e = service.status(target.code, asked, where)
            records.append(
                TaskTargetState(
                    code=target.code,
                    domain=task.domain,
                    task=task.number,
                    subject=target.subject,
                    english_subject=target.english_subject,
                    text=target.text,
                    year=target.year,
                    frequency=target.frequency.value,
                    yes_no=target.yes_no,
                    jurisdiction=where,
                    period=str(e.period),
                    state=e.state.value,
                    actual=e.actual,
                    checkpoint=e.checkpoint,
                    gap=e.gap,
                    note=str(e.note),
                )
            )
        title = lazy_gettext(
            "Task targets in {period}, {jurisdiction}", period=asked, jurisdiction=self.place(where)
        )
        return ResultTable(records, TASK_TARGET_COLUMNS, title)

    # -- projects and milestones -----------------------------------------------------------

    def projects(self, *, domain: str | None = None) -> ResultTable[ProjectProgress]:
        """The named projects (of one ``domain``, or all) in plan order, each with its state
        from its milestones as of today (GraphQL ``domain { projects { state } }``)."""
        from qyx_platform.services.milestones import MilestoneService

        chosen = self._domain(domain)
        with self.sessions() as session:
            found = MilestoneService(self.plan).progress(session, self.today(), chosen)
        records = [
            ProjectProgress(
                code=project.code,
                domain=project.domain,
                name=project.name,
                english_name=project.english_name,
                task=project.task,
                state=progress.state.value,
                milestones=progress.milestones,
                done=progress.done,
                overdue=progress.overdue,
            )
            for project, progress in found
        ]
        return ResultTable(records, PROJECT_COLUMNS, lazy_gettext("Projects"))

    def milestones(
        self, project: str | None = None, *, domain: str | None = None
    ) -> ResultTable[MilestoneProgress]:
        """The milestones of one ``project`` (its code, or its name when unique), of a
        ``domain``'s projects, or of all: the plan's own and the work items added since, in
        order, cancelled ones included (GraphQL ``projects { milestones }``)."""
        from qyx_platform.errors import NotFoundError
        from qyx_platform.services.milestones import MilestoneService, unknown_project

        service = MilestoneService(self.plan)
        chosen = self._domain(domain)
        codes = None
        if project is not None:
            found = service.project(project)
            if found is None:
                raise NotFoundError(unknown_project(project))
            codes = [found.code]
        elif chosen is not None:
            codes = [p.code for p in self.plan.domain_projects(chosen)]
        today = self.today()
        with self.sessions() as session:
            by_project = service.of_projects(session, codes)
        order = codes if codes is not None else [p.code for p in self.plan.projects]
        records = [_milestone(row, today) for code in order for row in by_project.get(code, [])]
        return ResultTable(records, MILESTONE_COLUMNS, lazy_gettext("Milestones"))

    def milestone_history(self, code: str) -> ResultTable[MilestoneEvent]:
        """Every change of a milestone, oldest first (GraphQL ``milestones { history }``)."""
        from qyx_platform.services.milestones import MilestoneService

        service = MilestoneService(self.plan)
        with self.sessions() as session:
            service.get(session, code)  # NotFoundError names an unknown code
            records = [
                MilestoneEvent(code, e.at, e.actor, e.action, e.note) for e in service.history(session, code)
            ]
        return ResultTable(records, MILESTONE_EVENT_COLUMNS, lazy_gettext("Milestone {code}", code=code))

    def _milestone_write(
        self, actor: Actor | None, action: Callable[[UnitOfWork, MilestoneService], MilestoneRow]
    ) -> MilestoneProgress:
        from qyx_platform.services.milestones import MilestoneService

        service = MilestoneService(self.plan)
        with self.write(actor or _local_operator()) as work:
            result = _milestone(action(work, service), self.today())
        self.after_write()  # a write: the alert rules follow it
        return result

    def add_milestone(
        self,
        project: str,
        title: str,
        due_date: date | str,
        *,
        department: str | None = None,
        note: str | None = None,
        actor: Actor | None = None,
    ) -> MilestoneProgress:
        """Add a work item (年度工作清单) to a project: a supervisor or a reporter of the
        project's lead department; ``department`` responsible (default: the lead department).
        ValidationError names every bad field (an unknown project, a due date in the past …)."""
        from qyx_platform.services.milestones import NewMilestone

        new = NewMilestone(project, title, day(due_date, "dueDate"), department, note)
        today = self.today()
        return self._milestone_write(actor, lambda work, service: service.add(work, new, today))

    def complete_milestone(
        self, code: str, done_date: date | str, evidence: str, *, actor: Actor | None = None
    ) -> MilestoneProgress:
        """Mark a milestone done on ``done_date`` (not in the future) with its evidence."""
        done, today = day(done_date, "doneDate"), self.today()
        return self._milestone_write(
            actor, lambda work, service: service.complete(work, code, done, evidence, today)
        )

    def cancel_milestone(self, code: str, reason: str, *, actor: Actor | None = None) -> MilestoneProgress:
        """Cancel a milestone that is not done, with a reason (it keeps its history)."""
        return self._milestone_write(actor, lambda work, service: service.cancel(work, code, reason))

    # -- timeliness ------------------------------------------------------------------------

    def timeliness(self, period: str | int, *, jurisdiction: str | None = None) -> Timeliness:
        """Reporting timeliness (报送及时性) of one cycle: ``2025-07`` (monthly items),
        ``2025Q3`` (quarterly items) or ``2025`` (yearly items) in ``jurisdiction`` (default:
        the home county): every department's expected, on-time, late, missing and pending
        reports, and the reports missing (GraphQL ``timeliness``, ``qyx timeliness``)."""
        from qyx_platform.services.timeliness import TimelinessService

        asked = Period.parse(str(period).strip())
        where = self._jurisdiction(jurisdiction)
        result = TimelinessService(self.plan, self.engine, self.deadlines).cycle(asked, self.today(), where)
        english = {d.name: d.english_name for d in self.plan.departments}
        departments = [
            DepartmentReporting(
                d.department,
                english.get(d.department, ""),
                d.expected,
                d.on_time,
                d.late,
                d.missing,
                d.pending,
            )
            for d in result.departments
        ]
        missing = [
            MissingReport(d.department, english.get(d.department, ""), code, cycle)
            for d in result.departments
            for code, cycle in d.missing_items
        ]
        place = self.place(where)
        return Timeliness(
            str(result.period),
            result.deadline,
            where,
            ResultTable(
                departments,
                DEPARTMENT_REPORTING_COLUMNS,
                lazy_gettext(
                    "Reports for {period}, {jurisdiction} (deadline {deadline})",
                    period=result.period,
                    jurisdiction=place,
                    deadline=result.deadline,
                ),
            ),
            ResultTable(
                missing,
                MISSING_REPORT_COLUMNS,
                lazy_gettext(
                    "Missing reports for {period}, {jurisdiction}", period=result.period, jurisdiction=place
                ),
            ),
        )

    # -- surveys ---------------------------------------------------------------------------

    def surveys(self, domain: str | None = None, *, jurisdiction: str | None = None) -> ResultTable[Survey]:
        """Satisfaction surveys (群众满意度测评) of a ``domain`` (or of every domain) in period
        order, each with its margin of error and its change from the survey before; every
        jurisdiction unless one is given (GraphQL ``surveys``)."""
        from qyx_platform.services.surveys import SurveyService

        chosen = self._domain(domain)
        with self.sessions() as session:
            readings = SurveyService(self.plan).list(session, chosen, jurisdiction)
            records = [_survey(r) for r in readings]
        return ResultTable(records, SURVEY_COLUMNS, lazy_gettext("Satisfaction surveys"))

    def record_survey(
        self,
        domain: str,
        period: str,
        satisfied: Decimal | str,
        sample_size: int,
        *,
        jurisdiction: str | None = None,
        note: str | None = None,
        actor: Actor | None = None,
    ) -> Survey:
        """Record a satisfaction survey: ``satisfied`` the share satisfied, 0-100 (%), as a
        Decimal or text (never a float); ``sample_size`` at least 1; ``jurisdiction`` default
        the home county. A supervisor, or a reporter of the domain's lead department.
        ValidationError names every bad field; one survey per domain, jurisdiction and period."""
        from qyx_platform.services.surveys import NewSurvey, SurveyService

        service = SurveyService(self.plan)
        new = NewSurvey(domain, period, satisfied, sample_size, jurisdiction, note)
        today = self.today()
        with self.write(actor or _local_operator()) as work:
            row = service.record(work, new, today)
        self.after_write()  # a write: the alert rules follow it
        with self.sessions() as session:
            return _survey(service.reading(session, row.id))


def _milestone(row: MilestoneRow, today: date) -> MilestoneProgress:
    from qyx_platform.services.milestones import milestone_state

    return MilestoneProgress(
        code=row.code,
        project=row.project_code,
        title=row.title,
        department=row.department,
        due_date=row.due_date,
        done_date=row.done_date,
        evidence=row.evidence,
        note=row.note,
        from_plan=row.origin == "plan",
        cancelled=row.cancelled_at is not None,
        state=milestone_state(row, today).value,
    )


def _survey(reading: SurveyReading) -> Survey:
    row, change, before = reading.row, reading.change, reading.previous
    moved = change if before is not None else None  # as GraphQL's ``change``: both or neither
    return Survey(
        id=row.id,
        domain=row.domain_code,
        jurisdiction=row.jurisdiction_code,
        period=row.period,
        satisfied=reading.satisfied,
        sample_size=row.sample_size,
        margin_of_error=reading.margin,
        note=row.note,
        previous_period=None if moved is None or before is None else before.period,
        difference=None if moved is None else moved.difference,
        threshold=None if moved is None else moved.threshold,
        significant=None if moved is None else moved.significant,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
    )
