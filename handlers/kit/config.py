"""The few settings the core needs, handed in by the composition root."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

LANGUAGES = ("zh-CN", "en")
# Residents registered by staff on their behalf (代办): their consent is taken in person.
OFFLINE = "offline"


class BookingRules(BaseModel):
    """Fairness rules that hold for every facility (the per-facility ones are columns).

    Also the `booking` settings (LINLI_BOOKING_WEEK_LIMIT, …): the fields are what the
    variables say, the durations are read from them."""

    model_config = ConfigDict(frozen=True)

    week_limit: int = Field(default=5, ge=1, le=100)  # live bookings a week, all facilities
    no_show_limit: int = Field(default=3, ge=1, le=50)  # this many no-shows …
    no_show_window_days: int = Field(default=30, ge=1, le=365)  # … within this long …
    suspension_days: int = Field(default=14, ge=1, le=365)  # … suspend booking this long
    hold_minutes: int = Field(default=30, ge=5, le=24 * 60)  # a waitlist offer keeps the place
    evening_reminder: dt.time = dt.time(20, 0)  # the evening before, local time
    reminder_before_minutes: int = Field(default=60, ge=5, le=24 * 60)

    @property
    def no_show_window(self) -> dt.timedelta:
        return dt.timedelta(days=self.no_show_window_days)

    @property
    def suspension(self) -> dt.timedelta:
        return dt.timedelta(days=self.suspension_days)

    @property
    def hold(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.hold_minutes)

    @property
    def reminder_before(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.reminder_before_minutes)


class MarketRules(BaseModel):
    """One no-show rule for every market, first come or lottery; also the `market`
    settings (LINLI_MARKET_NO_SHOW_LIMIT, …)."""

    model_config = ConfigDict(frozen=True)

    no_show_limit: int = Field(default=2, ge=1, le=50)  # this many stalls not turned up at …
    no_show_window_days: int = Field(default=90, ge=1, le=730)  # … on market days this recent …
    bar_days: int = Field(default=60, ge=1, le=730)  # … bar applying this long after the last

    @property
    def no_show_window(self) -> dt.timedelta:
        return dt.timedelta(days=self.no_show_window_days)

    @property
    def bar(self) -> dt.timedelta:
        return dt.timedelta(days=self.bar_days)


@dataclass(frozen=True)
class PrivacyNotice:
    """What the privacy notice says about the service, and which version of it is current:
    a user whose consent names another version is asked again."""

    version: str = "2026-12"
    # Where the full text is (docs/privacy.md, published); None: the short notice only.
    url: str | None = None
    # Who runs the service (个人信息处理者); None: "the residents' committee".
    operator: str | None = None
    # How long things are kept (the retention settings), for the notice to say.
    conversation_days: int = 7
    push_days: int = 30
    audit_years: int = 3

    def agreed(self, user) -> bool:
        """Whether `user` may be served and have things kept: they said yes to this version,
        or staff registered them in person (channel "offline", consent recorded there)."""
        return user.channel == OFFLINE or user.consent_version == self.version


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
    privacy: PrivacyNotice = field(default_factory=PrivacyNotice)
    # A resident moves to another community at most this often (supports and reports reset).
    residency_change: dt.timedelta = dt.timedelta(days=30)
    # Where residents on WeChat (which cannot send files) download their data once
    # (LINLI_WECHAT_PUBLIC_URL): the web server's public address. None: no links.
    export_link_base: str | None = None
    # The staff web console's address (sign-in links are sent in chat); None: no console.
    console_base: str | None = None
    console_link_ttl: dt.timedelta = dt.timedelta(minutes=10)
    # Staff are told in chat, once a day, of what has waited this many days (0: never).
    digest_days: int = 3

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
