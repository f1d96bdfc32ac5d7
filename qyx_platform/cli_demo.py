"""``qyx demo``: load the synthetic demonstration data set into its own database, and the
``--demo`` option of ``qyx serve`` that serves it with the dashboard labelled as a demo."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def demo_platform(db: str | None) -> Any:
    """A platform on the demo database (``db`` or ``demo.sqlite3`` next to the default
    database) with the demo data loaded; DemoRefused for a database holding real values."""
    from qyx_platform.platform import Platform
    from qyx_platform.services.demo import demo_database_url, load_demo

    platform = Platform(db or demo_database_url())
    result = load_demo(platform)
    where = platform.engine.url.render_as_string()
    if result.already_loaded:
        print(f"demo data already loaded in {where}", file=sys.stderr)
    else:
        print(
            f"loaded synthetic demo data into {where}: {result.values} value(s), "
            f"{result.problems} problem(s) — made up, not real figures",
            file=sys.stderr,
        )
    return platform


def cmd_demo(args: argparse.Namespace) -> int:
    """Load the demo data set (synthetic values and problems) into the demo database."""
    platform = demo_platform(args.db)
    platform.close()
    print("serve it with: qyx serve --demo", file=sys.stderr)
    return 0


def add_demo_command(sub: Any, with_db: Any) -> None:
    """Register ``qyx demo``."""
    demo = sub.add_parser(
        "demo",
        help="load a synthetic demo data set into its own database (never a real one)",
        description="Load a clearly labelled synthetic data set into a separate demo database "
        "(default: demo.sqlite3 next to the default database) for a first look at the dashboard.",
    )
    demo.set_defaults(func=cmd_demo)
    with_db(demo)
