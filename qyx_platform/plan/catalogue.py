"""Assemble the Plan from the plugins' answers, checking that they fit together."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from qyx_platform.errors import PluginError
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
    document = manager.plan_document()
    if document is None:
        raise PluginError("no plugin provides the plan document (hook qyx_plan_document)")

    domain_items = manager.domains()
    domains = _unique(domain_items, lambda d: d.code, "domain code")
    domain_plugin = {d.code: p for p, d in domain_items}
    indicator_items = manager.indicators()
    indicators = _unique(indicator_items, lambda i: i.code, "indicator code")
    _unique(indicator_items, lambda i: i.plan_number, "indicator plan number")
    for plugin, ind in indicator_items:
        if ind.domain not in domain_plugin:
            raise PluginError(
                f"plugin {plugin!r}: indicator {ind.code!r} belongs to domain {ind.domain!r}, "
                "which no plugin provides"
            )
    task_items = manager.tasks()
    tasks = _unique(task_items, lambda t: t.code, "task")
    project_items = manager.projects()
    projects = _unique(project_items, lambda p: p.code, "project")
    owned: list[tuple[str, Task | Project]] = [*task_items, *project_items]
    for plugin, item in owned:
        if item.domain not in domain_plugin:
            raise PluginError(f"plugin {plugin!r}: {item.code!r} names an unknown domain")
    codes = {i.code for i in indicators}
    for plugin, task in task_items:
        for target in task.targets:
            if target.indicator is not None and target.indicator not in codes:
                raise PluginError(
                    f"plugin {plugin!r}: a target of {task.code} links to unknown indicator "
                    f"{target.indicator!r}"
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
    rules: list[Rule] = [*BUILTIN_RULES, *(rule for _, rule in manager.rules())]
    _unique([("rules", r) for r in rules], lambda r: r.code, "rule code")
    types = tuple(manager.graphql_types())
    fields = tuple(manager.graphql_fields())
    return Catalogue(plan, tuple(rules), types, fields)


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
