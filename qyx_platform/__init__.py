"""qyx_platform: the Qingyuan County 七优享 public-service plan as live, checkable data.

The public API, all a plugin or a Python tool needs: :class:`Platform`, :func:`load_plan`,
``hookimpl``, :class:`DomainPlugin`, :class:`QueryField` and the typed resolver ``Info``,
the model types, the rules and the errors. Plugins import nothing else from qyx_platform
(a test checks it).
"""

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
from qyx_platform.model import *  # noqa: F403
from qyx_platform.model import __all__ as _model_all
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
from qyx_platform.version import __version__

__all__ = [
    *_model_all,
    "LOCAL_OPERATOR",
    "Actor",
    "Context",
    "DomainData",
    "DomainPlugin",
    "IndicatorRule",
    "Info",
    "TEN_THOUSAND",
    "beyond_population",
    "NeverFallsRule",
    "NotFoundError",
    "PermissionDeniedError",
    "PlanDataError",
    "Platform",
    "PluginError",
    "Proposal",
    "QueryField",
    "QyxError",
    "Role",
    "RowError",
    "Rule",
    "RuleContext",
    "ValidationError",
    "__version__",
    "hookimpl",
    "load_catalogue",
    "load_domain_file",
    "load_plan",
    "plan_of",
    "yearly_changes",
    "yearly_values",
]
