"""Roll-up of children's values to a parent jurisdiction."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_evaluation_support import TUOWEI, d, positive, values

from qyx_platform.errors import QyxError
from qyx_platform.evaluation import roll_up
from qyx_platform.model import Rollup

COUNTIES = ["331102", "331121", "331126"]


class TestWorkedExamples:
    def test_sum_with_a_missing_child(self) -> None:
        r = roll_up(Rollup.SUM, {"331102": d("1.2"), "331121": None, "331126": d("0.28")})
        assert r.value == d("1.48")
        assert (r.reported, r.expected, r.complete) == (2, 3, False)

    def test_weighted_mean_by_population(self) -> None:
        r = roll_up(
            Rollup.WEIGHTED_MEAN,
            {"a": d("10"), "b": d("20")},
            {"a": d("1"), "b": d("3")},
        )
        assert r.value == d("17.5")  # (10 + 60) / 4
        assert r.complete

    def test_equal_weights_without_weights(self) -> None:
        assert roll_up(Rollup.WEIGHTED_MEAN, {"a": d("10"), "b": d("20")}).value == d("15")
        # 1, 2, 2 → 5/3 = 1.6666… → 1.6667
        third = roll_up(Rollup.WEIGHTED_MEAN, {"a": d("1"), "b": d("2"), "c": d("2")})
        assert third.value == d("1.6667")

    def test_missing_children_are_left_out_of_a_mean(self) -> None:
        r = roll_up(Rollup.WEIGHTED_MEAN, {"a": d("4.0"), "b": None}, {"a": d("100"), "b": d("900")})
        assert (r.value, r.reported, r.expected) == (d("4.0"), 1, 2)

    def test_none_gives_no_value(self) -> None:
        r = roll_up(Rollup.NONE, {"a": d("80.3"), "b": d("80.4")})
        assert r.value is None and (r.reported, r.expected) == (2, 2)

    def test_indicator_supplies_its_rule(self) -> None:
        # 托位数 rolls up as a weighted mean
        assert roll_up(TUOWEI, {"a": d("4"), "b": d("5")}).value == d("4.5")

    def test_expected_children(self) -> None:
        r = roll_up(Rollup.SUM, {"331126": d("3")}, children=COUNTIES)
        assert (r.value, r.reported, r.expected) == (d("3"), 1, 3)
        # values of codes not expected are ignored
        r = roll_up(Rollup.SUM, {"331126": d("3"), "999999": d("5")}, children=COUNTIES)
        assert r.value == d("3")

    def test_nobody_reported(self) -> None:
        r = roll_up(Rollup.SUM, {"a": None}, children=["a", "b"])
        assert (r.value, r.reported, r.expected) == (None, 0, 2)
        assert roll_up(Rollup.SUM, {}).value is None

    def test_weights_must_cover_reporting_children(self) -> None:
        with pytest.raises(QyxError, match="no weight for b"):
            roll_up(Rollup.WEIGHTED_MEAN, {"a": d("1"), "b": d("2")}, {"a": d("1")})
        with pytest.raises(QyxError, match="≥ 0"):
            roll_up(Rollup.WEIGHTED_MEAN, {"a": d("1")}, {"a": d("-1")})

    def test_zero_total_weight(self) -> None:
        assert roll_up(Rollup.WEIGHTED_MEAN, {"a": d("1")}, {"a": d("0")}).value is None

    def test_float_is_refused(self) -> None:
        with pytest.raises(QyxError, match="Decimal"):
            roll_up(Rollup.SUM, {"a": 1.5})  # type: ignore[dict-item]


children = st.dictionaries(st.sampled_from(["a", "b", "c", "d", "e"]), st.none() | values, min_size=1)


@given(children)
def test_sum_is_the_sum_of_what_was_reported(vals: dict[str, Decimal | None]) -> None:
    r = roll_up(Rollup.SUM, vals)
    reported = [v for v in vals.values() if v is not None]
    assert (r.reported, r.expected) == (len(reported), len(vals))
    assert r.value == (sum(reported) if reported else None)


@given(children, st.data())
def test_weighted_mean_lies_between_the_smallest_and_largest(
    vals: dict[str, Decimal | None], data: st.DataObject
) -> None:
    weights = {k: data.draw(positive) for k in vals}
    r = roll_up(Rollup.WEIGHTED_MEAN, vals, weights)
    reported = {k: v for k, v in vals.items() if v is not None}
    if not reported:
        assert r.value is None
        return
    assert r.value is not None
    assert min(reported.values()) <= r.value <= max(reported.values())
    exact = sum(Fraction(weights[k]) * Fraction(v) for k, v in reported.items()) / sum(
        Fraction(weights[k]) for k in reported
    )
    assert abs(Fraction(r.value) - exact) <= Fraction(1, 20000)


@given(children, st.integers(1, 1000))
def test_equal_weights_are_the_plain_mean_and_scale_free(
    vals: dict[str, Decimal | None], factor: int
) -> None:
    equal = roll_up(Rollup.WEIGHTED_MEAN, vals)
    scaled = roll_up(Rollup.WEIGHTED_MEAN, vals, {k: Decimal(factor) for k in vals})
    assert equal == scaled
    reported = [v for v in vals.values() if v is not None]
    if reported:
        assert equal.value is not None
        exact = sum(Fraction(v) for v in reported) / len(reported)
        assert abs(Fraction(equal.value) - exact) <= Fraction(1, 20000)


# -- roll-up at any depth (the scoreboard's and the reports' rolled_latest) ----------------------


class _Tree:
    """A jurisdiction tree standing in for Readings: only ``children`` is read."""

    def __init__(self, children: dict[str, list[str]]) -> None:
        self.tree = children

    def children(self, code: str) -> list[tuple[str, str]]:
        return [(child, child) for child in self.tree.get(code, [])]


@st.composite
def _reported_trees(draw: st.DrawFn) -> tuple[dict[str, list[str]], dict[str, tuple[int, Decimal]]]:
    """A province of 1-3 cities of 0-4 counties, a value (with its month) at any node or none."""
    tree: dict[str, list[str]] = {"P": []}
    for c in range(draw(st.integers(1, 3))):
        city = f"C{c}"
        tree["P"].append(city)
        tree[city] = [f"{city}K{k}" for k in range(draw(st.integers(0, 4)))]
    nodes = ["P", *tree["P"], *(k for city in tree["P"] for k in tree[city])]
    reported = draw(
        st.dictionaries(
            st.sampled_from(nodes),
            st.tuples(st.integers(1, 12), st.decimals(0, 10_000, places=2, allow_nan=False)),
        )
    )
    return tree, reported


@given(_reported_trees())
def test_a_sum_rolls_up_from_the_topmost_reporting_places(
    case: tuple[dict[str, list[str]], dict[str, tuple[int, Decimal]]],
) -> None:
    """A summed indicator's figure for the province is the sum over the places that report and
    have no reporting place above them (a place's own value wins over its children's), dated
    at the latest of their periods; none when nothing under it reports."""
    from qyx_platform.model import Period
    from qyx_platform.platform import load_plan
    from qyx_platform.services.scoreboard import rolled_latest

    tree, reported = case
    plan = load_plan()
    indicator = next(i for i in plan.indicators if i.rollup is Rollup.SUM)
    latest = {
        (indicator.code, place, ""): (Period.parse(f"2025-{month:02d}"), value)
        for place, (month, value) in reported.items()
    }
    parent = {child: p for p, kids in tree.items() for child in kids}

    def above(place: str) -> list[str]:
        out = []
        while place in parent:
            place = parent[place]
            out.append(place)
        return out

    topmost = [p for p in reported if not any(a in reported for a in above(p))]
    found = rolled_latest(_Tree(tree), latest, indicator, "", "P")  # type: ignore[arg-type]
    if not topmost:
        assert found is None
    else:
        assert found is not None
        assert found[1] == sum((reported[p][1] for p in topmost), Decimal(0))
        assert found[0] == max(Period.parse(f"2025-{reported[p][0]:02d}") for p in topmost)
