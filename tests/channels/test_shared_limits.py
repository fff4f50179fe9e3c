"""Three `linli run` processes of one bot (one on aiogram, two on python-telegram-bot),
sharing Telegram's limits in Redis: a broadcast goes out with no 429 from a Bot API that
refuses anything over its cap, every resident exactly once; and only one of them polls
(a second getUpdates ends the first with a 409; without the lease there were 10 here).
(Without Redis each process paces itself alone, and three of them go over.)"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter

from linli.storage.db import Database
from tests.channels.fake_telegram import FakeTelegram
from tests.factories import linli_run, process_env, telegram_broadcast

RESIDENTS = 150
CAP = 40  # sends a second the fake Bot API takes before it answers 429
RATE = 36  # what the processes are told the bot may send, all of them together
LIBRARIES = ("aiogram", "ptb", "ptb")


async def test_three_processes_keep_one_bots_limit_together(server_db_url):
    db = Database(server_db_url)
    fake = FakeTelegram()
    fake.cap = CAP
    await fake.start()
    env = process_env(
        server_db_url,
        {
            "LINLI_TELEGRAM_TOKEN": "42:TEST",
            "LINLI_TELEGRAM_API_URL": fake.url,
            "LINLI_TELEGRAM_RATE_OVERALL": str(RATE),
            "LINLI_REDIS_URL": "redis://127.0.0.1:6379/0",
            "LINLI_REDIS_PREFIX": f"test-{uuid.uuid4().hex[:12]}",  # this test's bot alone
            "LINLI_HEALTH_ROUTES": "false",
            "LINLI_OUTBOX_BATCH_SIZE": "5",
        },
    )
    processes = []
    try:
        # One on aiogram, two on python-telegram-bot: the budget is the bot's whatever the
        # library, and one aiogram start (its import, seconds of CPU) is enough here.
        for library in LIBRARIES:
            processes.append(await linli_run({**env, "LINLI_TELEGRAM_LIBRARY": library}))
        # All three are up (each asked getMe) before the broadcast is queued, and each
        # claims a few at a time: the three send side by side.
        async with asyncio.timeout(180):
            await fake.until(lambda f: sum(c.method == "getMe" for c in f.calls) >= 3)
        await telegram_broadcast(db, RESIDENTS, 7000, "停电通知")
        delivered = lambda f: [c for c in f.sent() if "_failed" not in c.params]  # noqa: E731
        async with asyncio.timeout(240):
            await fake.until(lambda f: len(delivered(f)) >= RESIDENTS)
        # A resident writes: the one process that polls answers, and no poll met another.
        await fake.push(fake.message_update(991, "/start"))
        async with asyncio.timeout(60):
            await fake.until(lambda f: f.sent(991))
    finally:
        for process in processes:
            process.terminate()
        hung = 0
        for process in processes:
            try:
                await asyncio.wait_for(process.communicate(), 60)
            except TimeoutError:
                # Never left behind: a stray process would go on running chores on the
                # next test's database.
                process.kill()
                await process.communicate()
                hung += 1
        await fake.stop()
        if db.dialect == "postgresql":
            from tests.conftest import empty_pg

            await empty_pg(db)
        await db.dispose()
    assert hung == 0, "a linli run did not stop on SIGTERM"
    refused = [c for c in fake.calls if c.params.get("_failed") == 429]
    assert refused == []
    per_chat = Counter(c.chat_id for c in delivered(fake) if c.chat_id != 991)
    assert len(per_chat) == RESIDENTS and set(per_chat.values()) == {1}
    assert fake.conflicts == 0
