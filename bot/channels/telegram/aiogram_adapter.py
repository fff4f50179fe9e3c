"""The Telegram channel on aiogram 3: Bot API calls, polling, and the webhook route."""

from __future__ import annotations

import asyncio
import hmac
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BotCommand,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    Update,
)
from aiohttp import FormData
from pydantic import ValidationError

from linli.bot.channels.telegram.api import (
    TgBadRequest,
    TgError,
    TgForbidden,
    TgNetwork,
    TgRetryAfter,
)
from linli.bot.channels.telegram.core import TelegramCore, TgUpdate, webhook_update


class TypedFile(BufferedInputFile):
    """A file with its MIME type: aiogram alone uploads every file as octet-stream."""

    def __init__(self, data: bytes, filename: str, content_type: str | None) -> None:
        super().__init__(data, filename)
        self.content_type = content_type


class TypedSession(AiohttpSession):
    """aiogram's session, uploading a TypedFile with its own Content-Type (a .ics as
    text/calendar, as python-telegram-bot sends it), so phones offer to open it."""

    def build_form_data(self, bot, method):
        form = FormData(quote_fields=False)
        files: dict[str, InputFile] = {}
        for key, value in method.model_dump(warnings=False).items():
            value = self.prepare_value(value, bot=bot, files=files)
            if value:
                form.add_field(key, value)
        for key, value in files.items():
            form.add_field(
                key,
                value.read(bot),
                filename=value.filename or key,
                content_type=getattr(value, "content_type", None),
            )
        return form


SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def _markup(keyboard: list[tuple[str, str]]) -> InlineKeyboardMarkup | None:
    if not keyboard:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=label, callback_data=data)] for label, data in keyboard
        ]
    )


class AiogramApi:
    """TelegramApi on an aiogram Bot; library errors become our own."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def _call(self, coroutine) -> Any:
        try:
            return await coroutine
        except TelegramRetryAfter as error:
            raise TgRetryAfter(error.message, float(error.retry_after)) from None
        except TelegramForbiddenError as error:
            raise TgForbidden(error.message) from None
        except TelegramBadRequest as error:
            raise TgBadRequest(error.message) from None
        except (TelegramNetworkError, TelegramServerError) as error:
            raise TgNetwork(str(error)) from None
        except TelegramAPIError as error:  # 401 (a wrong token) and the rest
            raise TgError(error.message) from None

    async def get_me(self) -> str:
        me = await self._call(self.bot.get_me())
        return me.username or ""

    async def send_message(self, chat_id: int, text: str, keyboard) -> int:
        sent = await self._call(
            self.bot.send_message(chat_id, text, reply_markup=_markup(keyboard))
        )
        return sent.message_id

    async def edit_message(self, chat_id: int, message_id: int, text: str, keyboard) -> None:
        await self._call(
            self.bot.edit_message_text(
                text=text, chat_id=chat_id, message_id=message_id, reply_markup=_markup(keyboard)
            )
        )

    async def send_photo(self, chat_id: int, photo: str, caption: str, keyboard) -> int:
        sent = await self._call(
            self.bot.send_photo(
                chat_id, photo, caption=caption or None, reply_markup=_markup(keyboard)
            )
        )
        return sent.message_id

    async def remove_keyboard(self, chat_id: int, message_id: int) -> None:
        await self._call(self.bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id))

    async def answer_callback(self, callback_id: str) -> None:
        await self._call(self.bot.answer_callback_query(callback_id))

    async def send_document(
        self, chat_id: int, filename: str, data: bytes, content_type: str | None = None
    ) -> None:
        await self._call(self.bot.send_document(chat_id, TypedFile(data, filename, content_type)))

    async def send_picture(self, chat_id: int, filename: str, data: bytes) -> None:
        await self._call(self.bot.send_photo(chat_id, BufferedInputFile(data, filename)))

    async def set_commands(self, commands, language: str | None) -> None:
        await self._call(
            self.bot.set_my_commands(
                [BotCommand(command=c, description=d) for c, d in commands], language_code=language
            )
        )

    async def set_webhook(self, url: str, secret: str) -> None:
        await self._call(
            self.bot.set_webhook(
                url, secret_token=secret, allowed_updates=["message", "callback_query"]
            )
        )

    async def delete_webhook(self) -> None:
        await self._call(self.bot.delete_webhook())

    async def close(self) -> None:
        await self.bot.session.close()


class AiogramChannel:
    library = "aiogram"

    def __init__(self, conversation, translator, *, token: str, api_url: str, session=None) -> None:
        # `session` replaces the HTTP session (the benchmark records calls instead).
        session = session or TypedSession(api=TelegramAPIServer.from_base(api_url))
        self.bot = Bot(token, session=session, default=DefaultBotProperties(parse_mode="HTML"))
        self.api = AiogramApi(self.bot)
        self.core = TelegramCore(conversation, translator, self.api, bot_id=token.partition(":")[0])
        self._background: set[asyncio.Task] = set()
        self.dispatcher = Dispatcher()
        self.dispatcher.message.register(self._on_message)
        self.dispatcher.callback_query.register(self._on_callback)

    async def _on_message(self, message: Message, event_update: Update) -> None:
        user = message.from_user
        await self.core.handle(
            TgUpdate(
                update_id=event_update.update_id,
                chat_id=message.chat.id,
                chat_type=message.chat.type,
                user_id=user.id if user else None,
                language_code=user.language_code if user else None,
                first_name=user.first_name if user else None,
                text=message.text or message.caption or "",
                image=f"telegram:{message.photo[-1].file_id}" if message.photo else None,
            )
        )

    async def _on_callback(self, query: CallbackQuery, event_update: Update) -> None:
        message = query.message
        await self.core.handle(
            TgUpdate(
                update_id=event_update.update_id,
                chat_id=message.chat.id if message else query.from_user.id,
                chat_type=message.chat.type if message else "private",
                user_id=query.from_user.id,
                language_code=query.from_user.language_code,
                first_name=query.from_user.first_name,
                callback_id=query.id,
                callback_data=query.data,
                message_id=message.message_id if message else None,
            )
        )

    async def start(self) -> None:
        """Check the token (getMe) and set the command list."""
        self.core.bot_username = await self.api.get_me()
        await self.core.set_commands()

    async def run_polling(self) -> None:
        await self.api.delete_webhook()
        await self.dispatcher.start_polling(
            self.bot,
            handle_signals=False,
            close_bot_session=False,
            allowed_updates=["message", "callback_query"],
        )

    def add_webhook_route(self, app, path: str, secret: str) -> None:
        """POST path: 401 without the right secret, 400 for what is not an update, else 200
        at once and the update handled in the background (Telegram waits for no reply)."""
        from aiohttp import web

        async def receive(request: web.Request) -> web.Response:
            given = request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), secret.encode()):
                return web.Response(status=401, text="Unauthorized")
            data = webhook_update(await request.read())
            if data is None:
                return web.Response(status=400, text="Bad update")
            try:
                update = Update.model_validate(data, context={"bot": self.bot})
            except ValidationError:
                return web.Response(status=400, text="Bad update")
            task = asyncio.create_task(self.dispatcher.feed_update(self.bot, update))
            self._background.add(task)
            task.add_done_callback(self._background.discard)
            return web.Response(text="ok")

        app.router.add_post(path, receive)

    async def stop(self) -> None:
        if self._background:  # updates still being answered
            await asyncio.gather(*self._background, return_exceptions=True)
        if self.dispatcher._running_lock.locked():  # polling: let it finish its round
            await self.dispatcher.stop_polling()
        await self.api.close()
