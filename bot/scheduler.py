"""APScheduler only wakes the process; the rows in the database are the truth.

So any number of processes may run the same jobs: each claims different outbox rows, and
the booking chores are conditional updates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from linli.bot.outbox import OutboxDispatcher

OUTBOX_JOB = "outbox-dispatch"
CHORES_JOB = "booking-chores"


def build_scheduler(
    dispatcher: OutboxDispatcher,
    *,
    poll_seconds: float,
    timezone: str,
    chores: Callable[[], Awaitable[None]] | None = None,
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
            chores,
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
