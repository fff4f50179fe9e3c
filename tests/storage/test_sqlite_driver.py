"""SQLite's driver (storage/sqlite_driver.py): a statement is one call on aiosqlite's thread,
and what SQLAlchemy reads of it (rows, RETURNING, row counts, errors) is as before."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from linli.storage.db import Database


async def test_a_statement_is_one_call_on_sqlites_thread(tmp_path):
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'driver.db'}")
    try:
        async with db.engine.connect() as conn:
            await conn.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)")
            thread_side = (await conn.get_raw_connection()).driver_connection
            calls = 0
            queue = thread_side._execute

            async def counted(fn, *args, **kwargs):
                nonlocal calls
                calls += 1
                return await queue(fn, *args, **kwargs)

            thread_side._execute = counted
            insert = text("INSERT INTO t (v) VALUES ('a'), ('b') RETURNING id")
            inserted = await conn.execute(insert)
            assert [row.id for row in inserted] == [1, 2]
            assert calls == 1  # SQLAlchemy's own adapter: cursor, execute, fetch, close
            calls = 0
            updated = await conn.execute(
                text("UPDATE t SET v = v || :s WHERE id = :i"),
                [{"s": "x", "i": 1}, {"s": "y", "i": 2}],
            )
            assert (updated.rowcount, calls) == (2, 1)
            with pytest.raises(IntegrityError):
                await conn.execute(text("INSERT INTO t (v) VALUES ('ax')"))
            rows = (await conn.execute(text("SELECT id, v FROM t ORDER BY id"))).all()
            assert [tuple(row) for row in rows] == [(1, "ax"), (2, "by")]
    finally:
        await db.dispose()
