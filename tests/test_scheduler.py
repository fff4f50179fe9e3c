"""APScheduler wakes the process to send due pushes; it holds no state of its own."""

from __future__ import annotations

import asyncio

from linli.bot.scheduler import OUTBOX_JOB, build_scheduler, wake_now


class Dispatcher:
    def __init__(self) -> None:
        self.calls = 0
        self.called = asyncio.Event()

    async def send_due(self) -> int:
        self.calls += 1
        self.called.set()
        return 0


async def test_the_job_has_a_fixed_id_and_a_useful_grace_time():
    dispatcher = Dispatcher()
    scheduler = build_scheduler(dispatcher, poll_seconds=2, timezone="Asia/Shanghai")
    job = scheduler.get_job(OUTBOX_JOB)
    assert job.func == dispatcher.send_due
    assert job.misfire_grace_time >= 30  # the default of 1 s drops wake-ups after a pause
    assert (job.max_instances, job.coalesce) == (1, True)


async def test_waking_runs_the_job_at_once():
    dispatcher = Dispatcher()
    # An hour between ticks: only wake_now can make it run during this test.
    scheduler = build_scheduler(dispatcher, poll_seconds=3600, timezone="Asia/Shanghai")
    scheduler.start()
    try:
        wake_now(scheduler)
        await asyncio.wait_for(dispatcher.called.wait(), timeout=10)
        assert dispatcher.calls == 1
    finally:
        scheduler.shutdown(wait=False)


def test_waking_a_stopped_scheduler_does_nothing():
    dispatcher = Dispatcher()
    scheduler = build_scheduler(dispatcher, poll_seconds=2, timezone="Asia/Shanghai")
    wake_now(scheduler)
    assert dispatcher.calls == 0
