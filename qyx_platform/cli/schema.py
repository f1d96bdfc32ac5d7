"""``qyx schema``: the GraphQL SDL."""

from __future__ import annotations

import argparse
import sys

from qyx_platform.cli._base import Commands
from qyx_platform.i18n import _

ORDER = 90


def register(commands: Commands) -> None:
    """Add ``schema``."""
    commands.add("schema", cmd_schema, _("print the GraphQL schema (SDL)"))


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the GraphQL SDL (the content of schema/schema.graphql)."""
    from qyx_platform.graphql.schema import build_schema, print_sdl
    from qyx_platform.plan.catalogue import build_catalogue
    from qyx_platform.plugin.manager import make_plugin_manager

    sys.stdout.write(print_sdl(build_schema(build_catalogue(make_plugin_manager()))))
    return 0
