"""The outbox dispatcher: claim due pushes, send each on its user's channel, record the result."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import socket
from typing import Protocol

from linli.handlers.kit.clock import Clock
from linli.handlers.kit.conversation import offer_pushed_choices
from linli.handlers.kit.reply import Reply
from linli.storage.db import Database
from linli.storage.models import User

log = logging.getLogger(__name__)


class SendFailed(Exception):
    """Sending did not work. `retry_after` None means never try again."""

    def __init__(
        self, reason: str, retry_after: float | None = None, unreachable: bool = False
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.unreachable = unreachable


class Sender(Protocol):
    """Delivers one rendered push on one channel; raises SendFailed when it cannot."""

    async def send(self, user: User, reply: Reply, kind: str = "") -> None: ...


def backoff_seconds(attempt: int) -> float:
    """30 s, 60 s, 120 s … capped at an hour."""
    return float(min(30 * 2 ** max(attempt - 1, 0), 3600))


class OutboxDispatcher:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        senders: dict[str, Sender],
        *,
        batch_size: int = 100,
        lease_seconds: int = 120,
        max_attempts: int = 5,
        worker: str | None = None,
        concurrency: int = 1,
    ) -> None:
        self.db = db
        self.clock = clock
        self.senders = senders
        self.batch_size = batch_size
        self.lease = dt.timedelta(seconds=lease_seconds)
        self.max_attempts = max_attempts
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self._busy = asyncio.Lock()
        self.concurrency = max(concurrency, 1)

    async def run_once(self) -> int:
        """Send what is due now; returns how many were claimed."""
        if not self.senders:
            return 0
        async with self._busy:
            return await self._run_once()

    async def idle(self) -> None:
        """Wait for a round in progress to finish (before the process exits)."""
        async with self._busy:
            pass

    async def _run_once(self) -> int:
        now = self.clock.now()
        async with self.db.uow() as uow:
            claimed = await uow.outbox.claim_due(
                now=now,
                lease_until=now + self.lease,
                worker=self.worker,
                limit=self.batch_size,
                channels=sorted(self.senders),
            )
            await uow.commit()
        gate = asyncio.Semaphore(self.concurrency)

        async def one(message) -> None:
            async with gate:
                if message.expires_at is not None and message.expires_at <= now:
                    # Missed while we were down, and its moment has begun: record, skip.
                    async with self.db.uow() as uow:
                        await uow.outbox.mark_dropped(
                            message.id, self.worker, "stale: its moment had passed"
                        )
                        await uow.commit()
                    return
                await self._deliver(
                    message.id, message.user_id, message.body, message.attempts, message.kind
                )

        # Sends wait on the network, not on us: several at once, paced by the senders'
        # own limits (a Telegram chat still gets one message a second, in order).
        await asyncio.gather(*(one(message) for message in claimed))
        return len(claimed)

    async def drain(self) -> int:
        """Send until nothing more is due (for the CLI and tests)."""
        total = 0
        while count := await self.run_once():
            total += count
        return total

    async def _deliver(
        self, message_id: int, user_id: int, body: dict, attempts: int, kind: str
    ) -> None:
        async with self.db.uow() as uow:
            user = await uow.users.get(user_id)
        error: SendFailed | None = None
        if user.unreachable_since is not None:
            error = SendFailed("user unreachable (blocked the bot)")
        else:
            try:
                await self.senders[user.channel].send(user, Reply.from_json(body), kind)
            except SendFailed as failure:
                error = failure
            except Exception as exc:  # a sender bug or a network fault: retry later
                log.exception("sending outbox message %s", message_id)
                error = SendFailed(f"{type(exc).__name__}: {exc}", retry_after=0)
        now = self.clock.now()
        async with self.db.uow() as uow:
            if error is None:
                await uow.outbox.mark_sent(message_id, self.worker, now)
                # Its buttons are now what a typed number presses (WeChat, terminal).
                buttons = [b["payload"] for b in body.get("buttons", [])]
                await offer_pushed_choices(uow, user_id, buttons, now)
            elif error.retry_after is not None and attempts < self.max_attempts:
                wait = max(error.retry_after, backoff_seconds(attempts))
                await uow.outbox.mark_retry(
                    message_id, self.worker, error.reason, now + dt.timedelta(seconds=wait)
                )
            else:
                await uow.outbox.mark_failed(message_id, self.worker, error.reason)
                if error.unreachable:
                    fresh = await uow.users.get(user_id)
                    fresh.unreachable_since = fresh.unreachable_since or now
            await uow.commit()
