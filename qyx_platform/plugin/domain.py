"""DomainPlugin: a domain's hook implementations backed by its plan.toml.

A domain plugin module needs only::

    plugin = DomainPlugin(Path(__file__).with_name("plan.toml"), rules=RULES,
                          graphql_types=[YouyouOverview], graphql_fields=[FIELD],
                          report_sections=report.sections, catalogue=CATALOGUE)

and an entry point ``youyou = "qyx_plugins.youyou.plugin:plugin"`` in the group
``qyx_platform``. The file is read when the hooks are first called, so a broken file stops
start-up with an error naming the plugin and the file. ``catalogue`` (the plugin's own,
:func:`qyx_platform.i18n.catalogue_for`) translates the notes and reasons of its plan.toml.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from qyx_platform.alerts import AlertRule
from qyx_platform.i18n import MessageCatalogue
from qyx_platform.model import Domain, Indicator, Period, Project, Task
from qyx_platform.model.reports import ReportKind, ReportSection
from qyx_platform.plan.messages import translated
from qyx_platform.plan.rules import Rule
from qyx_platform.plan.toml import DomainData, load_domain_file
from qyx_platform.plugin import hookimpl
from qyx_platform.plugin.graphql import QueryField

if TYPE_CHECKING:
    from qyx_platform.services.reports import ReportData

#: a domain's report sections: (data) -> sections, see ``qyx_report_sections``
ReportSections = Callable[["ReportData"], Sequence[ReportSection]]


class DomainPlugin:
    """Hook implementations for one domain: plan data from a file, plus rules and types."""

    def __init__(
        self,
        plan_file: Path | str,
        *,
        rules: Sequence[Rule] = (),
        graphql_types: Sequence[type] = (),
        graphql_fields: Sequence[QueryField] = (),
        alert_rules: Sequence[AlertRule] = (),
        report_sections: ReportSections | None = None,
        catalogue: MessageCatalogue | None = None,
    ) -> None:
        self.plan_file = Path(plan_file)
        self.rules = tuple(rules)
        self.graphql_types = tuple(graphql_types)
        self.graphql_fields = tuple(graphql_fields)
        self.alert_rules = tuple(alert_rules)
        self.report_sections = report_sections
        self.catalogue = catalogue

    @cached_property
    def data(self) -> DomainData:
        """The parsed plan.toml (its notes and reasons translated through the plugin's catalogue)."""
        data = load_domain_file(self.plan_file)
        return data if self.catalogue is None else translated(data, self.catalogue)

    @hookimpl
    def qyx_domain(self) -> Domain:
        """The domain from ``[domain]``."""
        return self.data.domain

    @hookimpl
    def qyx_indicators(self) -> Sequence[Indicator]:
        """The indicators from ``[[indicators]]``."""
        return self.data.indicators

    @hookimpl
    def qyx_tasks(self) -> Sequence[Task]:
        """The key tasks from ``[[tasks]]``."""
        return self.data.tasks

    @hookimpl
    def qyx_projects(self) -> Sequence[Project]:
        """The named projects from ``[[projects]]``."""
        return self.data.projects

    @hookimpl
    def qyx_rules(self) -> Sequence[Rule]:
        """The domain's validation rules."""
        return self.rules

    @hookimpl
    def qyx_graphql_types(self) -> Sequence[type]:
        """The domain's strawberry types."""
        return self.graphql_types

    @hookimpl
    def qyx_graphql_fields(self) -> Sequence[QueryField]:
        """The domain's root Query fields."""
        return self.graphql_fields

    @hookimpl
    def qyx_alert_rules(self) -> Sequence[AlertRule]:
        """The domain's alert rules."""
        return self.alert_rules

    @hookimpl
    def qyx_report_sections(
        self, kind: ReportKind, period: Period, jurisdiction: str, data: ReportData
    ) -> Sequence[ReportSection]:
        """The domain's own sections of a periodic report (none without ``report_sections``)."""
        return () if self.report_sections is None else tuple(self.report_sections(data))
