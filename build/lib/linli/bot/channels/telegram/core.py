"""What the Telegram channel does with an update, whichever library delivered it.

An adapter turns its library's update into a `TgUpdate` and hands it here; this module
turns it into a `Request`, asks the conversation, and answers through `TelegramApi`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from linli.bot.channels.telegram.api import TelegramApi, TgBadRequest, TgError
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


async def send(api: TelegramApi, chat_id: int, message) -> None:
    """One rendered message: a photo with its caption, or text."""
    if message.photo is not None:
        await api.send_photo(chat_id, message.photo, message.text, message.keyboard)
    else:
        await api.send_message(chat_id, message.text, message.keyboard)


class TelegramCore:
    def __init__(
        self,
        conversation: Conversation,
        translator: Translator,
        api: TelegramApi,
        *,
        bot_username: str = "",
    ) -> None:
        self.conversation = conversation
        self.translator = translator
        self.api = api
        self.bot_username = bot_username

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
                delivery=str(update.update_id),
                image=update.image,
            )
        )
        messages = render(reply, self.translator)
        edited = False
        if (
            update.callback_id
            and update.message_id
            and len(messages) == 1
            and reply.attachment is None
            and messages[0].photo is None
        ):
            # A menu pressed in place changes in place: no pile of old menus.
            try:
                await self.api.edit_message(
                    update.chat_id, update.message_id, messages[0].text, messages[0].keyboard
                )
                edited = True
            except TgBadRequest as error:  # too old to edit, or unchanged
                log.info("editMessageText failed, sending instead: %s", error.reason)
        if not edited:
            for message in messages:
                await send(self.api, update.chat_id, message)
        if reply.attachment is not None:
            file = reply.attachment
            # A chart is shown as a picture; other files (.ics, .csv) come as documents.
            if file.content_type.startswith("image/"):
                await self.api.send_picture(update.chat_id, file.filename, file.data)
            else:
                await self.api.send_document(update.chat_id, file.filename, file.data)

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
        await self.api.send_message(update.chat_id, pointer, [])
