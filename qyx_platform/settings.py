"""Settings of the GraphQL service: production mode and the limits that protect it.

``QYX_ENV=production`` (or ``create_app(production=True)``) turns production mode on: no
introspection, no field-name suggestions in error messages and no GraphiQL page. The limits
apply in every mode; their defaults fit the dashboard's and the contract's queries with room
to spare.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace

from qyx_platform.errors import ConfigurationError

ENV_MODE = "QYX_ENV"
PRODUCTION = "production"
#: values of QYX_ENV that mean "not production"
DEVELOPMENT_MODES = frozenset({"", "development", "dev", "test", "testing", "local"})


@dataclass(frozen=True)
class Settings:
    """Limits of one GraphQL service.

    ``max_body_bytes``: largest request body (413 beyond); ``max_json_depth``: deepest nesting
    of arrays and objects in a request's JSON (400 beyond); ``max_query_depth``: deepest field
    nesting of an operation, fragments expanded; ``max_tokens``: tokens of a GraphQL document;
    ``max_aliases``: aliased fields of a document; ``max_cost``: cost of an operation (see
    :mod:`qyx_platform.graphql.limits`); ``max_page_size``: largest ``first``/``last``
    argument; ``sqlite_statement_timeout_s``: seconds one SQLite statement may run before it is
    interrupted (PostgreSQL has its own ``statement_timeout``, set by the engine).
    """

    production: bool = False
    max_body_bytes: int = 1024 * 1024
    max_json_depth: int = 32
    max_query_depth: int = 10
    max_tokens: int = 2_000
    max_aliases: int = 15
    max_cost: int = 1_000
    max_page_size: int = 100
    sqlite_statement_timeout_s: float = 30.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The default limits, in the mode ``QYX_ENV`` asks for."""
        env = os.environ if environ is None else environ
        mode = env.get(ENV_MODE, "").strip().lower()
        if mode == PRODUCTION:
            production = True
        elif mode in DEVELOPMENT_MODES:
            production = False
        else:
            raise ConfigurationError(f"{ENV_MODE}={mode!r}: use 'production' or 'development'")
        return cls(production=production)

    def with_production(self, production: bool) -> Settings:
        """A copy in production mode (True) or development mode (False)."""
        return replace(self, production=production)
