"""Reading the plan's cells as numbers: series keys, 全覆盖 values, year look-ups."""

from __future__ import annotations

from decimal import Decimal

from qyx_platform.errors import NotFoundError
from qyx_platform.i18n import _
from qyx_platform.model.indicators import BASELINE_YEAR, PLAN_YEARS, Indicator
from qyx_platform.model.targets import Comparator, TargetExpression

#: the value that means "everybody covered" for a percentage indicator
PERCENT_FULL_COVERAGE = Decimal(100)


def series_key(indicator: Indicator, series: str | None) -> str | None:
    """The key of ``series`` (given by key, name or English name) for ``indicator``.

    An indicator without series takes ``None``; an indicator with series (no. 12: 职工,
    城乡居民) must be given one of them, because its series are evaluated separately and
    never summed. Raises NotFoundError otherwise.
    """
    if not indicator.series:
        if series is None:
            return None
        raise NotFoundError(
            _(
                "indicator {number} {name} has no series '{series}': pass series=None",
                number=indicator.plan_number,
                name=indicator.name,
                series=series,
            )
        )
    found = indicator.find_series(series)
    if found is None:
        names = ", ".join(s.key for s in indicator.series)
        raise NotFoundError(
            _(
                "indicator {number} {name} is evaluated per series ({names}), never summed: "
                "pass one of them as series, not {series}",
                number=indicator.plan_number,
                name=indicator.name,
                names=names,
                series=repr(series),
            )
        )
    return found.key


def full_coverage_for(indicator: Indicator, full_coverage: Decimal | None) -> Decimal | None:
    """The value that meets 全覆盖: ``full_coverage`` when given, 100 for a percentage
    indicator, otherwise None (a count such as 长期护理保险覆盖人数 has no known 'everybody')."""
    if full_coverage is not None:
        return full_coverage
    return PERCENT_FULL_COVERAGE if indicator.is_percent else None


def cell_value(cell: TargetExpression | None, full_coverage: Decimal | None) -> Decimal | None:
    """The number a cell stands for: its value; ``full_coverage`` for 全覆盖; None for ``-``,
    milestones and 全覆盖 without a full-coverage value."""
    if cell is None:
        return None
    if cell.comparator is Comparator.FULL_COVERAGE:
        return full_coverage
    if cell.comparator in (Comparator.NONE, Comparator.MILESTONE):
        return None
    return cell.value


def year_cell(indicator: Indicator, year: int, series: str | None) -> TargetExpression | None:
    """The plan's cell for ``year`` (2022: the baseline); None outside 2022-2027."""
    if year not in PLAN_YEARS:
        return None
    return indicator.target(year, series)


def last_numeric_target(
    indicator: Indicator, before_year: int, series: str | None, full_coverage: Decimal | None
) -> Decimal | None:
    """The value of the latest cell before ``before_year`` (back to the 2022 baseline) that has
    a number; None when there is none."""
    for year in range(before_year - 1, BASELINE_YEAR - 1, -1):
        value = cell_value(indicator.target(year, series), full_coverage)
        if value is not None:
            return value
    return None
