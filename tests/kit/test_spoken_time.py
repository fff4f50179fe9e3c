"""Every phrasing in spoken_phrases.py read with a fixed 'today', and the hit rate asserted."""

from __future__ import annotations

import datetime as dt

import pytest

from linli.handlers.kit.spoken_time import Problem, Spoken, read, read_day, read_days, read_span
from tests.kit.spoken_phrases import PHRASES, TODAY

DAY = dt.date(*TODAY)


def shown(found: Spoken | Problem | None) -> str | None:
    if found is None:
        return None
    if isinstance(found, Problem):
        return "!" + found.key
    parts = [found.day.isoformat()] if found.day else []
    if found.start:
        span = f"{found.start:%H:%M}" + (f"-{found.end:%H:%M}" if found.end else "")
        parts.append(span)
    return " ".join(parts)


def test_there_are_at_least_a_hundred_phrasings():
    assert len(PHRASES) >= 100


@pytest.mark.parametrize(("text", "expected"), PHRASES)
def test_each_phrasing(text, expected):
    assert shown(read(text, DAY)) == expected


def test_a_day_before_today_is_named_past_where_the_future_is_needed():
    found = read_day("12月1日", DAY, future=True)
    assert found == Problem("spoken-past", {"month": 12, "day": 1})
    assert read_day("12月1日", DAY) == dt.date(2026, 12, 1)


def test_day_ranges_and_spans():
    assert read_days("12月5日到12月7日", DAY) == (dt.date(2026, 12, 5), dt.date(2026, 12, 7))
    assert read_days("12-01至12-03", DAY) == (dt.date(2026, 12, 1), dt.date(2026, 12, 3))
    assert read_days("下周一", DAY) == (dt.date(2026, 12, 7), dt.date(2026, 12, 7))
    assert read_days("12-05 - 12-07", DAY) == (dt.date(2026, 12, 5), dt.date(2026, 12, 7))
    assert read_days("12-05 to 12-07", DAY) == (dt.date(2026, 12, 5), dt.date(2026, 12, 7))
    assert isinstance(read_days("12-07 到 12-05", DAY), Problem)
    assert read_span("下午三点到五点") == (dt.time(15), dt.time(17))
    assert read_span("明天下午三点") is None
