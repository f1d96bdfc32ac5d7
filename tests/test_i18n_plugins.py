"""Plugins speak the user's language from catalogues of their own (``catalogue_for``): the
seven domains' rule messages, rule descriptions and plan.toml notes, a third-party plugin's
messages, and the errors a plugin author sees at start-up."""

from __future__ import annotations

import importlib
import importlib.util
import shutil
import sys
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from conftest import GraphQLClient

from qyx_platform import (
    LOCAL_OPERATOR,
    MessageCatalogue,
    ObservationInput,
    PlanDataError,
    Platform,
    PluginError,
    Role,
    catalogue_for,
    load_catalogue,
    load_domain_file,
)
from qyx_platform.errors import ValidationError
from qyx_platform.i18n import LANGUAGES, LazyString, use_language
from qyx_platform.plugin.manager import make_plugin_manager

ROOT = Path(__file__).resolve().parent.parent
DOMAINS = ("youyou", "xueyou", "laoyoudeyou", "bingyou", "laoyou", "zhuyou", "ruoyou")


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("qyx_i18n_tool", ROOT / "tools" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _compile(locale: Path, domain: str, language: str, messages: dict[str, str]) -> None:
    catalog = Catalog(locale=language, domain=domain)
    for msgid, msgstr in messages.items():
        catalog.add(msgid, msgstr)
    target = locale / language / "LC_MESSAGES" / f"{domain}.mo"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as fh:
        write_mo(fh, catalog)


# -- the helper --------------------------------------------------------------------------------


def test_a_plugin_catalogue_follows_the_current_language(tmp_path: Path) -> None:
    _compile(tmp_path, "demo", "zh_CN", {"{count} widget(s) missing": "缺少 {count} 个部件"})
    catalogue = MessageCatalogue("demo", tmp_path)
    _, lazy = catalogue.gettext, catalogue.lazy_gettext
    label = lazy("{count} widget(s) missing", count=3)
    with use_language("zh_CN"):
        assert _("{count} widget(s) missing", count=2) == "缺少 2 个部件"
        assert str(label) == "缺少 3 个部件" and f"> {label}" == "> 缺少 3 个部件"
        assert _("not in the catalogue") == "not in the catalogue"  # falls back to the msgid
    with use_language("en"):  # no English .mo: the msgid is the English text
        assert _("{count} widget(s) missing", count=2) == "2 widget(s) missing"
        assert str(label) == "3 widget(s) missing"
    assert catalogue.N_("kept as it is") == "kept as it is"
    missing = MessageCatalogue("demo", tmp_path / "nowhere")
    with use_language("zh_CN"):
        assert missing.gettext("{n} left", n=1) == "1 left"
    # the core's catalogue is not consulted: a core msgid stays English in a plugin's
    with use_language("zh_CN"):
        assert catalogue.gettext("… and {count} more", count=4) == "… and 4 more"


def test_lazy_strings_of_two_catalogues_differ(tmp_path: Path) -> None:
    a, b = MessageCatalogue("a", tmp_path), MessageCatalogue("b", tmp_path)
    assert a.lazy_gettext("same text") != b.lazy_gettext("same text")
    assert a.lazy_gettext("same text") == MessageCatalogue("a", tmp_path).lazy_gettext("same text")
    assert isinstance(a.lazy_gettext("x"), LazyString)


def test_a_plugin_catalogue_is_named_after_its_package() -> None:
    """``catalogue_for(__package__)`` (or ``__name__`` of any module of the package): the
    package's last name is the domain, its folder's locale/ holds the files."""
    locale = ROOT / "plugins" / "bingyou" / "locale"
    for name in ("qyx_plugins.bingyou", "qyx_plugins.bingyou.rules"):
        catalogue = catalogue_for(name)
        assert (catalogue.domain, catalogue.localedir) == ("bingyou", locale)
    with pytest.raises(PluginError, match="string"):
        catalogue_for("string")  # a single module: no package folder to hold locale/


def test_every_installed_plugin_catalogue_is_its_package_with_both_languages() -> None:
    """A catalogue named differently from its package would fall back to English without a
    word: each installed plugin's catalogue domain is its package's name, its .mo files exist."""
    found = {}
    for entry in entry_points(group="qyx_platform"):
        package = importlib.import_module(entry.module).__package__ or ""  # qyx_plugins.bingyou
        catalogue = entry.load().catalogue
        assert catalogue is not None, entry.name
        assert catalogue.domain == package.rpartition(".")[2], entry
        assert catalogue.localedir == ROOT / "plugins" / catalogue.domain / "locale"
        for language in LANGUAGES:
            mo = catalogue.localedir / language / "LC_MESSAGES" / f"{catalogue.domain}.mo"
            assert mo.is_file(), mo
        found[entry.name] = catalogue.domain
    assert found == {domain: domain for domain in DOMAINS}


# -- the seven domains ---------------------------------------------------------------------------

#: a 低保 standard of 1000 元 is the monthly one (ruoyou); 职工 below 城乡居民 means the series are
#: swapped (bingyou); 12.5 school places is not whole (a core rule with xueyou's plan.toml note)
ROWS = [
    ObservationInput("ruoyou.minimum_living_allowance_standard", "2024", "1000"),
    ObservationInput("bingyou.inpatient_reimbursement_rate", "2024", "60", series="职工"),
    ObservationInput("bingyou.inpatient_reimbursement_rate", "2024", "70", series="城乡居民"),
    ObservationInput("xueyou.new_public_school_places", "2024", "12.5"),
]
CHINESE = (
    "最低生活保障年人均标准 1000 元低于每年 3000 元：看起来是月标准（元/月）",
    "住院报销比例：331126 2024 的职工医保 60% 低于城乡居民医保 70%",
    "新增公办中小学学位数按个计数，应为整数：12.5 不是整数；请报送新增学位的个数（个）",
)
ENGLISH = (
    "最低生活保障年人均标准 of 1000 元 is below 3000 元 a year: it looks like the monthly standard",
    "住院报销比例: the 职工 (employees') series 60 % is below the 城乡居民 (residents') series 70 %",
    "新增公办中小学学位数 counts whole school places: 12.5 is not a whole number; report the number",
)


def _refusal(platform: Platform) -> str:
    with pytest.raises(ValidationError) as caught:
        platform.report(ROWS, actor=LOCAL_OPERATOR)
    return str(caught.value)


def test_domain_rule_messages_are_chinese_by_default_and_english_on_request(
    sqlite_platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("QYX_LANG")
    chinese = _refusal(sqlite_platform)
    with use_language("en"):
        english = _refusal(sqlite_platform)
    assert all(text in chinese for text in CHINESE), chinese
    assert all(text in english for text in ENGLISH), english
    assert "looks like" not in chinese and "看起来" not in english


def test_a_rule_description_inside_a_message_is_translated(sqlite_platform: Platform) -> None:
    """ruoyou's never-falls rule quotes its description, from ruoyou's catalogue."""
    code = "ruoyou.minimum_living_allowance_standard"
    sqlite_platform.report([ObservationInput(code, "2024", "13000")], actor=LOCAL_OPERATOR)
    falling = [ObservationInput(code, "2025", "12500")]
    with use_language("zh_CN"), pytest.raises(ValidationError) as chinese:
        sqlite_platform.report(falling, actor=LOCAL_OPERATOR)
    with use_language("en"), pytest.raises(ValidationError) as english:
        sqlite_platform.report(falling, actor=LOCAL_OPERATOR)
    assert "最低生活保障年人均标准只升不降" in str(chinese.value)
    assert "is only ever raised, never lowered" in str(english.value)


REPORT = """mutation($rows: [ObservationInput!]!) { reportObservations(input: $rows) {
  __typename ... on ReportRejected { errors { index message } } } }"""


def test_graphql_answers_domain_rules_in_the_requested_language(
    sqlite_client: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("QYX_LANG")
    token = sqlite_client.token(Role.ADMIN, None)
    rows = [
        {"indicator": r.indicator, "period": r.period, "value": r.value, "series": r.series} for r in ROWS
    ]

    def messages(language: str | None) -> str:
        headers = {"Authorization": f"Bearer {token}"}
        if language:
            headers["Accept-Language"] = language
        response = sqlite_client.http.post(
            "/graphql", json={"query": REPORT, "variables": {"rows": rows}}, headers=headers
        )
        answer = response.json()["data"]["reportObservations"]
        assert answer["__typename"] == "ReportRejected", answer
        return "\n".join(e["message"] for e in answer["errors"])

    chinese, english = messages(None), messages("en-US,en;q=0.9")
    assert all(text in chinese for text in CHINESE), chinese
    assert all(text in english for text in ENGLISH), english
    assert messages("zh-CN") == chinese


def test_every_rule_description_has_both_languages() -> None:
    """Every validation and alert rule, the core's and the plugins', reads differently in
    Chinese and in English: none is left to one language."""
    _manager, catalogue = load_catalogue()
    rules = [*catalogue.rules, *catalogue.alert_rules]
    assert len(rules) > 10
    untranslated = []
    for rule in rules:
        with use_language("zh_CN"):
            chinese = str(rule.description)
        with use_language("en"):
            english = str(rule.description)
        if chinese == english:
            untranslated.append(rule.code)
    assert untranslated == []


# -- the catalogues ------------------------------------------------------------------------------


def test_every_plugin_has_a_catalogue_the_check_covers() -> None:
    tool = _tool()
    plugin_targets = {t.domain: t for t in tool.plugin_targets()}
    assert sorted(plugin_targets) == sorted(DOMAINS)
    for domain, target in plugin_targets.items():
        assert tool.extract(target), f"{domain}: no message found"
        for language in LANGUAGES:
            po = tool.po_path(language, target)
            assert po == ROOT / "plugins" / domain / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
            assert po.exists() and po.with_suffix(".mo").exists()
    notes = tool.extract(plugin_targets["xueyou"])
    assert "report the number of places added (个), not 万个, a share or an average" in notes


def test_the_check_finds_a_plugin_message_left_untranslated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy of the ruoyou plugin with one Chinese translation emptied and one placeholder
    renamed: the check names both, in ruoyou's catalogue."""
    tool = _tool()
    copy = tmp_path / "plugins" / "ruoyou"
    shutil.copytree(ROOT / "plugins" / "ruoyou", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(tool, "PLUGINS", tmp_path / "plugins")
    (target,) = tool.plugin_targets()
    assert tool.check_one(target) == []
    po = tool.po_path("zh_CN", target)
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgstr "最低生活保障年人均标准是年度金额，至少 3,000 元（不是月标准）"', 'msgstr ""')
    text = text.replace("（{value} × 12 = ", "（{amount} × 12 = ")
    po.write_text(text, encoding="utf-8")
    problems = tool.check_one(target)
    assert any(p.startswith("ruoyou zh_CN: no translation") for p in problems), problems
    assert any(p.startswith("ruoyou zh_CN: placeholders differ") for p in problems), problems


# -- a third-party plugin --------------------------------------------------------------------------

DEMO_PLAN = """
[domain]
code = "demo"
order = 8
name = "演示领域"
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
plausible_max = "100"
plausible_note = "count widgets, not screws"
targets = { 2022 = "1", 2023 = "2", 2024 = "3", 2025 = "4", 2026 = "5", 2027 = "≥6" }
"""

DEMO_MODULE = """
from pathlib import Path
from qyx_platform import DomainPlugin, IndicatorRule, catalogue_for

CATALOGUE = catalogue_for(__package__)
_, lazy_gettext = CATALOGUE.gettext, CATALOGUE.lazy_gettext

def odd(p, context):
    return _("{value} widgets: widgets come in pairs", value=p.value) if p.value % 2 else None

RULE = IndicatorRule("demo.pairs", lazy_gettext("widgets come in pairs"), frozenset({"demo.widgets"}), odd)
plugin = DomainPlugin(Path(__file__).with_name("plan.toml"), rules=[RULE], catalogue=CATALOGUE)
"""


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Path]:
    """A folder on sys.path acting as site-packages for a third-party plugin."""
    root = tmp_path / "site"
    (root / "qyx_demo").mkdir(parents=True)
    (root / "qyx_demo" / "__init__.py").write_text(DEMO_MODULE, encoding="utf-8")
    (root / "qyx_demo" / "plan.toml").write_text(DEMO_PLAN, encoding="utf-8")
    _compile(
        root / "qyx_demo" / "locale",
        "qyx_demo",
        "zh_CN",
        {
            "{value} widgets: widgets come in pairs": "{value} 个部件：部件成对出现",
            "widgets come in pairs": "部件成对出现",
            "count widgets, not screws": "请数部件，不要数螺丝",
        },
    )
    info = root / "qyx_demo-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: qyx_demo\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[qyx_platform]\nqyx_demo = qyx_demo:plugin\n", encoding="utf-8")
    sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    yield root
    sys.path.remove(str(root))
    for mod in [m for m in sys.modules if m.startswith("qyx_demo")]:
        del sys.modules[mod]
    importlib.invalidate_caches()


def test_a_third_party_plugin_brings_its_own_translations(site: Path, sqlite_url: str) -> None:
    platform = Platform(sqlite_url)
    rows = [ObservationInput("demo.widgets", "2024", "3"), ObservationInput("demo.widgets", "2025", "120")]
    found: dict[str, Any] = {}
    for language in ("zh_CN", "en"):
        with use_language(language), pytest.raises(ValidationError) as caught:
            platform.report(rows, actor=LOCAL_OPERATOR)
        found[language] = str(caught.value)
    assert "第 0 行：value：3 个部件：部件成对出现 [demo.pairs]" in found["zh_CN"]
    assert "不合常理（超过 100）：请数部件，不要数螺丝" in found["zh_CN"]
    assert "row 0: value: 3 widgets: widgets come in pairs [demo.pairs]" in found["en"]
    assert "is implausible (more than 100): count widgets, not screws" in found["en"]
    rule = next(r for r in platform.catalogue.rules if r.code == "demo.pairs")
    with use_language("zh_CN"):
        assert f"{rule.description}" == "部件成对出现"
    platform.close()


# -- start-up errors a plugin author sees ----------------------------------------------------------


class _Misspelt:
    from qyx_platform import hookimpl

    @hookimpl
    def qyx_indicatorz(self) -> list[object]:
        return []


def test_a_broken_plugin_is_named_in_the_users_language() -> None:
    found = {}
    for language in ("zh_CN", "en"):
        with use_language(language), pytest.raises(PluginError) as caught:
            make_plugin_manager([("misspelt", _Misspelt())], load_entry_points=False)
        found[language] = str(caught.value)
    assert found["zh_CN"].startswith("插件 'misspelt'：")
    assert found["zh_CN"].endswith("；钩子列表见 qyx_platform/plugin/spec.py")
    assert found["en"].startswith("plugin 'misspelt': ")
    assert found["en"].endswith("; the hooks are listed in qyx_platform/plugin/spec.py")
    assert "qyx_indicatorz" in found["zh_CN"] and "qyx_indicatorz" in found["en"]


def test_a_bad_plan_toml_is_explained_in_the_users_language(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(DEMO_PLAN.replace('polarity = "higher"\n', ""), encoding="utf-8")
    found = {}
    for language in ("zh_CN", "en"):
        with use_language(language), pytest.raises(PlanDataError) as caught:
            load_domain_file(plan)
        found[language] = str(caught.value)
    where = f"{plan} indicators[0] (demo.widgets)"
    assert found == {
        "zh_CN": f"{where}：缺少键 'polarity'",
        "en": f"{where}: missing key 'polarity'",
    }
    plan.write_text(DEMO_PLAN.replace('name = "演示指标"', "name = 3"), encoding="utf-8")
    with use_language("zh_CN"), pytest.raises(PlanDataError) as wrong_kind:
        load_domain_file(plan)
    assert str(wrong_kind.value) == f"{where}：'name' 必须是字符串"
