"""What the Telegram channel does with an update, whichever library delivered it.

An adapter turns its library's update into a `TgUpdate` and hands it here; this module
turns it into a `Request`, asks the conversation, and answers through `TelegramApi`.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from linli.bot.channels.telegram.api import (
    TelegramApi,
    TgBadRequest,
    TgError,
    TgRetryAfter,
    not_modified,
)
from linli.bot.channels.telegram.render import render
from linli.bot.i18n import Translator
from linli.handlers.kit.conversation import Conversation
from linli.handlers.kit.request import Request
from linli.handlers.kit.text import t

log = logging.getLogger(__name__)

CHANNEL = "telegram"
# The commands in the bot's menu; their descriptions are in locales/*/telegram.ftl.
COMMANDS = (
    ("start", t("tg-cmd-start")),
    ("mine", t("tg-cmd-mine")),
    ("lang", t("tg-cmd-lang")),
    ("cancel", t("tg-cmd-cancel")),
)
COMMAND_LANGUAGES = {"zh-CN": "zh", "en": "en"}


@dataclass(frozen=True)
class TgUpdate:
    update_id: int
    chat_id: int
    chat_type: str  # private, group, supergroup, channel
    user_id: int | None
    language_code: str | None = None
    first_name: str | None = None
    text: str | None = None
    callback_id: str | None = None
    callback_data: str | None = None
    message_id: int | None = None  # the message whose button was pressed
    image: str | None = None  # "telegram:<file_id>" of a photo sent


async def send(api: TelegramApi, chat_id: int, message) -> int | None:
    """One rendered message: a photo with its caption, or text; returns its message id."""
    if message.photo is not None:
        return await api.send_photo(chat_id, message.photo, message.text, message.keyboard)
    return await api.send_message(chat_id, message.text, message.keyboard)


MAX_WEBHOOK_BODY = 1024 * 1024


def webhook_update(body: bytes) -> dict[str, Any] | None:
    """A webhook body as an update, or None when it is not one (the route answers 400).

    Not JSON, not an object, or no integer update_id: Telegram never sends that, and a 500
    would only make a sender retry it.
    """
    if not body or len(body) > MAX_WEBHOOK_BODY:
        return None
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    update_id = data.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool) or update_id < 0:
        return None
    return data


# How many chats' last keyboard message a process remembers (to take the buttons off it).
KEYBOARDS_REMEMBERED = 50_000


class TelegramCore:
    def __init__(
        self,
        conversation: Conversation,
        translator: Translator,
        api: TelegramApi,
        *,
        bot_username: str = "",
        bot_id: str = "",
        limiter=None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        retries_429: int = 3,
    ) -> None:
        self.conversation = conversation
        self.translator = translator
        self.api = api
        self.bot_username = bot_username
        # The bot's own id (the token's first part): update ids are counted per bot, so a
        # new token starts again from numbers an earlier bot already used.
        self.bot_id = bot_id
        # The rate budget shared with the outbox (RateLimiter); replies go first in it.
        self.limiter = limiter
        self.sleep = sleep
        self.retries_429 = retries_429
        # chat id → the message whose buttons are live there (the last menu we showed).
        self._keyboards: dict[int, int] = {}

    async def _paced(self, chat_id: int, call: Callable[[], Awaitable[Any]]) -> Any:
        """One Bot API call of a reply: in the shared budget, and waited out on a 429."""
        for attempt in range(self.retries_429 + 1):
            if self.limiter is not None:
                await self.limiter.wait_reply(chat_id)
            try:
                return await call()
            except TgRetryAfter as error:
                if self.limiter is not None:
                    self.limiter.pause_pushes(error.seconds)
                if attempt == self.retries_429:
                    raise
                log.info("429 on a reply, retrying in %s s", error.seconds)
                await self.sleep(error.seconds)

    async def set_commands(self) -> None:
        """The command list in each of our languages; the default is the default language."""
        for locale, code in COMMAND_LANGUAGES.items():
            commands = [(name, self.translator.render(text, locale)) for name, text in COMMANDS]
            await self.api.set_commands(commands, code)
        default = self.translator.default
        await self.api.set_commands(
            [(name, self.translator.render(text, default)) for name, text in COMMANDS], None
        )

    async def handle(self, update: TgUpdate) -> None:
        """Answer one update. A press is always acknowledged so the button stops spinning."""
        if update.callback_id is not None:
            try:
                await self.api.answer_callback(update.callback_id)
            except TgError as error:  # an old query: nothing to stop any more
                log.info("answerCallbackQuery failed: %s", error.reason)
        if update.user_id is None:
            return
        if update.chat_type != "private":
            await self._in_group(update)
            return
        reply = await self.conversation.handle(
            Request(
                channel=CHANNEL,
                external_id=str(update.user_id),
                text=update.text or "",
                payload=update.callback_data,
                locale_hint=update.language_code,
                display_name=update.first_name,
                delivery=f"{self.bot_id}:{update.update_id}",
                image=update.image,
            )
        )
        try:
            await self._answer(update, reply)
        except TgError as error:  # blocked us, or Telegram still says wait: nothing to do
            log.warning("reply not delivered: %s", error.reason)

    async def _answer(self, update: TgUpdate, reply) -> None:
        chat_id = update.chat_id
        messages = render(reply, self.translator)
        if not messages and reply.attachment is None:
            return  # nothing to say (a redelivered update): the menu shown stays live
        live: int | None = None  # the message that shows this reply's buttons
        edited = False
        if (
            update.callback_id
            and update.message_id
            and len(messages) == 1
            and reply.attachment is None
            and messages[0].photo is None
        ):
            # A menu pressed in place changes in place: no pile of old menus.
            message = messages[0]
            try:
                await self._paced(
                    chat_id,
                    lambda: self.api.edit_message(
                        chat_id, update.message_id, message.text, message.keyboard
                    ),
                )
                edited = True
            except TgBadRequest as error:
                if not_modified(error):  # it shows this already (Refresh, a double tap)
                    edited = True
                else:  # too old to edit
                    log.info("editMessageText failed, sending instead: %s", error.reason)
            if edited and message.keyboard:
                live = update.message_id
        if not edited:
            for message in messages:
                sent = await self._paced(chat_id, lambda m=message: send(self.api, chat_id, m))
                if message.keyboard and isinstance(sent, int):
                    live = sent
        if reply.attachment is not None:
            file = reply.attachment
            # A chart is shown as a picture; other files (.ics, .csv) come as documents.
            if file.content_type.startswith("image/"):
                # A chart is drawn here, off the loop (a few hundred ms of matplotlib).
                picture = await asyncio.to_thread(self.translator.file, file, reply.locale)
                await self._paced(
                    chat_id, lambda: self.api.send_picture(chat_id, file.filename, picture)
                )
            else:
                await self._paced(
                    chat_id,
                    lambda: self.api.send_document(
                        chat_id,
                        file.filename,
                        self.translator.file(file, reply.locale),
                        file.content_type,
                    ),
                )
        await self._retire_keyboards(update, live, edited)

    async def _retire_keyboards(self, update: TgUpdate, live: int | None, edited: bool) -> None:
        """The flow moved on: the buttons of the menus before it come off their messages."""
        chat_id = update.chat_id
        old = {self._keyboards.pop(chat_id, None)}
        if update.message_id and not edited:
            old.add(update.message_id)  # pressed, and answered by a new message
        if live is not None:
            self._keyboards[chat_id] = live
            if len(self._keyboards) > KEYBOARDS_REMEMBERED:
                self._keyboards.pop(next(iter(self._keyboards)))
        for message_id in old - {None, live}:
            try:
                await self._paced(
                    chat_id, lambda m=message_id: self.api.remove_keyboard(chat_id, m)
                )
            except TgError as error:  # gone, too old, or had none: nothing to take off
                log.debug("removing a keyboard failed: %s", error.reason)

    async def _in_group(self, update: TgUpdate) -> None:
        """In a group only our commands get an answer: a pointer to the private chat."""
        text = (update.text or "").strip()
        if update.callback_id or not text.startswith("/"):
            return
        command, _, _ = text[1:].partition(" ")
        name, _, target = command.partition("@")
        if target and self.bot_username and target.lower() != self.bot_username.lower():
            return  # addressed to another bot
        if name.lower() not in {c for c, _ in COMMANDS} | {"help", "menu"}:
            return
        locale = "en" if (update.language_code or "").startswith("en") else self.translator.default
        pointer = self.translator.render(t("tg-group-pointer", bot=self.bot_username), locale)
        try:
            await self._paced(
                update.chat_id, lambda: self.api.send_message(update.chat_id, pointer, [])
            )
        except TgError as error:
            log.warning("group pointer not delivered: %s", error.reason)
