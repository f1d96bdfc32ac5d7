"""Enums shared by the schema, mirroring the model's."""

from __future__ import annotations

from enum import Enum

import strawberry


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
