"""Free text at the boundary: valid Unicode, no NUL, and a documented length cap per field.

Limits (characters): a value's ``note`` 1 000; a problem's ``title`` 300 and ``description``
4 000; closing ``evidence`` 4 000; the ``reason`` of a withdrawal or rejection 1 000; a
token's ``label`` 200; a report's ``source`` (``api``, ``import``) 32. A lone surrogate
(``"\\ud800"``, which JSON can carry but no database can store) is refused like a NUL
character.
"""

from __future__ import annotations

import re

from qyx_platform.i18n import _

#: the longest text each field takes, in characters
LIMITS: dict[str, int] = {
    "note": 1_000,
    "title": 300,
    "description": 4_000,
    "evidence": 4_000,
    "reason": 1_000,
    "label": 200,
    "series": 64,
    "source": 32,
}
_SURROGATE = re.compile("[\ud800-\udfff]")


def text_problem(field: str, value: object, limit: int | None = None) -> str | None:
    """Why ``value`` cannot be stored as ``field``, or None (None and non-text pass: the
    caller checks types). ``limit`` defaults to the field's entry in :data:`LIMITS`."""
    if not isinstance(value, str):
        return None
    if "\x00" in value:
        return _("text must not contain NUL characters")
    if _SURROGATE.search(value):
        return _("text must be valid Unicode (it holds a lone surrogate code point)")
    cap = LIMITS.get(field) if limit is None else limit
    if cap is not None and len(value) > cap:
        return _(
            "at most {cap} characters (this is {length}); shorten it",
            cap=format(cap, ","),
            length=format(len(value), ","),
        )
    return None


def has_invalid_unicode(value: object) -> bool:
    """Whether a string anywhere in ``value`` (dicts, lists) holds a lone surrogate."""
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(has_invalid_unicode(k) or has_invalid_unicode(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_invalid_unicode(v) for v in value)
    return False
