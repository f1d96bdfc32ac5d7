"""Line charts as inline SVG, drawn here (no library, no network): actuals against targets."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from html import escape

from qyx_platform.model.reports import ReportChart

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 36, 48
#: one colour and dash pattern per series: actual solid red, target dashed blue, then others
STYLES = (("#c0392b", ""), ("#2471a3", "6 4"), ("#27ae60", "2 3"), ("#8e44ad", "8 3 2 3"))


def nice_axis(values: list[Decimal], ticks: int = 4) -> tuple[Decimal, Decimal, Decimal]:
    """The value axis of ``values``: ``(low, high, step)`` with a round step (1, 2 or 5 times a
    power of ten), about ``ticks`` steps from ``low`` to ``high`` covering every value, and
    ``low`` never below zero when no value is (a count or a share does not go negative)."""
    if not values:
        return Decimal(0), Decimal(1), Decimal("0.25")
    lo, hi = min(values), max(values)
    if lo == hi:
        pad = abs(lo) / 10 or Decimal(1)
        lo, hi = lo - pad, hi + pad
    raw = (hi - lo) / ticks
    power = Decimal(10) ** raw.adjusted()  # 10 ** floor(log10(raw))
    step = next(m * power for m in (Decimal(1), Decimal(2), Decimal(5), Decimal(10)) if m * power >= raw)
    low = (lo / step).to_integral_value(rounding=ROUND_FLOOR) * step
    high = (hi / step).to_integral_value(rounding=ROUND_CEILING) * step
    if min(values) >= 0 > low:
        low = Decimal(0)
    if high == low:
        high = low + step
    return low, high, step


def _num(value: Decimal, step: Decimal) -> str:
    """A tick label with as many decimals as the step needs."""
    places = max(0, -step.normalize().as_tuple().exponent)  # type: ignore[operator]
    return format(value.quantize(Decimal(1).scaleb(-places)), "f")


def chart_svg(chart: ReportChart) -> str:
    """The chart as an ``<svg>`` element with a title, axes, gridlines, a line per series
    (broken where a value is missing), a dot per value and a legend."""
    lo, hi, step = nice_axis([v for s in chart.series for v in s.values if v is not None])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = len(chart.categories)

    def x(i: int) -> float:
        return LEFT + (plot_w * (i + 0.5) / n if n else 0)

    def y(v: Decimal) -> float:
        return TOP + float((hi - v) / (hi - lo)) * plot_h

    out = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" aria-label="{escape(chart.title)}" class="chart">',
        f'<text x="{LEFT}" y="20" font-size="14" font-weight="bold">{escape(chart.title)}'
        f"{' (' + escape(chart.unit) + ')' if chart.unit else ''}</text>",
    ]
    value = lo
    while value <= hi:
        gy = y(value)
        out.append(
            f'<line x1="{LEFT}" y1="{gy:.1f}" x2="{WIDTH - RIGHT}" y2="{gy:.1f}" stroke="#ddd"/>'
            f'<text x="{LEFT - 6}" y="{gy + 4:.1f}" font-size="11" text-anchor="end">'
            f"{_num(value, step)}</text>"
        )
        value += step
    out.append(
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#333"/>'
    )
    for i, category in enumerate(chart.categories):
        out.append(
            f'<text x="{x(i):.1f}" y="{TOP + plot_h + 18}" font-size="11" '
            f'text-anchor="middle">{escape(category)}</text>'
        )
    for k, series in enumerate(chart.series):
        colour, dash = STYLES[k % len(STYLES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        run: list[str] = []
        runs: list[list[str]] = []
        for i, point in enumerate(series.values):
            if point is None:
                if run:
                    runs.append(run)
                run = []
                continue
            run.append(f"{x(i):.1f},{y(point):.1f}")
            out.append(
                f'<circle cx="{x(i):.1f}" cy="{y(point):.1f}" r="3" fill="{colour}">'
                f"<title>{escape(series.name)} {escape(chart.categories[i])}: {format(point, 'f')}</title>"
                "</circle>"
            )
        if run:
            runs.append(run)
        for points in runs:
            out.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dashed} '
                f'points="{" ".join(points)}"/>'
            )
        lx = LEFT + k * 120
        ly = HEIGHT - 10
        out.append(
            f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 24}" y2="{ly - 4}" stroke="{colour}" '
            f'stroke-width="2"{dashed}/>'
            f'<text x="{lx + 30}" y="{ly}" font-size="12">{escape(series.name)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)
