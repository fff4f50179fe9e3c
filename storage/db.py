"""The database handle: one engine and session factory per process, built on request."""

from __future__ import annotations

import asyncio
import weakref
from dataclasses import dataclass, field

from sqlalchemy import event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.util import await_only
from sqlalchemy.util.concurrency import in_greenlet

from linli.storage.sqlite_driver import one_call_dbapi
from linli.storage.uow import UnitOfWork


def _sqlite_pragmas(dbapi_connection, busy_timeout_ms: int) -> None:
    # Let SQLAlchemy, not the driver, decide when a transaction begins (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets readers go on while one writer writes; busy_timeout makes a second
    # writer wait for the lock instead of failing at once.
    cursor.execute("PRAGMA journal_mode=WAL")
    # NORMAL, not FULL: under WAL, FULL waits for an fsync at every commit (here 0.6 ms
    # at the median, 46 ms at p99 on a busy disk; NORMAL 0.02 / 0.08 ms). The cost: a
    # power cut or an OS crash (never a crash of the process) may undo the transactions
    # committed since the last checkpoint: a booking just confirmed, a push recorded as
    # sent (sent again). The file itself stays sound. A district that cannot accept that
    # runs on PostgreSQL. README "Performance" says the same.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class _WriterGate:
    """One SQLite writer at a time in this process, first come first served.

    SQLite has one write lock; writers that wait for it inside SQLite poll with growing
    sleeps (busy_timeout), unfairly: with 200 confirms at once some waited past the 10 s
    timeout (46-66 "database is locked", issue 20) while the lock was free half the time.
    Queued here on an asyncio lock instead, they are served in order and none times out;
    busy_timeout still governs other processes. Re-entrant per task: a task that opens a
    second unit of work while its first holds the gate is not made to wait for itself
    (SQLite then refuses the second after busy_timeout, as before).
    """

    def __init__(self) -> None:
        # Per event loop (an asyncio.Lock belongs to one), per database file.
        self._queues: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, _Queue]]
        self._queues = weakref.WeakKeyDictionary()

    def _queue(self, path: str) -> _Queue:
        queues = self._queues.setdefault(asyncio.get_running_loop(), {})
        return queues.setdefault(path, _Queue())

    def waiting(self, path: str) -> int:
        """How many writers of this process wait for the lock now."""
        return self._queue(path).waiting

    def enter(self, path: str, wait_s: float) -> _Queue | None:
        """Take the gate (waiting in turn) and give what to leave; None when this task holds
        it already or it stayed taken for `wait_s` (then SQLite's own busy_timeout decides,
        as before the gate: a holder that waits for another writer must not wait for ever)."""
        queue = self._queue(path)
        task = asyncio.current_task()
        if task is not None and queue.holder is task:
            return None
        queue.waiting += 1
        try:
            taken = await_only(_acquire(queue.lock, wait_s))
        finally:
            queue.waiting -= 1
        if not taken:
            return None
        queue.holder = task
        return queue


async def _acquire(lock: asyncio.Lock, wait_s: float) -> bool:
    """The lock within `wait_s`, in this task. Not `asyncio.wait_for`: on Python 3.11 it runs
    the acquire as a task of its own, and a cancel that meets the acquire's success (a
    heartbeat cancelled while it waited for the gate) raises with the lock taken and nobody
    to release it; every later writer then waited its full minute at the gate."""
    try:
        async with asyncio.timeout(wait_s):
            await lock.acquire()
    except TimeoutError:
        return False
    return True


@dataclass
class _Queue:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    holder: object = None
    waiting: int = 0

    def leave(self) -> None:
        self.holder = None
        if self.lock.locked():
            self.lock.release()


_GATE = _WriterGate()
GATE_WAITS_BUSY_TIMEOUTS = 6
_HOLDS_GATE = "linli_holds_gate"
_DEFERRED = "linli_deferred"
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


def _in_greenlet() -> bool:
    # The gate waits on the event loop: only from code run by the async engine.
    return bool(in_greenlet())


def _sqlite_begin(connection) -> None:
    if connection.get_execution_options().get(_DEFERRED):
        # A read-only unit of work: a deferred transaction takes no lock, and readers
        # go on beside the writer (WAL). Should it write after all, _sqlite_write takes
        # the gate first; a writer that committed since its snapshot makes SQLite refuse
        # (SQLITE_BUSY_SNAPSHOT, "database is locked"), which is_busy() retries.
        connection.exec_driver_sql("BEGIN")
        return
    # Take the write lock up front. A deferred transaction that reads and then writes
    # fails at once with "database is locked" when another writer got in between (WAL
    # cannot upgrade a stale snapshot); IMMEDIATE waits for busy_timeout instead, and it
    # is what keeps "check, then write" rules (places left, uses left) from racing.
    _take_gate(connection)
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _take_gate(connection) -> None:
    if _in_greenlet() and _HOLDS_GATE not in connection.info:
        path = connection.engine.url.database or ""
        # Waiting in this queue is progress, not starvation (it is served in order), so it
        # may last longer than busy_timeout: 200 confirms at 50-100 ms each on a busy
        # machine queue for 10-20 s. The limit only breaks a task waiting for itself.
        wait_s = GATE_WAITS_BUSY_TIMEOUTS * connection.engine.dialect.linli_busy_timeout_ms / 1000
        connection.info[_HOLDS_GATE] = _GATE.enter(path, wait_s)


def _sqlite_write(connection, cursor, statement, parameters, context, executemany) -> None:
    if connection.get_execution_options().get(_DEFERRED) and statement.lstrip().upper().startswith(
        _WRITES
    ):
        _take_gate(connection)


def _sqlite_end(connection) -> None:
    _leave(connection.info)


def _leave(info: dict) -> None:
    queue = info.pop(_HOLDS_GATE, None)
    if queue is not None:
        queue.leave()


def is_busy(error: BaseException) -> bool:
    """A transaction that failed only because others held the database: worth running again."""
    if not isinstance(error, DBAPIError):
        return False
    if "database is locked" in str(error.orig) or "database is busy" in str(error.orig):
        return True
    # PostgreSQL: serialization_failure, deadlock_detected, lock_not_available.
    code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return code in {"40001", "40P01", "55P03"}


class Database:
    """Owns the engine; hands out units of work."""

    def __init__(self, url: str, *, echo: bool = False, busy_timeout_ms: int = 10_000) -> None:
        self.url = url
        self.busy_timeout_ms = busy_timeout_ms
        # Parameters hold what people typed and their phones: neither in a database error's
        # text (which ends up in a log) nor in echoed SQL.
        kwargs: dict = {"echo": echo, "hide_parameters": True}
        if url.startswith("postgresql"):
            kwargs.update(pool_size=10, max_overflow=20, pool_pre_ping=True)
        elif url.startswith("sqlite+aiosqlite"):
            kwargs["module"] = one_call_dbapi()
        self.engine: AsyncEngine = create_async_engine(url, **kwargs)
        if self.engine.dialect.name == "sqlite":
            event.listen(
                self.engine.sync_engine,
                "connect",
                lambda connection, record: _sqlite_pragmas(connection, busy_timeout_ms),
            )
            event.listen(self.engine.sync_engine, "begin", _sqlite_begin)
            event.listen(self.engine.sync_engine, "before_cursor_execute", _sqlite_write)
            # Just before the COMMIT or ROLLBACK: the next writer runs once this one yields
            # to the loop, i.e. while the COMMIT is under way, and SQLite lets it wait the
            # few milliseconds left. A connection handed back otherwise lets go too.
            self.engine.dialect.linli_busy_timeout_ms = busy_timeout_ms
            event.listen(self.engine.sync_engine, "commit", _sqlite_end)
            event.listen(self.engine.sync_engine, "rollback", _sqlite_end)
            event.listen(
                self.engine.sync_engine, "checkin", lambda dbapi, record: _leave(record.info)
            )
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    def writers_waiting(self) -> int:
        """Writers of this process queued for SQLite's write lock now (0 elsewhere)."""
        if self.dialect != "sqlite":
            return 0
        return _GATE.waiting(self.engine.url.database or "")

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def uow(self, *, read_only: bool = False) -> UnitOfWork:
        """A unit of work; `read_only` ones take no write lock on SQLite (see _sqlite_begin)."""
        return UnitOfWork(self.sessions, self.dialect, read_only=read_only)

    async def dispose(self) -> None:
        await self.engine.dispose()
