"""The outbox dispatcher: claim due pushes, send each on its user's channel, record the results.

Transactions per push, not the database, used to bound a broadcast: a claim reads the
recipients with the rows (one transaction per batch), and results are recorded in batches
(one transaction per `record_batch` pushes, or per heartbeat, or with the next claim).
A push claimed and not yet recorded keeps its claim (a row of outbox_claims) under this
worker's lease, which the heartbeat renews: nobody else takes it while the worker lives;
if the process dies before recording, the row comes back after the lease, as a push in
flight always did.
"""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from typing import Protocol

from linli.handlers.kit.clock import Clock
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.conversation import offer_pushed_choices
from linli.handlers.kit.notify import held_until
from linli.handlers.kit.reply import Reply
from linli.storage.db import Database
from linli.storage.models import User
from linli.storage.repos.outbox import ClaimedPush, PushResult, Recipient

log = logging.getLogger(__name__)


# Results recorded per transaction. A hard kill (kill -9, power) may send again at most
# this many, plus the sends in flight; SIGTERM records everything first.
RECORD_BATCH = 50


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
    """Delivers one rendered push on one channel; raises SendFailed when it cannot.

    `user` is a Recipient (the columns of the users row a sender reads) or a User."""

    async def send(self, user: User | Recipient, reply: Reply, kind: str = "") -> None: ...


def backoff_seconds(attempt: int) -> float:
    """30 s, 60 s, 120 s … capped at an hour."""
    return float(min(30 * 2 ** max(attempt - 1, 0), 3600))


class OutboxDispatcher:
    """Claims due rows and sends them, `concurrency` at a time.

    `send_due` keeps the senders busy: the next batch is claimed as soon as what is left
    of the last one fits in the free sending slots, not at the next wake-up. While it runs,
    a heartbeat renews the short lease on every row it holds, so the rows of a worker that
    died come back within a lease (seconds), and a live worker's rows never do.
    """

    def __init__(
        self,
        db: Database,
        clock: Clock,
        senders: dict[str, Sender],
        *,
        batch_size: int = 100,
        lease_seconds: float = 6,
        max_attempts: int = 5,
        worker: str | None = None,
        concurrency: int = 1,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        zone: dt.tzinfo | None = None,
        record_batch: int = RECORD_BATCH,
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
        self.sleep = sleep  # the heartbeat's wait (tests call renew() themselves)
        self._stopping = False
        self.zone = zone or CoreConfig().zone  # where quiet hours are read
        # Results sent but not yet recorded: written `record_batch` at a time.
        self.record_batch = max(record_batch, 1)
        self._results: list[PushResult] = []
        self._recording = False
        # Rows in hand (queued, being sent, sent but not recorded): never claimed again by
        # this worker, even if a stall let their lease run out.
        self._holding: set[int] = set()
        # Until when this worker's lease on each row in hand is known to hold: the value it
        # wrote (claim or heartbeat). A send is begun only with a third of a lease left, so
        # a row whose lease ran out while the heartbeat waited (a stalled machine, a write
        # lock held by others) is never sent here while another worker may take it.
        self._leased: dict[int, dt.datetime] = {}
        # Rows not sent for that reason: given back in this worker's next transaction.
        self._let_back: list[int] = []

    async def run_once(self) -> int:
        """Send one batch of what is due now; returns how many were claimed."""
        if not self.senders:
            return 0
        async with self._busy:
            return await self._send_due(batches=1)

    async def send_due(self) -> int:
        """Send until nothing is due, claiming the next batch as soon as there is room."""
        if not self.senders or self._stopping:
            return 0
        async with self._busy:
            return await self._send_due(batches=None)

    async def idle(self) -> None:
        """Stop claiming and let the sends in progress finish (before the process exits);
        rows claimed but not yet begun go back to the queue at once."""
        self._stopping = True
        async with self._busy:
            pass

    async def drain(self) -> int:
        """Send until nothing more is due (for the CLI and tests)."""
        total = 0
        while count := await self.send_due():
            total += count
        return total

    async def renew(self) -> int:
        """The heartbeat: record the results waiting, and push the lease of every row this
        worker still holds a lease further (one transaction)."""
        now = self.clock.now()
        results, self._results = self._results, []
        back, self._let_back = self._let_back, []
        try:
            async with self.db.uow() as uow:
                await self._record(uow, results)
                # Rows whose lease was ending before their send began: due again now,
                # unless another worker holds them already.
                await uow.outbox.release(back, self.worker)
                count = await uow.outbox.renew(self.worker, now + self.lease)
                await uow.commit()
        except BaseException:
            self._results[:0] = results  # not recorded: the next transaction tries again
            self._let_back[:0] = back
            raise
        self._holding.difference_update(r.id for r in results)
        for message_id in self._leased:
            # Every claim of this worker now ends then (a later claim's too: cautious).
            self._leased[message_id] = now + self.lease
        return count

    async def record(self) -> None:
        """Record the results waiting, in one transaction."""
        results, self._results = self._results, []
        if not results:
            return
        try:
            async with self.db.uow() as uow:
                await self._record(uow, results)
                await uow.commit()
        except BaseException:
            self._results[:0] = results
            raise
        self._holding.difference_update(r.id for r in results)

    async def _record(self, uow, results: list[PushResult]) -> None:
        await uow.outbox.record(self.worker, results)
        for result in results:
            if result.status == "sent" and result.buttons:
                # Its buttons are now what a typed number presses (WeChat, terminal).
                await offer_pushed_choices(uow, result.user_id, result.buttons, result.at)

    async def _result(self, result: PushResult) -> None:
        self._results.append(result)
        if len(self._results) >= self.record_batch and not self._recording:
            # One sender records the batch; the others go on sending meanwhile.
            self._recording = True
            try:
                await self.record()
            finally:
                self._recording = False

    async def _heartbeat(self) -> None:
        interval = self.lease.total_seconds() / 3
        while True:
            await self.sleep(interval)
            try:
                await self.renew()
            except Exception as error:  # the database is away: the next beat tries again
                # An expected fault: one line; the traceback only for whoever asks (DEBUG).
                log.warning("renewing outbox leases failed (%s)", type(error).__name__)
                log.debug("renewing outbox leases failed", exc_info=True)

    async def _claim(self) -> list[ClaimedPush]:
        """Record the results waiting, then claim due rows, in one transaction; those in
        their user's quiet hours go back until the hours end.

        This is the one place quiet hours are kept, for every kind of push: it reads the
        hours the user has now, and also holds what fell due while the sender was down.
        Recording first frees each user's next push (a user's pushes go one at a time).
        """
        now = self.clock.now()
        while True:
            results, self._results = self._results, []
            try:
                async with self.db.uow() as uow:
                    await self._record(uow, results)
                    claimed = await uow.outbox.claim_due(
                        now=now,
                        lease_until=now + self.lease,
                        worker=self.worker,
                        limit=self.batch_size,
                        channels=sorted(self.senders),
                        holding=self._holding,
                    )
                    held = {}
                    for message in claimed:
                        until = held_until(
                            now,
                            self.zone,
                            *message.quiet,
                            urgent=message.urgent,
                            expires_at=message.expires_at,
                        )
                        if until is not None:
                            held[message.id] = until
                    await uow.outbox.hold(held, self.worker)
                    await uow.commit()
            except BaseException:
                self._results[:0] = results
                raise
            self._holding.difference_update(r.id for r in results)
            sendable = [m for m in claimed if m.id not in held]
            self._holding.update(m.id for m in sendable)
            self._leased.update((m.id, now + self.lease) for m in sendable)
            # All held: the next in each user's line may be sendable (an urgent push).
            if sendable or not claimed:
                return sendable

    async def _send_due(self, batches: int | None) -> int:
        queue: collections.deque = collections.deque(await self._claim())
        total = len(queue)
        if not queue:
            return 0
        more = batches is None or batches > 1
        room = asyncio.Event()  # set when a sender takes a row off the queue
        claiming = False

        async def top_up() -> None:
            nonlocal more, total, claiming
            claiming = True
            try:
                claimed = await self._claim()
            finally:
                claiming = False
            queue.extend(claimed)
            total += len(claimed)
            more = bool(claimed)
            room.set()

        async def worker() -> None:
            nonlocal total
            while True:
                if more and not claiming and not self._stopping and len(queue) <= self.concurrency:
                    # What is left fits in the free slots: claim the next batch now.
                    await top_up()
                if self._stopping or not queue:
                    if claiming and not self._stopping:
                        room.clear()
                        await room.wait()
                        continue
                    return
                message = queue.popleft()
                room.set()
                if not await self._one(message):
                    total -= 1  # given back, not handled: a later claim counts it

        heartbeat = asyncio.create_task(self._heartbeat())
        try:
            await asyncio.gather(*(worker() for _ in range(self.concurrency)))
        finally:
            heartbeat.cancel()
            await asyncio.gather(heartbeat, return_exceptions=True)
            # What was sent is recorded, and (stopping) what was claimed but not begun
            # goes back at once: one transaction, also when the round was cancelled.
            results, self._results = self._results, []
            back, self._let_back = self._let_back, []
            try:
                async with self.db.uow() as uow:
                    await self._record(uow, results)
                    await uow.outbox.release([m.id for m in queue] + back, self.worker)
                    await uow.commit()
            except BaseException:
                self._results[:0] = results
                self._let_back[:0] = back
                raise
            finally:
                # In hand now: only what is still to be recorded. A send cut off by a
                # cancel is nobody's until its lease runs out, then anybody's.
                self._holding = {r.id for r in self._results}
                self._leased = {}
            total -= len(queue)
        return total

    async def _one(self, message: ClaimedPush) -> bool:
        """Send one push and keep its result; False if it was given back unsent."""
        leased = self._leased.pop(message.id, None)
        if leased is not None and self.clock.now() > leased - self.lease / 3:
            # Not begun, not recorded: the row comes back when its lease ends, to whoever
            # claims it then (this worker too, in a later round). Sending it now could
            # deliver it twice.
            log.warning("outbox lease about to end before sending; the push is given back")
            self._holding.discard(message.id)
            self._let_back.append(message.id)
            return False
        if message.expires_at is not None and message.expires_at <= self.clock.now():
            # Missed while we were down, and its moment has begun: record, skip.
            await self._result(
                PushResult(
                    message.id,
                    message.user_id,
                    "dropped",
                    self.clock.now(),
                    error="stale: its moment had passed",
                )
            )
            return True
        await self._result(await self._deliver(message))
        return True

    async def _deliver(self, message: ClaimedPush) -> PushResult:
        user = message.recipient
        error: SendFailed | None = None
        if user.unreachable_since is not None:
            # Each channel names how people leave it (blocked the bot, unfollowed).
            sender = self.senders.get(user.channel)
            error = SendFailed(
                getattr(sender, "unreachable_reason", "user unreachable (blocked the bot)")
            )
        else:
            try:
                await self.senders[user.channel].send(
                    user, Reply.from_json(message.body), message.kind
                )
            except SendFailed as failure:
                error = failure
            except Exception as exc:  # a sender bug or a network fault: retry later
                log.exception("sending outbox message %s", message.id)
                error = SendFailed(f"{type(exc).__name__}: {exc}", retry_after=0)
        now = self.clock.now()
        if error is None:
            buttons = [b["payload"] for b in message.body.get("buttons", [])]
            return PushResult(message.id, message.user_id, "sent", now, buttons=buttons)
        if error.retry_after is not None and message.attempts < self.max_attempts:
            wait = max(error.retry_after, backoff_seconds(message.attempts))
            return PushResult(
                message.id,
                message.user_id,
                "pending",
                now,
                error=error.reason,
                due_at=now + dt.timedelta(seconds=wait),
            )
        return PushResult(
            message.id,
            message.user_id,
            "failed",
            now,
            error=error.reason,
            unreachable=error.unreachable,
        )
