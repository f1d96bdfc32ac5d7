"""``qyx template``: a blank file of what a department owes for a period, ready to fill in."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from qyx_platform.cli._base import Commands, note
from qyx_platform.cli.files import FORMATS, export_language
from qyx_platform.i18n import _

ORDER = 35


def register(commands: Commands) -> None:
    """Add ``template``."""
    template = commands.add(
        "template",
        cmd_template,
        _("a blank file of the values a department owes for a period (ready for qyx import)"),
    )
    template.add_argument("--department", required=True, help=_("the lead department (e.g. 县卫生健康局)"))
    template.add_argument("--period", required=True, help=_("2025, 2025Q3 or 2025-07"))
    template.add_argument("--out", metavar="FILE", help=_("output file; '-' or none: CSV on stdout"))
    template.add_argument("--format", choices=FORMATS, help=_("file format (default: from --out, else csv)"))
    template.add_argument(
        "--jurisdiction", metavar="CODE", help=_("the reporting county (default: the home county)")
    )


def cmd_template(args: argparse.Namespace) -> int:
    """Write the template (needs only the plan, not the database)."""
    from qyx_platform.errors import ConfigurationError
    from qyx_platform.plan.catalogue import build_catalogue
    from qyx_platform.plugin.manager import make_plugin_manager
    from qyx_platform.services.template import write_template
    from qyx_platform.tabular import detect_format

    to_stdout = args.out in (None, "-")
    if to_stdout:
        fmt = (args.format or "csv").lower()
        if fmt == "xlsx":
            raise ConfigurationError(_("an .xlsx file needs --out FILE.xlsx"))
    else:
        fmt = detect_format(args.out, args.format)
    target: Any = sys.stdout if to_stdout else args.out
    count = write_template(
        build_catalogue(make_plugin_manager()).plan,
        target,
        args.department,
        args.period,
        fmt=fmt,
        lang=export_language(args),
        jurisdiction=args.jurisdiction,
    )
    if to_stdout:
        sys.stdout.flush()
    where = _("stdout") if to_stdout else args.out
    note(_("wrote {count} row(s) to fill in to {file}", count=count, file=where))
    return 0
