"""What every ``qyx`` command module shares: the registry, common options, opening the platform.

A command module (``qyx_platform/cli/<group>.py``, name not starting with ``_``) defines::

    ORDER = 50                      # optional: its place in ``qyx --help`` (default 100)

    def register(commands: Commands) -> None:
        p = commands.add("status", cmd_status, _("where the plan stands"), database=True)
        p.add_argument("--year", type=int)

    def cmd_status(args: argparse.Namespace) -> int:
        from qyx_platform.services.status import ...   # heavy imports inside the handler
        ...
        return 0

and is found by :func:`qyx_platform.cli.build_parser` without being listed anywhere. Module
level imports must stay light (argparse, the standard library, :mod:`qyx_platform.i18n`):
``qyx --help`` imports every command module, and a test keeps SQLAlchemy out of it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn

from qyx_platform.i18n import _, normalize, set_language

if TYPE_CHECKING:
    from qyx_platform.platform import Platform

Handler = Callable[[argparse.Namespace], int]


class QyxArgumentParser(argparse.ArgumentParser):
    """An argument parser whose epilog may be computed when help is shown (``epilog_factory``),
    so that building the parser imports nothing heavy."""

    def __init__(self, *args: Any, epilog_factory: Callable[[], str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.epilog_factory = epilog_factory

    def format_help(self) -> str:
        """The help text, the epilog computed now if it has a factory."""
        if self.epilog_factory is not None:
            self.epilog = self.epilog_factory()
        return super().format_help()

    def error(self, message: str) -> NoReturn:
        """A usage mistake: one line saying what is wrong and where the help is; exit 2."""
        self.exit(
            2, _("{prog}: error: {message} (see {prog} --help)", prog=self.prog, message=message) + "\n"
        )


class LanguageAction(argparse.Action):
    """``--lang zh|en``: messages (and export headers) in this language from now on."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        language = normalize(str(values))
        if language is None:
            parser.error(_("--lang {value}: use zh or en", value=values))
        set_language(language)
        setattr(namespace, self.dest, language)


def add_language_option(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """The ``--lang`` option (on ``qyx`` itself and on every command)."""
    parser.add_argument(
        "--lang",
        action=LanguageAction,
        metavar="zh|en",
        default=None if top else argparse.SUPPRESS,
        help=_("language of messages and file headers (default: $QYX_LANG, else zh)"),
    )


def add_database_option(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The ``--db URL`` option of a command that opens the database."""
    parser.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help=_("database URL (default: $QYX_DATABASE_URL or an SQLite file in $QYX_HOME)"),
    )
    return parser


class Commands:
    """Where a command module adds its commands (a sub-command list of ``qyx`` or of a group)."""

    def __init__(self, subparsers: argparse._SubParsersAction[QyxArgumentParser]) -> None:
        self._subparsers = subparsers

    def add(
        self,
        name: str,
        handler: Handler,
        help: str,
        *,
        description: str | None = None,
        database: bool = False,
        **kwargs: Any,
    ) -> QyxArgumentParser:
        """Add the command ``name`` run by ``handler(args) -> exit status``; ``database`` adds
        ``--db``. Returns its parser, for the command's own arguments."""
        parser = self._subparsers.add_parser(name, help=help, description=description or help, **kwargs)
        parser.set_defaults(func=handler)
        add_language_option(parser, top=False)
        if database:
            add_database_option(parser)
        return parser

    def group(self, name: str, help: str) -> Commands:
        """Add a command group (``qyx token create|list|revoke``); returns its Commands."""
        parser = self._subparsers.add_parser(name, help=help, description=help)
        add_language_option(parser, top=False)
        sub = parser.add_subparsers(dest=f"{name}_command", required=True, metavar="COMMAND")
        return Commands(sub)


@contextmanager
def open_platform(args: argparse.Namespace) -> Iterator[Platform]:
    """The platform on ``--db`` (migrated and synced), closed afterwards."""
    from qyx_platform.platform import Platform

    platform = Platform(getattr(args, "db", None))
    try:
        yield platform
    finally:
        platform.close()


def note(message: str) -> None:
    """A status line for the user, on stderr (stdout stays for data)."""
    print(message, file=sys.stderr)
