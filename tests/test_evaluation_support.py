"""Builders and hypothesis strategies shared by the evaluation tests.

Indicators are typed here by hand from the plan's table (庆元县公共服务“七优享”工程实施方案,
indicators 1-26), independent of the plugin data files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from hypothesis import strategies as st

from qyx_platform.evaluation import Evaluation, State, evaluate
from qyx_platform.model import (
    Accumulation,
    Comparator,
    Granularity,
    Indicator,
    Period,
    Polarity,
    Rollup,
    Series,
    TargetExpression,
    YearTarget,
)

YEARS = (2022, 2023, 2024, 2025, 2026, 2027)
HIGHER = Polarity.HIGHER_IS_BETTER
LOWER = Polarity.LOWER_IS_BETTER


def make_indicator(
    cells: Sequence[str | TargetExpression] | Mapping[str, Sequence[str]],
    *,
    polarity: Polarity = HIGHER,
    accumulation: Accumulation = Accumulation.LEVEL,
    unit: str = "个",
    rollup: Rollup = Rollup.SUM,
    number: int = 99,
    code: str = "test.indicator",
    domain: str = "test",
    core: bool = False,
) -> Indicator:
    """An indicator from its six cells (2022-2027), or {series: six cells} for indicator 12."""
    targets: list[YearTarget] = []
    series: tuple[Series, ...] = ()
    if isinstance(cells, Mapping):
        series = tuple(Series(key=k, name=k, english_name=f"series {k}") for k in cells)
        for key, row in cells.items():
            assert len(row) == 6
            for year, text in zip(YEARS, row, strict=True):
                targets.append(YearTarget(year, key, TargetExpression.parse(text, polarity)))
    else:
        assert len(cells) == 6
        for year, cell in zip(YEARS, cells, strict=True):
            expr = cell if isinstance(cell, TargetExpression) else TargetExpression.parse(cell, polarity)
            targets.append(YearTarget(year, None, expr))
    return Indicator(
        code=code,
        plan_number=number,
        domain=domain,
        name=code,
        english_name=code,
        unit=unit,
        core=core,
        polarity=polarity,
        accumulation=accumulation,
        rollup=rollup,
        targets=tuple(targets),
        series=series,
    )


# --- indicators of the plan, typed from its table -------------------------------------------
TUOWEI = make_indicator(  # 1 *每千人口拥有3岁以下婴幼儿托位数（个）
    ("3.20", "3.80", "4.00", "4.50", "5.00", "5.50"),
    number=1,
    code="youyou.childcare_places_per_1000",
    domain="youyou",
    core=True,
    rollup=Rollup.WEIGHTED_MEAN,
)
VOCATIONAL = make_indicator(  # 5 *开展职业教育培训数（万人次）
    ("0.21", "0.28", "0.28", "0.28", "0.28", "0.28"),
    accumulation=Accumulation.YTD_FLOW,
    unit="万人次",
    number=5,
    code="xueyou.vocational_training",
    domain="xueyou",
    core=True,
)
UNEMPLOYMENT = make_indicator(  # 9 城镇登记失业率（%）
    ("1.40", "<3", "<3", "<3", "<3", "<3"),
    polarity=LOWER,
    accumulation=Accumulation.RATE,
    unit="%",
    number=9,
    code="laoyoudeyou.urban_unemployment",
    domain="laoyoudeyou",
    rollup=Rollup.WEIGHTED_MEAN,
)
REIMBURSEMENT = make_indicator(  # 12 *基本医疗保险政策范围内住院报销比例（含大病保险）（%）
    {
        "职工": ("87", "85", "85", "85", "85", "85"),
        "城乡居民": ("71", "68", "69", "70", "70", "70"),
    },
    accumulation=Accumulation.RATE,
    unit="%",
    number=12,
    code="bingyou.inpatient_reimbursement",
    domain="bingyou",
    core=True,
    rollup=Rollup.WEIGHTED_MEAN,
)
CHECKUPS = make_indicator(  # 13 *年城乡居民免费健康体检人次（万）
    ("3.8", "3.8", "3.8", "3.8", "3.8", "3.8"),
    accumulation=Accumulation.YTD_FLOW,
    unit="万",
    number=13,
    code="bingyou.free_health_checks",
    domain="bingyou",
    core=True,
)
PREMATURE = make_indicator(  # 15 重大慢病过早死亡率（%）
    ("-", "11.46", "11.26", "11.06", "10.86", "10.66"),
    polarity=LOWER,
    accumulation=Accumulation.RATE,
    unit="%",
    number=15,
    code="bingyou.premature_mortality",
    domain="bingyou",
)
HUIMINBAO = make_indicator(  # 16 “浙里惠民保”投保率（%）
    ("95.39", ">70", ">70", ">70", ">70", ">70"),
    accumulation=Accumulation.RATE,
    unit="%",
    number=16,
    code="bingyou.huiminbao",
    domain="bingyou",
)
LTC = make_indicator(  # 19 长期护理保险覆盖人数（万人）
    ("0", "2.3", "2.3", "2.3", "2.3", "全覆盖"),
    unit="万人",
    number=19,
    code="laoyou.ltc_insured",
    domain="laoyou",
)
RENTAL = make_indicator(  # 21 *保障性租赁住房累计建设筹集套（间）数（套）
    ("0", "363", "413", "413", "450", "≥500"),
    accumulation=Accumulation.CUMULATIVE,
    unit="套",
    number=21,
    code="zhuyou.rental_housing",
    domain="zhuyou",
    core=True,
)
MINIMUM_LIVING = make_indicator(  # 24 最低生活保障年人均标准（元）
    ("12420", "12600", "12800", "13000", "13500", "14000"),
    unit="元",
    number=24,
    code="ruoyou.minimum_living_standard",
    domain="ruoyou",
)


def p(text: str) -> Period:
    """Shorthand for Period.parse."""
    return Period.parse(text)


def d(text: str) -> Decimal:
    """Shorthand for Decimal."""
    return Decimal(text)


#: judged states from worst to best; NO_DATA is not on this scale
ORDER = {State.BEHIND: 0, State.AT_RISK: 1, State.ON_TRACK: 2, State.ACHIEVED: 3}

FLIP = {
    Comparator.AT_LEAST: Comparator.AT_MOST,
    Comparator.AT_MOST: Comparator.AT_LEAST,
    Comparator.ABOVE: Comparator.BELOW,
    Comparator.BELOW: Comparator.ABOVE,
    Comparator.ABOUT: Comparator.ABOUT,
    Comparator.NONE: Comparator.NONE,
}


def make_evaluation(
    indicator: str,
    state: State,
    *,
    core: bool = False,
    domain: str = "d",
    series: str | None = None,
) -> Evaluation:
    """An Evaluation with only what scoring reads filled in."""
    return Evaluation(
        indicator=indicator,
        domain=domain,
        core=core,
        series=series,
        period=Period.year_of(2025),
        state=state,
        actual=None if state is State.NO_DATA else Decimal(1),
        target=None,
        checkpoint=None,
        checkpoint_method=None,
        gap=None,
        progress=None,
        pace=None,
        forecast_year_end=None,
        forecast_final=None,
        note="",
    )


# --- strategies --------------------------------------------------------------------------------
values = st.decimals(
    min_value=Decimal(-1000), max_value=Decimal(1000), places=2, allow_nan=False, allow_infinity=False
)
positive = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal(1000), places=2, allow_nan=False, allow_infinity=False
)
polarities = st.sampled_from([HIGHER, LOWER])
accumulations = st.sampled_from(list(Accumulation))


@st.composite
def periods(draw: st.DrawFn, years: Sequence[int] = YEARS) -> Period:
    """Any year, quarter or month of the given years."""
    year = draw(st.sampled_from(list(years)))
    granularity = draw(st.sampled_from(list(Granularity)))
    if granularity is Granularity.YEAR:
        return Period(year, granularity)
    top = 4 if granularity is Granularity.QUARTER else 12
    return Period(year, granularity, draw(st.integers(1, top)))


@st.composite
def year_end_periods(draw: st.DrawFn) -> Period:
    """A period ending in December: the year, Q4 or December."""
    year = draw(st.sampled_from(YEARS))
    return draw(
        st.sampled_from(
            [Period.year_of(year), Period(year, Granularity.QUARTER, 4), Period(year, Granularity.MONTH, 12)]
        )
    )


def cell_strategy(polarity: Polarity, *, full_coverage: bool = False) -> st.SearchStrategy[TargetExpression]:
    """A cell whose comparator agrees with ``polarity`` (as every cell of the plan does)."""
    if polarity is HIGHER:
        comparators = [Comparator.AT_LEAST, Comparator.ABOVE, Comparator.ABOUT]
    else:
        comparators = [Comparator.AT_MOST, Comparator.BELOW, Comparator.ABOUT]
    numbered = st.builds(
        lambda c, v: TargetExpression.build(c, v, polarity), st.sampled_from(comparators), values
    )
    options = [numbered, numbered, numbered, st.just(TargetExpression(Comparator.NONE, None, "-"))]
    if full_coverage and polarity is HIGHER:  # 全覆盖 is an upward target
        options.append(st.just(TargetExpression(Comparator.FULL_COVERAGE, None, "全覆盖")))
    return st.one_of(options)


@st.composite
def indicators(draw: st.DrawFn, *, full_coverage: bool = False) -> Indicator:
    """A random single-series indicator whose cells agree with its polarity."""
    polarity = draw(polarities)
    cells = [draw(cell_strategy(polarity, full_coverage=full_coverage)) for _ in YEARS]
    return make_indicator(cells, polarity=polarity, accumulation=draw(accumulations))


def test_builders_keep_the_printed_cells() -> None:
    """The builders parse cells as printed, taking plain numbers' comparators from polarity."""
    assert UNEMPLOYMENT.target(2025) == TargetExpression(Comparator.BELOW, Decimal(3), "<3")
    assert UNEMPLOYMENT.baseline() == TargetExpression(Comparator.AT_MOST, Decimal("1.40"), "1.40")
    assert REIMBURSEMENT.target(2025, "城乡居民") == TargetExpression(Comparator.AT_LEAST, Decimal(70), "70")
    assert LTC.target(2027) == TargetExpression(Comparator.FULL_COVERAGE, None, "全覆盖")


def evaluate_history(
    indicator: Indicator, period: str, actual: str, history: Sequence[tuple[str, str]]
) -> Evaluation:
    """evaluate() with a history given as (period text, value text) pairs."""
    return evaluate(
        indicator,
        Period.parse(period),
        Decimal(actual),
        history=[(Period.parse(a), Decimal(b)) for a, b in history],
    )
