"""One way to show a date and a moment (with its weekday, in the reader's language), one
"today" in the community's zone, one reader of times."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from linli.handlers.kit import when
from linli.handlers.kit.clock import FakeClock
from linli.handlers.kit.config import CoreConfig

ZONE = ZoneInfo("Asia/Shanghai")


def test_a_moment_shows_its_weekday_in_the_readers_language(translator):
    evening = dt.datetime(2026, 11, 25, 11, tzinfo=dt.UTC)  # 19:00 in Beijing, a Wednesday
    assert translator.render(when.moment(evening, ZONE), "zh-CN") == "11-25 周三 19:00"
    assert translator.render(when.moment(evening, ZONE), "en") == "Wed 25 Nov 19:00"
    early = dt.datetime(2026, 12, 31, 16, 5, tzinfo=dt.UTC)  # 00:05 on 1 January, a Friday
    assert translator.render(when.moment(early, ZONE), "zh-CN") == "01-01 周五 00:05"
    assert translator.render(when.moment(early, ZONE), "en") == "Fri 1 Jan 00:05"


def test_a_date_and_the_day_labels(translator):
    today = dt.date(2026, 11, 23)
    assert translator.render(when.day_label(today, today), "zh-CN") == "今天"
    assert translator.render(when.day_label(dt.date(2026, 11, 24), today), "en") == "Tomorrow"
    assert translator.render(when.day_label(dt.date(2026, 12, 5), today), "zh-CN") == "12-05 周六"
    assert translator.render(when.date(dt.date(2026, 12, 5)), "en") == "Sat 5 Dec"


def test_today_is_the_communitys_day_not_utcs():
    # 20:00 UTC on the 23rd is already 04:00 on the 24th in Beijing.
    clock = FakeClock(dt.datetime(2026, 11, 23, 20, tzinfo=dt.UTC))
    ctx = SimpleNamespace(clock=clock, config=CoreConfig())
    assert when.today(ctx) == dt.date(2026, 11, 24)
    assert when.day_of(clock.now(), ZONE) == dt.date(2026, 11, 24)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("14:00", dt.time(14)),
        ("14：05", dt.time(14, 5)),
        ("１４:３０", dt.time(14, 30)),  # full-width digits
        ("14点", dt.time(14)),
        ("8点30", dt.time(8, 30)),
        ("9:5", None),
        ("24:00", None),
        ("8.30", None),
        (510, dt.time(8, 30)),  # a YAML file's unquoted 08:30
        (24 * 60, None),
        (True, None),
        (None, None),
    ],
)
def test_one_reader_for_typed_and_configured_times(value, expected):
    assert when.parse_time(value) == expected


def test_stamps_are_local_plain_data():
    at = dt.datetime(2026, 12, 31, 16, 5, tzinfo=dt.UTC)  # already 1 January in Beijing
    assert when.stamp(at, ZONE) == "01-01 00:05"
    assert when.full_stamp(at, ZONE) == "2027-01-01 00:05"
