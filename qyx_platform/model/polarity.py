"""Polarity, accumulation and roll-up: how an indicator's numbers are read."""

from __future__ import annotations

from enum import Enum


class Polarity(Enum):
    """Whether a larger value is better (托位数) or a smaller one (城镇登记失业率)."""

    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"


class Accumulation(Enum):
    """How values accumulate over time, which decides the checkpoint of a sub-year period.

    LEVEL: a stock at a point in time (interpolated between yearly targets);
    YTD_FLOW: a flow counted from January (the yearly target pro-rated);
    CUMULATIVE: a running total since the plan's start (累计; interpolated);
    RATE: a ratio or percentage (the yearly target itself).
    """

    LEVEL = "level"
    YTD_FLOW = "ytd_flow"
    CUMULATIVE = "cumulative"
    RATE = "rate"


class Rollup(Enum):
    """How a parent jurisdiction's value combines its children's values."""

    SUM = "sum"
    WEIGHTED_MEAN = "weighted_mean"
    NONE = "none"
