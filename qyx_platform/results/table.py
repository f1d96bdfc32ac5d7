"""The table machinery of :mod:`qyx_platform.results`: columns, aligned text (CJK characters
count two), HTML for Jupyter, and the conversion of records to plain rows and JSON."""

from __future__ import annotations

import dataclasses
import html
import json
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar, Generic, TypeVar, overload

from qyx_platform.i18n import N_, LazyString, _, current_language

#: the text of a missing value in a table
EMPTY = "—"
#: rows shown by ``repr`` before "… N more"
REPR_ROWS = 30


def plain(value: object) -> object:
    """A value as plain Python: messages as text, enums as their value, periods as text;
    numbers, dates and None unchanged."""
    if isinstance(value, LazyString):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, str | int | float | Decimal | date | datetime | bool):
        return value
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    return str(value)


def json_ready(value: object) -> object:
    """A plain value JSON can carry exactly: Decimals and dates as text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [json_ready(v) for v in value]
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    return value


#: states of the plan (evaluation.State values) as a table shows them
STATE_LABELS: dict[str, str] = {
    "achieved": N_("achieved"),
    "on_track": N_("on track"),
    "at_risk": N_("at risk"),
    "behind": N_("behind"),
    "no_data": N_("no data"),
}


def localised(chinese: str, english: str) -> str:
    """The Chinese text, or the English one when messages are in English (and it exists)."""
    return english if english and current_language() == "en" else chinese


def state_label(state: str) -> str:
    """A state (``achieved`` …) in the language in force."""
    return _(STATE_LABELS[state]) if state in STATE_LABELS else state


def display(value: object) -> str:
    """A cell's text: ``—`` for nothing, numbers as stored (never rounded)."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def fields_of(record: Any) -> dict[str, Any]:
    """A dataclass instance's fields as plain values, field name → value (Decimal stays
    Decimal, dates stay dates, enums and messages become text, tuples lists)."""
    return {f.name: plain(getattr(record, f.name)) for f in dataclasses.fields(record)}


class Record:
    """The base of every record of a result (a frozen dataclass): :meth:`as_dict` gives its
    fields as plain Python values, as one row of :meth:`ResultTable.rows` does."""

    __slots__ = ()

    def as_dict(self) -> dict[str, Any]:
        """Field name → plain value (Decimal stays Decimal, dates stay dates, enums and
        messages become text, tuples lists)."""
        return fields_of(self)

    def to_json(self, **kwargs: Any) -> str:
        """The record as JSON text (Decimals and dates as strings, so no digit is lost)."""
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(json_ready(self.as_dict()), **kwargs)


@dataclass(frozen=True)
class Column:
    """A column of a printed table: the record field, its header (translated when shown),
    right alignment for numbers, an optional formatter of the cell and a priority (which
    columns a narrow terminal keeps)."""

    field: str
    header: LazyString
    numeric: bool = False
    show: Callable[[Any], str] | None = None
    #: on a narrow terminal the CLI leaves out columns of lower priority first
    priority: int = 5
    #: the value shown, when it is not simply the field (a name in the language in force)
    get: Callable[[Any], object] | None = None

    def cell(self, record: object) -> str:
        """The display text of this column for a record."""
        value = self.get(record) if self.get is not None else getattr(record, self.field)
        return self.show(value) if self.show is not None else display(value)


R = TypeVar("R")


def text_width(text: str) -> int:
    """Columns a text takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - text_width(text))
    return gap + text if right else text + gap


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool]) -> str:
    """An aligned plain-text table (two spaces between columns, a rule under the headers)."""
    widths = [text_width(h) for h in headers]
    for row in rows:
        widths = [max(w, text_width(c)) for w, c in zip(widths, row, strict=True)]
    lines = ["  ".join(_pad(h, w, r) for h, w, r in zip(headers, widths, numeric, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(_pad(c, w, r) for c, w, r in zip(row, widths, numeric, strict=True)).rstrip())
    return "\n".join(lines)


class ResultTable(Sequence[R], Generic[R]):
    """A sequence of records that prints as a table and converts to plain rows.

    ``title`` heads the printed table; ``columns`` say what is printed (``rows()`` has every
    field of the records, printed or not)."""

    def __init__(self, records: Sequence[R], columns: Sequence[Column], title: str | LazyString = "") -> None:
        self.records: tuple[R, ...] = tuple(records)
        self.columns = tuple(columns)
        self.title = title

    def __len__(self) -> int:
        return len(self.records)

    @overload
    def __getitem__(self, index: int) -> R: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[R]: ...

    def __getitem__(self, index: int | slice) -> R | Sequence[R]:
        return self.records[index]

    def __iter__(self) -> Iterator[R]:
        return iter(self.records)

    def rows(self) -> list[dict[str, Any]]:
        """Every record as a dict of plain Python values (field name → value)."""
        return [r.as_dict() if isinstance(r, Record) else fields_of(r) for r in self.records]

    def to_json(self, **kwargs: Any) -> str:
        """The rows as JSON text (Decimals and dates as strings, so no digit is lost)."""
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps([json_ready(r) for r in self.rows()], **kwargs)

    def headers(self) -> list[str]:
        """The printed columns' headers, in the language in force."""
        return [str(c.header) for c in self.columns]

    def cells(self) -> list[list[str]]:
        """The printed columns' texts, one list per record."""
        return [[c.cell(r) for c in self.columns] for r in self.records]

    def numeric(self) -> list[bool]:
        """Which printed columns hold numbers (right-aligned)."""
        return [c.numeric for c in self.columns]

    def text(self, limit: int | None = None) -> str:
        """The table as aligned text, at most ``limit`` records (then "… N more")."""
        shown = self.cells() if limit is None else self.cells()[:limit]
        body = format_table(self.headers(), shown, self.numeric())
        head = f"{self.title}\n" if str(self.title) else ""
        more = len(self.records) - len(shown)
        tail = "\n" + _("… and {count} more", count=more) if more > 0 else ""
        return head + body + tail

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return self.text(REPR_ROWS)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self.headers())
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in self.cells()
        )
        caption = f"<caption>{html.escape(str(self.title))}</caption>" if str(self.title) else ""
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


class Tables:
    """The base of a result made of several tables (a frozen dataclass, such as the
    scoreboard's domains and departments): the fields named in :attr:`TABLES` hold its
    :class:`ResultTable` objects, in print order; its other fields describe it (year,
    jurisdiction …). It prints as its tables one after another and converts like a record."""

    __slots__ = ()
    #: the fields holding the tables, in print order
    TABLES: ClassVar[tuple[str, ...]] = ()

    def tables(self) -> tuple[ResultTable[Any], ...]:
        """Its tables in print order."""
        return tuple(getattr(self, name) for name in self.TABLES)

    def rows(self) -> dict[str, list[dict[str, Any]]]:
        """Table field name → its rows as plain dicts."""
        return {name: table.rows() for name, table in zip(self.TABLES, self.tables(), strict=True)}

    def as_dict(self) -> dict[str, Any]:
        """Its other fields, then every table's rows, as plain Python."""
        described = (f.name for f in dataclasses.fields(self) if f.name not in self.TABLES)  # type: ignore[arg-type]
        return {**{name: plain(getattr(self, name)) for name in described}, **self.rows()}

    def to_json(self, **kwargs: Any) -> str:
        """:meth:`as_dict` as JSON text (Decimals and dates as exact strings)."""
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(json_ready(self.as_dict()), **kwargs)

    def __str__(self) -> str:
        return "\n\n".join(str(t) for t in self.tables())

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        return "".join(t._repr_html_() for t in self.tables())


def percent(value: Decimal | None) -> str:
    """A share (0.45) as a percentage (45%), for progress."""
    if value is None:
        return EMPTY
    return f"{(value * 100).quantize(Decimal('1'))}%"
