"""What a plugin hands over to extend the GraphQL schema, and helpers for its resolvers.

Nothing here imports the GraphQL layer at run time, so assembling the plan never does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from qyx_platform.model import Indicator, Plan

if TYPE_CHECKING:
    from qyx_platform.graphql.context import Info


@dataclass(frozen=True)
class QueryField:
    """A root ``Query`` field contributed by a plugin.

    ``name`` is the GraphQL field name (camelCase, prefixed with the domain:
    ``youyouOverview``); ``resolver`` is a function ``(info) -> value`` annotated with its
    strawberry return type; ``description`` documents the field in the SDL.
    """

    name: str
    resolver: Callable[..., Any]
    description: str = ""


def plan_of(info: Info) -> Plan:
    """The loaded plan from a resolver's ``info`` (the same as ``info.context.plan``)."""
    return info.context.plan


def yearly_values(indicator: Indicator, series: str | None = None) -> list[tuple[int, Decimal | None, str]]:
    """(year, value, printed text) of an indicator's cells 2022-2027, for one series."""
    return [(t.year, t.expression.value, t.expression.text) for t in indicator.targets if t.series == series]


def yearly_changes(
    indicator: Indicator, series: str | None = None
) -> list[tuple[int, Decimal | None, str, Decimal | None]]:
    """(year, value, printed text, change since the year before) of an indicator's cells in
    year order; the change is None for 2022 and wherever either year has no number."""
    out: list[tuple[int, Decimal | None, str, Decimal | None]] = []
    previous: Decimal | None = None
    for year, value, text in sorted(yearly_values(indicator, series)):
        change = None if value is None or previous is None else value - previous
        out.append((year, value, text, change))
        previous = value
    return out
