"""qyx_platform: the Qingyuan County 七优享 public-service plan as live, checkable data.

Public API for plugins and Python tools: :class:`Platform`, :func:`load_plan`, ``hookimpl``,
:class:`DomainPlugin`, the model types and the rule helpers.

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

#: where each lazily imported public name lives
_LAZY: dict[str, str] = {
    "DomainPlugin": "qyx_platform.domain_plugin",
    "NotFoundError": "qyx_platform.errors",
    "PermissionDeniedError": "qyx_platform.errors",
    "PlanDataError": "qyx_platform.errors",
    "PluginError": "qyx_platform.errors",
    "QyxError": "qyx_platform.errors",
    "RowError": "qyx_platform.errors",
    "ValidationError": "qyx_platform.errors",
    "DomainData": "qyx_platform.plandata",
    "load_domain_file": "qyx_platform.plandata",
    "Platform": "qyx_platform.platform",
    "load_catalogue": "qyx_platform.platform",
    "load_plan": "qyx_platform.platform",
    "hookimpl": "qyx_platform.plugins",
    "TEN_THOUSAND": "qyx_platform.rules",
    "IndicatorRule": "qyx_platform.rules",
    "NeverFallsRule": "qyx_platform.rules",
    "Proposal": "qyx_platform.rules",
    "Rule": "qyx_platform.rules",
    "RuleContext": "qyx_platform.rules",
    "beyond_population": "qyx_platform.rules",
    "LOCAL_OPERATOR": "qyx_platform.services.auth",
    "Actor": "qyx_platform.services.auth",
    "Role": "qyx_platform.services.auth",
    "ObservationInput": "qyx_platform.services.reporting",
    "StoredObservation": "qyx_platform.services.reporting",
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
    "LOCAL_OPERATOR",
    "Actor",
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
