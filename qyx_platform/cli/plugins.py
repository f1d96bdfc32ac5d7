"""``qyx plugins``: the loaded plugins."""

from __future__ import annotations

import argparse

from qyx_platform.cli._base import Commands
from qyx_platform.i18n import _

ORDER = 91


def register(commands: Commands) -> None:
    """Add ``plugins``."""
    commands.add("plugins", cmd_plugins, _("list plugins with versions and hooks"))


def cmd_plugins(args: argparse.Namespace) -> int:
    """List the loaded plugins with their versions and hooks (checking that the plan builds)."""
    from qyx_platform.plan.catalogue import build_catalogue
    from qyx_platform.plugin.manager import make_plugin_manager

    manager = make_plugin_manager()
    build_catalogue(manager)
    for info in manager.plugin_infos():
        print(f"{info.name} {info.version}".rstrip())
        print("    " + _("hooks: {hooks}", hooks=", ".join(info.hooks) or "-"))
    return 0
