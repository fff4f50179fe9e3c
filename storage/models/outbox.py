"""Messages pushed to users outside a reply."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column

from linli.storage.models.base import Base

LIVE = "status IN ('pending', 'sending')"
RETRYING = "status = 'pending' AND attempts > 0"


class OutboxMessage(Base):
    """A message to push to a user outside a reply; sent once by whichever worker claims it."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "status", "due_at"),
        # The claim's per-user line: is an earlier push being sent, or due? Only the rows
        # still to be sent, keyed by what a claim does not change, so claiming a row does
        # not move its entry (a person's finished pushes stay out of it too).
        Index(
            "ix_outbox_line",
            "user_id",
            "due_at",
            "id",
            sqlite_where=text(LIVE),
            postgresql_where=text(LIVE),
        ),
        # ... or waiting for a retry? Few rows ever are: a partial index holds just them.
        Index(
            "ix_outbox_retry",
            "user_id",
            "id",
            sqlite_where=text(RETRYING),
            postgresql_where=text(RETRYING),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    body: Mapped[dict[str, Any]]
    # Who asked for this push; the same key twice makes one message.
    dedupe_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id"), index=True)
    # A push about something that starts then is useless after: dropped, and recorded.
    expires_at: Mapped[dt.datetime | None]
    # Urgent pushes go out in the user's quiet hours; the others wait for the hours to end.
    urgent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(12), default="pending")
    due_at: Mapped[dt.datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]


class OutboxClaim(Base):
    """Which worker is sending an outbox row (status `sending`) and until when its lease
    holds. Kept beside the row, not in it: a claim then changes only the row's status and
    attempts, which never makes it longer. Written into the row, the worker's name and the
    lease grew every claimed row, and in full pages each growth split a page (two thirds
    of a claim's writes on SQLite, issue 20); the heartbeat rewrote every held row too."""

    __tablename__ = "outbox_claims"
    # Only the key: no foreign key and no index on worker or until. It holds the pushes in
    # flight (a few thousand at most), so the heartbeat's and the expired-lease lookups
    # read it whole at little cost, while a claim of 1,000 paid 4 ms on SQLite to check
    # each row's parent and 1.5 ms more for the two indexes (outbox rows are never deleted).
    message_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    worker: Mapped[str] = mapped_column(String(64))
    until: Mapped[dt.datetime]
