"""Plugins load through entry points like any third-party plugin; start-up fails fast and
names the plugin on every conflict. Hooks covered here: qyx_plan_document,
qyx_jurisdictions, qyx_domain, qyx_indicators, qyx_tasks, qyx_projects, qyx_rules,
qyx_graphql_types, qyx_graphql_fields."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Generator, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from qyx_platform import Indicator, PlanDocument, Platform, PluginError, load_catalogue, load_plan
from qyx_platform.graphql.schema import build_schema, print_sdl
from qyx_platform.plugin.manager import make_plugin_manager, selected_names

DEMO_PLAN = """
[domain]
code = "demo"
order = 8
name = "演示领域"
english_name = "Demo"
brand = "演示品牌"
lead_department = "县演示局"

[[indicators]]
code = "demo.widgets"
plan_number = 99
name = "演示指标"
unit = "个"
polarity = "higher"
accumulation = "level"
rollup = "sum"
targets = { 2022 = "1", 2023 = "2", 2024 = "3", 2025 = "4", 2026 = "5", 2027 = "≥6" }
"""

DEMO_MODULE = '''
from pathlib import Path
import strawberry
from qyx_platform import DomainPlugin
from qyx_platform.plugin.graphql import QueryField

@strawberry.type
class DemoGadget:
    """A demo type."""
    size: int

def demo_gadget(info: strawberry.Info) -> DemoGadget:
    """A demo field."""
    return DemoGadget(size=42)

plugin = DomainPlugin(Path(__file__).with_name("plan.toml"), graphql_types=[DemoGadget],
                      graphql_fields=[QueryField("{field}", demo_gadget)])
'''


def install_plugin(root: Path, name: str, module: str, plan: str, field: str = "demoGadget") -> None:
    """Lay out an installed distribution (module + dist-info with an entry point) on a path."""
    pkg = root / name
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text(module.replace("{field}", field), encoding="utf-8")
    (pkg / "plan.toml").write_text(plan, encoding="utf-8")
    info = root / f"{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[qyx_platform]\n{name} = {name}:plugin\n", encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Path]:
    """A folder on sys.path acting as site-packages for third-party plugins."""
    root = tmp_path / "site"
    root.mkdir()
    sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    yield root
    sys.path.remove(str(root))
    for mod in [m for m in sys.modules if m.startswith("qyx_demo")]:
        del sys.modules[mod]
    importlib.invalidate_caches()


def test_the_seven_domains_load_through_entry_points() -> None:
    manager, catalogue = load_catalogue()
    names = {i.name for i in manager.plugin_infos()}
    assert {"youyou", "xueyou", "laoyoudeyou", "bingyou", "laoyou", "zhuyou", "ruoyou"} <= names
    versions = {i.name: i.version for i in manager.plugin_infos()}
    assert versions["youyou"]
    assert len(catalogue.plan.domains) == 7 and len(catalogue.plan.indicators) == 26


def test_a_third_party_plugin_reaches_the_schema(site: Path, sqlite_url: str) -> None:
    install_plugin(site, "qyx_demo", DEMO_MODULE, DEMO_PLAN)
    platform = Platform(sqlite_url)
    assert platform.plan.domain("demo") is not None
    assert platform.plan.indicator("demo.widgets").target(2027).text == "≥6"  # type: ignore[union-attr]
    sdl = print_sdl(build_schema(platform.catalogue))
    assert "type DemoGadget" in sdl and "demoGadget: DemoGadget!" in sdl
    from conftest import GraphQLClient

    data = GraphQLClient(platform).data(
        '{ domain(code: "demo") { name indicators { code targets { text } } } demoGadget { size } }',
    )
    assert data["domain"]["indicators"][0]["code"] == "demo.widgets"
    assert data["demoGadget"] == {"size": 42}


def test_qyx_plugins_selects_what_loads(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_plugin(site, "qyx_demo", DEMO_MODULE, DEMO_PLAN)
    monkeypatch.setenv("QYX_PLUGINS", "youyou,qyx_demo")
    _, catalogue = load_catalogue()
    assert [d.code for d in catalogue.plan.domains] == ["youyou", "demo"]
    monkeypatch.setenv("QYX_PLUGINS", "nosuch")
    with pytest.raises(PluginError, match="nosuch"):
        load_catalogue()
    assert selected_names("none", ["a"]) == []
    assert selected_names(None, ["b", "a"]) == ["a", "b"]


def test_duplicate_domain_code_names_both_plugins(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_plugin(
        site,
        "qyx_demo",
        DEMO_MODULE,
        DEMO_PLAN.replace('code = "demo"', 'code = "youyou"').replace("demo.widgets", "youyou.widgets"),
    )
    with pytest.raises(PluginError, match=r"duplicate domain code 'youyou'") as info:
        load_catalogue()
    assert "plugin 'qyx_demo'" in str(info.value) and "plugin 'youyou'" in str(info.value)


def test_duplicate_plan_number_is_refused(site: Path) -> None:
    install_plugin(site, "qyx_demo", DEMO_MODULE, DEMO_PLAN.replace("plan_number = 99", "plan_number = 9"))
    with pytest.raises(PluginError, match=r"plan number 9.*qyx_demo"):
        load_catalogue()


def test_plan_data_that_does_not_parse_names_the_plugin(site: Path) -> None:
    install_plugin(site, "qyx_demo", DEMO_MODULE, DEMO_PLAN.replace('2027 = "≥6"', '2027 = "lots"'))
    with pytest.raises(PluginError, match=r"qyx_demo.*2027 cell.*lots"):
        load_catalogue()


def test_graphql_field_collision_names_the_plugin(site: Path) -> None:
    install_plugin(site, "qyx_demo", DEMO_MODULE, DEMO_PLAN, field="domains")
    _, catalogue = load_catalogue()
    with pytest.raises(PluginError, match=r"qyx_demo.*'domains'"):
        build_schema(catalogue)


def test_graphql_type_collision_names_the_plugin(site: Path) -> None:
    install_plugin(
        site,
        "qyx_demo",
        DEMO_MODULE.replace("class DemoGadget", "class Indicator").replace("DemoGadget", "Indicator"),
        DEMO_PLAN,
    )
    _, catalogue = load_catalogue()
    with pytest.raises(PluginError, match=r"qyx_demo.*'Indicator'"):
        build_schema(catalogue)


class _BadArgument:
    from qyx_platform import hookimpl

    @hookimpl
    def qyx_domain(self, region: str) -> None:  # 'region' is not in the spec
        return None


class _UnknownHook:
    from qyx_platform import hookimpl

    @hookimpl
    def qyx_widgets(self) -> list[str]:
        return []


def test_a_hook_argument_the_spec_lacks_names_the_plugin() -> None:
    with pytest.raises(PluginError, match=r"bad_argument.*region"):
        make_plugin_manager([("bad_argument", _BadArgument())], load_entry_points=False)


def test_a_hook_no_spec_defines_names_the_plugin() -> None:
    with pytest.raises(PluginError, match=r"unknown_hook.*qyx_widgets"):
        make_plugin_manager([("unknown_hook", _UnknownHook())], load_entry_points=False)


class _WrapIndicators:
    """A new-style pluggy wrapper: sees every plugin's indicators and keeps the core ones."""

    from qyx_platform import hookimpl

    @hookimpl(wrapper=True)
    def qyx_indicators(self) -> Generator[None, list[list[Indicator]], list[list[Indicator]]]:
        answers = yield
        return [[i for i in answer if i.core] for answer in answers]


class _LatePlanDocument:
    """Registered last, so called first: its plan document wins (firstresult)."""

    from qyx_platform import hookimpl

    @hookimpl
    def qyx_plan_document(self) -> PlanDocument:
        return replace(load_plan().document, title="Another plan")


def test_a_wrapper_hookimpl_sees_and_shapes_the_answers() -> None:
    manager = make_plugin_manager([("wrap", _WrapIndicators())], entry_points_filter="all")
    plain = make_plugin_manager(entry_points_filter="all")
    wrapped = [i for _, i in manager.indicators()]
    assert wrapped and all(i.core for i in wrapped)
    assert len(wrapped) < len(plain.indicators())
    assert {plugin for plugin, _ in manager.indicators()} <= {name for name, _ in plain.indicators()}


def test_the_newest_plan_document_wins() -> None:
    manager = make_plugin_manager([("late", _LatePlanDocument())], entry_points_filter="none")
    document = manager.plan_document()
    assert document is not None and document.title == "Another plan"


def test_a_plugin_that_fails_to_import_is_named(site: Path) -> None:
    install_plugin(site, "qyx_demo", "raise RuntimeError('boom')\n", DEMO_PLAN)
    with pytest.raises(PluginError, match=r"qyx_demo.*failed to import.*boom"):
        load_catalogue()


def test_plugin_rules_and_types_are_collected() -> None:
    _, catalogue = load_catalogue()
    codes = {r.code for r in catalogue.rules}
    assert {
        "core.range",
        "core.cumulative_never_falls",
        "ruoyou.minimum_living_standard_never_falls",
    } <= codes
    # the other domains declare their checks in plan.toml (core rules), with none of their own
    assert {c.split(".")[0] for c in codes} == {"core", "bingyou", "ruoyou"}
    assert {"core.plausible_max", "core.whole_number", "core.within_population"} <= codes
    owners = {plugin for plugin, _ in catalogue.graphql_types}
    assert owners == {"youyou", "xueyou", "laoyoudeyou", "bingyou", "laoyou", "zhuyou", "ruoyou"}


def test_a_cell_against_the_polarity_is_refused(site: Path) -> None:
    install_plugin(site, "qyx_demo", DEMO_MODULE, DEMO_PLAN.replace('2027 = "≥6"', '2027 = "<6"'))
    with pytest.raises(PluginError, match=r"qyx_demo.*2027 cell '<6' contradicts polarity"):
        load_catalogue()
