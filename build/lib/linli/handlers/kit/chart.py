"""A bar chart as a PNG, drawn with the standard library: a picture where a channel shows one.

The bars carry no text (fonts would need a plotting library); the message beside the
chart gives the figures in the same order.
"""

from __future__ import annotations

import struct
import zlib

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
