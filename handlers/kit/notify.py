"""Pushes that are not replies: written to the outbox in the caller's transaction."""

from __future__ import annotations

import datetime as dt

from linli.handlers.kit.reply import Reply
from linli.handlers.kit.text import Text
from linli.storage.uow import UnitOfWork


async def push(
    uow: UnitOfWork,
    user_id: int,
    *texts: Text,
    kind: str,
    now: dt.datetime,
    due_at: dt.datetime | None = None,
    dedupe_key: str | None = None,
    reply: Reply | None = None,
    expires_at: dt.datetime | None = None,
) -> None:
    """Queue a message for a user. It goes out after the caller commits, exactly once.

    With `expires_at` (the start of what it reminds of), a push that could not go out
    before then is dropped and recorded instead of arriving too late.
    """
    body = (reply or Reply(messages=list(texts))).to_json()
    await uow.outbox.enqueue(
        user_id=user_id,
        kind=kind,
        body=body,
        due_at=due_at or now,
        now=now,
        dedupe_key=dedupe_key,
        expires_at=expires_at,
    )
