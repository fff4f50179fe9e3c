"""Tables staff open in a spreadsheet: headers and words in the reader's language, and no
cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import Any

from linli.handlers.kit.text import Text

# A cell starting with one of these is read by Excel and WPS as a formula (CSV injection):
# a resident's "=HYPERLINK(…)" in a cancel reason must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_bytes(rows: Sequence[Sequence[Any]], render: Callable[[Text], str]) -> bytes:
    """Rows of message keys, text and numbers as a CSV file. Numbers stay numbers; words,
    whether rendered or typed by people, are made safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(
            [
                cell
                if isinstance(cell, int | float) and not isinstance(cell, bool)
                else safe_cell(render(cell) if isinstance(cell, Text) else str(cell))
                for cell in row
            ]
        )
    # A BOM so that Excel, which most offices open CSV with, reads the Chinese right.
    return ("\ufeff" + out.getvalue()).encode("utf-8")
