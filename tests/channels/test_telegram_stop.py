"""A real `linli run` stopped by SIGTERM (or Ctrl-C) in the middle of a Telegram broadcast:
what was sent is recorded, nothing is left "sending", and the next process sends the rest —
every resident gets the notice exactly once."""

from __future__ import annotations

import asyncio
import datetime as dt
import signal
import sys
from collections import Counter

from sqlalchemy import func, select

from linli.handlers.kit.clock import SystemClock
from linli.handlers.kit.notify import push
from linli.handlers.kit.text import raw
from linli.storage.db import Database
from linli.storage.models import OutboxMessage, User
from tests.channels.fake_telegram import FakeTelegram
from tests.factories import ROOT, process_env

RESIDENTS = 60


async def _broadcast(db) -> None:
    now = SystemClock().now()
    async with db.uow() as uow:
        people = [
            User(
                channel="telegram", external_id=str(9000 + n), locale="zh-CN",
                created_at=now, last_seen_at=now,
                quiet_start=dt.time(0, 0), quiet_end=dt.time(0, 0),  # no quiet hours
            )
            for n in range(RESIDENTS)
        ]  # fmt: skip
        for person in people:
            uow.users.add(person)
        await uow.flush()
        for person in people:
            await push(uow, person.id, raw("停水通知：明天 8:00-12:00"), kind="notice", now=now)
        await uow.commit()


async def _run(env):
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "linli.bot", "run", cwd=ROOT, env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def test_sigterm_mid_broadcast_loses_and_doubles_nothing(db_url):
    await _stop_mid_broadcast(db_url, signal.SIGTERM)


async def test_ctrl_c_mid_broadcast_loses_and_doubles_nothing(sqlite_url):
    await _stop_mid_broadcast(sqlite_url, signal.SIGINT)


async def _stop_mid_broadcast(db_url: str, stop: signal.Signals) -> None:
    db = Database(db_url)
    fake = FakeTelegram()
    await fake.start()
    try:
        await _broadcast(db)
        env = process_env(
            db_url,
            {
                "LINLI_TELEGRAM_TOKEN": "42:TEST",
                "LINLI_TELEGRAM_API_URL": fake.url,
                # Slow enough that the stop lands in the middle of the broadcast.
                "LINLI_TELEGRAM_RATE_OVERALL": "20",
                "LINLI_HEALTH_ROUTES": "false",
            },
        )
        first = await _run(env)
        async with asyncio.timeout(180):
            await fake.until(lambda f: len(f.sent()) >= 10)
        first.send_signal(stop)
        async with asyncio.timeout(60):
            _out, err = await first.communicate()
        sent_by_first = len(fake.sent())
        assert sent_by_first < RESIDENTS, "the broadcast ended before the stop"
        async with db.uow() as uow:
            stuck = await uow.session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status == "sending")
            )
            recorded = await uow.session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status == "sent")
            )
        assert stuck == 0, err.decode()[-2000:]
        assert recorded == sent_by_first  # every send that reached Telegram is on record

        second = await _run(env)
        try:
            async with asyncio.timeout(180):
                await fake.until(lambda f: len(f.sent()) >= RESIDENTS)
        finally:
            second.terminate()
            await second.communicate()
        per_chat = Counter(c.chat_id for c in fake.sent())
        assert len(per_chat) == RESIDENTS and set(per_chat.values()) == {1}
    finally:
        await fake.stop()
        if db.dialect == "postgresql":
            from tests.conftest import empty_pg

            await empty_pg(db)
        await db.dispose()
