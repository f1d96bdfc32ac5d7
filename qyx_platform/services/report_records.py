"""Report sections on records kept over the period: corrections (数据修订) and problems
(问题清单: raised, closed, overdue)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from qyx_platform.model.reports import Cell, ReportSection, ReportTable
from qyx_platform.services.cache import CacheKey
from qyx_platform.services.report_data import (
    ReportData,
    period_dates,
)
from qyx_platform.store.tables import ObservationRow, ProblemRow

PROBLEM_STATUS = {
    "open": ("待整改", "open"),
    "rectifying": ("整改中", "rectifying"),
    "closed": ("已销号", "closed"),
    "reopened": ("重新打开", "reopened"),
}


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
    table = data.table(
        "revisions.list",
        ("本期数据修订", "Corrections in the period"),
        (
            ("指标", "Indicator"),
            ("数据期间", "Value period"),
            ("修订号", "Revision"),
            ("原值", "Was"),
            ("新值", "Now"),
            ("报送人", "Reported by"),
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
