"""Every operation the dashboard sends (qyx_platform/web/static/dashboard/operations) is valid
against the live schema; only an operation of the plan's first shapes, superseded by a newer
one, is skipped once the schema changed the field away."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import GraphQLSchema, OperationDefinitionNode, parse, validate

from qyx_platform.graphql.schema import build_schema
from qyx_platform.platform import load_catalogue
from qyx_platform.web.dashboard import OPERATIONS_DIR, load_operations, operation_files

#: operations written to the contract's shapes for features that landed after the dashboard:
#: the (type, field) each needs, and whose feature it is. Every feature is in now, so each
#: must validate (the page still degrades to a notice where a server lacks one).
PENDING: dict[str, tuple[str, str, str]] = {
    "OverviewRanks": ("DomainScore", "rankChange", "supervision: full scoreboard"),
    "Timeliness": ("Query", "timeliness", "supervision: reporting timeliness"),
    "DomainTaskStates": ("TaskTarget", "status", "supervision: task target states"),
    "DomainProjects": ("Milestone", "dueDate", "supervision: milestones"),
    "ScoreboardFull": ("DomainScore", "rankChange", "supervision: full scoreboard"),
    "ProblemHistory": ("Problem", "history", "supervision: problem history"),
    "ScoreboardCoverage": ("DomainScore", "coverage", "supervision: scoreboard coverage"),
    "Report": ("Query", "report", "reports"),
    "FreezeReport": ("Mutation", "freezeReport", "reports"),
    "SignOffReport": ("Mutation", "signOffReport", "reports"),
    "FrozenReport": ("Query", "frozenReport", "reports"),
    "ReportFile": ("Query", "reportFile", "reports: the dashboard's report files, added with reports"),
}
#: operations of the plan's first shapes, superseded when a feature lands (the page uses the
#: newer one when the schema answers it): skipped when the feature changed the field away
SUPERSEDED: dict[str, tuple[str, str, str]] = {
    "DomainProjectsPlanned": ("Milestone", "year", "supervision replaced Milestone.year by dueDate"),
}


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    """The live schema with every installed plugin."""
    _, catalogue = load_catalogue()
    graphql_schema: GraphQLSchema = build_schema(catalogue)._schema
    return graphql_schema


def has_field(schema: GraphQLSchema, type_name: str, field: str) -> bool:
    """Whether the schema's type has the field."""
    found = schema.get_type(type_name)
    return found is not None and field in getattr(found, "fields", {})


FILES = operation_files()


def test_the_folder_holds_the_operations() -> None:
    assert OPERATIONS_DIR.is_dir()
    assert len(FILES) >= 20
    names = {p.stem for p in FILES}
    # every page's main operation is there
    assert {"Overview", "Domain", "Indicator", "Scoreboard", "Problems", "Report", "EntryItems"} <= names
    assert set(PENDING) <= names and set(SUPERSEDED) <= names


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_operation_is_one_named_operation(path: Path) -> None:
    document = parse(path.read_text(encoding="utf-8"))
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    assert len(operations) == 1, "one operation per file (the page sends it by file name)"
    assert operations[0].name is not None and operations[0].name.value == path.stem


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_operation_validates_against_the_live_schema(schema: GraphQLSchema, path: Path) -> None:
    name = path.stem
    if name in PENDING:
        type_name, field, why = PENDING[name]
        assert has_field(schema, type_name, field), f"{name} needs {type_name}.{field} ({why})"
    if name in SUPERSEDED:
        type_name, field, why = SUPERSEDED[name]
        if not has_field(schema, type_name, field):
            pytest.skip(f"{name} is superseded: {why}")
    errors = validate(schema, parse(path.read_text(encoding="utf-8")))
    assert not errors, [e.message for e in errors]


def test_the_page_gets_exactly_the_operations_that_validate(schema: GraphQLSchema) -> None:
    loaded = {op.name: op for op in load_operations(schema)}
    assert set(loaded) == {p.stem for p in FILES}
    for name, op in loaded.items():
        errors = validate(schema, parse(op.text))
        assert (op.problem is None) == (not errors), name
    # the core pages are always answerable
    for name in (
        "Overview",
        "Domain",
        "Indicator",
        "Scoreboard",
        "Problems",
        "EntryItems",
        "ReportValues",
        "Me",
    ):
        assert loaded[name].problem is None, loaded[name].problem
