"""Reply → Telegram messages: HTML-escaped text split under 4096 characters, inline keyboards."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from linli.bot.channels.split import split
from linli.bot.i18n import Translator
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.text import t

PHOTO_PREFIX = "telegram:"

MAX_TEXT = 4096


MAX_CAPTION = 1024


@dataclass
class TgMessage:
    text: str  # HTML, escaped
    # One button per row: big targets for elderly thumbs. (label, callback_data)
    keyboard: list[tuple[str, str]] = field(default_factory=list)
    photo: str | None = None  # a Telegram file_id: sent as a photo, the text its caption


def render(reply: Reply, translator: Translator) -> list[TgMessage]:
    """The messages to send for a reply; the keyboard goes on the last one."""
    lines = translator.render_all(reply.messages, reply.locale, tap=True)  # inline buttons
    photo = None
    if reply.image and reply.image.startswith(PHOTO_PREFIX):
        photo = reply.image.removeprefix(PHOTO_PREFIX)
    elif reply.image:  # a picture from another channel: Telegram cannot fetch it
        lines.append(translator.render(t("image-not-shown"), reply.locale))
    # Split the words as written, then escape each part: Telegram's limits count the text
    # after its entities are read, and a cut after escaping could fall inside `&amp;`.
    plain = "\n".join(lines)
    plain_parts = split(plain, MAX_TEXT) if plain else []
    parts = [html.escape(part, quote=False) for part in plain_parts]
    keyboard = [(translator.render(b.label, reply.locale), b.payload) for b in reply.buttons]
    if not parts and not keyboard:
        return []
    messages = [TgMessage(part) for part in parts] or [TgMessage("…")]
    messages[-1].keyboard = keyboard
    if photo is not None:
        if len(plain_parts[0] if plain_parts else "") <= MAX_CAPTION:
            messages[0].photo = photo
        else:  # too long for a caption: the picture first, on its own
            messages.insert(0, TgMessage("", photo=photo))
    return messages
