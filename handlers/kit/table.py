"""CSV files people open in Excel or WPS (most offices do): a BOM so Chinese reads right, and
no cell that the spreadsheet would run as a formula. The channel renders a table's words in
the reader's language (`Attachment.csv`, `bot.i18n.Translator.file`)."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from typing import Any

# What Excel, WPS and LibreOffice take as the start of a formula (or hide one behind).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def safe_cell(value: Any) -> str | int:
    """A cell as text: `=HYPERLINK(…)` typed as a stall name stays words, not a link.
    Text that starts with ' gets another, so taking one leading ' off always gives the
    typed text back; an amount such as -20.00 is a number, not a formula."""
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return str(value)
    text = str(value)
    if NUMBER.fullmatch(text):
        return text
    if text.startswith((*FORMULA_STARTS, "'")):
        return "'" + text
    return text


def csv_bytes(rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
