"""The ``qyx config`` and ``qyx pending`` commands.

    qyx config get [NAME]                    settings stored in the database
    qyx config set require-approval true     change one (audited)
    qyx pending [--token T]                  values waiting for approval, across indicators

Settings live in the database, so the service, ``qyx import`` and the Python API on it obey
them alike, whatever their environment.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import Any

from qyx_platform.cli_io import ENV_TOKEN


def cmd_config_get(args: argparse.Namespace) -> int:
    """Print one setting's value, or every setting as ``name = value``."""
    from qyx_platform.platform import Platform
    from qyx_platform.services.dbsettings import all_settings, spec

    platform = Platform(args.db)
    try:
        with platform.sessions() as session:
            values = all_settings(session)
        if args.name:
            print("true" if values[spec(args.name).name] else "false")
        else:
            for name, value in values.items():
                print(f"{name} = {'true' if value else 'false'}")
        return 0
    finally:
        platform.close()


def cmd_config_set(args: argparse.Namespace) -> int:
    """Store a setting in the database."""
    from qyx_platform.platform import Platform
    from qyx_platform.services.dbsettings import parse_bool, spec

    name = spec(args.name).name
    value = parse_bool(name, args.value)
    platform = Platform(args.db)
    try:
        before = platform.set_setting(name, value)
    finally:
        platform.close()
    now = "true" if value else "false"
    print(f"{name} = {now}" + ("" if before != value else " (unchanged)"), file=sys.stderr)
    return 0


def cmd_pending(args: argparse.Namespace) -> int:
    """List revisions waiting for approval (tab-separated), oldest first."""
    from qyx_platform.platform import Platform
    from qyx_platform.services.auth import LOCAL_OPERATOR
    from qyx_platform.services.corrections import pending

    platform = Platform(args.db)
    try:
        token = args.token or os.environ.get(ENV_TOKEN) or None
        actor = platform.actor(token) if token else LOCAL_OPERATOR
        with platform.sessions() as session:
            total, rows = pending(session, actor, limit=args.limit)
        for r in rows:
            fields = (
                str(r.id), r.indicator_code, r.jurisdiction_code, r.period, r.series or "-",
                r.value, r.reported_by, r.reported_at.isoformat(timespec="seconds"),
            )  # fmt: skip
            print("\t".join(fields))
        shown = f" (first {len(rows)})" if total > len(rows) else ""
        print(f"{total:,} value(s) waiting for approval{shown}", file=sys.stderr)
        return 0
    finally:
        platform.close()


def add_trust_commands(
    sub: Any, with_db: Callable[[argparse.ArgumentParser], argparse.ArgumentParser]
) -> None:
    """Register ``config`` and ``pending`` on the ``qyx`` parser."""
    from qyx_platform.services.dbsettings import SETTINGS

    names = "; ".join(f"{s.name}: {s.help} (default {str(s.default).lower()})" for s in SETTINGS.values())
    config = sub.add_parser(
        "config", help="show or change settings stored in the database", description=f"Settings: {names}."
    )
    config.set_defaults(func=lambda _a: (config.print_help(), 2)[1])
    config_sub = config.add_subparsers(dest="config_command", required=True)
    get = with_db(config_sub.add_parser("get", help="print a setting (or all of them)"))
    get.set_defaults(func=cmd_config_get)
    get.add_argument("name", nargs="?", help="require-approval")
    put = with_db(config_sub.add_parser("set", help="change a setting (audited)"))
    put.set_defaults(func=cmd_config_set)
    put.add_argument("name", help="require-approval")
    put.add_argument("value", help="true or false")

    pend = with_db(
        sub.add_parser(
            "pending",
            help="list values waiting for approval",
            description=(
                "List revisions waiting for a supervisor's approval, across indicators, oldest "
                "first: id, indicator, jurisdiction, period, series, value, reporter, time. "
                "Approve or reject them in GraphQL (approveObservation, rejectObservation)."
            ),
        )
    )
    pend.set_defaults(func=cmd_pending)
    pend.add_argument(
        "--token", default=None, help=f"as this token (default: ${ENV_TOKEN}, else the local operator)"
    )
    pend.add_argument("--limit", type=int, default=1000, help="at most this many rows (default 1000)")
