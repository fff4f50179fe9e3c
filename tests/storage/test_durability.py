"""SQLite's durability setting: what a commit waits for (README "Performance" says why)."""

from __future__ import annotations

from linli.storage.db import Database


async def test_sqlite_commits_in_wal_without_an_fsync_each(tmp_path):
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'd.db'}")
    try:
        async with db.engine.connect() as conn:
            journal = (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar()
            synchronous = (await conn.exec_driver_sql("PRAGMA synchronous")).scalar()
    finally:
        await db.dispose()
    # WAL with NORMAL (1): safe against a crash of the process, not against a power cut.
    assert (journal, synchronous) == ("wal", 1)
