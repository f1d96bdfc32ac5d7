"""The Python API answers everything the GraphQL API answers.

Every root ``Query`` and ``Mutation`` field of the live core schema is mapped to the
:class:`~qyx_platform.Platform` member that answers it (a dotted path: ``timeliness``,
``reports.freeze``), and every argument of the field (the fields of a single input object
included) to a parameter of that member, or to an explicit, justified exclusion. A new
GraphQL field or argument without a Python counterpart fails the test, and so does a mapping
that no longer matches the schema or the Platform. The plugins' own fields are listed apart:
each is a plugin's derived view of the plan's target cells, answered in Python from
``Platform.plan`` (they are computed from the catalogue, not written down).

How the answers compare, value by value, permissions and errors: tests/test_api.py and
tests/test_api_supervision.py.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import pytest
from graphql import GraphQLField, GraphQLInputObjectType, GraphQLList, GraphQLNonNull, GraphQLSchema

from qyx_platform import Platform
from qyx_platform.graphql.schema import build_schema

#: arguments the Python API leaves out on purpose, for every field: GraphQL pages its lists,
#: Python reads every page and returns them whole (``audit_log`` keeps ``after`` and ``limit``,
#: ``pending`` a ``limit``; tests/test_api_parity.py reads past one page)
PAGING = {"first": "Python returns the whole list", "after": "Python returns the whole list"}


@dataclass(frozen=True)
class Counterpart:
    """The Platform member answering a GraphQL field: ``path`` from the Platform (``plan``,
    ``reports.build``); ``renames`` GraphQL argument (snake_case) → Python parameter;
    ``excluded`` GraphQL argument → why Python has no parameter for it; ``why`` says why
    the member is not a method of the same name."""

    path: str
    renames: Mapping[str, str] = field(default_factory=dict)
    excluded: Mapping[str, str] = field(default_factory=dict)
    why: str = ""


FILTER = "the plan's tuple is filtered with a comprehension"
PROBLEM_ID = {"id": "problem_id"}

QUERIES: dict[str, Counterpart] = {
    "plan": Counterpart("plan", why="the plan model: plan.document is the PlanDocument"),
    "domains": Counterpart("plan.domains"),
    "domain": Counterpart("plan.domain", why="plan data; its live parts: task_targets, projects"),
    "indicators": Counterpart("plan.indicators", excluded={"domain": FILTER, "core": FILTER}),
    "indicator": Counterpart("plan.find_indicator", why="plan data; its live parts: status, timeline"),
    "departments": Counterpart("plan.departments"),
    "jurisdiction": Counterpart("jurisdiction"),
    "scoreboard": Counterpart("scoreboard"),
    "problems": Counterpart("problems", excluded=PAGING),
    "observations": Counterpart("observations", excluded=PAGING),
    "pendingObservations": Counterpart("pending", excluded=PAGING, why="the approval queue"),
    "auditLog": Counterpart("audit_log", excluded={"first": "Python's limit"}),
    "me": Counterpart("actor", why="who a bearer token stands for: Platform.actor(token) is the Actor"),
    "report": Counterpart(
        "reports.build", {"lang": "language"}, why="Platform.report reports values; reports live here"
    ),
    "reportFile": Counterpart("reports.file", {"format": "fmt", "lang": "language"}),
    "frozenReport": Counterpart("reports.snapshot", {"id": "snapshot_id"}),
    "timeliness": Counterpart("timeliness"),
    "surveys": Counterpart("surveys"),
}

MUTATIONS: dict[str, Counterpart] = {
    "reportObservations": Counterpart("report", {"input": "rows"}),
    "approveObservation": Counterpart("approve", {"id": "observation_id"}),
    "withdrawObservation": Counterpart("withdraw", {"id": "observation_id"}),
    "rejectObservation": Counterpart("reject", {"id": "observation_id"}),
    "raiseProblem": Counterpart("raise_problem"),
    "startRectifying": Counterpart("start_rectifying", PROBLEM_ID),
    "closeProblem": Counterpart("close_problem", PROBLEM_ID),
    "reopenProblem": Counterpart("reopen_problem", PROBLEM_ID),
    "sendBackProblem": Counterpart("send_back_problem", PROBLEM_ID),
    "submitProblemEvidence": Counterpart("submit_problem_evidence", PROBLEM_ID),
    "commentProblem": Counterpart("comment_problem", PROBLEM_ID),
    "importObservations": Counterpart(
        "import_file",
        {"filename": "path", "check": "check_only"},
        {"content": "an upload's bytes: Python reads the file at path"},
    ),
    "freezeReport": Counterpart("reports.freeze", {"lang": "language"}),
    "signOffReport": Counterpart("reports.sign_off", {"id": "snapshot_id"}),
    "addMilestone": Counterpart("add_milestone"),
    "completeMilestone": Counterpart("complete_milestone"),
    "cancelMilestone": Counterpart("cancel_milestone"),
    "recordSurvey": Counterpart("record_survey"),
}

#: fields below the root that read live data ("Type.field"), and the member answering each
#: with its arguments (the object a field belongs to gives the rest: an indicator's code, a
#: jurisdiction's code)
NESTED: dict[str, Counterpart] = {
    "Indicator.status": Counterpart("status"),
    "Indicator.timeline": Counterpart("timeline", {"under": "jurisdiction"}),
    "TaskTarget.status": Counterpart("task_targets"),
    "Project.state": Counterpart("projects"),
    "Project.milestones": Counterpart("milestones"),
    "Milestone.history": Counterpart("milestone_history"),
    "Problem.history": Counterpart("problem_history"),
    "Problem.comments": Counterpart("problem_comments"),
    "Jurisdiction.indicatorStates": Counterpart("status", {"year": "period"}),
    "Jurisdiction.children": Counterpart("jurisdiction"),
    "Report.frozen": Counterpart("reports.latest_snapshot"),
    "FrozenReport.changedSince": Counterpart("reports.changed_since"),
}


def snake(name: str) -> str:
    """``dueDate`` → ``due_date``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def arguments(f: GraphQLField) -> Iterator[str]:
    """A field's argument names in snake_case; a single input object stands for its fields (a
    list of input objects stays one argument: its type is a list, not an input object)."""
    for name, argument in f.args.items():
        kind = argument.type.of_type if isinstance(argument.type, GraphQLNonNull) else argument.type
        if isinstance(kind, GraphQLInputObjectType):
            yield from (snake(n) for n in kind.fields)
        else:
            yield snake(name)


def member(platform: object, path: str) -> object:
    """The object at a dotted path from the platform (AttributeError when there is none)."""
    found = platform
    for part in path.split("."):
        found = getattr(found, part)
    return found


def uncovered(
    fields: Mapping[str, GraphQLField], table: Mapping[str, Counterpart], platform: object
) -> list[str]:
    """What the table misses or gets wrong for these fields: fields without a counterpart,
    entries for fields that are gone, members that do not exist, arguments without a
    parameter, renames and exclusions of arguments that do not exist."""
    problems = [f"{name}: no Python counterpart" for name in fields if name not in table]
    problems += [f"{name}: mapped but not in the schema" for name in table if name not in fields]
    for name, f in fields.items():
        counterpart = table.get(name)
        if counterpart is None:
            continue
        try:
            found = member(platform, counterpart.path)
        except AttributeError:
            problems.append(f"{name}: Platform has no {counterpart.path}")
            continue
        names = list(arguments(f))
        parameters = set(inspect.signature(found).parameters) if callable(found) else set()
        for argument in names:
            if argument in counterpart.excluded:
                continue
            wanted = counterpart.renames.get(argument, argument)
            if wanted not in parameters:
                problems.append(f"{name}({argument}): {counterpart.path} has no parameter {wanted!r}")
        for argument in (*counterpart.renames, *counterpart.excluded):
            if argument not in names:
                problems.append(f"{name}: no argument {argument!r} to rename or exclude")
    return problems


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Platform, GraphQLSchema, set[str]]]:
    """A platform, its live schema and the names of the plugins' Query fields."""
    platform = Platform(f"sqlite:///{tmp_path_factory.mktemp('coverage') / 'qyx.sqlite3'}")
    schema = build_schema(platform.catalogue)._schema
    plugin_fields = {qf.name for _plugin, qf in platform.catalogue.graphql_fields}
    yield platform, schema, plugin_fields
    platform.close()


def core_fields(schema: GraphQLSchema, plugin_fields: set[str]) -> tuple[dict[str, GraphQLField], ...]:
    """The core's Query and Mutation fields of a live schema."""
    assert schema.query_type is not None and schema.mutation_type is not None
    query = {n: f for n, f in schema.query_type.fields.items() if n not in plugin_fields}
    return query, dict(schema.mutation_type.fields)


def test_every_graphql_field_has_a_python_counterpart(live: tuple[Platform, GraphQLSchema, set[str]]) -> None:
    platform, schema, plugin_fields = live
    query, mutation = core_fields(schema, plugin_fields)
    assert len(query) >= 18 and len(mutation) >= 18
    assert uncovered(query, QUERIES, platform) == []
    assert uncovered(mutation, MUTATIONS, platform) == []


def test_every_counterpart_is_documented(live: tuple[Platform, GraphQLSchema, set[str]]) -> None:
    platform = live[0]
    for counterpart in (*QUERIES.values(), *MUTATIONS.values()):
        found = member(platform, counterpart.path)
        if callable(found):
            assert inspect.getdoc(found), f"{counterpart.path} has no docstring"


def test_the_plugins_fields_are_plan_data(live: tuple[Platform, GraphQLSchema, set[str]]) -> None:
    """The fields a plugin adds are its own view of plan cells: no argument to map."""
    _platform, schema, plugin_fields = live
    assert schema.query_type is not None
    assert plugin_fields and plugin_fields <= set(schema.query_type.fields)
    assert all(not schema.query_type.fields[name].args for name in plugin_fields)
    assert not plugin_fields & set(QUERIES)


def nested_fields(schema: GraphQLSchema, table: Mapping[str, Counterpart]) -> dict[str, GraphQLField]:
    """The fields of a live schema that a table of nested fields names ("Type.field"), those
    that exist."""
    found = {}
    for key in table:
        type_name, field_name = key.split(".")
        graphql_type = schema.get_type(type_name)
        fields = getattr(graphql_type, "fields", {})
        if field_name in fields:
            found[key] = fields[field_name]
    return found


def test_nested_live_fields_have_counterparts(live: tuple[Platform, GraphQLSchema, set[str]]) -> None:
    platform, schema, _ = live
    nested = nested_fields(schema, NESTED)
    assert sum(bool(f.args) for f in nested.values()) >= 4  # status, timeline, indicatorStates …
    assert uncovered(nested, NESTED, platform) == []
    for counterpart in NESTED.values():
        assert callable(member(platform, counterpart.path)), counterpart.path


def test_arguments_stand_for_an_input_objects_fields_not_a_lists(
    live: tuple[Platform, GraphQLSchema, set[str]],
) -> None:
    _platform, schema, _ = live
    assert schema.mutation_type is not None
    mutation = schema.mutation_type.fields
    assert isinstance(mutation["reportObservations"].args["input"].type.of_type, GraphQLList)
    assert list(arguments(mutation["reportObservations"])) == ["input"]
    assert {"title", "department", "due_date", "task_target"} <= set(arguments(mutation["raiseProblem"]))
    assert "input" not in set(arguments(mutation["raiseProblem"]))


def test_a_new_field_or_argument_without_a_counterpart_fails(
    live: tuple[Platform, GraphQLSchema, set[str]],
) -> None:
    """The checker can fail: an extra field, an extra argument, a stale entry, a wrong path."""
    platform, schema, plugin_fields = live
    query, _mutation = core_fields(schema, plugin_fields)
    extra = dict(query, brandNew=query["timeliness"])
    assert uncovered(extra, QUERIES, platform) == ["brandNew: no Python counterpart"]
    timeliness = query["timeliness"]
    more = GraphQLField(timeliness.type, {**timeliness.args, "fooBar": timeliness.args["period"]})
    widened = dict(query, timeliness=more)
    assert uncovered(widened, QUERIES, platform) == [
        "timeliness(foo_bar): timeliness has no parameter 'foo_bar'"
    ]
    shrunk = {n: f for n, f in query.items() if n != "surveys"}
    assert uncovered(shrunk, QUERIES, platform) == ["surveys: mapped but not in the schema"]
    wrong = dict(QUERIES, surveys=Counterpart("survey_list"))
    assert uncovered(query, wrong, platform) == ["surveys: Platform has no survey_list"]
    unmapped = dict(NESTED, **{"Indicator.timeline": Counterpart("timeline")})
    assert uncovered(nested_fields(schema, unmapped), unmapped, platform) == [
        "Indicator.timeline(under): timeline has no parameter 'under'"
    ]
    gone = dict(NESTED, **{"Indicator.forecast": Counterpart("timeline")})
    assert uncovered(nested_fields(schema, gone), gone, platform) == [
        "Indicator.forecast: mapped but not in the schema"
    ]
