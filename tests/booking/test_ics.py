"""A booking's .ics file: parses back with the same event, in UTC, with its reminder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from linli.handlers.booking.ics import booking_ics

SHANGHAI = ZoneInfo("Asia/Shanghai")
STARTS = datetime(2026, 10, 1, 9, 0, tzinfo=SHANGHAI)
ENDS = datetime(2026, 10, 1, 10, 30, tzinfo=SHANGHAI)
CREATED = datetime(2026, 9, 28, 20, 15, tzinfo=SHANGHAI)


def make(**overrides) -> bytes:
    fields = dict(
        uid="booking-42@linli",
        summary="操场 · 测试小学",
        location="测试路1号 测试小学东门",
        description="请凭预约码入场；取消请提前2小时。",
        starts_at=STARTS,
        ends_at=ENDS,
        created_at=CREATED,
    )
    fields.update(overrides)
    return booking_ics(**fields)


def the_event(data: bytes):
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def test_calendar_header():
    calendar, _ = the_event(make())
    assert str(calendar["PRODID"]) == "-//Linli//Linli//ZH"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "PUBLISH"


def test_event_fields_round_trip_with_chinese_text():
    _, event = the_event(make())
    assert str(event["UID"]) == "booking-42@linli"
    assert str(event["SUMMARY"]) == "操场 · 测试小学"
    assert str(event["LOCATION"]) == "测试路1号 测试小学东门"
    assert str(event["DESCRIPTION"]) == "请凭预约码入场；取消请提前2小时。"


def test_times_are_written_in_utc():
    data = make()
    _, event = the_event(data)
    start = event.decoded("DTSTART")
    assert start == STARTS
    assert start.utcoffset() == timedelta(0)
    assert event.decoded("DTEND") == ENDS
    assert event.decoded("DTSTAMP") == CREATED
    # 09:00 in Shanghai is 01:00Z; the Z form needs no VTIMEZONE in the file.
    assert b"DTSTART:20261001T010000Z" in data
    assert b"DTEND:20261001T023000Z" in data


def test_a_long_chinese_summary_survives_line_folding():
    summary = "社区之家 · 测试小学操场（东区）" * 8
    _, event = the_event(make(summary=summary))
    assert str(event["SUMMARY"]) == summary


def test_the_reminder_defaults_to_an_hour_before():
    _, event = the_event(make())
    alarms = event.walk("VALARM")
    assert len(alarms) == 1
    assert str(alarms[0]["ACTION"]) == "DISPLAY"
    assert alarms[0].decoded("TRIGGER") == -timedelta(minutes=60)


def test_the_reminder_minutes_are_configurable():
    _, event = the_event(make(alarm_minutes=15))
    assert event.walk("VALARM")[0].decoded("TRIGGER") == -timedelta(minutes=15)


def test_no_reminder_when_none():
    _, event = the_event(make(alarm_minutes=None))
    assert event.walk("VALARM") == []


def test_utc_input_is_accepted_as_is():
    starts = STARTS.astimezone(UTC)
    _, event = the_event(make(starts_at=starts, ends_at=ENDS.astimezone(UTC)))
    assert event.decoded("DTSTART") == starts


@pytest.mark.parametrize("field", ["starts_at", "ends_at"])
def test_naive_times_are_refused(field):
    naive = {"starts_at": STARTS, "ends_at": ENDS}[field].replace(tzinfo=None)
    with pytest.raises(ValueError, match=field):
        make(**{field: naive})


def test_an_end_before_the_start_is_refused():
    with pytest.raises(ValueError):
        make(ends_at=STARTS - timedelta(minutes=1))
