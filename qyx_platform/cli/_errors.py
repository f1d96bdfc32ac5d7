"""One line, in the user's language, for each failure a user can cause or fix: a closed pipe,
a database that cannot be reached, a file that cannot be read or written.

:func:`explain` turns such an exception into the line to print (``None``: not one of these,
a genuine internal error). Nothing here is imported before a command fails.
"""

from __future__ import annotations

import argparse
import errno
import re

from qyx_platform.i18n import _

#: first line of a driver message, without SQLAlchemy's "(Background on this error …)"
_BACKGROUND = re.compile(r"\(Background on this error at: [^)]*\)")


def is_closed_pipe(exc: BaseException) -> bool:
    """The reader of our output went away (``qyx export | head``)."""
    return isinstance(exc, BrokenPipeError) or (isinstance(exc, OSError) and exc.errno == errno.EPIPE)


def database_label(args: argparse.Namespace | None) -> str:
    """The database the command used, password hidden (for messages)."""
    try:
        from sqlalchemy.engine import make_url

        from qyx_platform.store import resolve_url

        return make_url(resolve_url(getattr(args, "db", None))).render_as_string(hide_password=True)
    except Exception:  # a message must not fail on a URL that is itself the problem
        return str(getattr(args, "db", None) or "")


def _driver_reason(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    text = _BACKGROUND.sub("", str(original)).strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # psycopg: 'connection failed: connection to server at "…", port 5432 failed: FATAL:  …'
    reason = lines[0] if lines else type(original).__name__
    if "FATAL:" in reason:
        reason = reason.split("FATAL:", 1)[1].strip()
    return reason


def explain_database_error(exc: BaseException, args: argparse.Namespace | None) -> str | None:
    """The line for an error the database driver raised, or None when it is not one."""
    try:
        from sqlalchemy.exc import DBAPIError, OperationalError
    except ImportError:  # pragma: no cover - sqlalchemy is a dependency
        return None
    if not isinstance(exc, DBAPIError | OperationalError):
        return None
    url = database_label(args)
    reason = _driver_reason(exc)
    low = reason.lower()
    missing = re.search(r'database "([^"]+)" does not exist', reason)
    if missing:
        return _(
            "database {name} does not exist on the server; create it (createdb {name}) "
            "or choose another with --db or QYX_DATABASE_URL",
            name=missing.group(1),
        )
    if "password authentication failed" in low or "no password supplied" in low or 'role "' in low:
        return _(
            "the database server refused the login ({reason}); check the user and password "
            "in --db or QYX_DATABASE_URL",
            reason=reason,
        )
    if any(
        word in low
        for word in ("connection refused", "could not connect", "connection failed", "timeout", "timed out")
    ) or ("could not translate host name" in low or "name or service not known" in low):
        return _(
            "cannot reach the database server of {url} ({reason}); start the server or correct "
            "--db or QYX_DATABASE_URL",
            url=url,
            reason=reason,
        )
    if "unable to open database file" in low:
        return _(
            "cannot open the SQLite database {url}; check that its folder exists and is writable",
            url=url,
        )
    if "database is locked" in low:
        return _("the database {url} is busy (locked by another program); try again in a moment", url=url)
    if "readonly database" in low or "read-only" in low:
        return _("the database {url} is read-only; use a writable file or server", url=url)
    if isinstance(exc, OperationalError):
        return _(
            "the database {url} failed: {reason}; check --db or QYX_DATABASE_URL and the server",
            url=url,
            reason=reason,
        )
    return None


def explain_os_error(exc: BaseException) -> str | None:
    """The line for a file or network error (not a closed pipe), or None."""
    if not isinstance(exc, OSError) or is_closed_pipe(exc):
        return None
    reason = exc.strerror or str(exc)
    if exc.filename is not None:
        return _("{file}: {reason}; check the path and its permissions", file=exc.filename, reason=reason)
    return _("{reason}; check the file, folder or network named in the command", reason=reason)


def explain(exc: BaseException, args: argparse.Namespace | None) -> str | None:
    """The one line to print for a failure the user can fix, or None for an internal error."""
    return explain_database_error(exc, args) or explain_os_error(exc)
