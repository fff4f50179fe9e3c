"""A booking as an .ics file residents can add to their phone's calendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

PRODID = "-//Linli//Linli//ZH"


def _utc(value: datetime, field: str) -> datetime:
    """An aware datetime in UTC; naive ones are refused."""
    # A naive time in an .ics is "floating": each phone would read it in its own zone.
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{field} must be timezone-aware")
    return value.astimezone(UTC)


def booking_ics(
    *,
    uid: str,
    summary: str,
    location: str,
    description: str,
    starts_at: datetime,
    ends_at: datetime,
    created_at: datetime,
    alarm_minutes: int | None = 60,
) -> bytes:
    """One booking as an iCalendar file with a single event and an optional reminder."""
    start = _utc(starts_at, "starts_at")
    end = _utc(ends_at, "ends_at")
    # RFC 5545 wants DTSTAMP in UTC, so a naive creation time cannot be written either.
    stamp = _utc(created_at, "created_at")
    if end <= start:
        raise ValueError("ends_at must be after starts_at")
    if alarm_minutes is not None and alarm_minutes < 0:
        raise ValueError("alarm_minutes must not be negative")
    # Only a resident who asks for the file needs icalendar (80 modules): not every process.
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("location", location)
    event.add("description", description)

    if alarm_minutes is not None:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", timedelta(minutes=-alarm_minutes))
        # RFC 5545 requires DESCRIPTION on a DISPLAY alarm; the phone shows it.
        alarm.add("description", summary)
        event.add_component(alarm)

    calendar.add_component(event)
    return calendar.to_ical()
