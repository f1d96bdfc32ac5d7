"""Where indicators stand: current values judged by :mod:`qyx_platform.evaluation`.

The actual of a requested period is the value reported for exactly that period, or else the
latest value reported within it (a year's status before the annual figure exists uses the
latest month or quarter). A jurisdiction without its own value rolls up from its children by
the indicator's rule, stating how many children reported.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, partial

from qyx_platform.evaluation import Evaluation, evaluate, roll_up
from qyx_platform.model import Indicator, Period, Plan
from qyx_platform.services.cache import CacheKey
from qyx_platform.services.readings import Readings, Series, ValueKey


@dataclass(frozen=True)
class StatusRow:
    """One series' evaluation in one jurisdiction, with roll-up counts where it rolled up.

    ``evaluation`` holds the state and progress; ``trend()`` the same evaluation with pace
    and forecasts, computed from the history only when asked for (and then remembered)."""

    evaluation: Evaluation
    jurisdiction: str
    requested: Period
    children_reported: int | None = None
    children_expected: int | None = None
    trend: Callable[[], Evaluation] | None = None

    def with_trend(self) -> Evaluation:
        """The evaluation including pace and forecasts."""
        return self.evaluation if self.trend is None else self.trend()


def actual_in(values: Series, requested: Period) -> tuple[Period, Decimal] | None:
    """The value for ``requested``: exactly that period, else the latest one inside it."""
    inside = [(p, v) for p, v in values if requested.contains(p)]
    exact = [(p, v) for p, v in inside if p == requested]
    if exact:
        return exact[0]
    return max(inside, key=lambda pv: pv[0]) if inside else None


def history_of(values: Series, chosen: Period) -> Series:
    """Earlier values of the same granularity, the trend behind pace and forecasts."""
    return [(p, v) for p, v in values if p.granularity is chosen.granularity and p < chosen]


def judge(
    indicator: Indicator, series: str | None, values: Series, requested: Period, *, trend: bool = True
) -> Evaluation:
    """Evaluate one series of values (ascending) for the requested period; ``trend=False``
    leaves out pace and forecasts."""
    found = actual_in(values, requested)
    if found is None:
        return evaluate(indicator, requested, None, series, trend=trend)
    period, actual = found
    return evaluate(indicator, period, actual, series, history_of(values, period), trend=trend)


#: one cell of a matrix row: the indicator, its series key and its evaluation
YearState = tuple[Indicator, str | None, Evaluation]


class StatusService:
    """Status look-ups for one request, reading through a shared :class:`Readings`."""

    def __init__(self, plan: Plan, readings: Readings) -> None:
        self.plan = plan
        self.readings = readings

    def status(self, indicator: Indicator, requested: Period, jurisdiction: str) -> list[StatusRow]:
        """One row per series (one row, series None, for an indicator without series).

        Only the values inside ``requested`` are read; the whole history, which pace and the
        forecasts need, is read when a row's ``trend()`` is first asked for."""
        own = self.readings.values_within([jurisdiction], indicator.code, requested)
        rows = []
        for key in indicator.series_keys:
            value_key = (indicator.code, jurisdiction, key or "")
            values = own.get(value_key, [])
            # a jurisdiction that reports this series itself never rolls up
            children = []
            if not values and value_key not in self.readings.reported([jurisdiction], indicator.code):
                children = [code for code, _ in self.readings.children(jurisdiction)]
            if not children:
                trend = cache(partial(self._with_history, indicator, key, jurisdiction, requested))
                evaluation = judge(indicator, key, values, requested, trend=False)
                rows.append(StatusRow(evaluation, jurisdiction, requested, trend=trend))
                continue
            child_values = self.readings.values_within(children, indicator.code, requested)
            per_child: dict[str, Decimal | None] = {}
            for child in children:
                found = actual_in(child_values.get((indicator.code, child, key or ""), []), requested)
                per_child[child] = None if found is None else found[1]
            rolled = roll_up(indicator, per_child, children=children)
            evaluation = evaluate(indicator, requested, rolled.value, key)
            rows.append(StatusRow(evaluation, jurisdiction, requested, rolled.reported, rolled.expected))
        return rows

    def _with_history(
        self, indicator: Indicator, series: str | None, jurisdiction: str, requested: Period
    ) -> Evaluation:
        history = self.readings.values([jurisdiction], indicator.code)
        values = history.get((indicator.code, jurisdiction, series or ""), [])
        return judge(indicator, series, values, requested)

    def year_states(self, jurisdiction: str, year: int) -> list[YearState]:
        """Every indicator × series of one jurisdiction in one year (a matrix row), judged on
        the latest value of the year."""
        return self.year_states_of([jurisdiction], year)[jurisdiction]

    def year_states_of(self, jurisdictions: Sequence[str], year: int) -> dict[str, list[YearState]]:
        """The matrix rows of several jurisdictions (a parent's children, or every child a
        request asks about): the latest values of those not judged yet for this data version
        are read in one statement, which reads only their rows."""
        group: CacheKey[dict[Hashable, list[YearState]]] = CacheKey("year_states", (year,))
        table = self.readings.memo(group, dict)
        out = {j: table[j] for j in jurisdictions if j in table}
        missing = [j for j in dict.fromkeys(jurisdictions) if j not in out]
        if missing:
            latest = self.readings.latest_in_year(year, missing)
            for j in missing:
                out[j] = self.readings.memo_in(group, j, partial(self._year_states, latest, j, year))
        return out

    def _year_states(
        self, latest: dict[ValueKey, tuple[Period, Decimal]], jurisdiction: str, year: int
    ) -> list[YearState]:
        whole_year = Period.year_of(year)
        out = []
        for indicator in self.plan.indicators:
            for key in indicator.series_keys:
                found = latest.get((indicator.code, jurisdiction, key or ""))
                if found is None:
                    evaluation = evaluate(indicator, whole_year, None, key, detail=False)
                else:
                    evaluation = evaluate(indicator, found[0], found[1], key, detail=False)
                out.append((indicator, key, evaluation))
        return out
