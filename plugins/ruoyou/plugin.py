"""Hook implementations of the 弱有众扶 (support for the vulnerable) plugin: thin wiring only."""

from __future__ import annotations

from pathlib import Path

from qyx_platform import DomainPlugin
from qyx_plugins.ruoyou import report
from qyx_plugins.ruoyou.graphql import FIELDS, TYPES
from qyx_plugins.ruoyou.i18n import CATALOGUE
from qyx_plugins.ruoyou.rules import RULES

plugin = DomainPlugin(
    Path(__file__).with_name("plan.toml"),
    rules=RULES,
    graphql_types=TYPES,
    graphql_fields=FIELDS,
    report_sections=report.sections,
    catalogue=CATALOGUE,
)
