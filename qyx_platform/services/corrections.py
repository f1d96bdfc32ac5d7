"""Corrections and approval of reported values: withdraw, reject, approve, and the queue of
values waiting for approval.

Nothing is deleted and no value is changed: a withdrawal (by the value's reporter) or a
rejection (by a supervisor, with a reason) marks the revision, keeps who, when and why, and
is audited. The current value of a key is always the newest revision that is approved, not
withdrawn, not rejected and not a forecast; after a correction it falls back to the one
before, or to no value at all.

Who sees what: approved revisions are public; a revision waiting for approval (or refused
before it was approved) is seen only by supervisors and admins and by the token that
reported it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, and_, false, func, or_, select, true, update
from sqlalchemy.orm import Session

from qyx_platform.errors import NotFoundError, PermissionDeniedError, QyxError
from qyx_platform.i18n import _
from qyx_platform.model import Plan
from qyx_platform.services.auth import Actor, Role
from qyx_platform.services.text import text_problem
from qyx_platform.services.unit_of_work import UnitOfWork
from qyx_platform.store.tables import CurrentValueRow, ObservationRow


class CorrectionRefusedError(QyxError):
    """A withdrawal, rejection or approval that the revision's state does not allow."""


@dataclass(frozen=True)
class Corrected:
    """A revision after a correction, with the key's current value afterwards."""

    row: ObservationRow
    current_revision: int | None
    current_value: str | None


def visible_to(actor: Actor) -> ColumnElement[bool]:
    """SQL condition: the revisions ``actor`` may see (approved ones, all for supervisors,
    and the actor's own)."""
    if actor.at_least(Role.SUPERVISOR):
        return true()
    if actor.token_id is None:
        return ObservationRow.approved == true()
    return or_(ObservationRow.approved == true(), ObservationRow.reporter_token == actor.token_id)


def is_pending() -> ColumnElement[bool]:
    """SQL condition: a revision waiting for approval."""
    return and_(
        ObservationRow.approved == false(),
        ObservationRow.withdrawn == false(),
        ObservationRow.rejected == false(),
        ObservationRow.forecast == false(),
    )


def _key(row: ObservationRow) -> tuple[ColumnElement[bool], ...]:
    return (
        ObservationRow.indicator_code == row.indicator_code,
        ObservationRow.jurisdiction_code == row.jurisdiction_code,
        ObservationRow.series == row.series,
        ObservationRow.period_sort == row.period_sort,
    )


def refresh_current(session: Session, row: ObservationRow) -> tuple[int | None, str | None]:
    """Set the current value of ``row``'s key to the newest approved, non-withdrawn,
    non-rejected actual revision (or none); returns (revision, value)."""
    session.flush()
    best = session.execute(
        select(ObservationRow.revision, ObservationRow.value)
        .where(
            *_key(row),
            ObservationRow.approved == true(),
            ObservationRow.withdrawn == false(),
            ObservationRow.rejected == false(),
            ObservationRow.forecast == false(),
        )
        .order_by(ObservationRow.revision.desc())
        .limit(1)
    ).first()
    revision, value = (best[0], best[1]) if best else (None, None)
    session.execute(
        update(CurrentValueRow)
        .where(
            CurrentValueRow.indicator_code == row.indicator_code,
            CurrentValueRow.jurisdiction_code == row.jurisdiction_code,
            CurrentValueRow.series == row.series,
            CurrentValueRow.period_sort == row.period_sort,
        )
        .values(value=value, revision=revision)
    )
    return revision, value


def _get(work: UnitOfWork, observation_id: int) -> ObservationRow:
    """The revision, locked; PermissionDeniedError outside the actor's jurisdiction."""
    row = work.session.get(ObservationRow, observation_id, with_for_update=True)
    if row is None:
        raise NotFoundError(_("no observation revision {id}", id=observation_id))
    if not work.actor.may_write_to(row.jurisdiction_code):
        raise PermissionDeniedError(
            _(
                "this token acts on {scope} and below, not on {code}",
                scope=work.actor.jurisdiction,
                code=row.jurisdiction_code,
            )
        )
    return row


def in_scope(actor: Actor) -> ColumnElement[bool]:
    """SQL condition: revisions in the actor's jurisdiction and below."""
    scope = actor.jurisdiction
    if scope is None:
        return true()
    if scope.endswith("0000"):
        return ObservationRow.jurisdiction_code.startswith(scope[:2], autoescape=True)
    if scope.endswith("00"):
        return ObservationRow.jurisdiction_code.startswith(scope[:4], autoescape=True)
    return ObservationRow.jurisdiction_code == scope


def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise CorrectionRefusedError(_("give a reason: say what is wrong with the value"))
    problem = text_problem("reason", text)
    if problem:
        raise CorrectionRefusedError(_("reason: {problem}", problem=problem))
    return text


def _state(row: ObservationRow) -> dict[str, object]:
    return {
        "revision": row.revision,
        "value": row.value,
        "approved": row.approved,
        "withdrawn": row.withdrawn,
        "rejected": row.rejected,
    }


def withdraw(work: UnitOfWork, observation_id: int, reason: str) -> Corrected:
    """The reporter of a revision withdraws it (admins may too); the key's current value falls
    back to the newest approved revision still standing."""
    session, actor = work.session, work.actor
    actor.require(Role.REPORTER, _("withdrawing a value"))
    row = _get(work, observation_id)
    own = actor.token_id is not None and row.reporter_token == actor.token_id
    if not (own or actor.at_least(Role.ADMIN)):
        raise PermissionDeniedError(
            _(
                "only the token that reported revision {id} may withdraw it; a supervisor may reject it",
                id=row.id,
            )
        )
    if row.rejected:
        raise CorrectionRefusedError(_("revision {id} was rejected already", id=row.id))
    text = _reason(reason)
    if row.withdrawn:
        revision, value = refresh_current(session, row)
        return Corrected(row, revision, value)
    before = _state(row)
    row.withdrawn = True
    row.reviewed_by, row.reviewed_at, row.review_reason = actor.name, datetime.now(UTC), text
    revision, value = refresh_current(session, row)
    work.record(
        "observation.withdraw",
        "observation",
        str(row.id),
        before,
        {**_state(row), "reason": text},
    )
    return Corrected(row, revision, value)


def reject(work: UnitOfWork, observation_id: int, reason: str) -> Corrected:
    """A supervisor rejects a pending or current revision with a reason."""
    session, actor = work.session, work.actor
    actor.require(Role.SUPERVISOR, _("rejecting a value"))
    row = _get(work, observation_id)
    if row.withdrawn:
        raise CorrectionRefusedError(_("revision {id} was withdrawn by its reporter already", id=row.id))
    text = _reason(reason)
    if row.rejected:
        revision, value = refresh_current(session, row)
        return Corrected(row, revision, value)
    current = session.scalar(
        select(CurrentValueRow.revision).where(
            CurrentValueRow.indicator_code == row.indicator_code,
            CurrentValueRow.jurisdiction_code == row.jurisdiction_code,
            CurrentValueRow.series == row.series,
            CurrentValueRow.period_sort == row.period_sort,
        )
    )
    if row.approved and current != row.revision:
        raise CorrectionRefusedError(
            _(
                "revision {revision} of this value is superseded (the current one is {current}): "
                "reject the current or a pending revision",
                revision=row.revision,
                current=current if current is not None else "-",
            )
        )
    before = _state(row)
    row.rejected = True
    row.reviewed_by, row.reviewed_at, row.review_reason = actor.name, datetime.now(UTC), text
    revision, value = refresh_current(session, row)
    work.record(
        "observation.reject",
        "observation",
        str(row.id),
        before,
        {**_state(row), "reason": text},
    )
    return Corrected(row, revision, value)


def approve(work: UnitOfWork, observation_id: int) -> ObservationRow:
    """Approve a pending revision as ``work``'s actor (a supervisor); it becomes current.
    Refused for a withdrawn, rejected or forecast revision, and for one older than the newest
    revision standing."""
    session, actor = work.session, work.actor
    actor.require(Role.SUPERVISOR, _("approving a value"))
    row = _get(work, observation_id)
    if row.approved:
        return row
    if row.withdrawn:
        raise CorrectionRefusedError(_("revision {id} was withdrawn; it cannot be approved", id=row.id))
    if row.rejected:
        raise CorrectionRefusedError(_("revision {id} was rejected; it cannot be approved", id=row.id))
    if row.forecast:
        raise CorrectionRefusedError(_("revision {id} is a forecast; forecasts are never current", id=row.id))
    newer = session.scalar(
        select(func.max(ObservationRow.revision)).where(
            *_key(row),
            ObservationRow.revision > row.revision,
            ObservationRow.withdrawn == false(),
            ObservationRow.rejected == false(),
        )
    )
    if newer is not None:
        raise CorrectionRefusedError(
            _(
                "revision {revision} is older than revision {newer} of the same value: approve "
                "the newest (or reject it first)",
                revision=row.revision,
                newer=newer,
            )
        )
    row.approved = True
    row.approved_by = actor.name
    row.approved_at = datetime.now(UTC)
    revision, _value = refresh_current(session, row)
    work.record(
        "observation.approve",
        "observation",
        str(row.id),
        before={"approved": False},
        after={"approved": True, "revision": row.revision, "value": row.value, "current": revision},
    )
    return row


def reportable(plan: Plan) -> list[str]:
    """The codes a revision may carry: every indicator and task target of the plan (the
    approval queue lists only these)."""
    return [i.code for i in (*plan.indicators, *plan.measures)]


def pending(
    session: Session,
    actor: Actor,
    after_id: int | None = None,
    limit: int = 100,
    indicators: Sequence[str] | None = None,
) -> tuple[int, list[ObservationRow]]:
    """(total, a page of) revisions waiting for approval, across indicators, oldest first:
    those in a supervisor's jurisdiction (and below), a reporter's own for a reporter, none
    for anyone else."""
    if not actor.at_least(Role.SUPERVISOR) and actor.token_id is None:
        return 0, []
    query = select(ObservationRow).where(is_pending(), visible_to(actor), in_scope(actor))
    if not actor.at_least(Role.SUPERVISOR):
        query = query.where(ObservationRow.reporter_token == actor.token_id)
    if indicators is not None:
        query = query.where(ObservationRow.indicator_code.in_(indicators))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    if after_id is not None:
        query = query.where(ObservationRow.id > after_id)
    return total, list(session.scalars(query.order_by(ObservationRow.id).limit(limit)))
