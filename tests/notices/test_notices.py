"""Notices and events with the clock moved: scheduling, the undo window, audiences, muted
topics, quiet hours, batches that survive a crash, progress, reminders sent once."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from linli.bot.outbox import OutboxDispatcher
from linli.handlers.events import service as events
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.errors import DomainError, NotAllowed
from linli.handlers.kit.notify import quiet_until
from linli.handlers.notices import service as notices
from linli.handlers.notices.service import Audience
from linli.storage.db import Database
from linli.storage.models import Notice
from tests import factories
from tests.storage.test_outbox import RecordingSender

CONFIG = CoreConfig()
ZONE = CONFIG.zone
EVERYONE = Audience("community")


def local(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=ZONE).astimezone(dt.UTC)


@pytest.fixture
async def place(db, clock):
    clock.set(local(23, 10))
    await factories.places(db)
    staff = await factories.staff(db, clock, "boss", "xinhuashe")
    people = [
        await factories.user(db, clock, f"r{n}", community_code="xinhuashe") for n in range(5)
    ]
    outsider = await factories.user(db, clock, "far", community_code="qixingyuan")
    return staff, people, outsider


async def _notice(
    db,
    clock,
    by,
    *,
    code="xinhuashe",
    text="明天上午停水",
    topic="停水停电",
    urgent=False,
    audience=EVERYONE,
    send_at=None,
):
    async with db.uow() as uow:
        me = await uow.users.get(by.id) if by else None
        notice = await notices.create_notice(
            uow,
            by=me,
            community=await uow.communities.by_code(code),
            text=text,
            topic=topic,
            urgent=urgent,
            audience=audience,
            send_at=send_at,
            now=clock.now(),
        )
        await uow.commit()
        return notice


async def _queued(db, notice_id):
    async with db.uow() as uow:
        from sqlalchemy import select

        from linli.storage.models import OutboxMessage

        rows = await uow.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.notice_id == notice_id)
            .order_by(OutboxMessage.user_id)
        )
        return list(rows)


async def test_only_the_communitys_staff_may_send(db, clock, place):
    staff, people, _outsider = place
    with pytest.raises(NotAllowed):
        await _notice(db, clock, people[0])
    with pytest.raises(NotAllowed):
        await _notice(db, clock, staff, code="qixingyuan")


async def test_now_waits_out_the_undo_window_and_can_be_withdrawn(db, clock, place):
    staff, _people, _ = place
    notice = await _notice(db, clock, staff)
    assert notice.send_at == clock.now() + dt.timedelta(seconds=15)
    assert await notices.enqueue_due(db, clock.now(), CONFIG) == 0  # still in the window
    clock.advance(seconds=10)
    async with db.uow() as uow:
        await notices.cancel_notice(uow, await uow.users.get(staff.id), notice.id, clock.now())
        await uow.commit()
    clock.advance(seconds=10)
    assert await notices.enqueue_due(db, clock.now(), CONFIG) == 0
    assert await _queued(db, notice.id) == []


async def test_a_scheduled_notice_goes_at_its_time_and_then_cannot_be_withdrawn(db, clock, place):
    staff, _people, _ = place
    notice = await _notice(db, clock, staff, send_at=local(23, 18))
    assert await notices.enqueue_due(db, local(23, 17, 59), CONFIG) == 0
    clock.set(local(23, 18))
    assert await notices.enqueue_due(db, clock.now(), CONFIG) == 6  # 5 residents and staff
    assert await OutboxDispatcher(db, clock, {"console": RecordingSender()}).drain() == 6
    async with db.uow() as uow:
        with pytest.raises(DomainError) as late:
            await notices.cancel_notice(uow, await uow.users.get(staff.id), notice.id, clock.now())
        assert late.value.message.key == "notice-too-late"


async def test_audiences_place_and_role(db, clock, place):
    staff, people, _ = place
    async with db.uow() as uow:
        building = await uow.communities.by_code("xinhuashe-dorm-2")
        for person in people[:2]:
            (await uow.users.get(person.id)).building_id = building.id
        compound = await uow.communities.by_code("xinhuashe-dorm")
        await uow.commit()
    by_compound = await _notice(db, clock, staff, audience=Audience("place", str(compound.id)))
    by_role = await _notice(db, clock, staff, audience=Audience("role", "staff"))
    clock.advance(seconds=16)
    await notices.enqueue_due(db, clock.now(), CONFIG)
    assert [r.user_id for r in await _queued(db, by_compound.id)] == [p.id for p in people[:2]]
    assert [r.user_id for r in await _queued(db, by_role.id)] == [staff.id]
    async with db.uow() as uow:  # a place of another community is refused
        other = await uow.communities.by_code("qixingyuan-south")
    with pytest.raises(DomainError):
        await _notice(db, clock, staff, audience=Audience("place", str(other.id)))


async def test_muted_topics_are_skipped_but_urgent_notices_reach_everyone(db, clock, place):
    staff, people, _ = place
    async with db.uow() as uow:
        await notices.set_muted(uow, await uow.users.get(people[0].id), "停水停电", True)
        await uow.commit()
    plain = await _notice(db, clock, staff)
    urgent = await _notice(db, clock, staff, urgent=True, text="燃气泄漏，请勿用火")
    async with db.uow() as uow:
        community = await uow.communities.by_code("xinhuashe")
        assert (
            await notices.count_audience(
                uow, community.id, Audience("community"), "停水停电", False
            )
            == 5
        )
    clock.advance(seconds=16)
    await notices.enqueue_due(db, clock.now(), CONFIG)
    assert people[0].id not in [r.user_id for r in await _queued(db, plain.id)]
    assert people[0].id in [r.user_id for r in await _queued(db, urgent.id)]


async def test_quiet_hours_hold_non_urgent_notices_until_morning(db, clock, place):
    staff, people, _ = place
    async with db.uow() as uow:  # this one sleeps from 21:00 to 06:00
        me = await uow.users.get(people[1].id)
        me.quiet_start, me.quiet_end = dt.time(21), dt.time(6)
        await uow.commit()
    clock.set(local(23, 23))
    plain = await _notice(db, clock, staff)
    urgent = await _notice(db, clock, staff, urgent=True)
    clock.advance(seconds=16)
    await notices.enqueue_due(db, clock.now(), CONFIG)
    sender = RecordingSender()
    dispatcher = OutboxDispatcher(db, clock, {"console": sender})
    assert await dispatcher.drain() == 6  # the urgent one, to everyone
    due = {r.user_id: (r.status, r.due_at) for r in await _queued(db, plain.id)}
    assert due[people[0].id] == ("pending", local(24, 7))
    assert due[people[1].id] == ("pending", local(24, 6))
    assert {r.status for r in await _queued(db, urgent.id)} == {"sent"}
    clock.set(local(24, 6))
    assert await dispatcher.drain() == 1
    clock.set(local(24, 7))
    assert await dispatcher.drain() == 5
    assert {r.status for r in await _queued(db, plain.id)} == {"sent"}


async def test_a_notice_held_by_quiet_hours_can_be_withdrawn(db, clock, place):
    staff, people, _ = place
    async with db.uow() as uow:  # this one has turned quiet hours off
        (await uow.users.get(people[0].id)).quiet_start = dt.time(0)
        (await uow.users.get(people[0].id)).quiet_end = dt.time(0)
        await uow.commit()
    clock.set(local(23, 23))
    notice = await _notice(db, clock, staff)
    clock.advance(seconds=16)
    await notices.enqueue_due(db, clock.now(), CONFIG)
    sender = RecordingSender()
    assert await OutboxDispatcher(db, clock, {"console": sender}).drain() == 1
    async with db.uow() as uow:
        done = await notices.cancel_notice(
            uow, await uow.users.get(staff.id), notice.id, clock.now()
        )
        await uow.commit()
    assert (done.stopped, done.sent) == (5, 1)
    clock.set(local(24, 8))
    assert await OutboxDispatcher(db, clock, {"console": sender}).drain() == 0
    assert len(sender.sent) == 1
    statuses = sorted(r.status for r in await _queued(db, notice.id))
    assert statuses == ["cancelled"] * 5 + ["sent"]


def test_quiet_window_edges():
    at = dt.datetime(2026, 11, 23, 21, 59, tzinfo=ZONE)
    assert quiet_until(at, dt.time(22), dt.time(7)) is None
    assert quiet_until(at.replace(hour=22, minute=0), dt.time(22), dt.time(7)) == dt.datetime(
        2026, 11, 24, 7, 0, tzinfo=ZONE
    )
    assert quiet_until(at.replace(hour=3), dt.time(22), dt.time(7)) == dt.datetime(
        2026, 11, 23, 7, 0, tzinfo=ZONE
    )
    assert quiet_until(at.replace(hour=7), dt.time(22), dt.time(7)) is None
    assert quiet_until(at.replace(hour=13), dt.time(12), dt.time(14)) == dt.datetime(
        2026, 11, 23, 14, 0, tzinfo=ZONE
    )


async def test_enqueueing_in_batches_goes_on_after_a_crash(db, clock, place):
    staff, _people, _ = place
    for n in range(14):
        await factories.user(db, clock, f"more{n}", community_code="xinhuashe")
    notice = await _notice(db, clock, staff)
    clock.advance(seconds=16)
    # A crash after the first batch: simulate it by stopping the loop from outside.
    calls = {"n": 0}
    original = notices.BATCH

    class Crash(Exception):
        pass

    real_enqueue = None

    async def crashing(self, rows, **push):
        calls["n"] += 1
        if calls["n"] == 2:
            raise Crash()
        await real_enqueue(self, rows, **push)

    from linli.storage.repos.outbox import OutboxRepo

    real_enqueue = OutboxRepo.enqueue_to_each
    OutboxRepo.enqueue_to_each = crashing
    try:
        with pytest.raises(Crash):
            await notices.enqueue_due(db, clock.now(), CONFIG, batch=7)
    finally:
        OutboxRepo.enqueue_to_each = real_enqueue
    assert len(await _queued(db, notice.id)) == 7  # the first batch was committed
    assert await notices.enqueue_due(db, clock.now(), CONFIG, batch=7) == 13
    rows = await _queued(db, notice.id)
    assert len(rows) == 20 and len({r.user_id for r in rows}) == 20
    async with db.uow() as uow:
        stored = await uow.session.get(Notice, notice.id)
        assert (stored.status, stored.recipients) == ("sent", 20)
    assert original == notices.BATCH


async def test_progress_and_one_final_report(db, clock, place):
    staff, _people, _ = place
    notice = await _notice(db, clock, staff)
    clock.advance(seconds=16)
    await notices.enqueue_due(db, clock.now(), CONFIG)
    sender = RecordingSender()
    dispatcher = OutboxDispatcher(db, clock, {"console": sender}, batch_size=4)
    await dispatcher.run_once()
    async with db.uow() as uow:
        midway = await notices.progress(uow, await uow.users.get(staff.id), notice.id)
    assert (midway.sent, midway.waiting, midway.failed) == (4, 2, 0)
    assert await notices.report_finished(db, clock.now()) == 0
    await dispatcher.drain()
    assert await notices.report_finished(db, clock.now()) == 1
    assert await notices.report_finished(db, clock.now()) == 0
    await dispatcher.drain()
    reports = [s for s in sender.sent if s[1] == "notice-report-title"]
    assert reports == [("boss", "notice-report-title")]


async def test_event_capacity_and_reminders(db, clock, place):
    staff, people, outsider = place
    async with db.uow() as uow:
        event = await events.create_event(
            uow,
            by=await uow.users.get(staff.id),
            community=await uow.communities.by_code("xinhuashe"),
            title="义诊",
            starts_at=local(25, 9),
            place="社区服务站",
            capacity=2,
            topic="健康",
            now=clock.now(),
        )
        await uow.commit()
    async with db.uow() as uow:
        for person in people[:2]:
            await events.sign_up(uow, await uow.users.get(person.id), event.id, clock.now(), CONFIG)
        with pytest.raises(DomainError) as full:
            await events.sign_up(
                uow, await uow.users.get(people[2].id), event.id, clock.now(), CONFIG
            )
        assert full.value.message.key == "event-full"
        with pytest.raises(DomainError):
            await events.sign_up(
                uow, await uow.users.get(outsider.id), event.id, clock.now(), CONFIG
            )
        await uow.commit()
    async with db.uow() as uow:
        dues = sorted(r.due_at for r in await uow.outbox.for_user(people[0].id))
        assert dues == [local(24, 9), local(25, 8)]
        await events.cancel_signup(uow, await uow.users.get(people[0].id), event.id)
        await events.sign_up(uow, await uow.users.get(people[2].id), event.id, clock.now(), CONFIG)
        await uow.commit()
        assert {r.status for r in await uow.outbox.for_user(people[0].id)} == {"cancelled"}
        _event, going = await events.attendees(uow, await uow.users.get(staff.id), event.id)
        assert [p.id for p in going] == [people[1].id, people[2].id]


async def test_missed_reminders_still_useful_go_out_and_stale_ones_are_dropped(db, clock, place):
    staff, people, _ = place
    async with db.uow() as uow:
        event = await events.create_event(
            uow,
            by=await uow.users.get(staff.id),
            community=await uow.communities.by_code("xinhuashe"),
            title="讲座",
            starts_at=local(25, 9),
            place="活动室",
            capacity=None,
            topic="活动",
            now=clock.now(),
        )
        await uow.commit()
    async with db.uow() as uow:
        await events.sign_up(uow, await uow.users.get(people[0].id), event.id, clock.now(), CONFIG)
        await uow.commit()
    sender = RecordingSender()
    # Down from before the day-before reminder until after the event began…
    clock.set(local(25, 8, 30))
    await OutboxDispatcher(db, clock, {"console": sender}).drain()
    assert sender.sent == [("r0", "event-reminder"), ("r0", "event-reminder")]
    # …and, in another run, down until after it began: nothing is sent, all is recorded.
    async with db.uow() as uow:
        await events.sign_up(
            uow, await uow.users.get(people[1].id), event.id, local(23, 10), CONFIG
        )
        await uow.commit()
    clock.set(local(25, 9, 5))
    await OutboxDispatcher(db, clock, {"console": sender}).drain()
    async with db.uow() as uow:
        rows = await uow.outbox.for_user(people[1].id)
    assert {(r.status, r.last_error) for r in rows} == {("dropped", "stale: its moment had passed")}
    assert len(sender.sent) == 2


# Twenty batches for the two dispatchers to race for; how many reminders an hour the
# outbox takes is the bench's figure (`make bench`), not this test's.
REMINDERS = 200


async def test_two_dispatchers_deliver_every_reminder_exactly_once(db_url, db, clock, place):
    _staff, people, _ = place
    async with db.uow() as uow:
        await uow.outbox.enqueue_many(
            [
                {
                    "user_id": people[n % 5].id,
                    "kind": "test",
                    "due_at": clock.now(),
                    "body": {"messages": [{"key": "nav-back", "args": {"n": n}}]},
                    "dedupe_key": f"r{n}",
                }
                for n in range(REMINDERS)
            ],
            now=clock.now(),
        )
        await uow.commit()

    class Counting(RecordingSender):
        async def send(self, user, reply, kind=""):
            self.sent.append(reply.messages[0].args["n"])

    sender = Counting()
    engines = [Database(db_url) for _ in range(2)]
    try:
        await asyncio.gather(
            *(
                OutboxDispatcher(
                    e, clock, {"console": sender}, batch_size=REMINDERS // 20, worker=f"w{i}"
                ).drain()
                for i, e in enumerate(engines)
            )
        )
    finally:
        for engine in engines:
            await engine.dispose()
    assert sorted(sender.sent) == list(range(REMINDERS))


async def test_the_building_reminder_waits_out_quiet_hours_and_goes_once(db, clock, place):
    staff, people, _ = place
    clock.set(local(23, 23))
    async with db.uow() as uow:
        community = await uow.communities.by_code("xinhuashe")
        assert await notices.without_building(uow, community.id) == (6, 6)
        me = await uow.users.get(staff.id)
        assert await notices.remind_without_building(uow, me, community, clock.now()) == 6
        await uow.commit()
    async with db.uow() as uow:  # a second press reaches nobody again
        me = await uow.users.get(staff.id)
        assert await notices.remind_without_building(uow, me, community, clock.now()) == 0
        assert await notices.without_building(uow, community.id) == (6, 0)
        await uow.commit()
    sender = RecordingSender()
    assert await OutboxDispatcher(db, clock, {"console": sender}).drain() == 0
    async with db.uow() as uow:
        (row,) = await uow.outbox.for_user(people[0].id)
    assert (row.kind, row.status, row.due_at) == ("place-reminder", "pending", local(24, 7))
    clock.set(local(24, 7))
    assert await OutboxDispatcher(db, clock, {"console": sender}).drain() == 6
