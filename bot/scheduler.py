"""APScheduler only wakes the process; the rows in the database are the truth.

So any number of processes may run the same jobs: each claims different outbox rows, and
the booking chores are conditional updates.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from linli.bot.outbox import OutboxDispatcher

OUTBOX_JOB = "outbox-dispatch"
CHORES_JOB = "booking-chores"


class Chores:
    """One round of the chores, as the scheduler (or `linli run` at start) calls it, and a
    way to wait for the rounds in progress: stopping must not cancel one half-way, or the
    closing database turns it into an error printed over the reason we stopped."""

    def __init__(self, work: Callable[[], Awaitable[None]]) -> None:
        self.work = work
        self.running = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def run(self) -> None:
        self.running += 1
        self._idle.clear()
        try:
            await self.work()
        finally:
            self.running -= 1
            if self.running == 0:
                self._idle.set()

    # APScheduler runs a job on the event loop only when it sees a coroutine function, which
    # a callable object is not: the scheduler is given `run`.
    __call__ = run

    async def idle(self) -> None:
        await self._idle.wait()


def build_scheduler(
    dispatcher: OutboxDispatcher,
    *,
    poll_seconds: float,
    timezone: str,
    chores: Chores | None = None,
    chores_seconds: float = 5,
) -> AsyncIOScheduler:
    """The outbox wake-up and, when given, the booking chores (no-shows, expired holds)."""
    scheduler = AsyncIOScheduler(timezone=timezone)
    scheduler.add_job(
        dispatcher.send_due,
        "interval",
        seconds=poll_seconds,
        id=OUTBOX_JOB,
        replace_existing=True,
        max_instances=1,
        coalesce=True,
        # The default grace of 1 s skips a wake-up after a pause; a late one is still useful.
        misfire_grace_time=max(int(poll_seconds) * 10, 30),
    )
    if chores is not None:
        scheduler.add_job(
            chores.run,
            "interval",
            seconds=chores_seconds,
            id=CHORES_JOB,
            replace_existing=True,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=int(chores_seconds) * 5,
        )
    return scheduler


def wake_now(scheduler: AsyncIOScheduler) -> None:
    """Run the outbox job at once (after a reply wrote a push), not at the next tick."""
    if scheduler.running:
        job = scheduler.get_job(OUTBOX_JOB)
        if job is not None:
            job.modify(next_run_time=dt.datetime.now(dt.UTC))


async def stop(
    scheduler: AsyncIOScheduler, dispatcher: OutboxDispatcher, chores: Chores | None
) -> None:
    """Stop waking, let a send and a chore round in progress finish, then shut down:
    APScheduler's shutdown would cancel them."""
    if not scheduler.running:
        return
    scheduler.pause()
    await asyncio.sleep(0)
    await dispatcher.idle()
    if chores is not None:
        await chores.idle()
    scheduler.shutdown(wait=False)
