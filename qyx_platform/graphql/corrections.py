"""Corrections in GraphQL: withdraw and reject a revision, approve one, the approval queue."""

from __future__ import annotations

from typing import Annotated

import strawberry

from qyx_platform.errors import NotFoundError, PermissionDeniedError
from qyx_platform.graphql.connections import Connection, connection, decode_cursor, page_size
from qyx_platform.graphql.context import Info
from qyx_platform.graphql.observation_type import Observation
from qyx_platform.graphql.problem_types import NotFound
from qyx_platform.graphql.report_types import PermissionDenied
from qyx_platform.i18n import _
from qyx_platform.services import corrections
from qyx_platform.services.arguments import parse_id
from qyx_platform.services.corrections import Corrected, CorrectionRefusedError


@strawberry.type(description="The revision's state does not allow this; nothing changed.")
class CorrectionRefused:
    """Withdrawn or rejected already, older than the newest revision, or no reason given."""

    message: str


CorrectionResult = Annotated[
    Observation | PermissionDenied | NotFound | CorrectionRefused, strawberry.union("CorrectionResult")
]


def _correct(info: Info, id: strawberry.ID, act: str, reason: str = "") -> CorrectionResult:
    key = parse_id(id)
    if key is None:
        return NotFound(message=_("no observation revision {id}", id=repr(id)))
    try:
        with info.context.platform.write(info.context.actor) as work:
            if act == "approve":
                row = corrections.approve(work, key)
            else:
                fn = corrections.withdraw if act == "withdraw" else corrections.reject
                done: Corrected = fn(work, key, reason)
                row = done.row
    except PermissionDeniedError as exc:
        return PermissionDenied(message=str(exc))
    except NotFoundError as exc:
        return NotFound(message=str(exc))
    except CorrectionRefusedError as exc:
        return CorrectionRefused(message=str(exc))
    # every correction is a write: the alert rules run after it (a value approved, withdrawn
    # or rejected may complete or open an alert's cause)
    info.context.platform.after_write()
    return Observation(row=row)


def approve_observation(info: Info, id: strawberry.ID) -> CorrectionResult:
    """Approve a revision waiting for approval (supervisor); it becomes current. Refused for
    one older than the newest revision of its value, and for a withdrawn or rejected one."""
    return _correct(info, id, "approve")


def withdraw_observation(info: Info, id: strawberry.ID, reason: str) -> CorrectionResult:
    """Withdraw a revision you reported (history is kept); the current value falls back to the
    newest approved revision still standing."""
    return _correct(info, id, "withdraw", reason)


def reject_observation(info: Info, id: strawberry.ID, reason: str) -> CorrectionResult:
    """Reject a pending or current revision with a reason (supervisor); the current value
    falls back to the newest approved revision still standing."""
    return _correct(info, id, "reject", reason)


def pending_observations(info: Info, first: int = 50, after: str | None = None) -> Connection[Observation]:
    """Revisions waiting for approval across indicators, oldest first: all of them for
    supervisors, your own for a reporter, none for anyone else."""
    size = page_size(first)
    known = corrections.reportable(info.context.plan)  # indicators and task targets
    with info.context.platform.sessions() as session:
        total, rows = corrections.pending(
            session, info.context.actor, decode_cursor("pending", after), size + 1, known
        )
    return connection("pending", total, [(r.id, Observation(row=r)) for r in rows], size)
