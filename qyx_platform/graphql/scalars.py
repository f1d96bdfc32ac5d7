"""Enums shared by the schema, mirroring the model's."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any, NewType

import strawberry
from graphql import FloatValueNode, IntValueNode, StringValueNode, ValueNode, VariableNode
from strawberry.types.scalar import ScalarDefinition

from qyx_platform.i18n import _


@strawberry.enum(description="How an actual value is compared with a target value.")
class Comparator(Enum):
    """GraphQL mirror of :class:`qyx_platform.model.Comparator`."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    BELOW = "below"
    ABOVE = "above"
    ABOUT = "about"
    FULL_COVERAGE = "full_coverage"
    MILESTONE = "milestone"
    NONE = "none"


@strawberry.enum(description="Whether a larger or a smaller value is better.")
class Polarity(Enum):
    """GraphQL mirror of :class:`qyx_platform.model.Polarity`."""

    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"


@strawberry.enum(description="How an indicator's values accumulate over a year.")
class Accumulation(Enum):
    """GraphQL mirror of :class:`qyx_platform.model.Accumulation`."""

    LEVEL = "level"
    YTD_FLOW = "ytd_flow"
    CUMULATIVE = "cumulative"
    RATE = "rate"


@strawberry.enum(description="How a parent jurisdiction's value combines its children's.")
class Rollup(Enum):
    """GraphQL mirror of :class:`qyx_platform.model.Rollup`."""

    SUM = "sum"
    WEIGHTED_MEAN = "weighted_mean"
    NONE = "none"


@strawberry.enum(description="Where a value stands against the plan.")
class State(Enum):
    """ACHIEVED: the year's target is met; ON_TRACK: the period's checkpoint is met;
    AT_RISK: the checkpoint is narrowly missed; BEHIND: clearly missed; NO_DATA: nothing
    reported (or nothing to judge against)."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BEHIND = "behind"
    NO_DATA = "no_data"


@strawberry.enum(description="Length of a reporting period.")
class Granularity(Enum):
    """GraphQL mirror of :class:`qyx_platform.model.Granularity`."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


@strawberry.enum(description="Administrative level of a jurisdiction.")
class Level(Enum):
    """GraphQL mirror of :class:`qyx_platform.model.Level`."""

    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"


def _decimals(value: object) -> list[Decimal]:
    if not isinstance(value, list):
        raise ValueError(_("a DecimalList is a JSON array of decimal strings"))
    return [Decimal(str(v)) for v in value]


def _texts(value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(_("a PeriodList is a JSON array of period strings"))
    return list(value)


#: a chart series' values: serialised as one JSON array of decimal strings, like [Decimal!]!
#: but completed as a single value (a province's monthly series is thousands of items)
DecimalList = NewType("DecimalList", list)  # type: ignore[type-arg]

#: a chart series' periods, parallel to its DecimalList
PeriodList = NewType("PeriodList", list)  # type: ignore[type-arg]


def _value_text(value: object) -> str:
    """A Decimal input as the text it was sent as: the service's one value reader
    (:func:`qyx_platform.services.values.parse_value`) reads it, with the same forms and
    messages as a CSV cell or a Python string."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(_('a Decimal is a string such as "3.20" (or a JSON number)'))
    return value if isinstance(value, str) else str(value)


def _value_literal(node: ValueNode, variables: dict[str, Any] | None = None) -> str:
    """A Decimal literal as written in the document (``4.10`` keeps its zero)."""
    if isinstance(node, StringValueNode | IntValueNode | FloatValueNode):
        return node.value
    if isinstance(node, VariableNode) and variables is not None:
        return _value_text(variables.get(node.name.value))
    raise ValueError(_('a Decimal is a string such as "3.20" (or a number)'))


#: the scalars above, for the schema's StrawberryConfig(scalar_map=...)
SCALAR_MAP: dict[object, ScalarDefinition] = {
    Decimal: strawberry.scalar(
        name="Decimal",
        serialize=str,
        parse_value=_value_text,
        parse_literal=_value_literal,
        description=(
            'A decimal number as text, e.g. "3.20" (no digit is lost). As a reported value it is '
            'read like a CSV cell: "1,260", "62.5%" on a percentage, "１２６００", "3.8万" on a 万 '
            "indicator; exponents are refused."
        ),
    ),
    DecimalList: strawberry.scalar(
        name="DecimalList",
        serialize=lambda values: [str(v) for v in values],
        parse_value=_decimals,
        description='A JSON array of decimal strings, e.g. ["3.20", "4.05"]: the values of a compact series.',
    ),
    PeriodList: strawberry.scalar(
        name="PeriodList",
        serialize=lambda periods: [str(p) for p in periods],
        parse_value=_texts,
        description=(
            'A JSON array of period strings, e.g. ["2025-01", "2025-02"]: a compact series\' periods.'
        ),
    ),
}


@strawberry.enum(description="How often an item is reported (月报, 季报, 年报).")
class Frequency(Enum):
    """GraphQL mirror of :class:`qyx_platform.model.Frequency`."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"
