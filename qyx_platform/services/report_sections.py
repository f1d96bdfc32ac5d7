"""The core's sections of the periodic reports, one small function each.

月调度 (monthly): summary, values and states that moved since last month, indicators needing
attention, revisions, problems. 季分析 (quarterly): summary, every indicator with its state,
checkpoint, trend and forecasts (with a chart each), task targets of the year, the domains'
and departments' standing, attention, problems. 年总结 (annual): summary, every target of the
year met or missed, by domain, by department (the 年度目标责任制考核 table), task targets,
rank changes, problems, revisions. Plugins add their own sections after these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from qyx_platform.evaluation import Evaluation, GroupScore, State, count_states
from qyx_platform.model import Indicator, Period
from qyx_platform.model.periods import Granularity
from qyx_platform.model.reports import Cell, ChartSeries, ReportChart, ReportKind, ReportSection, ReportTable
from qyx_platform.services.cache import CacheKey
from qyx_platform.services.reports import ReportData, SectionBuilder, period_dates
from qyx_platform.services.scoreboard import Scoreboard, build_scoreboard
from qyx_platform.store.tables import ObservationRow, ProblemRow

CENT = Decimal("0.01")
PROBLEM_STATUS = {
    "open": ("待整改", "open"),
    "rectifying": ("整改中", "rectifying"),
    "closed": ("已销号", "closed"),
    "reopened": ("重新打开", "reopened"),
}
TENTH = Decimal("0.1")


def rounded(value: Decimal | None, places: Decimal = CENT) -> Decimal | None:
    """``value`` with at most the places of ``places`` (digits as stored when fewer)."""
    if value is None:
        return None
    exponent, wanted = value.as_tuple().exponent, places.as_tuple().exponent
    if isinstance(exponent, int) and isinstance(wanted, int) and exponent >= wanted:
        return value
    return value.quantize(places)


def percent(ratio: Decimal | None) -> Decimal | None:
    """A 0-1 ratio as a percentage with one decimal place."""
    return None if ratio is None else (ratio * 100).quantize(TENTH)


def core_builders(kind: ReportKind) -> list[SectionBuilder]:
    """The core's section builders of a kind of report, in order."""
    revisions, problems = revisions_section, problems_section
    if kind is ReportKind.MONTHLY:
        return [summary_section, changes_section, attention_section, revisions, problems]
    if kind is ReportKind.QUARTERLY:
        return [
            summary_section,
            indicators_section,
            task_targets_section,
            standing_section,
            attention_section,
            problems,
        ]
    return [
        summary_section,
        targets_section,
        by_domain_section,
        by_department_section,
        task_targets_section,
        rank_changes_section,
        problems,
        revisions,
    ]


def evaluations(data: ReportData, *, trend: bool = False) -> list[tuple[Indicator, Evaluation]]:
    """Every indicator × series as of the report's period (memoised for the report)."""
    key: CacheKey[list[tuple[Indicator, Evaluation]]] = CacheKey(
        "report.as_of", (data.jurisdiction, str(data.period), trend)
    )
    return data.readings.memo(
        key, lambda: [(i, e) for i in data.plan.indicators for e in data.as_of(i, trend=trend)]
    )


def _counts_sentence(data: ReportData, states: Iterable[Evaluation]) -> str:
    counts = count_states(states)
    parts = [f"{data.state_name(s)} {counts.of(s)}" for s in State]
    return data.t("、".join(parts), ", ".join(parts))


def summary_section(data: ReportData) -> ReportSection:
    """概述: how many indicators are in each state as of the period's end."""
    rows = evaluations(data)
    judged = [e for _, e in rows]
    counts = count_states(judged)
    end = period_dates(data.period)[1]
    text = data.t(
        f"截至 {end.isoformat()}，{len(data.plan.indicators)} 项指标（{counts.total} 个评价项，"
        f"指标 12 分职工、城乡居民两组）的状态：{_counts_sentence(data, judged)}。",
        f"As of {end.isoformat()}, the {len(data.plan.indicators)} indicators ({counts.total} "
        f"evaluated series; indicator 12 has two, employees and residents) stand: "
        f"{_counts_sentence(data, judged)}.",
    )
    table = ReportTable(
        "summary.states",
        data.t("指标状态分布", "Indicators by state"),
        (data.t("状态", "State"), data.t("数量", "Count")),
        tuple((data.state_name(s), counts.of(s)) for s in State),
    )
    return ReportSection("summary", data.t("总体情况", "Summary"), text, tables=(table,))


def _previous_month(period: Period) -> Period:
    if period.index == 1:
        return Period(period.year - 1, Granularity.MONTH, 12)
    return Period(period.year, Granularity.MONTH, period.index - 1)


def changes_section(data: ReportData) -> ReportSection:
    """本月变化: each indicator's value of this month against last month's, and states that moved."""
    before = _previous_month(data.period)
    rows: list[tuple[Cell, ...]] = []
    moved = 0
    for indicator in data.plan.indicators:
        now = {r.evaluation.series: r.evaluation for r in data.status(indicator)}
        then = {r.evaluation.series: r.evaluation for r in data.status(indicator, before)}
        for key in indicator.series_keys:
            a, b = then[key], now[key]
            if a.actual is None and b.actual is None:
                continue
            change = None if a.actual is None or b.actual is None else b.actual - a.actual
            if a.state is not b.state:
                moved += 1
            rows.append(
                (
                    data.domain_name(indicator.domain),
                    indicator.plan_number,
                    data.indicator_name(indicator, key),
                    data.unit(indicator),
                    a.actual,
                    b.actual,
                    change,
                    data.state_name(a.state),
                    data.state_name(b.state),
                )
            )
    text = data.t(
        f"{data.period} 有 {len(rows)} 项指标报送了本月或上月（{before}）数值，其中 {moved} 项状态发生变化。"
        if rows
        else f"{data.period} 与上月（{before}）均无按月报送的指标数值。",
        f"{len(rows)} indicator series have a value for {data.period} or the month before "
        f"({before}); {moved} changed state."
        if rows
        else f"No indicator has a monthly value for {data.period} or the month before ({before}).",
    )
    table = ReportTable(
        "changes.values",
        data.t("本月数值与状态变化", "This month's values and state changes"),
        (
            data.t("领域", "Domain"),
            data.t("序号", "No."),
            data.t("指标", "Indicator"),
            data.t("单位", "Unit"),
            str(before),
            str(data.period),
            data.t("变化", "Change"),
            data.t("上月状态", "State before"),
            data.t("本月状态", "State now"),
        ),
        tuple(rows),
    )
    return ReportSection("changes", data.t("本月变化", "Changes since last month"), text, tables=(table,))


def _indicator_chart(data: ReportData, indicator: Indicator, series: str | None) -> ReportChart:
    years = data.plan_years
    suffix = "" if series is None else f".{series}"
    return ReportChart(
        key=f"chart.{indicator.code}{suffix}",
        title=f"{indicator.plan_number}. {data.indicator_name(indicator, series)}",
        unit=data.unit(indicator),
        categories=tuple(str(y) for y in years),
        series=(
            ChartSeries(
                data.t("实际", "Actual"), tuple(data.year_actual(indicator, series, y) for y in years)
            ),
            ChartSeries(
                data.t("目标", "Target"), tuple(data.target_value(indicator, series, y) for y in years)
            ),
        ),
    )


def _charts(data: ReportData) -> tuple[ReportChart, ...]:
    return tuple(_indicator_chart(data, i, key) for i in data.plan.indicators for key in i.series_keys)


def indicators_section(data: ReportData) -> ReportSection:
    """指标进展: every indicator with its state, checkpoint, progress and forecasts."""
    rows: list[tuple[Cell, ...]] = []
    for indicator, e in evaluations(data, trend=True):
        rows.append(
            (
                data.domain_name(indicator.domain),
                indicator.plan_number,
                data.indicator_name(indicator, e.series),
                data.unit(indicator),
                None if e.actual is None else str(e.period),
                e.actual,
                data.target_text(indicator, e.series, data.year),
                rounded(e.checkpoint),
                data.state_name(e.state),
                percent(e.progress),
                rounded(e.forecast_year_end),
                rounded(e.forecast_final),
            )
        )
    table = ReportTable(
        "indicators.status",
        data.t("指标状态、检查点与预测", "Indicators: state, checkpoint and forecasts"),
        (
            data.t("领域", "Domain"),
            data.t("序号", "No."),
            data.t("指标", "Indicator"),
            data.t("单位", "Unit"),
            data.t("数据期间", "Value period"),
            data.t("实际值", "Actual"),
            data.t(f"{data.year}年目标", f"{data.year} target"),
            data.t("检查点", "Checkpoint"),
            data.t("状态", "State"),
            data.t("进度(%)", "Progress (%)"),
            data.t("年末预测", "Year-end forecast"),
            data.t(f"{data.plan.document.end_year}年预测", f"{data.plan.document.end_year} forecast"),
        ),
        tuple(rows),
    )
    text = data.t(
        "检查点按年度目标插值或按比例折算到本期；进度为从基期到 2027 年目标的完成比例；预测按近期趋势外推。",
        "The checkpoint is the year's target interpolated or pro-rated to the period; progress is "
        "the share of the way from the baseline to the 2027 target; forecasts extend the recent trend.",
    )
    return ReportSection(
        "indicators", data.t("指标进展", "Indicators"), text, tables=(table,), charts=_charts(data)
    )


def targets_section(data: ReportData) -> ReportSection:
    """年度目标完成情况: every target of the year met, missed or without data."""
    rows: list[tuple[Cell, ...]] = []
    met = missed = none = 0
    for indicator, e in evaluations(data):
        if e.state is State.ACHIEVED:
            verdict, met = data.t("达标", "met"), met + 1
        elif e.state is State.NO_DATA:
            verdict, none = data.t("无数据", "no data"), none + 1
        else:
            verdict, missed = data.t("未达标", "missed"), missed + 1
        rows.append(
            (
                data.domain_name(indicator.domain),
                indicator.plan_number,
                data.indicator_name(indicator, e.series),
                data.unit(indicator),
                data.target_text(indicator, e.series, data.year),
                e.actual,
                verdict,
                data.state_name(e.state),
            )
        )
    text = data.t(
        f"{data.year} 年 {len(rows)} 个年度目标：达标 {met} 个，未达标 {missed} 个，无数据 {none} 个。",
        f"Of the {len(rows)} targets of {data.year}: {met} met, {missed} missed, {none} without data.",
    )
    table = ReportTable(
        "targets.year",
        data.t(f"{data.year}年目标完成情况", f"Targets of {data.year}"),
        (
            data.t("领域", "Domain"),
            data.t("序号", "No."),
            data.t("指标", "Indicator"),
            data.t("单位", "Unit"),
            data.t("目标", "Target"),
            data.t("实际值", "Actual"),
            data.t("结果", "Result"),
            data.t("状态", "State"),
        ),
        tuple(rows),
    )
    return ReportSection(
        "targets",
        data.t("年度目标完成情况", "Targets of the year"),
        text,
        tables=(table,),
        charts=_charts(data),
    )


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


def attention_section(data: ReportData) -> ReportSection:
    """需关注指标: indicators at risk or behind as of the period's end."""
    rows = tuple(
        (
            data.domain_name(i.domain),
            i.plan_number,
            data.indicator_name(i, e.series),
            e.actual,
            rounded(e.checkpoint),
            rounded(e.gap),
            data.state_name(e.state),
        )
        for i, e in evaluations(data)
        if e.state in (State.AT_RISK, State.BEHIND)
    )
    text = data.t(
        f"截至本期末，{len(rows)} 项指标有风险或滞后，需牵头单位说明原因并提出措施。"
        if rows
        else "截至本期末，没有有风险或滞后的指标。",
        f"{len(rows)} indicator series are at risk or behind at the period's end; their lead "
        "departments should explain and act."
        if rows
        else "No indicator is at risk or behind at the period's end.",
    )
    table = ReportTable(
        "attention.indicators",
        data.t("有风险或滞后的指标", "Indicators at risk or behind"),
        (
            data.t("领域", "Domain"),
            data.t("序号", "No."),
            data.t("指标", "Indicator"),
            data.t("实际值", "Actual"),
            data.t("检查点", "Checkpoint"),
            data.t("差距", "Gap"),
            data.t("状态", "State"),
        ),
        rows,
    )
    return ReportSection("attention", data.t("需关注指标", "Needing attention"), text, tables=(table,))


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


def _window(data: ReportData) -> tuple[datetime, datetime]:
    start, end = period_dates(data.period)
    return (
        datetime.combine(start, time.min, tzinfo=UTC),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC),
    )


def revisions_section(data: ReportData) -> ReportSection:
    """数据修订: corrections (revisions after the first) recorded during the period."""
    lo, hi = _window(data)

    def read() -> list[tuple[str, str, str, int, str, str | None, str, datetime]]:
        previous = aliased(ObservationRow)
        o = ObservationRow
        statement = (
            select(
                o.indicator_code,
                o.period,
                o.series,
                o.revision,
                o.value,
                previous.value,
                o.reported_by,
                o.reported_at,
            )
            .outerjoin(
                previous,
                and_(
                    previous.indicator_code == o.indicator_code,
                    previous.jurisdiction_code == o.jurisdiction_code,
                    previous.period == o.period,
                    previous.series == o.series,
                    previous.revision == o.revision - 1,
                ),
            )
            .where(
                o.jurisdiction_code == data.jurisdiction,
                o.revision > 1,
                o.reported_at >= lo,
                o.reported_at < hi,
            )
            .order_by(o.reported_at, o.id)
        )
        with data.readings.platform.engine.connect() as connection:
            return [tuple(r) for r in connection.execute(statement)]  # type: ignore[misc]

    found = data.readings.memo(CacheKey("report.revisions", (data.jurisdiction, lo, hi)), read)
    rows: list[tuple[Cell, ...]] = []
    for code, period, series, revision, value, before, by, _at in found:
        indicator = data.plan.find_indicator(code)
        name = code if indicator is None else data.indicator_name(indicator, series or None)
        rows.append(
            (
                name,
                period,
                revision,
                None if before is None else Decimal(before),
                Decimal(value),
                by,
            )
        )
    text = data.t(
        f"本期记录数据修订 {len(rows)} 条（修订不改写原值，均留痕）。",
        f"{len(rows)} corrections were recorded in the period (each kept beside the value it corrects).",
    )
    table = ReportTable(
        "revisions.list",
        data.t("本期数据修订", "Corrections in the period"),
        (
            data.t("指标", "Indicator"),
            data.t("数据期间", "Value period"),
            data.t("修订号", "Revision"),
            data.t("原值", "Was"),
            data.t("新值", "Now"),
            data.t("报送人", "Reported by"),
        ),
        tuple(rows),
    )
    return ReportSection("revisions", data.t("数据修订", "Corrections"), text, tables=(table,))


def problems_section(data: ReportData) -> ReportSection:
    """问题清单: problems opened and closed (销号) in the period, and overdue at its end."""
    lo, hi = _window(data)
    end = period_dates(data.period)[1]
    cutoff = min(end, data.today)

    def read() -> list[tuple[int, str, str, object, str, datetime, datetime | None]]:
        p = ProblemRow
        statement = select(
            p.id, p.title, p.department, p.due_date, p.status, p.raised_at, p.closed_at
        ).order_by(p.id)
        with data.readings.platform.engine.connect() as connection:
            return [tuple(r) for r in connection.execute(statement)]  # type: ignore[misc]

    problems = data.readings.memo(CacheKey("report.problems"), read)

    def aware(moment: datetime | None) -> datetime | None:
        if moment is None:
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    opened, closed, overdue = [], [], []
    for row in problems:
        pid, title, department, due, status, raised_at, closed_at = row
        raised, done = aware(raised_at), aware(closed_at)
        assert raised is not None
        zh, en = PROBLEM_STATUS.get(status, (status, status))
        line: tuple[Cell, ...] = (pid, title, data.department_name(department), str(due), data.t(zh, en))
        if lo <= raised < hi:
            opened.append(line)
        if done is not None and lo <= done < hi:
            closed.append(line)
        open_at_end = raised < hi and (done is None or done >= hi)
        if open_at_end and str(due) < cutoff.isoformat():
            overdue.append(line)
    columns = (
        data.t("编号", "Id"),
        data.t("问题", "Problem"),
        data.t("责任部门", "Department"),
        data.t("整改期限", "Due"),
        data.t("当前状态", "Status now"),
    )
    text = data.t(
        f"本期新增问题 {len(opened)} 个，销号 {len(closed)} 个；期末逾期未销号 {len(overdue)} 个。",
        f"{len(opened)} problems were raised and {len(closed)} closed in the period; "
        f"{len(overdue)} were overdue at its end.",
    )
    return ReportSection(
        "problems",
        data.t("问题清单", "Problems"),
        text,
        tables=(
            ReportTable("problems.opened", data.t("本期新增", "Raised"), columns, tuple(opened)),
            ReportTable("problems.closed", data.t("本期销号", "Closed"), columns, tuple(closed)),
            ReportTable("problems.overdue", data.t("逾期未销号", "Overdue"), columns, tuple(overdue)),
        ),
    )
