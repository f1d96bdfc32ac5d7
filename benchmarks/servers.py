"""The servers under test, each a subprocess on a free 127.0.0.1 port: ``qyx serve`` (one or
several workers) and the floors; one kept-alive HTTP connection each for the timed requests."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A subprocess serving HTTP on 127.0.0.1:port."""

    def __init__(self, name: str, argv: list[str], port: int, env: dict[str, str] | None = None) -> None:
        self.name, self.port = name, port
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=str(ROOT)
        )
        self.conn: http.client.HTTPConnection | None = None
        self.cold_start_s = self._wait_ready()

    def _wait_ready(self, timeout: float = 60.0) -> float:
        deadline = self.started + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
                raise RuntimeError(f"{self.name} exited: {err[-2000:]}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/healthz")
                r = c.getresponse()
                r.read()
                c.close()
                if r.status == 200:
                    return time.perf_counter() - self.started
            except OSError:
                pass
            time.sleep(0.01)
        raise RuntimeError(f"{self.name} not ready after {timeout} s")

    def request(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[float, bytes]:
        """One request on the kept-alive connection: (seconds, response body)."""
        payload = None if body is None else json.dumps(body).encode()
        headers = {"content-type": "application/json"} if payload else {}
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            try:
                t0 = time.perf_counter()
                self.conn.request(method, path, body=payload, headers=headers)
                r = self.conn.getresponse()
                data = r.read()
                dt = time.perf_counter() - t0
                if r.status != 200:
                    raise RuntimeError(f"{self.name} {path}: HTTP {r.status}: {data[:500]!r}")
                return dt, data
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def rss(self) -> dict[str, float]:
        """VmRSS and VmHWM (peak) of the process, in MB."""
        out: dict[str, float] = {}
        try:
            import psutil  # type: ignore[import-not-found]

            info = psutil.Process(self.proc.pid).memory_info()
            out["rss_mb"] = info.rss / 2**20
        except ImportError:
            pass
        with open(f"/proc/{self.proc.pid}/status", encoding="ascii") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    out[{"VmRSS": "rss_mb", "VmHWM": "peak_rss_mb"}[key]] = int(value.split()[0]) / 1024
        return {k: round(v, 1) for k, v in out.items()}

    def stop(self) -> None:
        if self.conn is not None:
            self.conn.close()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def start_platform(url: str, workers: int = 1) -> Server:
    """``qyx serve`` on ``url`` (``workers`` processes) on a free port."""
    port = free_port()
    qyx = Path(sys.executable).with_name("qyx")
    argv = [str(qyx), "serve", "--db", url, "--port", str(port), "--log-level", "warning"]
    if workers > 1:
        argv += ["--workers", str(workers)]
    return Server("qyx serve" if workers == 1 else f"qyx serve --workers {workers}", argv, port)


def start_floor(url: str, kind: str = "python") -> Server:
    """A floor on ``url``: ``python`` (floor.py) or ``sql`` (sqlfloor.py, PostgreSQL)."""
    port = free_port()
    script = {"python": "floor.py", "sql": "sqlfloor.py"}[kind]
    argv = [sys.executable, str(HERE / script), "--db", url, "--port", str(port)]
    return Server("floor" if kind == "python" else "SQL floor", argv, port)
