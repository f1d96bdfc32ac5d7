"""Results of the Python API as tables: readable when printed, plain when converted.

Every query method of :class:`~qyx_platform.platform.Platform` (``status``, ``timeline``,
``scoreboard``, ``problems``, ``observations``) returns a :class:`ResultTable`: a sequence of
frozen records (typed dataclasses, :mod:`.records`) that

* prints as an aligned text table with headers in the language in force (``print(table)``;
  in a notebook the last expression shows the same table, or an HTML one in Jupyter);
* converts to plain Python: ``table.rows()`` is a list of dicts (Decimal values stay
  Decimal, dates stay dates; ``pandas.DataFrame(table.rows())`` works where pandas is
  installed), ``table.to_json()`` JSON text (Decimals as exact strings);
* offers ``headers()`` and ``cells()``, the translated headers and display texts the CLI
  draws its tables from (:mod:`.table`).
"""

from qyx_platform.results.records import (
    PROBLEM_COLUMNS,
    REVISION_COLUMNS,
    STANDING_COLUMNS,
    STATUS_COLUMNS,
    STORED_COLUMNS,
    TIMELINE_COLUMNS,
    IndicatorStatus,
    Problem,
    Revision,
    Scoreboard,
    Standing,
    TimelinePoint,
    problem_label,
)
from qyx_platform.results.table import (
    EMPTY,
    Column,
    ResultTable,
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
    "EMPTY",
    "PROBLEM_COLUMNS",
    "REVISION_COLUMNS",
    "STANDING_COLUMNS",
    "STATUS_COLUMNS",
    "STORED_COLUMNS",
    "TIMELINE_COLUMNS",
    "Column",
    "IndicatorStatus",
    "Problem",
    "ResultTable",
    "Revision",
    "Scoreboard",
    "Standing",
    "TimelinePoint",
    "display",
    "format_table",
    "json_ready",
    "localised",
    "percent",
    "plain",
    "problem_label",
    "state_label",
    "text_width",
]
