"""``qyx token create|revoke|list``: API tokens."""

from __future__ import annotations

import argparse

from qyx_platform.cli._base import Commands, note, open_platform
from qyx_platform.cli._output import add_json_option, print_result
from qyx_platform.i18n import N_, _

#: a token's states (codes in JSON, words in a table)
STATES = {"active": N_("active"), "revoked": N_("revoked")}
ORDER = 80


def register(commands: Commands) -> None:
    """Add the ``token`` group."""
    token = commands.group("token", _("manage API tokens"))
    create = token.add("create", cmd_token_create, _("create a token and print it"), database=True)
    create.add_argument("--role", required=True, help=_("viewer, reporter, supervisor or admin"))
    create.add_argument("--department", help=_("lead department, for reporter tokens (e.g. 县卫生健康局)"))
    create.add_argument("--label", help=_("who the token is for"))
    create.add_argument(
        "--jurisdiction",
        help=_("GB/T 2260 code it may write to, and below (default: the home county; admins: anywhere)"),
    )
    revoke = token.add("revoke", cmd_token_revoke, _("revoke a token"), database=True)
    revoke.add_argument("token", help=_("the token, its id or its prefix"))
    listing = token.add("list", cmd_token_list, _("list tokens"), database=True)
    add_json_option(listing)


def cmd_token_create(args: argparse.Namespace) -> int:
    """Create a token; print only the token on stdout."""
    from qyx_platform.services.auth import parse_role

    with open_platform(args) as platform:
        print(platform.create_token(parse_role(args.role), args.department, args.label, args.jurisdiction))
    return 0


def cmd_token_revoke(args: argparse.Namespace) -> int:
    """Revoke a token given the token, its id or its prefix."""
    with open_platform(args) as platform:
        row = platform.revoke_token(args.token)
        note(_("revoked token {id} ({prefix}…)", id=row.id, prefix=row.prefix))
    return 0


def cmd_token_list(args: argparse.Namespace) -> int:
    """List tokens (never their secrets): a table with headers, or ``--json``."""
    from dataclasses import dataclass

    from sqlalchemy import select

    from qyx_platform.i18n import lazy_gettext
    from qyx_platform.results.table import Column, Record, ResultTable
    from qyx_platform.services.auth import Role
    from qyx_platform.store.tables import TokenRow

    @dataclass(frozen=True)
    class Token(Record):
        """One token as listed: its number, the start of the secret the operator was shown,
        role, department, where it may write, state and label."""

        id: int
        prefix: str
        role: str
        department: str | None
        jurisdiction: str
        state: str
        label: str | None

    columns = (
        Column("id", lazy_gettext("id"), numeric=True, priority=9),
        Column("prefix", lazy_gettext("token"), priority=8),
        Column("role", lazy_gettext("role"), show=lambda r: Role(r).label, priority=9),
        Column("department", lazy_gettext("department"), priority=7),
        Column("jurisdiction", lazy_gettext("jurisdiction"), priority=6),
        Column("state", lazy_gettext("state"), show=lambda code: _(STATES[code]), priority=8),
        Column("label", lazy_gettext("label"), priority=5),
    )
    with open_platform(args) as platform, platform.sessions() as session:
        home = platform.plan.document.home_jurisdiction
        tokens = [
            Token(
                row.id,
                f"{row.prefix}…",
                row.role,
                row.department,
                row.jurisdiction or ("*" if row.role == "admin" else home),
                "revoked" if row.revoked_at else "active",
                row.label,
            )
            for row in session.scalars(select(TokenRow).order_by(TokenRow.id))
        ]
    print_result(ResultTable(tokens, columns, lazy_gettext("API tokens")), args.json)
    return 0
