"""Pure, frozen plan model: no I/O, no SQLAlchemy, no strawberry."""

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
from qyx_platform.model.tasks import Milestone, Project, Task, TaskTarget

__all__ = [
    "BASELINE_YEAR",
    "PLAN_YEARS",
    "TARGET_YEARS",
    "Accumulation",
    "Comparator",
    "Department",
    "Domain",
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
    "level_of",
    "parent_of",
    "parse_period",
    "split_series_cell",
]
