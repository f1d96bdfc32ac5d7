"""``qyx serve``: the GraphQL service."""

from __future__ import annotations

import argparse
import sys

from qyx_platform.cli._base import Commands, env_default
from qyx_platform.i18n import _

ORDER = 10
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = "8000"


def register(commands: Commands) -> None:
    """Add ``serve``."""
    serve = commands.add("serve", cmd_serve, _("start the GraphQL service"), database=True)
    serve.add_argument(
        "--host", default=env_default("QYX_HOST", DEFAULT_HOST), help=_("address to listen on ($QYX_HOST)")
    )
    serve.add_argument(
        "--port", type=int, default=int(env_default("QYX_PORT", DEFAULT_PORT)), help=_("port ($QYX_PORT)")
    )
    serve.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the service (creating and migrating the database on first run)."""
    import uvicorn

    from qyx_platform.platform import Platform
    from qyx_platform.version import __version__
    from qyx_platform.web.app import create_app

    platform = Platform(args.db)
    ide = f"http://{args.host}:{args.port}/graphql"
    app = create_app(platform)
    print(
        _(
            "qyx {version}: {indicators} indicators in {domains} domains; database {url}",
            version=__version__,
            indicators=len(platform.plan.indicators),
            domains=len(platform.plan.domains),
            url=platform.engine.url.render_as_string(),
        )
        + "\n"
        + _("GraphiQL: {url}", url=ide),
        file=sys.stderr,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)
    return 0
