"""Platform: the library's entry point, tying plugins, plan, database and services together.

from qyx_platform import Platform
platform = Platform("sqlite:///qyx.sqlite3")      # migrates and syncs the plan
platform.plan.indicator("youyou.childcare_places_per_1000").target(2025)
platform.report([ObservationInput("9", "2025", "2.95")], actor=LOCAL_OPERATOR)
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from qyx_platform import config
from qyx_platform.api import PlatformAPI
from qyx_platform.i18n import use_language
from qyx_platform.model import DeadlineRule, ObservationInput, Plan, StoredObservation
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
from qyx_platform.services.clock import county_today
from qyx_platform.services.dbsettings import REQUIRE_APPROVAL, get_setting, set_setting
from qyx_platform.services.milestones import sync_plan_milestones
from qyx_platform.services.observations import Progress
from qyx_platform.services.plan_sync import sync_plan
from qyx_platform.services.reporting import ReportingService
from qyx_platform.services.unit_of_work import UnitOfWork, unit_of_work
from qyx_platform.store import make_engine, make_session_factory, migrate, resolve_url
from qyx_platform.store.meta import DATA_VERSION_SQL, read_data_version
from qyx_platform.store.scope import ReadScope, current_scope
from qyx_platform.store.tables import TokenRow

if TYPE_CHECKING:
    from qyx_platform.services.reports import ReportService

log = logging.getLogger(__name__)


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


class Platform(PlatformAPI):
    """Plugins, plan, database and services of one install.

    Beyond :meth:`report` and :meth:`create_token`, the query and workflow methods
    (``status``, ``timeline``, ``scoreboard``, ``problems``, ``observations``, ``approve``,
    ``timeliness``, ``surveys``, ``projects``, ``audit_log``, ``import_file``, ``export`` …)
    come from :class:`~qyx_platform.api.PlatformAPI`: together they answer every question
    the GraphQL API answers (a test keeps the two in step). Periodic reports:
    :attr:`reports`.

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
        today: Callable[[], date] | None = None,
        deadlines: DeadlineRule | None = None,
    ) -> None:
        self.plugin_manager, self.catalogue = load_catalogue(
            plugins, load_entry_points=load_entry_points, plugin_filter=plugin_filter
        )
        self.database_url = resolve_url(database_url)
        self.engine = engine or make_engine(self.database_url)
        self.sessions: sessionmaker[Session] = make_session_factory(self.engine)
        self.cache = VersionedCache()
        #: today's county date, the one clock: which periods have ended, deadlines, due dates
        #: and milestone states (``Platform(today=...)``, else ``QYX_TODAY``, else the county's date)
        fixed = config.today()
        self.today: Callable[[], date] = today or ((lambda: fixed) if fixed else county_today)
        self.read_requires_token = (
            config.read_requires_token() if read_requires_token is None else read_requires_token
        )
        #: the reporting deadlines (``QYX_REPORT_DEADLINES`` or the defaults)
        self.deadlines = deadlines or DeadlineRule.parse(config.report_deadlines())
        migrate(self.engine)
        with self.write(LOCAL_OPERATOR) as work:
            if sync_plan(work.session, self.plan) + sync_plan_milestones(work.session, self.plan):
                work.record("sync", "plan", self.plan.document.document_number)
        # approval is a setting of the database; QYX_REQUIRE_APPROVAL (deprecated) can only
        # turn it on, and the argument sets it (an explicit administrator's choice)
        if require_approval is None and config.require_approval():
            require_approval = True
        if require_approval is not None and require_approval != self.require_approval:
            self.set_setting(REQUIRE_APPROVAL, require_approval)

    @property
    def require_approval(self) -> bool:
        """Whether reporters' values wait for a supervisor's approval: a setting of the
        database (``qyx config set require-approval true``), obeyed by every process on it."""
        return self.setting(REQUIRE_APPROVAL)

    def setting(self, name: str) -> bool:
        """A database setting (``require-approval``)."""
        with self.sessions() as session:
            return get_setting(session, name)

    def set_setting(self, name: str, value: bool, actor: Actor = LOCAL_OPERATOR) -> bool:
        """Store a database setting (admins; audited); returns the value before."""
        with self.write(actor) as work:
            return set_setting(work, name, value)

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
        return ReportingService(self.plan, self.catalogue.rules, self.sessions, self.write, today=self.today)

    @cached_property
    def reports(self) -> ReportService:
        """Periodic reports (月调度, 季分析, 年总结): build, freeze, sign off."""
        from qyx_platform.services.reports import ReportService

        return ReportService(self)

    def actor(self, token: str | None) -> Actor:
        """The actor a bearer token stands for (anonymous viewer without one); inside a request,
        read on the request's one connection."""
        home = self.plan.document.home_jurisdiction
        scope = current_scope()
        if token and scope is not None and scope.engine is self.engine:
            return authenticate(scope.session, token, home)
        with self.sessions() as session:
            return authenticate(session, token, home)

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
        stored = self.reporting.report(rows, who, source=source, progress=progress)
        self.after_write()
        return stored

    def run_alerts(self) -> list[int]:
        """Run every alert rule (built-in and from plugins) and raise one problem per new
        cause, its title and description in the installation's language; return the ids of the
        problems raised. ``qyx alerts run`` calls this."""
        from qyx_platform.services.alerts import ALERT_ACTOR, run_alerts

        # the problem list is shared: written in the installation's language (QYX_LANG, else
        # Chinese), not in the language of the request whose write triggered the run
        with use_language(None), self.write(ALERT_ACTOR) as work:
            raised = run_alerts(work, self.plan, self.catalogue.alert_rules, self.today(), self.deadlines)
            return [row.id for row in raised]

    def after_write(self) -> None:
        """What follows every write: the alert rules run (a failure is logged, never undoes
        the write that was committed)."""
        try:
            self.run_alerts()
        except Exception:  # the write stands; the next run (or `qyx alerts run`) catches up
            log.exception("alert rules failed after a write")

    def create_token(
        self,
        role: Role,
        department: str | None = None,
        label: str | None = None,
        jurisdiction: str | None = None,
    ) -> str:
        """Create a token and return its secret (stored only as a hash). ``jurisdiction``: where
        it may write, and below (default: the home county; an admin token anywhere)."""
        with self.write(LOCAL_OPERATOR) as work:
            secret, row = create_token(work.session, self.plan, role, department, label, jurisdiction)
            work.record(
                "token.create",
                "token",
                str(row.id),
                after={
                    "role": role.value,
                    "department": department,
                    "label": label,
                    "jurisdiction": row.jurisdiction,
                },
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
        """Release the database connections; on SQLite first fold the write-ahead log back
        into the database file (so that a copy of the file alone holds every committed row)."""
        if self.engine.dialect.name == "sqlite":
            # closing never fails on a busy database
            with contextlib.suppress(Exception), self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        self.engine.dispose()

    def __enter__(self) -> Platform:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        url = self.engine.url.render_as_string(hide_password=True)
        return f"<Platform {url}: {len(self.plan.indicators)} indicators in {len(self.plan.domains)} domains>"
