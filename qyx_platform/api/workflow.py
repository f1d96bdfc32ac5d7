"""Problems (问题清单 → 销号清单) from Python: the list, one problem with its history and
comments, and every step of the workflow (raise, rectify, submit evidence, comment, send
back, close, reopen)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from qyx_platform.errors import QyxError
from qyx_platform.i18n import _, lazy_gettext
from qyx_platform.results import (
    PROBLEM_COLUMNS,
    PROBLEM_COMMENT_COLUMNS,
    PROBLEM_EVENT_COLUMNS,
    Problem,
    ProblemComment,
    ProblemEvent,
    ResultTable,
)

if TYPE_CHECKING:
    from qyx_platform.model import Plan
    from qyx_platform.services.auth import Actor
    from qyx_platform.services.unit_of_work import UnitOfWork
    from qyx_platform.store.tables import ProblemRow

from qyx_platform.api._base import APIBase, _all_pages, _local_operator
from qyx_platform.services.arguments import day, row_id


class WorkflowAPI(APIBase):
    """The problem list and its workflow on :class:`~qyx_platform.platform.Platform`; writes
    take an ``actor`` (default: the local administrator) and check it as GraphQL does."""

    # -- problems (问题清单 → 销号清单) ---------------------------------------------------------

    def problems(
        self, *, status: str | None = None, department: str | None = None, overdue: bool | None = None
    ) -> ResultTable[Problem]:
        """The problem list, oldest first; narrow by ``status`` (open, rectifying, closed,
        reopened), ``department`` or ``overdue``."""
        from qyx_platform.services.problems import ProblemService, ProblemStatus, is_overdue

        wanted = None
        if status is not None:
            try:
                wanted = ProblemStatus(status.strip().lower())
            except ValueError:
                raise QyxError(
                    _("status '{value}': use open, rectifying, closed or reopened", value=status)
                ) from None
        service = ProblemService(self.plan)
        chosen = self._department(department)
        today = self.today()
        with self.sessions() as session:
            rows = _all_pages(
                lambda after, size: service.list(session, wanted, chosen, overdue, after, size, today)[1]
            )
            records = [_problem(r, is_overdue(r, today), self.plan) for r in rows]
        return ResultTable(records, PROBLEM_COLUMNS, lazy_gettext("Problems"))

    def problem(self, problem_id: int) -> Problem:
        """One problem by id (NotFoundError when there is none)."""
        from qyx_platform.services.problems import ProblemService, is_overdue

        with self.sessions() as session:
            row = ProblemService(self.plan).get(session, row_id(problem_id))
            return _problem(row, is_overdue(row, self.today()), self.plan)

    def problem_history(self, problem_id: int) -> ResultTable[ProblemEvent]:
        """Every step of a problem, oldest first (raising it is the first): who, when, from
        which status to which, and the note (GraphQL ``problems { history }``)."""
        from qyx_platform.services.problems import ProblemService

        service = ProblemService(self.plan)
        key = row_id(problem_id)
        with self.sessions() as session:
            service.get(session, key)  # NotFoundError names an unknown id
            events = service.history(session, [key])[key]
            records = [ProblemEvent(key, e.at, e.actor, e.from_status, e.to_status, e.note) for e in events]
        return ResultTable(records, PROBLEM_EVENT_COLUMNS, lazy_gettext("Problem {id}: history", id=key))

    def problem_comments(self, problem_id: int) -> ResultTable[ProblemComment]:
        """The comments on a problem, oldest first (GraphQL ``problems { comments }``)."""
        from qyx_platform.services.problems import ProblemService

        service = ProblemService(self.plan)
        key = row_id(problem_id)
        with self.sessions() as session:
            service.get(session, key)
            records = [
                ProblemComment(key, c.at, c.actor, c.text) for c in service.comments(session, [key])[key]
            ]
        return ResultTable(records, PROBLEM_COMMENT_COLUMNS, lazy_gettext("Problem {id}: comments", id=key))

    def raise_problem(
        self,
        title: str,
        department: str,
        due_date: date | str,
        *,
        description: str | None = None,
        domain: str | None = None,
        indicator: str | None = None,
        task_target: str | None = None,
        project: str | None = None,
        actor: Actor | None = None,
    ) -> Problem:
        """Raise a problem against a department (supervisors and admins), optionally linked to
        a domain, an indicator, a task target or a project; returns it, status open.
        ValidationError names every bad field (a due date in the past, an unknown department,
        links that do not fit together)."""
        from qyx_platform.services.problems import NewProblem, ProblemService

        due = day(due_date, "dueDate")
        new = NewProblem(title, department, due, description, domain, indicator, task_target, project)
        return self._problem_write(
            actor, lambda work: ProblemService(self.plan).raise_problem(work, new, self.today())
        )

    def _problem_write(self, actor: Actor | None, action: Callable[[UnitOfWork], ProblemRow]) -> Problem:
        """One problem action in the actor's unit of work, then the alert rules."""
        from qyx_platform.services.problems import is_overdue

        with self.write(actor or _local_operator()) as work:
            row = action(work)
            result = _problem(row, is_overdue(row, self.today()), self.plan)
        self.after_write()  # a write: the alert rules follow it
        return result

    def _move(
        self, problem_id: int, to: str, evidence: str | None, actor: Actor | None, note: str | None = None
    ) -> Problem:
        from qyx_platform.services.problems import ProblemService, ProblemStatus

        service, key = ProblemService(self.plan), row_id(problem_id)
        return self._problem_write(
            actor, lambda work: service.move(work, key, ProblemStatus(to), evidence, note)
        )

    def start_rectifying(
        self, problem_id: int, *, note: str | None = None, actor: Actor | None = None
    ) -> Problem:
        """Mark a problem as being rectified (整改中): the responsible department's reporter or
        a supervisor; ``note`` is kept in its history."""
        return self._move(problem_id, "rectifying", None, actor, note)

    def send_back_problem(self, problem_id: int, reason: str, *, actor: Actor | None = None) -> Problem:
        """Send a rectifying problem back to its department (→ reopened) with a reason
        (supervisors)."""
        return self._move(problem_id, "reopened", None, actor, reason)

    def submit_problem_evidence(
        self, problem_id: int, evidence: str, *, actor: Actor | None = None
    ) -> Problem:
        """The responsible department (or a supervisor) submits its rectification evidence;
        kept on the problem and in its history, the status stays."""
        from qyx_platform.services.problems import ProblemService

        service, key = ProblemService(self.plan), row_id(problem_id)
        return self._problem_write(actor, lambda work: service.submit_evidence(work, key, evidence))

    def comment_problem(self, problem_id: int, text: str, *, actor: Actor | None = None) -> Problem:
        """Comment on a problem: the responsible department's reporter or a supervisor."""
        from qyx_platform.services.problems import ProblemService

        service, key = ProblemService(self.plan), row_id(problem_id)
        return self._problem_write(actor, lambda work: service.comment(work, key, text))

    def close_problem(self, problem_id: int, evidence: str, *, actor: Actor | None = None) -> Problem:
        """Close a problem with evidence (销号; supervisors)."""
        return self._move(problem_id, "closed", evidence, actor)

    def reopen_problem(self, problem_id: int, *, actor: Actor | None = None) -> Problem:
        """Reopen a closed problem (supervisors)."""
        return self._move(problem_id, "reopened", None, actor)


def _problem(row: ProblemRow, overdue: bool, plan: Plan) -> Problem:
    english = next((d.english_name for d in plan.departments if d.name == row.department), "")
    return Problem(
        id=row.id,
        title=row.title,
        department=row.department,
        english_name=english or "",
        status=row.status,
        due_date=row.due_date,
        overdue=overdue,
        domain=row.domain_code,
        indicator=row.indicator_code,
        description=row.description,
        evidence=row.evidence,
        raised_by=row.raised_by,
        raised_at=row.raised_at,
        closed_at=row.closed_at,
        source=row.source,
        cause=row.cause,
        task_target=row.task_target_code,
        project=row.project_code,
        milestone=row.milestone_code,
        survey=row.survey_id,
    )
