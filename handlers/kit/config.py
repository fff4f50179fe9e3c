"""The few settings the core needs, handed in by the composition root."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

LANGUAGES = ("zh-CN", "en")


@dataclass(frozen=True)
class CoreConfig:
    default_locale: str = "zh-CN"
    timezone: str = "Asia/Shanghai"
    conversation_ttl: dt.timedelta = dt.timedelta(days=7)
    invite_ttl: dt.timedelta = dt.timedelta(days=14)

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
