"""CSV files people open in Excel (most offices do): headers in the reader's language, a
BOM so the Chinese reads right, and no cell Excel would run as a formula."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from linli.handlers.kit.text import Text

# A cell starting with one of these is a formula to Excel (=HYPERLINK(...), +cmd|...).
FORMULA = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def safe_cell(value: Any) -> str:
    """The cell as text. Text that could start a formula gets a ' in front; so does text
    that starts with ' already, so that taking one leading ' off always gives it back."""
    if value is None:
        return ""
    if isinstance(value, int | Decimal):
        return str(value)
    text = str(value)
    if NUMBER.fullmatch(text):  # an amount such as -20.00 is a number, not a formula
        return text
    if text.startswith((*FORMULA, "'")):
        return "'" + text
    return text


def csv_file(
    header: Sequence[Text], rows: Iterable[Sequence[Any]], render: Callable[[Text], str]
) -> bytes:
    """Rows of values (a Text is rendered in the reader's language) under the header."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(render(h)) for h in header])
    for row in rows:
        writer.writerow([safe_cell(render(v) if isinstance(v, Text) else v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
