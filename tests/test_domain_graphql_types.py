"""The domain plugins' GraphQL types: what their resolvers return, checked against numbers
worked out by hand from the plan's table (庆政办发〔2023〕19号, indicators 1-26).

The resolvers are called directly with a tiny fake ``info`` whose context holds the plan.
"""

from __future__ import annotations

import dataclasses
import re
import types
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qyx_platform import Plan, TargetExpression, YearTarget, load_plan
from qyx_platform.plugin.graphql import QueryField
from qyx_plugins.bingyou import graphql as bingyou
from qyx_plugins.laoyou import graphql as laoyou
from qyx_plugins.laoyoudeyou import graphql as laoyoudeyou
from qyx_plugins.ruoyou import graphql as ruoyou
from qyx_plugins.xueyou import graphql as xueyou
from qyx_plugins.youyou import graphql as youyou
from qyx_plugins.zhuyou import graphql as zhuyou

PLAN = load_plan()
MODULES = {
    "youyou": youyou,
    "xueyou": xueyou,
    "laoyoudeyou": laoyoudeyou,
    "bingyou": bingyou,
    "laoyou": laoyou,
    "zhuyou": zhuyou,
    "ruoyou": ruoyou,
}
D = Decimal


def info(plan: Plan = PLAN) -> Any:
    """The part of a strawberry ``Info`` the resolvers read."""
    return types.SimpleNamespace(context=types.SimpleNamespace(plan=plan))


def field(domain: str) -> QueryField:
    (only,) = MODULES[domain].FIELDS
    return only


def resolve(domain: str, plan: Plan = PLAN) -> list[Any]:
    """Call the domain's root field resolver."""
    result: list[Any] = field(domain).resolver(info(plan))
    return result


def column(rows: list[Any], name: str) -> list[Any]:
    return [getattr(r, name) for r in rows]


def with_cells(code: str, cells: dict[int, str]) -> Plan:
    """PLAN with one single-series indicator's cells replaced."""
    indicator = PLAN.indicator(code)
    targets = tuple(
        YearTarget(y, None, TargetExpression.parse(text, indicator.polarity))
        for y, text in sorted(cells.items())
    )
    changed = dataclasses.replace(indicator, targets=targets)
    return dataclasses.replace(
        PLAN, indicators=tuple(changed if i.code == code else i for i in PLAN.indicators)
    )


# ------------------------------------------------------------------ all domains


@pytest.mark.parametrize("domain", list(MODULES))
def test_one_prefixed_type_and_one_prefixed_field(domain: str) -> None:
    module = MODULES[domain]
    (t,) = module.TYPES
    name = t.__strawberry_definition__.name
    assert name.startswith(domain.capitalize()) and name != domain.capitalize()
    f = field(domain)
    assert re.fullmatch(rf"{domain}[A-Z][A-Za-z0-9]*", f.name), f.name
    assert f.description.strip()


@pytest.mark.parametrize("domain", list(MODULES))
def test_resolvers_return_their_type_with_decimals_never_floats(domain: str) -> None:
    (t,) = MODULES[domain].TYPES
    rows = resolve(domain)
    assert rows and all(isinstance(r, t) for r in rows)
    for row in rows:
        for f in dataclasses.fields(row):
            value = getattr(row, f.name)
            assert not isinstance(value, float), (domain, f.name)
            if f.name != "year" and isinstance(value, int) and not isinstance(value, bool):
                pytest.fail(f"{domain}.{f.name} is an int, not a Decimal")


@pytest.mark.parametrize("domain", [d for d in MODULES if d != "youyou"])
def test_every_field_is_documented(domain: str) -> None:
    (t,) = MODULES[domain].TYPES
    definition = t.__strawberry_definition__
    assert definition.description
    for f in definition.fields:
        if f.python_name != "year":
            assert f.description, f"{definition.name}.{f.python_name} has no description"


# ------------------------------------------------------------------ youyou


def test_youyou_affordable_places() -> None:
    rows = resolve("youyou")
    assert column(rows, "year") == [2022, 2023, 2024, 2025, 2026, 2027]
    # 3.20 × 50 % = 1.60; 5.50 × 70 % = 3.85
    assert rows[0].affordable_places_per_1000 == D("1.60")
    assert rows[-1].affordable_places_per_1000 == D("3.85")


# ------------------------------------------------------------------ xueyou


def test_xueyou_school_places() -> None:
    rows = resolve("xueyou")
    assert column(rows, "year") == [2022, 2023, 2024, 2025, 2026, 2027]
    assert column(rows, "new_places") == [D(0), D(1260), D(0), D(0), D(0), D(0)]
    # all 1,260 places come in 2023, so the running total is 1260 from 2023 on
    assert column(rows, "places_since_2023") == [None, *[D(1260)] * 5]
    assert rows[-1].places_since_2023 == D(1260)  # the 2023-2027 total


@given(st.lists(st.integers(0, 5000), min_size=6, max_size=6))
def test_xueyou_total_is_the_sum_of_the_target_years(places: list[int]) -> None:
    cells = {2022 + i: str(n) for i, n in enumerate(places)}
    rows = resolve("xueyou", with_cells(xueyou.NEW_PLACES, cells))
    assert rows[-1].places_since_2023 == sum(places[1:])  # the 2022 baseline is not counted
    assert rows[1].places_since_2023 == places[1]


# ------------------------------------------------------------------ laoyoudeyou


def test_laoyoudeyou_unemployment_ceiling() -> None:
    rows = resolve("laoyoudeyou")
    assert column(rows, "year") == [2023, 2024, 2025, 2026, 2027]  # target years only
    for row in rows:
        assert row.target == "<3"
        assert row.ceiling == D(3)
        assert row.strict is True
        assert row.baseline == D("1.40")
        assert row.headroom == D("1.60")  # 3 − 1.40


def test_laoyoudeyou_plain_numbers_are_non_strict_ceilings() -> None:
    # a plain number for a lower-is-better indicator reads as "at most"
    cells = {2022: "1.40", 2023: "2.5", 2024: "<3", 2025: "<3", 2026: "<3", 2027: "2"}
    rows = resolve("laoyoudeyou", with_cells(laoyoudeyou.UNEMPLOYMENT, cells))
    assert column(rows, "strict") == [False, True, True, True, False]
    assert column(rows, "headroom") == [D("1.10"), D("1.60"), D("1.60"), D("1.60"), D("0.60")]


# ------------------------------------------------------------------ bingyou


def test_bingyou_reimbursement_series_side_by_side() -> None:
    rows = resolve("bingyou")
    assert column(rows, "year") == [2022, 2023, 2024, 2025, 2026, 2027]
    assert column(rows, "employees") == [D(87), D(85), D(85), D(85), D(85), D(85)]
    assert column(rows, "residents") == [D(71), D(68), D(69), D(70), D(70), D(70)]
    # 87−71, 85−68, 85−69, 85−70 …
    assert column(rows, "gap") == [D(16), D(17), D(16), D(15), D(15), D(15)]


def test_bingyou_series_are_never_summed() -> None:
    (t,) = bingyou.TYPES
    assert {f.name for f in dataclasses.fields(t)} == {"year", "employees", "residents", "gap"}
    for row in resolve("bingyou"):
        assert row.employees + row.residents not in {
            getattr(row, f) for f in ("gap", "employees", "residents")
        }


# ------------------------------------------------------------------ laoyou


def test_laoyou_care_workforce() -> None:
    rows = resolve("laoyou")
    assert column(rows, "year") == [2022, 2023, 2024, 2025, 2026, 2027]
    assert column(rows, "care_workers_per_10k") == [D(n) for n in (22, 23, 24, 25, 26, 27)]
    assert column(rows, "care_workers_step") == [None, D(1), D(1), D(1), D(1), D(1)]
    assert column(rows, "ltc_covered") == [D(0), D("2.3"), D("2.3"), D("2.3"), D("2.3"), None]
    assert column(rows, "ltc_target") == ["0", "2.3", "2.3", "2.3", "2.3", "全覆盖"]
    assert column(rows, "ltc_full_coverage") == [False, False, False, False, False, True]


@given(st.lists(st.integers(0, 200), min_size=6, max_size=6))
def test_laoyou_steps_add_up_to_the_whole_rise(carers: list[int]) -> None:
    cells = {2022 + i: str(n) for i, n in enumerate(carers)}
    rows = resolve("laoyou", with_cells(laoyou.CARE_WORKERS, cells))
    steps = column(rows, "care_workers_step")
    assert steps[0] is None
    assert sum(steps[1:]) == carers[-1] - carers[0]


# ------------------------------------------------------------------ zhuyou


def test_zhuyou_rental_housing_pipeline() -> None:
    rows = resolve("zhuyou")
    assert column(rows, "year") == [2022, 2023, 2024, 2025, 2026, 2027]
    assert column(rows, "cumulative_units") == [D(n) for n in (0, 363, 413, 413, 450, 500)]
    # 363−0, 413−363, 413−413, 450−413, 500−450
    assert column(rows, "added_units") == [None, D(363), D(50), D(0), D(37), D(50)]
    assert rows[-1].target == "≥500"
    assert sum(column(rows, "added_units")[1:]) == D(500)


# ------------------------------------------------------------------ ruoyou


def test_ruoyou_assistance_standard() -> None:
    rows = resolve("ruoyou")
    assert column(rows, "year") == [2022, 2023, 2024, 2025, 2026, 2027]
    assert column(rows, "standard") == [D(n) for n in (12420, 12600, 12800, 13000, 13500, 14000)]
    # 12600−12420, 12800−12600, 13000−12800, 13500−13000, 14000−13500
    assert column(rows, "increase") == [None, D(180), D(200), D(200), D(500), D(500)]
    # 180/12420 = 1.449…%, 200/12600 = 1.587…%, 200/12800 = 1.5625%, 500/13000 = 3.846…%,
    # 500/13500 = 3.703…%
    percents = column(rows, "increase_percent")
    assert percents == [None, D("1.45"), D("1.59"), D("1.56"), D("3.85"), D("3.70")]
    assert [str(p) for p in percents[1:]] == ["1.45", "1.59", "1.56", "3.85", "3.70"]


def test_ruoyou_percent_rounds_half_up() -> None:
    # 12000 → 12003: 3/12000 = 0.025 % exactly, rounded half up to 0.03
    cells = {
        2022: "12000",
        2023: "12003",
        2024: "12003",
        2025: "13000",
        2026: "13000",
        2027: "13000",
    }
    rows = resolve("ruoyou", with_cells(ruoyou.MINIMUM_LIVING_STANDARD, cells))
    assert rows[1].increase == D(3)
    assert rows[1].increase_percent == D("0.03")
    assert rows[2].increase_percent == D("0.00")


@given(st.lists(st.integers(3000, 60_000), min_size=6, max_size=6))
def test_ruoyou_increases_telescope(standards: list[int]) -> None:
    cells = {2022 + i: str(n) for i, n in enumerate(standards)}
    rows = resolve("ruoyou", with_cells(ruoyou.MINIMUM_LIVING_STANDARD, cells))
    increases = column(rows, "increase")
    assert sum(increases[1:]) == standards[-1] - standards[0]
    for previous, row in zip(standards, rows[1:], strict=False):
        exact = row.increase * 100 / previous
        assert abs(row.increase_percent - exact) <= D("0.005")
        assert row.increase_percent.as_tuple().exponent == -2
