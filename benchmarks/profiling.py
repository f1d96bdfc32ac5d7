"""Where the time of Q1-Q3 goes: pyinstrument call trees and a cProfile breakdown of own time
by layer, served in-process (ASGI), uncached and cached."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import synthetic
from databases import Bumper
from queries import ROOT, Queries

from qyx_platform.platform import Platform


def _layer(filename: str) -> str:
    """The layer a profiled function belongs to, by its file."""
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins (C: json, decimal, sqlite3, re …)"
    parts = Path(filename).parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].split(".")[0]
    if "qyx_platform" in parts:
        i = parts.index("qyx_platform")
        return "qyx_platform." + Path(parts[i + 1]).stem if len(parts) > i + 2 else "qyx_platform"
    if "plugins" in parts:
        return "qyx_plugins"
    return "python stdlib" if "lib" in parts else "other"


def profile(n: int, workdir: Path, out_dir: Path, log: Callable[[str], None]) -> dict[str, Any]:
    """Where the time of Q1-Q3 goes, served in-process (ASGI), 5 requests each: a
    pyinstrument call tree (benchmarks/profile_<q>_n<N>.txt) and a cProfile breakdown of own
    time by layer (qyx_platform module, strawberry, graphql-core, sqlalchemy, C builtins)."""
    import cProfile
    import pstats

    import httpx

    from qyx_platform.web.app import create_app

    try:
        from pyinstrument import Profiler
    except ImportError:
        Profiler = None
        log("  pyinstrument not installed: layer breakdown only")

    url = f"sqlite:///{workdir / f'province_{n}.sqlite3'}"
    app = create_app(Platform(url))
    queries = Queries(synthetic.province(n).parents)
    out: dict[str, Any] = {}
    bumper = Bumper(url)

    async def go() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for q in ("q1", "q2", "q3"):
                for mode in ("uncached", "cached"):
                    await client.post("/graphql", json=queries.body(q))
                    entry: dict[str, Any] = {}

                    async def requests(q: str = q, mode: str = mode) -> None:
                        for _ in range(5):
                            if mode == "uncached":
                                bumper.bump()
                            await client.post("/graphql", json=queries.body(q))

                    if Profiler is not None:
                        prof = Profiler(interval=0.0005)
                        prof.start()
                        await requests()
                        prof.stop()
                        target = out_dir / f"profile_{q}_{mode}_n{n}.txt"
                        target.write_text(prof.output_text(unicode=False, color=False, show_all=False))
                        entry["tree"] = str(target.relative_to(ROOT))
                    cp = cProfile.Profile()
                    cp.enable()
                    await requests()
                    cp.disable()
                    layers: Counter[str] = Counter()
                    total = 0.0
                    for (filename, _, _), (_, _, tottime, _, _) in pstats.Stats(cp).stats.items():  # type: ignore[attr-defined]
                        layers[_layer(filename)] += tottime
                        total += tottime
                    entry["own_time_share_by_layer"] = {
                        k: round(v / total, 3) for k, v in layers.most_common() if v / total >= 0.005
                    }
                    out[f"{q}_{mode}"] = entry

    asyncio.run(go())
    bumper.close()
    return out
