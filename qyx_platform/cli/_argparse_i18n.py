"""argparse's own words (``usage:``, ``error:``, ``invalid choice`` …) in the user's language.

argparse looks its messages up through module-level ``_``/``ngettext`` (standard gettext, for
which Python ships no Chinese catalogue). :func:`translated_argparse` points them at our
catalogue while ``qyx`` runs; the msgids are listed here so that extraction finds them (they
keep argparse's ``%``-placeholders, which argparse fills after the look-up).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from qyx_platform.i18n import N_, gettext, ngettext

#: argparse (3.11-3.13) messages a user can meet
MESSAGES = (
    N_("usage: "),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unexpected option string: %s"),
    N_("can't open '%(filename)s': %(error)s"),
)


def _gettext(message: str) -> str:
    return gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return ngettext(singular, plural, n)


@contextmanager
def translated_argparse() -> Iterator[None]:
    """argparse speaks the language in force inside the block."""
    module: Any = argparse
    saved = (module._, module.ngettext)
    module._, module.ngettext = _gettext, _ngettext
    try:
        yield
    finally:
        module._, module.ngettext = saved
