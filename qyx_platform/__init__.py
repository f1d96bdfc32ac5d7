"""qyx_platform: the Qingyuan County 七优享 public-service plan as live, checkable data.

The public API, all a plugin or a Python tool needs: :class:`Platform`, :func:`load_plan`,
``hookimpl``, :class:`DomainPlugin`, :class:`QueryField` and the typed resolver ``Info``,
the model types, the rules and the errors, and a plugin's own message catalogue
(:func:`catalogue_for`). Plugins import nothing else from qyx_platform
(a test checks it).

Names are imported on first use (PEP 562), so ``import qyx_platform`` and a ``qyx`` command
that needs no database do not pay for SQLAlchemy and the services.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from qyx_platform.model import *  # noqa: F403  (pure dataclasses: cheap)
from qyx_platform.model import __all__ as _model_all
from qyx_platform.version import __version__

if TYPE_CHECKING:
    from qyx_platform.alerts import Alert, AlertContext, AlertRule
    from qyx_platform.errors import (
        NotFoundError,
        PermissionDeniedError,
        PlanDataError,
        PluginError,
        QyxError,
        RowError,
        ValidationError,
    )
    from qyx_platform.graphql.context import Context, Info
    from qyx_platform.i18n import LazyString, MessageCatalogue, Text, catalogue_for
    from qyx_platform.model.reports import (
        ChartSeries,
        Language,
        Report,
        ReportChart,
        ReportKind,
        ReportSection,
        ReportTable,
    )
    from qyx_platform.plan.rules import (
        TEN_THOUSAND,
        IndicatorRule,
        NeverFallsRule,
        Proposal,
        Rule,
        RuleContext,
        beyond_population,
    )
    from qyx_platform.plan.toml import DomainData, load_domain_file
    from qyx_platform.platform import Platform, load_catalogue, load_plan
    from qyx_platform.plugin import hookimpl
    from qyx_platform.plugin.domain import DomainPlugin
    from qyx_platform.plugin.graphql import QueryField, plan_of, yearly_changes, yearly_values
    from qyx_platform.services.auth import LOCAL_OPERATOR, Actor, Role
    from qyx_platform.services.report_data import ReportData

#: where each lazily imported public name lives
_LAZY: dict[str, str] = {
    "Alert": "qyx_platform.alerts",
    "AlertContext": "qyx_platform.alerts",
    "AlertRule": "qyx_platform.alerts",
    "NotFoundError": "qyx_platform.errors",
    "PermissionDeniedError": "qyx_platform.errors",
    "PlanDataError": "qyx_platform.errors",
    "PluginError": "qyx_platform.errors",
    "QyxError": "qyx_platform.errors",
    "RowError": "qyx_platform.errors",
    "ValidationError": "qyx_platform.errors",
    "Context": "qyx_platform.graphql.context",
    "MessageCatalogue": "qyx_platform.i18n",
    "LazyString": "qyx_platform.i18n",
    "Text": "qyx_platform.i18n",
    "catalogue_for": "qyx_platform.i18n",
    "Info": "qyx_platform.graphql.context",
    "TEN_THOUSAND": "qyx_platform.plan.rules",
    "IndicatorRule": "qyx_platform.plan.rules",
    "NeverFallsRule": "qyx_platform.plan.rules",
    "Proposal": "qyx_platform.plan.rules",
    "Rule": "qyx_platform.plan.rules",
    "RuleContext": "qyx_platform.plan.rules",
    "beyond_population": "qyx_platform.plan.rules",
    "DomainData": "qyx_platform.plan.toml",
    "load_domain_file": "qyx_platform.plan.toml",
    "Platform": "qyx_platform.platform",
    "load_catalogue": "qyx_platform.platform",
    "load_plan": "qyx_platform.platform",
    "hookimpl": "qyx_platform.plugin",
    "DomainPlugin": "qyx_platform.plugin.domain",
    "QueryField": "qyx_platform.plugin.graphql",
    "plan_of": "qyx_platform.plugin.graphql",
    "yearly_changes": "qyx_platform.plugin.graphql",
    "yearly_values": "qyx_platform.plugin.graphql",
    "LOCAL_OPERATOR": "qyx_platform.services.auth",
    "Actor": "qyx_platform.services.auth",
    "Role": "qyx_platform.services.auth",
    "ChartSeries": "qyx_platform.model.reports",
    "Language": "qyx_platform.model.reports",
    "Report": "qyx_platform.model.reports",
    "ReportChart": "qyx_platform.model.reports",
    "ReportKind": "qyx_platform.model.reports",
    "ReportSection": "qyx_platform.model.reports",
    "ReportTable": "qyx_platform.model.reports",
    "ReportData": "qyx_platform.services.report_data",
}


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'qyx_platform' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    *_model_all,
    "Actor",
    "Alert",
    "AlertContext",
    "AlertRule",
    "ChartSeries",
    "Context",
    "DomainData",
    "DomainPlugin",
    "IndicatorRule",
    "Info",
    "Language",
    "LazyString",
    "LOCAL_OPERATOR",
    "MessageCatalogue",
    "NeverFallsRule",
    "NotFoundError",
    "PermissionDeniedError",
    "PlanDataError",
    "Platform",
    "PluginError",
    "Proposal",
    "QueryField",
    "QyxError",
    "Report",
    "ReportChart",
    "ReportData",
    "ReportKind",
    "ReportSection",
    "ReportTable",
    "Role",
    "RowError",
    "Rule",
    "RuleContext",
    "TEN_THOUSAND",
    "Text",
    "ValidationError",
    "beyond_population",
    "catalogue_for",
    "hookimpl",
    "load_catalogue",
    "load_domain_file",
    "load_plan",
    "plan_of",
    "yearly_changes",
    "yearly_values",
    "__version__",
]
