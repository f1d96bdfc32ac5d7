"""The dashboard's server side: pages, assets (gzip, cache headers), the configuration handed
to the page, ``me``, the file upload, and the demo data set."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
from conftest import GraphQLClient
from sqlalchemy import func, select

from qyx_platform import LOCAL_OPERATOR, ObservationInput, Platform, Role
from qyx_platform.cli import main
from qyx_platform.services.demo import DEMO_SOURCE, DemoRefused, load_demo
from qyx_platform.store.tables import ObservationRow
from qyx_platform.web.dashboard import DASHBOARD_DIR, PAGE_PATHS

ME = "query { me { role signedIn department { name } } }"
IMPORT = """mutation ($f: String!, $c: String!, $check: Boolean!) {
  importObservations(filename: $f, content: $c, check: $check) {
    __typename
    ... on ImportAccepted { rows newValues revised checkedOnly }
    ... on ImportRejected { errors { line column message } }
    ... on PermissionDenied { message }
  }
}"""


def config_of(html: str) -> dict[str, object]:
    """The JSON configuration embedded in a page."""
    found = re.search(r'<script type="application/json" id="qyx-config">(.*?)</script>', html, re.S)
    assert found is not None
    data: dict[str, object] = json.loads(found.group(1))
    return data


def version_of(client: GraphQLClient) -> str:
    config = config_of(client.http.get("/").text)
    return str(config["version"])


@pytest.mark.parametrize(
    "path", [p.replace("{code}", "youyou") for p in PAGE_PATHS], ids=[p for p in PAGE_PATHS]
)
def test_every_page_is_the_shell_never_cached(sqlite_client: GraphQLClient, path: str) -> None:
    response = sqlite_client.http.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-cache"
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert 'id="qyx-config"' in response.text
    # nothing is loaded from another host
    assert not re.search(r'(src|href)="(https?:)?//', response.text)


def test_config_hands_over_only_operations_the_schema_answers(sqlite_client: GraphQLClient) -> None:
    config = config_of(sqlite_client.http.get("/").text)
    operations = config["operations"]
    unavailable = config["unavailable"]
    assert isinstance(operations, dict) and isinstance(unavailable, dict)
    files = {p.stem: p.read_text(encoding="utf-8") for p in (DASHBOARD_DIR / "operations").glob("*.graphql")}
    assert set(operations) | set(unavailable) == set(files)
    assert not set(operations) & set(unavailable)
    for name, text in operations.items():
        assert text == files[name]  # the page sends the file's text, unchanged
    assert config["home"] == "331126" and config["demo"] is False
    assert "Overview" in operations


def test_assets_are_gzipped_and_cached_for_a_year(sqlite_client: GraphQLClient) -> None:
    version = version_of(sqlite_client)
    url = f"/static/{version}/vendor/echarts.min.js"
    response = sqlite_client.http.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["content-type"].startswith("text/javascript")
    assert int(response.headers["content-length"]) < 450_000  # compressed; the file is ~1.1 MB
    raw = (DASHBOARD_DIR / "vendor" / "echarts.min.js").read_bytes()
    assert response.content == raw  # httpx decodes: the same bytes
    again = sqlite_client.http.get(url, headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304
    plain = sqlite_client.http.get(f"/static/{version}/app.css", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.content == (DASHBOARD_DIR / "app.css").read_bytes()


def test_an_old_asset_version_is_not_cached_and_paths_stay_inside(sqlite_client: GraphQLClient) -> None:
    old = sqlite_client.http.get("/static/0123456789ab/app.css")
    assert old.status_code == 200 and old.headers["cache-control"] == "no-cache"
    version = version_of(sqlite_client)
    for bad in ("../app.py", "%2e%2e/%2e%2e/app.py", "nothing.js", "operations"):
        assert sqlite_client.http.get(f"/static/{version}/{bad}").status_code == 404


def test_graphql_answers_are_gzipped(sqlite_client: GraphQLClient) -> None:
    response = sqlite_client.http.post(
        "/graphql",
        json={"query": "{ domains { code name indicators { code name unit targets { year text } } } }"},
        headers={"Accept-Encoding": "gzip"},
    )
    assert response.status_code == 200
    assert response.headers.get("content-encoding") == "gzip"


def test_echarts_is_vendored_with_its_licence() -> None:
    vendor = DASHBOARD_DIR / "vendor"
    assert (vendor / "echarts.min.js").stat().st_size > 500_000
    assert "Apache License" in (vendor / "LICENSE.echarts.txt").read_text(encoding="utf-8")
    assert (vendor / "NOTICE.echarts.txt").is_file()


def test_no_asset_refers_to_another_host() -> None:
    for path in DASHBOARD_DIR.rglob("*"):
        if path.suffix in {".js", ".css", ".html"} and path.parent.name != "vendor":
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"https?://", text), path


def test_me_says_who_the_token_is(sqlite_client: GraphQLClient) -> None:
    anonymous = sqlite_client.data(ME)["me"]
    assert anonymous == {"role": "viewer", "signedIn": False, "department": None}
    token = sqlite_client.token(Role.REPORTER, "县教育局")
    me = sqlite_client.data(ME, token=token)["me"]
    assert me == {"role": "reporter", "signedIn": True, "department": {"name": "县教育局"}}
    refused = sqlite_client.http.post(
        "/graphql", json={"query": ME}, headers={"Authorization": "Bearer qyx_not-a-token"}
    )
    assert refused.status_code == 401
    assert refused.json()["errors"] and refused.json()["data"] is None


def _upload(
    client: GraphQLClient, name: str, data: bytes, token: str | None, check: bool = False
) -> dict[str, object]:
    content = base64.b64encode(data).decode()
    result: dict[str, object] = client.data(IMPORT, {"f": name, "c": content, "check": check}, token=token)[
        "importObservations"
    ]
    return result


def _count(platform: Platform) -> int:
    with platform.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(ObservationRow)) or 0)


def test_upload_imports_like_qyx_import(sqlite_client: GraphQLClient) -> None:
    token = sqlite_client.token(Role.REPORTER, "县卫生健康局")
    good = "指标,期间,数值\n1,2025,4.10\n2,2025,60\n".encode()
    checked = _upload(sqlite_client, "values.csv", good, token, check=True)
    assert checked == {
        "__typename": "ImportAccepted",
        "rows": 2,
        "newValues": 0,
        "revised": 0,
        "checkedOnly": True,
    }
    assert _count(sqlite_client.platform) == 0
    done = _upload(sqlite_client, "values.csv", good, token)
    assert done["__typename"] == "ImportAccepted" and done["newValues"] == 2
    assert _count(sqlite_client.platform) == 2


def test_upload_names_every_bad_line_and_writes_nothing(sqlite_client: GraphQLClient) -> None:
    token = sqlite_client.token(Role.REPORTER, "县卫生健康局")
    bad = "指标,期间,数值\n1,2025,4.10\n2,2025,abc\n2,2025,150\n".encode("gbk")
    result = _upload(sqlite_client, "bad.csv", bad, token)
    assert result["__typename"] == "ImportRejected"
    errors = result["errors"]
    assert isinstance(errors, list)
    lines = {(e["line"], e["column"]) for e in errors}
    assert (3, "数值") in lines and (4, "数值") in lines
    assert _count(sqlite_client.platform) == 0


def test_upload_refuses_viewers_and_unknown_files(sqlite_client: GraphQLClient) -> None:
    data = "指标,期间,数值\n1,2025,4.10\n".encode()
    denied = _upload(sqlite_client, "v.csv", data, sqlite_client.token(Role.VIEWER, None))
    assert denied["__typename"] == "PermissionDenied"
    token = sqlite_client.token(Role.REPORTER, "县卫生健康局")
    wrong = _upload(sqlite_client, "v.pdf", data, token)
    assert wrong["__typename"] == "ImportRejected"
    assert "use a file ending in" in str(wrong["errors"])
    broken = sqlite_client.data(IMPORT, {"f": "v.csv", "c": "%%%", "check": False}, token=token)
    assert broken["importObservations"]["errors"][0]["message"] == "the upload is not valid base64"
    assert _count(sqlite_client.platform) == 0


def test_demo_loads_once_and_marks_every_value(sqlite_platform: Platform) -> None:
    result = load_demo(sqlite_platform)
    assert result.values > 100 and result.problems > 0 and not result.already_loaded
    with sqlite_platform.sessions() as session:
        sources = set(session.scalars(select(ObservationRow.source).distinct()))
        notes = set(session.scalars(select(ObservationRow.note).distinct()))
    assert sources == {DEMO_SOURCE}
    assert all(note and "synthetic" in note for note in notes)
    assert load_demo(sqlite_platform).already_loaded


def test_demo_never_mixes_into_a_real_database(sqlite_platform: Platform) -> None:
    from decimal import Decimal

    sqlite_platform.report([ObservationInput("1", "2025", Decimal("4.10"))], actor=LOCAL_OPERATOR)
    with pytest.raises(DemoRefused, match="real value"):
        load_demo(sqlite_platform)
    assert _count(sqlite_platform) == 1


def test_qyx_demo_uses_its_own_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("QYX_HOME", str(tmp_path))
    monkeypatch.delenv("QYX_DATABASE_URL", raising=False)
    assert main(["demo"]) == 0
    assert (tmp_path / "demo.sqlite3").is_file()
    assert not (tmp_path / "qyx.sqlite3").exists()
    err = capsys.readouterr().err
    assert "synthetic demo data" in err and err.rstrip().endswith("qyx serve --demo")
    # a demo database named on the command line: the hint serves that one
    named = f"sqlite:///{tmp_path / 'mine.sqlite3'}"
    assert main(["demo", "--db", named]) == 0
    assert capsys.readouterr().err.rstrip().endswith(f"qyx serve --demo --db {named}")


def test_no_link_to_graphiql_where_it_is_not_served(sqlite_platform: Platform) -> None:
    """Production serves no GraphiQL: the pages are told, so they link to none."""
    from starlette.testclient import TestClient

    from qyx_platform.web.app import create_app

    for production in (False, True):
        client = TestClient(create_app(sqlite_platform, production=production))
        assert config_of(client.get("/").text)["graphiql"] is (not production)
        ide = client.get("/graphql", headers={"Accept": "text/html"})
        assert (ide.status_code == 200) is (not production)


def test_the_demo_page_says_so(sqlite_platform: Platform) -> None:
    from starlette.testclient import TestClient

    from qyx_platform.web.app import create_app

    load_demo(sqlite_platform)
    html = TestClient(create_app(sqlite_platform, demo=True)).get("/").text
    assert config_of(html)["demo"] is True


def test_an_empty_plan_shows_no_data_not_errors(sqlite_client: GraphQLClient) -> None:
    config = config_of(sqlite_client.http.get("/").text)
    operations = config["operations"]
    assert isinstance(operations, dict)
    body = sqlite_client.post(operations["Overview"], {"year": 2026, "period": "2026"})
    assert "errors" not in body
    states = {s["state"] for d in body["data"]["domains"] for i in d["indicators"] for s in i["status"]}
    assert states == {"NO_DATA"}


REPORT_FILE = """query ($f: ReportFileFormat!) {
  reportFile(kind: ANNUAL, period: "2025", format: $f) { filename mediaType content }
}"""


def test_report_file_holds_what_qyx_report_writes(sqlite_client: GraphQLClient) -> None:
    from qyx_platform.model.reports import Language, ReportKind
    from qyx_platform.report_formats import ReportFormat, render

    report = sqlite_client.platform.reports.build(ReportKind.ANNUAL, "2025", None, Language.ZH)
    for fmt in ReportFormat:
        got = sqlite_client.data(REPORT_FILE, {"f": fmt.name})["reportFile"]
        data = base64.b64decode(got["content"])
        assert got["filename"].endswith(f".{fmt.value}") and "2025" in got["filename"]
        if fmt.binary:
            assert data.startswith(b"PK")  # a zip: XLSX and DOCX carry their own timestamps
        else:
            assert data == render(report, fmt)
            assert got["mediaType"].endswith("charset=utf-8")
