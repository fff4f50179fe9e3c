"""The outbox's Telegram sender: within Telegram's limits, retrying 429, stopping on 403."""

from __future__ import annotations

import asyncio
import collections
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
# Sends reach Telegram unevenly (the request is built and written after its slot, while
# the loop serves other callbacks): the count of a second is kept over this much more than
# a second. 10 ms let two 429s through in each 10,000 broadcast at 300/s on an idle 2-core
# machine (2026-12-03); 30 ms costs at most 3 % of the cap, and only when the slots alone
# would have come to the cap.
WINDOW_MARGIN = 0.03
# The size from which the per-chat gaps already passed are forgotten (see RateLimiter).
FORGET_CHATS_FROM = 1024


class RateLimiter:
    """One budget for all the bot sends: at most `overall` a second in all and `per_chat`
    a second to one chat, shared by replies and pushes.

    A reply (`wait_reply`) takes the next free slot at once. A push (`wait_push`) queues behind
    the other pushes and takes a slot only when it is free now, so no push ever holds a
    slot ahead of a reply: a resident's answer waits at most one slot during a broadcast.
    """

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
        # Only a chat whose gap has not passed needs its entry (about `overall` of them
        # a second); the others go when the dict reaches this, so a broadcast holds a few
        # hundred, not one per recipient (10,000 entries were 0.8 MB, issue 20).
        self._forget_at = FORGET_CHATS_FROM
        self.pushes_paused_until = 0.0  # after a 429: pushes hold back until then
        self.on_429: Callable[[], None] | None = None  # counted for /metrics
        self._head = asyncio.Lock()  # the one push waiting for the next free slot
        # When the last `overall` sends went, as Telegram counts them (so many in any
        # second): a push never makes it one more, whatever the slots' timing did.
        self._sent: collections.deque[float] = collections.deque(maxlen=max(1, int(overall)))

    def _take(self, chat_id: int, slot: float, moment: float) -> None:
        self.next_free = slot + self.gap
        self._sent.append(max(slot, moment))
        self.chat_free[chat_id] = max(slot, moment) + self.chat_gap
        if len(self.chat_free) >= self._forget_at:
            self.chat_free = {c: v for c, v in self.chat_free.items() if v > moment}
            # Twice what is left: the rebuild stays a small share of the sends between two.
            self._forget_at = max(FORGET_CHATS_FROM, 2 * len(self.chat_free))

    async def wait(self, chat_id: int) -> None:
        """The next free slot that also keeps the chat's own gap, ahead of every waiting
        push (for a caller that must keep to one message a second in a chat)."""
        moment = self.now()
        start = max(moment, self.next_free, self.chat_free.get(chat_id, 0.0), self._window_free())
        self._take(chat_id, start, moment)
        if start > moment:
            await self.sleep(start - moment)

    async def wait_reply(self, chat_id: int) -> None:
        """A reply's call: the next free slot of the overall cap, ahead of every push.

        The parts of one reply (text, its .ics, a keyboard taken off) go out together: a
        person is answering, not being flooded. Pushes to the chat keep their gap after it.
        """
        moment = self.now()
        # Within the count of the second too: during a broadcast that fills it, a reply in
        # the next free slot could be the second's one too many (a 429).
        start = max(moment, self.next_free, self._window_free())
        self._take(chat_id, start, moment)
        if start > moment:
            await self.sleep(start - moment)

    async def wait_push(self, chat_id: int) -> None:
        """A push: after its own chat's gap, the first slot no reply has taken."""
        while True:  # its chat's gap first, without holding up other chats' pushes
            moment = self.now()
            ready = max(self.chat_free.get(chat_id, 0.0), self.pushes_paused_until)
            if ready <= moment:
                break
            await self.sleep(ready - moment)
        async with self._head:
            waited = False
            while True:
                moment = self.now()
                start = max(
                    self.next_free,
                    self.chat_free.get(chat_id, 0.0),
                    self.pushes_paused_until,
                    self._window_free(),
                )
                if start <= moment:
                    # A push that waited for its slot takes it where it fell due, not where
                    # the loop woke it: wake-ups come late (epoll counts whole milliseconds,
                    # and other callbacks run first), and counting the next slot from the
                    # waking lost that much every time: 300/s came out near 250. Never more
                    # than one slot back, so a loop that stalled does not burst to catch up.
                    slot = max(start, moment - self.gap) if waited else moment
                    self._take(chat_id, slot, moment)
                    return
                waited = True
                await self.sleep(start - moment)

    def _window_free(self) -> float:
        """When a push keeps the count of the last second within the cap: a second after
        the oldest of the last `overall` sends, and a little more for the way there."""
        if len(self._sent) < (self._sent.maxlen or 0):
            return 0.0
        return self._sent[0] + 1.0 + WINDOW_MARGIN

    def pause_pushes(self, seconds: float) -> None:
        """Telegram answered 429: pushes wait `seconds`; replies keep their priority."""
        self.pushes_paused_until = max(self.pushes_paused_until, self.now() + seconds)
        if self.on_429 is not None:
            self.on_429()


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
            await self.limiter.wait_push(chat_id)
            try:
                await send(self.api, chat_id, message)
                return
            except TgRetryAfter as error:
                # Every push holds back for that long; the retry waits in wait_push.
                self.limiter.pause_pushes(error.seconds)
                if attempt == self.retries_429:
                    raise SendFailed(f"429: {error.reason}", retry_after=error.seconds) from None
            except TgForbidden as error:
                raise SendFailed(f"403: {error.reason}", unreachable=True) from None
            except TgBadRequest as error:
                raise SendFailed(f"400: {error.reason}") from None
            except TgNetwork as error:
                raise SendFailed(f"network: {error.reason}", retry_after=0) from None
