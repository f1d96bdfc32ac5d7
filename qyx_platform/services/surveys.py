"""Recording and listing satisfaction surveys (群众满意度测评) per domain and jurisdiction.

A survey is recorded once per domain, jurisdiction (default: the home county) and period; the
share satisfied must be 0-100 and the sample size at least 1. Every bad field is named and
nothing is written. A supervisor records surveys, and so may a reporter of the domain's lead
department.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from qyx_platform.errors import NotFoundError, PermissionDeniedError, QyxError, RowError, ValidationError
from qyx_platform.evaluation.surveys import Change, change, margin_of_error
from qyx_platform.i18n import _
from qyx_platform.model import BASELINE_YEAR, Plan, level_of, parse_period
from qyx_platform.services.checks import acts_for, lead_department
from qyx_platform.services.text import text_problem
from qyx_platform.services.unit_of_work import UnitOfWork
from qyx_platform.store.tables import SurveyRow

#: the largest sample accepted (a survey of more people than the province has is a typo)
MAX_SAMPLE = 100_000_000


@dataclass(frozen=True)
class NewSurvey:
    """A survey to record; ``satisfied`` may be a Decimal or text such as ``"86.5"``."""

    domain: str
    period: str
    satisfied: Decimal | str
    sample_size: int
    jurisdiction: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class SurveyReading:
    """A stored survey with its margin of error and the change from the previous survey of the
    same domain and jurisdiction (None for the first)."""

    row: SurveyRow
    satisfied: Decimal
    margin: Decimal
    previous: SurveyRow | None
    change: Change | None


class SurveyService:
    """Record and list surveys."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    def record(self, work: UnitOfWork, new: NewSurvey, today: date) -> SurveyRow:
        """Validate and store one survey; raise ValidationError naming every bad field."""
        session, actor = work.session, work.actor
        from qyx_platform.services.observations import parse_value

        errors: list[RowError] = []
        domain = self.plan.domain(new.domain) if isinstance(new.domain, str) else None
        if domain is None:
            codes = ", ".join(d.code for d in self.plan.domains)
            errors.append(
                RowError(
                    0,
                    "domain",
                    _("unknown domain {domain}; use one of {codes}", domain=repr(new.domain), codes=codes),
                )
            )
        elif not acts_for(actor, lead_department(self.plan, domain.code)):
            raise PermissionDeniedError(
                _(
                    "recording a survey of {domain_code} needs a supervisor "
                    "or a reporter of {lead_department}",
                    domain_code=domain.code,
                    lead_department=lead_department(self.plan, domain.code),
                )
            )
        period = None
        try:
            period = parse_period(str(new.period).strip())
            if not BASELINE_YEAR <= period.year <= self.plan.document.end_year:
                errors.append(
                    RowError(
                        0,
                        "period",
                        _(
                            "{period} is outside the plan, {BASELINE_YEAR}-{end_year}",
                            period=period,
                            BASELINE_YEAR=BASELINE_YEAR,
                            end_year=self.plan.document.end_year,
                        ),
                    )
                )
                period = None
            elif period.start_month and date(period.year, period.start_month, 1) > today:
                errors.append(
                    RowError(
                        0,
                        "period",
                        _("{period} has not begun yet (today is {today})", period=period, today=today),
                    )
                )
                period = None
        except QyxError as exc:
            errors.append(RowError(0, "period", str(exc)))
        share: Decimal | None = None
        try:
            share = parse_value(new.satisfied)
            if not Decimal(0) <= share <= Decimal(100):
                errors.append(
                    RowError(0, "satisfied", _("{share} is not a share: give 0-100 (%)", share=share))
                )
                share = None
            elif -share.as_tuple().exponent > 4:  # type: ignore[operator]  # finite: an int
                errors.append(
                    RowError(0, "satisfied", _("{share}: give at most 4 decimal places", share=share))
                )
                share = None
        except QyxError as exc:
            errors.append(
                RowError(0, "satisfied", _("{exc}; give the share satisfied as 0-100 (%)", exc=exc))
            )
        size = new.sample_size
        if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_SAMPLE:
            errors.append(
                RowError(
                    0,
                    "sampleSize",
                    _(
                        "{size}: the sample size must be 1-{MAX_SAMPLE}",
                        size=repr(size),
                        MAX_SAMPLE=MAX_SAMPLE,
                    ),
                )
            )
        jurisdiction = (new.jurisdiction or "").strip() or self.plan.document.home_jurisdiction
        try:
            level_of(jurisdiction)
            if jurisdiction[:2] != self.plan.document.home_jurisdiction[:2]:
                errors.append(
                    RowError(
                        0,
                        "jurisdiction",
                        _("{jurisdiction} is outside the home province", jurisdiction=jurisdiction),
                    )
                )
        except QyxError as exc:
            errors.append(RowError(0, "jurisdiction", str(exc)))
        problem = text_problem("note", new.note)
        if problem:
            errors.append(RowError(0, "note", problem))
        if domain is not None and period is not None and not errors:
            clash = session.scalar(
                select(SurveyRow.id).where(
                    SurveyRow.domain_code == domain.code,
                    SurveyRow.jurisdiction_code == jurisdiction,
                    SurveyRow.period == str(period),
                )
            )
            if clash is not None:
                errors.append(
                    RowError(
                        0,
                        "period",
                        _(
                            "a survey of {domain_code} for {period} is already recorded",
                            domain_code=domain.code,
                            period=period,
                        ),
                    )
                )
        if errors:
            raise ValidationError(errors)
        assert domain is not None and period is not None and share is not None
        row = SurveyRow(
            domain_code=domain.code,
            jurisdiction_code=jurisdiction,
            period=str(period),
            period_sort=period.sort_key,
            satisfied=str(share),
            sample_size=size,
            note=new.note,
            recorded_by=actor.name,
            recorded_at=datetime.now(UTC),
        )
        session.add(row)
        session.flush()
        after = {"domain": row.domain_code, "jurisdiction": jurisdiction, "period": row.period,
                 "satisfied": row.satisfied, "sample_size": size}  # fmt: skip
        work.record("survey.record", "survey", str(row.id), after=after)
        return row

    def reading(self, session: Session, survey_id: int) -> SurveyReading:
        """One stored survey with its margin and its change from the survey before (as
        :meth:`list` reads it); NotFoundError for an unknown id."""
        row = session.get(SurveyRow, survey_id)
        if row is None:
            raise NotFoundError(_("no survey {id}", id=survey_id))
        return next(
            r for r in self.list(session, row.domain_code, row.jurisdiction_code) if r.row.id == row.id
        )

    def list(
        self, session: Session, domain: str | None = None, jurisdiction: str | None = None
    ) -> list[SurveyReading]:
        """Surveys (of a domain, of a jurisdiction) in period order, each with its margin and its
        change from the previous survey of the same domain and jurisdiction."""
        query = select(SurveyRow)
        if domain is not None:
            found = self.plan.domain(domain)
            query = query.where(SurveyRow.domain_code == (found.code if found else domain))
        if jurisdiction is not None:
            query = query.where(SurveyRow.jurisdiction_code == jurisdiction)
        rows = session.scalars(
            query.order_by(SurveyRow.domain_code, SurveyRow.jurisdiction_code, SurveyRow.period_sort)
        )
        out: list[SurveyReading] = []
        last: dict[tuple[str, str], SurveyRow] = {}
        for row in rows:
            share = Decimal(row.satisfied)
            before = last.get((row.domain_code, row.jurisdiction_code))
            moved = None
            if before is not None:
                moved = change((Decimal(before.satisfied), before.sample_size), (share, row.sample_size))
            out.append(SurveyReading(row, share, margin_of_error(share, row.sample_size), before, moved))
            last[(row.domain_code, row.jurisdiction_code)] = row
        return out
