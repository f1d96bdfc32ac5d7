"""The report sections that read the supervision data: reporting timeliness (报送及时性) by
department, project milestones due, overdue and done, satisfaction surveys (群众满意度测评) and
the problems alert rules raised (预警).

Each reads its rows once per data version (the platform's cache) and judges them on the
report's "today" (the platform's clock) and period.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from qyx_platform.model import Period
from qyx_platform.model.periods import Granularity
from qyx_platform.model.reports import Cell, ReportSection, ReportTable
from qyx_platform.services.cache import CacheKey
from qyx_platform.services.clock import county_date
from qyx_platform.services.milestones import MilestoneService, MilestoneState, milestone_state
from qyx_platform.services.report_data import ReportData, period_dates
from qyx_platform.services.surveys import SurveyService
from qyx_platform.services.timeliness import DepartmentTimeliness, TimelinessService
from qyx_platform.store.tables import ProblemRow

MILESTONE_STATES: dict[MilestoneState, tuple[str, str]] = {
    MilestoneState.PLANNED: ("计划中", "planned"),
    MilestoneState.DUE_SOON: ("临近到期", "due soon"),
    MilestoneState.OVERDUE: ("逾期", "overdue"),
    MilestoneState.DONE: ("按期完成", "done"),
    MilestoneState.DONE_LATE: ("逾期完成", "done late"),
    MilestoneState.CANCELLED: ("已取消", "cancelled"),
}


def timeliness_section(data: ReportData) -> ReportSection:
    """报送及时性: each department's reports expected for the period, on time, late, missing
    and not yet due (the annual summary counts every cycle of the year)."""
    platform = data.readings.platform
    service = TimelinessService(data.plan, platform.engine, platform.deadlines)

    def read() -> list[DepartmentTimeliness]:
        if data.period.granularity is Granularity.YEAR:
            departments, _domains = service.year(data.year, data.today, data.jurisdiction)
            return list(departments.values())
        return list(service.cycle(data.period, data.today, data.jurisdiction).departments)

    rows = data.readings.memo(
        CacheKey("report.timeliness", (data.jurisdiction, str(data.period), data.today)), read
    )
    table = data.table(
        "timeliness.departments",
        ("各部门报送情况", "Reports by department"),
        (
            ("部门", "Department"),
            ("应报", "Expected"),
            ("按时", "On time"),
            ("迟报", "Late"),
            ("缺报", "Missing"),
            ("未到期", "Not yet due"),
        ),
        tuple(
            (data.department_name(r.department), r.expected, r.on_time, r.late, r.missing, r.pending)
            for r in rows
        ),
    )
    missing: list[tuple[Cell, ...]] = []
    for r in rows:
        for code, period in r.missing_items:
            indicator = data.plan.find_indicator(code)
            name = code if indicator is None else data.indicator_name(indicator)
            missing.append((data.department_name(r.department), name, period))
    late = sum(r.late for r in rows)
    text = data.t(
        f"本期应报 {sum(r.expected for r in rows)} 项，按时 {sum(r.on_time for r in rows)} 项，"
        f"迟报 {late} 项，缺报 {len(missing)} 项。",
        f"{sum(r.expected for r in rows)} reports were expected in the period: "
        f"{sum(r.on_time for r in rows)} on time, {late} late, {len(missing)} missing.",
    )
    missing_table = data.table(
        "timeliness.missing",
        ("缺报清单", "Missing reports"),
        (("部门", "Department"), ("事项", "Item"), ("期间", "Period")),
        tuple(missing),
    )
    return ReportSection(
        "timeliness",
        data.t("报送及时性", "Reporting timeliness"),
        text,
        tables=(table, missing_table),
    )


def milestones_section(data: ReportData) -> ReportSection:
    """项目节点: milestones due in the period and overdue at its end (monthly, quarterly), or
    done and missed in the year (annual)."""
    start, end = period_dates(data.period)
    cutoff = min(end, data.today)
    platform = data.readings.platform

    def read() -> list[tuple[str, str, str, date, date | None, bool, str]]:
        with platform.sessions() as session:
            found = MilestoneService(data.plan).of_projects(session)
        return [
            (
                project,
                row.title,
                row.department,
                row.due_date,
                row.done_date,
                row.cancelled_at is not None,
                milestone_state(row, cutoff).value,
            )
            for project, rows in found.items()
            for row in rows
        ]

    milestones = data.readings.memo(CacheKey("report.milestones", (str(data.period), cutoff)), read)
    names = {p.code: data.t(p.name, p.english_name or p.name) for p in data.plan.projects}
    due, overdue, done = [], [], []
    for project, title, department, due_date, done_date, cancelled, state in milestones:
        if cancelled:
            continue
        zh, en = MILESTONE_STATES[MilestoneState(state)]
        line: tuple[Cell, ...] = (
            names.get(project, project),
            title,
            data.department_name(department),
            due_date.isoformat(),
            None if done_date is None else done_date.isoformat(),
            data.t(zh, en),
        )
        if start <= due_date <= end:
            due.append(line)
        if done_date is None and due_date < cutoff:
            overdue.append(line)
        if done_date is not None and start <= done_date <= end:
            done.append(line)
    columns = (
        data.t("项目", "Project"),
        data.t("节点", "Milestone"),
        data.t("责任部门", "Department"),
        data.t("计划完成", "Due"),
        data.t("实际完成", "Done"),
        data.t("状态", "State"),
    )
    text = data.t(
        f"本期到期节点 {len(due)} 个，完成 {len(done)} 个；期末逾期未完成 {len(overdue)} 个。",
        f"{len(due)} milestones fell due in the period and {len(done)} were done; {len(overdue)} "
        "were overdue at its end.",
    )
    return ReportSection(
        "milestones",
        data.t("项目与节点", "Projects and milestones"),
        text,
        tables=(
            ReportTable("milestones.due", data.t("本期到期", "Due in the period"), columns, tuple(due)),
            ReportTable("milestones.done", data.t("本期完成", "Done in the period"), columns, tuple(done)),
            ReportTable("milestones.overdue", data.t("逾期未完成", "Overdue"), columns, tuple(overdue)),
        ),
    )


def surveys_section(data: ReportData) -> ReportSection:
    """满意度测评: the surveys of the period by domain, with their margin of error and the
    change from the survey before."""
    platform = data.readings.platform

    def read() -> list[tuple[str, str, str, int, str, str | None, bool | None]]:
        with platform.sessions() as session:
            readings = SurveyService(data.plan).list(session, jurisdiction=data.jurisdiction)
        return [
            (
                r.row.domain_code,
                r.row.period,
                format(r.satisfied, "f"),
                r.row.sample_size,
                format(r.margin, "f"),
                None if r.change is None else format(r.change.difference, "f"),
                None if r.change is None else r.change.significant,
            )
            for r in readings
        ]

    surveys = data.readings.memo(CacheKey("report.surveys", (data.jurisdiction,)), read)
    order = {d.code: d.order for d in data.plan.domains}
    rows: list[tuple[Cell, ...]] = []
    for domain, period, satisfied, sample, margin, difference, significant in sorted(
        surveys, key=lambda s: (order.get(s[0], 99), s[1])
    ):
        if not data.period.contains(Period.parse(period)):
            continue
        verdict = (
            None
            if significant is None
            else data.t("显著", "significant")
            if significant
            else data.t("不显著", "not significant")
        )
        rows.append(
            (
                data.domain_name(domain),
                period,
                Decimal(satisfied),
                sample,
                Decimal(margin),
                None if difference is None else Decimal(difference),
                verdict,
            )
        )
    text = data.t(
        f"本期满意度测评 {len(rows)} 次；误差为 95% 置信水平下的百分点，变化与上次测评比较。",
        f"{len(rows)} satisfaction surveys in the period; the margin is at 95 % confidence, in "
        "points, and the change is against the survey before.",
    )
    table = data.table(
        "surveys.period",
        ("群众满意度测评", "Satisfaction surveys"),
        (
            ("领域", "Domain"),
            ("期间", "Period"),
            ("满意率(%)", "Satisfied (%)"),
            ("样本量", "Sample"),
            ("误差(±)", "Margin (±)"),
            ("变化", "Change"),
            ("变化是否显著", "Change significant"),
        ),
        tuple(rows),
    )
    return ReportSection("surveys", data.t("满意度测评", "Satisfaction surveys"), text, tables=(table,))


def alerts_section(data: ReportData) -> ReportSection:
    """预警: the problems alert rules raised during the period."""
    start, end = period_dates(data.period)
    platform = data.readings.platform

    def read() -> list[tuple[int, str, str, str, date, date]]:
        p = ProblemRow
        statement = (
            select(p.id, p.source, p.title, p.department, p.due_date, p.raised_at)
            .where(p.source != "manual")
            .order_by(p.id)
        )
        with platform.engine.connect() as connection:
            return [(r[0], r[1], r[2], r[3], r[4], county_date(r[5])) for r in connection.execute(statement)]

    alerts = data.readings.memo(CacheKey("report.alerts"), read)
    rows: list[tuple[Cell, ...]] = []
    for pid, source, title, department, due, raised in alerts:
        if start <= raised <= end:
            rows.append(
                (pid, source.removeprefix("rule:"), title, data.department_name(department), str(due))
            )
    text = data.t(
        f"本期预警规则触发并转入问题清单 {len(rows)} 条。",
        f"Alert rules raised {len(rows)} problems in the period.",
    )
    table = data.table(
        "alerts.raised",
        ("本期预警", "Alerts raised"),
        (
            ("编号", "Id"),
            ("规则", "Rule"),
            ("问题", "Problem"),
            ("责任部门", "Department"),
            ("整改期限", "Due"),
        ),
        tuple(rows),
    )
    return ReportSection("alerts", data.t("预警", "Alerts"), text, tables=(table,))
