"""Report sections on standing: the domains' and departments' scores and ranks (the
年度目标责任制考核 table among them), rank changes, and the key-task targets of the year."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from qyx_platform.evaluation import Evaluation, State
from qyx_platform.evaluation.board import Standing
from qyx_platform.evaluation.task_targets import is_expected
from qyx_platform.model import Period
from qyx_platform.model.reports import Cell, ReportSection, ReportTable
from qyx_platform.services.report_data import ReportData, counts_sentence, percent
from qyx_platform.services.scoreboard import Scoreboard, build_scoreboard
from qyx_platform.services.task_targets import TaskTargetStatus


def _scoreboard(data: ReportData, year: int) -> Scoreboard:
    return build_scoreboard(data.plan, data.readings, year, data.jurisdiction, today=data.today)


def _score_columns(data: ReportData, first: str) -> tuple[str, ...]:
    return (
        data.t("排名", "Rank"),
        first,
        data.t("综合得分", "Score"),
        data.t("指标状态", "States"),
        data.t("报送及时率(%)", "On time (%)"),
        data.t("问题销号率(%)", "Problems closed (%)"),
        data.t("节点完成率(%)", "Milestones done (%)"),
        data.t("核心指标得分", "Core score"),
        data.t("名次变化", "Rank change"),
        *(data.state_name(s) for s in State),
    )


def _score_row(group: Standing, name: str) -> tuple[Cell, ...]:
    c = group.overall.counts
    return (
        group.rank,
        name,
        group.score,
        group.states,
        percent(group.timeliness),
        percent(group.closure_rate),
        percent(group.milestones_done),
        group.core.value,
        group.rank_change,
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
        tuple(_score_row(g, data.domain_name(g.key)) for g in board.domains),
    )


def _department_table(data: ReportData, board: Scoreboard, key: str) -> ReportTable:
    return ReportTable(
        key,
        data.t("分部门（牵头单位）", "By lead department"),
        _score_columns(data, data.t("部门", "Department")),
        tuple(_score_row(g, data.department_name(g.key)) for g in board.departments),
    )


def standing_section(data: ReportData) -> ReportSection:
    """领域与部门晾晒: the domains' and departments' scores and ranks in the year."""
    board = _scoreboard(data, data.year)
    text = data.t(
        "综合得分由指标与任务目标状态、报送及时率、问题按期销号率和项目节点按期完成率合成"
        "（公式见 docs/evaluation.md）；核心指标（*）单独计分；名次变化为正表示上升。",
        "The score combines the states of indicators and task targets, reports on time, problems "
        "closed on time and milestones done on time (formula in docs/evaluation.md); core "
        "indicators (*) are scored apart; a positive rank change is a climb.",
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
    if data.year <= 2023:
        return None
    board = _scoreboard(data, data.year)

    def rows(groups: Iterable[Standing], name: Callable[[str], str]) -> tuple[tuple[Cell, ...], ...]:
        out = []
        for g in groups:
            was = None if g.rank is None or g.rank_change is None else g.rank + g.rank_change
            out.append((name(g.key), was, g.rank, g.rank_change))
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
                rows(board.domains, data.domain_name),
            ),
            ReportTable(
                "rank_changes.departments",
                data.t("部门排名", "Departments"),
                columns,
                rows(board.departments, data.department_name),
            ),
        ),
    )


def task_targets_section(data: ReportData) -> ReportSection:
    """重点任务目标: the key tasks' dated targets that can be judged in the report's year (due
    then, recurring, or on a trajectory), each with its latest value up to the period's end
    and its state."""
    latest = data.readings.latest_in_year(  # the same read as the scoreboard's at that month
        data.year,
        data.readings.descendants(data.jurisdiction),
        task_targets=True,
        until_month=data.period.end_month,
    )
    status = TaskTargetStatus(data.plan, data.readings)
    rows: list[tuple[Cell, ...]] = []
    states: list[Evaluation] = []
    for task, target in data.plan.task_targets:
        if not is_expected(data.plan, target, data.year):
            continue
        found = latest.get((target.code, data.jurisdiction, ""))
        if found is None:
            e = status.judge(task, target, Period.year_of(data.year), None)
        else:
            e = status.judge(task, target, found[0], found[1])
        states.append(e)
        rows.append(
            (
                data.domain_name(task.domain),
                task.number,
                data.t(target.subject, target.english_subject or target.subject),
                target.value,
                target.unit or None,
                data.t("每年", "yearly") if target.recurring else target.year,
                e.actual,
                data.state_name(e.state),
            )
        )
    counts = counts_sentence(data, states)
    text = data.t(
        f"{data.year} 年可评价的重点任务目标 {len(rows)} 项：{counts}。",
        f"{len(rows)} key-task targets can be judged in {data.year}: {counts}.",
    )
    table = data.table(
        "task_targets.year",
        (f"{data.year}年任务目标", f"Task targets of {data.year}"),
        (
            ("领域", "Domain"),
            ("任务", "Task"),
            ("目标事项", "Target"),
            ("目标值", "Value"),
            ("单位", "Unit"),
            ("期限", "Deadline"),
            ("实际值", "Actual"),
            ("状态", "State"),
        ),
        tuple(rows),
    )
    return ReportSection("task_targets", data.t("重点任务目标", "Key-task targets"), text, tables=(table,))
