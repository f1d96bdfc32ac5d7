"""Target expressions: a cell of the plan table parsed exactly as printed.

Forms: plain decimals (``3.20``: at least, or at most for lower-is-better indicators),
``<3`` (strictly below), ``>70`` (strictly above), ``≥500``/``>=500`` (at least),
``≤5``/``<=5`` (at most), ``约3``/``3左右`` (about), ``全覆盖`` (full coverage) and ``-`` (no
value). Two-series cells such as ``职工85 城乡居民70`` split with :func:`split_series_cell`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum

from qyx_platform.errors import PlanDataError
from qyx_platform.i18n import _
from qyx_platform.model.polarity import Polarity

#: full-width digits and signs that PDF text extraction leaves in cells
_FULLWIDTH = str.maketrans("０１２３４５６７８９．－＜＞＝％", "0123456789.-<>=%")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")

#: relative tolerance of an ``ABOUT`` (左右) target: within 5 % of the value
ABOUT_TOLERANCE = Decimal("0.05")


class Comparator(Enum):
    """How an actual value is compared with a target value."""

    AT_LEAST = "at_least"  #: ≥ v (以上, 达到; a plain number when higher is better)
    AT_MOST = "at_most"  #: ≤ v (a plain number when lower is better)
    BELOW = "below"  #: < v (``<3``, 以下)
    ABOVE = "above"  #: > v (``>70``, 超过)
    ABOUT = "about"  #: within ABOUT_TOLERANCE of v (左右)
    FULL_COVERAGE = "full_coverage"  #: 全覆盖: everybody or everything covered
    MILESTONE = "milestone"  #: a yes/no milestone, no number
    NONE = "none"  #: ``-``: the plan gives no value


def normalise_number(text: str) -> str:
    """Turn a printed number into a plain decimal string: full-width digits, spaces, ``%``
    signs and thousands separators removed (``１２,６００`` → ``12600``)."""
    cleaned = text.translate(_FULLWIDTH).replace(",", "").replace("，", "").replace("%", "")
    return "".join(cleaned.split())


def parse_decimal(text: str) -> Decimal:
    """Parse a printed number exactly as a Decimal; raise PlanDataError when it is not one."""
    if _NUMBER.fullmatch(text):  # already plain (the common case in a large import)
        return Decimal(text)
    plain = normalise_number(text)
    if not _NUMBER.match(plain):
        raise PlanDataError(_("{text} is not a number", text=repr(text)))
    try:
        return Decimal(plain)
    except InvalidOperation as exc:  # pragma: no cover - the regex rules this out
        raise PlanDataError(_("{text} is not a number", text=repr(text))) from exc


_PREFIXES: tuple[tuple[str, Comparator], ...] = (
    (">=", Comparator.AT_LEAST),
    ("<=", Comparator.AT_MOST),
    ("≥", Comparator.AT_LEAST),
    ("≤", Comparator.AT_MOST),
    ("<", Comparator.BELOW),
    (">", Comparator.ABOVE),
    ("约", Comparator.ABOUT),
    ("~", Comparator.ABOUT),
)


@dataclass(frozen=True, slots=True)
class TargetExpression:
    """One target: a comparator, a value (None for 全覆盖, milestones and ``-``) and the text
    exactly as printed in the plan."""

    comparator: Comparator
    value: Decimal | None
    text: str

    @classmethod
    def parse(cls, text: str, polarity: Polarity = Polarity.HIGHER_IS_BETTER) -> TargetExpression:
        """Parse one cell; a plain number takes its comparator from ``polarity``."""
        if not isinstance(text, str):
            raise PlanDataError(_("a target cell must be text, not {kind}", kind=type(text).__name__))
        printed = text.strip()
        compact = "".join(printed.translate(_FULLWIDTH).split())
        if compact in {"-", "—", "–", "/"}:
            return cls(Comparator.NONE, None, printed)
        if compact == "全覆盖":
            return cls(Comparator.FULL_COVERAGE, None, printed)
        if compact == "":
            raise PlanDataError(_("an empty target cell: write '-' where the plan gives no value"))
        if compact.endswith("左右"):
            return cls(Comparator.ABOUT, parse_decimal(compact[:-2]), printed)
        for prefix, comparator in _PREFIXES:
            if compact.startswith(prefix):
                return cls(comparator, parse_decimal(compact[len(prefix) :]), printed)
        try:
            value = parse_decimal(compact)
        except PlanDataError:
            raise PlanDataError(
                _(
                    "cannot read the target cell {text}: expected a number, <n, >n, ≥n, ≤n, "
                    "约n, n左右, 全覆盖 or -",
                    text=repr(text),
                )
            ) from None
        comparator = Comparator.AT_MOST if polarity is Polarity.LOWER_IS_BETTER else Comparator.AT_LEAST
        return cls(comparator, value, printed)

    @classmethod
    def build(cls, comparator: Comparator, value: Decimal | None, polarity: Polarity) -> TargetExpression:
        """Make an expression with its canonical printed text (the inverse of :meth:`parse`)."""
        return cls(comparator, value, format_target(comparator, value, polarity))

    def __str__(self) -> str:
        return self.text


def format_target(comparator: Comparator, value: Decimal | None, polarity: Polarity) -> str:
    """The canonical text of a target: ``3.20``, ``<3``, ``>70``, ``≥500``, ``全覆盖``, ``-``."""
    if comparator is Comparator.NONE:
        return "-"
    if comparator is Comparator.FULL_COVERAGE:
        return "全覆盖"
    if comparator is Comparator.MILESTONE:
        raise PlanDataError(_("a milestone has no table cell"))
    if value is None:
        raise PlanDataError(_("a {comparator} target needs a value", comparator=comparator.value))
    number = str(value)
    default = Comparator.AT_MOST if polarity is Polarity.LOWER_IS_BETTER else Comparator.AT_LEAST
    if comparator is default:
        return number
    prefix = {
        Comparator.AT_LEAST: "≥",
        Comparator.AT_MOST: "≤",
        Comparator.BELOW: "<",
        Comparator.ABOVE: ">",
        Comparator.ABOUT: "约",
    }[comparator]
    return prefix + number


_SERIES_PART = re.compile(r"([^\d<>≥≤=~.\-—\s０-９]+)\s*([^\s]+)")


def split_series_cell(text: str, series_names: tuple[str, ...]) -> dict[str, str]:
    """Split a two-series cell (``职工85 城乡居民70``) into {series name: part}.

    Spaces inside a label (``职 工``) are ignored. Every name must appear exactly once.
    """
    compact = "".join(text.split())
    result: dict[str, str] = {}
    position = 0
    # labels are matched longest first so that no name is a prefix trap for another
    names = sorted(series_names, key=len, reverse=True)
    while position < len(compact):
        for name in names:
            if compact.startswith(name, position):
                start = position + len(name)
                nxt = min(
                    (i for n in names if (i := compact.find(n, start)) != -1),
                    default=len(compact),
                )
                part = compact[start:nxt]
                if name in result or not part:
                    raise PlanDataError(
                        _(
                            "cannot split the series cell {text} by {names}",
                            text=repr(text),
                            names=series_names,
                        )
                    )
                result[name] = part
                position = nxt
                break
        else:
            raise PlanDataError(
                _(
                    "the cell {text} should name each series {names} before its value",
                    text=repr(text),
                    names=list(series_names),
                )
            )
    if set(result) != set(series_names):
        raise PlanDataError(
            _("the cell {text} lacks a value for one of {names}", text=repr(text), names=list(series_names))
        )
    return result
