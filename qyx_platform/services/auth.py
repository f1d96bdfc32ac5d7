"""API tokens, roles and what each role may do.

Roles: ``viewer`` reads; ``reporter`` reports values for the indicators whose lead
department (牵头单位) is its own; ``supervisor`` also approves revisions and raises and
closes problems; ``admin`` may do everything. Only a token's SHA-256 hash is stored.

Every token also carries a jurisdiction (GB/T 2260 code; default the home county, for admin
tokens anywhere): it writes values there and below only (a city's token its counties, the
province's token the whole province).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum

from sqlalchemy import select
from sqlalchemy.orm import Session

from qyx_platform.errors import ConfigurationError, NotFoundError, PermissionDeniedError, QyxError
from qyx_platform.i18n import _, pgettext
from qyx_platform.model import Indicator, Plan, level_of
from qyx_platform.services.text import text_problem
from qyx_platform.store.tables import TokenRow

TOKEN_PREFIX = "qyx_"


class Role(Enum):
    """What a token may do; each role includes the ones before it."""

    VIEWER = "viewer"
    REPORTER = "reporter"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        """Position in the hierarchy viewer < reporter < supervisor < admin."""
        return _RANKS[self.value]

    @property
    def label(self) -> str:
        """The role as a message names it, in the language in force: its code in English
        (``supervisor``); in Chinese the term with the code, ``督查员（supervisor）``, so that
        the reader still sees what ``qyx token create --role`` takes."""
        labels = {
            Role.VIEWER: pgettext("role", "viewer"),
            Role.REPORTER: pgettext("role", "reporter"),
            Role.SUPERVISOR: pgettext("role", "supervisor"),
            Role.ADMIN: pgettext("role", "admin"),
        }
        return labels[self]


_RANKS = {role.value: n for n, role in enumerate(Role)}


@dataclass(frozen=True)
class Actor:
    """Who is acting: a token's role and department, or the local operator of the CLI."""

    name: str
    role: Role
    department: str | None = None
    token_id: int | None = None
    #: where this actor may write (and below); None: anywhere (the local operator)
    jurisdiction: str | None = None

    def at_least(self, role: Role) -> bool:
        """Whether this actor's role includes ``role``."""
        return self.role.rank >= role.rank

    def may_report(self, plan: Plan, indicator: Indicator) -> bool:
        """Reporters only for their department's domains; supervisors and admins for all."""
        if self.at_least(Role.SUPERVISOR):
            return True
        if self.role is not Role.REPORTER:
            return False
        domain = plan.domain(indicator.domain)
        return domain is not None and domain.lead_department.name == self.department

    def may_write_to(self, code: str) -> bool:
        """Whether ``code`` is this actor's jurisdiction or lies below it."""
        return self.jurisdiction is None or covers(self.jurisdiction, code)

    def require(self, role: Role, action: str) -> None:
        """Raise PermissionDeniedError unless this actor has ``role``."""
        if not self.at_least(role):
            raise PermissionDeniedError(
                _(
                    "{action} needs the {role} role; this token has the {actual} role",
                    action=action,
                    role=role.label,
                    actual=self.role.label,
                )
            )


#: the operator at the console (`qyx import` without a token): trusted as admin
LOCAL_OPERATOR = Actor("local operator", Role.ADMIN)
ANONYMOUS = Actor("anonymous", Role.VIEWER)


def covers(scope: str, code: str) -> bool:
    """Whether jurisdiction ``scope`` is ``code`` or one of its ancestors (GB/T 2260: a
    province ``xx0000`` covers ``xx….``, a city ``xxxx00`` covers ``xxxx..``)."""
    if scope.endswith("0000"):
        return code[:2] == scope[:2]
    if scope.endswith("00"):
        return code[:4] == scope[:4]
    return code == scope


def hash_token(token: str) -> str:
    """SHA-256 hex digest of a token; the only form stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def parse_role(value: str) -> Role:
    """A Role from its name, with a clear error listing the roles."""
    try:
        return Role(value.strip().lower())
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise ConfigurationError(
            _("unknown role {role}; use one of {names}", role=repr(value), names=names)
        ) from None


def create_token(
    session: Session,
    plan: Plan,
    role: Role,
    department: str | None = None,
    label: str | None = None,
    jurisdiction: str | None = None,
) -> tuple[str, TokenRow]:
    """Create a token; return the secret (shown once) and its stored row. ``jurisdiction``:
    where it may write (default: the plan's home county); in the home province."""
    home = plan.document.home_jurisdiction
    problem = text_problem("label", label)
    if problem:
        raise ConfigurationError(_("--label: {problem}", problem=problem))
    if jurisdiction is not None:
        jurisdiction = jurisdiction.strip()
        try:
            level_of(jurisdiction)
        except QyxError as exc:
            raise ConfigurationError(_("--jurisdiction: {problem}", problem=exc)) from None
        if jurisdiction[:2] != home[:2]:
            raise ConfigurationError(
                _(
                    "--jurisdiction {code} is outside the home province ({province})",
                    code=jurisdiction,
                    province=home[:2] + "0000",
                )
            )
    departments = {d.name for d in plan.departments}
    if role is Role.REPORTER and not department:
        raise ConfigurationError(
            _("a reporter token needs --department, one of: {names}", names=", ".join(sorted(departments)))
        )
    if department is not None and department not in departments:
        raise ConfigurationError(
            _(
                "unknown department {name}; lead departments: {names}",
                name=repr(department),
                names=", ".join(sorted(departments)),
            )
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = TokenRow(
        token_hash=hash_token(secret),
        prefix=secret[:10],
        role=role.value,
        department=department,
        label=label,
        jurisdiction=jurisdiction,
        created_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    return secret, row


def revoke_token(session: Session, token_or_id: str) -> TokenRow:
    """Revoke a token given the secret, its id or its prefix."""
    query = select(TokenRow)
    if token_or_id.isascii() and token_or_id.isdigit():
        query = query.where(TokenRow.id == int(token_or_id))
    elif len(token_or_id) > 16:
        query = query.where(TokenRow.token_hash == hash_token(token_or_id))
    else:
        query = query.where(TokenRow.prefix == token_or_id)
    rows = list(session.scalars(query))
    if len(rows) != 1:
        raise NotFoundError(
            _("no single token matches {token}; `qyx token list` shows them", token=repr(token_or_id))
        )
    row = rows[0]
    if row.revoked_at is None:
        row.revoked_at = datetime.now(UTC)
    return row


def authenticate(session: Session, token: str | None, home: str | None = None) -> Actor:
    """The actor a bearer token stands for; ANONYMOUS without one. A token stored without a
    jurisdiction writes to ``home`` (the plan's home county), an admin token anywhere."""
    if not token:
        return ANONYMOUS
    row = session.scalar(select(TokenRow).where(TokenRow.token_hash == hash_token(token.strip())))
    if row is None or row.revoked_at is not None:
        raise PermissionDeniedError(_("the token is unknown or revoked; ask for a new one"))
    # the name is shown to every reader (who raised a problem, who reported): never any part
    # of the secret, the token's number instead (what `qyx token revoke` takes)
    name = row.label or f"token #{row.id}"
    role = Role(row.role)
    # an admin token without a jurisdiction may write anywhere; any other writes at home
    scope = row.jurisdiction or (None if role is Role.ADMIN else home)
    return Actor(name, role, row.department, row.id, scope)
