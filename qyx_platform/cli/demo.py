"""``qyx demo``: load the synthetic demonstration data set into its own database; ``qyx serve
--demo`` serves it with the dashboard labelled as a demo (see :mod:`qyx_platform.services.demo`)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from qyx_platform.cli._base import Commands, note
from qyx_platform.i18n import _

if TYPE_CHECKING:
    from qyx_platform.platform import Platform

ORDER = 15


def register(commands: Commands) -> None:
    """Add ``demo``."""
    commands.add(
        "demo",
        cmd_demo,
        _("load a synthetic demo data set into its own database (never a real one)"),
        database=True,
    )


def demo_platform(db: str | None) -> Platform:
    """A platform on the demo database (``db``, or demo.sqlite3 next to the default database)
    with the demo data loaded; DemoRefused for a database that holds real values."""
    from qyx_platform.platform import Platform
    from qyx_platform.services.demo import demo_database_url, load_demo

    platform = Platform(db or demo_database_url())
    result = load_demo(platform)
    where = platform.engine.url.render_as_string()
    if result.already_loaded:
        note(_("demo data already loaded in {url}", url=where))
    else:
        note(
            _(
                "loaded synthetic demo data into {url}: {values} value(s), {problems} problem(s); "
                "made up, not real figures",
                url=where,
                values=result.values,
                problems=result.problems,
            )
        )
    return platform


def cmd_demo(args: argparse.Namespace) -> int:
    """Load the demo data set (synthetic values and problems) into the demo database."""
    demo_platform(args.db).close()
    if args.db:  # the demo database named: serve that one
        note(_("serve it with: qyx serve --demo --db {url}", url=args.db))
    else:
        note(_("serve it with: qyx serve --demo"))
    return 0
