"""Booking rules, with the clock moved: places never oversold, quotas, deadlines, waitlist,
no-shows, check-in, closures, requests and reminders."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from linli.bot.i18n import Translator
from linli.handlers.booking import operate, reports, requests, service, timetable
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.errors import (
    AlreadyDone,
    DeadlinePassed,
    DomainError,
    NotAllowed,
    NotFound,
    NotInCommunity,
    OutsideHorizon,
    QuotaReached,
    SlotFull,
    SlotNotOffered,
    Suspended,
    WeekQuotaReached,
)
from linli.handlers.kit.reply import Attachment
from linli.storage.db import Database
from linli.storage.models import RoleGrant
from tests import factories

CONFIG = CoreConfig()
ZONE = CONFIG.zone
MONDAY_8AM = dt.datetime(2026, 11, 23, 8, 0, tzinfo=ZONE)  # an ordinary Monday


@pytest.fixture
def clock(clock):
    clock.set(MONDAY_8AM.astimezone(dt.UTC))
    return clock


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A local time in the week of 2026-11-23 (day 23 = Monday)."""
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=ZONE).astimezone(dt.UTC)


async def _slots(db, clock, facility_id, day: dt.date):
    async with db.uow() as uow:
        facility = await uow.facilities.get(facility_id)
        slots = await timetable.day_slots(uow, facility, day, clock.now(), ZONE)
        await uow.commit()
        return slots


async def _book(db, clock, user, facility_id, slot_id):
    async with db.uow() as uow:
        booking = await service.book(
            uow, await uow.users.get(user.id), facility_id, slot_id, clock.now(), CONFIG
        )
        await uow.commit()
        return booking


async def _setup(db, clock, tmp_path, **kwargs):
    await factories.places(db)
    facility_id = await factories.facility(db, clock, tmp_path, **kwargs)
    resident = await factories.user(db, clock, "r1", community_code="xinhuashe")
    return facility_id, resident


async def test_free_slots_of_a_day_with_places_left(db, clock, tmp_path):
    facility_id, _ = await _setup(db, clock, tmp_path, capacity=2)
    today = await _slots(db, clock, facility_id, dt.date(2026, 11, 23))
    # 08:00 has started; 09, 10, 11 are left.
    assert [s.starts_at for s in today] == [at(23, 9), at(23, 10), at(23, 11)]
    assert {(s.capacity, s.taken) for s in today} == {(2, 0)}
    with pytest.raises(OutsideHorizon):
        await _slots(db, clock, facility_id, dt.date(2026, 11, 30))  # 7-day horizon


async def test_a_booking_has_a_code_and_a_double_tap_gives_one(db, clock, tmp_path):
    facility_id, resident = await _setup(db, clock, tmp_path, capacity=2)
    slot = (await _slots(db, clock, facility_id, dt.date(2026, 11, 24)))[0]
    first = await _book(db, clock, resident, facility_id, slot.id)
    again = await _book(db, clock, resident, facility_id, slot.id)
    assert first.id == again.id and len(first.code) == 6
    (fresh,) = [
        s for s in await _slots(db, clock, facility_id, dt.date(2026, 11, 24)) if s.id == slot.id
    ]
    assert fresh.taken == 1


async def test_fifty_people_press_for_the_last_place_at_once(db_url, db, clock, tmp_path):
    facility_id, _ = await _setup(db, clock, tmp_path, capacity=1)
    people = [
        await factories.user(db, clock, f"p{i}", community_code="xinhuashe") for i in range(50)
    ]
    slot = (await _slots(db, clock, facility_id, dt.date(2026, 11, 24)))[0]
    # Each presser on a connection of their own, as separate requests would be.
    engines = [Database(db_url) for _ in range(10)]

    async def press(n: int, person):
        database = engines[n % len(engines)]
        async with database.uow() as uow:
            try:
                await service.book(
                    uow, await uow.users.get(person.id), facility_id, slot.id, clock.now(), CONFIG
                )
                await uow.commit()
                return "booked"
            except SlotFull:
                return "full"

    try:
        results = await asyncio.gather(*(press(n, p) for n, p in enumerate(people)))
    finally:
        for engine in engines:
            await engine.dispose()
    assert results.count("booked") == 1
    assert results.count("full") == 49
    async with db.uow() as uow:
        booked = await uow.booking.for_facility_between(facility_id, at(24, 0), at(25, 0))
        assert len(booked) == 1
        assert (await uow.booking.slot(slot.id)).taken == 1


async def test_a_double_tap_from_two_processes_gives_one_booking(db_url, db, clock, tmp_path):
    facility_id, resident = await _setup(db, clock, tmp_path, capacity=5)
    slot = (await _slots(db, clock, facility_id, dt.date(2026, 11, 24)))[0]
    engines = [Database(db_url) for _ in range(2)]

    async def press(database):
        async with database.uow() as uow:
            booking = await service.book(
                uow, await uow.users.get(resident.id), facility_id, slot.id, clock.now(), CONFIG
            )
            await uow.commit()
            return booking.id

    try:
        ids = await asyncio.gather(*(press(e) for e in engines))
    finally:
        for engine in engines:
            await engine.dispose()
    assert ids[0] == ids[1]
    async with db.uow() as uow:
        assert (await uow.booking.slot(slot.id)).taken == 1


async def test_bad_slot_ids_are_refused(db, clock, tmp_path):
    facility_id, resident = await _setup(db, clock, tmp_path, capacity=1)
    other_id = await factories.facility(db, clock, tmp_path, unit="别的学校", capacity=1)
    other_slot = (await _slots(db, clock, other_id, dt.date(2026, 11, 24)))[0]
    started = at(23, 8)
    for slot_id in (999999, other_slot.id):
        with pytest.raises(SlotNotOffered):
            await _book(db, clock, resident, facility_id, slot_id)
    async with db.uow() as uow:
        from linli.storage.models import Slot

        ghost = Slot(
            facility_id=facility_id, starts_at=started, ends_at=at(23, 9), capacity=1, taken=0
        )
        uow.booking.add(ghost)
        await uow.commit()
    with pytest.raises(SlotNotOffered):  # it has already started
        await _book(db, clock, resident, facility_id, ghost.id)


async def test_only_residents_of_served_communities_may_book(db, clock, tmp_path):
    facility_id, _ = await _setup(db, clock, tmp_path, capacity=1)
    outsider = await factories.user(db, clock, "o1", community_code="wufangyuan")
    slot = (await _slots(db, clock, facility_id, dt.date(2026, 11, 24)))[0]
    with pytest.raises(NotInCommunity):
        await _book(db, clock, outsider, facility_id, slot.id)


async def test_upcoming_quota_per_facility(db, clock, tmp_path):
    facility_id, resident = await _setup(db, clock, tmp_path, capacity=3)
    slots = await _slots(db, clock, facility_id, dt.date(2026, 11, 24))
    await _book(db, clock, resident, facility_id, slots[0].id)
    await _book(db, clock, resident, facility_id, slots[1].id)
    with pytest.raises(QuotaReached) as refused:
        await _book(db, clock, resident, facility_id, slots[2].id)
    assert refused.value.message.args == {"limit": 2}


async def test_weekly_quota_over_all_facilities(db, clock, tmp_path):
    await factories.places(db)
    resident = await factories.user(db, clock, "r1", community_code="xinhuashe")
    ids = [
        await factories.facility(db, clock, tmp_path, unit=f"单位{n}", capacity=1) for n in range(3)
    ]
    booked = 0
    for facility_id in ids:
        for day in (24, 25):
            slot = (await _slots(db, clock, facility_id, dt.date(2026, 11, day)))[0]
            if booked == 5:
                with pytest.raises(WeekQuotaReached) as refused:
                    await _book(db, clock, resident, facility_id, slot.id)
                assert refused.value.message.args == {"limit": 5}
                return
            await _book(db, clock, resident, facility_id, slot.id)
            booked += 1


async def test_cancel_before_the_deadline_only_and_only_ones_own(db, clock, tmp_path):
    facility_id, resident = await _setup(db, clock, tmp_path, capacity=1)
    stranger = await factories.user(db, clock, "s1", community_code="xinhuashe")
    slot = (await _slots(db, clock, facility_id, dt.date(2026, 11, 23)))[1]  # 10:00 today
    booking = await _book(db, clock, resident, facility_id, slot.id)
    async with db.uow() as uow:
        with pytest.raises(NotFound):  # someone else's booking id
            await service.cancel(
                uow, await uow.users.get(stranger.id), booking.id, clock.now(), CONFIG
            )
    clock.set(at(23, 8, 1))  # 1 h 59 min before 10:00: past the 2-hour deadline
    async with db.uow() as uow:
        with pytest.raises(DeadlinePassed) as late:
            await service.cancel(
                uow, await uow.users.get(resident.id), booking.id, clock.now(), CONFIG
            )
        assert "（11-23 周一 08:00以前可以取消）" in Translator().render(late.value.message)
    slot2 = (await _slots(db, clock, facility_id, dt.date(2026, 11, 24)))[0]
    second = await _book(db, clock, resident, facility_id, slot2.id)
    async with db.uow() as uow:
        cancelled = await service.cancel(
            uow, await uow.users.get(resident.id), second.id, clock.now(), CONFIG
        )
        await uow.commit()
        assert cancelled.status == "cancelled"
        assert (await uow.booking.slot(slot2.id)).taken == 0
        with pytest.raises(AlreadyDone):
            await service.cancel(
                uow, await uow.users.get(resident.id), second.id, clock.now(), CONFIG
            )


async def test_reminders_go_out_the_evening_before_and_an_hour_before(db, clock, tmp_path):
    facility_id, resident = await _setup(db, clock, tmp_path, capacity=1)
    slot = (await _slots(db, clock, facility_id, dt.date(2026, 11, 25)))[1]  # 09:00 Wed
    booking = await _book(db, clock, resident, facility_id, slot.id)
    async with db.uow() as uow:
        rows = {r.dedupe_key: r for r in await uow.outbox.for_user(resident.id)}
    assert rows[f"booking:{booking.id}:evening"].due_at == at(24, 20)
    assert rows[f"booking:{booking.id}:soon"].due_at == at(25, 8)
    async with db.uow() as uow:
        await service.cancel(uow, await uow.users.get(resident.id), booking.id, clock.now(), CONFIG)
        await uow.commit()
        statuses = {r.status for r in await uow.outbox.for_user(resident.id)}
    assert statuses == {"cancelled"}  # a cancelled booking sends none


async def test_waitlist_offer_hold_and_pass_on(db, clock, tmp_path):
    facility_id, holder = await _setup(db, clock, tmp_path, capacity=1)
    first = await factories.user(db, clock, "w1", community_code="xinhuashe")
    second = await factories.user(db, clock, "w2", community_code="xinhuashe")
    slot = (await _slots(db, clock, facility_id, dt.date(2026, 11, 25)))[0]
    booking = await _book(db, clock, holder, facility_id, slot.id)
    with pytest.raises(SlotFull):
        await _book(db, clock, first, facility_id, slot.id)
    async with db.uow() as uow:
        for person in (first, second):
            clock.advance(seconds=1)
            await service.join_waitlist(
                uow, await uow.users.get(person.id), facility_id, slot.id, clock.now(), CONFIG
            )
        await service.cancel(uow, await uow.users.get(holder.id), booking.id, clock.now(), CONFIG)
        await uow.commit()
    async with db.uow() as uow:
        (offer,) = [r for r in await uow.outbox.for_user(first.id) if r.kind == "waitlist-offer"]
        entry_id = int(offer.body["buttons"][0]["payload"].split("|")[2])
        assert (await uow.booking.slot(slot.id)).taken == 1  # the hold keeps the place
        with pytest.raises(SlotFull):  # nobody else can grab it meanwhile
            await service.book(
                uow, await uow.users.get(second.id), facility_id, slot.id, clock.now(), CONFIG
            )
    clock.advance(minutes=31)  # the hold runs out
    async with db.uow() as uow:
        assert await service.expire_offers(uow, clock.now(), CONFIG) == 1
        await uow.commit()
    async with db.uow() as uow:
        with pytest.raises(DomainError) as gone:
            await service.accept_offer(
                uow, await uow.users.get(first.id), entry_id, clock.now(), CONFIG
            )
        assert gone.value.message.key == "waitlist-offer-gone"
        (offer2,) = [r for r in await uow.outbox.for_user(second.id) if r.kind == "waitlist-offer"]
        entry2 = int(offer2.body["buttons"][0]["payload"].split("|")[2])
        with pytest.raises(NotFound):  # someone else's offer
            await service.accept_offer(
                uow, await uow.users.get(first.id), entry2, clock.now(), CONFIG
            )
        got = await service.accept_offer(
            uow, await uow.users.get(second.id), entry2, clock.now(), CONFIG
        )
        await uow.commit()
        assert got.status == "booked"
        assert (await uow.booking.slot(slot.id)).taken == 1


async def test_three_no_shows_in_30_days_suspend_booking_for_14_days(db, clock, tmp_path):
    facility_id, resident = await _setup(
        db, clock, tmp_path, capacity=1, booking_extra="\n          max_upcoming: 5"
    )
    for day in (24, 25, 26):
        slot = (await _slots(db, clock, facility_id, dt.date(2026, 11, day)))[0]
        await _book(db, clock, resident, facility_id, slot.id)
    clock.set(at(26, 12))
    async with db.uow() as uow:
        assert await service.mark_no_shows(uow, clock.now(), CONFIG) == 3
        await uow.commit()
    slot = (await _slots(db, clock, facility_id, dt.date(2026, 11, 27)))[0]
    with pytest.raises(Suspended) as refused:
        await _book(db, clock, resident, facility_id, slot.id)
    assert refused.value.message.args["count"] == 3
    assert "暂停预约到12-10 周四 12:00" in Translator().render(refused.value.message)
    async with db.uow() as uow:
        kinds = [r.body["messages"][0]["key"] for r in await uow.outbox.for_user(resident.id)]
        assert "booking-suspended-notice" in kinds
    clock.set(at(26, 12) + dt.timedelta(days=14, minutes=1))
    later = (
        await _slots(
            db, clock, facility_id, timetable.local(clock.now(), ZONE).date() + dt.timedelta(days=1)
        )
    )[0]
    assert (await _book(db, clock, resident, facility_id, later.id)).status == "booked"


async def _operator(db, clock, name: str, unit_id: int, community: str = "xinhuashe"):
    person = await factories.user(db, clock, name, community_code=community)
    async with db.uow() as uow:
        place = await uow.communities.by_code(community)
        uow.roles.add(
            RoleGrant(
                user_id=person.id,
                community_id=place.id,
                role="operator",
                unit_id=unit_id,
                granted_by="test",
                created_at=clock.now(),
            )
        )
        await uow.commit()
    return person


async def test_check_in_by_code_for_own_facility_today_only(db, clock, tmp_path):
    facility_id, resident = await _setup(db, clock, tmp_path, capacity=1)
    other_id = await factories.facility(db, clock, tmp_path, unit="别的学校", capacity=1)
    async with db.uow() as uow:
        unit_id = (await uow.facilities.get(facility_id)).unit_id
        other_unit = (await uow.facilities.get(other_id)).unit_id
    operator = await _operator(db, clock, "op", unit_id)
    stranger_op = await _operator(db, clock, "op2", other_unit)
    boss = await factories.staff(db, clock, "boss", "xinhuashe")
    today = (await _slots(db, clock, facility_id, dt.date(2026, 11, 23)))[0]
    tomorrow = (await _slots(db, clock, facility_id, dt.date(2026, 11, 24)))[0]
    booking = await _book(db, clock, resident, facility_id, today.id)
    later = await _book(db, clock, resident, facility_id, tomorrow.id)
    async with db.uow() as uow:
        op = await uow.users.get(operator.id)
        with pytest.raises(NotAllowed):  # an operator of another unit
            await operate.check_in(
                uow,
                await uow.users.get(stranger_op.id),
                facility_id,
                booking.code,
                clock.now(),
                CONFIG,
            )
        with pytest.raises(NotFound):  # staff of both: the code is another facility's
            await operate.check_in(
                uow, await uow.users.get(boss.id), other_id, booking.code, clock.now(), CONFIG
            )
        with pytest.raises(DomainError) as not_today:
            await operate.check_in(uow, op, facility_id, later.code, clock.now(), CONFIG)
        assert not_today.value.message.key == "checkin-not-today"
        done = await operate.check_in(
            uow, op, facility_id, booking.code.lower(), clock.now(), CONFIG
        )
        await uow.commit()
        assert done.status == "checked_in"
    clock.set(at(23, 12))
    async with db.uow() as uow:
        await service.mark_no_shows(uow, clock.now(), CONFIG)
        await uow.commit()
        assert (await uow.booking.booking(booking.id)).status == "checked_in"


async def test_closing_dates_cancels_bookings_and_tells_why(db, clock, tmp_path):
    facility_id, resident = await _setup(db, clock, tmp_path, capacity=1)
    async with db.uow() as uow:
        unit_id = (await uow.facilities.get(facility_id)).unit_id
    operator = await _operator(db, clock, "op", unit_id)
    inside = (await _slots(db, clock, facility_id, dt.date(2026, 11, 25)))[0]
    outside = (await _slots(db, clock, facility_id, dt.date(2026, 11, 27)))[0]
    hit = await _book(db, clock, resident, facility_id, inside.id)
    kept = await _book(db, clock, resident, facility_id, outside.id)
    async with db.uow() as uow:
        cancelled = await operate.close_days(
            uow,
            await uow.users.get(operator.id),
            facility_id,
            dt.date(2026, 11, 25),
            dt.date(2026, 11, 26),
            "期中考试",
            clock.now(),
            CONFIG,
        )
        await uow.commit()
    assert cancelled == 1
    async with db.uow() as uow:
        assert (await uow.booking.booking(hit.id)).status == "cancelled"
        assert (await uow.booking.booking(kept.id)).status == "booked"
        notices = [
            r.body["messages"][0]
            for r in await uow.outbox.for_user(resident.id)
            if r.kind == "booking"
        ]
        assert notices[0]["key"] == "booking-cancelled-closure"
        assert notices[0]["args"]["reason"]["args"]["text"] == "期中考试"
        facility = await uow.facilities.get(facility_id)
        assert await timetable.bookable_days(uow, facility, clock.now(), ZONE) == [
            dt.date(2026, 11, d) for d in (23, 24, 27, 28, 29)
        ]
    with pytest.raises(SlotNotOffered):
        await _book(db, clock, resident, facility_id, inside.id)


async def test_a_closure_at_night_tells_at_once_only_who_was_due_in_the_morning(
    db, clock, tmp_path
):
    from linli.bot.outbox import OutboxDispatcher
    from tests.storage.test_outbox import RecordingSender

    facility_id, resident = await _setup(db, clock, tmp_path, capacity=1)
    async with db.uow() as uow:
        unit_id = (await uow.facilities.get(facility_id)).unit_id
    operator = await _operator(db, clock, "op", unit_id)
    tomorrow = (await _slots(db, clock, facility_id, dt.date(2026, 11, 24)))[0]
    later = (await _slots(db, clock, facility_id, dt.date(2026, 11, 26)))[0]
    soon = await _book(db, clock, resident, facility_id, tomorrow.id)
    await _book(db, clock, resident, facility_id, later.id)
    clock.set(at(23, 22, 30))  # quiet hours: the 08:00 booking is 9.5 hours away
    async with db.uow() as uow:
        await operate.close_days(
            uow,
            await uow.users.get(operator.id),
            facility_id,
            dt.date(2026, 11, 24),
            dt.date(2026, 11, 26),
            "停电",
            clock.now(),
            CONFIG,
        )
        await uow.commit()
    await OutboxDispatcher(db, clock, {"console": RecordingSender()}).drain()
    async with db.uow() as uow:
        told = {
            r.dedupe_key: (r.status, r.due_at)
            for r in await uow.outbox.for_user(resident.id)
            if r.kind == "booking"
        }
    assert told.pop(f"booking:{soon.id}:closed")[0] == "sent"
    assert list(told.values()) == [("pending", at(24, 7))]


async def test_a_request_for_an_on_request_facility_is_decided_and_told(db, clock, tmp_path):
    await factories.places(db)
    facility_id = await factories.facility(
        db, clock, tmp_path, name="多功能厅", mode="按需共享", days="", capacity=None
    )
    resident = await factories.user(db, clock, "r1", community_code="xinhuashe")
    async with db.uow() as uow:
        unit_id = (await uow.facilities.get(facility_id)).unit_id
    operator = await _operator(db, clock, "op", unit_id)
    async with db.uow() as uow:
        me = await uow.users.get(resident.id)
        with pytest.raises(DomainError):  # the past
            await requests.request_use(
                uow,
                me,
                facility_id,
                dt.date(2026, 11, 20),
                dt.time(14),
                dt.time(16),
                "合唱排练",
                20,
                clock.now(),
                CONFIG,
            )
        request = await requests.request_use(
            uow,
            me,
            facility_id,
            dt.date(2026, 12, 5),
            dt.time(14),
            dt.time(16),
            "合唱排练",
            20,
            clock.now(),
            CONFIG,
        )
        await uow.commit()
    async with db.uow() as uow:
        (told,) = await uow.outbox.for_user(operator.id)
        assert told.body["messages"][0]["key"] == "request-new"
        with pytest.raises(DomainError) as no_reason:
            await requests.decide_request(
                uow, await uow.users.get(operator.id), request.id, False, " ", clock.now()
            )
        assert no_reason.value.message.key == "request-reason-needed"
        await requests.decide_request(
            uow, await uow.users.get(operator.id), request.id, False, "当天已有活动", clock.now()
        )
        await uow.commit()
    async with db.uow() as uow:
        (decided,) = await uow.outbox.for_user(resident.id)
        assert decided.body["messages"][0]["key"] == "request-declined"
        with pytest.raises(AlreadyDone):
            await requests.decide_request(
                uow, await uow.users.get(operator.id), request.id, True, "", clock.now()
            )


async def test_month_report_counts_and_csv(db, clock, tmp_path):
    facility_id, resident = await _setup(
        db, clock, tmp_path, capacity=1, booking_extra="\n          max_upcoming: 5"
    )
    async with db.uow() as uow:
        staff = await factories.staff(db, clock, "boss", "xinhuashe")
    ids = []
    for day in (24, 25, 26):
        slot = (await _slots(db, clock, facility_id, dt.date(2026, 11, day)))[0]
        ids.append((await _book(db, clock, resident, facility_id, slot.id)).id)
    async with db.uow() as uow:
        await service.cancel(uow, await uow.users.get(resident.id), ids[0], clock.now(), CONFIG)
        await uow.commit()
    clock.set(at(27, 12))
    async with db.uow() as uow:
        await service.mark_no_shows(uow, clock.now(), CONFIG)
        report = await reports.month_report(
            uow, await uow.users.get(staff.id), facility_id, 2026, 11, CONFIG
        )
        await uow.commit()
    assert (report.counts["cancelled"], report.counts["no_show"]) == (1, 2)
    table = Attachment.csv("month.csv", report.table(ZONE))
    lines = Translator().file(table, "zh-CN").decode("utf-8-sig").splitlines()
    assert lines[0] == "日期,开始,结束,预约码,状态,预约人,取消原因"
    # A masked name (this resident gave none), never the resident's number, even for staff.
    assert lines[1].startswith("2026-11-24,08:00,09:00,")
    assert lines[1].endswith(",已取消,***,")
    outsider = await factories.staff(db, clock, "far", "wufangyuan")
    async with db.uow() as uow:
        with pytest.raises(NotAllowed):
            await reports.month_report(
                uow, await uow.users.get(outsider.id), facility_id, 2026, 11, CONFIG
            )
