"""Render message keys in a user's language with Fluent (`locales/<lang>/*.ftl`)."""

from __future__ import annotations

import logging
from decimal import Decimal
from pathlib import Path

from fluent.runtime import FluentBundle
from fluent.runtime.types import fluent_number

from linli.handlers.kit.bundles import locale_bundles
from linli.handlers.kit.reply import Attachment
from linli.handlers.kit.table import csv_bytes
from linli.handlers.kit.text import Text, yuan

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
FALLBACK = {"zh-CN": "en", "en": "zh-CN"}
# Set by the translator, not by the code: "tap" on a channel of buttons, else "number".
CHANNEL_VARIABLE = "buttons"


class Translator:
    """One Fluent bundle per language; a missing key falls back to the other language."""

    def __init__(self, directory: Path = LOCALES_DIR, default: str = "zh-CN") -> None:
        self.default = default
        # Isolation marks would show up as stray characters in WeChat and terminals.
        self.bundles: dict[str, FluentBundle] = locale_bundles(directory, use_isolating=False)

    @property
    def languages(self) -> list[str]:
        return list(self.bundles)

    def render(self, text: Text, locale: str | None = None, *, tap: bool = False) -> str:
        """The text in `locale`. `tap`: the channel shows buttons to tap (Telegram), so
        messages say "tap" where a numbered list says "reply with a number" (`$buttons`)."""
        if text.key == "raw":
            # Data shown as it is. Not through Fluent: it refuses a placeable over 1000
            # characters, and a long description or list must still come out whole.
            english = text.args.get("en")
            if english and (locale if locale in self.bundles else self.default) == "en":
                return str(english)
            return str(text.args.get("text", ""))
        locale = locale if locale in self.bundles else self.default
        args = {k: self._argument(v, locale, tap) for k, v in text.args.items()}
        args.setdefault(CHANNEL_VARIABLE, "tap" if tap else "number")
        for code in (locale, FALLBACK.get(locale)):
            bundle = self.bundles.get(code or "")
            if bundle is not None and bundle.has_message(text.key):
                message = bundle.get_message(text.key)
                result, errors = bundle.format_pattern(message.value, args)
                if errors:
                    log.error("rendering %s in %s: %s", text.key, code, errors)
                return result
        log.error("missing message key %s", text.key)
        return text.key

    def _argument(self, value, locale: str, tap: bool):
        if isinstance(value, Text):
            return self.render(value, locale, tap=tap)
        if isinstance(value, int) and not isinstance(value, bool):
            # Counts, years and numbers people type back (#1024, 2026): no grouping
            # commas. Still a number, so Fluent's plural selectors work on it.
            return fluent_number(value, useGrouping=False)
        if isinstance(value, Decimal):
            return yuan(value)
        return value

    def render_all(
        self, texts: list[Text], locale: str | None = None, *, tap: bool = False
    ) -> list[str]:
        return [self.render(x, locale, tap=tap) for x in texts]

    def file(self, attachment: Attachment, locale: str | None = None) -> bytes:
        """The attachment's bytes; a table becomes a CSV in `locale`, a chart a PNG."""
        if attachment.chart is not None:
            from linli.handlers.kit.plot import draw  # matplotlib: only when a chart is sent

            return draw(attachment.chart.words(lambda text: self.render(text, locale)), "png")
        if attachment.table is None:
            return attachment.data
        return csv_bytes(
            [
                [self.render(cell, locale) if isinstance(cell, Text) else cell for cell in row]
                for row in attachment.table
            ]
        )
