"""Fixtures: a migrated database per test (SQLite, and PostgreSQL when configured), a clock."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
from pathlib import Path

import pytest

from linli.bot.i18n import Translator
from linli.handlers.kit.clock import FakeClock
from linli.handlers.kit.config import CoreConfig
from linli.handlers.wiring import build_conversation
from linli.storage.db import Database
from linli.storage.migrate import upgrade
from linli.storage.models import Base

PG_URL = os.environ.get("LINLI_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
# With pytest-xdist (`make test` runs two workers) each worker has a PostgreSQL database of
# its own, named after the configured one (test_gw0, test_gw1): they never share rows.
WORKER = os.environ.get("PYTEST_XDIST_WORKER")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Any connection beyond this machine is a failing test."""
    real_connect = socket.socket.connect

    def guarded(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in ("localhost", "::1") or host.startswith("/")
        ):
            raise RuntimeError(f"test tried to reach the network: {address!r}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """One migrated SQLite file; each test gets a copy (migrating per test is slow)."""
    path = tmp_path_factory.mktemp("template") / "linli.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


async def _reset_pg(url: str) -> None:
    db = Database(url)
    async with db.engine.begin() as conn:
        await conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        await conn.exec_driver_sql("CREATE SCHEMA public")
    await db.dispose()


async def _ensure_database(server_url: str, name: str) -> None:
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            exists = await conn.exec_driver_sql(
                "SELECT 1 FROM pg_database WHERE datname = $1", (name,)
            )
            if exists.first() is None:
                await conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        await engine.dispose()


async def _no_waiting_for_the_disk(url: str) -> None:
    """A commit on the test database does not wait for the WAL to reach the disk: nothing
    here has to survive a crash, and on a shared machine each fsync can take a long time.
    Set on the database, so the real `linli` processes the tests start get it too."""
    from sqlalchemy.ext.asyncio import create_async_engine

    name = url.rpartition("/")[2]
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.exec_driver_sql(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def pg_migrated() -> str:
    url = PG_URL
    if WORKER:
        base, _, name = PG_URL.rpartition("/")
        url = f"{base}/{name}_{WORKER}"
        asyncio.run(_ensure_database(PG_URL, f"{name}_{WORKER}"))
    asyncio.run(_no_waiting_for_the_disk(url))
    asyncio.run(_reset_pg(url))
    upgrade(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path, sqlite_template) -> str:
    """A migrated SQLite file of this test's own."""
    path = tmp_path / "linli.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture(scope="session")
def demo_template(sqlite_template, tmp_path_factory) -> Path:
    """The migrated file with the demo community loaded once, at the fake clock's start."""
    from tests import factories

    path = tmp_path_factory.mktemp("demo") / "linli.db"
    shutil.copy(sqlite_template, path)

    async def load() -> None:
        database = Database(f"sqlite+aiosqlite:///{path}")
        await factories.demo(database, FakeClock())
        await database.dispose()

    asyncio.run(load())
    return path


@pytest.fixture
def demo_sqlite_url(tmp_path, demo_template) -> str:
    """A SQLite file of this test's own with the demo already in it."""
    path = tmp_path / "linli.db"
    shutil.copy(demo_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture
async def demo_db(demo_sqlite_url):
    database = Database(demo_sqlite_url)
    yield database
    await database.dispose()


@pytest.fixture
def server_db_url(request) -> str:
    """PostgreSQL when the run has it, else SQLite: for the few real-process tests that are
    about several processes on one server database, run once."""
    if PG_URL:
        return request.getfixturevalue("pg_migrated")
    return request.getfixturevalue("sqlite_url")


@pytest.fixture(params=BACKENDS)
def db_url(request) -> str:
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_migrated")


async def empty_pg(database: Database) -> None:
    """Empty every table for the next test, numbering from 1 again. DELETE, not TRUNCATE:
    most tests leave a few rows in a few tables, and TRUNCATE of every table costs a file
    swap each (0.2-0.6 s a test, against 0.01-0.06 s). The fund ledger refuses changes by
    trigger; a replica session (superuser, tests only) fires no triggers, foreign keys
    included, so the order does not matter."""
    tables = [t.name for t in Base.metadata.sorted_tables]
    async with database.engine.begin() as conn:
        raw = (await conn.get_raw_connection()).driver_connection
        sequences = await raw.fetch(
            "SELECT s.oid::regclass::text FROM pg_class s JOIN pg_depend d ON d.objid = s.oid"
            " WHERE s.relkind = 'S' AND d.refobjid::regclass::text = ANY($1::text[])",
            tables,
        )
        # One round trip: asyncpg runs a script without arguments as a simple query.
        await raw.execute(
            "SET LOCAL session_replication_role = replica;"
            + "".join(f'DELETE FROM "{table}";' for table in tables)
            + "".join(f"SELECT setval('{seq}', 1, false);" for (seq,) in sequences)
        )


@pytest.fixture
async def db(db_url):
    database = Database(db_url)
    yield database
    if database.dialect == "postgresql":
        await empty_pg(database)
    await database.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def translator() -> Translator:
    return Translator()


@pytest.fixture
def config() -> CoreConfig:
    return CoreConfig()


@pytest.fixture
def conversation(db, clock, config):
    return build_conversation(db, clock, config)


# The longest tests start first: with two workers, one that starts last ends the run late
# while the other worker waits (the crawl alone takes minutes).
FIRST = (
    "tests/kit/test_stale_buttons.py::test_every_button_of_every_flow",
    "tests/channels/test_shared_limits.py",
    "tests/channels/test_telegram_stop.py",
    "tests/test_chores_processes.py",
    "tests/kit/test_hostile_input.py::test_seeded_fuzz",
    "tests/test_install.py",
)


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        return next(
            (n for n, start in enumerate(FIRST) if item.nodeid.startswith(start)), len(FIRST)
        )

    items.sort(key=rank)  # stable: otherwise in the order collected
