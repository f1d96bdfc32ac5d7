"""The checks a new problem must pass (问题清单): text, a known department, a due date not in
the past, and links that fit together (an indicator or task target of the named domain, a
known project). Every failure is named by its GraphQL field; nothing is written."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from qyx_platform.errors import RowError, ValidationError
from qyx_platform.i18n import _
from qyx_platform.model import Plan
from qyx_platform.services.text import text_problem

if TYPE_CHECKING:
    from qyx_platform.services.problems import NewProblem

#: GraphQL names of the input fields whose Python names differ
_FIELD = {"task_target": "taskTarget"}


def check_new_problem(plan: Plan, new: NewProblem, today: date | None = None) -> None:
    """Raise ValidationError listing every problem with ``new`` (see the module docstring)."""
    errors: list[RowError] = []
    for name in ("title", "description", "department", "domain", "indicator", "task_target", "project"):
        value = getattr(new, name)
        limit = None if name in ("title", "description") else 4000
        problem = text_problem(name, value, limit, required=name == "title")
        if problem:
            blank = value is not None and not value.strip()
            message = _("a problem needs a title") if blank else problem
            errors.append(RowError(0, _FIELD.get(name, name), message))
    departments = {d.name for d in plan.departments}
    if new.department not in departments:
        errors.append(
            RowError(
                0,
                "department",
                _(
                    "unknown department {department}; use one of {join}",
                    department=repr(new.department),
                    join=", ".join(sorted(departments)),
                ),
            )
        )
    if today is not None and new.due_date < today:
        errors.append(
            RowError(
                0,
                "dueDate",
                _("{due_date} is in the past (today is {today})", due_date=new.due_date, today=today),
            )
        )
    domain = None
    if new.domain is not None:
        domain = plan.domain(new.domain)
        if domain is None:
            codes = ", ".join(d.code for d in plan.domains)
            errors.append(
                RowError(
                    0,
                    "domain",
                    _("unknown domain {domain}; use one of {codes}", domain=repr(new.domain), codes=codes),
                )
            )
    if new.indicator is not None:
        indicator = plan.find_indicator(new.indicator)
        if indicator is None:
            errors.append(
                RowError(0, "indicator", _("unknown indicator {indicator}", indicator=repr(new.indicator)))
            )
        elif domain is not None and indicator.domain != domain.code:
            errors.append(
                RowError(
                    0,
                    "indicator",
                    _(
                        "{indicator_code} belongs to {indicator_domain}, not {domain_code}",
                        indicator_code=indicator.code,
                        indicator_domain=indicator.domain,
                        domain_code=domain.code,
                    ),
                )
            )
    if new.task_target is not None:
        target = plan.task_target(new.task_target)
        if target is None:
            errors.append(
                RowError(
                    0, "taskTarget", _("unknown task target {task_target}", task_target=repr(new.task_target))
                )
            )
        elif domain is not None and target[0].domain != domain.code:
            errors.append(
                RowError(
                    0,
                    "taskTarget",
                    _(
                        "{task_target} belongs to {target_0_domain}, not {domain_code}",
                        task_target=new.task_target,
                        target_0_domain=target[0].domain,
                        domain_code=domain.code,
                    ),
                )
            )
    if new.project is not None:
        project = next((p for p in plan.projects if p.code == new.project), None)
        if project is None:
            errors.append(RowError(0, "project", _("unknown project {project}", project=repr(new.project))))
        elif domain is not None and project.domain != domain.code:
            errors.append(
                RowError(
                    0,
                    "project",
                    _(
                        "{project_code} belongs to {project_domain}, not {domain_code}",
                        project_code=project.code,
                        project_domain=project.domain,
                        domain_code=domain.code,
                    ),
                )
            )
    if errors:
        raise ValidationError(errors)
