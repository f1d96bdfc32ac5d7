"""Problems (问题清单 → 销号清单), revisions and approval, from Python."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from qyx_platform.errors import NotFoundError, QyxError
from qyx_platform.i18n import _, lazy_gettext
from qyx_platform.model import Period
from qyx_platform.results import (
    PROBLEM_COLUMNS,
    REVISION_COLUMNS,
    Problem,
    ResultTable,
    Revision,
)

if TYPE_CHECKING:
    from qyx_platform.services.auth import Actor
    from qyx_platform.store.tables import ObservationRow, ProblemRow

from qyx_platform.api._base import (
    PAGE,
    APIBase,
    _local_operator,
)


class WorkflowAPI(APIBase):
    """Problems, revisions and approval on :class:`~qyx_platform.platform.Platform`."""

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
        rows: list[ProblemRow] = []
        after = None
        with self.sessions() as session:
            while True:
                _total, page = service.list(session, wanted, chosen, overdue, after, PAGE)
                rows.extend(page)
                if len(page) < PAGE:
                    break
                after = page[-1].id
            today = date.today()
            records = [_problem(r, is_overdue(r, today)) for r in rows]
        return ResultTable(records, PROBLEM_COLUMNS, lazy_gettext("Problems"))

    def raise_problem(
        self,
        title: str,
        department: str,
        due_date: date | str,
        *,
        description: str | None = None,
        domain: str | None = None,
        indicator: str | None = None,
        actor: Actor | None = None,
    ) -> Problem:
        """Raise a problem (supervisors and admins); returns it, status open."""
        from qyx_platform.services.problems import NewProblem, ProblemService

        due = date.fromisoformat(due_date) if isinstance(due_date, str) else due_date
        new = NewProblem(title, department, due, description, domain, indicator)
        with self.write(actor or _local_operator()) as work:
            row = ProblemService(self.plan).raise_problem(work, new)
            return _problem(row, False)

    def _move(self, problem_id: int, to: str, evidence: str | None, actor: Actor | None) -> Problem:
        from qyx_platform.services.problems import ProblemService, ProblemStatus, is_overdue

        with self.write(actor or _local_operator()) as work:
            row = ProblemService(self.plan).move(work, int(problem_id), ProblemStatus(to), evidence)
            return _problem(row, is_overdue(row))

    def start_rectifying(self, problem_id: int, *, actor: Actor | None = None) -> Problem:
        """Mark a problem as being rectified (整改中)."""
        return self._move(problem_id, "rectifying", None, actor)

    def close_problem(self, problem_id: int, evidence: str, *, actor: Actor | None = None) -> Problem:
        """Close a problem with evidence (销号)."""
        return self._move(problem_id, "closed", evidence, actor)

    def reopen_problem(self, problem_id: int, *, actor: Actor | None = None) -> Problem:
        """Reopen a closed problem."""
        return self._move(problem_id, "reopened", None, actor)

    # -- revisions and approval --------------------------------------------------------------

    def observations(
        self,
        indicator: str,
        *,
        jurisdiction: str | None = None,
        period: str | None = None,
        series: str | None = None,
    ) -> ResultTable[Revision]:
        """Every stored revision of an indicator's values (approved or not), oldest first."""
        from qyx_platform.services.history import RevisionFilter, revisions

        found = self._indicator(indicator)
        key = None
        if series is not None:
            chosen = found.find_series(series)
            if chosen is None:
                raise NotFoundError(
                    _("indicator {code} has no series '{series}'", code=found.code, series=series)
                )
            key = chosen.key
        where = RevisionFilter(
            found.code, jurisdiction, None if period is None else str(Period.parse(period)), key
        )
        rows: list[ObservationRow] = []
        after = None
        with self.sessions() as session:
            while True:
                _total, page = revisions(session, where, after, PAGE)
                rows.extend(page)
                if len(page) < PAGE:
                    break
                after = page[-1].id
            records = [_revision(r) for r in rows]
        return ResultTable(records, REVISION_COLUMNS, lazy_gettext("Revisions of {code}", code=found.code))


def _problem(row: ProblemRow, overdue: bool) -> Problem:
    return Problem(
        id=row.id,
        title=row.title,
        department=row.department,
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
    )


def _revision(row: ObservationRow) -> Revision:
    from decimal import Decimal

    return Revision(
        id=row.id,
        indicator=row.indicator_code,
        jurisdiction=row.jurisdiction_code,
        period=row.period,
        series=row.series or None,
        value=Decimal(row.value) if not isinstance(row.value, Decimal) else row.value,
        revision=row.revision,
        approved=bool(row.approved),
        reported_by=row.reported_by,
        reported_at=row.reported_at,
        source=row.source,
        note=row.note,
    )
