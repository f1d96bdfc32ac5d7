"""The ``qyx import`` and ``qyx export`` commands (filled in by the import/export service)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def add_io_commands(sub: Any, with_db: Callable[[argparse.ArgumentParser], argparse.ArgumentParser]) -> None:
    """Register import and export sub-commands (none yet)."""
    del sub, with_db
