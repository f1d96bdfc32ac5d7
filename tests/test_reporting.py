"""The reporting service: rules see stored values and the rest of the batch, approval,
exact values, all-or-nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from qyx_platform import LOCAL_OPERATOR, ObservationInput, Period, Platform, Role, ValidationError
from qyx_platform.services.approval import approve
from qyx_platform.services.auth import Actor
from qyx_platform.services.readings import Readings
from qyx_platform.services.status import StatusService
from qyx_platform.store.tables import ObservationRow

MINIMUM = "ruoyou.minimum_living_allowance_standard"


def _count(p: Platform) -> int:
    with p.sessions() as s:
        return s.scalar(select(func.count()).select_from(ObservationRow)) or 0


def test_a_standard_that_falls_is_refused_within_a_batch_and_across(sqlite_platform: Platform) -> None:
    p = sqlite_platform
    with pytest.raises(ValidationError) as caught:
        p.report(
            [ObservationInput(MINIMUM, "2024", "13000"), ObservationInput(MINIMUM, "2025", "12900")],
            actor=LOCAL_OPERATOR,
        )
    assert [(e.index, e.field) for e in caught.value.errors] == [(1, "value")]
    assert "ruoyou.minimum_living_standard_never_falls" in caught.value.errors[0].message
    assert _count(p) == 0
    p.report([ObservationInput(MINIMUM, "2024", "13000")], actor=LOCAL_OPERATOR)
    with pytest.raises(ValidationError):
        p.report([ObservationInput(MINIMUM, "2025", "12999")], actor=LOCAL_OPERATOR)
    p.report([ObservationInput(MINIMUM, "2025", "13000")], actor=LOCAL_OPERATOR)
    assert _count(p) == 2


def test_a_cumulative_total_never_falls(sqlite_platform: Platform) -> None:
    code = "zhuyou.affordable_rental_housing_cumulative"
    sqlite_platform.report([ObservationInput(code, "2024", "413")], actor=LOCAL_OPERATOR)
    with pytest.raises(ValidationError, match=r"core\.cumulative_never_falls"):
        sqlite_platform.report([ObservationInput(code, "2025", "400")], actor=LOCAL_OPERATOR)


@pytest.mark.parametrize(
    ("printed", "stored"),
    [("85%", "85"), ("１２,６００", "12600"), ("3.20", "3.20"), (Decimal("4.50"), "4.50")],
)
def test_values_are_exact(sqlite_platform: Platform, printed: str | Decimal, stored: str) -> None:
    code = (
        "ruoyou.minimum_living_allowance_standard"
        if "," in str(printed)
        else "youyou.affordable_childcare_place_share"
    )
    if stored in {"3.20", "4.50"}:
        code = "youyou.childcare_places_per_1000"
    (row,) = sqlite_platform.report([ObservationInput(code, "2024", printed)], actor=LOCAL_OPERATOR)
    assert str(row.value) == stored


def test_floats_are_refused(sqlite_platform: Platform) -> None:
    with pytest.raises(ValidationError, match="float"):
        sqlite_platform.report([ObservationInput("1", "2024", 3.2)], actor=LOCAL_OPERATOR)  # type: ignore[arg-type]


def test_approval_keeps_the_current_value_until_approved(db_url: str) -> None:
    p = Platform(db_url, require_approval=True)
    reporter = Actor("卫健局填报员", Role.REPORTER, "县卫生健康局")
    p.report([ObservationInput("1", "2024", "4.10")], actor=LOCAL_OPERATOR)  # admin: approved at once
    (pending,) = p.report([ObservationInput("1", "2024", "4.30")], actor=reporter)
    assert not pending.approved and pending.revision == 2

    def current() -> Decimal | None:
        (row,) = StatusService(p.plan, Readings(p)).status(
            p.plan.indicator("1"), Period.parse("2024"), "331126"
        )
        return row.evaluation.actual

    assert current() == Decimal("4.10")
    with p.write(Actor("督查员", Role.SUPERVISOR)) as work:
        revision = work.session.scalars(select(ObservationRow).where(ObservationRow.revision == 2)).one()
        approve(work, revision.id)
    assert current() == Decimal("4.30")
    p.close()


def test_progress_is_reported(sqlite_platform: Platform) -> None:
    seen: list[tuple[str, int, int]] = []
    rows = [ObservationInput("1", f"2024-{m:02d}", "4") for m in range(1, 13)]
    sqlite_platform.report(rows, actor=LOCAL_OPERATOR, progress=lambda *a: seen.append(a))
    assert ("validate", 12, 12) in seen and ("write", 12, 12) in seen


def test_a_report_returns_what_it_stored(db_url: str) -> None:
    """The returned revisions (made on demand) say what the database holds, row for row."""
    p = Platform(db_url)
    p.report([ObservationInput("1", "2024", "4.10")], actor=LOCAL_OPERATOR)
    rows = [
        ObservationInput("1", "2024", "4.20", note="修订"),
        ObservationInput("12", "2025", "85.5", series="城乡居民"),
        ObservationInput("12", "2025Q3", "84", jurisdiction="331102", series="职工"),
    ]
    stored = p.report(rows, actor=LOCAL_OPERATOR, source="import")
    with p.sessions() as s:
        written = s.scalars(select(ObservationRow).order_by(ObservationRow.id).offset(1)).all()
    assert len(stored) == len(written) == 3
    assert [
        (o.indicator, o.jurisdiction, o.period, o.series, str(o.value), o.revision, o.note, o.source)
        for o in stored
    ] == [
        (
            w.indicator_code,
            w.jurisdiction_code,
            w.period,
            w.series or None,
            w.value,
            w.revision,
            w.note,
            w.source,
        )
        for w in written
    ]
    assert all(o.approved and o.reported_by == LOCAL_OPERATOR.name for o in stored)
    assert stored[-1] == stored[2] and stored[1:] == [stored[1], stored[2]]
    assert stored[0].revision == 2 and stored[1].series == "城乡居民"
    p.close()


def test_a_share_above_100_is_one_error(sqlite_platform: Platform) -> None:
    """101 % breaks the indicator's range only: no rule repeats it (one error, not two),
    and the error names the bound."""
    with pytest.raises(ValidationError) as caught:
        sqlite_platform.report([ObservationInput("2", "2025", "101")], actor=LOCAL_OPERATOR)
    assert [(e.index, e.field) for e in caught.value.errors] == [(0, "value")]
    assert "above the largest valid value, 100 percent" in caught.value.errors[0].message


def test_plan_toml_checks_reach_the_report(sqlite_platform: Platform) -> None:
    """plausible_max and whole in plan.toml refuse a report through the core rules."""
    with pytest.raises(ValidationError) as caught:
        sqlite_platform.report(
            [ObservationInput("1", "2025", "55"), ObservationInput("4", "2025", "12.5")], actor=LOCAL_OPERATOR
        )
    messages = [e.message for e in caught.value.errors]
    assert len(messages) == 2
    assert "more than 50" in messages[0] and "[core.plausible_max]" in messages[0]
    assert "not a whole number" in messages[1] and "[core.whole_number]" in messages[1]
