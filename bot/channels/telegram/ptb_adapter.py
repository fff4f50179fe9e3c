"""The Telegram channel on python-telegram-bot: Bot API calls, polling, and the webhook route."""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
import warnings
from typing import Any

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters
from telegram.warnings import PTBDeprecationWarning

from linli.bot.channels.telegram.api import TgBadRequest, TgForbidden, TgNetwork, TgRetryAfter
from linli.bot.channels.telegram.core import TelegramCore, TgUpdate, webhook_update

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# httpcore checks every connection of its pool (a getpeername and a poll each, and an idle
# count that is quadratic) on every request and response: with PTB's 256, a broadcast grew
# the pool to dozens and that check took a third of the process's time (issue 20). The
# limiter lets out at most the cap a second, so 16 in flight carry 30/s at up to half a
# second a call; a request that finds all 16 busy waits for one rather than failing.
POOL_CONNECTIONS = 16
POOL_WAIT_SECONDS = 20.0


def _markup(keyboard: list[tuple[str, str]]) -> InlineKeyboardMarkup | None:
    if not keyboard:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data)] for label, data in keyboard]
    )


class PtbApi:
    """TelegramApi on a python-telegram-bot Bot; library errors become our own."""

    def __init__(self, bot) -> None:
        self.bot = bot

    async def _call(self, coroutine) -> Any:
        try:
            return await coroutine
        except RetryAfter as error:
            with warnings.catch_warnings():  # v22 warns that the type will become timedelta
                warnings.simplefilter("ignore", PTBDeprecationWarning)
                wait = error.retry_after
            seconds = wait.total_seconds() if isinstance(wait, dt.timedelta) else float(wait)
            raise TgRetryAfter(error.message, seconds) from None
        except Forbidden as error:
            raise TgForbidden(error.message) from None
        except BadRequest as error:
            raise TgBadRequest(error.message) from None
        except (TimedOut, NetworkError) as error:
            raise TgNetwork(error.message) from None

    async def get_me(self) -> str:
        me = await self._call(self.bot.get_me())
        return me.username or ""

    async def send_message(self, chat_id: int, text: str, keyboard) -> int:
        sent = await self._call(
            self.bot.send_message(
                chat_id, text, parse_mode=ParseMode.HTML, reply_markup=_markup(keyboard)
            )
        )
        return sent.message_id

    async def edit_message(self, chat_id: int, message_id: int, text: str, keyboard) -> None:
        await self._call(
            self.bot.edit_message_text(
                text,
                chat_id=chat_id,
                message_id=message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=_markup(keyboard),
            )
        )

    async def send_photo(self, chat_id: int, photo: str, caption: str, keyboard) -> int:
        sent = await self._call(
            self.bot.send_photo(
                chat_id,
                photo,
                caption=caption or None,
                parse_mode=ParseMode.HTML,
                reply_markup=_markup(keyboard),
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
        file = InputFile(data, filename=filename)
        if content_type:  # the type we mean, not a guess from the file name
            file.mimetype = content_type
        await self._call(self.bot.send_document(chat_id, file))

    async def send_picture(self, chat_id: int, filename: str, data: bytes) -> None:
        await self._call(self.bot.send_photo(chat_id, InputFile(data, filename=filename)))

    async def set_commands(self, commands, language: str | None) -> None:
        await self._call(
            self.bot.set_my_commands(
                [BotCommand(c, d) for c, d in commands], language_code=language
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
        pass  # the Application owns the Bot's connections and closes them in stop()


class PtbChannel:
    library = "ptb"

    def __init__(
        self,
        conversation,
        translator,
        *,
        token: str,
        api_url: str,
        webhook: bool = False,
        request=None,
    ) -> None:
        builder = (
            Application.builder()
            .token(token)
            .base_url(f"{api_url}/bot")
            .base_file_url(f"{api_url}/file/bot")
        )
        if webhook:
            builder = builder.updater(None)
        if request is not None:  # the benchmark records calls instead of sending them
            # PTB refuses pool settings beside a request object of one's own.
            builder = builder.request(request).get_updates_request(request)
        else:
            builder = builder.connection_pool_size(POOL_CONNECTIONS).pool_timeout(POOL_WAIT_SECONDS)
        self.app = builder.build()
        self.app.add_handler(MessageHandler(filters.ALL, self._on_update))
        self.app.add_handler(CallbackQueryHandler(self._on_update))
        self.api = PtbApi(self.app.bot)
        self.core = TelegramCore(conversation, translator, self.api, bot_id=token.partition(":")[0])
        self._started = False

    async def _on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        user = update.effective_user
        chat = update.effective_chat
        message = query.message if query else update.effective_message
        await self.core.handle(
            TgUpdate(
                update_id=update.update_id,
                chat_id=chat.id if chat else (user.id if user else 0),
                chat_type=chat.type if chat else "private",
                user_id=user.id if user else None,
                language_code=user.language_code if user else None,
                first_name=user.first_name if user else None,
                text=None if query else ((message.text or message.caption) if message else None),
                image=(
                    f"telegram:{message.photo[-1].file_id}"
                    if (message and not query and message.photo)
                    else None
                ),
                callback_id=query.id if query else None,
                callback_data=query.data if query else None,
                message_id=message.message_id if (query and message) else None,
            )
        )

    async def start(self) -> None:
        """Check the token (getMe, in initialize) and set the command list."""
        try:
            await self.app.initialize()  # getMe: a wrong token or no network stops here
        except (InvalidToken, NetworkError) as error:
            raise TgNetwork(error.message) from None
        await self.app.start()
        self._started = True
        self.core.bot_username = self.app.bot.username or ""
        await self.core.set_commands()

    async def run_polling(self) -> None:
        await self.app.updater.start_polling(allowed_updates=["message", "callback_query"])
        try:
            await asyncio.Event().wait()  # until cancelled
        finally:
            # The updater polls in a task of its own: cancelling this one left it polling
            # while another process took over (a 409 for one of them).
            if self.app.updater.running:
                await self.app.updater.stop()

    def add_webhook_route(self, app, path: str, secret: str) -> None:
        from aiohttp import web

        async def receive(request: web.Request) -> web.Response:
            given = request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), secret.encode()):
                return web.Response(status=401, text="Unauthorized")
            data = webhook_update(await request.read())
            if data is None:
                return web.Response(status=400, text="Bad update")
            try:
                update = Update.de_json(data, self.app.bot)
            except (ValueError, TypeError, KeyError, AttributeError):
                return web.Response(status=400, text="Bad update")
            await self.app.update_queue.put(update)
            return web.Response(text="ok")

        app.router.add_post(path, receive)

    async def stop(self) -> None:
        if not self._started:
            return
        if self.app.updater is not None and self.app.updater.running:
            await self.app.updater.stop()
        await self.app.stop()
        await self.app.shutdown()
        self._started = False
