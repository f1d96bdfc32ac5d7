"""Readings.latest_in_year, the read under the matrix, the scoreboard and the annual summary:
the latest value of every key in a year, task targets included, the same on both backends and
on both SQLite paths (a few jurisdictions key by key, many in one pass over the year)."""

from __future__ import annotations

from decimal import Decimal

from qyx_platform import LOCAL_OPERATOR, ObservationInput, Platform
from qyx_platform.model import Period, parse_period
from qyx_platform.services.readings import FEW_JURISDICTIONS, Readings
from qyx_platform.services.scoreboard import year_evaluations

UNEMPLOYMENT = "laoyoudeyou.urban_registered_unemployment_rate"  # monthly, %
REIMBURSEMENT = "bingyou.inpatient_reimbursement_rate"  # yearly, two series
CHECKUPS = "bingyou.free_health_checkups_yearly"  # a task target: 3.8 万人 every year
YEAR = 2025


def _counties(p: Platform, wanted: int) -> list[str]:
    """The home county first, then stored counties of Zhejiang's cities, ``wanted`` in all."""
    readings = Readings(p)
    home = p.plan.document.home_jurisdiction
    others = [
        county
        for city, _ in readings.children("330000")
        for county, _ in readings.children(city)
        if county != home
    ]
    assert len(others) >= wanted - 1
    return [home, *others[: wanted - 1]]


def _reported(p: Platform, counties: list[str]) -> list[ObservationInput]:
    """Values that differ by county and period: some counties stop reporting early, some
    report the year itself, only the home county reports the task target."""
    home = p.plan.document.home_jurisdiction
    rows: list[ObservationInput] = []
    for n, county in enumerate(counties):
        for month in range(1, 2 + n % 7):
            rows.append(ObservationInput(UNEMPLOYMENT, f"{YEAR}-{month:02d}", f"2.{n % 9}{month}", county))
        rows.append(ObservationInput(UNEMPLOYMENT, f"{YEAR - 1}-12", "4.9", county))  # another year
        if n % 3 == 0:
            rows.append(ObservationInput(UNEMPLOYMENT, f"{YEAR}Q1", f"3.{n % 10}", county))
        if n % 2 == 0:
            rows.append(ObservationInput(REIMBURSEMENT, str(YEAR), f"8{n % 10}", county, series="职工"))
            rows.append(ObservationInput(REIMBURSEMENT, str(YEAR), "70", county, series="城乡居民"))
    rows.append(ObservationInput(CHECKUPS, str(YEAR), "3.9", home, note="体检名册 (evidence)"))
    return rows


def _expected(
    rows: list[ObservationInput], counties: list[str]
) -> dict[tuple[str, str, str], tuple[Period, Decimal]]:
    """The latest period of each key within YEAR, worked out from what was reported."""
    out: dict[tuple[str, str, str], tuple[Period, Decimal]] = {}
    for r in rows:
        period = parse_period(r.period)
        county = r.jurisdiction or ""
        if period.year != YEAR or county not in counties:
            continue
        key = (r.indicator, county, r.series or "")
        if key not in out or out[key][0].sort_key < period.sort_key:
            out[key] = (period, Decimal(str(r.value)))
    return out


def test_the_latest_of_each_key_in_a_year_on_every_path(platform: Platform) -> None:
    counties = _counties(platform, FEW_JURISDICTIONS + 4)
    rows = _reported(platform, counties)
    platform.report(rows, actor=LOCAL_OPERATOR)
    readings = Readings(platform)
    for asked in (counties[:1], counties[:3], counties):  # key by key, then one pass (SQLite)
        found = readings.latest_in_year(YEAR, asked, task_targets=True)
        assert found == _expected(rows, asked), asked
        indicators_only = readings.latest_in_year(YEAR, asked)  # what a matrix asks
        assert {k: v for k, v in indicators_only.items() if k[0] != CHECKUPS} == {
            k: v for k, v in found.items() if k[0] != CHECKUPS
        }
    home = platform.plan.document.home_jurisdiction
    assert readings.latest_in_year(YEAR, [home], task_targets=True)[(CHECKUPS, home, "")] == (
        Period.year_of(YEAR),
        Decimal("3.9"),
    )


def test_the_scoreboard_judges_a_task_target_on_its_reported_value(platform: Platform) -> None:
    """The scoreboard's states of the home county include the task target as reported (on
    PostgreSQL its value was once left out of the year's read, judging it NO_DATA)."""
    home = platform.plan.document.home_jurisdiction
    platform.report(_reported(platform, [home]), actor=LOCAL_OPERATOR)
    states = {e.indicator: e for e in year_evaluations(platform.plan, Readings(platform), home, YEAR)}
    checkups = states[CHECKUPS]
    assert checkups.actual == Decimal("3.9")
    assert checkups.state.name == "ACHIEVED"
