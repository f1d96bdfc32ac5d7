"""How long ``qyx`` commands take to start and finish, as a user runs them.

    .venv/bin/python benchmarks/cli_startup.py [--runs 5]

Runs each command ``--runs`` times in a fresh process (the ``qyx`` script beside this
interpreter), prints the median and the best wall time and whether the goal holds: a command
that does not touch the database finishes in under 0.5 s (issue 15). ``qyx schema`` (which
builds the whole GraphQL schema with strawberry) and the commands that open the database are
shown for comparison: their time is the work they do (schema assembly; plugin loading,
migration check and plan sync), not start-up. Separate from benchmarks/run.py, which measures the service.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from qyx_platform.results import text_width

GOAL_S = 0.5
#: (arguments, needs the database, the 0.5 s goal applies)
COMMANDS: list[tuple[list[str], bool, bool]] = [
    (["--version"], False, True),
    (["--help"], False, True),
    (["export", "--help"], False, True),
    (["template", "--department", "县卫生健康局", "--period", "2025"], False, True),
    (["plugins"], False, True),
    (["schema"], False, False),
    (["init"], True, False),
    (["export"], True, False),
]


def timed(command: list[str]) -> float:
    """Wall seconds of one run (output discarded; a failure stops the benchmark)."""
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    return time.perf_counter() - start


def main() -> int:
    """Measure and print a table; exit 1 when a no-database command misses the goal."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    script = Path(sys.executable).with_name("qyx")
    base = [str(script)] if script.exists() else [sys.executable, "-m", "qyx_platform.cli"]
    missed = False
    with tempfile.TemporaryDirectory() as tmp:
        db = ["--db", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"]
        subprocess.run([*base, "init", *db], capture_output=True, check=True)
        print(f"{'command':<48} {'median s':>9} {'best s':>8}  goal")
        for args, database, goal in COMMANDS:
            command = [*base, *args, *(db if database else [])]
            times = [timed(command) for _ in range(options.runs)]
            median = statistics.median(times)
            verdict = "-" if not goal else ("ok" if median < GOAL_S else "MISSED")
            missed = missed or verdict == "MISSED"
            label = "qyx " + " ".join(args)
            pad = " " * max(0, 48 - text_width(label))
            print(f"{label}{pad} {median:>9.3f} {min(times):>8.3f}  {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
