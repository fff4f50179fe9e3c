"""APScheduler wakes the process to send due pushes; it holds no state of its own."""

from __future__ import annotations

import asyncio
import datetime as dt

from linli.bot.scheduler import CHORES_JOB, OUTBOX_JOB, Chores, build_scheduler, stop, wake_now


class Dispatcher:
    def __init__(self) -> None:
        self.calls = 0
        self.called = asyncio.Event()

    async def send_due(self) -> int:
        self.calls += 1
        self.called.set()
        return 0

    async def idle(self) -> None:
        return None


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


async def test_stopping_lets_a_chore_round_in_progress_finish():
    """A round cancelled half-way died in the closing database and printed a traceback over
    the one line that says why `linli run` stopped."""
    started, release = asyncio.Event(), asyncio.Event()
    finished = []

    async def work() -> None:
        started.set()
        await release.wait()
        finished.append(True)

    chores = Chores(work)
    dispatcher = Dispatcher()
    scheduler = build_scheduler(
        dispatcher, poll_seconds=3600, timezone="Asia/Shanghai", chores=chores
    )
    scheduler.start()
    scheduler.get_job(CHORES_JOB).modify(next_run_time=dt.datetime.now(dt.UTC))
    await asyncio.wait_for(started.wait(), timeout=10)
    stopping = asyncio.create_task(stop(scheduler, dispatcher, chores))
    await asyncio.sleep(0.05)
    assert not stopping.done() and scheduler.running  # it waits for the round
    release.set()
    await asyncio.wait_for(stopping, timeout=10)
    assert finished == [True] and not scheduler.running
