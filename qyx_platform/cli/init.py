"""``qyx init``: create or migrate the database."""

from __future__ import annotations

import argparse

from qyx_platform.cli._base import Commands, open_platform
from qyx_platform.i18n import _

ORDER = 20


def register(commands: Commands) -> None:
    """Add ``init``."""
    commands.add("init", cmd_init, _("create or migrate the database and sync the plan"), database=True)


def cmd_init(args: argparse.Namespace) -> int:
    """Create or migrate the database and sync the plan into it (an SQLite file's folder too)."""
    from qyx_platform.store.engine import make_sqlite_folder, resolve_url

    make_sqlite_folder(resolve_url(args.db))
    with open_platform(args) as platform:
        print(
            _(
                "database ready: {url} ({indicators} indicators, {tasks} tasks)",
                url=platform.engine.url.render_as_string(),
                indicators=len(platform.plan.indicators),
                tasks=len(platform.plan.tasks),
            )
        )
    return 0
