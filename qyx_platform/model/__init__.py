"""Pure, frozen plan model: no I/O, no SQLAlchemy, no strawberry."""

from qyx_platform.model.calendar import DeadlineRule, Frequency, cycles_in, previous_cycle
from qyx_platform.model.indicators import (
    BASELINE_YEAR,
    PLAN_YEARS,
    TARGET_YEARS,
    Department,
    Domain,
    Indicator,
    Series,
    YearTarget,
)
from qyx_platform.model.jurisdictions import Jurisdiction, Level, level_of, parent_of
from qyx_platform.model.observations import ObservationInput, StoredObservation
from qyx_platform.model.periods import Granularity, Period, parse_period
from qyx_platform.model.plan import ParentPlan, Plan, PlanDocument
from qyx_platform.model.polarity import Accumulation, Polarity, Rollup
from qyx_platform.model.targets import Comparator, TargetExpression, split_series_cell
from qyx_platform.model.tasks import YES_NO, Milestone, Project, Task, TaskTarget

__all__ = [
    "BASELINE_YEAR",
    "PLAN_YEARS",
    "TARGET_YEARS",
    "YES_NO",
    "Accumulation",
    "Comparator",
    "DeadlineRule",
    "Department",
    "Domain",
    "Frequency",
    "Granularity",
    "Indicator",
    "Jurisdiction",
    "Level",
    "Milestone",
    "ObservationInput",
    "ParentPlan",
    "Period",
    "Plan",
    "PlanDocument",
    "Polarity",
    "Project",
    "Rollup",
    "Series",
    "StoredObservation",
    "TargetExpression",
    "Task",
    "TaskTarget",
    "YearTarget",
    "cycles_in",
    "level_of",
    "parent_of",
    "parse_period",
    "previous_cycle",
    "split_series_cell",
]
