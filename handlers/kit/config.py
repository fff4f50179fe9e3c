"""The few settings the core needs, handed in by the composition root."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

LANGUAGES = ("zh-CN", "en")


@dataclass(frozen=True)
class BookingRules:
    """Fairness rules that hold for every facility (the per-facility ones are columns)."""

    week_limit: int = 5  # live bookings per resident per calendar week, all facilities
    no_show_limit: int = 3  # this many no-shows …
    no_show_window: dt.timedelta = dt.timedelta(days=30)  # … within this long …
    suspension: dt.timedelta = dt.timedelta(days=14)  # … suspend booking this long
    hold: dt.timedelta = dt.timedelta(minutes=30)  # a waitlist offer keeps the place so long
    evening_reminder: dt.time = dt.time(20, 0)  # the evening before, local time
    reminder_before: dt.timedelta = dt.timedelta(hours=1)


@dataclass(frozen=True)
class MarketRules:
    """One no-show rule for every market, first come or lottery."""

    no_show_limit: int = 2  # this many stalls not turned up at …
    no_show_window: dt.timedelta = dt.timedelta(days=90)  # … on market days this recent …
    bar: dt.timedelta = dt.timedelta(days=60)  # … bar applying this long after the last


@dataclass(frozen=True)
class CoreConfig:
    default_locale: str = "zh-CN"
    timezone: str = "Asia/Shanghai"
    conversation_ttl: dt.timedelta = dt.timedelta(days=7)
    invite_ttl: dt.timedelta = dt.timedelta(days=14)
    booking: BookingRules = field(default_factory=BookingRules)
    market: MarketRules = field(default_factory=MarketRules)
    # 金点子: this many reports hide a proposal until staff look at it.
    proposal_report_limit: int = 3

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def supported_locale(hint: str | None) -> str | None:
    """Map an app's language code (`zh-hans`, `en-US`, `zh_CN`) to one of ours, or None."""
    if not hint:
        return None
    code = hint.replace("_", "-").lower()
    if code.startswith("zh"):
        return "zh-CN"
    if code.startswith("en"):
        return "en"
    return None
