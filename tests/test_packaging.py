"""The wheel installs qyx_platform and qyx_plugins (never a top-level ``plugins``), with the
plan data, migrations and vendored front-end assets."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # built from a copy of the source files git knows (tracked, or new and not ignored): a
    # working tree's build/ folder, databases and test artefacts stay out of the wheel
    source = tmp_path_factory.mktemp("source") / "qyx"
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
    )
    if listed.returncode == 0:
        for name in listed.stdout.decode().split("\0"):
            if name and (ROOT / name).is_file():
                (source / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, source / name)
    else:  # not a git checkout (an unpacked sdist): everything but the usual build output
        shutil.copytree(
            ROOT,
            source,
            ignore=shutil.ignore_patterns(".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"),
        )
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(source),
        ],
        check=True,
    )
    (found,) = out.glob("qyx_platform-*.whl")
    return found


def test_wheel_layout(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert "plugins" not in tops
    assert {"qyx_platform", "qyx_plugins"} <= tops
    for domain in ("youyou", "xueyou", "laoyoudeyou", "bingyou", "laoyou", "zhuyou", "ruoyou"):
        assert f"qyx_plugins/{domain}/plan.toml" in names
        assert f"qyx_plugins/{domain}/plugin.py" in names
    assert "qyx_platform/plugin/data/plan.toml" in names
    assert not any(n.startswith("tools/") or n.endswith("/statements.py") for n in names)  # test helpers
    source = Path(__file__).parents[1]
    for package in source.joinpath("qyx_platform").rglob("__init__.py"):
        assert package.relative_to(source).as_posix() in names, f"{package} is not in the wheel"
    assert "qyx_platform/web/static/graphiql.min.js" in names
    for language in ("zh_CN", "en"):
        assert f"qyx_platform/locale/{language}/LC_MESSAGES/qyx.mo" in names
        for domain in ("youyou", "xueyou", "laoyoudeyou", "bingyou", "laoyou", "zhuyou", "ruoyou"):
            assert f"qyx_plugins/{domain}/locale/{language}/LC_MESSAGES/{domain}.mo" in names
    assert any(n.startswith("qyx_platform/store/migrations/versions/0001") for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[qyx_platform]" in text and "youyou = qyx_plugins.youyou.plugin:plugin" in text
    assert "qyx = qyx_platform.cli:main" in text


def test_installed_wheel_imports_from_anywhere(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
    )
    code = (
        "import qyx_plugins.youyou, qyx_platform; "
        "from qyx_platform.plan.toml import load_domain_file; from pathlib import Path; "
        "d = load_domain_file(Path(qyx_plugins.youyou.__file__).with_name('plan.toml')); "
        f"assert qyx_platform.__file__.startswith({str(target)!r}), qyx_platform.__file__; "
        "print(len(d.indicators)); "
        "from qyx_platform.i18n import _; print(_('… and {count} more', count=3)); "
        "from qyx_plugins.ruoyou.rules import RULES; print(RULES[1].description)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    # the shipped Chinese catalogues, the core's and a plugin's
    assert done.stdout.splitlines() == [
        "3",
        "……另有 3 个",
        "最低生活保障年人均标准是年度金额，至少 3,000 元（不是月标准）",
    ]
