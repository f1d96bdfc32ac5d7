"""Finding what a caller names by code: a jurisdiction, an indicator or task target.

One look-up for the Python API, GraphQL and the CLI alike: a jurisdiction is named by its
stored name (the jurisdictions synced into the database), else by the plan's configured one;
a code is stripped before it is looked up; what does not exist is a :class:`NotFoundError`
with a translated message naming it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qyx_platform.errors import NotFoundError
from qyx_platform.i18n import _
from qyx_platform.model import Indicator, Plan, level_of

if TYPE_CHECKING:
    from qyx_platform.services.readings import Readings


def jurisdiction_name(plan: Plan, readings: Readings, code: str) -> str | None:
    """The name of a jurisdiction (stored, else configured by the plan), or None when
    unknown."""
    name = readings.jurisdiction_name(code)
    if name is None:
        configured = plan.jurisdiction(code)
        name = None if configured is None else configured.name
    return name


def jurisdiction_code(plan: Plan, readings: Readings, code: str | None) -> str:
    """The code of a jurisdiction that exists (default: the plan's home county), stripped;
    QyxError for a malformed code, NotFoundError for one that names no jurisdiction."""
    chosen = (code or plan.document.home_jurisdiction).strip()
    level_of(chosen)  # raises a QyxError naming a malformed code
    # the plan's gazetteer first: no statement for a code it knows (most requests name one)
    if plan.jurisdiction(chosen) is None and readings.jurisdiction_name(chosen) is None:
        raise NotFoundError(
            _("no jurisdiction {code}; use a county, city or province code such as 331126", code=chosen)
        )
    return chosen


def place(plan: Plan, readings: Readings, code: str) -> str:
    """A jurisdiction as a title shows it: ``庆元县 (331126)``, or the code alone."""
    name = jurisdiction_name(plan, readings, code)
    return f"{name} ({code})" if name else code


def measure(plan: Plan, code: str) -> Indicator:
    """An indicator (code or plan number) or a task target (code); NotFoundError otherwise."""
    found = plan.find_measure(code.strip())
    if found is None:
        raise NotFoundError(
            _("no indicator '{code}'; use an indicator code or plan number (see qyx status)", code=code)
        )
    return found
