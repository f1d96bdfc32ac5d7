"""Every setting of an install, each read from the environment in one place.

Environment variables (all optional):

==========================  ===============================================================
``QYX_DATABASE_URL``        database URL (default: an SQLite file in ``QYX_HOME``)
``QYX_HOME``                folder of the default SQLite file (``~/.local/share/qyx``)
``QYX_PLUGINS``             plugins to load: ``all`` (default), ``none`` or a comma list
``QYX_REQUIRE_APPROVAL``    1: turn the database setting require-approval on (deprecated: use
                            ``qyx config set require-approval true``; 0 never turns it off)
``QYX_READ_REQUIRES_TOKEN`` 1: every GraphQL operation needs a token
``QYX_ENV``                 ``production`` or ``development`` (default)
``QYX_TOKEN``               the token ``qyx import`` reports as
``QYX_HOST``, ``QYX_PORT``  where ``qyx serve`` listens
``QYX_WORKERS``             worker processes of ``qyx serve`` (default 1)
``QYX_DEBUG``               1: the CLI shows tracebacks of unexpected errors
``QYX_LANG``                the language of messages (``zh_CN`` by default, ``en``)
``QYX_TODAY``               the date taken as today (``2026-12-01``), for which periods have
                            ended; default: the system's date (for tests and replays)
==========================  ===============================================================

Booleans take 1/true/yes/on or 0/false/no/off (:func:`flag`). The limits of the GraphQL
service (:class:`Settings`) apply in every mode; their defaults fit the dashboard's and the
contract's queries with room to spare. ``QYX_ENV=production`` (or
``create_app(production=True)``) also turns off introspection, field-name suggestions and
the GraphiQL page.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

ENV_DATABASE_URL = "QYX_DATABASE_URL"
ENV_HOME = "QYX_HOME"
ENV_PLUGINS = "QYX_PLUGINS"
ENV_APPROVAL = "QYX_REQUIRE_APPROVAL"
ENV_READ_TOKEN = "QYX_READ_REQUIRES_TOKEN"
ENV_MODE = "QYX_ENV"
ENV_TOKEN = "QYX_TOKEN"
ENV_HOST = "QYX_HOST"
ENV_PORT = "QYX_PORT"
ENV_WORKERS = "QYX_WORKERS"
ENV_DEBUG = "QYX_DEBUG"
ENV_LANG = "QYX_LANG"
#: the reporting deadlines, e.g. ``monthly=10,quarterly=15,yearly=31`` (the default)
ENV_DEADLINES = "QYX_REPORT_DEADLINES"
ENV_TODAY = "QYX_TODAY"

PRODUCTION = "production"
#: values of QYX_ENV that mean "not production"
DEVELOPMENT_MODES = frozenset({"", "development", "dev", "test", "testing", "local"})

#: seconds one statement may run before the database stops it (SQLite: a progress handler;
#: PostgreSQL: its ``statement_timeout``), for every engine the platform opens
STATEMENT_TIMEOUT_S = 30
#: the largest page a paged list (``first``/``last``) returns
MAX_PAGE_SIZE = 100
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})


def _env(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    return (os.environ if environ is None else environ).get(name)


def N_(message: str) -> str:
    """Mark a message for extraction (qyx_platform.i18n reads this module: no import of it here)."""
    return message


def _invalid(message: str, **values: object) -> Exception:
    # imported here: errors.py translates its messages (i18n), and i18n reads QYX_LANG here
    from qyx_platform.errors import ConfigurationError
    from qyx_platform.i18n import gettext

    return ConfigurationError(gettext(message, **values))


def flag(name: str, environ: Mapping[str, str] | None = None) -> bool:
    """A boolean setting: 1/true/yes/on or 0/false/no/off (unset: false); anything else is a
    ConfigurationError naming the variable."""
    value = _env(name, environ)
    plain = "" if value is None else value.strip().lower()
    if plain in _FALSE:
        return False
    if plain in _TRUE:
        return True
    raise _invalid(N_("{name}={value}: use 1 or 0"), name=name, value=repr(value))


def database_url() -> str | None:
    """``QYX_DATABASE_URL``, or None."""
    return _env(ENV_DATABASE_URL) or None


def home() -> Path:
    """``QYX_HOME``, default ``~/.local/share/qyx``."""
    return Path(_env(ENV_HOME) or str(Path.home() / ".local" / "share" / "qyx")).expanduser()


def plugin_filter() -> str | None:
    """``QYX_PLUGINS`` as given (see :func:`qyx_platform.plugin.manager.selected_names`)."""
    return _env(ENV_PLUGINS)


def require_approval() -> bool:
    """``QYX_REQUIRE_APPROVAL``."""
    return flag(ENV_APPROVAL)


def read_requires_token() -> bool:
    """``QYX_READ_REQUIRES_TOKEN``."""
    return flag(ENV_READ_TOKEN)


def production(environ: Mapping[str, str] | None = None) -> bool:
    """``QYX_ENV``: True for ``production``, False for a development mode."""
    mode = (_env(ENV_MODE, environ) or "").strip().lower()
    if mode == PRODUCTION:
        return True
    if mode in DEVELOPMENT_MODES:
        return False
    raise _invalid(N_("{name}={value}: use 'production' or 'development'"), name=ENV_MODE, value=repr(mode))


def token() -> str | None:
    """``QYX_TOKEN``, or None."""
    return _env(ENV_TOKEN) or None


def host() -> str:
    """``QYX_HOST``, default 127.0.0.1."""
    return _env(ENV_HOST) or DEFAULT_HOST


def port() -> str:
    """``QYX_PORT`` as given (``qyx serve`` checks it like its ``--port``), default 8000."""
    return _env(ENV_PORT) or str(DEFAULT_PORT)


def workers() -> str:
    """``QYX_WORKERS`` as given (``qyx serve`` checks it like its ``--workers``), default 1."""
    return _env(ENV_WORKERS) or "1"


def language() -> str | None:
    """``QYX_LANG`` as given (see :func:`qyx_platform.i18n.normalize`), or None."""
    return _env(ENV_LANG) or None


def today() -> date | None:
    """``QYX_TODAY`` as a date (ISO 8601, ``2026-12-01``), or None when unset."""
    value = (_env(ENV_TODAY) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _invalid(
            N_("{name}={value}: write a date such as 2026-12-01"), name=ENV_TODAY, value=repr(value)
        ) from None


def debug() -> bool:
    """``QYX_DEBUG`` (any value that is not a "false" one counts as on: it is read while an
    error is being reported, where a second error would hide the first)."""
    try:
        return flag(ENV_DEBUG)
    except Exception:
        return True


def report_deadlines() -> str:
    """``QYX_REPORT_DEADLINES``: the days of the month after a cycle by which its report is due,
    e.g. ``monthly=10,quarterly=15,yearly=31`` (empty: those defaults)."""
    return _env(ENV_DEADLINES) or ""


@dataclass(frozen=True)
class Settings:
    """Limits of one GraphQL service.

    ``max_body_bytes``: largest request body (413 beyond); ``max_json_depth``: deepest nesting
    of arrays and objects in a request's JSON (400 beyond); ``max_query_depth``: deepest field
    nesting of an operation, fragments expanded; ``max_tokens``: tokens of a GraphQL document;
    ``max_aliases``: aliased fields of a document; ``max_cost``: cost of an operation (see
    :mod:`qyx_platform.graphql.cost`); ``max_page_size``: largest ``first``/``last``
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
    max_page_size: int = MAX_PAGE_SIZE
    sqlite_statement_timeout_s: float = STATEMENT_TIMEOUT_S

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The default limits, in the mode ``QYX_ENV`` asks for."""
        return cls(production=production(environ))

    def with_production(self, production: bool) -> Settings:
        """A copy in production mode (True) or development mode (False)."""
        return replace(self, production=production)
