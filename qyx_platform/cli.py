"""The ``qyx`` command: serve, init, schema, plugins, token, import, export.

Errors are printed as one clear line on stderr with exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from qyx_platform.errors import QyxError
from qyx_platform.version import __version__

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the service (creating and migrating the database on first run)."""
    import uvicorn

    from qyx_platform.platform import Platform
    from qyx_platform.store.engine import ENV_URL
    from qyx_platform.web.app import create_app

    platform = Platform(args.db)  # migrates and syncs the plan once, before any worker starts
    print(
        f"qyx {__version__}: {len(platform.plan.indicators)} indicators in "
        f"{len(platform.plan.domains)} domains; database {platform.engine.url.render_as_string()}\n"
        f"GraphiQL: http://{args.host}:{args.port}/graphql"
        + (f" ({args.workers} worker processes)" if args.workers > 1 else ""),
        file=sys.stderr,
    )
    if args.workers > 1:
        # each worker process builds its own app on the same database (QYX_DATABASE_URL); the
        # per-data-version cache stays correct across them, as every write bumps the shared version
        platform.close()
        os.environ[ENV_URL] = platform.database_url
        uvicorn.run(
            "qyx_platform.web.app:create_app",
            factory=True,
            workers=args.workers,
            host=args.host,
            port=args.port,
            log_level=args.log_level,
        )
        return 0
    uvicorn.run(create_app(platform), host=args.host, port=args.port, log_level=args.log_level)
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """Create or migrate the database and sync the plan into it."""
    from qyx_platform.platform import Platform

    platform = Platform(args.db)
    print(
        f"database ready: {platform.engine.url.render_as_string()} "
        f"({len(platform.plan.indicators)} indicators, {len(platform.plan.tasks)} tasks)"
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the GraphQL SDL (the content of schema/schema.graphql)."""
    from qyx_platform.graphql.schema import build_schema, print_sdl
    from qyx_platform.platform import load_catalogue

    _, catalogue = load_catalogue()
    sys.stdout.write(print_sdl(build_schema(catalogue)))
    return 0


def cmd_plugins(args: argparse.Namespace) -> int:
    """List the loaded plugins with their versions and hooks."""
    from qyx_platform.platform import load_catalogue

    manager, _ = load_catalogue()
    for info in manager.plugin_infos():
        print(f"{info.name} {info.version}".rstrip())
        print(f"    hooks: {', '.join(info.hooks) or '-'}")
    return 0


def cmd_token_create(args: argparse.Namespace) -> int:
    """Create a token; print only the token on stdout."""
    from qyx_platform.platform import Platform
    from qyx_platform.services.auth import parse_role

    platform = Platform(args.db)
    token = platform.create_token(parse_role(args.role), args.department, args.label)
    print(token)
    return 0


def cmd_token_revoke(args: argparse.Namespace) -> int:
    """Revoke a token given the token, its id or its prefix."""
    from qyx_platform.platform import Platform
    from qyx_platform.services import audit
    from qyx_platform.services.auth import LOCAL_OPERATOR, revoke_token

    platform = Platform(args.db)
    with platform.sessions.begin() as session:
        row = revoke_token(session, args.token)
        audit.record(session, LOCAL_OPERATOR, "token.revoke", "token", str(row.id))
    print(f"revoked token {row.id} ({row.prefix}…)", file=sys.stderr)
    return 0


def cmd_token_list(args: argparse.Namespace) -> int:
    """List tokens (never their secrets)."""
    from sqlalchemy import select

    from qyx_platform.platform import Platform
    from qyx_platform.store.tables import TokenRow

    platform = Platform(args.db)
    with platform.sessions() as session:
        for row in session.scalars(select(TokenRow).order_by(TokenRow.id)):
            state = "revoked" if row.revoked_at else "active"
            print(f"{row.id}\t{row.prefix}…\t{row.role}\t{row.department or '-'}\t{state}\t{row.label or ''}")
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``qyx``."""
    parser = argparse.ArgumentParser(
        prog="qyx", description="七优享 plan platform: GraphQL service and tools."
    )
    parser.add_argument("--version", action="version", version=f"qyx {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_db(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument(
            "--db",
            metavar="URL",
            default=None,
            help="database URL (default: $QYX_DATABASE_URL or an SQLite file in $QYX_HOME)",
        )
        return p

    def add(
        name: str,
        fn: Callable[[argparse.Namespace], int],
        helptext: str,
        parent: argparse._SubParsersAction[argparse.ArgumentParser] = sub,
    ) -> argparse.ArgumentParser:
        p = parent.add_parser(name, help=helptext, description=helptext)
        p.set_defaults(func=fn)
        return p

    serve = with_db(add("serve", cmd_serve, "start the GraphQL service"))
    serve.add_argument("--host", default=os.environ.get("QYX_HOST", DEFAULT_HOST))
    serve.add_argument("--port", type=int, default=int(os.environ.get("QYX_PORT", DEFAULT_PORT)))
    serve.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    serve.add_argument(
        "--workers",
        type=_positive,
        default=int(os.environ.get("QYX_WORKERS", 1)),
        metavar="N",
        help="worker processes (default 1; about one per CPU core; see docs/deploy.md)",
    )
    with_db(add("init", cmd_init, "create or migrate the database and sync the plan"))
    add("schema", cmd_schema, "print the GraphQL schema (SDL)")
    add("plugins", cmd_plugins, "list plugins with versions and hooks")
    token = add("token", lambda a: 2, "manage API tokens")
    token_sub = token.add_subparsers(dest="token_command", required=True)
    create = with_db(add("create", cmd_token_create, "create a token and print it", token_sub))
    create.add_argument("--role", required=True, help="viewer, reporter, supervisor or admin")
    create.add_argument("--department", help="lead department, for reporter tokens (e.g. 县卫生健康局)")
    create.add_argument("--label", help="who the token is for")
    revoke = with_db(add("revoke", cmd_token_revoke, "revoke a token", token_sub))
    revoke.add_argument("token", help="the token, its id or its prefix")
    with_db(add("list", cmd_token_list, "list tokens", token_sub))
    from qyx_platform.cli_io import add_io_commands

    add_io_commands(sub, with_db)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``qyx``; returns the exit status (0 ok, 2 a user error, 1 an internal error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.func(args)
        return result
    except QyxError as exc:
        print(f"qyx: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("qyx: interrupted; nothing partial was written", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("QYX_DEBUG"):
            raise
        print(
            f"qyx: internal error: {type(exc).__name__}: {exc}\n"
            "(set QYX_DEBUG=1 for the traceback, and please report it)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
