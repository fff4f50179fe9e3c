"""APScheduler only wakes the process; the outbox rows in the database are the truth.

So any number of processes may run the same job: each claims different rows.
"""

from __future__ import annotations

import datetime as dt

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.outbox import OutboxDispatcher

OUTBOX_JOB = "outbox-dispatch"


def build_scheduler(
    dispatcher: OutboxDispatcher, *, poll_seconds: float, timezone: str
) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=timezone)
    scheduler.add_job(
        dispatcher.run_once,
        "interval",
        seconds=poll_seconds,
        id=OUTBOX_JOB,
        replace_existing=True,
        max_instances=1,
        coalesce=True,
        # The default grace of 1 s skips a wake-up after a pause; a late one is still useful.
        misfire_grace_time=max(int(poll_seconds) * 10, 30),
    )
    return scheduler


def wake_now(scheduler: AsyncIOScheduler) -> None:
    """Run the outbox job at once (after a reply wrote a push), not at the next tick."""
    if scheduler.running:
        job = scheduler.get_job(OUTBOX_JOB)
        if job is not None:
            job.modify(next_run_time=dt.datetime.now(dt.UTC))
