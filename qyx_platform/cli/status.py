"""``qyx status``, ``qyx scoreboard`` and ``qyx timeline``: where the plan stands."""

from __future__ import annotations

import argparse

from qyx_platform.cli._base import Commands, open_platform
from qyx_platform.cli._output import add_json_option, print_result
from qyx_platform.i18n import _

ORDER = 40


def register(commands: Commands) -> None:
    """Add ``status``, ``scoreboard`` and ``timeline``."""
    status = commands.add(
        "status", cmd_status, _("where each indicator stands in a period (a table)"), database=True
    )
    status.add_argument("period", nargs="?", help=_("2025, 2025Q3 or 2025-07 (default: this year)"))
    status.add_argument(
        "--jurisdiction", metavar="CODE", help=_("county, city or province code (default: the home county)")
    )
    status.add_argument(
        "--indicator",
        action="append",
        metavar="CODE",
        help=_("only this indicator (code or plan number); repeatable"),
    )
    status.add_argument("--domain", metavar="CODE", help=_("only this domain (youyou, xueyou …)"))
    status.add_argument("--core", action="store_true", help=_("only core (*) indicators"))
    add_json_option(status)

    board = commands.add(
        "scoreboard", cmd_scoreboard, _("domains and departments ranked for a year (多维晾晒)"), database=True
    )
    board.add_argument("year", nargs="?", type=int, help=_("the year (default: this year)"))
    board.add_argument(
        "--jurisdiction", metavar="CODE", help=_("county, city or province code (default: the home county)")
    )
    add_json_option(board)

    timeline = commands.add(
        "timeline", cmd_timeline, _("the values of one indicator over time"), database=True
    )
    timeline.add_argument("indicator", help=_("indicator code or plan number"))
    timeline.add_argument(
        "--jurisdiction",
        metavar="CODE",
        help=_("this jurisdiction and those directly under it (default: the home county)"),
    )
    timeline.add_argument(
        "--granularity", choices=["year", "quarter", "month"], help=_("only this kind of period")
    )
    add_json_option(timeline)


def cmd_status(args: argparse.Namespace) -> int:
    """Print where each indicator stands."""
    with open_platform(args) as platform:
        result = platform.status(
            args.period,
            jurisdiction=args.jurisdiction,
            indicators=args.indicator or (),
            domain=args.domain,
            core=True if args.core else None,
        )
        print_result(result, args.json)
    return 0


def cmd_scoreboard(args: argparse.Namespace) -> int:
    """Print the scoreboard."""
    with open_platform(args) as platform:
        print_result(platform.scoreboard(args.year, jurisdiction=args.jurisdiction), args.json)
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    """Print an indicator's values over time."""
    with open_platform(args) as platform:
        result = platform.timeline(
            args.indicator, jurisdiction=args.jurisdiction, granularity=args.granularity
        )
        print_result(result, args.json)
    return 0
