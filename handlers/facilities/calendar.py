"""China's holidays and 调休, and a facility's opening windows on a given day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from linli.handlers.kit import holidays

SUNDAY = 6
MONDAY = 0

Window = tuple[time, time]


@dataclass(frozen=True)
class DayInfo:
    """What kind of day a date is, and whose weekly opening rule applies to it."""

    day: date
    is_holiday: bool  # statutory public holiday (放假) on this date
    is_makeup_workday: bool  # 调休: a weekend day that is a working day
    rule_weekday: int  # the weekday (0=Mon..6=Sun) whose weekly opening rule applies
    official: bool  # True when the official schedule (chinese-calendar) covered this year
    # On a make-up working day this names the holiday it pays back, as chinese-calendar does.
    name: str | None


def official_schedule_loaded(year: int) -> bool:
    """Whether chinese-calendar has the State Council's schedule for this year."""
    return holidays.packaged_official(year)


def day_info(day: date) -> DayInfo:
    """Classify a date: holiday, 调休 make-up working day or ordinary, and its weekly rule."""
    kind = holidays.day_kind(day)
    weekday = day.weekday()
    if kind.holiday and weekday < 5:
        rule = SUNDAY
    elif kind.workday:
        rule = MONDAY
    else:
        rule = weekday
    return DayInfo(
        day=day,
        is_holiday=kind.holiday,
        is_makeup_workday=kind.workday,
        rule_weekday=rule,
        # Staff-loaded dates are the State Council's too: only an estimate is unofficial.
        official=not kind.estimated,
        name=kind.name,
    )


@dataclass(frozen=True)
class DayException:
    """A dated change to the weekly hours: closed all day, or one extra opening window."""

    day: date
    closed: bool  # True: closed all day (a closure); False: an extra opening window
    opens: time | None = None
    closes: time | None = None

    def __post_init__(self) -> None:
        # Refuse a broken extra opening here rather than silently never opening.
        if not self.closed and (
            self.opens is None or self.closes is None or self.closes <= self.opens
        ):
            raise ValueError(f"an extra opening on {self.day} needs opens < closes")


def _merged(windows: list[Window]) -> list[Window]:
    """Sort windows and join the ones that overlap or touch."""
    result: list[Window] = []
    # An empty or inverted window can never be open; keeping it would only mislead next_opening.
    for opens, closes in sorted(w for w in windows if w[1] > w[0]):
        if result and opens <= result[-1][1]:
            result[-1] = (result[-1][0], max(result[-1][1], closes))
        else:
            result.append((opens, closes))
    return result


def windows_on(
    day: date, weekly: dict[int, list[Window]], exceptions: Sequence[DayException]
) -> list[Window]:
    """The opening windows on a date, after holidays, 调休 and dated exceptions."""
    todays = [e for e in exceptions if e.day == day]
    if any(e.closed for e in todays):
        return []
    windows = list(weekly.get(day_info(day).rule_weekday, []))
    windows += [(e.opens, e.closes) for e in todays if e.opens is not None and e.closes is not None]
    return _merged(windows)


def _local_parts(moment: datetime) -> tuple[date, time]:
    """The wall-clock date and time of an aware local moment."""
    # Naive input is usually UTC from somewhere upstream; guessing would be off by eight hours.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("moment must be timezone-aware local time")
    return moment.date(), moment.time().replace(tzinfo=None)


def is_open_at(
    moment: datetime, weekly: dict[int, list[Window]], exceptions: Sequence[DayException]
) -> bool:
    """Whether the facility is open at this local moment (open at opens, closed at closes)."""
    day, now = _local_parts(moment)
    return any(opens <= now < closes for opens, closes in windows_on(day, weekly, exceptions))


def next_opening(
    moment: datetime,
    weekly: dict[int, list[Window]],
    exceptions: Sequence[DayException],
    *,
    days: int = 14,
) -> tuple[date, Window] | None:
    """The current or next opening window, looking at `days` dates from moment's date on."""
    today, now = _local_parts(moment)
    for offset in range(days):
        day = today + timedelta(days=offset)
        for window in windows_on(day, weekly, exceptions):
            if offset > 0 or window[1] > now:
                return day, window
    return None
