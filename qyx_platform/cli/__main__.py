"""``python -m qyx_platform.cli``: the ``qyx`` command."""

import sys

from qyx_platform.cli import main

sys.exit(main())
