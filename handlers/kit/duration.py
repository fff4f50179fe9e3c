"""A length of time as people say it: 2 小时, 1 小时 30 分钟, 45 分钟 — never "120 分钟"."""

from __future__ import annotations

from linli.handlers.kit.text import Text, t


def duration(minutes: int) -> Text:
    """Whole hours as hours, the rest as minutes, in the reader's language."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return t("polish-duration-minutes", minutes=rest)
    if not rest:
        return t("polish-duration-hours", hours=hours)
    return t("polish-duration-hours-minutes", hours=hours, minutes=rest)
