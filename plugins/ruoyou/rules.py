"""Domain rules of 弱有众扶 (support for the vulnerable)."""

from __future__ import annotations

from decimal import Decimal

from qyx_platform import IndicatorRule, NeverFallsRule, Proposal, RuleContext

from .i18n import _, lazy_gettext

MINIMUM_LIVING_STANDARD = "ruoyou.minimum_living_allowance_standard"

#: 最低生活保障 standards are set per month (Zhejiang: about 1,000-1,200 元/月; even Shanghai
#: stays near 1,500) while the plan reports the annual standard (12,420 元 in 2022); no annual
#: standard anywhere in China is below this, and no monthly one reaches it
MIN_ANNUAL_STANDARD = Decimal(3000)


def _annual_standard(p: Proposal, context: RuleContext) -> str | None:
    """A 低保 standard below MIN_ANNUAL_STANDARD 元 is a monthly standard, not the annual one."""
    if p.value < MIN_ANNUAL_STANDARD:
        return _(
            "最低生活保障年人均标准 of {value} 元 is below {least} 元 a year: it looks like the "
            "monthly standard (元/月); report the annual standard per person (元/人·年), i.e. the "
            "monthly standard × 12 ({value} × 12 = {annual})",
            value=p.value,
            least=MIN_ANNUAL_STANDARD,
            annual=p.value * 12,
        )
    return None


RULES = (
    NeverFallsRule(
        "ruoyou.minimum_living_standard_never_falls",
        lazy_gettext(
            "最低生活保障年人均标准 (the annual 低保 standard) is only ever raised, never lowered: "
            "check the period, the jurisdiction and that the value is the annual standard per "
            "person in 元"
        ),
        indicators=frozenset({MINIMUM_LIVING_STANDARD}),
    ),
    IndicatorRule(
        "ruoyou.minimum_living_standard_is_annual",
        lazy_gettext("最低生活保障年人均标准 is an annual amount of at least 3,000 元 (not the monthly one)"),
        frozenset({MINIMUM_LIVING_STANDARD}),
        _annual_standard,
    ),
)
