"""Helpers shared by the supervision GraphQL modules: one write through the unit of work
followed by the alert rules, a period argument, a department by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from graphql import GraphQLError

from qyx_platform.errors import QyxError
from qyx_platform.graphql.context import Info
from qyx_platform.graphql.plan_types import DepartmentType
from qyx_platform.model import Department, Period
from qyx_platform.services.unit_of_work import UnitOfWork

T = TypeVar("T")


def write(info: Info, action: Callable[[UnitOfWork], T]) -> T:
    """Run ``action`` in one unit of work of the caller, then the alert rules."""
    with info.context.platform.write(info.context.actor) as work:
        result = action(work)
    info.context.platform.after_write()
    return result


def period_argument(text: str) -> Period:
    """A period argument, or a readable GraphQL error."""
    try:
        return Period.parse(text.strip())
    except QyxError as exc:
        raise GraphQLError(str(exc)) from None


def department(info: Info, name: str) -> DepartmentType:
    """The GraphQL department of a name (a lead department, or one named only by a row)."""
    known = {d.name: d for d in info.context.plan.departments}
    return DepartmentType(m=known.get(name, Department(name)))
