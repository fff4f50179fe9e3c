"""The outbox's Telegram sender: within Telegram's limits, retrying 429, stopping on 403."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from linli.bot.channels.telegram.api import (
    TelegramApi,
    TgBadRequest,
    TgForbidden,
    TgNetwork,
    TgRetryAfter,
)
from linli.bot.channels.telegram.core import send
from linli.bot.channels.telegram.render import render
from linli.bot.i18n import Translator
from linli.bot.outbox import SendFailed
from linli.handlers.kit.reply import Reply
from linli.storage.models import User

Sleep = Callable[[float], Awaitable[None]]


class RateLimiter:
    """At most `overall` sends a second in all, and `per_chat` a second to one chat."""

    def __init__(
        self,
        overall: float,
        per_chat: float,
        *,
        now: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.gap = 1.0 / overall
        self.chat_gap = 1.0 / per_chat
        self.now = now
        self.sleep = sleep
        self.next_free = 0.0
        self.chat_free: dict[int, float] = {}
        self.lock = asyncio.Lock()

    async def wait(self, chat_id: int) -> None:
        async with self.lock:
            moment = self.now()
            start = max(moment, self.next_free, self.chat_free.get(chat_id, 0.0))
            self.next_free = start + self.gap
            self.chat_free[chat_id] = start + self.chat_gap
            if len(self.chat_free) > 100_000:  # forget chats long idle
                self.chat_free = {c: v for c, v in self.chat_free.items() if v > moment}
        if start > moment:
            await self.sleep(start - moment)


class TelegramSender:
    """Sends one outbox message; raises SendFailed saying whether and when to try again."""

    def __init__(
        self,
        api: TelegramApi,
        translator: Translator,
        limiter: RateLimiter,
        *,
        sleep: Sleep = asyncio.sleep,
        retries_429: int = 3,
    ) -> None:
        self.api = api
        self.translator = translator
        self.limiter = limiter
        self.sleep = sleep
        self.retries_429 = retries_429

    async def send(self, user: User, reply: Reply, kind: str = "") -> None:
        reply.locale = user.locale
        chat_id = int(user.external_id)
        for message in render(reply, self.translator):
            await self._send_one(chat_id, message)

    async def _send_one(self, chat_id: int, message) -> None:
        for attempt in range(self.retries_429 + 1):
            await self.limiter.wait(chat_id)
            try:
                await send(self.api, chat_id, message)
                return
            except TgRetryAfter as error:
                if attempt == self.retries_429:
                    raise SendFailed(f"429: {error.reason}", retry_after=error.seconds) from None
                await self.sleep(error.seconds)
            except TgForbidden as error:
                raise SendFailed(f"403: {error.reason}", unreachable=True) from None
            except TgBadRequest as error:
                raise SendFailed(f"400: {error.reason}") from None
            except TgNetwork as error:
                raise SendFailed(f"network: {error.reason}", retry_after=0) from None
