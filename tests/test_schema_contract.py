"""schema/schema.graphql is the exported SDL: the live schema must not drift from it."""

from __future__ import annotations

import difflib
from pathlib import Path

from qyx_platform import load_catalogue
from qyx_platform.cli import main
from qyx_platform.graphql.schema import build_schema, print_sdl

SDL = Path(__file__).parents[1] / "schema" / "schema.graphql"


def test_live_schema_matches_the_exported_sdl() -> None:
    live = print_sdl(build_schema(load_catalogue(plugin_filter="all")[1]))
    exported = SDL.read_text(encoding="utf-8")
    if live != exported:
        diff = "".join(
            difflib.unified_diff(exported.splitlines(True), live.splitlines(True), "schema.graphql", "live")
        )
        raise AssertionError(
            "the live schema differs from schema/schema.graphql; run `qyx schema > schema/schema.graphql` "
            "and note breaking changes in CHANGELOG.md\n" + diff[:4000]
        )


def test_qyx_schema_prints_the_sdl(capsys: object) -> None:
    import pytest

    assert isinstance(capsys, pytest.CaptureFixture)
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == SDL.read_text(encoding="utf-8")
