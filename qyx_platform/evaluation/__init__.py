"""Evaluation: pure rules that judge reported values against the plan.

Imports only :mod:`qyx_platform.model` and :mod:`qyx_platform.errors`; Decimal arithmetic only.
The rules are written down with worked examples in ``docs/evaluation.md``.
"""

from qyx_platform.evaluation.cells import PERCENT_FULL_COVERAGE, full_coverage_for, series_key
from qyx_platform.evaluation.checkpoint import CheckpointMethod, CheckpointTarget, checkpoint
from qyx_platform.evaluation.comparison import direction_of, meets
from qyx_platform.evaluation.forecast import (
    Forecast,
    forecast,
    forecast_final,
    forecast_year_end,
)
from qyx_platform.evaluation.pace import observed_rate, pace
from qyx_platform.evaluation.progress import progress
from qyx_platform.evaluation.rollup import RollupResult, roll_up
from qyx_platform.evaluation.scores import (
    STATE_POINTS,
    GroupScore,
    NoDataPolicy,
    Score,
    StateCounts,
    count_states,
    group_by,
    rank,
    score,
    scoreboard,
)
from qyx_platform.evaluation.span import FINAL_YEAR, PlanSpan, plan_span
from qyx_platform.evaluation.status import RISK_MARGIN, Evaluation, State, evaluate
from qyx_platform.evaluation.trend import History, month_index

__all__ = [
    "FINAL_YEAR",
    "PERCENT_FULL_COVERAGE",
    "RISK_MARGIN",
    "STATE_POINTS",
    "CheckpointMethod",
    "CheckpointTarget",
    "Evaluation",
    "Forecast",
    "GroupScore",
    "History",
    "NoDataPolicy",
    "PlanSpan",
    "RollupResult",
    "Score",
    "State",
    "StateCounts",
    "checkpoint",
    "count_states",
    "direction_of",
    "evaluate",
    "forecast",
    "forecast_final",
    "forecast_year_end",
    "full_coverage_for",
    "group_by",
    "meets",
    "month_index",
    "observed_rate",
    "pace",
    "plan_span",
    "progress",
    "rank",
    "roll_up",
    "score",
    "scoreboard",
    "series_key",
]
