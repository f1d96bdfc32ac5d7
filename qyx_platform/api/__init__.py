"""The Python API of :class:`~qyx_platform.platform.Platform` beyond reporting: where the plan
stands, timelines, the scoreboard, problems and their workflow, revisions, approval and the
audit log, supervision (task targets, projects and milestones, timeliness, surveys), files in
and out.

Everything the GraphQL API answers is here for a script or a notebook, through the same
services (``tests/test_api_coverage.py`` maps every GraphQL field to its method); results are
:class:`~qyx_platform.results.ResultTable` s of typed records (print them; ``rows()`` gives
plain dicts, ``as_dict()`` one record). Writes take an ``actor`` (default
:data:`LOCAL_OPERATOR`, the local administrator a script runs as) and check its role as the
GraphQL API does, raising the same errors with the same messages.

    from qyx_platform import Platform
    platform = Platform("sqlite:///qyx.sqlite3")
    print(platform.status("2025"))
    behind = [r for r in platform.status("2025") if r.state == "behind"]
"""

from qyx_platform.api.files import FileAPI
from qyx_platform.api.history import HistoryAPI
from qyx_platform.api.queries import QueryAPI
from qyx_platform.api.supervision import SupervisionAPI
from qyx_platform.api.workflow import WorkflowAPI

__all__ = ["PlatformAPI"]


class PlatformAPI(QueryAPI, WorkflowAPI, HistoryAPI, SupervisionAPI, FileAPI):
    """The query and workflow methods of :class:`~qyx_platform.platform.Platform`."""
