"""Results of the Python API as tables: readable when printed, plain when converted.

Every query method of :class:`~qyx_platform.platform.Platform` (``status``, ``timeline``,
``problems``, ``observations``, ``task_targets``, ``projects``, ``surveys``, ``audit_log`` …)
returns a :class:`ResultTable`: a sequence of frozen records (typed dataclasses derived from
:class:`Record`: :mod:`.records`, :mod:`.supervision`, :mod:`.history`) that

* prints as an aligned text table with headers in the language in force (``print(table)``;
  in a notebook the last expression shows the same table, or an HTML one in Jupyter);
* converts to plain Python: ``table.rows()`` is a list of dicts (Decimal values stay
  Decimal, dates stay dates; ``pandas.DataFrame(table.rows())`` works where pandas is
  installed), ``table.to_json()`` JSON text (Decimals as exact strings);
* holds records that convert alone too: ``record.as_dict()``, ``record.to_json()``;
  ``scoreboard`` and ``timeliness`` return two tables at once (:class:`Scoreboard`,
  :class:`Timeliness`, both :class:`Tables`) with the same ``rows()``, ``as_dict()`` and
  ``to_json()``;
* offers ``headers()`` and ``cells()``, the translated headers and display texts the CLI
  draws its tables from (:mod:`.table`).
"""

from qyx_platform.results.history import (
    AUDIT_COLUMNS,
    PROBLEM_COMMENT_COLUMNS,
    PROBLEM_EVENT_COLUMNS,
    AuditEntry,
    ProblemComment,
    ProblemEvent,
)
from qyx_platform.results.records import (
    PROBLEM_COLUMNS,
    REVISION_COLUMNS,
    STANDING_COLUMNS,
    STATUS_COLUMNS,
    STORED_COLUMNS,
    TIMELINE_COLUMNS,
    IndicatorStatus,
    JurisdictionInfo,
    Problem,
    Revision,
    Scoreboard,
    Standing,
    TimelinePoint,
    problem_label,
)
from qyx_platform.results.supervision import (
    DEPARTMENT_REPORTING_COLUMNS,
    MILESTONE_COLUMNS,
    MILESTONE_EVENT_COLUMNS,
    MISSING_REPORT_COLUMNS,
    PROJECT_COLUMNS,
    SURVEY_COLUMNS,
    TASK_TARGET_COLUMNS,
    DepartmentReporting,
    MilestoneEvent,
    MilestoneProgress,
    MissingReport,
    ProjectProgress,
    Survey,
    TaskTargetState,
    Timeliness,
    milestone_label,
)
from qyx_platform.results.table import (
    EMPTY,
    Column,
    Record,
    ResultTable,
    Tables,
    display,
    format_table,
    json_ready,
    localised,
    percent,
    plain,
    state_label,
    text_width,
)

__all__ = [
    "AUDIT_COLUMNS",
    "DEPARTMENT_REPORTING_COLUMNS",
    "EMPTY",
    "MILESTONE_COLUMNS",
    "MILESTONE_EVENT_COLUMNS",
    "MISSING_REPORT_COLUMNS",
    "PROBLEM_COLUMNS",
    "PROBLEM_COMMENT_COLUMNS",
    "PROBLEM_EVENT_COLUMNS",
    "PROJECT_COLUMNS",
    "REVISION_COLUMNS",
    "STANDING_COLUMNS",
    "STATUS_COLUMNS",
    "STORED_COLUMNS",
    "SURVEY_COLUMNS",
    "TASK_TARGET_COLUMNS",
    "TIMELINE_COLUMNS",
    "AuditEntry",
    "Column",
    "DepartmentReporting",
    "IndicatorStatus",
    "JurisdictionInfo",
    "MilestoneEvent",
    "MilestoneProgress",
    "MissingReport",
    "Problem",
    "ProblemComment",
    "ProblemEvent",
    "ProjectProgress",
    "Record",
    "ResultTable",
    "Revision",
    "Scoreboard",
    "Standing",
    "Survey",
    "Tables",
    "TaskTargetState",
    "TimelinePoint",
    "Timeliness",
    "display",
    "format_table",
    "json_ready",
    "localised",
    "milestone_label",
    "percent",
    "plain",
    "problem_label",
    "state_label",
    "text_width",
]
