"""The per-request context: the platform, the caller and per-request caches."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from qyx_platform.model import Plan
from qyx_platform.services.auth import Actor

if TYPE_CHECKING:
    from qyx_platform.platform import Platform
    from qyx_platform.services.readings import Readings
    from qyx_platform.store.scope import ReadScope


@dataclass
class Context:
    """Handed to every resolver as ``info.context``.

    ``token`` is the bearer token of the request (None when absent); ``actor`` resolves it
    lazily, so reads never touch the token table. ``readings`` caches the values read in
    this request, so a query reads each set of values once however large the answer.
    ``scope`` is the request's one database connection, shared by every read (None: a
    connection per read).
    """

    platform: Platform
    token: str | None = None
    request: Any = None
    response: Any = None
    cache: dict[str, Any] = field(default_factory=dict)
    scope: ReadScope | None = None

    @property
    def plan(self) -> Plan:
        """The loaded plan."""
        return self.platform.plan

    @cached_property
    def actor(self) -> Actor:
        """The caller (raises PermissionDeniedError for an unknown or revoked token)."""
        if self.scope is None or not self.token:
            return self.platform.actor(self.token)
        from qyx_platform.services.auth import authenticate

        return authenticate(self.scope.session, self.token)

    @cached_property
    def readings(self) -> Readings:
        """Per-request reader of stored values."""
        from qyx_platform.services.readings import Readings

        return Readings(self.platform, self.scope)
