"""Progress toward the plan's final (2027) target."""

from __future__ import annotations

from decimal import Decimal

from qyx_platform.evaluation._arith import RATIO_PLACES, in_context, quantize, require_decimal
from qyx_platform.evaluation.comparison import meets
from qyx_platform.evaluation.span import plan_span
from qyx_platform.model.indicators import Indicator


@in_context
def progress(
    indicator: Indicator,
    actual: Decimal,
    series: str | None = None,
    *,
    full_coverage: Decimal | None = None,
) -> Decimal | None:
    """Progress of ``actual`` from the start to the final target, to 4 decimal places.

    * When the plan asks for improvement (see :class:`~.span.PlanSpan`):
      ``(actual - start) ÷ (end - start)``: 0 at the start, 1 at the target, not clamped
      (above 1: ahead of the final target; below 0: worse than the start).
    * When it asks to hold a level already reached (the final target equals the start, or the
      start is already better: ``<3`` from 1.40, ``>70`` from 95.39): 1 when ``actual`` meets
      the final target, else 0.
    * The start is the baseline, or the first numeric target when the baseline is ``-``.
    * None when there is no span (see :func:`~.span.plan_span`).

    Progress measures distance, not the comparator: at exactly ``end`` a strict target
    (``>70``) shows 1 yet is not met.
    """
    require_decimal(actual, "actual")
    span = plan_span(indicator, series, full_coverage=full_coverage)
    if span is None:
        return None
    if not span.improving:
        met = meets(span.final.comparator, span.end, actual, indicator.polarity)
        return quantize(Decimal(1 if met else 0), RATIO_PLACES)
    return quantize((actual - span.start) / span.required_change, RATIO_PLACES)
