"""Assemble the Plan from the plugins' answers, checking that they fit together."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from qyx_platform.alerts import AlertRule
from qyx_platform.errors import PluginError
from qyx_platform.model import Domain, Indicator, Jurisdiction, Plan, PlanDocument, Project, Task
from qyx_platform.plugins import PluginManager
from qyx_platform.rules import BUILTIN_RULES, Rule

T = TypeVar("T")


@dataclass(frozen=True)
class Catalogue:
    """Everything the plugins contribute: the plan, the rules and the GraphQL extensions,
    each extension paired with the name of the plugin that gave it."""

    plan: Plan
    rules: tuple[Rule, ...]
    graphql_types: tuple[tuple[str, type], ...]
    graphql_fields: tuple[tuple[str, Any], ...]
    alert_rules: tuple[AlertRule, ...] = ()


def _unique(items: Iterable[tuple[str, T]], key: Callable[[T], Hashable], what: str) -> list[T]:
    owner: dict[Hashable, str] = {}
    out: list[T] = []
    for plugin, item in items:
        k = key(item)
        if k in owner:
            raise PluginError(f"duplicate {what} {k!r}: from plugin {owner[k]!r} and plugin {plugin!r}")
        owner[k] = plugin
        out.append(item)
    return out


def build_catalogue(manager: PluginManager) -> Catalogue:
    """Call every hook, check codes and references, and return the assembled catalogue."""
    from qyx_platform.graphql.extension import QueryField

    first = manager.call_first("qyx_plan_document")
    if first is None or not isinstance(first[1], PlanDocument):
        raise PluginError("no plugin provides the plan document (hook qyx_plan_document)")
    document: PlanDocument = first[1]

    domain_items = manager.call_each("qyx_domain", Domain)
    domains = _unique(domain_items, lambda d: d.code, "domain code")
    domain_plugin = {d.code: p for p, d in domain_items}
    indicator_items = manager.call_each("qyx_indicators", Indicator)
    indicators = _unique(indicator_items, lambda i: i.code, "indicator code")
    _unique(indicator_items, lambda i: i.plan_number, "indicator plan number")
    for plugin, ind in indicator_items:
        if ind.domain not in domain_plugin:
            raise PluginError(
                f"plugin {plugin!r}: indicator {ind.code!r} belongs to domain {ind.domain!r}, "
                "which no plugin provides"
            )
    task_items = manager.call_each("qyx_tasks", Task)
    tasks = _unique(task_items, lambda t: t.code, "task")
    project_items = manager.call_each("qyx_projects", Project)
    projects = _unique(project_items, lambda p: p.code, "project")
    owned: list[tuple[str, Task | Project]] = [*task_items, *project_items]
    for plugin, item in owned:
        if item.domain not in domain_plugin:
            raise PluginError(f"plugin {plugin!r}: {item.code!r} names an unknown domain")
    codes = {i.code for i in indicators}
    _unique(
        [*((p, i.code) for p, i in indicator_items)]
        + [(p, tt.code) for p, t in task_items for tt in t.targets if tt.code],
        lambda code: code,
        "indicator or task-target code",
    )
    for plugin, task in task_items:
        for target in task.targets:
            if target.indicator is not None and target.indicator not in codes:
                raise PluginError(
                    f"plugin {plugin!r}: a target of {task.code} links to unknown indicator "
                    f"{target.indicator!r}"
                )
    jurisdictions = _merge_jurisdictions(manager.call_each("qyx_jurisdictions", Jurisdiction))
    plan = Plan(
        document=document,
        domains=tuple(sorted(domains, key=lambda d: (d.order, d.code))),
        indicators=tuple(sorted(indicators, key=lambda i: (i.plan_number, i.code))),
        tasks=tuple(tasks),
        projects=tuple(projects),
        jurisdictions=tuple(jurisdictions),
    )
    rules: list[Rule] = list(BUILTIN_RULES)
    for plugin, rule in manager.call_each("qyx_rules", object):
        if not isinstance(rule, Rule):
            raise PluginError(
                f"plugin {plugin!r}: rule {rule!r} lacks code, description, applies_to or check"
            )
        rules.append(rule)
    _unique([("rules", r) for r in rules], lambda r: r.code, "rule code")
    types = tuple(manager.call_each("qyx_graphql_types", type))
    fields = tuple(manager.call_each("qyx_graphql_fields", QueryField))
    return Catalogue(plan, tuple(rules), types, fields, _alert_rules(manager))


def _alert_rules(manager: PluginManager) -> tuple[AlertRule, ...]:
    """The alert rules of every plugin (hook ``qyx_alert_rules``; the built-in plugin gives the
    core's), codes unique."""
    rules: list[tuple[str, AlertRule]] = []
    for plugin, rule in manager.call_each("qyx_alert_rules", object):
        if not isinstance(rule, AlertRule):
            raise PluginError(f"plugin {plugin!r}: alert rule {rule!r} lacks code, description or find")
        rules.append((plugin, rule))
    return tuple(_unique(rules, lambda r: r.code, "alert rule code"))


def _merge_jurisdictions(items: list[tuple[str, Jurisdiction]]) -> list[Jurisdiction]:
    merged: dict[str, tuple[str, Jurisdiction]] = {}
    for plugin, j in items:
        if j.code in merged and merged[j.code][1] != j:
            raise PluginError(
                f"jurisdiction {j.code} is described differently by plugin "
                f"{merged[j.code][0]!r} and plugin {plugin!r}"
            )
        merged[j.code] = (plugin, j)
    return sorted((j for _, j in merged.values()), key=lambda j: j.code)
