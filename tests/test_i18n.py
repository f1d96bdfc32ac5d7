"""Messages in the user's language: Chinese by default, English on request, and a catalogue
that matches the code (every marked message translated, compiled .mo up to date)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import GraphQLClient
from hypothesis import given
from hypothesis import strategies as st

from qyx_platform import Platform, i18n
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


# -- per request: Accept-Language ------------------------------------------------------------

STATUS = '{ indicator(code: "9") { status(period: "2025") { state note } } }'
BAD_PERIOD = '{ indicator(code: "9") { status(period: "2025-13") { note } } }'


def _post(client: GraphQLClient, query: str, language: str | None) -> tuple[dict[str, Any], str]:
    headers = {"Accept-Language": language} if language else {}
    response = client.http.post("/graphql", json={"query": query}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json(), response.headers["content-language"]


def test_accept_language_chooses_the_language_of_notes_and_errors(
    sqlite_client: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    body, language = _post(sqlite_client, STATUS, "zh-CN,zh;q=0.9,en;q=0.8")
    assert language == "zh-CN"
    assert body["data"]["indicator"]["status"] == [{"state": "NO_DATA", "note": "尚未报送实际值"}]
    body, language = _post(sqlite_client, STATUS, "en-GB")
    assert language == "en"
    assert body["data"]["indicator"]["status"][0]["note"] == "no actual value has been reported"
    body, _lang = _post(sqlite_client, BAD_PERIOD, "zh")
    assert body["errors"][0]["message"].startswith("'2025-13' 不是有效的期间：")
    body, _lang = _post(sqlite_client, BAD_PERIOD, "en")
    assert body["errors"][0]["message"].startswith("'2025-13' is not a period: ")
    # without the header: QYX_LANG, else Chinese
    monkeypatch.delenv("QYX_LANG")
    body, language = _post(sqlite_client, STATUS, None)
    assert (language, body["data"]["indicator"]["status"][0]["note"]) == ("zh-CN", "尚未报送实际值")


def test_status_notes_are_translated_when_shown_not_when_computed(sqlite_platform: Platform) -> None:
    """An evaluation computed (and cached) in one language reads in the other."""
    from qyx_platform.evaluation import evaluate
    from qyx_platform.model import Period

    indicator = sqlite_platform.plan.find_indicator("9")
    assert indicator is not None
    with use_language("en"):
        evaluation = evaluate(indicator, Period.parse("2025"), Decimal("9.5"))
        english = str(evaluation.note)
    with use_language("zh_CN"):
        chinese = str(evaluation.note)
    assert english.startswith("9.5 ") and chinese.startswith("9.5 ")
    assert english == "9.5 misses the 2025 checkpoint < 3 by 6.5, more than 0.3"
    assert chinese == "9.5 未达到 2025 的进度节点 < 3，差 6.5，超过容许的 0.3"


def test_users_mistakes_leave_no_traceback_in_the_log(
    sqlite_client: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    """A bad period is answered in the response; the server log gets one line, no traceback."""
    import logging

    with caplog.at_level(logging.INFO):
        body, _lang = _post(sqlite_client, BAD_PERIOD, "en")
    assert "is not a period" in body["errors"][0]["message"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert any("is not a period" in r.getMessage() for r in caplog.records)


def test_file_errors_speak_chinese_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from qyx_platform.cli import main

    monkeypatch.delenv("QYX_LANG")
    db = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    bad_header = tmp_path / "bad.csv"
    bad_header.write_text("指标,时间点,数值\n1,2025,3.2\n", encoding="utf-8")
    assert main(["import", str(bad_header), "--db", db]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"qyx：错误：{bad_header}，第 1 行（表头行）：未知的列 '时间点'")
    assert "缺少必需的列 期间/period。可用的表头" in err
    empty_value = tmp_path / "empty.csv"
    empty_value.write_text("指标,期间,数值\n1,2025,\n", encoding="utf-8")
    assert main(["import", str(empty_value), "--db", db]) == 2
    err = capsys.readouterr().err
    assert f"{empty_value}：共 1 个问题，未写入任何数据：\n第 2 行，数值 列：为空；每一行都必须填写" in err
    assert main(["import", str(tmp_path / "old.xls"), "--db", db]) == 2
    assert "不支持旧的 .xls 格式；请另存为 .xlsx 或 CSV" in capsys.readouterr().err


def test_no_module_hides_the_translation_function() -> None:
    """A module that imports ``_`` from qyx_platform.i18n (or a plugin's ``i18n``) never assigns
    to ``_`` (as in ``a, _, b = ...``; a comprehension's own variables aside) nor names a
    parameter ``_``: inside that function ``_("…")`` would call the wrong thing."""
    import ast

    found = []
    for root in (ROOT / "qyx_platform", ROOT / "plugins"):
        for path in root.rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            if not any(
                isinstance(n, ast.ImportFrom)
                and (n.module or "").endswith(".i18n")  # the core's, or a plugin's own
                and any(a.name == "_" for a in n.names)
                for n in ast.walk(tree)
            ):
                continue
            # a comprehension's variables live in their own scope: they hide nothing outside it
            scoped = {
                id(t) for c in ast.walk(tree) if isinstance(c, ast.comprehension) for t in ast.walk(c.target)
            }
            found += [
                f"{path.relative_to(ROOT)}:{n.lineno}"
                for n in ast.walk(tree)
                if (
                    isinstance(n, ast.Name)
                    and n.id == "_"
                    and isinstance(n.ctx, ast.Store)
                    and id(n) not in scoped
                )
                or (isinstance(n, ast.arg) and n.arg == "_")
            ]
    assert found == []


#: exceptions that never reach a user as a message (programming errors)
INTERNAL_ERRORS = {
    "AssertionError",
    "NotImplementedError",
    "TypeError",
    "KeyError",
    "AttributeError",
    "ValueError",
}


def _literal(node: object) -> bool:
    """A string literal that reads as a message: an f-string with words in its literal parts, or
    a text of several words (not a bare field name, nor punctuation around translated parts)."""
    import ast

    if isinstance(node, ast.JoinedStr):
        text = "".join(
            p.value for p in node.values if isinstance(p, ast.Constant) and isinstance(p.value, str)
        )
        return any(ch.isalpha() for ch in text)
    if isinstance(node, ast.Constant):
        # words with a space between them: a message (a bare field name such as "period" is not)
        return (
            isinstance(node.value, str)
            and any(ch.isalpha() for ch in node.value)
            and " " in node.value.strip()
        )
    if isinstance(node, ast.BinOp):
        return _literal(node.left) or _literal(node.right)
    return False


#: calls whose argument (by position; or keyword) is a message a user reads
MESSAGE_ARGUMENTS = {
    "RowError": (2, "message"),
    "GraphQLError": (0, "message"),
    "require": (1, "action"),  # Actor.require(role, action): "{action} needs the … role"
    "IndicatorRule": (1, "description"),
    "NeverFallsRule": (1, "description"),
}


def _untranslated(path: Path) -> list[int]:
    """The lines of ``path`` that hand a user a message not wrapped in ``_()``: a raised error
    (programming errors aside), a message argument (:data:`MESSAGE_ARGUMENTS`), and in a
    plugin's rules a check function's returned text."""
    import ast

    lines = []
    rules_module = path.name == "rules.py" and path.parent.parent.name == "plugins"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            function = node.exc.func
            name = getattr(function, "id", getattr(function, "attr", ""))
            if name in INTERNAL_ERRORS:
                continue
            arguments = [*node.exc.args, *(k.value for k in node.exc.keywords)]
        elif isinstance(node, ast.Call) and (
            (name := getattr(node.func, "id", getattr(node.func, "attr", ""))) in MESSAGE_ARGUMENTS
        ):
            position, keyword = MESSAGE_ARGUMENTS[name]
            arguments = [
                *node.args[position : position + 1],
                *(k.value for k in node.keywords if k.arg == keyword),
            ]
        elif rules_module and isinstance(node, ast.Return) and node.value is not None:
            arguments = [node.value]
        else:
            continue
        if any(_literal(a) for a in arguments):
            lines.append(node.lineno)
    return sorted(lines)


def test_every_error_message_a_user_can_see_is_translated() -> None:
    """No ``raise SomeError("text")``, ``RowError(..., "text")``, ``GraphQLError("text")``,
    ``actor.require(role, "text")`` or rule description with a message that does not go
    through a translation function (``_("...")``, ``lazy_gettext``), in the core and in the
    plugins (whose rule functions return no bare text either)."""
    untranslated = [
        f"{path.relative_to(ROOT).as_posix()}:{line}"
        for root in (ROOT / "qyx_platform", ROOT / "plugins")
        for path in sorted(root.rglob("*.py"))
        if "migrations" not in path.parts
        for line in _untranslated(path)
    ]
    assert untranslated == [], "wrap these messages in _() (qyx_platform.i18n) and translate them"


def test_the_scan_finds_an_untranslated_message(tmp_path: Path) -> None:
    """The scan above can fail: each kind of message it looks for, written bare, is found."""
    rules = tmp_path / "plugins" / "demo" / "rules.py"
    rules.parent.mkdir(parents=True)
    rules.write_text(
        "def check(p, c):\n"
        "    return f'{p} is far too large'\n"
        "RULE = IndicatorRule('demo.x', 'a value is small', frozenset(), check)\n"
        "def go(actor):\n"
        "    actor.require(Role.SUPERVISOR, 'raising a problem')\n"
        "    errors = [RowError(0, 'title', 'a problem needs a title')]\n"
        "    raise PluginError(f'plugin {name!r} cannot be registered')\n"
        "ok = IndicatorRule('demo.y', lazy_gettext('a value is small'), frozenset(), check)\n",
        encoding="utf-8",
    )
    assert _untranslated(rules) == [2, 3, 5, 6, 7]
