"""SQLAlchemy's aiosqlite driver with one hand-off to SQLite's thread per statement.

aiosqlite runs each call on its connection's thread and hands the result back to the
event loop. SQLAlchemy's adapter makes four such calls for a statement (create a cursor,
execute, fetch the rows, close the cursor); on a loaded 2-core machine each hand-off waits
for the thread to be scheduled, and py-spy put three quarters of an update's time there
(issue 20). Here the whole statement runs in one call on that thread; the rows come back
with the cursor's description, row count and last row id, which is all SQLAlchemy reads.
"""

from __future__ import annotations

import collections
from typing import Any

from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import await_only


def _run(connection, operation: str, parameters, many: bool):
    """On SQLite's thread: the statement, start to end."""
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneCallCursor(AsyncAdapt_aiosqlite_cursor):
    """A cursor whose statement is one call on the connection's thread. It holds the
    results, never a sqlite3 cursor, so there is nothing to close either."""

    __slots__ = ("_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None
        self._soft_closed_memoized = {}
        self._rows = collections.deque()
        self._description = None
        self._rowcount = -1
        self._lastrowid = None

    @property
    def description(self):
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self):
        return self._lastrowid

    def execute(self, operation: Any, parameters: Any = None) -> None:
        self._call(operation, parameters, many=False)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> None:
        self._call(operation, seq_of_parameters, many=True)

    def _call(self, operation, parameters, many: bool) -> None:
        try:
            await_only(self._in_thread(operation, parameters, many))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    async def _in_thread(self, operation, parameters, many: bool) -> None:
        async with self._adapt_connection._execute_mutex:
            connection = self._connection
            found = await connection._execute(_run, connection._conn, operation, parameters, many)
        self._description, rows, self._rowcount, self._lastrowid = found
        self._rows = collections.deque(rows)

    async def _async_soft_close(self) -> None:
        return None

    def close(self) -> None:
        self._rows.clear()


class OneCallConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneCallCursor


class OneCallDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> OneCallConnection:
        connection = self.aiosqlite.connect(*arg, **kw)
        connection._thread.daemon = True  # as SQLAlchemy's own adapter does (aiosqlite 0.22)
        return OneCallConnection(self, await_only(connection))


def one_call_dbapi() -> OneCallDBAPI:
    import sqlite3

    import aiosqlite

    return OneCallDBAPI(aiosqlite, sqlite3)
