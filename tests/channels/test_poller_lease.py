"""The lease that lets one `linli run` of a bot poll Telegram, on this machine's Redis: the
next poller starts only after the last one's poll has ended, and a poller that stalled
past its lease waits for it again instead of stopping its process."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from redis.asyncio import Redis

from linli.bot.channels.telegram.shared_limit import PollerLease

TTL = 0.3  # seconds: each lease is asked for or renewed every 0.1 s


@pytest.fixture
async def redis():
    client = Redis.from_url("redis://127.0.0.1:6379/0")
    yield client
    await client.aclose()


class Pollers:
    """Stand-ins for run_polling that note who polls when; each, once cancelled, takes a
    moment to end (python-telegram-bot's updater asks Telegram once more as it stops)."""

    def __init__(self) -> None:
        self.now: set[str] = set()
        self.most_at_once = 0
        self.started: list[str] = []
        self.changed = asyncio.Event()

    def of(self, name: str):
        async def run_polling() -> None:
            self.now.add(name)
            self.started.append(name)
            self.most_at_once = max(self.most_at_once, len(self.now))
            self.changed.set()
            try:
                await asyncio.Event().wait()
            finally:
                await asyncio.sleep(0.2)  # the last getUpdates
                self.now.discard(name)
                self.changed.set()

        return run_polling

    async def until(self, predicate) -> None:
        async with asyncio.timeout(10):
            while not predicate():
                self.changed.clear()
                await self.changed.wait()


async def test_the_next_poller_starts_after_the_last_poll_has_ended(redis):
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    pollers = Pollers()
    first = asyncio.create_task(PollerLease(redis, prefix, ttl=TTL).poll_alone(pollers.of("a")))
    await pollers.until(lambda: "a" in pollers.now)
    second = asyncio.create_task(PollerLease(redis, prefix, ttl=TTL).poll_alone(pollers.of("b")))
    await asyncio.sleep(TTL)  # b asks for the lease a few times meanwhile, and waits
    assert pollers.now == {"a"}
    first.cancel()  # a's process stops
    await asyncio.gather(first, return_exceptions=True)
    await pollers.until(lambda: "b" in pollers.now)
    assert pollers.most_at_once == 1
    second.cancel()
    await asyncio.gather(second, return_exceptions=True)


async def test_a_poller_that_lost_its_lease_waits_for_it_again(redis):
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    lease = PollerLease(redis, prefix, ttl=TTL)
    pollers = Pollers()
    polling = asyncio.create_task(lease.poll_alone(pollers.of("a")))
    await pollers.until(lambda: "a" in pollers.now)
    # It stalled past its lease, and another process took it.
    await redis.set(lease.key, "another process", px=int(TTL * 3000))
    await pollers.until(lambda: "a" not in pollers.now)
    assert not polling.done()  # it stopped polling, not serving
    await redis.delete(lease.key)  # the other process stopped
    await pollers.until(lambda: pollers.started == ["a", "a"] and "a" in pollers.now)
    assert not polling.done()
    polling.cancel()
    await asyncio.gather(polling, return_exceptions=True)
