"""Every hook a qyx plugin may implement, typed, one docstring each (pytest's ``hookspec.py``
style); ``docs/plugin_hooks.md`` documents each with an example.

Plugins are found through the entry-point group ``qyx_platform`` (see
:mod:`qyx_platform.plugin.manager`) and implement hooks with ``@qyx_platform.hookimpl``. A
domain plugin usually implements them all through :class:`qyx_platform.DomainPlugin`, which
reads its ``plan.toml``. Every hook takes no argument: the answers are the plugin's static
contribution, read once at start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pluggy

from qyx_platform.plugin import NAME

if TYPE_CHECKING:
    from qyx_platform.model import Domain, Indicator, Jurisdiction, Period, PlanDocument, Project, Task
    from qyx_platform.model.reports import ReportKind, ReportSection
    from qyx_platform.plan.rules import Rule
    from qyx_platform.plugin.graphql import QueryField
    from qyx_platform.services.reports import ReportData

#: the name pluggy knows the hooks by
PROJECT_NAME = NAME
hookspec = pluggy.HookspecMarker(NAME)


@hookspec(firstresult=True)
def qyx_plan_document() -> PlanDocument | None:
    """Return the plan's own metadata: title, 文号 (document number), date, issuer, parent plans.

    The first non-None answer wins; the built-in plugin answers for the Qingyuan plan, so a
    deployment for another plan registers its own (registered later, called first).

    :return: the :class:`~qyx_platform.model.PlanDocument`, or None to leave it to another plugin.
    """


@hookspec
def qyx_jurisdictions() -> Sequence[Jurisdiction]:  # type: ignore[empty-body]
    """Return jurisdictions (GB/T 2260 codes) this install knows by name.

    The built-in plugin contributes 330000 浙江省 > 331100 丽水市 > 331126 庆元县. A code
    contributed twice must describe the same place.

    :return: :class:`~qyx_platform.model.Jurisdiction` objects (an empty list for none).
    """


@hookspec
def qyx_domain() -> Domain | None:
    """Return the domain (领域) this plugin provides, or None for a plugin that has none.

    Domain codes are unique across plugins; a duplicate stops start-up naming both plugins.

    :return: the :class:`~qyx_platform.model.Domain`, or None.
    """


@hookspec
def qyx_indicators() -> Sequence[Indicator]:  # type: ignore[empty-body]
    """Return the plugin's indicators (指标) with every target cell of the plan table.

    Each indicator's ``domain`` must be a domain some plugin provides; codes and plan numbers
    are unique across plugins.

    :return: :class:`~qyx_platform.model.Indicator` objects (an empty list for none).
    """


@hookspec
def qyx_tasks() -> Sequence[Task]:  # type: ignore[empty-body]
    """Return the plugin's key tasks (重点任务), each with its dated targets from the prose.

    :return: :class:`~qyx_platform.model.Task` objects (an empty list for none).
    """


@hookspec
def qyx_projects() -> Sequence[Project]:  # type: ignore[empty-body]
    """Return the plugin's named projects (项目), each tied to a task, with planned milestones.

    :return: :class:`~qyx_platform.model.Project` objects (an empty list for none).
    """


@hookspec
def qyx_rules() -> Sequence[Rule]:  # type: ignore[empty-body]
    """Return validation rules for reported values (see :class:`qyx_platform.plan.rules.Rule`).

    A rule that fails rejects the whole report with its message; rules encode knowledge of
    the field (a share never exceeds 100, a minimum-living standard never falls).

    :return: objects satisfying the :class:`~qyx_platform.plan.rules.Rule` protocol
        (``IndicatorRule`` and ``NeverFallsRule`` are ready-made ones).
    """


@hookspec
def qyx_graphql_types() -> Sequence[type]:  # type: ignore[empty-body]
    """Return strawberry types the plugin adds to the unified schema.

    Names must be unique across the schema and should start with the domain's name
    (``YouyouOverview``); a collision stops start-up naming the plugin.

    :return: classes decorated with ``@strawberry.type`` (an empty list for none).
    """


@hookspec
def qyx_graphql_fields() -> Sequence[QueryField]:  # type: ignore[empty-body]
    """Return fields the plugin adds to the root ``Query`` type.

    Each is a :class:`qyx_platform.plugin.graphql.QueryField` (a GraphQL name and a
    resolver taking ``info``); a name already used stops start-up naming the plugin.

    :return: :class:`~qyx_platform.plugin.graphql.QueryField` objects (an empty list for none).
    """


@hookspec
def qyx_report_sections(  # type: ignore[empty-body]
    kind: ReportKind, period: Period, jurisdiction: str, data: ReportData
) -> Sequence[ReportSection]:
    """Return the sections the plugin adds to a periodic report (月调度, 季分析, 年总结).

    :param kind: which report: monthly, quarterly or annual.
    :param period: the report's period (``2025-07``, ``2025Q3`` or ``2025``).
    :param jurisdiction: the GB/T 2260 code the report is about (default 331126 庆元县).
    :param data: :class:`qyx_platform.services.reports.ReportData`: the plan, the language
        (write headings with ``data.t(zh, en)``) and the live values, read as the GraphQL
        statuses read them.
    :return: :class:`~qyx_platform.model.reports.ReportSection` objects, in the order they
        should appear (an empty list for none).

    Section keys start with the domain's code (``zhuyou.rental_housing``) and are unique in a
    report; set each section's ``domain``. Return an empty sequence for a kind the plugin
    has nothing to say about.
    """
