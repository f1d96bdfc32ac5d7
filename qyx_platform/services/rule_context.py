"""The :class:`~qyx_platform.plan.rules.RuleContext` of one report: the stored current values
overlaid with the report's own rows, so a rule sees the batch as if it were already stored."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from qyx_platform.model import Granularity, Jurisdiction, Period, Plan

#: (indicator, jurisdiction, series key or '')
SeriesKey = tuple[str, str, str]
#: periods in order with their sort keys beside them, for ``bisect``
_Index = tuple[list[int], list[tuple[Period, Decimal]]]


@dataclass
class BatchRuleContext:
    """What the rules of one report may read. Fill ``values`` and ``jurisdictions`` first;
    the look-ups index them on first use."""

    plan: Plan
    values: dict[SeriesKey, dict[Period, Decimal]] = field(default_factory=dict)
    jurisdictions: dict[str, Jurisdiction] = field(default_factory=dict)

    _sorted: dict[SeriesKey, _Index] = field(default_factory=dict)
    _by_granularity: dict[tuple[str, str, str, Granularity], _Index] = field(default_factory=dict)

    def add(
        self, indicator: str, jurisdiction: str, series: str | None, period: Period, value: Decimal
    ) -> None:
        """Set one value (a later call for the same period wins: the report over the store)."""
        self.values.setdefault((indicator, jurisdiction, series or ""), {})[period] = value

    def values_before(
        self, indicator: str, jurisdiction: str, series: str | None, before: Period
    ) -> list[tuple[Period, Decimal]]:
        """Values of earlier periods, ascending."""
        key = (indicator, jurisdiction, series or "")
        index = self._sorted.get(key)
        if index is None:  # sorted once per key: the context is complete before rules run
            index = self._sorted[key] = _sorted_index(self.values.get(key, {}).items())
        keys, pairs = index
        return pairs[: bisect_left(keys, before.sort_key)]

    def latest_before(
        self, indicator: str, jurisdiction: str, series: str | None, before: Period, granularity: Granularity
    ) -> tuple[Period, Decimal] | None:
        """The latest value of an earlier period of ``granularity``, or None."""
        key = (indicator, jurisdiction, series or "", granularity)
        index = self._by_granularity.get(key)
        if index is None:
            values = self.values.get(key[:3], {}).items()
            index = self._by_granularity[key] = _sorted_index(
                (p, v) for p, v in values if p.granularity is granularity
            )
        keys, pairs = index
        at = bisect_left(keys, before.sort_key)
        return pairs[at - 1] if at else None

    def value_of(
        self, indicator: str, jurisdiction: str, series: str | None, period: Period
    ) -> Decimal | None:
        """The value of one period, or None."""
        return self.values.get((indicator, jurisdiction, series or ""), {}).get(period)

    def jurisdiction(self, code: str) -> Jurisdiction | None:
        """A stored jurisdiction, else one the plan knows, else None."""
        return self.jurisdictions.get(code) or self.plan.jurisdiction(code)


def _sorted_index(pairs: Iterable[tuple[Period, Decimal]]) -> _Index:
    """Pairs in period order with their sort keys beside them, for ``bisect``."""
    ordered = sorted(pairs, key=lambda pv: pv[0].sort_key)
    return [p.sort_key for p, _ in ordered], ordered
