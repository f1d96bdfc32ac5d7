"""What is reported: every indicator and task target of the plan as a reportable item, with
its frequency, its series and the last year it is expected (a task target: its deadline)."""

from __future__ import annotations

from dataclasses import dataclass

from qyx_platform.model.calendar import Frequency
from qyx_platform.model.indicators import BASELINE_YEAR
from qyx_platform.model.periods import Period
from qyx_platform.model.plan import Plan


@dataclass(frozen=True)
class Item:
    """A reportable item: an indicator or a task target (its measure), with its series keys."""

    code: str
    domain: str
    frequency: Frequency
    series: tuple[str, ...]
    last_year: int


def items(plan: Plan) -> tuple[Item, ...]:
    """Every reportable item of the plan: indicators, then task targets."""
    out = [
        Item(i.code, i.domain, i.frequency, tuple(k or "" for k in i.series_keys), plan.document.end_year)
        for i in plan.indicators
    ]
    for task, target in plan.task_targets:
        out.append(Item(target.code, task.domain, target.frequency, ("",), target.year))
    return tuple(out)


def expected_in(item: Item, period: Period) -> bool:
    """Whether ``item`` is expected to report for ``period``."""
    return item.frequency.granularity is period.granularity and BASELINE_YEAR < period.year <= item.last_year
