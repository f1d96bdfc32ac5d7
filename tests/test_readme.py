"""README's "Python" section runs as written: its `qyx demo` line loads the demo data set into
a fresh database, then its Python blocks run one after the other in one namespace, as cells
of a notebook do, and answer what their comments say."""

from __future__ import annotations

import re
import shlex
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from qyx_platform.cli import main

README = Path(__file__).parents[1] / "README.md"


def python_section() -> str:
    """The text of README's "## Python" section."""
    text = README.read_text(encoding="utf-8")
    return text.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]


def blocks(section: str, language: str) -> list[str]:
    """The fenced code blocks of one language, in order."""
    return re.findall(rf"^```{language}\n(.*?)^```$", section, flags=re.MULTILINE | re.DOTALL)


def test_the_python_section_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    section = python_section()
    (shell,) = blocks(section, "sh")
    python = blocks(section, "python")
    assert len(python) == 2
    monkeypatch.chdir(tmp_path)  # the README's relative database path lands here
    for line in shell.strip().splitlines():
        command = shlex.split(line, comments=True)
        assert command[0] == "qyx"
        assert main(command[1:]) == 0
    assert (tmp_path / "qyx-demo.sqlite3").is_file()
    namespace: dict[str, Any] = {}
    try:
        for n, block in enumerate(python, start=1):
            exec(compile(block, f"README.md python block {n}", "exec"), namespace)
    finally:
        platform = namespace.get("platform")
        if platform is not None:
            platform.close()
    rows = namespace["rows"]
    assert rows and all(type(r) is dict for r in rows)
    assert any(isinstance(r["actual"], Decimal) for r in rows)
    assert namespace["behind"], "the demo has indicators behind or at risk"
    july = namespace["july"]
    assert july.deadline == date(2025, 8, 10) and sum(d.expected for d in july.departments) > 0
    assert namespace["open_problems"], "the demo raises open problems"
    assert namespace["item"].code == "bingyou.体育中心项目.w1"
    assert namespace["problem"].id > namespace["open_problems"][0].id
