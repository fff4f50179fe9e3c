"""A real `linli run` stopped by SIGTERM (or Ctrl-C) in the middle of a Telegram broadcast:
what was sent is recorded, no claim is left behind, and the next process sends the rest —
every resident gets the notice exactly once."""

from __future__ import annotations

import asyncio
import signal
from collections import Counter

from sqlalchemy import func, select

from linli.storage.db import Database
from linli.storage.models import OutboxClaim, OutboxMessage
from tests.channels.fake_telegram import FakeTelegram
from tests.factories import linli_run, process_env, telegram_broadcast

# Sixty for one stop (ten or so sent before it, the rest after); thirty more for each further stop.
RESIDENTS = 30


async def test_sigterm_and_ctrl_c_mid_broadcast_lose_and_double_nothing(db_url):
    """SIGTERM on both databases; on SQLite the next process is then stopped by Ctrl-C
    (one broadcast, one process fewer than a test of each). Each library is stopped once:
    aiogram by SIGTERM on SQLite, python-telegram-bot elsewhere (a process with aiogram
    spends seconds importing it, one with python-telegram-bot a fraction of that)."""
    if db_url.startswith("sqlite"):
        stops = [(signal.SIGTERM, "aiogram"), (signal.SIGINT, "ptb")]
    else:
        stops = [(signal.SIGTERM, "ptb")]
    await _stop_mid_broadcast(db_url, stops)


async def _stop_mid_broadcast(db_url: str, stops: list[tuple[signal.Signals, str]]) -> None:
    db = Database(db_url)
    fake = FakeTelegram()
    await fake.start()
    try:
        residents = RESIDENTS * (len(stops) + 1)
        await telegram_broadcast(db, residents, 9000, "停水通知：明天 8:00-12:00")
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
        for stop, library in stops:
            await _stopped_mid_way(
                db, {**env, "LINLI_TELEGRAM_LIBRARY": library}, fake, stop, residents
            )

        last = await linli_run({**env, "LINLI_TELEGRAM_LIBRARY": "ptb"})
        try:
            async with asyncio.timeout(180):
                await fake.until(lambda f: len(f.sent()) >= residents)
        finally:
            last.terminate()
            await last.communicate()
        per_chat = Counter(c.chat_id for c in fake.sent())
        assert len(per_chat) == residents and set(per_chat.values()) == {1}
    finally:
        await fake.stop()
        if db.dialect == "postgresql":
            from tests.conftest import empty_pg

            await empty_pg(db)
        await db.dispose()


async def _stopped_mid_way(
    db, env, fake: FakeTelegram, stop: signal.Signals, residents: int
) -> None:
    """A process sends some of what is left, then gets `stop`: every send that reached
    Telegram is on record, and no claim is left behind."""
    sent_before = len(fake.sent())
    process = await linli_run(env)
    async with asyncio.timeout(180):
        await fake.until(lambda f: len(f.sent()) >= sent_before + 10)
    process.send_signal(stop)
    async with asyncio.timeout(60):
        _out, err = await process.communicate()
    # The stop asked for, not a crash: 0 for SIGTERM, 130 (the shell's Ctrl-C) for SIGINT.
    expected = 130 if stop == signal.SIGINT else 0
    assert process.returncode == expected, err.decode()[-2000:]
    sent_so_far = len(fake.sent())
    assert sent_so_far < residents, "the broadcast ended before the stop"
    async with db.uow() as uow:
        stuck = await uow.session.scalar(select(func.count()).select_from(OutboxClaim))
        recorded = await uow.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "sent")
        )
        failed = await uow.session.scalars(
            select(OutboxMessage.last_error).where(OutboxMessage.last_error.is_not(None))
        )
        failed = list(failed)
    assert stuck == 0, err.decode()[-2000:]
    assert recorded == sent_so_far  # every send that reached Telegram is on record
    # The pushes in flight finished before the channel closed: none failed for the stop
    # (so none spends a try or waits for its retry).
    assert failed == []
