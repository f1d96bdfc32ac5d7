"""The one reader of reported values, and the bounds the plan puts on them.

Every entry point (GraphQL ``reportObservations``, ``qyx import`` of CSV, TSV and XLSX, and
``Platform.report`` in Python) hands its value, as text or as a number, to
:func:`parse_value`, which accepts exactly these forms (docs: README, "Writing values"):

* digits with an optional decimal point and sign: ``85``, ``85.5``, ``-0.3``, ``.5``;
* thousands grouped by three with commas: ``1,260``, ``12,600.5`` (``1,5`` is refused: write
  decimals with a point);
* full-width digits and signs, as Chinese input methods type them: ``１２６００``, ``８５．５％``;
* a trailing ``%`` on a percentage indicator (``62.5%`` is 62.5), and on no other;
* the indicator's own unit after the number: ``13000元``, ``3.8万人次``; ``万`` alone on an
  indicator counted in 万 (``3.8万``);
* numbers (``int``, ``Decimal``; an Excel cell's number, read exactly): floats are refused in
  Python, since they are not exact.

Exponents (``1e5``, ``1E+30``), ``NaN`` and ``Infinity`` are refused everywhere alike. A value
keeps at most :data:`MAX_PLACES` decimal places and :data:`MAX_DIGITS` significant digits,
so its stored text (``observations.value``, 40 characters) fits every database.

:func:`value_problem` then checks the value against its indicator's :class:`Bound`: the
declared range (``min``/``max`` in plan.toml) or, where none is declared, a magnitude bound
derived from the plan's own values (ten times the largest for one place, a thousand times
where values are summed over counties); and a percentage typed as a fraction (``0.75`` where
the plan's values are all 10 or more) is refused with "did you mean 75 %?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from qyx_platform.errors import QyxError
from qyx_platform.i18n import N_, LazyString, _, lazy_gettext
from qyx_platform.model import Indicator, Period, Rollup
from qyx_platform.model.tasks import TaskTarget

#: the most decimal places a value may have
MAX_PLACES = 6
#: the most significant digits a value may have (its text then fits a 40-character column)
MAX_DIGITS = 18
#: how many times the plan's largest value a value may reach, for one place / summed
FACTOR_ONE = Decimal(10)
FACTOR_SUMMED = Decimal(1000)

_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９．，％＋－−　", "0123456789.,%+-- "
)  # fmt: skip
_PLAIN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z")
#: the common case of a large import, read without further checks: no sign but a minus, no
#: leading zero, at most 12 digits before the point and MAX_PLACES after it (so at most
#: MAX_DIGITS in all, no exponent): what ``_finish`` would accept as it is, but for -0
_SHORT = re.compile(r"-?(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{1,6})?\Z")
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?\Z")
_EXPONENT = re.compile(r"[0-9.]\s*[eE]\s*[+-]?[0-9]")
_NUMBER_PREFIX = re.compile(r"[+-]?[0-9.,]*[0-9][0-9.,]*")
HOW = N_("write digits with a decimal point, e.g. 85.5, 1,260 or 85% for a percentage")


class BadValueError(QyxError, ValueError):
    """A reported value that cannot be read or lies outside its bound; the message says how
    to write it."""


@dataclass(frozen=True)
class Bound:
    """The values an indicator (or task target) may take: ``low`` ≤ value ≤ ``high`` (None:
    unbounded on that side), and where each side comes from, for the message."""

    low: Decimal | None
    high: Decimal | None
    #: where each side comes from, translated when a message shows it
    low_basis: str | LazyString = ""
    high_basis: str | LazyString = ""

    def problem(self, value: Decimal, unit: str) -> str | None:
        """Why ``value`` lies outside, or None."""
        if self.low is not None and value < self.low:
            return _(
                "{value} {unit} is below the smallest valid value, {bound} {unit} ({basis})",
                value=value,
                unit=unit,
                bound=_plain(self.low),
                basis=self.low_basis,
            )
        if self.high is not None and value > self.high:
            return _(
                "{value} {unit} is above the largest valid value, {bound} {unit} ({basis})",
                value=value,
                unit=unit,
                bound=_plain(self.high),
                basis=self.high_basis,
            )
        return None


def _plan_values(indicator: Indicator) -> list[Decimal]:
    return [t.expression.value for t in indicator.targets if t.expression.value is not None]


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral_value() else str(value)


def magnitude_bound(
    plan_values: list[Decimal],
    *,
    low: Decimal | None = None,
    high: Decimal | None = None,
    summed: bool = False,
) -> Bound:
    """The bound of values measured against ``plan_values``: a declared ``low``/``high``
    wins; otherwise the plan's largest magnitude times :data:`FACTOR_ONE` (or
    :data:`FACTOR_SUMMED` for values summed over places), and no negatives where the plan has
    none."""
    largest = max((abs(v) for v in plan_values), default=None)
    declared = lazy_gettext("declared for the indicator")
    low_basis: str | LazyString = declared if low is not None else ""
    high_basis: str | LazyString = declared if high is not None else ""
    if high is None and largest is not None and largest > 0:
        factor = FACTOR_SUMMED if summed else FACTOR_ONE
        high = largest * factor
        high_basis = lazy_gettext(
            "{factor} times the plan's largest value, {largest}",
            factor=_plain(factor),
            largest=_plain(largest),
        )
    if low is None and plan_values and all(v >= 0 for v in plan_values):
        low, low_basis = Decimal(0), lazy_gettext("the plan's values are never negative")
    elif low is None and largest is not None and largest > 0:
        low = -largest * (FACTOR_SUMMED if summed else FACTOR_ONE)
        low_basis = lazy_gettext("the negative of the largest valid value")
    return Bound(low, high, low_basis, high_basis)


_BOUNDS: dict[int, tuple[Indicator, Bound]] = {}


def indicator_bound(indicator: Indicator) -> Bound:
    """The bound of an indicator's values (remembered per indicator object; its bases are
    translated when shown, so one bound serves every language)."""
    memo = id(indicator)
    known = _BOUNDS.get(memo)
    if known is not None and known[0] is indicator:
        return known[1]
    low, high = indicator.min_value, indicator.max_value
    if indicator.is_percent and low is None:
        low = Decimal(0)
    bound = magnitude_bound(
        _plan_values(indicator), low=low, high=high, summed=indicator.rollup is Rollup.SUM
    )
    _BOUNDS[memo] = (indicator, bound)
    return bound


def task_target_bound(target: TaskTarget) -> Bound:
    """The bound of values measured against a task target (its own value, ten times over)."""
    values = [target.value] if target.value is not None else []
    low = Decimal(0) if target.unit in {"%", "％"} else None
    high = Decimal(100) if target.unit in {"%", "％"} else None
    return magnitude_bound(values, low=low, high=high)


# -- reading ------------------------------------------------------------------------------


def _digits_problem(value: Decimal) -> str | None:
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    places = max(0, -exponent)
    if places > MAX_PLACES:
        return _(
            "{value} has {places} decimal places; round it to at most {most}",
            value=value,
            places=places,
            most=MAX_PLACES,
        )
    if len(digits) + max(0, exponent) > MAX_DIGITS:
        return _(
            "{value} has {count} digits, more than any plan value could need (at most {most}); "
            "check the value",
            value=value,
            count=len(digits),
            most=MAX_DIGITS,
        )
    return None


def _finish(value: Decimal) -> Decimal:
    """A parsed value in its stored form: no exponent, no negative zero; digits checked."""
    if not value.is_finite():
        raise BadValueError(_("{value} is not a finite number; {how}", value=value, how=_(HOW)))
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        if value.adjusted() >= MAX_DIGITS:
            raise BadValueError(_digits_problem(value) or "")
        value = value.quantize(Decimal(1))  # 1E+3 → 1000
    if value.is_zero():
        value = value.copy_abs()
    problem = _digits_problem(value)
    if problem:
        raise BadValueError(problem)
    return value


def _strip_unit(text: str, indicator: Indicator | None) -> str:
    """``text`` without a unit the indicator allows after the number; BadValueError for a unit
    it does not."""
    match = _NUMBER_PREFIX.match(text)
    if match is None or match.end() == len(text):
        return text
    number, suffix = text[: match.end()], text[match.end() :].strip()
    unit = indicator.unit if indicator is not None else None
    code = indicator.code if indicator is not None else ""
    if suffix == "%":
        if indicator is None or indicator.is_percent:
            return number
        raise BadValueError(
            _(
                "{indicator} is counted in {unit}, not in percent: write {number} without %",
                indicator=code,
                unit=unit,
                number=number,
            )
        )
    if unit and suffix in {unit, unit.replace("％", "%")}:
        return number
    if suffix.startswith("万") and unit and unit.startswith("万") and unit.startswith(suffix):
        return number  # 3.8万 or 3.8万人次 for an indicator counted in 万人次
    if suffix == "万" and unit and "," not in number:
        try:
            times = Decimal(number) * 10000
        except InvalidOperation:
            times = None
        if times is not None:
            raise BadValueError(
                _(
                    "{indicator} is counted in {unit}, not in 万 (ten thousand): write {number}",
                    indicator=code,
                    unit=unit,
                    number=_plain(times),
                )
            )
    raise BadValueError(
        _(
            "{text}: write the number alone, e.g. {number} (in {unit}); {suffix} is not understood",
            text=repr(text),
            number=number,
            unit=unit or "-",
            suffix=repr(suffix),
        )
    )


def parse_value(raw: object, indicator: Indicator | None = None) -> Decimal:
    """A reported value as an exact Decimal in the indicator's unit (see the module's
    docstring for the accepted forms); BadValueError saying how to write it otherwise."""
    if isinstance(raw, bool | float):
        raise BadValueError(_("give the value as a decimal string, not a float (floats are not exact)"))
    if isinstance(raw, Decimal):
        return _finish(raw)
    if isinstance(raw, int):
        return _finish(Decimal(raw))
    if not isinstance(raw, str):
        raise BadValueError(
            _("a value is text or a number, not {kind}; {how}", kind=type(raw).__name__, how=_(HOW))
        )
    text = raw.strip()
    if _SHORT.match(text):  # the common case in a large import
        value = Decimal(text)
        return value.copy_abs() if value.is_zero() else value
    if _PLAIN.match(text):
        return _finish(Decimal(text))
    if not text:
        raise BadValueError(_("the value is empty; {how}", how=_(HOW)))
    compact = "".join(text.translate(_FULLWIDTH).split())
    if _EXPONENT.search(compact) and "," not in compact:
        raise BadValueError(
            _("{text}: exponents are not accepted; write the number in full, e.g. 1000000", text=repr(text))
        )
    compact = _strip_unit(compact, indicator)
    if "," in compact:
        if not _GROUPED.match(compact):
            raise BadValueError(
                _(
                    "{text}: commas may only group thousands (1,260); write decimals with a point (1.5)",
                    text=repr(text),
                )
            )
        compact = compact.replace(",", "")
    if not _PLAIN.match(compact):
        raise BadValueError(_("{text} is not a number: {how}", text=repr(text), how=_(HOW)))
    return _finish(Decimal(compact))


def _fractions_suspect(indicator: Indicator) -> bool:
    """A percentage whose plan values are all 10 or more: a value of 1 or less is then
    more likely a fraction typed by mistake than a real share."""
    if not indicator.is_percent:
        return False
    plan = _plan_values(indicator)
    return bool(plan) and min(plan) >= 10


def value_problem(value: Decimal, indicator: Indicator) -> str | None:
    """Why ``value`` cannot be a value of ``indicator`` (outside its bound, or a percentage
    typed as a fraction), or None."""
    if 0 < value <= 1 and _fractions_suspect(indicator):
        percent = _plain((value * 100).normalize())
        return _(
            "{value} looks like a fraction: did you mean {percent} %? "
            "{indicator} is in percent (write {percent} or {percent}%)",
            value=value,
            percent=percent,
            indicator=indicator.code,
        )
    problem = indicator_bound(indicator).problem(value, indicator.unit_label())
    if problem:
        return _("{problem}; check the digits and the unit", problem=problem)
    return None


# -- periods ------------------------------------------------------------------------------


def period_end(period: Period) -> date:
    """The last day of a period."""
    if period.end_month == 12:
        return date(period.year, 12, 31)
    return date(period.year, period.end_month + 1, 1) - timedelta(days=1)


def has_ended(period: Period, today: date) -> bool:
    """Whether ``period`` ended before ``today`` (on 2026-12-01, 2026-11 has; 2026Q4 has not)."""
    return period_end(period) < today
