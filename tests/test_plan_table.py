"""The plugins' plan data checked cell by cell against the independent transcription in
``seed_facts.py`` (typed separately from the plugin data, never generated from it)."""

from __future__ import annotations

from decimal import Decimal

import pytest
import seed_facts as seed

from qyx_platform import Comparator, Plan, load_plan


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(plugin_filter="all")


def test_plan_document(plan: Plan) -> None:
    doc = plan.document
    assert doc.title == seed.PLAN["title"]
    assert doc.document_number == seed.PLAN["document_number"]
    assert doc.issued.isoformat() == seed.PLAN["issued"]
    assert doc.issuer == seed.PLAN["issuer"]
    assert [(p.title, p.document_number) for p in doc.parents] == seed.PLAN["parents"]
    assert (doc.start_year, doc.end_year) == (2023, 2027)


def test_seven_domains_in_plan_order(plan: Plan) -> None:
    got = [(d.code, d.name, d.brand, d.lead_department.name) for d in plan.domains]
    assert got == seed.DOMAINS


def test_twenty_six_indicators(plan: Plan) -> None:
    assert sorted(i.plan_number for i in plan.indicators) == list(range(1, 27))
    assert sorted(seed.INDICATORS) == list(range(1, 27))


@pytest.mark.parametrize("number", range(1, 27))
def test_indicator_row(plan: Plan, number: int) -> None:
    domain, name, unit, core, cells = seed.INDICATORS[number]
    ind = plan.indicator(str(number))
    assert (ind.domain, ind.name, ind.unit, ind.core) == (domain, name, unit, core)
    if isinstance(cells, dict):
        assert [s.key for s in ind.series] == list(cells)
        for series, row in cells.items():
            for year, printed in zip(seed.YEARS, row, strict=True):
                cell = ind.target(year, series)
                assert cell is not None
                assert cell.text == f"{series}{printed}"
                assert cell.value == Decimal(printed)
                assert str(cell.value) == printed
    else:
        assert ind.series == ()
        for year, printed in zip(seed.YEARS, cells, strict=True):
            cell = ind.target(year)
            assert cell is not None, (number, year)
            assert cell.text == printed, (number, year)


def test_hard_cells(plan: Plan) -> None:
    """The cells the issue singles out, parsed as they must be."""
    assert plan.indicator("9").target(2025).comparator is Comparator.BELOW  # type: ignore[union-attr]
    assert plan.indicator("16").target(2024).comparator is Comparator.ABOVE  # type: ignore[union-attr]
    c21 = plan.indicator("21").target(2027)
    assert c21 is not None and (c21.comparator, c21.value, c21.text) == (
        Comparator.AT_LEAST,
        Decimal(500),
        "≥500",
    )
    c19 = plan.indicator("19").target(2027)
    assert c19 is not None and (c19.comparator, c19.value) == (Comparator.FULL_COVERAGE, None)
    for n in (14, 15, 20):
        base = plan.indicator(str(n)).baseline()
        assert base is not None and base.comparator is Comparator.NONE and base.value is None
    assert plan.indicator("15").target(2027).comparator is Comparator.AT_MOST  # type: ignore[union-attr]
    assert str(plan.indicator("1").target(2022).value) == "3.20"  # type: ignore[union-attr]
    assert str(plan.indicator("22").target(2023).value) == "85.0"  # type: ignore[union-attr]


def test_lower_is_better_where_the_plan_says_so(plan: Plan) -> None:
    lower = {i.plan_number for i in plan.indicators if i.polarity.value == "lower"}
    assert {9, 15} <= lower


def test_every_indicator_records_its_reasons(plan: Plan) -> None:
    for ind in plan.indicators:
        for topic in ("polarity", "accumulation", "rollup"):
            assert ind.reason(topic), f"{ind.code}: no {topic}_reason"


def test_tasks(plan: Plan) -> None:
    for domain, tasks in seed.TASKS.items():
        got = [(t.number, t.title) for t in plan.domain_tasks(domain)]
        assert got == tasks, domain


def test_every_prose_phrase_present_once(plan: Plan) -> None:
    """Each dated target of section 二 is in its task, with its year, exactly once."""
    texts_by_task = {
        (t.domain, t.number): [(tt.year, tt.text, tt.recurring) for tt in t.targets] for t in plan.tasks
    }
    for domain, number, year, phrase in seed.PROSE_PHRASES:
        found = {
            (y, text, recurring) for y, text, recurring in texts_by_task[(domain, number)] if phrase in text
        }
        assert len({text for _, text, _ in found}) == 1, (domain, number, phrase, found)
        ((y, _, recurring),) = {(y, "", r) for y, _, r in found}
        if year is None:
            assert recurring and y == 2027, phrase
        else:
            assert y == year, phrase


def test_no_task_target_without_a_seed_phrase(plan: Plan) -> None:
    """Every target of the plugins restates a phrase the transcription has too."""
    phrases = [p for _, _, _, p in seed.PROSE_PHRASES]
    for task in plan.tasks:
        for target in task.targets:
            assert any(p in target.text for p in phrases), (task.code, target.text)


def test_compound_phrases_are_split(plan: Plan) -> None:
    laoyou = {t.number: t for t in plan.domain_tasks("laoyou")}
    meals = [t for t in laoyou[2].targets if "助餐" in t.text]
    assert sorted((t.value, t.unit) for t in meals) == [(Decimal("13.8"), "万"), (Decimal(85), "%")]


def test_milestones_have_no_number(plan: Plan) -> None:
    milestones = [tt for t in plan.tasks for tt in t.targets if tt.comparator is Comparator.MILESTONE]
    assert any("国家学前教育普及普惠县" in m.text for m in milestones)
    assert any("体育中心项目全面投入使用" in m.text for m in milestones)
    assert all(m.value is None and m.unit is None for m in milestones)


def test_task_target_values_appear_in_their_phrase(plan: Plan) -> None:
    table = str.maketrans("０１２３４５６７８９", "0123456789")
    for task in plan.tasks:
        for tt in task.targets:
            if tt.value is not None:
                assert str(tt.value) in tt.text.translate(table).replace(" ", ""), (task.code, tt)


def test_named_projects(plan: Plan) -> None:
    got = {(p.domain, p.name) for p in plan.projects}
    assert set(seed.PROJECTS) <= got
    for project in plan.projects:
        assert project.task in {t.number for t in plan.domain_tasks(project.domain)}
