"""``qyx token create|revoke|list``: API tokens."""

from __future__ import annotations

import argparse

from qyx_platform.cli._base import Commands, note, open_platform
from qyx_platform.i18n import _

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
    token.add("list", cmd_token_list, _("list tokens"), database=True)


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
    """List tokens (never their secrets)."""
    from sqlalchemy import select

    from qyx_platform.store.tables import TokenRow

    with open_platform(args) as platform, platform.sessions() as session:
        for row in session.scalars(select(TokenRow).order_by(TokenRow.id)):
            state = _("revoked") if row.revoked_at else _("active")
            place = row.jurisdiction or (
                "*" if row.role == "admin" else platform.plan.document.home_jurisdiction
            )
            fields = (str(row.id), f"{row.prefix}…", row.role, row.department or "-", place, state)
            print("\t".join(fields) + f"\t{row.label or ''}")
    return 0
