"""The ``qyx`` command.

Each command group is a module of this package (``serve``, ``token``, ``files`` …) found by
:func:`build_parser`; see :mod:`qyx_platform.cli._base` for how to add one. Messages follow
``--lang`` / ``QYX_LANG`` (Chinese by default). Errors are one line on stderr with exit status
2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

from qyx_platform import config
from qyx_platform.cli._argparse_i18n import translated_argparse
from qyx_platform.cli._base import Commands, QyxArgumentParser, add_language_option
from qyx_platform.i18n import _, normalize, reset_language, set_language
from qyx_platform.version import __version__

__all__ = ["build_parser", "command_modules", "main"]


def command_modules(package: str = __name__) -> list[ModuleType]:
    """The command modules of a package (default: this one), in help order (``ORDER``, then
    name): every module whose name does not start with ``_``."""
    path = importlib.import_module(package).__path__
    modules = [
        importlib.import_module(f"{package}.{info.name}")
        for info in pkgutil.iter_modules(path)
        if not info.name.startswith("_")
    ]
    return sorted(modules, key=lambda m: (getattr(m, "ORDER", 100), m.__name__))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``qyx`` (help texts in the language in force)."""
    parser = QyxArgumentParser(prog="qyx", description=_("七优享 plan platform: GraphQL service and tools."))
    parser.add_argument(
        "--version", action="version", version=f"qyx {__version__}", help=_("show the version and exit")
    )
    add_language_option(parser, top=True)
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=QyxArgumentParser
    )
    commands = Commands(sub)
    for module in command_modules():
        module.register(commands)
    return parser


def _language_in(argv: Sequence[str]) -> str | None:
    """The ``--lang`` of a command line, read before parsing so that help is translated."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            return normalize(argv[index + 1])
        if arg.startswith("--lang="):
            return normalize(arg.partition("=")[2])
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``qyx``; returns the exit status (0 ok, 2 a user error, 1 an internal error)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    token = set_language(_language_in(arguments))
    try:
        with translated_argparse():
            return _run(arguments)
    finally:
        reset_language(token)


def _run(arguments: list[str]) -> int:
    from qyx_platform.errors import QyxError

    parser = build_parser()
    args = parser.parse_args(arguments)
    try:
        result: int = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return result
    except QyxError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        print(_("qyx: interrupted; nothing partial was written"), file=sys.stderr)
        return 130
    except Exception as exc:
        from qyx_platform.cli._errors import explain, is_closed_pipe

        if is_closed_pipe(exc):
            return closed_pipe()
        if config.debug():
            raise
        line = explain(exc, args)
        if line is not None:
            return fail(line)
        print(
            _(
                "qyx: internal error: {kind}: {message}\n"
                "(set QYX_DEBUG=1 for the traceback, and please report it)",
                kind=type(exc).__name__,
                message=exc,
            ),
            file=sys.stderr,
        )
        return 1


def fail(message: str) -> int:
    """Print ``qyx: error: <message>`` (one line per line of the message) and return 2."""
    print(_("qyx: error: {message}", message=message), file=sys.stderr)
    return 2


#: exit status after the reader of our output went away (128 + SIGPIPE, as a shell reports it)
CLOSED_PIPE_STATUS = 141


def closed_pipe() -> int:
    """The reader of stdout is gone (``qyx export | head``): stop quietly. Further writes,
    including Python's flush at exit, go to /dev/null (as the Python documentation advises)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout without a file descriptor (captured in tests)
        pass
    return CLOSED_PIPE_STATUS
