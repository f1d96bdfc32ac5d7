"""Exporting current values in the import format (``qyx export``).

Beside each indicator's code the file carries its name (指标名称) and unit (单位), for the
person who reads it; the import ignores those columns.

The current value of a key (indicator × jurisdiction × period × series) is its newest
approved revision; its note is that revision's note. Rows are sorted by the indicator's plan
number, the jurisdiction code, the period (``2025-12`` < ``2025Q4`` < ``2025``) and the series.
Values are written exactly as stored (``3.20`` stays ``3.20``), so that importing an export
reports the same current values again (as new revisions).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from sqlalchemy import and_, select

from qyx_platform.errors import QyxError
from qyx_platform.i18n import _
from qyx_platform.model import Level, Plan, level_of
from qyx_platform.store.tables import CurrentValueRow, IndicatorRow, ObservationRow
from qyx_platform.tabular import FIELDS, HEADERS, plain_decimal_text, write_table

if TYPE_CHECKING:
    from qyx_platform.platform import Platform


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One current value as written to a file (every field as text, '' when empty)."""

    indicator: str
    period: str
    value: str
    jurisdiction: str
    series: str
    note: str

    def cells(self) -> tuple[str, ...]:
        """The cells in :data:`~qyx_platform.tabular.FIELDS` order."""
        return tuple(getattr(self, f) for f in FIELDS)


def resolve_indicators(platform: Platform, wanted: Sequence[str]) -> list[str]:
    """Indicator codes for codes or plan numbers; NotFoundError names an unknown one."""
    return [platform.plan.indicator(w.strip()).code for w in wanted]


def current_rows(
    platform: Platform, *, indicators: Sequence[str] = (), jurisdiction: str | None = None
) -> Iterator[ExportRow]:
    """Current values, sorted for export; ``indicators`` are codes or plan numbers;
    ``jurisdiction`` a county, or a city or province with everything under it."""
    codes = resolve_indicators(platform, indicators)
    current = CurrentValueRow
    query = (
        select(
            current.indicator_code,
            current.period,
            current.value,
            current.jurisdiction_code,
            current.series,
            ObservationRow.note,
        )
        .outerjoin(
            ObservationRow,
            and_(
                ObservationRow.indicator_code == current.indicator_code,
                ObservationRow.jurisdiction_code == current.jurisdiction_code,
                ObservationRow.period == current.period,
                ObservationRow.series == current.series,
                ObservationRow.revision == current.revision,
            ),
        )
        .outerjoin(IndicatorRow, IndicatorRow.code == current.indicator_code)
        .where(current.value.is_not(None))
        .order_by(
            IndicatorRow.plan_number,
            current.indicator_code,
            current.jurisdiction_code,
            current.period_sort,
            current.series,
        )
    )
    if codes:
        query = query.where(current.indicator_code.in_(codes))
    if jurisdiction:
        level = level_of(jurisdiction.strip())
        if level is Level.COUNTY:
            query = query.where(current.jurisdiction_code == jurisdiction.strip())
        else:
            prefix = jurisdiction.strip()[: 2 if level is Level.PROVINCE else 4]
            query = query.where(current.jurisdiction_code.like(prefix + "%"))
    with platform.sessions() as session:
        for ind, period, value, jur, series, note in session.execute(query):
            yield ExportRow(ind, period, plain_decimal_text(str(value)), jur, series or "", note or "")


#: columns written after the indicator's code so that a person can read the file: its name
#: and unit as the plan gives them (ignored on import, see tabular.INFORMATIONAL_HEADERS)
NAME_HEADERS: dict[str, tuple[str, str]] = {"zh": ("指标名称", "单位"), "en": ("indicator name", "unit")}


def describe(plan: Plan, code: str, lang: str) -> tuple[str, str]:
    """The name and unit of an indicator (or other reported item) in ``lang``; ('', '')
    when the plan does not know the code."""
    indicator = plan.find_indicator(code)
    if indicator is None:
        return "", ""
    if lang == "en":
        return indicator.english_name or indicator.name, indicator.english_unit or indicator.unit
    return indicator.name, indicator.unit


def with_names(
    plan: Plan, header: Sequence[str], rows: Iterable[Sequence[str]], lang: str
) -> tuple[list[str], Iterator[list[str]]]:
    """The header and rows with the name and unit columns after the first (the code)."""
    names: dict[str, tuple[str, str]] = {}

    def add(row: Sequence[str]) -> list[str]:
        code = row[0]
        if code not in names:
            names[code] = describe(plan, code, lang)
        return [code, *names[code], *row[1:]]

    return [header[0], *NAME_HEADERS[lang], *header[1:]], (add(r) for r in rows)


def export_values(
    platform: Platform,
    target: str | Path | IO[str],
    *,
    fmt: str = "csv",
    lang: str = "zh",
    indicators: Sequence[str] = (),
    jurisdiction: str | None = None,
    bom: bool = True,
) -> int:
    """Write current values to a file path or text stream in the import format; return the
    number of rows. ``lang`` picks the headers (``zh``: 指标, 指标名称, 单位, 期间, …; ``en``:
    indicator, indicator name, unit, period, …) and the language of names and units."""
    if lang not in HEADERS:
        raise QyxError(_("unknown language '{lang}'; use zh or en", lang=lang))
    resolve_indicators(platform, indicators)  # an unknown one is refused before a line is written
    rows = (r.cells() for r in current_rows(platform, indicators=indicators, jurisdiction=jurisdiction))
    header, named = with_names(platform.plan, [HEADERS[lang][f] for f in FIELDS], rows, lang)
    return write_table(target, header, named, fmt=fmt, bom=bom, value_column=FIELDS.index("value") + 2)
