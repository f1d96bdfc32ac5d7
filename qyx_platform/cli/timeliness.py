"""``qyx timeliness --period 2025-07``: every department's expected, on-time, late, missing and
pending reports for one cycle, then the reports missing (``Platform.timeliness``, the same
answer as the GraphQL ``timeliness`` query)."""

from __future__ import annotations

import argparse

from qyx_platform.cli._base import Commands, open_platform
from qyx_platform.cli._output import add_json_option, print_result
from qyx_platform.i18n import _

ORDER = 55


def register(commands: Commands) -> None:
    """Add ``qyx timeliness``."""
    p = commands.add(
        "timeliness", cmd_timeliness, _("reporting timeliness of one cycle, by department"), database=True
    )
    p.add_argument("--period", required=True, help=_("the cycle: 2025-07, 2025Q3 or 2025"))
    p.add_argument("--jurisdiction", help=_("GB/T 2260 code (default: the home county)"))
    add_json_option(p)


def cmd_timeliness(args: argparse.Namespace) -> int:
    """Print the departments' table, then the reports missing (or both as JSON)."""
    with open_platform(args) as platform:
        print_result(platform.timeliness(args.period, jurisdiction=args.jurisdiction), args.json)
    return 0
