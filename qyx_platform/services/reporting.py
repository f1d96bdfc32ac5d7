"""Reporting actual values: validation, rules and revisioned writes, all or nothing.

Every report is a batch of rows. Each row is checked (:mod:`qyx_platform.services.validation`:
indicator, series, period, value, jurisdiction, permission), then the plugins' rules run on
what passed, reading a :class:`~qyx_platform.services.rule_context.BatchRuleContext`; if any
row fails, a ValidationError lists every problem by row and field and nothing is written.
Otherwise each row becomes a new revision of its key (indicator × jurisdiction × period ×
series) in one unit of work (:mod:`qyx_platform.services.unit_of_work`): nothing is ever
updated in place or deleted, and revision numbers are gapless per key, also under concurrent
writers (a conflicting transaction is retried). GraphQL, the Python API and ``qyx import``
all come here; the SQL is :mod:`qyx_platform.store.observations`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import partial
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from qyx_platform.errors import QyxError, RowError, ValidationError
from qyx_platform.i18n import _
from qyx_platform.model import ObservationInput, Plan, StoredObservation, parse_period
from qyx_platform.plan.rules import Proposal, Rule
from qyx_platform.services.auth import Actor, Role
from qyx_platform.services.dbsettings import REQUIRE_APPROVAL, get_setting
from qyx_platform.services.observations import Progress, StoredObservations
from qyx_platform.services.rule_context import BatchRuleContext
from qyx_platform.services.text import text_problem
from qyx_platform.services.unit_of_work import UnitOfWork, Writer
from qyx_platform.services.validation import SAME_KEY, Valid, check_rows
from qyx_platform.store import observations as store
from qyx_platform.store.bulk import driver_value
from qyx_platform.store.copy import analyze_after_import, copy_supported
from qyx_platform.store.observations import HeadMove, Key, NewHead, NewRevision, PendingMove

__all__ = [
    "SAME_KEY",
    "ObservationInput",
    "Progress",
    "ReportingService",
    "StoredObservation",
    "StoredObservations",
]

#: how often a write that lost a race with another writer is tried again
MAX_ATTEMPTS = 12

Current = dict[Key, tuple[int, str | None]]


class ReportingService:
    """Validates and writes reports; one instance per Platform."""

    def __init__(
        self,
        plan: Plan,
        rules: Sequence[Rule],
        sessions: sessionmaker[Session],
        write: Writer,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.plan = plan
        self.rules = tuple(rules)
        self.sessions = sessions
        self.write = write
        #: the clock that says which periods have ended
        self.today = today
        self._rules_for: dict[str, tuple[Rule, ...]] = {
            i.code: tuple(r for r in self.rules if r.applies_to(i))
            for i in (*plan.indicators, *plan.measures)  # task targets take the same rules
        }

    # -- validation -------------------------------------------------------------------------

    def validate(
        self,
        session: Session,
        rows: Sequence[ObservationInput],
        actor: Actor,
        progress: Progress | None = None,
    ) -> list[Valid]:
        """Check every row; raise ValidationError listing all problems, or return the rows."""
        return self._validated(session, rows, actor, progress)[0]

    def _validated(
        self,
        session: Session,
        rows: Sequence[ObservationInput],
        actor: Actor,
        progress: Progress | None,
    ) -> tuple[list[Valid], Current]:
        valid, errors = check_rows(self.plan, rows, actor, progress, self.today())
        current = self.current_values(session, valid)
        errors.extend(self._rule_errors(valid, self._rule_context(session, valid, current)))
        if errors:
            raise ValidationError(sorted(errors, key=lambda e: e.index))
        return valid, current

    def current_values(self, session: Session, valid: list[Valid]) -> Current:
        """(latest revision, current value) of the stored keys among ``valid``, read set-wise."""
        if not valid:
            return {}
        return store.current_revisions(
            session, {v.indicator.code for v in valid}, {v.jurisdiction for v in valid}
        )

    def _rule_context(
        self, session: Session, valid: list[Valid], current: Current
    ) -> BatchRuleContext | None:
        """What the rules may look at: stored values and the batch's (None: no rule applies)."""
        ruled = [v for v in valid if self._rules_for.get(v.indicator.code)]
        if not ruled:
            return None
        context = BatchRuleContext(self.plan)
        wanted = {(v.indicator.code, v.jurisdiction, v.series or "") for v in ruled}
        for (ind, jur, per, ser), (_latest, val) in current.items():
            if val is not None and (ind, jur, ser) in wanted:
                context.add(ind, jur, ser, parse_period(per), Decimal(val))
        for v in valid:
            context.add(v.indicator.code, v.jurisdiction, v.series, v.period, v.value)
        context.jurisdictions.update(store.stored_jurisdictions(session, {v.jurisdiction for v in ruled}))
        return context

    def _rule_errors(self, valid: list[Valid], context: BatchRuleContext | None) -> list[RowError]:
        """The rules' verdicts on ``valid`` (pure: reads only ``context``)."""
        if context is None:
            return []
        errors: list[RowError] = []
        for v in valid:
            if not self._rules_for.get(v.indicator.code):
                continue
            proposal = Proposal(v.indicator, v.jurisdiction, v.period, v.series, v.value)
            for rule in self._rules_for[v.indicator.code]:
                message = rule.check(proposal, context)
                if message:
                    errors.append(RowError(v.index, "value", f"{message} [{rule.code}]"))
        return errors

    # -- writing ----------------------------------------------------------------------------

    def report(
        self,
        rows: Sequence[ObservationInput],
        actor: Actor,
        *,
        source: str = "api",
        progress: Progress | None = None,
    ) -> StoredObservations:
        """Validate and store ``rows`` as new revisions in one unit of work; all or nothing."""
        if not rows:
            raise ValidationError([RowError(0, "input", _("nothing to report: the list is empty"))])
        problem = text_problem("source", source)
        if problem:
            raise ValidationError([RowError(0, "source", problem)])
        last_error: Exception | None = None
        for attempt in range(MAX_ATTEMPTS):
            try:
                with self.write(actor) as work:
                    session = work.session
                    valid, errors = check_rows(self.plan, rows, actor, progress, self.today())
                    current = self.current_values(session, valid)
                    context = self._rule_context(session, valid, current)
                    if errors or not copy_supported(session.connection()):
                        errors.extend(self._rule_errors(valid, context))
                        if errors:
                            raise ValidationError(sorted(errors, key=lambda e: e.index))
                        stored = self._write(work, valid, current, source, progress)
                    else:
                        # PostgreSQL: the rules run while the server stores the copied rows; a
                        # rule that fails rolls the whole unit of work back
                        rules = partial(self._rule_errors, valid, context)
                        stored = self._write(work, valid, current, source, progress, rules)
                    engine = session.connection().engine
                analyze_after_import(engine, len(stored))  # fresh statistics after a large import
                return stored
            except (IntegrityError, OperationalError) as exc:
                if not _is_conflict(exc):
                    raise
                last_error = exc
                time.sleep(min(0.01 * 2**attempt, 0.5))
        raise QyxError(_("the database stayed busy; nothing was written; try again")) from last_error

    def _write(
        self,
        work: UnitOfWork,
        valid: list[Valid],
        current: Current,
        source: str,
        progress: Progress | None,
        checks: Callable[[], list[RowError]] | None = None,
    ) -> StoredObservations:
        """Store ``valid`` as new revisions and move their keys' current values. ``checks``
        (the rules, on PostgreSQL) runs once every revision is on its way to the server, before
        the COPY ends; a problem it finds raises ValidationError and rolls everything back."""
        session, actor = work.session, work.actor
        now = datetime.now(UTC)
        # a setting of the database, read in the writing transaction: every process obeys it
        approved = actor.at_least(Role.SUPERVISOR) or not get_setting(session, REQUIRE_APPROVAL)

        def check() -> None:
            errors = checks() if checks is not None else []
            if errors:
                raise ValidationError(sorted(errors, key=lambda e: e.index))

        # a row identical to its value's latest revision writes nothing (imports are idempotent)
        latest = store.latest_revisions(session, [v.key for v in valid if v.key in current])
        unchanged = [v for v in valid if _same(v, latest.get(v.key), approved)]
        if unchanged:
            skip = {id(v) for v in unchanged}
            valid = [v for v in valid if id(v) not in skip]
        if not valid:
            check()
            return StoredObservations([], [], approved, now, unchanged=len(unchanged))
        store.ensure_jurisdictions(session, self.plan, {v.jurisdiction for v in valid})
        connection = session.connection()
        # every other column of the rows below is text or an integer, which drivers take as is
        stored_approved = driver_value(connection, store.OBSERVATIONS, "approved", approved)
        stored_now = driver_value(connection, store.OBSERVATIONS, "reported_at", now)
        stored_forecast = driver_value(connection, store.OBSERVATIONS, "forecast", True)
        stored_actual = driver_value(connection, store.OBSERVATIONS, "forecast", False)
        token = actor.token_id
        revisions: list[NewRevision] = []
        new_heads: list[NewHead] = []
        approved_moves: list[HeadMove] = []
        pending_moves: list[PendingMove] = []
        changes: list[tuple[Any, ...]] = []
        who = actor.name

        def rows() -> Iterator[NewRevision]:
            # made as they are sent: on PostgreSQL the server stores each while the next is made
            for v in valid:
                indicator, jurisdiction, period, series = v.key
                head, before = current.get(v.key, (0, None))
                revision = head + 1
                text = str(v.value)
                # the member's own attribute: Enum's ``value`` property costs a descriptor call a row
                sort_key, granularity, year = v.period.sort_key, v.period.granularity._value_, v.period.year
                row = NewRevision(
                    indicator, jurisdiction, period, sort_key, granularity, year, series, revision, text,
                    stored_approved, who, stored_now, source, v.note, token,
                    stored_forecast if v.forecast else stored_actual,
                )  # fmt: skip
                revisions.append(row)
                current_now = approved and not v.forecast  # a forecast is never the current value
                if head == 0:
                    new_heads.append(
                        NewHead(
                            indicator, jurisdiction, period, series, sort_key, granularity, year,
                            text if current_now else None, revision if current_now else None, revision,
                        )
                    )  # fmt: skip
                elif current_now:
                    approved_moves.append(
                        HeadMove(text, revision, revision, indicator, jurisdiction, series, sort_key)
                    )
                else:
                    pending_moves.append(PendingMove(revision, indicator, jurisdiction, series, sort_key))
                changes.append((indicator, jurisdiction, period, series, revision, before, text, v.forecast))
                yield row

        total = len(valid)

        def sent(n: int) -> None:
            if progress is not None:
                progress("write", n, total)

        if checks is not None and copy_supported(connection):
            store.copy_revisions(connection, rows(), sent, check)
        else:
            check()
            store.insert_revisions(connection, list(rows()), sent)
        store.write_heads(connection, new_heads, approved_moves, pending_moves)
        work.record(
            "report",
            "observations",
            f"{len(valid)} row(s)",
            before=None,
            after={
                "source": source,
                "approved": approved,
                "unchanged": len(unchanged),
                "columns": [
                    "indicator", "jurisdiction", "period", "series", "revision", "before", "after",
                    "forecast",
                ],
                "changes": changes,
            },
        )  # fmt: skip
        return StoredObservations(valid, revisions, approved, now, unchanged=len(unchanged))


def _same(row: Valid, latest: store.LatestRevision | None, approved: bool) -> bool:
    """Whether ``row`` repeats its value's latest revision (same value as written, same note,
    both actual or both forecast) while that revision still stands (and is approved, when the
    row would be: a supervisor's report of a pending value approves it anew)."""
    if latest is None or latest.withdrawn or latest.rejected or (approved and not latest.approved):
        return False
    return (
        latest.value == str(row.value)
        and (latest.note or None) == (row.note or None)
        and bool(latest.forecast) == row.forecast
    )


def _is_conflict(exc: Exception) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return any(
        s in text for s in ("unique", "duplicate key", "locked", "busy", "deadlock", "could not serialize")
    )
