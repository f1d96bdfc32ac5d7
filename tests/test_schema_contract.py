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


def test_every_core_root_field_is_described() -> None:
    """The core's Query and Mutation fields carry their resolver's docstring into the SDL."""
    from qyx_platform.graphql import root

    schema = build_schema(load_catalogue(plugin_filter="none")[1])._schema
    for root_type, fields in (
        (schema.query_type, root.query_fields()),
        (schema.mutation_type, root.mutation_fields()),
    ):
        assert root_type is not None
        names = [f.graphql_name or f.python_name for f in fields]
        assert len(names) >= 6
        for name in names:
            graphql_name = next(n for n in root_type.fields if n.lower() == name.replace("_", "").lower())
            description = root_type.fields[graphql_name].description
            assert description and "``" not in description, (
                f"{root_type.name}.{graphql_name} has no description"
            )


def test_a_resolver_without_a_docstring_is_refused() -> None:
    import pytest

    from qyx_platform.graphql.root import as_field

    def undocumented() -> int:
        return 1

    with pytest.raises(TypeError, match="undocumented needs a docstring"):
        as_field(undocumented)


def test_every_field_of_the_plan_types_is_described() -> None:
    """The plan's types (document, domains, indicators, targets, tasks, projects) document every
    field in the SDL: descriptions come from strawberry.field, from_model or the docstring."""
    import qyx_platform.graphql.plan_types as plan_types

    schema = build_schema(load_catalogue(plugin_filter="none")[1])._schema
    checked = 0
    for value in vars(plan_types).values():
        definition = getattr(value, "__strawberry_definition__", None)
        if definition is None or value.__module__ != plan_types.__name__:
            continue
        graphql_type = schema.type_map[definition.name]
        for name, field in graphql_type.fields.items():  # type: ignore[attr-defined]
            assert field.description, f"{definition.name}.{name} has no description"
            checked += 1
    assert checked > 50
