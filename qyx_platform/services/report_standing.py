"""Report sections on standing: the domains' and departments' scores and ranks (the
年度目标责任制考核 table among them), rank changes, and the key-task targets of the year."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from qyx_platform.evaluation import GroupScore, State
from qyx_platform.model.reports import Cell, ReportSection, ReportTable
from qyx_platform.services.report_data import (
    ReportData,
)
from qyx_platform.services.scoreboard import Scoreboard, build_scoreboard


def _scoreboard(data: ReportData, year: int) -> Scoreboard:
    return build_scoreboard(data.plan, data.readings, year, data.jurisdiction)


def _score_columns(data: ReportData, first: str) -> tuple[str, ...]:
    return (
        data.t("排名", "Rank"),
        first,
        data.t("得分", "Score"),
        data.t("核心指标得分", "Core score"),
        *(data.state_name(s) for s in State),
    )


def _score_row(rank_name: Cell, group: GroupScore, name: str) -> tuple[Cell, ...]:
    c = group.overall.counts
    return (
        rank_name,
        name,
        group.overall.value,
        group.core.value,
        c.achieved,
        c.on_track,
        c.at_risk,
        c.behind,
        c.no_data,
    )


def _domain_table(data: ReportData, board: Scoreboard, key: str) -> ReportTable:
    return ReportTable(
        key,
        data.t("分领域", "By domain"),
        _score_columns(data, data.t("领域", "Domain")),
        tuple(_score_row(g.rank, g, data.domain_name(g.key)) for g in board.domains),
    )


def _department_table(data: ReportData, board: Scoreboard, key: str) -> ReportTable:
    return ReportTable(
        key,
        data.t("分部门（牵头单位）", "By lead department"),
        _score_columns(data, data.t("部门", "Department")),
        tuple(_score_row(g.rank, g, data.department_name(g.key)) for g in board.departments),
    )


def standing_section(data: ReportData) -> ReportSection:
    """领域与部门晾晒: the domains' and departments' scores and ranks in the year."""
    board = _scoreboard(data, data.year)
    text = data.t(
        "得分：达标 100、进度正常 75、有风险 40、滞后 0 分的平均值，无数据不计；核心指标（*）单独计分。",
        "Score: the mean of 100 per achieved, 75 per on-track, 40 per at-risk and 0 per behind "
        "series, without the no-data ones; core indicators (*) are scored apart.",
    )
    return ReportSection(
        "standing",
        data.t("领域与部门晾晒", "Standing of domains and departments"),
        text,
        tables=(
            _domain_table(data, board, "standing.domains"),
            _department_table(data, board, "standing.departments"),
        ),
    )


def by_domain_section(data: ReportData) -> ReportSection:
    """分领域: the year's scores and states by domain."""
    board = _scoreboard(data, data.year)
    return ReportSection(
        "by_domain",
        data.t("分领域完成情况", "By domain"),
        data.t(f"{data.year} 年各领域指标得分与状态。", f"Scores and states by domain in {data.year}."),
        tables=(_domain_table(data, board, "by_domain.scores"),),
    )


def by_department_section(data: ReportData) -> ReportSection:
    """分部门 (年度目标责任制考核): the year's scores and states by lead department."""
    board = _scoreboard(data, data.year)
    return ReportSection(
        "by_department",
        data.t("分部门完成情况（年度目标责任制考核）", "By department (annual responsibility assessment)"),
        data.t(
            f"{data.year} 年各牵头单位所牵头指标的得分与状态，供年度目标责任制考核使用。",
            f"Scores and states of the indicators each lead department leads in {data.year}, "
            "for the annual target-responsibility assessment.",
        ),
        tables=(_department_table(data, board, "by_department.scores"),),
    )


def rank_changes_section(data: ReportData) -> ReportSection | None:
    """排名变化: each domain's and department's rank this year against last year."""
    if data.year <= 2022:
        return None
    now, before = _scoreboard(data, data.year), _scoreboard(data, data.year - 1)

    def rows(
        current: Iterable[GroupScore], previous: Iterable[GroupScore], name: Callable[[str], str]
    ) -> tuple[tuple[Cell, ...], ...]:
        old = {g.key: g.rank for g in previous}
        out = []
        for g in current:
            was = old.get(g.key)
            change = None if g.rank is None or was is None else was - g.rank
            out.append((name(g.key), was, g.rank, change))
        return tuple(out)

    columns = (
        data.t("名称", "Name"),
        data.t(f"{data.year - 1}年排名", f"Rank {data.year - 1}"),
        data.t(f"{data.year}年排名", f"Rank {data.year}"),
        data.t("上升位次", "Places gained"),
    )
    return ReportSection(
        "rank_changes",
        data.t("排名变化", "Rank changes"),
        data.t("上升位次为正表示名次提前。", "A positive number of places gained means a better rank."),
        tables=(
            ReportTable(
                "rank_changes.domains",
                data.t("领域排名", "Domains"),
                columns,
                rows(now.domains, before.domains, data.domain_name),
            ),
            ReportTable(
                "rank_changes.departments",
                data.t("部门排名", "Departments"),
                columns,
                rows(now.departments, before.departments, data.department_name),
            ),
        ),
    )


def task_targets_section(data: ReportData) -> ReportSection:
    """年度任务目标: the key tasks' dated targets due in the report's year."""
    rows: list[tuple[Cell, ...]] = []
    for task in data.plan.tasks:
        for target in task.targets:
            if target.year != data.year and not (target.recurring and target.year >= data.year):
                continue
            rows.append(
                (
                    data.domain_name(task.domain),
                    task.number,
                    data.t(task.title, task.english_title or task.title),
                    data.t(target.subject, target.english_subject or target.subject),
                    target.value,
                    target.unit or None,
                    data.t("每年", "yearly") if target.recurring else target.year,
                )
            )
    text = data.t(
        f"{data.year} 年到期的重点任务目标 {len(rows)} 项（原文见实施方案）。",
        f"{len(rows)} key-task targets fall due in {data.year} (the plan's wording is kept in the plan).",
    )
    table = ReportTable(
        "task_targets.due",
        data.t(f"{data.year}年到期的任务目标", f"Task targets due in {data.year}"),
        (
            data.t("领域", "Domain"),
            data.t("任务", "Task"),
            data.t("任务名称", "Task title"),
            data.t("目标事项", "Target"),
            data.t("目标值", "Value"),
            data.t("单位", "Unit"),
            data.t("年份", "Year"),
        ),
        tuple(rows),
    )
    return ReportSection("task_targets", data.t("重点任务目标", "Key-task targets"), text, tables=(table,))
