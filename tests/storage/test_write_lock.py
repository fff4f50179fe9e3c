"""Who takes SQLite's write lock, and how writers wait for it (issue 20).

A read-only unit of work begins deferred and reads beside a writer; writers of one process
queue in order for the lock instead of polling inside SQLite past its busy timeout.
"""

from __future__ import annotations

import asyncio

import pytest

from linli.storage.db import Database, is_busy
from tests import factories


async def test_a_read_only_unit_of_work_reads_while_a_write_is_open(db, clock):
    await factories.user(db, clock, "reader")
    async with db.uow() as writing:
        person = await writing.users.by_external("console", "reader")
        person.locale = "en"
        await writing.flush()  # the write lock is held (SQLite) until the commit
        async with db.uow(read_only=True) as reading:
            seen = await reading.users.by_external("console", "reader")
            # It reads what was committed, not the write still open.
            assert seen.locale == "zh-CN"
        await writing.commit()


async def test_writers_of_one_process_wait_in_turn_past_the_busy_timeout(sqlite_url, clock):
    # 1 ms: a writer left to SQLite's own waiting would fail almost at once.
    db = Database(sqlite_url, busy_timeout_ms=1)
    other = Database(sqlite_url, busy_timeout_ms=1)
    await factories.user(db, clock, "first")
    await factories.user(db, clock, "second")

    async def rename(database: Database, external_id: str) -> None:
        async with database.uow() as uow:
            person = await uow.users.by_external("console", external_id)
            person.display_name = "改过"
            await uow.commit()

    try:
        async with db.uow() as holding:
            await holding.users.by_external("console", "first")  # BEGIN IMMEDIATE: locked
            # Another engine on the same file: same process, so the same queue.
            waiting = asyncio.create_task(rename(other, "second"))
            # The other engine opens its connection in aiosqlite's thread: on a busy machine
            # that takes more than a few turns of the loop, so wait for it (up to 10 s).
            for _ in range(10_000):
                if db.writers_waiting() == 1:
                    break
                await asyncio.sleep(0.001)
            assert db.writers_waiting() == 1  # queued here, not failing inside SQLite
            await holding.commit()
        await waiting
        async with db.uow(read_only=True) as uow:
            assert (await uow.users.by_external("console", "second")).display_name == "改过"
        # A second write in the same task is not queued behind its own first (that would
        # never end): SQLite refuses it after busy_timeout, reported as busy, as before.
        async with db.uow() as holding:
            await holding.users.by_external("console", "first")
            with pytest.raises(Exception) as refused:
                async with other.engine.connect() as raw:
                    await raw.exec_driver_sql("UPDATE users SET locale = 'en'")
            assert is_busy(refused.value)
    finally:
        await other.dispose()
        await db.dispose()
