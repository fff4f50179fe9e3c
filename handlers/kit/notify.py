"""Pushes that are not replies: written to the outbox in the caller's transaction."""

from __future__ import annotations

import datetime as dt

from linli.handlers.kit import payload as codec
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.text import Text
from linli.storage.uow import UnitOfWork

# Payload actions a pushed button may have: ones that name their object.
PUSH_ACTIONS = frozenset({"do", "go"})


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

    A reply's buttons become what a typed number presses once the push is delivered
    (`conversation.offer_pushed_choices`). With `expires_at` (the start of what it
    reminds of), a push that could not go out
    before then is dropped and recorded instead of arriving too late.
    """
    message = reply or Reply(messages=list(texts))
    for button in message.buttons:
        # A push is read later, on top of whatever screen the user is on: its buttons
        # must name their object (`do|…`, `go|…`), never answer a step of a screen.
        action, _args = codec.decode(button.payload)
        if action not in PUSH_ACTIONS:
            raise ValueError(f"a pushed button must name its object, not {action!r}")
    body = message.to_json()
    await uow.outbox.enqueue(
        user_id=user_id,
        kind=kind,
        body=body,
        due_at=due_at or now,
        now=now,
        dedupe_key=dedupe_key,
        expires_at=expires_at,
    )
