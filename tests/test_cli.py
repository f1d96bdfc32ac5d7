"""The ``qyx`` command: serve, init, schema, plugins, token."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from qyx_platform import Platform
from qyx_platform.cli import main
from qyx_platform.services.auth import authenticate

QYX = [sys.executable, "-c", "import sys; from qyx_platform.cli import main; sys.exit(main())"]


def test_init_creates_the_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "sub" / "qyx.sqlite3"
    assert main(["init", "--db", f"sqlite:///{db}"]) == 0
    assert db.exists()
    assert "26 indicators" in capsys.readouterr().out


def test_default_database_lives_in_qyx_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QYX_DATABASE_URL", raising=False)
    monkeypatch.setenv("QYX_HOME", str(tmp_path / "home"))
    assert main(["init"]) == 0
    assert (tmp_path / "home" / "qyx.sqlite3").exists()


def test_token_create_prints_only_the_token(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    done = subprocess.run(
        [*QYX, "token", "create", "--role", "reporter", "--department", "县教育局", "--db", url],
        capture_output=True,
        text=True,
        check=True,
    )
    token = done.stdout.strip()
    assert done.stdout == token + "\n" and token.startswith("qyx_") and len(token) > 30
    platform = Platform(url)
    with platform.sessions() as s:
        actor = authenticate(s, token)
    assert (actor.role.value, actor.department) == ("reporter", "县教育局")
    revoked = subprocess.run([*QYX, "token", "revoke", token, "--db", url], capture_output=True, text=True)
    assert revoked.returncode == 0
    with platform.sessions() as s, pytest.raises(Exception, match="revoked"):
        authenticate(s, token)


def test_bad_input_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    for args in (
        ["token", "create", "--role", "emperor", "--db", url],
        ["token", "create", "--role", "reporter", "--db", url],
        ["token", "create", "--role", "reporter", "--department", "县不存在局", "--db", url],
        ["init", "--db", "mysql://nobody@nowhere/db"],
        ["init", "--db", "not a url"],
    ):
        done = subprocess.run([*QYX, *args], capture_output=True, text=True)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr.startswith("qyx: error:") and "Traceback" not in done.stderr, done.stderr


def test_plugins_lists_names_versions_and_hooks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    for name in ("youyou", "xueyou", "laoyoudeyou", "bingyou", "laoyou", "zhuyou", "ruoyou"):
        assert f"{name} 0.1.0" in out
    assert "qyx_indicators" in out and "qyx_graphql_types" in out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_serve_answers_the_plan_query(tmp_path: Path) -> None:
    """`qyx serve` on a new database: the first run migrates it, then answers GraphQL."""
    port = _free_port()
    env = {**os.environ, "QYX_HOME": str(tmp_path / "home")}
    env.pop("QYX_DATABASE_URL", None)
    server = subprocess.Popen(
        [*QYX, "serve", "--port", str(port)], env=env, stderr=subprocess.PIPE, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as r:
                    health = json.load(r)
                break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "qyx serve did not come up"
                time.sleep(0.2)
        assert health["status"] == "ok" and health["indicators"] == 26
        query = (Path(__file__).parent / "contract" / "plan.graphql").read_text(encoding="utf-8")
        request = urllib.request.Request(
            f"{base}/graphql",
            data=json.dumps({"query": query}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as r:
            body = json.load(r)
        assert len(body["data"]["domains"]) == 7
        page = urllib.request.Request(f"{base}/graphql", headers={"Accept": "text/html"})
        with urllib.request.urlopen(page, timeout=10) as r:
            html = r.read().decode()
        assert "graphiql.min.js" in html and "https://" not in html
        assert (tmp_path / "home" / "qyx.sqlite3").exists()
    finally:
        server.terminate()
        server.wait(timeout=10)


# -- the command package -----------------------------------------------------------------------


def test_a_command_module_is_found_without_being_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Adding a module to the command package adds its command (here a package made for the
    test, searched the way qyx_platform.cli searches itself)."""
    import qyx_platform.cli as cli

    package = tmp_path / "extra_cli"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "_helper.py").write_text("raise AssertionError('private modules are not commands')\n")
    (package / "hello.py").write_text(
        "from qyx_platform.i18n import _\n"
        "ORDER = 1\n"
        "def register(commands):\n"
        "    p = commands.add('hello', lambda args: print('hello', args.name) or 0, 'say hello')\n"
        "    p.add_argument('name')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    modules = cli.command_modules("extra_cli")
    assert [m.__name__ for m in modules] == ["extra_cli.hello"]
    ours = cli.command_modules()
    monkeypatch.setattr(cli, "command_modules", lambda: [*modules, *ours])
    assert main(["hello", "庆元"]) == 0
    assert capsys.readouterr().out == "hello 庆元\n"
    assert main(["init", "--db", f"sqlite:///{tmp_path / 'db.sqlite3'}"]) == 0


def test_every_command_module_registers_a_command() -> None:
    import qyx_platform.cli as cli

    help_text = cli.build_parser().format_help()
    for module in cli.command_modules(cli.__name__):
        assert callable(module.register), module.__name__
    for command in ("serve", "init", "import", "export", "token", "schema", "plugins"):
        assert f"    {command} " in help_text


def test_parsing_imports_nothing_heavy() -> None:
    """`qyx --help` and commands that need no database start fast: building the parser
    (every command module) imports no database, web or spreadsheet library."""
    code = (
        "import sys; from qyx_platform.cli import build_parser; build_parser().format_help(); "
        "print(sorted(m for m in ('sqlalchemy', 'strawberry', 'starlette', 'uvicorn', 'openpyxl', "
        "'alembic', 'pluggy') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_help_is_chinese_by_default_and_english_on_request() -> None:
    env = {k: v for k, v in os.environ.items() if k != "QYX_LANG"}
    zh = subprocess.run([*QYX, "--help"], capture_output=True, text=True, env=env, check=True).stdout
    assert "启动 GraphQL 服务" in zh
    for args, extra in ((["--lang", "en", "--help"], {}), (["--help"], {"QYX_LANG": "en"})):
        en = subprocess.run([*QYX, *args], capture_output=True, text=True, env={**env, **extra}, check=True)
        assert "start the GraphQL service" in en.stdout and "启动" not in en.stdout


# -- failures a user can cause or fix: one line, what to do, never "internal error" -------------


def _qyx(*args: str, lang: str | None = "en", **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "QYX_LANG"}
    if lang is not None:
        env["QYX_LANG"] = lang
    return subprocess.run([*QYX, *args], capture_output=True, text=True, env=env, timeout=120, **kwargs)  # type: ignore[call-overload]


def _one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`qyx export | head -1`: the reader leaves early; no message, no traceback."""
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    platform = Platform(url)
    from qyx_platform import LOCAL_OPERATOR, ObservationInput

    counties = ["331102", "331121", "331122", "331123", "331124", "331125", "331126", "331127", "331181"]
    rows = [
        ObservationInput(code, f"{year}-{month:02d}", value, county)
        for code, value in (("1", "3.1"), ("2", "60"), ("3", "95"), ("9", "2.5"))
        for county in counties
        for year in range(2022, 2028)
        for month in range(1, 13)
    ]  # ~2,600 lines, ~200 kB: more than a pipe holds, so the writer meets the closed pipe
    platform.report(rows, actor=LOCAL_OPERATOR)
    platform.close()
    command = " ".join([*(f"'{part}'" for part in QYX), "export", "--db", url, "--format", "tsv"])
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}  # every row hits the closed pipe at once
    done = subprocess.run(
        f"{command} | head -1; echo status=${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert (
        done.stdout.splitlines()[0]
        == "indicator\tindicator name\tunit\tperiod\tvalue\tjurisdiction\tseries\tnote"
    )
    # 141 (SIGPIPE's status) when the writer meets the closed pipe; 0 when, under load, the
    # pipe took the last rows before the reader left: quiet either way
    assert done.stdout.splitlines()[-1] in {"status=141", "status=0"}
    assert done.stderr == ""


def test_an_unreachable_database_server_says_what_to_do() -> None:
    line = _one_line_error(_qyx("init", "--db", "postgresql+psycopg://postgres@127.0.0.1:1/qyx"))
    assert line.startswith("qyx: error: cannot reach the database server of postgresql+psycopg://")
    assert "start the server or correct --db or QYX_DATABASE_URL" in line


@pytest.mark.postgres
def test_a_missing_postgresql_database_says_how_to_create_it(pg_database: str) -> None:
    missing = pg_database.rsplit("/", 1)[0] + "/qyx_no_such_database"
    line = _one_line_error(_qyx("init", "--db", missing))
    assert line == (
        "qyx: error: database qyx_no_such_database does not exist on the server; create it "
        "(createdb qyx_no_such_database) or choose another with --db or QYX_DATABASE_URL"
    )
    zh = _one_line_error(_qyx("init", "--db", missing, lang=None))
    assert zh.startswith(
        "qyx：错误：服务器上不存在数据库 qyx_no_such_database；请先创建（createdb qyx_no_such_database）"
    )


@pytest.mark.parametrize("port", ["99999", "0", "http"])
def test_a_port_out_of_range_is_a_usage_error(port: str, tmp_path: Path) -> None:
    line = _one_line_error(_qyx("serve", "--port", port, "--db", f"sqlite:///{tmp_path / 'db.sqlite3'}"))
    assert line == (
        f"qyx serve: error: argument --port: {port} is not a port; use a number from 1 to 65535 "
        "(see qyx serve --help)"
    )
    assert not (tmp_path / "db.sqlite3").exists()  # refused before opening anything


def test_a_busy_port_is_reported_before_startup(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = _qyx("serve", "--port", str(port), "--db", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    line = _one_line_error(done)
    assert line == (
        f"qyx: error: port {port} on 127.0.0.1 is already in use; stop the program that uses it "
        "or choose another port with --port"
    )
    assert "startup complete" not in done.stderr.lower()


def test_a_file_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    target = tmp_path / "no" / "such" / "folder" / "out.csv"
    line = _one_line_error(_qyx("export", "--db", url, "--out", str(target)))
    assert line == f"qyx: error: {target}: No such file or directory; check the path and its permissions"


def test_usage_mistakes_are_one_line_in_the_users_language() -> None:
    zh = _one_line_error(_qyx("token", "create", lang=None))
    assert zh == "qyx token create：错误：缺少必需的参数：--role（参见 qyx token create --help）"
    en = _one_line_error(_qyx("bogus"))
    assert en.startswith("qyx: error: argument COMMAND: invalid choice: 'bogus'")
    assert en.endswith("(see qyx --help)")


# -- status, scoreboard, problems, timeline: tables and JSON ------------------------------------


@pytest.fixture
def reported(tmp_path: Path) -> str:
    from qyx_platform import LOCAL_OPERATOR, ObservationInput

    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    platform = Platform(url)
    platform.report(
        [
            ObservationInput("1", "2025", "3.2"),
            ObservationInput("9", "2025", "2.5"),
            ObservationInput("1", "2024", "2.9"),
        ],
        actor=LOCAL_OPERATOR,
    )
    platform.raise_problem("托位缺口", "县卫生健康局", "2030-12-31", indicator="1")
    platform.close()
    return url


def test_status_prints_a_table_in_chinese_and_json_on_request(
    reported: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["status", "2025", "--db", reported, "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "2025 指标状态 · 庆元县 (331126)"
    assert lines[1].split() == [
        "序号",
        "指标",
        "分组",
        "期间",
        "实际值",
        "目标",
        "进度节点",
        "单位",
        "状态",
        "完成进度",
    ]
    assert len(lines) == 2 + 1 + 27  # title, headers, rule, 26 indicators (no. 12 has two series)
    row = next(line for line in lines if line.strip().startswith("1 "))
    assert "每千人口拥有3岁以下婴幼儿托位数" in row and "3.2" in row
    assert main(["status", "2025", "--db", reported, "--json", "--indicator", "1"]) == 0
    (record,) = json.loads(capsys.readouterr().out)
    with Platform(reported) as platform:
        assert record == json.loads(platform.status("2025", indicators=["1"]).to_json())[0]
    assert record["actual"] == "3.2" and record["number"] == 1


def test_scoreboard_problems_and_timeline(reported: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scoreboard", "2025", "--db", reported, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Domains in 2025, 庆元县 (331126)\n") and "Departments in 2025" in out
    assert main(["scoreboard", "2025", "--db", reported, "--json"]) == 0
    board = json.loads(capsys.readouterr().out)
    assert board["year"] == 2025 and len(board["domains"]) == 7
    assert main(["problems", "--db", reported, "--json", "--status", "open"]) == 0
    listed = json.loads(capsys.readouterr().out)  # with the alert rules' problems (QYX_TODAY: 2028)
    (problem,) = [p for p in listed if p["title"] == "托位缺口"]
    assert (problem["title"], problem["status"], problem["overdue"]) == ("托位缺口", "open", False)
    assert main(["problems", "--db", reported, "--lang", "zh"]) == 0
    assert "问题清单" in capsys.readouterr().out
    assert main(["timeline", "1", "--db", reported, "--json"]) == 0
    assert [(p["period"], p["value"]) for p in json.loads(capsys.readouterr().out)] == [
        ("2024", "2.9"),
        ("2025", "3.2"),
    ]
    assert main(["scoreboard", "2031", "--db", reported]) == 2
    assert "outside the plan" in capsys.readouterr().err


def test_an_export_of_an_unknown_indicator_writes_nothing(
    reported: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--indicator", "99", "--db", reported]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "99" in err  # no header line before the refusal


def test_timeliness_prints_the_apis_tables_and_json(
    reported: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``qyx timeliness`` answers with ``Platform.timeliness``: the departments' table, then the
    reports missing; ``--json`` the same answer as the Python API."""
    assert main(["timeliness", "--period", "2025", "--db", reported, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    platform = Platform(reported)
    try:
        expected = platform.timeliness("2025")
    finally:
        platform.close()
    first, second = (str(t.title) for t in expected.tables())
    assert out.startswith(first) and second in out
    for table in expected.tables():  # every department in English, in both tables
        for row in table.rows():
            assert any(line.startswith(row["english_name"]) for line in out.splitlines()), (row, out)
    assert main(["timeliness", "--period", "2025", "--db", reported, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(expected.to_json())
    assert main(["timeliness", "--period", "2025-13", "--db", reported]) == 2


def test_commands_on_the_plan_alone_need_no_database_library() -> None:
    """`qyx plugins` and `qyx template` load the plugins and the plan: no SQLAlchemy."""
    code = (
        "import io, sys, contextlib; from qyx_platform.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "    assert main(['plugins']) == 0\n"
        "    assert main(['template', '--department', '县卫生健康局', '--period', '2025']) == 0\n"
        "print('sqlalchemy' in sys.modules, 'openpyxl' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False False"


def test_a_mistyped_database_path_is_refused_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-folder" / "qyx.sqlite3"
    assert main(["status", "2025", "--db", f"sqlite:///{missing}", "--lang", "en"]) == 2
    assert "does not exist: check the path" in capsys.readouterr().err
    assert not missing.parent.exists()


def test_the_problem_list_names_departments_in_the_users_language(
    reported: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["problems", "--db", reported, "--lang", "en"]) == 0
    english = capsys.readouterr().out
    assert "County Health Commission" in english and "县卫生健康局" not in english
    assert main(["problems", "--db", reported, "--lang", "zh"]) == 0
    assert "县卫生健康局" in capsys.readouterr().out


def test_token_list_is_a_table_with_headers_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert main(["token", "create", "--role", "reporter", "--department", "县卫生健康局", "--db", db]) == 0
    secret = capsys.readouterr().out.strip()
    assert main(["token", "list", "--db", db, "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("API 令牌\n") and "填报员（reporter）" in out and secret not in out
    assert main(["token", "list", "--db", db, "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert (listed["role"], listed["department"], listed["state"]) == ("reporter", "县卫生健康局", "active")
    assert listed["prefix"].endswith("…") and secret.startswith(listed["prefix"][:-1])
