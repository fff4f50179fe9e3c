"""CSV files people open in Excel or WPS: a BOM so Chinese reads right, and no cell that
the spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

# What Excel, WPS and LibreOffice take as the start of a formula (or hide one behind).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def safe_cell(value: str) -> str:
    """A text cell as text: `=HYPERLINK(…)` typed as a stall name stays words, not a link."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_bytes(rows: list[list[str | int]]) -> bytes:
    """Text cells made safe; numbers (counts, ids) left as numbers."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(c) if isinstance(c, str) else c for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
