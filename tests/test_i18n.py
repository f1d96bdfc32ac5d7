"""Messages in the user's language: Chinese by default, English on request, and a catalogue
that matches the code (every marked message translated, compiled .mo up to date)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qyx_platform import i18n
from qyx_platform.errors import RowError, ValidationError
from qyx_platform.i18n import _, lazy_gettext, negotiate, normalize, use_language

ROOT = Path(__file__).resolve().parent.parent


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("qyx_i18n_tool", ROOT / "tools" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_catalogue_is_complete_and_compiled() -> None:
    """Every message the code marks is in both catalogues, translated into Chinese with the
    same placeholders, nothing stale, and the shipped .mo files match the .po files."""
    tool = _tool()
    assert tool.extract(), "no marked message found: extraction is broken"
    assert tool.check() == []


def test_chinese_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QYX_LANG", raising=False)
    assert i18n.current_language() == "zh_CN"
    assert _("{count} problem(s); nothing was written:", count=2) == "共 2 个问题，未写入任何数据："


def test_environment_and_context_choose_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QYX_LANG", "en_US.UTF-8")
    assert _("… and {count} more", count=4) == "… and 4 more"
    with use_language("zh-CN") as language:  # the context wins over the environment
        assert language == "zh_CN"
        assert _("… and {count} more", count=4) == "……另有 4 个"
        with use_language("en"):
            assert _("… and {count} more", count=4) == "… and 4 more"
        assert _("… and {count} more", count=4) == "……另有 4 个"
    assert _("… and {count} more", count=4) == "… and 4 more"
    monkeypatch.setenv("QYX_LANG", "fr")  # unknown: the default
    assert i18n.current_language() == "zh_CN"


def test_error_messages_follow_the_language() -> None:
    errors = [RowError(2, "value", "x")]
    with use_language("zh_CN"):
        assert str(ValidationError(errors)).startswith("共 1 个问题，未写入任何数据：\n第 2 行：value：x")
    with use_language("en"):
        assert str(ValidationError(errors)) == "1 problem(s); nothing was written:\nrow 2: value: x"


def test_lazy_strings_translate_when_shown() -> None:
    label = lazy_gettext("… and {count} more", count=1)
    with use_language("en"):
        assert str(label) == "… and 1 more"
    with use_language("zh_CN"):
        assert str(label) == "……另有 1 个"
        assert "> " + label == "> ……另有 1 个"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("en", "en"),
        ("en-GB,en;q=0.9", "en"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh_CN"),
        ("fr-FR, en;q=0.5, zh;q=0.7", "zh_CN"),
        ("zh;q=0.2, en", "en"),
        ("zh-TW", "zh_CN"),
        ("de, fr", None),
        ("*", None),
        ("en;q=0", None),
        ("", None),
        (None, None),
    ],
)
def test_accept_language_negotiation(header: str | None, expected: str | None) -> None:
    assert negotiate(header) == expected


@given(st.text(max_size=60))
def test_negotiation_never_fails_and_names_a_supported_language(header: str) -> None:
    assert negotiate(header) in (None, *i18n.LANGUAGES)
    assert normalize(header) in (None, *i18n.LANGUAGES)


def test_a_fresh_process_speaks_chinese_without_setup(tmp_path: Path) -> None:
    """The compiled catalogue is found from the installed package, no compile step."""
    env = {"PATH": "/usr/bin:/bin"}
    code = "from qyx_platform.i18n import _; print(_('… and {count} more', count=7))"
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "……另有 7 个"
