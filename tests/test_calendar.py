"""The reporting calendar: frequencies, cycles and deadline rules."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qyx_platform.errors import ConfigurationError
from qyx_platform.model import DeadlineRule, Frequency, Period, cycles_in, previous_cycle


def test_default_deadlines() -> None:
    rule = DeadlineRule()
    assert rule.deadline(Period.parse("2025-07")) == date(2025, 8, 10)
    assert rule.deadline(Period.parse("2025-12")) == date(2026, 1, 10)
    assert rule.deadline(Period.parse("2025Q3")) == date(2025, 10, 15)
    assert rule.deadline(Period.parse("2025")) == date(2026, 1, 31)


def test_configurable_and_clamped() -> None:
    rule = DeadlineRule.parse("monthly=31, quarterly=5")
    assert rule.deadline(Period.parse("2025-01")) == date(2025, 2, 28)
    assert rule.deadline(Period.parse("2025Q1")) == date(2025, 4, 5)
    assert rule.yearly_day == 31
    for bad in ("monthly=0", "weekly=3", "monthly=١", "monthly"):
        with pytest.raises(ConfigurationError):
            DeadlineRule.parse(bad)


@given(st.integers(2000, 2100), st.sampled_from(list(Frequency)), st.integers(1, 31), st.integers(1, 31))
def test_a_deadline_follows_its_cycle_and_cycles_chain(
    year: int, frequency: Frequency, m: int, q: int
) -> None:
    rule = DeadlineRule(monthly_day=m, quarterly_day=q)
    cycles = cycles_in(year, frequency)
    assert all(c.granularity is frequency.granularity for c in cycles)
    for before, after in itertools.pairwise(cycles):
        assert previous_cycle(after) == before and rule.deadline(before) < rule.deadline(after)
    first = cycles[0]
    assert previous_cycle(first).year == year - 1
    end = date(first.year, first.end_month, 1)
    assert rule.deadline(first) > end
