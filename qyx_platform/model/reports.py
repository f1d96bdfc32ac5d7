"""Periodic reports (月调度 monthly dispatch, 季分析 quarterly analysis, 年总结 annual summary):
the content model every format is written from.

A :class:`Report` is a title and ordered :class:`ReportSection` s; a section has a key, a
heading, an optional domain, Markdown prose and the :class:`ReportTable` s and
:class:`ReportChart` s behind it. Its :attr:`ReportSection.body` is the prose followed by its
tables as Markdown. Cells are text, Decimal or int (never float), so that every format prints
the same figures. A report serialises to JSON and back without loss (frozen snapshots).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from qyx_platform.errors import PeriodError
from qyx_platform.i18n import N_, _
from qyx_platform.model.periods import Granularity, Period

#: a table cell: text, an exact number, or nothing
Cell = str | Decimal | int | None


class ReportKind(Enum):
    """The three periodic reports of the plan's 月调度、季分析、年总结 mechanism."""

    MONTHLY = "monthly"  #: 月调度: monthly dispatch, period ``2025-07``
    QUARTERLY = "quarterly"  #: 季分析: quarterly analysis, period ``2025Q3``
    ANNUAL = "annual"  #: 年总结: annual summary, period ``2025``

    @property
    def granularity(self) -> Granularity:
        """The granularity of the period this kind of report covers."""
        return {
            ReportKind.MONTHLY: Granularity.MONTH,
            ReportKind.QUARTERLY: Granularity.QUARTER,
            ReportKind.ANNUAL: Granularity.YEAR,
        }[self]

    def period(self, text: str) -> Period:
        """Parse ``text`` as this kind's period; raise PeriodError naming the expected form."""
        period = Period.parse(text)
        if period.granularity is not self.granularity:
            example = {"monthly": "2025-07", "quarterly": "2025Q3", "annual": "2025"}[self.value]
            raise PeriodError(
                _(
                    "a {kind} report covers a {granularity} (e.g. {example}), not {text}",
                    kind=_(_KIND_WORDS[self.value]),
                    granularity=_(_PERIOD_WORDS[self.granularity.value]),
                    example=example,
                    text=repr(text),
                )
            )
        return period


#: the kinds and the periods they cover as words, translated when shown
_KIND_WORDS = {"monthly": N_("monthly"), "quarterly": N_("quarterly"), "annual": N_("annual")}
_PERIOD_WORDS = {"month": N_("month"), "quarter": N_("quarter"), "year": N_("year")}


class Language(Enum):
    """The language a report is written in: Chinese by default, or English."""

    ZH = "zh"
    EN = "en"

    def pick(self, zh: str, en: str) -> str:
        """``zh`` or ``en`` for this language."""
        return zh if self is Language.ZH else en


def format_cell(cell: Cell) -> str:
    """A cell as every format prints it: Decimal digits as stored (``3.20``), ``-`` for none."""
    if cell is None:
        return "-"
    if isinstance(cell, Decimal):
        return format(cell, "f")
    return str(cell)


@dataclass(frozen=True)
class ReportTable:
    """A table behind a section: a key unique in its report, a title, column headings, rows."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...] = ()

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"table {self.key!r}: a row has {len(row)} cells for {len(self.columns)}")
            for cell in row:
                if isinstance(cell, float):
                    raise TypeError(f"table {self.key!r}: a cell is a float; use Decimal")

    def markdown(self) -> str:
        """The table as a GitHub-flavoured Markdown table, its title in bold above it."""
        lines = [f"**{self.title}**", ""] if self.title else []
        lines.append("| " + " | ".join(_md(c) for c in self.columns) + " |")
        lines.append("|" + "|".join("---" for _ in self.columns) + "|")
        lines.extend("| " + " | ".join(_md(format_cell(c)) for c in row) + " |" for row in self.rows)
        return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


@dataclass(frozen=True)
class ChartSeries:
    """One line of a chart: a name and one value (or None) per category."""

    name: str
    values: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class ReportChart:
    """A line chart: categories along x (years, periods), series of values (actual, target)."""

    key: str
    title: str
    unit: str
    categories: tuple[str, ...]
    series: tuple[ChartSeries, ...]

    def __post_init__(self) -> None:
        for s in self.series:
            if len(s.values) != len(self.categories):
                raise ValueError(f"chart {self.key!r}: series {s.name!r} does not match the categories")


@dataclass(frozen=True)
class ReportSection:
    """One section of a report: ``key`` unique in the report (plugins prefix theirs with the
    domain: ``zhuyou.rental_housing``), ``heading``, the domain it belongs to (None for the
    core's sections), Markdown ``text`` and the tables and charts behind it."""

    key: str
    heading: str
    text: str = ""
    domain: str | None = None
    tables: tuple[ReportTable, ...] = ()
    charts: tuple[ReportChart, ...] = ()

    @property
    def body(self) -> str:
        """The section as Markdown: the prose, then each table."""
        parts = [self.text.strip()] if self.text.strip() else []
        parts.extend(t.markdown() for t in self.tables)
        return "\n\n".join(parts)

    def digest(self) -> str:
        """A hash of the section's whole content: equal digests, equal sections."""
        data = json.dumps(_section_json(self), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Report:
    """A periodic report as built from live data (or as frozen in a snapshot)."""

    kind: ReportKind
    period: str
    jurisdiction: str
    jurisdiction_name: str
    language: Language
    title: str
    generated_at: datetime
    sections: tuple[ReportSection, ...] = field(default=())

    def section(self, key: str) -> ReportSection | None:
        """The section with this key, or None."""
        return next((s for s in self.sections if s.key == key), None)

    def markdown(self) -> str:
        """The whole report as one Markdown document."""
        out = [f"# {self.title}", "", self.subtitle(), ""]
        for s in self.sections:
            out += [f"## {s.heading}", ""]
            if s.body:
                out += [s.body, ""]
        return "\n".join(out).rstrip("\n") + "\n"

    def subtitle(self) -> str:
        """One line under the title: jurisdiction, period and when it was generated."""
        when = self.generated_at.strftime("%Y-%m-%d %H:%M UTC")
        return self.language.pick(
            f"{self.jurisdiction_name}（{self.jurisdiction}）· 期间 {self.period} · 生成于 {when}",
            f"{self.jurisdiction_name} ({self.jurisdiction}) · period {self.period} · generated {when}",
        )

    def to_json(self) -> str:
        """The report as JSON text (Decimals kept as their digits)."""
        data = {
            "kind": self.kind.value,
            "period": self.period,
            "jurisdiction": self.jurisdiction,
            "jurisdiction_name": self.jurisdiction_name,
            "language": self.language.value,
            "title": self.title,
            "generated_at": self.generated_at.isoformat(),
            "sections": [_section_json(s) for s in self.sections],
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Report:
        """The report :meth:`to_json` wrote."""
        data = json.loads(text)
        return cls(
            kind=ReportKind(data["kind"]),
            period=data["period"],
            jurisdiction=data["jurisdiction"],
            jurisdiction_name=data["jurisdiction_name"],
            language=Language(data["language"]),
            title=data["title"],
            generated_at=datetime.fromisoformat(data["generated_at"]),
            sections=tuple(_section_from(s) for s in data["sections"]),
        )


def _cell_json(cell: Cell) -> Any:
    return {"d": format(cell, "f")} if isinstance(cell, Decimal) else cell


def _cell_from(value: Any) -> Cell:
    if isinstance(value, dict):
        return Decimal(value["d"])
    if value is None or isinstance(value, str | int):
        return value
    raise ValueError(f"not a report cell: {value!r}")


def _section_json(s: ReportSection) -> dict[str, Any]:
    return {
        "key": s.key,
        "heading": s.heading,
        "text": s.text,
        "domain": s.domain,
        "tables": [
            {
                "key": t.key,
                "title": t.title,
                "columns": list(t.columns),
                "rows": [[_cell_json(c) for c in row] for row in t.rows],
            }
            for t in s.tables
        ],
        "charts": [
            {
                "key": c.key,
                "title": c.title,
                "unit": c.unit,
                "categories": list(c.categories),
                "series": [{"name": x.name, "values": [_cell_json(v) for v in x.values]} for x in c.series],
            }
            for c in s.charts
        ],
    }


def _decimal_or_none(value: Any) -> Decimal | None:
    cell = _cell_from(value)
    if cell is None or isinstance(cell, Decimal):
        return cell
    raise ValueError(f"not a chart value: {value!r}")


def _section_from(data: dict[str, Any]) -> ReportSection:
    return ReportSection(
        key=data["key"],
        heading=data["heading"],
        text=data["text"],
        domain=data["domain"],
        tables=tuple(
            ReportTable(
                t["key"],
                t["title"],
                tuple(t["columns"]),
                tuple(tuple(_cell_from(c) for c in row) for row in t["rows"]),
            )
            for t in data["tables"]
        ),
        charts=tuple(
            ReportChart(
                c["key"],
                c["title"],
                c["unit"],
                tuple(c["categories"]),
                tuple(
                    ChartSeries(x["name"], tuple(_decimal_or_none(v) for v in x["values"]))
                    for x in c["series"]
                ),
            )
            for c in data["charts"]
        ),
    )
