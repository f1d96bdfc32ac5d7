"""The per-request context (the platform, the caller, per-request caches) and ``Info``, the
type of every resolver's ``info`` argument, defined once for the core and the plugins."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import strawberry

from qyx_platform.model import Plan

if TYPE_CHECKING:
    # imported when first used: loading a plugin's GraphQL types (qyx plugins, qyx template)
    # then needs no SQLAlchemy
    from qyx_platform.graphql.plan_types import IndicatorType
    from qyx_platform.platform import Platform
    from qyx_platform.services.auth import Actor
    from qyx_platform.services.readings import Readings
    from qyx_platform.services.status import StatusService
    from qyx_platform.services.task_targets import TaskTargetStatus
    from qyx_platform.store.scope import ReadScope
    from qyx_platform.store.tables import MilestoneRow, ProblemCommentRow, ProblemEventRow


@dataclass
class SupervisionMemo:
    """What the supervision resolvers read once per request: every project's milestones, the
    ids of the problems on the page and their history and comments (one statement each,
    whatever the size of the answer)."""

    milestones: dict[str, list[MilestoneRow]] | None = None
    problem_page: list[int] = field(default_factory=list)
    problem_notes: dict[int, tuple[list[ProblemEventRow], list[ProblemCommentRow]]] = field(
        default_factory=dict
    )


@dataclass
class Context:
    """Handed to every resolver as ``info.context``.

    ``token`` is the bearer token of the request (None when absent); ``actor`` resolves it
    lazily, so reads never touch the token table. ``readings`` caches the values read in
    this request, so a query reads each set of values once however large the answer;
    ``status`` judges them. ``indicator_types`` holds the GraphQL object of each indicator
    shown in this request (see ``IndicatorType.of``). ``scope`` is the request's one database
    connection, shared by every read (None: a connection per read). ``loaders`` holds the
    request's DataLoaders, which gather what every part of a request asks before one read.
    """

    platform: Platform
    token: str | None = None
    request: Any = None
    response: Any = None
    indicator_types: dict[str, IndicatorType] = field(default_factory=dict)
    supervision: SupervisionMemo = field(default_factory=SupervisionMemo)
    scope: ReadScope | None = None
    loaders: dict[str, Any] = field(default_factory=dict)

    @property
    def plan(self) -> Plan:
        """The loaded plan."""
        return self.platform.plan

    @cached_property
    def actor(self) -> Actor:
        """The caller (raises PermissionDeniedError for an unknown or revoked token)."""
        return self.platform.actor(self.token)

    @cached_property
    def readings(self) -> Readings:
        """Per-request reader of stored values."""
        from qyx_platform.services.readings import Readings

        return Readings(self.platform, self.scope)

    @cached_property
    def status(self) -> StatusService:
        """Per-request status look-ups, reading through :attr:`readings`."""
        from qyx_platform.services.status import StatusService

        return StatusService(self.plan, self.readings)

    @cached_property
    def task_targets(self) -> TaskTargetStatus:
        """Per-request task-target status look-ups, reading through :attr:`readings`."""
        from qyx_platform.services.task_targets import TaskTargetStatus

        return TaskTargetStatus(self.plan, self.readings)


#: the ``info`` argument of every resolver: ``info.context`` is a :class:`Context`
Info = strawberry.Info[Context, None]
