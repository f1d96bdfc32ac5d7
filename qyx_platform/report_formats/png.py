"""Line charts as PNG pictures (matplotlib's Agg renderer, no display, no network), for the
DOCX report, which cannot hold SVG in every Word version."""

from __future__ import annotations

import io
from functools import cache

from qyx_platform.model.reports import ReportChart

#: CJK fonts tried in order for Chinese labels; without any, labels fall back to English
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
)
COLOURS = ("#c0392b", "#2471a3", "#27ae60", "#8e44ad")
DASHES = ("-", "--", ":", "-.")


@cache
def cjk_font() -> str | None:
    """The first installed CJK font family, or None."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def _ascii(text: str) -> bool:
    return all(ord(c) < 128 for c in text)


def chart_png(chart: ReportChart, fallback_names: tuple[str, ...] = ()) -> bytes:
    """The chart as PNG bytes, 15 × 6 cm at 150 dpi. Series names that need a CJK font when
    none is installed are replaced by ``fallback_names`` (e.g. the English ones)."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    font = cjk_font()
    families = [font, "DejaVu Sans"] if font else ["DejaVu Sans"]
    names = [s.name for s in chart.series]
    if font is None:
        names = [
            n if _ascii(n) else (fallback_names[k] if k < len(fallback_names) else f"series {k + 1}")
            for k, n in enumerate(names)
        ]
    with rc_context({"font.family": families, "axes.unicode_minus": False}):
        figure = Figure(figsize=(15 / 2.54, 6 / 2.54), dpi=150)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        xs = list(range(len(chart.categories)))
        for k, series in enumerate(chart.series):
            ys = [float(v) if v is not None else float("nan") for v in series.values]
            axes.plot(
                xs,
                ys,
                DASHES[k % len(DASHES)],
                marker="o",
                markersize=3,
                color=COLOURS[k % len(COLOURS)],
                label=names[k],
                linewidth=1.5,
            )
        axes.set_xticks(xs, list(chart.categories), fontsize=7)
        axes.tick_params(axis="y", labelsize=7)
        if chart.unit and (font or _ascii(chart.unit)):
            axes.set_ylabel(chart.unit, fontsize=7)
        axes.grid(True, color="#dddddd", linewidth=0.5)
        axes.legend(fontsize=7, loc="best", frameon=False)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="png")
    return out.getvalue()
