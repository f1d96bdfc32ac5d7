"""A deterministic synthetic province for the performance benchmark.

``province(plan, n)`` describes N counties; ``rows(plan, layout)`` yields every value they report:
every indicator of the plan (both series of indicator 12), monthly 2022-01..2027-12 plus the
quarters and the years, i.e. 27 series × (72 + 24 + 6) = 2,754 rows per county.

Layout (GB/T 2260-shaped codes in the home province 33): a city holds at most 99 counties
(``xxxx01``-``xxxx99``), so N counties are spread evenly over ``ceil(N / 99)`` cities
``331100``, ``331200``, ``331300``, … N = 10 and N = 90 sit under the one city 331100 (丽水市);
N = 300 sits under four cities of 75 counties (331200-331400 are not real cities). Under
331100 the nine real counties of 丽水市 come first, the home county 331126 (庆元县) leading, so
that the plan's own county has data for Q3 and every child the platform knows under 331100
(it syncs Zhejiang's real jurisdictions) has values; then codes 331101, 331103, … fill up.
Codes without a configured name are named after their code, as the platform does.

Values are plausible and pass every rule of the core and the seven domain plugins:

* each indicator's min/max; percentages in 0-100; whole numbers for 新增公办中小学学位数 (4),
  保障性租赁住房 (21) and 最低生活保障年人均标准 (24);
* year-to-date flows (4, 5, 13) rise within a year and restart in January; a quarter's and a
  year's value is the year-to-date total at its end;
* cumulative totals (11, 21) never fall; 最低生活保障年人均标准 (24) is raised each January and
  never falls; 人均预期寿命 (14) moves by tenths of a year; 职工 ≥ 城乡居民 for indicator 12;
  the plausibility caps (unemployment ≤ 20 %, places ≤ 50 per 1,000, care workers ≤ 1,000);
* every other quarter's and year's value is the value of its last month (an end-of-period
  reading).

Each county gets its own performance factor per indicator, so that the scoreboard shows every
state (ACHIEVED, ON_TRACK, AT_RISK, BEHIND). All randomness comes from one
``random.Random(seed)`` per (seed, county, indicator), so any N gives the same values for the
counties it shares with a larger N, and runs are repeatable on any machine.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from qyx_platform.model import Accumulation, Indicator, Plan, Polarity
from qyx_platform.services.reporting import ObservationInput

SEED = 20230428  # the plan's date of issue
YEARS = tuple(range(2022, 2028))
MAX_PER_CITY = 99
HOME_CITY = "331100"
HOME_COUNTY = "331126"
#: the real counties of 丽水市 (GB/T 2260; the platform syncs them from its jurisdictions data):
#: they come first under 331100, so that every child of the city has data
LISHUI = ("331126", "331102", "331121", "331122", "331123", "331124", "331125", "331127", "331181")

#: whole-number indicators (by code suffix), their values are printed without decimals
WHOLE = {
    "xueyou.new_public_school_places",
    "zhuyou.affordable_rental_housing_cumulative",
    "ruoyou.minimum_living_allowance_standard",
}
#: caps of the domain plugins' plausibility rules (kept well inside)
CAPS = {
    "laoyoudeyou.urban_registered_unemployment_rate": 20.0,
    "youyou.childcare_places_per_1000": 50.0,
    "laoyou.certified_care_workers_per_10k_elderly": 1000.0,
}


@dataclass(frozen=True)
class Layout:
    """Where the N counties sit: ``cities`` maps each city code to its county codes."""

    n: int
    seed: int
    cities: dict[str, list[str]]

    @property
    def parents(self) -> list[str]:
        """The city codes, in order (the ``$parent`` of Q1 and Q2)."""
        return list(self.cities)

    @property
    def counties(self) -> list[str]:
        """Every county code, city by city."""
        return [c for codes in self.cities.values() for c in codes]


def province(n: int, seed: int = SEED) -> Layout:
    """N counties over ``ceil(n / 99)`` cities 3311xx, 3312xx, … (evenly spread)."""
    if not 1 <= n <= 99 * 50:
        raise ValueError("1 ≤ n ≤ 4950")
    n_cities = math.ceil(n / MAX_PER_CITY)
    cities: dict[str, list[str]] = {}
    for k in range(n_cities):
        city = f"33{11 + k:02d}00"
        count = n // n_cities + (1 if k < n % n_cities else 0)
        codes = [f"{city[:4]}{s:02d}" for s in range(1, 100)]
        if city == HOME_CITY:  # 331126 and the other real counties first, then 331101, 331103, …
            codes = [*LISHUI, *(c for c in codes if c not in LISHUI)]
        cities[city] = codes[:count]
    return Layout(n, seed, cities)


def _periods() -> list[tuple[str, int, int]]:
    """(period text, year, month index 0-71 of the period's last month), months first."""
    out: list[tuple[str, int, int]] = []
    for y in YEARS:
        base = (y - YEARS[0]) * 12
        out += [(f"{y}-{m:02d}", y, base + m - 1) for m in range(1, 13)]
        out += [(f"{y}Q{q}", y, base + 3 * q - 1) for q in range(1, 5)]
        out.append((str(y), y, base + 11))
    return out


PERIODS = _periods()
MONTHS = 12 * len(YEARS)
ROWS_PER_COUNTY_SERIES = len(PERIODS)


def _numbers(indicator: Indicator, series: str | None) -> dict[int, float]:
    """The plan's numeric cells per year (全覆盖 of a percentage: 100), gaps filled from
    the nearest numeric year."""
    found: dict[int, float] = {}
    for y in YEARS:
        cell = indicator.target(y, series)
        if cell is None:
            continue
        if cell.value is not None:
            found[y] = float(cell.value)
        elif cell.comparator.value == "full_coverage" and indicator.is_percent:
            found[y] = 100.0
    if not found:
        return {y: 1.0 for y in YEARS}
    out: dict[int, float] = {}
    for y in YEARS:
        if y in found:
            out[y] = found[y]
        else:
            later = [v for k, v in sorted(found.items()) if k > y]
            earlier = [v for k, v in sorted(found.items()) if k < y]
            out[y] = later[0] if later else earlier[-1]
    return out


def _rng(seed: int, county: str, indicator: str, series: str | None) -> random.Random:
    return random.Random(f"{seed}|{county}|{indicator}|{series or ''}")


def _monthly(indicator: Indicator, series: str | None, county: str, seed: int) -> list[float]:
    """72 monthly values (2022-01 … 2027-12) of one county and series."""
    r = _rng(seed, county, indicator.code, series)
    code = indicator.code
    targets = _numbers(indicator, series)
    higher = indicator.polarity is Polarity.HIGHER_IS_BETTER
    # a county's performance: > 0 is better than planned, spread so that every state occurs
    perf = r.gauss(0.0, 0.06)
    sign = 1.0 if higher else -1.0
    values: list[float] = []

    if code == "ruoyou.minimum_living_allowance_standard":
        level = targets[2022] * (1 + r.uniform(-0.04, 0.04))
        for y in YEARS:
            if y > 2022:
                level += max(0.0, targets[y] - targets[y - 1]) * (1 + r.uniform(-0.3, 0.3)) + r.uniform(0, 60)
            values += [level] * 12
        return values
    if code == "bingyou.life_expectancy":
        level = 80.3 + r.uniform(-1.2, 1.0)
        for m in range(MONTHS):
            values.append(level + 0.1 * m / 12 + r.uniform(-0.03, 0.03))
        return values
    if code == "bingyou.inpatient_reimbursement_rate":
        centre = 86.0 if series == "职工" else 70.0
        drift = r.uniform(-2.5, 2.5)
        return [centre + drift + r.uniform(-0.6, 0.6) for _ in range(MONTHS)]

    if indicator.accumulation is Accumulation.YTD_FLOW:
        for y in YEARS:
            total = targets[y] * (1 + perf + r.gauss(0, 0.04))
            if targets[y] == 0:  # years with no new places planned still add a few
                total = r.choice([0, 0, 0, 60, 120, 180, 300])
            weights = [r.uniform(0.2, 1.8) for _ in range(12)]
            s = sum(weights)
            running = 0.0
            for w in weights:
                running += max(0.0, total) * w / s
                values.append(running)
        return values
    if indicator.accumulation is Accumulation.CUMULATIVE:
        running = 0.0
        for m in range(MONTHS):
            y = YEARS[0] + m // 12
            previous = targets.get(y - 1, targets[y])
            f = (m % 12 + 1) / 12
            planned = previous + (targets[y] - previous) * f
            running = max(running, planned * (1 + perf) + r.uniform(-0.01, 0.01) * planned)
            values.append(running)
        return values

    # levels and rates: around the planned path (bounds such as <3 or >70 around the baseline)
    base = targets[2022]
    for m in range(MONTHS):
        y = YEARS[0] + m // 12
        cell = indicator.target(y, series)
        bound = cell is not None and cell.comparator.value in ("below", "above")
        if bound:
            planned = base if base else targets[y] * (0.8 if not higher else 1.15)
        else:
            previous = targets.get(y - 1, targets[y])
            f = (m % 12 + 1) / 12
            planned = previous + (targets[y] - previous) * f
        scale = planned if planned else 1.0
        values.append(planned + sign * perf * scale + r.gauss(0, 0.008) * scale)
    return values


def _text(indicator: Indicator, value: float) -> str:
    lo = float(indicator.min_value) if indicator.min_value is not None else None
    hi = float(indicator.max_value) if indicator.max_value is not None else None
    cap = CAPS.get(indicator.code)
    if lo is not None:
        value = max(lo, value)
    if hi is not None:
        value = min(hi, value)
    if cap is not None:
        value = min(cap * 0.9, value)
    if indicator.code in WHOLE:
        return str(math.floor(value + 0.5))
    return f"{value:.2f}"


def county_rows(plan: Plan, county: str, seed: int = SEED) -> list[ObservationInput]:
    """Every row one county reports (2,754 with the seven domains)."""
    out: list[ObservationInput] = []
    for indicator in plan.indicators:
        for key in indicator.series_keys:
            monthly = [_text(indicator, v) for v in _monthly(indicator, key, county, seed)]
            for text, _, month in PERIODS:
                out.append(ObservationInput(indicator.code, text, monthly[month], county, key))
    return out


def rows(plan: Plan, layout: Layout) -> Iterator[list[ObservationInput]]:
    """The rows of the province, one county at a time."""
    for county in layout.counties:
        yield county_rows(plan, county, layout.seed)


def row_count(plan: Plan, layout: Layout) -> int:
    """How many rows the province reports."""
    per_county = sum(len(i.series_keys) for i in plan.indicators) * len(PERIODS)
    return per_county * layout.n


def as_decimal(text: str) -> Decimal:
    """The value as the platform stores it."""
    return Decimal(text)


#: GB/T 2260 codes of the 31 provincial-level divisions of the mainland
PROVINCES = (
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
)  # fmt: skip
#: counties (county-level divisions) of the nation simulated by ``--national``
NATIONAL_COUNTIES = 2_844
#: cities per simulated province
CITIES_PER_PROVINCE = 4


def nation(
    counties: int = NATIONAL_COUNTIES, cities_per_province: int = CITIES_PER_PROVINCE, seed: int = SEED
) -> dict[str, Layout]:
    """A nation-sized layout: ``counties`` spread evenly over the 31 provinces, each province's
    spread evenly over ``cities_per_province`` cities (codes pp01..pp04, and for Zhejiang the
    home city 3311 first, its real counties leading, so that Q3's home county has values).
    Province by province, each a :class:`Layout` whose parents are its cities."""
    out: dict[str, Layout] = {}
    for k, province_code in enumerate(PROVINCES):
        n = counties // len(PROVINCES) + (1 if k < counties % len(PROVINCES) else 0)
        prefixes = [f"{province_code}{c:02d}" for c in range(1, cities_per_province + 1)]
        if province_code == HOME_CITY[:2]:
            prefixes = [HOME_CITY[:4], *prefixes[:-1]]
        cities: dict[str, list[str]] = {}
        for c, prefix in enumerate(prefixes):
            count = n // len(prefixes) + (1 if c < n % len(prefixes) else 0)
            codes = [f"{prefix}{s:02d}" for s in range(1, 100)]
            if prefix == HOME_CITY[:4]:
                codes = [*LISHUI, *(x for x in codes if x not in LISHUI)]
            cities[f"{prefix}00"] = codes[:count]
        out[province_code] = Layout(n, seed, cities)
    return out
