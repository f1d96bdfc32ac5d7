"""Platform: the library's entry point, tying plugins, plan, database and services together.

from qyx_platform import Platform
platform = Platform("sqlite:///qyx.sqlite3")      # migrates and syncs the plan
platform.plan.indicator("youyou.childcare_places_per_1000").target(2025)
platform.report([ObservationInput("9", "2025", "2.95")], actor=LOCAL_OPERATOR)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from qyx_platform import config
from qyx_platform.model import ObservationInput, Plan, StoredObservation
from qyx_platform.plan.catalogue import Catalogue, build_catalogue
from qyx_platform.plugin.manager import PluginManager, make_plugin_manager
from qyx_platform.services.auth import (
    LOCAL_OPERATOR,
    Actor,
    Role,
    authenticate,
    create_token,
    revoke_token,
)
from qyx_platform.services.cache import VersionedCache
from qyx_platform.services.observations import Progress
from qyx_platform.services.plan_sync import sync_plan
from qyx_platform.services.reporting import ReportingService
from qyx_platform.services.unit_of_work import UnitOfWork, unit_of_work
from qyx_platform.store import make_engine, make_session_factory, migrate, resolve_url
from qyx_platform.store.meta import DATA_VERSION_SQL, read_data_version
from qyx_platform.store.scope import ReadScope
from qyx_platform.store.tables import TokenRow

if TYPE_CHECKING:
    from qyx_platform.services.reports import ReportService


def load_catalogue(
    plugins: Iterable[tuple[str, object]] = (),
    *,
    load_entry_points: bool = True,
    plugin_filter: str | None = None,
) -> tuple[PluginManager, Catalogue]:
    """Load the plugins and assemble the catalogue, without touching a database."""
    manager = make_plugin_manager(
        plugins, entry_points_filter=plugin_filter, load_entry_points=load_entry_points
    )
    return manager, build_catalogue(manager)


def load_plan(plugin_filter: str | None = None) -> Plan:
    """The plan from the installed plugins (``QYX_PLUGINS`` applies), without a database."""
    return load_catalogue(plugin_filter=plugin_filter)[1].plan


class Platform:
    """Plugins, plan, database and services of one install.

    Opening a Platform loads the plugins (entry points, filtered by ``QYX_PLUGINS``, plus
    ``plugins`` given here), migrates the database to the newest schema and syncs the plan
    into it (idempotent; nothing reported is lost).
    """

    def __init__(
        self,
        database_url: str | None = None,
        *,
        plugins: Iterable[tuple[str, object]] = (),
        load_entry_points: bool = True,
        plugin_filter: str | None = None,
        require_approval: bool | None = None,
        read_requires_token: bool | None = None,
        engine: Engine | None = None,
    ) -> None:
        self.plugin_manager, self.catalogue = load_catalogue(
            plugins, load_entry_points=load_entry_points, plugin_filter=plugin_filter
        )
        self.database_url = resolve_url(database_url)
        self.engine = engine or make_engine(self.database_url)
        self.sessions: sessionmaker[Session] = make_session_factory(self.engine)
        self.cache = VersionedCache()
        self.require_approval = config.require_approval() if require_approval is None else require_approval
        self.read_requires_token = (
            config.read_requires_token() if read_requires_token is None else read_requires_token
        )
        migrate(self.engine)
        with self.write(LOCAL_OPERATOR) as work:
            if sync_plan(work.session, self.plan):
                work.record("sync", "plan", self.plan.document.document_number)

    @property
    def plan(self) -> Plan:
        """The loaded plan."""
        return self.catalogue.plan

    def write(self, actor: Actor) -> AbstractContextManager[UnitOfWork]:
        """The one unit of work of every write: ``with platform.write(actor) as work:`` gives a
        session in a transaction that queues behind other writers; ``work.record(...)`` adds
        the audit entries; leaving the block commits and raises the data version (see
        :mod:`qyx_platform.services.unit_of_work`)."""
        return unit_of_work(self.sessions, actor)

    @cached_property
    def reporting(self) -> ReportingService:
        """The reporting service (validation, rules, revisioned writes)."""
        return ReportingService(
            self.plan,
            self.catalogue.rules,
            self.sessions,
            self.write,
            require_approval=self.require_approval,
        )

    @cached_property
    def reports(self) -> ReportService:
        """Periodic reports (月调度, 季分析, 年总结): build, freeze, sign off."""
        from qyx_platform.services.reports import ReportService

        return ReportService(self)

    def actor(self, token: str | None) -> Actor:
        """The actor a bearer token stands for (anonymous viewer without one)."""
        with self.sessions() as session:
            return authenticate(session, token)

    def report(
        self,
        rows: Sequence[ObservationInput],
        *,
        token: str | None = None,
        actor: Actor | None = None,
        source: str = "api",
        progress: Progress | None = None,
    ) -> Sequence[StoredObservation]:
        """Report values as one all-or-nothing batch; raises ValidationError or
        PermissionDeniedError. Give a ``token`` or an ``actor`` (LOCAL_OPERATOR for scripts)."""
        who = actor if actor is not None else self.actor(token)
        return self.reporting.report(rows, who, source=source, progress=progress)

    def create_token(self, role: Role, department: str | None = None, label: str | None = None) -> str:
        """Create a token and return its secret (stored only as a hash)."""
        with self.write(LOCAL_OPERATOR) as work:
            secret, row = create_token(work.session, self.plan, role, department, label)
            work.record(
                "token.create",
                "token",
                str(row.id),
                after={"role": role.value, "department": department, "label": label},
            )
            return secret

    def revoke_token(self, token_or_id: str) -> TokenRow:
        """Revoke a token given the token, its id or its prefix."""
        with self.write(LOCAL_OPERATOR) as work:
            row = revoke_token(work.session, token_or_id)
            work.record("token.revoke", "token", str(row.id))
            return row

    def data_version(self, scope: ReadScope | None = None) -> int:
        """The data version, raised by every write (read on ``scope``'s connection when given)."""
        if scope is not None:
            rows = scope.driver_rows(DATA_VERSION_SQL, ())
            return int(rows[0][0]) if rows and rows[0][0] else 0
        return read_data_version(self.engine)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()
