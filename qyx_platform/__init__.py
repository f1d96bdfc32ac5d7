"""qyx_platform: the Qingyuan County 七优享 public-service plan as live, checkable data.

Public API for plugins and Python tools: :class:`Platform`, :func:`load_plan`, ``hookimpl``,
:class:`DomainPlugin`, the model types and the rule helpers.
"""

from qyx_platform.domain_plugin import DomainPlugin
from qyx_platform.errors import (
    NotFoundError,
    PermissionDeniedError,
    PlanDataError,
    PluginError,
    QyxError,
    RowError,
    ValidationError,
)
from qyx_platform.model import *  # noqa: F403
from qyx_platform.model import __all__ as _model_all
from qyx_platform.model.reports import (
    ChartSeries,
    Language,
    Report,
    ReportChart,
    ReportKind,
    ReportSection,
    ReportTable,
)
from qyx_platform.plandata import DomainData, load_domain_file
from qyx_platform.platform import Platform, load_catalogue, load_plan
from qyx_platform.plugins import hookimpl
from qyx_platform.rules import (
    TEN_THOUSAND,
    IndicatorRule,
    NeverFallsRule,
    Proposal,
    Rule,
    RuleContext,
    beyond_population,
)
from qyx_platform.services.auth import LOCAL_OPERATOR, Actor, Role
from qyx_platform.services.reporting import ObservationInput, StoredObservation
from qyx_platform.services.reports import ReportData
from qyx_platform.version import __version__

__all__ = [
    *_model_all,
    "LOCAL_OPERATOR",
    "Actor",
    "ChartSeries",
    "Language",
    "Report",
    "ReportChart",
    "ReportData",
    "ReportKind",
    "ReportSection",
    "ReportTable",
    "DomainData",
    "DomainPlugin",
    "IndicatorRule",
    "TEN_THOUSAND",
    "beyond_population",
    "NeverFallsRule",
    "NotFoundError",
    "ObservationInput",
    "PermissionDeniedError",
    "PlanDataError",
    "Platform",
    "PluginError",
    "Proposal",
    "QyxError",
    "Role",
    "RowError",
    "Rule",
    "RuleContext",
    "StoredObservation",
    "ValidationError",
    "__version__",
    "hookimpl",
    "load_catalogue",
    "load_domain_file",
    "load_plan",
]
