"""``qyx alerts run``: run the alert rules now (a county schedules it daily, e.g. with cron,
so that deadlines passing with no write still raise their problems)."""

from __future__ import annotations

import argparse

from qyx_platform.cli._base import Commands, note, open_platform
from qyx_platform.i18n import _

ORDER = 56


def register(commands: Commands) -> None:
    """Add the ``alerts`` group."""
    group = commands.group("alerts", _("alert rules that raise problems"))
    group.add("run", cmd_alerts_run, _("run every alert rule and raise the new problems"), database=True)
    group.add("rules", cmd_alerts_rules, _("list the alert rules"), database=False)


def cmd_alerts_run(args: argparse.Namespace) -> int:
    """Run the rules; print the ids of the problems raised, one per line."""
    with open_platform(args) as platform:
        raised = platform.run_alerts()
    for problem_id in raised:
        print(problem_id)
    note(_("{count} problem(s) raised", count=len(raised)))
    return 0


def cmd_alerts_rules(args: argparse.Namespace) -> int:
    """List the alert rules: code and description."""
    from qyx_platform.platform import load_catalogue

    for rule in load_catalogue()[1].alert_rules:
        print(f"{rule.code}\t{rule.description}")
    return 0
