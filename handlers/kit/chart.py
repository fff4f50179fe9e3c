"""Charts: what a labelled chart says (`Chart`, words as message keys, drawn by
`kit/plot.py` once the reader's language is known), and a plain bar chart drawn with the
standard library (`bar_chart_png`).

A `Chart` is also its own table: `table()` gives the same numbers as rows for a CSV, so a
picture never says anything its file does not.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from linli.handlers.kit.text import Text

# A word on a chart: a message key rendered in the reader's language, or data as it is.
Word = Text | str
# None: nothing to measure there (a month without a decision has no median).
Number = int | float | Decimal | None


@dataclass(frozen=True)
class Series:
    """One kind of bar, named in the legend, with a value for each category."""

    name: Word
    values: tuple[Number, ...]


@dataclass(frozen=True)
class Chart:
    """A bar chart with everything a reader needs: title, axis labels (the value axis names
    its unit), a legend, and the value on each bar."""

    title: Word
    category_label: Word  # the axis of the categories (月份, 设施)
    value_label: Word  # the value axis, with its unit (次数（次）, 金额（元）)
    categories: tuple[Word, ...]
    series: tuple[Series, ...]
    # Long names (facilities) read better down the side than slanted under the bars.
    horizontal: bool = False
    # A line under the title (中位数 12 天, 平均 4.2 分).
    note: Word | None = None

    def __post_init__(self) -> None:
        for one in self.series:
            if len(one.values) != len(self.categories):
                raise ValueError("every series needs one value per category")

    def table(self) -> list[list]:
        """The chart's numbers as rows: the header, then one row per category."""
        rows: list[list] = [[self.category_label, *(s.name for s in self.series)]]
        for index, category in enumerate(self.categories):
            rows.append([category, *(s.values[index] for s in self.series)])
        return rows

    def words(self, render: Callable[[Text], str]) -> Chart:
        """The same chart with every message key rendered (in one language)."""

        def say(word):
            return render(word) if isinstance(word, Text) else word

        return replace(
            self,
            title=say(self.title),
            category_label=say(self.category_label),
            value_label=say(self.value_label),
            categories=tuple(say(c) for c in self.categories),
            series=tuple(Series(say(s.name), s.values) for s in self.series),
            note=say(self.note) if self.note is not None else None,
        )


BACKGROUND = (255, 255, 255)
BAR = (47, 111, 171)
AXIS = (150, 150, 150)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def bar_chart_png(values: list[float], *, width: int = 480, height: int = 240) -> bytes:
    """One bar per value, scaled to the largest; an empty list draws only the axis."""
    margin = 12
    plot_h = height - 2 * margin
    top = max(values, default=0) or 1
    slot = (width - 2 * margin) / max(len(values), 1)
    pixels = [[BACKGROUND] * width for _ in range(height)]
    for index, value in enumerate(values):
        bar_h = int(plot_h * max(value, 0) / top)
        left = int(margin + index * slot + slot * 0.15)
        right = int(margin + (index + 1) * slot - slot * 0.15)
        for y in range(height - margin - bar_h, height - margin):
            for x in range(left, max(right, left + 1)):
                pixels[y][x] = BAR
    for x in range(margin, width - margin):
        pixels[height - margin][x] = AXIS
    raw = b"".join(b"\x00" + bytes(c for pixel in row for c in pixel) for row in pixels)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )
