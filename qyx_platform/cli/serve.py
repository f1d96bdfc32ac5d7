"""``qyx serve``: the GraphQL service.

The listening socket is bound before anything else, so a port in use or out of range is one
clear line (exit status 2), never a traceback after "startup complete".
"""

from __future__ import annotations

import argparse
import errno
import socket
import sys
from typing import TYPE_CHECKING

from qyx_platform import config
from qyx_platform.cli._base import Commands
from qyx_platform.i18n import _

if TYPE_CHECKING:
    from qyx_platform.platform import Platform

ORDER = 10
DEFAULT_HOST = config.DEFAULT_HOST
DEFAULT_PORT = str(config.DEFAULT_PORT)


def port_number(text: str) -> int:
    """An ``--port`` value: a whole number from 1 to 65535."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(_("{value} is not a port; use a number from 1 to 65535", value=text))
    return port


def register(commands: Commands) -> None:
    """Add ``serve``."""
    serve = commands.add("serve", cmd_serve, _("start the GraphQL service"), database=True)
    serve.add_argument("--host", default=config.host(), help=_("address to listen on ($QYX_HOST)"))
    serve.add_argument("--port", type=port_number, default=config.port(), help=_("port ($QYX_PORT)"))
    serve.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    serve.add_argument(
        "--workers",
        type=worker_count,
        default=config.workers(),
        metavar="N",
        help=_("worker processes, about one per CPU core ($QYX_WORKERS; see docs/deploy.md)"),
    )
    serve.add_argument(
        "--demo",
        action="store_true",
        help=_("serve the synthetic demo data set from its own database (see qyx demo)"),
    )


def worker_count(text: str) -> int:
    """A ``--workers`` value: a whole number of at least 1."""
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(_("{value} is not a number of workers; use 1 or more", value=text))
    return count


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (as uvicorn binds it), or a ConfigurationError saying
    what to do when the port is taken or the address is not ours."""
    from qyx_platform.errors import ConfigurationError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family=family, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ConfigurationError(
                _(
                    "port {port} on {host} is already in use; stop the program that uses it "
                    "or choose another port with --port",
                    port=port,
                    host=host,
                )
            ) from None
        raise ConfigurationError(
            _(
                "cannot listen on {host}:{port} ({reason}); check --host and --port",
                host=host,
                port=port,
                reason=exc.strerror or exc,
            )
        ) from None
    sock.set_inheritable(True)
    return sock


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the service (creating and migrating the database on first run)."""
    sock = listen(args.host, args.port)
    try:
        import uvicorn

        from qyx_platform.platform import Platform
        from qyx_platform.version import __version__
        from qyx_platform.web.app import create_app

        if args.demo:
            from qyx_platform.cli.demo import demo_platform

            platform = demo_platform(args.db)
        else:
            platform = Platform(args.db)  # migrates and syncs the plan once, before any worker starts
        host = f"[{args.host}]" if ":" in args.host else args.host
        ide = f"http://{host}:{args.port}/graphql"
        dashboard = f"http://{host}:{args.port}/"
        workers = 1 if args.demo else args.workers  # the demo serves one process
        if workers > 1:
            ide += " " + _("({count} worker processes)", count=workers)
        print(
            _(
                "qyx {version}: {indicators} indicators in {domains} domains; database {url}",
                version=__version__,
                indicators=len(platform.plan.indicators),
                domains=len(platform.plan.domains),
                url=platform.engine.url.render_as_string(),
            )
            + "\n"
            + _("dashboard: {url}", url=dashboard)
            + "\n"
            + (_("GraphiQL: {url}", url=ide) if not config.production() else _("GraphQL: {url}", url=ide)),
            file=sys.stderr,
        )
        if workers > 1:
            serve_workers(platform, args, sock)
        else:
            app = create_app(platform, demo=args.demo)
            server = uvicorn.Config(app, host=args.host, port=args.port, log_level=args.log_level)
            uvicorn.Server(server).run(sockets=[sock])
    finally:
        sock.close()
    return 0


def serve_workers(platform: Platform, args: argparse.Namespace, sock: socket.socket) -> None:
    """Serve ``sock`` with ``args.workers`` uvicorn worker processes, each building its own app
    on the same database (``QYX_DATABASE_URL``). The per-data-version cache stays correct
    across them: every write bumps the version stored in the shared database, and each
    request of each worker compares it."""
    import os

    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from qyx_platform.config import ENV_DATABASE_URL

    os.environ[ENV_DATABASE_URL] = platform.database_url
    platform.close()
    server = uvicorn.Config(
        "qyx_platform.web.app:create_app",
        factory=True,
        workers=args.workers,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
    )
    Multiprocess(server, sockets=[sock]).run()
