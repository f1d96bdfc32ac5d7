"""Task targets reported and judged like indicators: report checks, baselines and status.

A task target is reported through the same path as an indicator, with its code in the
``indicator`` field (see :meth:`qyx_platform.model.TaskTarget.measure`). What is special to
task targets is checked here: a yes/no target takes 1 (done) or 0 (not yet), and a 1 needs
its evidence in the note.
"""

from __future__ import annotations

from decimal import Decimal

from qyx_platform.evaluation import Evaluation
from qyx_platform.evaluation.task_targets import baseline_of, evaluate_task_target
from qyx_platform.i18n import _
from qyx_platform.model import Period, Plan, Task, TaskTarget
from qyx_platform.services.readings import Readings
from qyx_platform.services.status import actual_in

#: the shortest note accepted as evidence that a yes/no target is done
MIN_EVIDENCE = 4


def task_target_problems(
    plan: Plan, code: str, value: Decimal, note: str | None
) -> tuple[tuple[str, str], ...]:
    """(field, message) for what a report of the task target ``code`` gets wrong: a yes/no
    target takes only 1 or 0, and a 1 needs the evidence in the note."""
    found = plan.task_target(code)
    if found is None or not found[1].yes_no:
        return ()
    if value not in (Decimal(0), Decimal(1)):
        message = _(
            "{code} is a yes/no target: report 1 (done) or 0 (not yet), not {value}", code=code, value=value
        )
        return (("value", message),)
    if value == 1 and len((note or "").strip()) < MIN_EVIDENCE:
        return (
            (
                "note",
                _(
                    "{code} reported as done (1) needs its evidence in the note, e.g. the document "
                    "or acceptance that shows it",
                    code=code,
                ),
            ),
        )
    return ()


class TaskTargetStatus:
    """Status of task targets for one request, reading through a shared :class:`Readings`."""

    def __init__(self, plan: Plan, readings: Readings) -> None:
        self.plan = plan
        self.readings = readings

    def judge(self, task: Task, target: TaskTarget, period: Period, actual: Decimal | None) -> Evaluation:
        """Judge one actual (None: not reported) for ``period``."""
        return evaluate_task_target(
            target, period, actual, baseline_of(self.plan, target), domain=task.domain
        )

    def status(self, code: str, requested: Period, jurisdiction: str) -> Evaluation:
        """The target's evaluation in ``requested``: the value reported for exactly that period,
        else the latest one inside it (as for indicators)."""
        found = self.plan.task_target(code)
        if found is None:
            raise KeyError(code)
        task, target = found
        values = self.readings.values_within([jurisdiction], code, requested)
        chosen = actual_in(values.get((code, jurisdiction, ""), []), requested)
        if chosen is None:
            return self.judge(task, target, requested, None)
        return self.judge(task, target, chosen[0], chosen[1])

    def year_states(
        self, jurisdiction: str, year: int, *, until_month: int | None = None
    ) -> list[tuple[TaskTarget, Evaluation]]:
        """Every task target of one jurisdiction in ``year``, judged on the latest value of
        the year (``until_month``: as known at the end of that month), read with the
        indicators' latest values of the jurisdiction and what it rolls up from, in the same
        statement as the scoreboard's."""
        latest = self.readings.latest_in_year(
            year, self.readings.descendants(jurisdiction), task_targets=True, until_month=until_month
        )
        whole = Period.year_of(year)
        out = []
        for task, target in self.plan.task_targets:
            found = latest.get((target.code, jurisdiction, ""))
            if found is None:
                out.append((target, self.judge(task, target, whole, None)))
            else:
                out.append((target, self.judge(task, target, found[0], found[1])))
        return out
