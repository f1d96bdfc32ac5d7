"""``qyx problems``: the problem list (问题清单 → 销号清单)."""

from __future__ import annotations

import argparse

from qyx_platform.cli._base import Commands, open_platform
from qyx_platform.cli._output import add_json_option, print_result
from qyx_platform.i18n import _

ORDER = 50


def register(commands: Commands) -> None:
    """Add ``problems``."""
    problems = commands.add("problems", cmd_problems, _("the problem list (问题清单)"), database=True)
    problems.add_argument(
        "--status",
        choices=["open", "rectifying", "closed", "reopened"],
        help=_("only problems in this status"),
    )
    problems.add_argument("--department", help=_("only this department's problems (e.g. 县卫生健康局)"))
    problems.add_argument(
        "--overdue",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=_("only overdue problems (--no-overdue: only those not overdue)"),
    )
    add_json_option(problems)


def cmd_problems(args: argparse.Namespace) -> int:
    """Print the problem list."""
    with open_platform(args) as platform:
        result = platform.problems(status=args.status, department=args.department, overdue=args.overdue)
        print_result(result, args.json)
    return 0
