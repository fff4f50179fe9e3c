"""Telegram's limits held across every `linli run` process of one bot, in Redis; and one poller.

Telegram counts per bot, not per process: three processes each pacing at 30/s send 90/s and
meet 429s. The budget therefore lives in Redis, and each slot is taken by one Lua script
(atomic, one round trip, well under a millisecond) that reads the time from Redis itself, so
the processes' clocks need not agree. Redis rather than PostgreSQL: a slot is taken for every
message, and on the database that would be a write per send competing with the residents'
own requests; Redis is in memory and runs beside PostgreSQL on these machines.

It keeps `RateLimiter`'s rules: a reply takes the next free slot at once, ahead of pushes; a
push takes a slot only when one is free now and its chat's gap has passed; a 429 holds
pushes back in every process.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

# KEYS: next free slot overall, the chat's next free slot, pushes paused until.
# ARGV: gap ms, chat gap ms, mode ("reply", "wait", "push"), keep ms.
# Returns the ms to wait: >= 0 the slot is taken (sleep that long, then send);
# < 0 nothing taken (a push: sleep -n ms, then ask again).
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local next_free = tonumber(redis.call('GET', KEYS[1]) or '0')
local chat_free = tonumber(redis.call('GET', KEYS[2]) or '0')
local gap = tonumber(ARGV[1])
local chat_gap = tonumber(ARGV[2])
local mode = ARGV[3]
local keep = tonumber(ARGV[4])
local start
if mode == 'reply' then
  start = math.max(now, next_free)
elseif mode == 'wait' then
  start = math.max(now, next_free, chat_free)
else
  local paused = tonumber(redis.call('GET', KEYS[3]) or '0')
  local ready = math.max(next_free, chat_free, paused)
  if ready > now then
    return string.format('%.3f', now - ready)
  end
  start = now
end
redis.call('SET', KEYS[1], string.format('%.3f', start + gap), 'PX', keep)
redis.call('SET', KEYS[2], string.format('%.3f', math.max(start, now) + chat_gap), 'PX', keep)
return string.format('%.3f', start - now)
"""

_PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local wait = tonumber(ARGV[1])
local until_ms = now + wait
local paused = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ms > paused then
  local keep = math.ceil(wait) + 1000
  redis.call('SET', KEYS[1], string.format('%.3f', until_ms), 'PX', keep)
end
return 1
"""


class SharedRateLimiter:
    """`RateLimiter`'s interface, with the budget in Redis under `prefix` (one per bot)."""

    def __init__(self, redis, prefix: str, overall: float, per_chat: float) -> None:
        self.redis = redis
        self.prefix = prefix
        self.gap_ms = 1000.0 / overall
        self.chat_gap_ms = 1000.0 / per_chat
        # A key outlives its use by a little: idle chats leave nothing behind.
        self.keep_ms = int(max(self.gap_ms, self.chat_gap_ms) * 4 + 60_000)
        self.on_429: Callable[[], None] | None = None
        self._take = redis.register_script(_TAKE)
        self._pause = redis.register_script(_PAUSE)
        self._head = asyncio.Lock()  # in this process, one push at a time asks for a slot

    def _keys(self, chat_id: int) -> list[str]:
        p = self.prefix
        return [f"{p}:tg:next", f"{p}:tg:chat:{chat_id}", f"{p}:tg:paused"]

    async def _ask(self, chat_id: int, mode: str) -> float:
        args = [self.gap_ms, self.chat_gap_ms, mode, self.keep_ms]
        return float(await self._take(keys=self._keys(chat_id), args=args)) / 1000

    async def wait_reply(self, chat_id: int) -> None:
        delay = await self._ask(chat_id, "reply")
        if delay > 0:
            await asyncio.sleep(delay)

    async def wait(self, chat_id: int) -> None:
        delay = await self._ask(chat_id, "wait")
        if delay > 0:
            await asyncio.sleep(delay)

    async def wait_push(self, chat_id: int) -> None:
        async with self._head:
            while True:
                delay = await self._ask(chat_id, "push")
                if delay >= 0:
                    return
                await asyncio.sleep(min(-delay, 1.0))

    def pause_pushes(self, seconds: float) -> None:
        # Fire and forget: the caller is inside a send and must not wait on Redis.
        task = asyncio.get_running_loop().create_task(
            self._pause(keys=[f"{self.prefix}:tg:paused"], args=[seconds * 1000])
        )
        task.add_done_callback(lambda t: t.exception())
        if self.on_429 is not None:
            self.on_429()

    async def close(self) -> None:
        await self.redis.aclose()


def shared_limiter(url: str, prefix: str, overall: float, per_chat: float) -> SharedRateLimiter:
    from redis.asyncio import Redis

    return SharedRateLimiter(Redis.from_url(url), prefix, overall, per_chat)


# Renew only a lease this process still holds (compare, then extend), atomically.
_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


POLL_END_SECONDS = 10  # a stopping poller's last getUpdates (PTB: timeout 0, a round trip)


class PollerLease:
    """Telegram lets one getUpdates run per bot (a second gets 409 Conflict): of several
    processes, the one holding this lease polls; the others serve pushes and chores, and
    take over within `ttl` seconds if the poller dies."""

    def __init__(self, redis, prefix: str, *, ttl: float = 30.0) -> None:
        import uuid

        self.redis = redis
        self.key = f"{prefix}:tg:poller"
        self.me = uuid.uuid4().hex
        self.ttl_ms = int(ttl * 1000)
        self._renew = redis.register_script(_RENEW)
        self._release = redis.register_script(_RELEASE)

    async def take(self) -> bool:
        return bool(await self.redis.set(self.key, self.me, nx=True, px=self.ttl_ms))

    async def renew(self) -> bool:
        return bool(await self._renew(keys=[self.key], args=[self.me, self.ttl_ms]))

    async def release(self) -> None:
        await self._release(keys=[self.key], args=[self.me])

    async def poll_alone(self, run_polling) -> None:
        """Wait to be the poller, then poll, keeping the lease while polling runs. A
        poller that stalled past its lease while another took it stops polling and waits
        for the lease again (it went on serving pushes all along)."""
        every = self.ttl_ms / 3000
        while True:
            while True:
                if await self.take():
                    break
                await asyncio.sleep(every)  # another process polls; ask again later
            polling = asyncio.ensure_future(run_polling())
            lost = False
            try:
                while not polling.done():
                    await asyncio.wait({polling}, timeout=every)
                    if not polling.done() and not await self.renew() and not await self.take():
                        lost = True  # stalled past the lease; someone else polls now
                        break
            finally:
                if not polling.done():
                    polling.cancel()
                # Our last getUpdates ends before the lease goes: python-telegram-bot's
                # updater asks once more as it stops, and the next poller met it (409).
                await asyncio.wait({polling}, timeout=POLL_END_SECONDS)
                try:
                    await self.release()
                except Exception:  # Redis gone at shutdown: the lease simply expires
                    pass
            if not lost:
                return polling.result()  # polling ended by itself: its error, if any
