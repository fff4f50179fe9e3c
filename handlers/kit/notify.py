"""Pushes that are not replies: written to the outbox in the caller's transaction.

Quiet hours are kept by the outbox sender, for every push alike (`held_until`): a push
that is not urgent and falls due in a user's quiet hours waits until they end.
"""

from __future__ import annotations

import datetime as dt

from linli.handlers.kit import payload as codec
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.text import Text
from linli.storage.uow import UnitOfWork

# Payload actions a pushed button may have: ones that name their object.
PUSH_ACTIONS = frozenset({"do", "go"})
# For whoever has not chosen their own quiet hours.
QUIET_START, QUIET_END = dt.time(22, 0), dt.time(7, 0)


def quiet_until(local_now: dt.datetime, start: dt.time, end: dt.time) -> dt.datetime | None:
    """When quiet hours end, if `local_now` is inside them (they may span midnight)."""
    moment = local_now.time()
    inside = (start <= moment or moment < end) if start > end else (start <= moment < end)
    if not inside:
        return None
    day = local_now.date() if moment < end else local_now.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, end, tzinfo=local_now.tzinfo)


def held_until(
    now: dt.datetime,
    zone: dt.tzinfo,
    start: dt.time | None,
    end: dt.time | None,
    *,
    urgent: bool,
    expires_at: dt.datetime | None = None,
) -> dt.datetime | None:
    """Until when a push due now must wait for the user's quiet hours; None: send it now.

    A push whose moment comes before the quiet hours end (a reminder of a 06:30 booking)
    goes now: held, it would only be dropped as stale, and nothing is dropped for quiet.
    """
    if urgent:
        return None
    held = quiet_until(now.astimezone(zone), start or QUIET_START, end or QUIET_END)
    if held is None or (expires_at is not None and expires_at <= held):
        return None
    return held.astimezone(dt.UTC)


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
    urgent: bool = False,
    to_account: bool = False,
) -> None:
    """Queue a message for a user (on the channel they chose for pushes, or with
    `to_account` on exactly this account). It goes out after the caller commits, exactly once,
    after the pushes queued for them before it, and (unless `urgent`) not in their
    quiet hours.

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
        urgent=urgent,
        route=not to_account,
    )
