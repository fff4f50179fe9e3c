"""A `Chart` drawn with matplotlib: SVG for the web console, PNG for chat.

matplotlib is imported only when a chart is drawn (it takes about a second), with its Agg
backend and through `Figure` objects, never pyplot (no global figure state, no GUI). Words
are drawn in a CJK font found on the machine (WenQuanYi Micro Hei, Noto Sans CJK, …); with
none, the chart is still drawn, Chinese shows as boxes, and a warning is logged once.
In SVG the words stay text (not outlines): the page can be searched and read aloud, and
the phone's own fonts show them.
"""

from __future__ import annotations

import io
import logging
import threading
import warnings
from functools import cache

from linli.handlers.kit.chart import Chart

log = logging.getLogger(__name__)

# Looked for by name first (font_manager knows the system's fonts), then by path.
CJK_FAMILIES = (
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
)
CJK_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)
COLOURS = ("#2f6fab", "#d9822b", "#3a9d5d", "#b5403a", "#7a5fa8")
MAX_CATEGORIES = 60  # a period is at most 24 months; 60 facilities is a large 街道
# matplotlib's state (the font cache, rcParams) is shared: one chart is drawn at a time.
_LOCK = threading.Lock()


@cache
def _matplotlib():
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    family = _cjk_family(font_manager)
    families = [family] if family else []
    matplotlib.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [*families, "DejaVu Sans"],
            "svg.fonttype": "none",  # words as <text>, not outlines
            "svg.hashsalt": "linli",  # the same chart gives the same file
            "axes.unicode_minus": False,
        }
    )
    return Figure


def _cjk_family(font_manager) -> str | None:
    """The name of a CJK font matplotlib can use, or None (warned about once)."""
    for name in CJK_FAMILIES:
        try:
            font_manager.findfont(
                font_manager.FontProperties(family=name), fallback_to_default=False
            )
            return name
        except ValueError:
            continue
    for path in CJK_FILES:
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError):
            continue
        return font_manager.FontProperties(fname=path).get_name()
    log.warning("no CJK font found for charts (install fonts-wqy-microhei): Chinese shows as boxes")
    return None


def _plain(word) -> str:
    # A `$` would start matplotlib's maths; names and titles are words, never formulae.
    return str(word).replace("$", r"\$")


def _number(value) -> str:
    if value is None:  # nothing to measure (no decision that month): no bar, a dash
        return "–"
    if isinstance(value, int):
        return str(value)
    value = float(value)
    return f"{value:.0f}" if value == int(value) else f"{value:.2f}".rstrip("0").rstrip(".")


def draw(chart: Chart, kind: str = "png") -> bytes:
    """The chart (its words already in one language) as an `svg` or `png` file."""
    if kind not in ("svg", "png"):
        raise ValueError(f"unknown chart format {kind!r}")
    if len(chart.categories) > MAX_CATEGORIES:
        raise ValueError("too many categories for one chart")
    figure_class = _matplotlib()
    with _LOCK, warnings.catch_warnings():
        # Without a CJK font matplotlib warns for every glyph of every chart; we said it once.
        warnings.filterwarnings("ignore", r"Glyph \d+ .* missing from font", UserWarning)
        return _draw(figure_class, chart, kind)


def _draw(figure_class, chart: Chart, kind: str) -> bytes:
    from matplotlib.ticker import MaxNLocator

    count = max(len(chart.categories), 1)
    groups = max(len(chart.series), 1)
    if chart.horizontal:
        size = (8.0, max(3.0, 1.0 + 0.35 * count * max(groups, 2) / 2))
    else:
        # Wide enough for the bars' values, not so wide that a phone shrinks it to nothing.
        size = (min(10.0, max(6.0, 1.2 + 0.3 * count * groups)), 4.2)
    figure = figure_class(figsize=size, dpi=100, layout="constrained")
    axes = figure.subplots()
    title = _plain(chart.title)
    if chart.note:
        title += "\n" + _plain(chart.note)
    axes.set_title(title)
    labels = [_plain(c) for c in chart.categories]
    positions = list(range(len(labels)))
    width = 0.8 / groups
    for index, series in enumerate(chart.series):
        offsets = [p - 0.4 + width * (index + 0.5) for p in positions]
        values = [0.0 if v is None else float(v) for v in series.values]
        colour = COLOURS[index % len(COLOURS)]
        name = _plain(series.name)
        if chart.horizontal:
            bars = axes.barh(offsets, values, height=width, label=name, color=colour)
        else:
            bars = axes.bar(offsets, values, width=width, label=name, color=colour)
        axes.bar_label(bars, labels=[_number(v) for v in series.values], padding=2, fontsize=8)
    # Counts are whole: no 0.5 on their axis; and nothing below zero when all are zero.
    whole = all(isinstance(v, int) or v is None for one in chart.series for v in one.values)
    top = max((float(v) for one in chart.series for v in one.values if v is not None), default=0)
    value_axis = axes.xaxis if chart.horizontal else axes.yaxis
    if whole:
        value_axis.set_major_locator(MaxNLocator(integer=True))
    if top <= 0:
        (axes.set_xlim if chart.horizontal else axes.set_ylim)(0, 1)
    if chart.horizontal:
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()  # the first category on top, as in the table
        axes.set_ylabel(_plain(chart.category_label))
        axes.set_xlabel(_plain(chart.value_label))
        axes.margins(x=0.12)
    else:
        slant = 45 if len(labels) > 6 else 0
        axes.set_xticks(positions, labels, rotation=slant, ha="right" if slant else "center")
        axes.set_xlabel(_plain(chart.category_label))
        axes.set_ylabel(_plain(chart.value_label))
        axes.margins(y=0.15)
    if not labels:
        axes.set_xticks([])
        axes.set_yticks([])
    if chart.series and labels:
        # Under the chart, one row: never over a bar or its value.
        figure.legend(
            loc="outside lower center", ncols=min(len(chart.series), 4), fontsize=9, frameon=False
        )
    out = io.BytesIO()
    # No date or software line in the file: the same numbers give the same bytes.
    metadata = {"Date": None} if kind == "svg" else {"Software": None}
    figure.savefig(out, format=kind, metadata=metadata)
    return out.getvalue()
