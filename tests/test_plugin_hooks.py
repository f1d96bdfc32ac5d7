"""Every hook of qyx_platform/plugin/spec.py has a section in docs/plugin_hooks.md and a test of
its own here (``test_hook_<name>``), as datasette checks its hooks. Each hook test registers a
small plugin that implements that hook (the installed plugins are left out) and checks what
the hook changes, and how a wrong answer is refused naming the plugin."""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import strawberry

from qyx_platform import (
    Department,
    Domain,
    Indicator,
    IndicatorRule,
    Info,
    Jurisdiction,
    Level,
    PlanDocument,
    PluginError,
    Project,
    Proposal,
    QueryField,
    Rule,
    RuleContext,
    Task,
    hookimpl,
    load_catalogue,
    load_domain_file,
)
from qyx_platform.graphql.schema import build_schema, print_sdl
from qyx_platform.plan.catalogue import Catalogue
from qyx_platform.plugin import spec

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs" / "plugin_hooks.md"
YOUYOU = load_domain_file(ROOT / "plugins" / "youyou" / "plan.toml")
HOOKS = sorted(n for n, f in inspect.getmembers(spec, inspect.isfunction) if n.startswith("qyx_"))


def catalogue(*plugins: tuple[str, object]) -> Catalogue:
    """The catalogue of the built-in plugin and ``plugins`` (no installed plugin)."""
    return load_catalogue(list(plugins), plugin_filter="none")[1]


class YouyouDomain:
    """Only the domain of 幼有善育."""

    @hookimpl
    def qyx_domain(self) -> Domain:
        return YOUYOU.domain


# -- the docs and the tests cover every hook --------------------------------------------------


def documented_hooks(text: str) -> list[str]:
    """The hooks with a ``## <hook>`` section in the author guide."""
    return re.findall(r"^## (qyx_\w+)\s*$", text, flags=re.MULTILINE)


def hooks_with_tests(sources: Sequence[str]) -> set[str]:
    """The hooks with a test function ``test_hook_<hook>`` in one of ``sources``."""
    names = {
        node.name
        for source in sources
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef)
    }
    return {n.removeprefix("test_hook_") for n in names if n.startswith("test_hook_qyx_")}


def test_there_are_hooks() -> None:
    assert len(HOOKS) >= 9 and "qyx_indicators" in HOOKS


def test_every_hook_is_documented_in_the_author_guide() -> None:
    documented = documented_hooks(DOCS.read_text(encoding="utf-8"))
    assert sorted(documented) == HOOKS, "docs/plugin_hooks.md needs one '## <hook>' section per hook"
    assert len(documented) == len(set(documented))


def test_every_hook_has_a_test_of_its_own() -> None:
    sources = [p.read_text(encoding="utf-8") for p in sorted(Path(__file__).parent.glob("test_*.py"))]
    missing = sorted(set(HOOKS) - hooks_with_tests(sources))
    assert not missing, f"hooks without a test_hook_<name>: {missing}"


def test_every_hook_has_a_docstring_with_its_return() -> None:
    for name in HOOKS:
        doc = inspect.getdoc(getattr(spec, name)) or ""
        assert len(doc) > 40 and ":return:" in doc, f"{name} needs a docstring with :return:"


def test_the_coverage_checks_can_fail() -> None:
    assert documented_hooks("## qyx_domain\n\ntext\n## Writing a plugin\n") == ["qyx_domain"]
    assert hooks_with_tests(["def test_hook_qyx_domain():\n    pass\n"]) == {"qyx_domain"}
    assert hooks_with_tests(["def test_domain():\n    'qyx_indicators'\n"]) == set()


# -- one test per hook --------------------------------------------------------------------------


def test_hook_qyx_plan_document() -> None:
    other = PlanDocument(
        title="景宁畲族自治县公共服务“七优享”工程实施方案",
        document_number="景政办发〔2023〕1号",
        issued=date(2023, 5, 1),
        issuer="景宁畲族自治县人民政府办公室",
        start_year=2023,
        end_year=2027,
        home_jurisdiction="331127",
    )

    class Jingning:
        @hookimpl
        def qyx_plan_document(self) -> PlanDocument:
            return other

    assert catalogue().plan.document.document_number == "庆政办发〔2023〕19号"
    assert catalogue(("jingning", Jingning())).plan.document == other  # registered last, wins

    class Wrong:
        @hookimpl
        def qyx_plan_document(self) -> str:
            return "庆政办发〔2023〕19号"

    with pytest.raises(PluginError, match=r"qyx_plan_document.*str.*PlanDocument"):
        catalogue(("wrong", Wrong()))


def test_hook_qyx_jurisdictions() -> None:
    gulou = Jurisdiction("350102", "鼓楼区", Level.COUNTY, "350100", 690_000)

    class Counties:
        @hookimpl
        def qyx_jurisdictions(self) -> list[Jurisdiction]:
            return [gulou]

    assert catalogue().plan.jurisdiction("350102") is None
    plan = catalogue(("counties", Counties())).plan
    assert plan.jurisdiction("350102") == gulou
    assert plan.jurisdiction("331126") is not None  # the built-in ones stay

    class Renamed:
        @hookimpl
        def qyx_jurisdictions(self) -> list[Jurisdiction]:
            return [replace(gulou, name="鼓楼")]

    with pytest.raises(PluginError, match=r"350102.*'counties'.*'renamed'"):
        catalogue(("counties", Counties()), ("renamed", Renamed()))


def test_hook_qyx_domain() -> None:
    plan = catalogue(("youyou", YouyouDomain())).plan
    assert [d.code for d in plan.domains] == ["youyou"]
    assert plan.indicators == ()
    with pytest.raises(PluginError, match=r"duplicate domain code 'youyou'.*'youyou'.*'again'"):
        catalogue(("youyou", YouyouDomain()), ("again", YouyouDomain()))


def test_hook_qyx_indicators() -> None:
    class Indicators:
        @hookimpl
        def qyx_indicators(self) -> Sequence[Indicator]:
            return YOUYOU.indicators

    plan = catalogue(("youyou", YouyouDomain()), ("indicators", Indicators())).plan
    assert [i.code for i in plan.indicators] == [i.code for i in YOUYOU.indicators]
    assert plan.indicator("youyou.childcare_places_per_1000").target(2027) is not None
    with pytest.raises(PluginError, match=r"'indicators'.*belongs to domain 'youyou', which no plugin"):
        catalogue(("indicators", Indicators()))


def test_hook_qyx_tasks() -> None:
    class Tasks:
        @hookimpl
        def qyx_tasks(self) -> Sequence[Task]:
            return YOUYOU.tasks

    assert YOUYOU.tasks
    plan = catalogue(("youyou", YouyouDomain()), ("tasks", Tasks())).plan
    assert [t.code for t in plan.tasks] == [t.code for t in YOUYOU.tasks]
    with pytest.raises(PluginError, match=r"'tasks'.*unknown domain"):
        catalogue(("tasks", Tasks()))


def test_hook_qyx_projects() -> None:
    class Projects:
        @hookimpl
        def qyx_projects(self) -> Sequence[Project]:
            return YOUYOU.projects

    assert YOUYOU.projects
    plan = catalogue(("youyou", YouyouDomain()), ("projects", Projects())).plan
    assert [p.code for p in plan.projects] == [p.code for p in YOUYOU.projects]
    with pytest.raises(PluginError, match=r"duplicate project"):
        catalogue(("youyou", YouyouDomain()), ("projects", Projects()), ("again", Projects()))


def test_hook_qyx_rules() -> None:
    def _no_thirteen(p: Proposal, _: RuleContext) -> str | None:
        return "13 is unlucky" if p.value == 13 else None

    rule = IndicatorRule("demo.no_thirteen", "never 13", frozenset({"youyou.x"}), _no_thirteen)

    class Rules:
        @hookimpl
        def qyx_rules(self) -> Sequence[Rule]:
            return [rule]

    rules = catalogue(("rules", Rules())).rules
    assert rule in rules and {r.code for r in catalogue().rules} < {r.code for r in rules}

    class NotARule:
        @hookimpl
        def qyx_rules(self) -> list[object]:
            return [Decimal(13)]

    with pytest.raises(PluginError, match=r"'not_a_rule'.*lacks code, description, applies_to or check"):
        catalogue(("not_a_rule", NotARule()))


@strawberry.type(description="A demo type.")
class DemoThing:
    """A type a plugin adds."""

    name: str


def test_hook_qyx_graphql_types() -> None:
    class Types:
        @hookimpl
        def qyx_graphql_types(self) -> Sequence[type]:
            return [DemoThing]

    found = catalogue(("types", Types()))
    assert ("types", DemoThing) in found.graphql_types
    assert "type DemoThing" in print_sdl(build_schema(found))

    class NotAType:
        @hookimpl
        def qyx_graphql_types(self) -> Sequence[object]:
            return ["DemoThing"]

    with pytest.raises(PluginError, match=r"'not_a_type'.*str, expected type"):
        catalogue(("not_a_type", NotAType()))


def test_hook_qyx_graphql_fields() -> None:
    def demo_things(info: Info) -> list[DemoThing]:
        """Things named after the plan."""
        return [DemoThing(name=info.context.plan.document.document_number)]

    class Fields:
        @hookimpl
        def qyx_graphql_types(self) -> Sequence[type]:
            return [DemoThing]

        @hookimpl
        def qyx_graphql_fields(self) -> Sequence[QueryField]:
            return [QueryField("demoThings", demo_things, "things of the demo plugin")]

    found = catalogue(("fields", Fields()))
    sdl = print_sdl(build_schema(found))
    assert '"""things of the demo plugin"""\n  demoThings: [DemoThing!]!' in sdl

    class Taken:
        @hookimpl
        def qyx_graphql_fields(self) -> Sequence[QueryField]:
            return [QueryField("plan", demo_things)]

    with pytest.raises(PluginError, match=r"'taken'.*'plan' is already defined"):
        build_schema(catalogue(("taken", Taken())))


def test_a_domain_plugin_implements_every_hook_but_the_plan_document_and_jurisdictions() -> None:
    """So the hook tests above cannot lean on DomainPlugin: each registers only its hook."""
    from qyx_platform import DomainPlugin

    implemented = {n for n in HOOKS if hasattr(DomainPlugin, n)}
    assert implemented == set(HOOKS) - {"qyx_plan_document", "qyx_jurisdictions"}
    assert Department("县演示局").english_name == ""  # the model type plugins build domains from
