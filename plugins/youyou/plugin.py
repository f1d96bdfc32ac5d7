"""Hook implementations of the 幼有善育 (childcare) plugin: thin wiring only."""

from __future__ import annotations

from pathlib import Path

from qyx_platform import DomainPlugin
from qyx_plugins.youyou import report
from qyx_plugins.youyou.graphql import FIELDS, TYPES
from qyx_plugins.youyou.i18n import CATALOGUE
from qyx_plugins.youyou.rules import RULES

plugin = DomainPlugin(
    Path(__file__).with_name("plan.toml"),
    rules=RULES,
    graphql_types=TYPES,
    graphql_fields=FIELDS,
    report_sections=report.sections,
    catalogue=CATALOGUE,
)
