"""Time as residents meet it: today in the community's zone, a date or a moment shown with
its weekday in the reader's language, and the one reader of a typed or configured time.

Dates are shown as message keys, not strings, because the words differ by language:
"11-25 周三 19:00" in Chinese, "Wed 25 Nov 19:00" in English.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any
from zoneinfo import ZoneInfo

from linli.handlers.kit.text import Text, t

WEEKDAY_NAMES = [
    t("weekday-0"),
    t("weekday-1"),
    t("weekday-2"),
    t("weekday-3"),
    t("weekday-4"),
    t("weekday-5"),
    t("weekday-6"),
]


def day_of(moment: dt.datetime, zone: ZoneInfo) -> dt.date:
    """The calendar day a moment falls on in the community (not in UTC: 07:00 in Beijing
    is still the previous day in UTC)."""
    return moment.astimezone(zone).date()


def today(ctx: Any) -> dt.date:
    """Today in the community's zone, by the injected clock (a flow's `ctx`)."""
    return day_of(ctx.clock.now(), ctx.config.zone)


def date(day: dt.date) -> Text:
    """A day with its weekday: 11-25 周三 / Wed 25 Nov."""
    return t("when-date", month=day.month, day=day.day, weekday=WEEKDAY_NAMES[day.weekday()])


def moment(at: dt.datetime, zone: ZoneInfo) -> Text:
    """A moment, local, with its weekday: 11-25 周三 19:00 / Wed 25 Nov 19:00."""
    local = at.astimezone(zone)
    return t("when-moment", date=date(local.date()), time=f"{local:%H:%M}")


def day_label(day: dt.date, today: dt.date) -> Text:
    """今天 / 明天 / 11-25 周三."""
    if day == today:
        return t("day-today")
    if day == today + dt.timedelta(days=1):
        return t("day-tomorrow")
    return date(day)


def stamp(at: dt.datetime, zone: ZoneInfo) -> str:
    """A local moment as plain data (12-05 19:00), for text stored once and shown to readers
    of any language; what the code shows itself goes through `moment`."""
    return f"{at.astimezone(zone):%m-%d %H:%M}"


def full_stamp(at: dt.datetime, zone: ZoneInfo) -> str:
    """A local moment with its year (2026-12-05 19:00), for exported files kept for years."""
    return f"{at.astimezone(zone):%Y-%m-%d %H:%M}"


def parse_time(value: Any) -> dt.time | None:
    """`14:00`, `14：00`, `14点`, `14点30`; `9:5` is refused (minutes need two digits).

    From a YAML file an unquoted 08:30 arrives as the number 510 (minutes, base 60): taken too.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return dt.time(value // 60, value % 60) if 0 <= value < 24 * 60 else None
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).strip().lower()
    match = re.fullmatch(r"(\d{1,2})(?:[:：点](\d{2})?分?)?", text)
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)
