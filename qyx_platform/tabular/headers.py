"""Header rows of value tables: which column holds which field, in Chinese or English.

Headers compare after Unicode NFKC (full-width forms become ASCII), case folding, removing
spaces, ``_``, ``-``, a leading ``*`` and a trailing bracket such as ``(%)``/``（单位）``.
Unknown headers and missing required columns are errors naming them and listing the accepted
headers; :data:`INFORMATIONAL_HEADERS` (names, units, targets, a 序号 row counter) are accepted and
ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from qyx_platform.i18n import _
from qyx_platform.tabular.errors import TabularError

FIELDS: tuple[str, ...] = ("indicator", "period", "value", "jurisdiction", "series", "note")
#: columns every file must have (jurisdiction defaults to the plan's home county)
REQUIRED_FIELDS: tuple[str, ...] = ("indicator", "period", "value")

#: the headers written by ``qyx export``, per language
HEADERS: dict[str, dict[str, str]] = {
    "zh": {
        "indicator": "指标",
        "period": "期间",
        "value": "数值",
        "jurisdiction": "地区",
        "series": "分组",
        "note": "备注",
    },
    "en": {field: field for field in FIELDS},
}

#: accepted header texts per column (compared after :func:`normalise_header`); the first
#: Chinese and the first English entry are the canonical headers of :data:`HEADERS`
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "indicator": (
        "指标",
        "指标代码",
        "指标编码",
        "指标编号",
        "指标序号",
        "indicator",
        "indicator code",
        "indicator_code",
    ),
    "period": (
        "期间",
        "年份",
        "年度",
        "时期",
        "报告期",
        "统计期",
        "统计期间",
        "期别",
        "period",
        "year",
        "reporting period",
    ),
    "value": (
        "数值",
        "值",
        "实际值",
        "完成值",
        "指标值",
        "实绩",
        "value",
        "actual",
        "actual value",
        "amount",
    ),
    "jurisdiction": (
        "地区",
        "地区代码",
        "地区编码",
        "区划",
        "区划代码",
        "行政区划",
        "行政区划代码",
        "jurisdiction",
        "jurisdiction code",
        "region",
        "area",
        "area code",
    ),
    "series": ("分组", "分项", "系列", "类别", "series", "group", "category"),
    "note": ("备注", "说明", "note", "notes", "remark", "remarks", "comment", "comments"),
}

#: headers accepted and ignored on import (human-readable helpers a template may carry);
#: 序号 is a row counter in most Chinese templates, so it is ignored rather than read as
#: the plan number (write 指标 or 指标序号 for that)
INFORMATIONAL_HEADERS: tuple[str, ...] = (
    "指标名称",
    "地区名称",
    "单位",
    "计量单位",
    "序号",
    "目标",
    "indicator name",
    "jurisdiction name",
    "unit",
    "no.",
    "target",
)

#: how many non-blank rows from the top are searched for the header row
HEADER_SEARCH_ROWS = 10
#: how many problems an error message lists before giving only a count

_BRACKET_SUFFIX = re.compile(r"[(\[【][^()\[\]【】]*[)\]】]$")
_HEADER_NOISE = re.compile(r"[\s_\-*]+")


def normalise_header(text: str) -> str:
    """A header as compared with the aliases: NFKC (full-width → ASCII), case-folded, without
    spaces, ``_``, ``-``, ``*`` and a trailing bracket (``数值（%）`` → ``数值``)."""
    plain = unicodedata.normalize("NFKC", text).replace("\ufeff", "").strip()
    plain = _BRACKET_SUFFIX.sub("", plain)
    return _HEADER_NOISE.sub("", plain).casefold()


_ALIAS_LOOKUP: dict[str, str] = {
    normalise_header(alias): field for field, aliases in HEADER_ALIASES.items() for alias in aliases
}
_INFORMATIONAL = frozenset(normalise_header(h) for h in INFORMATIONAL_HEADERS)


def accepted_headers() -> str:
    """The accepted headers, one column per line, for error messages and ``--help``."""
    lines = []
    for field in FIELDS:
        need = _("required") if field in REQUIRED_FIELDS else _("optional")
        lines.append(f"  {field} ({need}): {', '.join(HEADER_ALIASES[field])}")
    lines.append("  " + _("ignored: {headers}", headers=", ".join(INFORMATIONAL_HEADERS)))
    return "\n".join(lines)


@dataclass(frozen=True)
class HeaderMap:
    """Which file column holds which field, with the header text as written.

    ``informational`` columns are read and ignored; ``unnamed`` columns (an empty header
    cell) and cells beyond ``width`` must stay empty.
    """

    line: int
    columns: dict[str, int]
    names: dict[str, str]
    informational: frozenset[int]
    unnamed: frozenset[int]
    width: int

    def label(self, field: str) -> str:
        """The column header of ``field`` as written in the file (the field name if absent)."""
        return self.names.get(field, field)


def header_score(cells: Sequence[object]) -> int:
    """How many distinct fields a row's cells name: picks the likeliest header row."""
    return len({_ALIAS_LOOKUP.get(normalise_header(_plain_text(c))) for c in cells} - {None})


def match_headers(cells: Sequence[object], line: int = 1) -> HeaderMap:
    """Map header cells to fields; raise TabularError naming unknown, duplicate and missing
    columns, with the accepted headers."""
    columns: dict[str, int] = {}
    names: dict[str, str] = {}
    informational: set[int] = set()
    unnamed: set[int] = set()
    unknown: list[str] = []
    duplicates: list[str] = []
    for position, cell in enumerate(cells):
        text = _plain_text(cell)
        if not text:
            unnamed.add(position)
            continue
        key = normalise_header(text)
        field = _ALIAS_LOOKUP.get(key)
        if field is None:
            if key in _INFORMATIONAL:
                informational.add(position)
            else:
                unknown.append(text)
            continue
        if field in columns:
            duplicates.append(
                _("'{first}' and '{second}' both mean {field}", first=names[field], second=text, field=field)
            )
            continue
        columns[field] = position
        names[field] = text
    missing = [f for f in REQUIRED_FIELDS if f not in columns]
    if unknown or missing or duplicates:
        problems = []
        if unknown:
            problems.append(_("unknown column(s) {columns}", columns=", ".join(repr(u) for u in unknown)))
        if missing:
            problems.append(
                _(
                    "missing required column(s) {columns}",
                    columns=", ".join(f"{HEADERS['zh'][f]}/{HEADERS['en'][f]}" for f in missing),
                )
            )
        problems.extend(duplicates)
        raise TabularError(
            _(
                "line {line} (header row): {problems}. Accepted headers (case, spaces and "
                "full-width forms do not matter):",
                line=line,
                problems="; ".join(problems),
            )
            + "\n"
            + accepted_headers()
        )
    return HeaderMap(line, columns, names, frozenset(informational), frozenset(unnamed), len(cells))


def _plain_text(cell: object) -> str:
    if cell is None:
        return ""
    return str(cell).strip()
