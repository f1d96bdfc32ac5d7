"""The core's sections of the periodic reports, one small function each.

月调度 (monthly): summary, values and states that moved since last month, reports missing or
late by department, milestones due and overdue, indicators needing attention, alerts raised,
problems, revisions. 季分析 (quarterly): summary, every indicator with its state, checkpoint,
trend and forecasts (with a chart each), task targets of the year, the domains' and
departments' standing, surveys, timeliness, milestones, attention, alerts, problems. 年总结
(annual): summary, every target of the year met or missed, by domain, by department (the
年度目标责任制考核 table), task targets, milestones, satisfaction, timeliness, rank changes,
problems, revisions. The sections on supervision data are in :mod:`.report_supervision`.
Standing and task targets are written in :mod:`.report_standing`, corrections and problems in
:mod:`.report_records`. Plugins add their own sections after these.
"""

from __future__ import annotations

from qyx_platform.evaluation import State, count_states
from qyx_platform.model import Indicator, Period
from qyx_platform.model.periods import Granularity
from qyx_platform.model.reports import Cell, ChartSeries, ReportChart, ReportKind, ReportSection
from qyx_platform.services.report_data import (
    ReportData,
    SectionBuilder,
    counts_sentence,
    evaluations,
    percent,
    period_dates,
    rounded,
)
from qyx_platform.services.report_records import problems_section, revisions_section
from qyx_platform.services.report_standing import (
    by_department_section,
    by_domain_section,
    rank_changes_section,
    standing_section,
    task_targets_section,
)


def core_builders(kind: ReportKind) -> list[SectionBuilder]:
    """The core's section builders of a kind of report, in order."""
    from qyx_platform.services import report_supervision as sup

    if kind is ReportKind.MONTHLY:
        return [
            summary_section,
            changes_section,
            sup.timeliness_section,
            sup.milestones_section,
            attention_section,
            sup.alerts_section,
            problems_section,
            revisions_section,
        ]
    if kind is ReportKind.QUARTERLY:
        return [
            summary_section,
            indicators_section,
            task_targets_section,
            standing_section,
            sup.surveys_section,
            sup.timeliness_section,
            sup.milestones_section,
            attention_section,
            sup.alerts_section,
            problems_section,
        ]
    return [
        summary_section,
        targets_section,
        by_domain_section,
        by_department_section,
        task_targets_section,
        sup.milestones_section,
        sup.surveys_section,
        sup.timeliness_section,
        rank_changes_section,
        problems_section,
        revisions_section,
    ]


def summary_section(data: ReportData) -> ReportSection:
    """概述: how many indicators are in each state as of the period's end."""
    rows = evaluations(data)
    judged = [e for _, e in rows]
    counts = count_states(judged)
    end = period_dates(data.period)[1]
    text = data.t(
        f"截至 {end.isoformat()}，{len(data.plan.indicators)} 项指标（{counts.total} 个评价项，"
        f"指标 12 分职工、城乡居民两组）的状态：{counts_sentence(data, judged)}。",
        f"As of {end.isoformat()}, the {len(data.plan.indicators)} indicators ({counts.total} "
        f"evaluated series; indicator 12 has two, employees and residents) stand: "
        f"{counts_sentence(data, judged)}.",
    )
    table = data.table(
        "summary.states",
        ("指标状态分布", "Indicators by state"),
        (("状态", "State"), ("数量", "Count")),
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
    table = data.table(
        "changes.values",
        ("本月数值与状态变化", "This month's values and state changes"),
        (
            ("领域", "Domain"),
            ("序号", "No."),
            ("指标", "Indicator"),
            ("单位", "Unit"),
            str(before),
            str(data.period),
            ("变化", "Change"),
            ("上月状态", "State before"),
            ("本月状态", "State now"),
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
    table = data.table(
        "indicators.status",
        ("指标状态、检查点与预测", "Indicators: state, checkpoint and forecasts"),
        (
            ("领域", "Domain"),
            ("序号", "No."),
            ("指标", "Indicator"),
            ("单位", "Unit"),
            ("数据期间", "Value period"),
            ("实际值", "Actual"),
            (f"{data.year}年目标", f"{data.year} target"),
            ("检查点", "Checkpoint"),
            ("状态", "State"),
            ("进度(%)", "Progress (%)"),
            ("年末预测", "Year-end forecast"),
            (f"{data.plan.document.end_year}年预测", f"{data.plan.document.end_year} forecast"),
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
    table = data.table(
        "targets.year",
        (f"{data.year}年目标完成情况", f"Targets of {data.year}"),
        (
            ("领域", "Domain"),
            ("序号", "No."),
            ("指标", "Indicator"),
            ("单位", "Unit"),
            ("目标", "Target"),
            ("实际值", "Actual"),
            ("结果", "Result"),
            ("状态", "State"),
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
    table = data.table(
        "attention.indicators",
        ("有风险或滞后的指标", "Indicators at risk or behind"),
        (
            ("领域", "Domain"),
            ("序号", "No."),
            ("指标", "Indicator"),
            ("实际值", "Actual"),
            ("检查点", "Checkpoint"),
            ("差距", "Gap"),
            ("状态", "State"),
        ),
        rows,
    )
    return ReportSection("attention", data.t("需关注指标", "Needing attention"), text, tables=(table,))
