"""Roll-up: a parent jurisdiction's value from its children's values."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal

from qyx_platform.errors import QyxError
from qyx_platform.evaluation._arith import in_context, require_decimal, round_value
from qyx_platform.i18n import _
from qyx_platform.model.indicators import Indicator
from qyx_platform.model.polarity import Rollup


@dataclass(frozen=True, slots=True)
class RollupResult:
    """The combined value (None when it cannot be formed) and how many of the expected
    children reported a value."""

    value: Decimal | None
    reported: int
    expected: int

    @property
    def complete(self) -> bool:
        """True when every expected child reported."""
        return self.reported == self.expected


@in_context
def roll_up(
    rule: Rollup | Indicator,
    values: Mapping[str, Decimal | None],
    weights: Mapping[str, Decimal] | None = None,
    *,
    children: Collection[str] | None = None,
) -> RollupResult:
    """Combine children's values (child code → value, None: not reported) by ``rule`` (a
    Rollup, or an indicator whose ``rollup`` is used).

    * SUM: the sum of the reported values (a partial sum when some are missing: check
      ``complete``).
    * WEIGHTED_MEAN: ``Σ wᵢ·vᵢ ÷ Σ wᵢ`` over the reported children, with ``weights`` (e.g.
      population; every reporting child needs a weight ≥ 0) or equal weights when None;
      None when the reporting children's weights add up to 0.
    * NONE: no value (the indicator cannot be combined, e.g. 人均预期寿命).

    ``children`` are the codes expected to report (default: the keys of ``values``); values of
    codes outside it are ignored. None when no child reported. A mean is rounded half-even to
    the inputs' own decimal places or 4, whichever is more.
    """
    rollup = rule.rollup if isinstance(rule, Indicator) else rule
    expected = list(values) if children is None else list(children)
    reported = {
        code: require_decimal(values[code], _("the value of {code}", code=code))
        for code in expected
        if values.get(code) is not None
    }
    count = len(reported)
    if rollup is Rollup.NONE or not reported:
        return RollupResult(None, count, len(expected))
    if rollup is Rollup.SUM:
        return RollupResult(sum(reported.values(), Decimal(0)), count, len(expected))
    if weights is None:
        used = dict.fromkeys(reported, Decimal(1))
    else:
        missing = [code for code in reported if code not in weights]
        if missing:
            raise QyxError(
                _(
                    "no weight for {codes}: give every reporting child a weight "
                    "(e.g. its population), or pass weights=None for equal weights",
                    codes=", ".join(missing),
                )
            )
        used = {
            code: require_decimal(weights[code], _("the weight of {code}", code=code)) for code in reported
        }
        if any(w < 0 for w in used.values()):
            raise QyxError(_("weights must be ≥ 0 (e.g. populations)"))
    total = sum(used.values(), Decimal(0))
    if total == 0:
        return RollupResult(None, count, len(expected))
    mean = sum((used[c] * v for c, v in reported.items()), Decimal(0)) / total
    return RollupResult(round_value(mean, *reported.values()), count, len(expected))
