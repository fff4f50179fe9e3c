"""Three `linli` processes running the chores at once: every chore has
exactly one effect (one lapsed step, one suspension, one push each), on SQLite and on
PostgreSQL."""

from __future__ import annotations

import asyncio
import datetime as dt
import sys

from sqlalchemy import func, select

from linli.handlers.booking import service as booking
from linli.handlers.booking import timetable
from linli.handlers.kit.clock import FakeClock, SystemClock
from linli.handlers.kit.config import CoreConfig
from linli.handlers.proposals import service as proposals
from linli.storage.db import Database
from linli.storage.models import OutboxMessage, ProposalStep, Suspension
from tests import factories
from tests.factories import ROOT, process_env

ZONE = CoreConfig().zone


async def _book_one_slot(db, clock, user, facility_id) -> None:
    """A booking that is in the future by the fake clock and long over by the real one."""
    for days in range(1, 8):
        day = (clock.now() + dt.timedelta(days=days)).astimezone(ZONE).date()
        async with db.uow() as uow:
            facility = await uow.facilities.get(facility_id)
            slots = await timetable.day_slots(uow, facility, day, clock.now(), ZONE)
            await uow.commit()
        free = [s for s in slots if s.taken < s.capacity]
        if free:
            async with db.uow() as uow:
                await booking.book(
                    uow, await uow.users.get(user.id), facility_id, free[0].id, clock.now(),
                    CoreConfig(),
                )  # fmt: skip
                await uow.commit()
            return
    raise AssertionError("no free slot in a week")


async def test_three_processes_running_the_chores_have_one_effect(db_url, tmp_path):
    db = Database(db_url)
    # Everything is made three weeks ago; by the system clock the processes keep, the
    # proposal's window has ended and the bookings are over, not checked in.
    clock = FakeClock(SystemClock().now() - dt.timedelta(days=21))
    try:
        await factories.places(db)
        facility_id = await factories.facility(db, clock, tmp_path, capacity=3)
        author = await factories.user(db, clock, "author", community_code="xinhuashe")
        bookers = [
            await factories.user(db, clock, f"r{i}", community_code="xinhuashe") for i in range(3)
        ]
        async with db.uow() as uow:
            proposal = await proposals.submit(
                uow, await uow.users.get(author.id), title="东门加装路灯",
                description="东门晚上太暗，老人出门不方便。", category="安全", level="小区",
                now=clock.now(),
            )  # fmt: skip
            await uow.commit()
        for person in bookers:
            await _book_one_slot(db, clock, person, facility_id)

        # One missed booking suspends: a second run of the same no-show would add another.
        env = process_env(db_url, {"LINLI_BOOKING_NO_SHOW_LIMIT": "1"})
        running = [
            await asyncio.create_subprocess_exec(
                sys.executable, "-m", "linli.bot", "chores", cwd=ROOT, env=env,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )
            for _ in range(3)
        ]  # fmt: skip
        for process in running:
            _out, err = await process.communicate()
            assert process.returncode == 0, err.decode()

        async with db.uow() as uow:
            lapsed = await uow.session.scalar(
                select(func.count())
                .select_from(ProposalStep)
                .where(ProposalStep.proposal_id == proposal.id, ProposalStep.state == "lapsed")
            )
            suspensions = list(
                await uow.session.scalars(select(Suspension.user_id).order_by(Suspension.user_id))
            )
            pushes = list(
                await uow.session.execute(
                    select(OutboxMessage.user_id, OutboxMessage.body).order_by(OutboxMessage.id)
                )
            )
        told = [
            (user_id, body["messages"][0]["key"])
            for user_id, body in pushes
            if body["messages"][0]["key"] in ("proposal-lapsed", "booking-suspended-notice")
        ]
        assert lapsed == 1
        assert suspensions == sorted(p.id for p in bookers)
        assert sorted(told) == sorted(
            [(author.id, "proposal-lapsed")] + [(p.id, "booking-suspended-notice") for p in bookers]
        )
    finally:
        if db.dialect == "postgresql":
            from tests.conftest import empty_pg

            await empty_pg(db)
        await db.dispose()


async def test_a_chore_run_while_another_holds_the_rows_changes_nothing_twice(db_url, tmp_path):
    """The race the processes above may or may not hit, made certain: a second run starts
    while the first has read and changed the rows but not committed."""
    first, second = Database(db_url), Database(db_url)
    clock = FakeClock(SystemClock().now() - dt.timedelta(days=21))
    config = CoreConfig()
    try:
        await factories.places(first)
        facility_id = await factories.facility(first, clock, tmp_path, capacity=3)
        author = await factories.user(first, clock, "author", community_code="xinhuashe")
        booker = await factories.user(first, clock, "r0", community_code="xinhuashe")
        async with first.uow() as uow:
            await proposals.submit(
                uow, await uow.users.get(author.id), title="东门加装路灯",
                description="东门晚上太暗。", category="安全", level="小区", now=clock.now(),
            )  # fmt: skip
            await uow.commit()
        await _book_one_slot(first, clock, booker, facility_id)
        now = SystemClock().now()

        async def chores(db) -> tuple[int, int]:
            async with db.uow() as uow:
                closed = await proposals.close_windows(uow, now)
                missed = await booking.mark_no_shows(uow, now, config)
                await uow.commit()
            return closed, missed

        async with first.uow() as uow:
            assert await proposals.close_windows(uow, now) == 1
            assert await booking.mark_no_shows(uow, now, config) == 1
            # Meanwhile another process runs the same chores; then this one commits.
            other = asyncio.create_task(chores(second))
            await asyncio.sleep(0.3)  # let it reach the rows (it waits, or skips them)
            await uow.commit()
        assert await other == (0, 0)
        async with first.uow() as uow:
            steps = await uow.session.scalar(
                select(func.count()).select_from(ProposalStep).where(ProposalStep.state == "lapsed")
            )
        assert steps == 1
    finally:
        await second.dispose()
        if first.dialect == "postgresql":
            from tests.conftest import empty_pg

            await empty_pg(first)
        await first.dispose()
