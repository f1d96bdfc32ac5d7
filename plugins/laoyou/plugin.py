"""Hook implementations of the 老有康养 (elderly care) plugin: thin wiring only."""

from __future__ import annotations

from pathlib import Path

from qyx_platform import DomainPlugin

from . import report
from .graphql import FIELDS, TYPES
from .i18n import CATALOGUE
from .rules import RULES

plugin = DomainPlugin(
    Path(__file__).with_name("plan.toml"),
    rules=RULES,
    graphql_types=TYPES,
    graphql_fields=FIELDS,
    report_sections=report.sections,
    catalogue=CATALOGUE,
)
