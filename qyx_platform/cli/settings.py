"""``qyx config get|set``: settings stored in the database, obeyed by every process on it
(the service, ``qyx import`` and the Python API alike, whatever their environment)."""

from __future__ import annotations

import argparse

from qyx_platform.cli._base import Commands, note, open_platform
from qyx_platform.i18n import _

ORDER = 85


def register(commands: Commands) -> None:
    """Add the ``config`` group."""
    config = commands.group("config", _("show or change settings stored in the database"))
    get = config.add("get", cmd_config_get, _("print a setting, or every setting"), database=True)
    get.add_argument("name", nargs="?", help=_("require-approval"))
    put = config.add(
        "set",
        cmd_config_set,
        _("change a setting (audited)"),
        description=_(
            "Change a setting stored in the database. require-approval (true or false, default "
            "false): a reporter's value becomes current only once a supervisor approves it."
        ),
        database=True,
    )
    put.add_argument("name", help=_("require-approval"))
    put.add_argument("value", help=_("true or false"))


def _text(value: bool) -> str:
    return "true" if value else "false"


def cmd_config_get(args: argparse.Namespace) -> int:
    """Print one setting's value, or every setting as ``name = value``."""
    from qyx_platform.services.dbsettings import all_settings, spec

    name = spec(args.name).name if args.name else None
    with open_platform(args) as platform, platform.sessions() as session:
        values = all_settings(session)
    if name is not None:
        print(_text(values[name]))
    else:
        for key, value in values.items():
            print(f"{key} = {_text(value)}")
    return 0


def cmd_config_set(args: argparse.Namespace) -> int:
    """Store a setting in the database."""
    from qyx_platform.services.dbsettings import parse_bool, spec

    name = spec(args.name).name
    value = parse_bool(name, args.value)
    with open_platform(args) as platform:
        before = platform.set_setting(name, value)
    if before == value:
        note(_("{name} = {value} (unchanged)", name=name, value=_text(value)))
    else:
        note(_("{name} = {value}", name=name, value=_text(value)))
    return 0
