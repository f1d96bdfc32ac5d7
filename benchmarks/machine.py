"""The machine and software a run was measured on, and the load while it ran."""

from __future__ import annotations

import os
import platform as pyplatform
import sqlite3
import subprocess
from typing import Any

from queries import ROOT


def machine() -> dict[str, Any]:
    """CPU, memory, versions, the git commit and the load average at the start."""
    mem_kb = 0
    model = ""
    with open("/proc/meminfo", encoding="ascii") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    from importlib.metadata import version

    import sqlalchemy
    import starlette
    import strawberry  # noqa: F401
    import uvicorn

    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "qyx_platform", "plugins"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.count("\n")
    except (OSError, subprocess.SubprocessError):
        head, dirty = "", -1
    return {
        "git_head": head,
        "core_files_modified_since_head": dirty,
        "nproc": os.cpu_count(),
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
        "cpu": model,
        "memory_gb": round(mem_kb / 2**20, 1),
        "python": pyplatform.python_version(),
        "platform": pyplatform.platform(),
        "sqlite": sqlite3.sqlite_version,
        "sqlalchemy": sqlalchemy.__version__,
        "strawberry": version("strawberry-graphql"),
        "starlette": starlette.__version__,
        "uvicorn": uvicorn.__version__,
    }


def loadavg() -> list[float]:
    """The 1, 5 and 15 minute load averages now."""
    return [round(x, 2) for x in os.getloadavg()]


def postgresql_settings(url: str) -> dict[str, str]:
    """The server settings that matter to these measurements."""
    import psycopg
    from databases import plain_pg

    names = ("server_version", "shared_buffers", "work_mem", "effective_cache_size", "synchronous_commit",
             "max_wal_size", "random_page_cost", "jit")  # fmt: skip
    try:
        with psycopg.connect(plain_pg(url), autocommit=True, connect_timeout=3) as conn:
            return {n: str(conn.execute(f"SHOW {n}").fetchone()[0]) for n in names}
    except psycopg.Error:
        return {}
