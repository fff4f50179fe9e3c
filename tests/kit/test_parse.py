"""Typed dates and times, written the ways people write them."""

import datetime as dt

import pytest

from linli.handlers.kit.parse import parse_day, parse_day_range, parse_span
from linli.handlers.kit.when import parse_time

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("12-05", dt.date(2026, 12, 5)),
        ("12月5日", dt.date(2026, 12, 5)),
        ("2027-01-02", dt.date(2027, 1, 2)),
        ("１２／５", dt.date(2026, 12, 5)),
        ("1-5", dt.date(2027, 1, 5)),  # already past this year: next year
        ("明天", dt.date(2026, 11, 24)),
        ("13-40", None),
        ("2-30", None),
        ("hello", None),
    ],
)
def test_day(text, day):
    assert parse_day(text, TODAY) == day


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("14:00-16:00", (dt.time(14), dt.time(16))),
        ("14点到16点30", (dt.time(14), dt.time(16, 30))),
        ("９：３０～１１：００", (dt.time(9, 30), dt.time(11))),
        ("16:00-14:00", None),
        ("25:00-26:00", None),
        ("14:00", None),
    ],
)
def test_span(text, span):
    assert parse_span(text) == span


def test_time_and_range():
    assert parse_time("8点") == dt.time(8)
    assert parse_day_range("12-01至12-03", TODAY) == (dt.date(2026, 12, 1), dt.date(2026, 12, 3))
    assert parse_day_range("12-01", TODAY) == (dt.date(2026, 12, 1), dt.date(2026, 12, 1))
    assert parse_day_range("12-03 到 12-01", TODAY) is None
