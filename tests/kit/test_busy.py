"""A database held by someone else: the request runs again, and only then is the user asked
to send it later — with nothing half-done."""

from __future__ import annotations

import logging
import sqlite3

from sqlalchemy.engine import make_url

from linli.handlers.kit import conversation
from linli.handlers.kit.config import CoreConfig
from linli.handlers.wiring import build_conversation
from linli.storage.db import Database
from tests import factories
from tests.factories import Chat


class _OnRetry(logging.Handler):
    """Lets the other writer go the moment Linli says it will try again."""

    def __init__(self, holder: sqlite3.Connection) -> None:
        super().__init__()
        self.holder = holder
        self.retries = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("database busy"):
            self.retries += 1
            if self.holder.in_transaction:
                self.holder.commit()


async def _setup(sqlite_url, clock):
    db = Database(sqlite_url, busy_timeout_ms=100)
    await factories.demo(db, clock)
    await factories.user(db, clock, "u1", community_code="xinhuashe")
    holder = sqlite3.connect(make_url(sqlite_url).database, isolation_level=None)
    return db, holder


async def test_a_locked_request_is_tried_again_and_goes_through(
    sqlite_url, clock, translator, monkeypatch
):
    monkeypatch.setattr(conversation, "BUSY_PAUSES", (0, 0))
    db, holder = await _setup(sqlite_url, clock)
    chat = Chat(build_conversation(db, clock, CoreConfig()), translator, "u1")
    await chat.send("")
    watcher = _OnRetry(holder)
    log = logging.getLogger(conversation.__name__)
    log.addHandler(watcher)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        await chat.send(chat.number_of("menu-profile"))
    finally:
        log.removeHandler(watcher)
        holder.close()
        await db.dispose()
    assert watcher.retries == 1
    assert "error-busy" not in chat.keys() and "error-internal" not in chat.keys()
    assert chat.keys()[0] == "profile-card"


async def test_a_lock_that_stays_gets_a_polite_retry_later_and_changes_nothing(
    sqlite_url, clock, translator, monkeypatch
):
    monkeypatch.setattr(conversation, "BUSY_PAUSES", (0, 0))
    db, holder = await _setup(sqlite_url, clock)
    chat = Chat(build_conversation(db, clock, CoreConfig()), translator, "u1")
    await chat.send("")
    menu = chat.last
    holder.execute("BEGIN IMMEDIATE")
    try:
        await chat.send(chat.number_of("menu-profile"))
        assert chat.keys() == ["error-busy"]
    finally:
        holder.rollback()
        holder.close()
    try:
        # The menu is still the screen: the same number now opens the profile.
        chat.last = menu
        await chat.send(chat.number_of("menu-profile"))
        assert chat.keys()[0] == "profile-card"
    finally:
        await db.dispose()
