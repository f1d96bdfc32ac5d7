"""Plugin manager: entry-point loading, the ``QYX_PLUGINS`` filter and a typed facade.

One method per hook (tox 4's ``plugin/manager.py`` style), each calling pluggy's own hook
caller, so ``tryfirst``/``trylast`` and ``@hookimpl(wrapper=True)`` wrappers work as pluggy
documents them. Collecting hooks are called through :meth:`pluggy.PluginManager.subset_hook_caller`
once per contributing plugin (every wrapper included), so each answer is labelled with the
plugin that gave it; the catalogue needs the label to name a plugin in its errors.

Start-up fails fast with a :class:`PluginError` naming the plugin when a plugin cannot be
imported, implements a hook the specs lack or with an argument the spec lacks, returns plan
data that does not parse, returns the wrong kind of answer, or clashes with another plugin
(duplicate codes or GraphQL names, checked in :mod:`qyx_platform.plan.catalogue`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Any, TypeVar

import pluggy

from qyx_platform import config, version
from qyx_platform.alerts import AlertRule
from qyx_platform.errors import PluginError, QyxError
from qyx_platform.i18n import _
from qyx_platform.model import Domain, Indicator, Jurisdiction, Period, PlanDocument, Project, Task
from qyx_platform.model.reports import ReportKind, ReportSection
from qyx_platform.plan.rules import Rule
from qyx_platform.plugin import NAME, spec
from qyx_platform.plugin import builtin as builtin_module
from qyx_platform.plugin.graphql import QueryField

if TYPE_CHECKING:
    from qyx_platform.services.reports import ReportData

ENTRY_POINT_GROUP = "qyx_platform"
BUILTIN_NAME = "qyx.builtin"

T = TypeVar("T")


@dataclass(frozen=True)
class PluginInfo:
    """What ``qyx plugins`` shows: a plugin's name, distribution version and hooks."""

    name: str
    version: str
    hooks: tuple[str, ...]


def selected_names(value: str | None, available: Iterable[str]) -> list[str]:
    """Entry-point names to load for a ``QYX_PLUGINS`` value.

    Unset, empty or ``all``: every installed plugin; ``none``: none; otherwise a comma list
    (``youyou,xueyou``). An unknown name is an error that lists the installed ones.
    """
    names = sorted(set(available))
    if value is None or value.strip().lower() in {"", "all"}:
        return names
    if value.strip().lower() == "none":
        return []
    wanted = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [w for w in wanted if w not in names]
    if unknown:
        raise PluginError(
            _(
                "{variable} names {unknown}, which is not installed; installed: {installed}",
                variable=config.ENV_PLUGINS,
                unknown=", ".join(unknown),
                installed=", ".join(names) or "-",
            )
        )
    return wanted


def installed_entry_points() -> dict[str, EntryPoint]:
    """The installed entry points of the group, by name."""
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


class PluginManager:
    """A typed facade over pluggy: one method per hook, each answer checked and labelled."""

    def __init__(self) -> None:
        self.pm = pluggy.PluginManager(NAME)
        self.pm.add_hookspecs(spec)
        self.versions: dict[str, str] = {}

    # -- registration -------------------------------------------------------------------------

    def register(self, plugin: object, name: str, version: str = "") -> None:
        """Register one plugin object or module; fail naming it when its hooks are wrong."""
        try:
            self.pm.register(plugin, name=name)
        except pluggy.PluginValidationError as exc:
            raise PluginError(
                _("plugin {name}: {problem}", name=repr(name), problem=_one_line(exc))
            ) from None
        except ValueError as exc:
            raise PluginError(
                _("plugin {name} cannot be registered: {problem}", name=repr(name), problem=exc)
            ) from None
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            self.pm.unregister(name=name)
            raise PluginError(
                _(
                    "plugin {name}: {problem}; the hooks are listed in qyx_platform/plugin/spec.py",
                    name=repr(name),
                    problem=_one_line(exc),
                )
            ) from None
        self.versions[name] = version

    def load_entry_points(self, filter_value: str | None = None) -> None:
        """Load the installed plugins that ``QYX_PLUGINS`` (or ``filter_value``) selects."""
        available = installed_entry_points()
        value = filter_value if filter_value is not None else config.plugin_filter()
        for name in selected_names(value, available):
            ep = available[name]
            try:
                plugin = ep.load()
            except QyxError as exc:
                raise PluginError(
                    _("plugin {name} ({target}): {problem}", name=repr(name), target=ep.value, problem=exc)
                ) from None
            except Exception as exc:
                raise PluginError(
                    _(
                        "plugin {name} ({target}) failed to import: {error}: {problem}",
                        name=repr(name),
                        target=ep.value,
                        error=type(exc).__name__,
                        problem=exc,
                    )
                ) from None
            version = ep.dist.version if ep.dist is not None else ""
            self.register(plugin, name, version)

    def plugin_infos(self) -> list[PluginInfo]:
        """Name, version and implemented hooks of every registered plugin."""
        infos = []
        for name, plugin in self.pm.list_name_plugin():
            hooks = tuple(sorted(h.name for h in self.pm.get_hookcallers(plugin) or []))
            infos.append(PluginInfo(name, self.versions.get(name, ""), hooks))
        return infos

    # -- one typed method per hook --------------------------------------------------------------

    def plan_document(self) -> PlanDocument | None:
        """``qyx_plan_document`` (firstresult): the newest plugin's answer wins."""
        answer = self._guarded("qyx_plan_document", None, self.pm.hook.qyx_plan_document)
        if answer is not None and not isinstance(answer, PlanDocument):
            raise PluginError(
                _(
                    "hook qyx_plan_document returned {kind}, expected PlanDocument",
                    kind=type(answer).__name__,
                )
            )
        return answer

    def jurisdictions(self) -> list[tuple[str, Jurisdiction]]:
        """``qyx_jurisdictions``: every plugin's jurisdictions, labelled."""
        return self._each("qyx_jurisdictions", Jurisdiction)

    def domains(self) -> list[tuple[str, Domain]]:
        """``qyx_domain``: the domains, labelled with their plugin."""
        return self._each("qyx_domain", Domain)

    def indicators(self) -> list[tuple[str, Indicator]]:
        """``qyx_indicators``: every plugin's indicators, labelled."""
        return self._each("qyx_indicators", Indicator)

    def tasks(self) -> list[tuple[str, Task]]:
        """``qyx_tasks``: every plugin's key tasks, labelled."""
        return self._each("qyx_tasks", Task)

    def projects(self) -> list[tuple[str, Project]]:
        """``qyx_projects``: every plugin's projects, labelled."""
        return self._each("qyx_projects", Project)

    def rules(self) -> list[tuple[str, Rule]]:
        """``qyx_rules``: every plugin's validation rules, labelled; each must satisfy the
        :class:`~qyx_platform.plan.rules.Rule` protocol."""
        out: list[tuple[str, Rule]] = []
        for plugin, rule in self._each("qyx_rules", object):
            if not isinstance(rule, Rule):
                raise PluginError(
                    _(
                        "plugin {name}: rule {rule} lacks code, description, applies_to or check",
                        name=repr(plugin),
                        rule=repr(rule),
                    )
                )
            out.append((plugin, rule))
        return out

    def alert_rules(self) -> list[tuple[str, AlertRule]]:
        """``qyx_alert_rules``: every plugin's alert rules (the built-in plugin gives the
        core's), labelled; each must satisfy the :class:`~qyx_platform.alerts.AlertRule`
        protocol."""
        out: list[tuple[str, AlertRule]] = []
        for plugin, rule in self._each("qyx_alert_rules", object):
            if not isinstance(rule, AlertRule):
                raise PluginError(
                    _(
                        "plugin {name}: alert rule {rule} lacks code, description or find",
                        name=repr(plugin),
                        rule=repr(rule),
                    )
                )
            out.append((plugin, rule))
        return out

    def graphql_types(self) -> list[tuple[str, type]]:
        """``qyx_graphql_types``: strawberry types, labelled."""
        return self._each("qyx_graphql_types", type)

    def graphql_fields(self) -> list[tuple[str, QueryField]]:
        """``qyx_graphql_fields``: root Query fields, labelled."""
        return self._each("qyx_graphql_fields", QueryField)

    def report_sections(
        self, kind: ReportKind, period: Period, jurisdiction: str, data: ReportData
    ) -> list[tuple[str, ReportSection]]:
        """``qyx_report_sections``: the sections plugins add to a periodic report, labelled."""
        return self._each(
            "qyx_report_sections",
            ReportSection,
            kind=kind,
            period=period,
            jurisdiction=jurisdiction,
            data=data,
        )

    def contributors(self, hook_name: str) -> int:
        """How many plugins implement a hook (wrappers not counted)."""
        caller: pluggy.HookCaller = getattr(self.pm.hook, hook_name)
        return len([i for i in caller.get_hookimpls() if not (i.hookwrapper or i.wrapper)])

    # -- calling ------------------------------------------------------------------------------

    def _each(self, hook_name: str, expected: type[T], /, **arguments: Any) -> list[tuple[str, T]]:
        """Call a collecting hook once per contributing plugin (in registration order, the
        wrappers around each call) with ``arguments`` and flatten its answers, checking each
        item's type."""
        caller: pluggy.HookCaller = getattr(self.pm.hook, hook_name)
        plain = [i for i in caller.get_hookimpls() if not (i.hookwrapper or i.wrapper)]
        out: list[tuple[str, T]] = []
        for impl in plain:
            name = self.pm.get_name(impl.plugin) or repr(impl.plugin)
            others = [i.plugin for i in plain if i.plugin is not impl.plugin]
            subset = self.pm.subset_hook_caller(hook_name, remove_plugins=others)
            results: list[Any] = self._guarded(hook_name, name, partial(subset, **arguments))
            for result in results:
                items: Sequence[Any] = result if isinstance(result, list | tuple) else [result]
                for item in items:
                    if not isinstance(item, expected):
                        raise PluginError(
                            _(
                                "plugin {name}, hook {hook}: returned {kind}, expected {expected}",
                                name=repr(name),
                                hook=hook_name,
                                kind=type(item).__name__,
                                expected=expected.__name__,
                            )
                        )
                    out.append((name, item))
        return out

    @staticmethod
    def _guarded(hook_name: str, plugin: str | None, call: Callable[[], Any]) -> Any:
        """``call()``, an exception inside a plugin becoming a PluginError naming it."""
        where = (
            _("plugin {name}, hook {hook}", name=repr(plugin), hook=hook_name)
            if plugin
            else _("hook {hook}", hook=hook_name)
        )
        try:
            return call()
        except PluginError:
            raise
        except QyxError as exc:
            raise PluginError(_("{where}: {problem}", where=where, problem=exc)) from None
        except Exception as exc:
            raise PluginError(
                _("{where} failed: {error}: {problem}", where=where, error=type(exc).__name__, problem=exc)
            ) from None


def _one_line(exc: Exception) -> str:
    return "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())


def make_plugin_manager(
    extra: Iterable[tuple[str, object]] = (),
    *,
    entry_points_filter: str | None = None,
    load_entry_points: bool = True,
    builtin: Callable[[], object] | None = None,
) -> PluginManager:
    """The plugin manager with the built-in plugin, the installed plugins that
    ``QYX_PLUGINS`` selects, then ``extra`` (name, plugin) pairs, in that order."""
    manager = PluginManager()
    manager.register(builtin() if builtin else builtin_module, BUILTIN_NAME, version.__version__)
    if load_entry_points:
        manager.load_entry_points(entry_points_filter)
    for name, plugin in extra:
        manager.register(plugin, name)
    return manager
