"""The one unit of work every write goes through.

``with platform.write(actor) as work:`` (or :func:`unit_of_work`) opens a write transaction
that queues behind other writers (``BEGIN IMMEDIATE`` on SQLite, a transaction-scoped
advisory lock on PostgreSQL: see :func:`qyx_platform.store.engine.write_transaction`),
hands over its session, records audit entries through :meth:`UnitOfWork.record` and, when
anything was recorded, raises the data version once before it commits. An exception rolls
everything back: nothing partial is ever written, and the version does not move.

A writer therefore never bumps the version or opens a transaction itself; every change it
makes is described by at least one audit entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from qyx_platform.services import audit
from qyx_platform.services.auth import Actor
from qyx_platform.store.engine import write_transaction
from qyx_platform.store.meta import bump_data_version
from qyx_platform.store.scope import refresh_current_scope


class UnitOfWork:
    """One write in progress: the session, the actor, and the audit entries made so far."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = actor
        self.recorded = 0

    def record(
        self,
        action: str,
        entity: str,
        entity_id: str,
        before: Any = None,
        after: Any = None,
    ) -> None:
        """Append an audit entry for a change made in this unit of work (by its actor)."""
        audit.record(self.session, self.actor, action, entity, entity_id, before, after)
        self.recorded += 1


#: opens a unit of work for an actor (``Platform.write``)
Writer = Callable[[Actor], AbstractContextManager[UnitOfWork]]


@contextmanager
def unit_of_work(sessions: sessionmaker[Session], actor: Actor) -> Iterator[UnitOfWork]:
    """A queued write transaction for ``actor``; commits on leaving the block, raising the
    data version once when an audit entry was recorded; rolls back on an exception."""
    # the request's read connection goes back first: a request never holds two connections
    refresh_current_scope()
    try:
        with sessions.begin() as session:
            # begin now, marked as a writer: queue for the write lock before reading anything.
            # Only this transaction is marked: a read elsewhere inside the block stays a read.
            with write_transaction():
                session.connection()
            work = UnitOfWork(session, actor)
            yield work
            if work.recorded:
                bump_data_version(session)
    finally:
        # the request's later reads (its one read connection) see what was committed
        refresh_current_scope()
