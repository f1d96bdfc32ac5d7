"""A blank reporting template (填报模板) for one department and period (``qyx template``).

The template lists exactly what the department owes for the period, as reporting timeliness
counts it: every indicator and task target of the domains it leads, for every reporting cycle
of its frequency that lies inside the period (a monthly indicator owes ``2025-07``,
``2025-08``, ``2025-09`` for ``2025Q3``; a yearly one owes nothing in a quarter; a task target
nothing after its deadline year), once per series, for the home county. Where the plan
gives no frequency, the period itself is owed once. Each row carries the indicator's name,
unit and the year's target beside its code for the person filling it in; the import ignores
those columns and reads the filled-in 数值 (value) column, so the file goes straight back
through ``qyx import``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from qyx_platform.errors import NotFoundError, QyxError
from qyx_platform.i18n import _
from qyx_platform.model import Granularity, Indicator, Period, Plan
from qyx_platform.model.items import expected_in, items
from qyx_platform.tabular import FIELDS, HEADERS, write_table

#: informational columns after the indicator's code (ignored on import)
EXTRA_HEADERS: dict[str, tuple[str, str, str]] = {
    "zh": ("指标名称", "单位", "目标"),
    "en": ("indicator name", "unit", "target"),
}


@dataclass(frozen=True)
class OwedValue:
    """One value a department owes: indicator, period, series (key or None), jurisdiction."""

    indicator: Indicator
    period: Period
    series: str | None
    jurisdiction: str


def resolve_department(plan: Plan, name: str) -> str:
    """The plan's name of a department given its Chinese or English name."""
    for department in plan.departments:
        if name.strip() in (department.name, department.english_name):
            return department.name
    names = ", ".join(d.name for d in plan.departments)
    raise NotFoundError(_("no department '{name}'; use one of {names}", name=name, names=names))


def cycles_within(indicator: Indicator, period: Period) -> list[Period]:
    """The reporting cycles of ``indicator`` inside ``period`` (the period itself when the
    indicator has no reporting frequency)."""
    frequency = getattr(indicator, "frequency", None)
    granularity: Granularity | None = getattr(frequency, "granularity", None)
    if granularity is None:
        return [period]
    if granularity is period.granularity:
        return [period]
    if granularity is Granularity.MONTH:
        candidates = [Period.parse(f"{period.year}-{m:02d}") for m in range(1, 13)]
    elif granularity is Granularity.QUARTER:
        candidates = [Period.parse(f"{period.year}Q{q}") for q in range(1, 5)]
    else:
        candidates = [Period.parse(str(period.year))]
    return [c for c in candidates if period.contains(c)]


def owed(plan: Plan, department: str, period: Period, jurisdiction: str | None = None) -> Iterator[OwedValue]:
    """What ``department`` owes for ``period``, in plan order, cycle and series: its domains'
    indicators, then their task targets (measured as indicators), each in the cycles of its
    frequency inside the period where it is expected (as reporting timeliness counts: a task
    target not after its deadline year)."""
    chosen = resolve_department(plan, department)
    where = jurisdiction or plan.document.home_jurisdiction
    domains = {d.code for d in plan.department_domains(chosen)}
    expected = {item.code: item for item in items(plan)}
    for indicator in (*plan.indicators, *plan.measures):
        if indicator.domain not in domains:
            continue
        item = expected[indicator.code]
        for cycle in cycles_within(indicator, period):
            if not expected_in(item, cycle):
                continue
            for key in indicator.series_keys:
                yield OwedValue(indicator, cycle, key, where)


def _target_text(indicator: Indicator, year: int, series: str | None) -> str:
    cell = indicator.target(year, series)
    return "" if cell is None else cell.text


def write_template(
    plan: Plan,
    target: str | Path | IO[str],
    department: str,
    period: str,
    *,
    fmt: str = "csv",
    lang: str = "zh",
    jurisdiction: str | None = None,
    bom: bool = True,
) -> int:
    """Write the blank template to a file path or text stream; returns the number of rows."""
    if lang not in HEADERS:
        raise QyxError(_("unknown language '{lang}'; use zh or en", lang=lang))
    asked = Period.parse(period)
    rows = []
    for item in owed(plan, department, asked, jurisdiction):
        indicator = item.indicator
        series = indicator.find_series(item.series) if item.series else None
        english = lang == "en"
        name = indicator.english_name if english and indicator.english_name else indicator.name
        unit = indicator.english_unit if english and indicator.english_unit else indicator.unit
        series_text = (
            ""
            if series is None
            else (series.english_name if english and series.english_name else series.name)
        )
        cells = {
            "indicator": indicator.code,
            "period": str(item.period),
            "value": "",
            "jurisdiction": item.jurisdiction,
            "series": series_text,
            "note": "",
        }
        extra = [name, unit, _target_text(indicator, item.period.year, item.series)]
        rows.append([cells["indicator"], *extra, *(cells[f] for f in FIELDS[1:])])
    header = [HEADERS[lang]["indicator"], *EXTRA_HEADERS[lang], *(HEADERS[lang][f] for f in FIELDS[1:])]
    return write_table(target, header, rows, fmt=fmt, bom=bom, value_column=None)
