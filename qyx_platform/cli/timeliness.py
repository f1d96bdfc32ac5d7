"""``qyx timeliness --period 2025-07``: every department's expected, on-time, late, missing and
pending reports for one cycle (the same table as the GraphQL ``timeliness`` query)."""

from __future__ import annotations

import argparse

from qyx_platform.cli._base import Commands, open_platform
from qyx_platform.i18n import _

ORDER = 55


def register(commands: Commands) -> None:
    """Add ``qyx timeliness``."""
    p = commands.add(
        "timeliness", cmd_timeliness, _("reporting timeliness of one cycle, by department"), database=True
    )
    p.add_argument("--period", required=True, help=_("the cycle: 2025-07, 2025Q3 or 2025"))
    p.add_argument("--jurisdiction", help=_("GB/T 2260 code (default: the home county)"))


def cmd_timeliness(args: argparse.Namespace) -> int:
    """Print one line per department, then the missing items."""
    from qyx_platform.model import Period
    from qyx_platform.services.timeliness import TimelinessService

    period = Period.parse(args.period.strip())
    with open_platform(args) as platform:
        service = TimelinessService(platform.plan, platform.engine, platform.deadlines)
        result = service.cycle(period, platform.today(), args.jurisdiction)
    print(_("{period}: deadline {deadline}", period=result.period, deadline=result.deadline))
    header = (_("department"), _("expected"), _("on time"), _("late"), _("missing"), _("pending"))
    print("\t".join(header))
    for d in result.departments:
        print(f"{d.department}\t{d.expected}\t{d.on_time}\t{d.late}\t{d.missing}\t{d.pending}")
    for d in result.departments:
        for code, cycle in d.missing_items:
            print(
                _("missing: {department} {code} {period}", department=d.department, code=code, period=cycle)
            )
    return 0
