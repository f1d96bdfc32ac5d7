"""Assemble the Plan from the plugins' answers, checking that they fit together."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from qyx_platform.alerts import AlertRule
from qyx_platform.errors import PluginError
from qyx_platform.i18n import N_, _
from qyx_platform.model import Jurisdiction, Plan, Project, Task
from qyx_platform.plan.rules import BUILTIN_RULES, Rule
from qyx_platform.plugin.graphql import QueryField
from qyx_platform.plugin.manager import PluginManager

T = TypeVar("T")


@dataclass(frozen=True)
class Catalogue:
    """Everything the plugins contribute: the plan, the rules and the GraphQL extensions,
    each extension paired with the name of the plugin that gave it."""

    plan: Plan
    rules: tuple[Rule, ...]
    graphql_types: tuple[tuple[str, type], ...]
    graphql_fields: tuple[tuple[str, QueryField], ...]
    alert_rules: tuple[AlertRule, ...] = ()


def _unique(items: Iterable[tuple[str, T]], key: Callable[[T], Hashable], what: str) -> list[T]:
    owner: dict[Hashable, str] = {}
    out: list[T] = []
    for plugin, item in items:
        k = key(item)
        if k in owner:
            raise PluginError(
                _(
                    "duplicate {what} {key}: from plugin {first} and plugin {second}",
                    what=_(what),
                    key=repr(k),
                    first=repr(owner[k]),
                    second=repr(plugin),
                )
            )
        owner[k] = plugin
        out.append(item)
    return out


def build_catalogue(manager: PluginManager) -> Catalogue:
    """Call every hook, check codes and references, and return the assembled catalogue."""
    document = manager.plan_document()
    if document is None:
        raise PluginError(_("no plugin provides the plan document (hook qyx_plan_document)"))

    domain_items = manager.domains()
    domains = _unique(domain_items, lambda d: d.code, N_("domain code"))
    domain_plugin = {d.code: p for p, d in domain_items}
    indicator_items = manager.indicators()
    indicators = _unique(indicator_items, lambda i: i.code, N_("indicator code"))
    _unique(indicator_items, lambda i: i.plan_number, N_("indicator plan number"))
    for plugin, ind in indicator_items:
        if ind.domain not in domain_plugin:
            raise PluginError(
                _(
                    "plugin {name}: indicator {code} belongs to domain {domain}, which no plugin provides",
                    name=repr(plugin),
                    code=repr(ind.code),
                    domain=repr(ind.domain),
                )
            )
    task_items = manager.tasks()
    tasks = _unique(task_items, lambda t: t.code, N_("task"))
    project_items = manager.projects()
    projects = _unique(project_items, lambda p: p.code, N_("project"))
    owned: list[tuple[str, Task | Project]] = [*task_items, *project_items]
    for plugin, item in owned:
        if item.domain not in domain_plugin:
            raise PluginError(
                _("plugin {name}: {code} names an unknown domain", name=repr(plugin), code=repr(item.code))
            )
    codes = {i.code for i in indicators}
    _unique(
        [*((p, i.code) for p, i in indicator_items)]
        + [(p, tt.code) for p, t in task_items for tt in t.targets if tt.code],
        lambda code: code,
        N_("indicator or task-target code"),
    )
    for plugin, task in task_items:
        for target in task.targets:
            if target.indicator is not None and target.indicator not in codes:
                raise PluginError(
                    _(
                        "plugin {name}: a target of {task} links to unknown indicator {code}",
                        name=repr(plugin),
                        task=task.code,
                        code=repr(target.indicator),
                    )
                )
    jurisdictions = _merge_jurisdictions(manager.jurisdictions())
    plan = Plan(
        document=document,
        domains=tuple(sorted(domains, key=lambda d: (d.order, d.code))),
        indicators=tuple(sorted(indicators, key=lambda i: (i.plan_number, i.code))),
        tasks=tuple(tasks),
        projects=tuple(projects),
        jurisdictions=tuple(jurisdictions),
    )
    rules: list[Rule] = [*BUILTIN_RULES, *(rule for _plugin, rule in manager.rules())]
    _unique([("rules", r) for r in rules], lambda r: r.code, N_("rule code"))
    types = tuple(manager.graphql_types())
    fields = tuple(manager.graphql_fields())
    alert_rules = _unique(manager.alert_rules(), lambda r: r.code, N_("alert rule code"))
    return Catalogue(plan, tuple(rules), types, fields, tuple(alert_rules))


def _merge_jurisdictions(items: list[tuple[str, Jurisdiction]]) -> list[Jurisdiction]:
    merged: dict[str, tuple[str, Jurisdiction]] = {}
    for plugin, j in items:
        if j.code in merged and merged[j.code][1] != j:
            raise PluginError(
                _(
                    "jurisdiction {code} is described differently by plugin {first} and plugin {second}",
                    code=j.code,
                    first=repr(merged[j.code][0]),
                    second=repr(plugin),
                )
            )
        merged[j.code] = (plugin, j)
    return sorted((j for _plugin, j in merged.values()), key=lambda j: j.code)
