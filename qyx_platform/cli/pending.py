"""``qyx pending``: the values waiting for a supervisor's approval, across indicators."""

from __future__ import annotations

import argparse
import os

from qyx_platform.cli._base import Commands, note, open_platform
from qyx_platform.cli.files import ENV_TOKEN
from qyx_platform.i18n import _

ORDER = 65


def register(commands: Commands) -> None:
    """Add ``pending``."""
    pending = commands.add(
        "pending",
        cmd_pending,
        _("list values waiting for approval"),
        description=_(
            "List revisions waiting for a supervisor's approval, across indicators, oldest first "
            "(tab-separated: id, indicator, jurisdiction, period, series, value, reporter, time). "
            "Approve or reject them with approveObservation / rejectObservation in GraphQL."
        ),
        database=True,
    )
    pending.add_argument(
        "--token",
        default=None,
        help=_("as this token (default: ${env}, else as the local operator)", env=ENV_TOKEN),
    )
    pending.add_argument("--limit", type=int, default=1000, help=_("at most this many rows (default 1000)"))


def cmd_pending(args: argparse.Namespace) -> int:
    """List revisions waiting for approval (tab-separated), oldest first."""
    from qyx_platform.services.auth import LOCAL_OPERATOR
    from qyx_platform.services.corrections import pending

    with open_platform(args) as platform:
        token = args.token or os.environ.get(ENV_TOKEN) or None
        actor = platform.actor(token) if token else LOCAL_OPERATOR
        with platform.sessions() as session:
            total, rows = pending(session, actor, limit=max(args.limit, 0))
    for r in rows:
        fields = (
            str(r.id), r.indicator_code, r.jurisdiction_code, r.period, r.series or "-", r.value,
            r.reported_by, r.reported_at.isoformat(timespec="seconds"),
        )  # fmt: skip
        print("\t".join(fields))
    if total > len(rows):
        note(_("{total} value(s) waiting for approval (first {shown})", total=total, shown=len(rows)))
    else:
        note(_("{total} value(s) waiting for approval", total=total))
    return 0
