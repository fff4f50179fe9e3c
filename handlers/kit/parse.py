"""Reading what people type: dates, times and spans, in the ways they write them."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from linli.handlers.kit.when import parse_time

RELATIVE_DAYS = {"今天": 0, "today": 0, "明天": 1, "tomorrow": 1, "后天": 2}
_SEP = r"\s*(?:-|–|—|~|～|至|到|to)\s*"


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


MAX_DIGITS = 9  # every number a person types or a button carries fits in 32 bits


def whole_number(text: str, low: int = 0, high: int = 10**MAX_DIGITS - 1) -> int | None:
    """A number as people type it: ASCII digits (full-width ones converted), bounded.

    `str.isdigit` also accepts ² and ⓵, which int() refuses, and int() refuses 5,000 digits
    outright: both are answered here with None, never an exception.
    """
    text = unicodedata.normalize("NFKC", text).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_DIGITS:
        return None
    number = int(text)
    return number if low <= number <= high else None


_DIGIT_RUNS = re.compile(r"\d+")


def forged_number(value: str) -> bool:
    """Whether a payload argument carries digits no button of ours would: non-ASCII ones
    or more than fit in 32 bits (a database id beyond int4 fails the query)."""
    # ² is no decimal digit to the regex, yet str.isdigit() lets it through to int().
    if any(ch.isdigit() and not ch.isascii() for ch in value):
        return True
    return any(not run.isascii() or len(run) > MAX_DIGITS for run in _DIGIT_RUNS.findall(value))


def parse_day(text: str, today: dt.date) -> dt.date | None:
    """`12-05`, `12月5日`, `2026-12-05`, `12/5`, `明天` → a date (the next one for month-day)."""
    text = _clean(text)
    if text in RELATIVE_DAYS:
        return today + dt.timedelta(days=RELATIVE_DAYS[text])
    match = re.fullmatch(r"(?:(\d{4})[-/.年])?(\d{1,2})[-/.月](\d{1,2})日?", text)
    if not match:
        return None
    year = int(match[1]) if match[1] else today.year
    try:
        day = dt.date(year, int(match[2]), int(match[3]))
    except ValueError:
        return None
    if not match[1] and day < today:
        # "1-5" typed in December means next January.
        try:
            day = day.replace(year=year + 1)
        except ValueError:
            return None
    return day


def parse_span(text: str) -> tuple[dt.time, dt.time] | None:
    """`14:00-16:00`, `14点到16点` → (opens, closes), with closes after opens."""
    parts = re.split(_SEP, _clean(text))
    if len(parts) != 2:
        return None
    opens, closes = parse_time(parts[0]), parse_time(parts[1])
    if opens is None or closes is None or closes <= opens:
        return None
    return opens, closes


def parse_day_range(text: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """`12-01至12-03` or one day `12-01` → (first, last)."""
    parts = re.split(_SEP.replace("-|", ""), _clean(text))
    if len(parts) == 1:
        day = parse_day(parts[0], today)
        return (day, day) if day else None
    if len(parts) != 2:
        return None
    first, last = parse_day(parts[0], today), parse_day(parts[1], today)
    if first is None or last is None or last < first:
        return None
    return first, last


def parse_moment(text: str, today: dt.date, zone) -> dt.datetime | None:
    """`12-05 09:00`, `明天 8:30` → an aware UTC datetime in the community's zone."""
    day_text, _, time_text = text.strip().partition(" ")
    day = parse_day(day_text, today)
    moment = parse_time(time_text.strip())
    if day is None or moment is None:
        return None
    return dt.datetime.combine(day, moment, tzinfo=zone).astimezone(dt.UTC)
