"""Slot draws (抽签): a popular slot of a facility in lottery mode goes by a draw among
households that anyone can redo — entering, once per household, withdrawing, the chore
that draws at the right moment, winners booked, losers told, and `verify-draw`."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from linli.handlers import chores
from linli.handlers.booking import draws, timetable
from linli.handlers.facilities.importer import import_directory
from linli.handlers.kit import lottery
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.conversation import offer_pushed_choices
from linli.handlers.kit.errors import DomainError
from linli.handlers.kit.reply import Reply
from linli.storage.models import Booking, Slot, SlotDraw, SlotDrawEntry
from tests import factories
from tests.factories import Chat, linli
from tests.walk import press

CONFIG = CoreConfig()
ZONE = CONFIG.zone
LOTTERY = "\n          lottery_opens_days: 3\n          lottery_draw_hours: 24"
# Monday 10:00: Wednesday's slots take entries (drawn Tuesday at the same hour), Friday's
# do not yet, Tuesday's were drawn (nobody entered, so they are first come).
ENTER = ["menu-facilities", "facilities-all", "=羽毛球场", "facility-book", "#3", "#1"]


def local(day, hour, minute=0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=ZONE).astimezone(dt.UTC)


WEDNESDAY_8 = local(25, 8)
DRAW_AT = WEDNESDAY_8 - dt.timedelta(hours=24)


@pytest.fixture
async def court(db, clock, tmp_path):
    clock.set(local(23, 10))
    await factories.places(db)
    return await factories.facility(
        db, clock, tmp_path, name="羽毛球场", capacity=2, booking_extra=LOTTERY
    )


async def resident(db, clock, conversation, translator, name: str) -> Chat:
    await factories.user(db, clock, name, community_code="xinhuashe")
    chat = Chat(conversation, translator, name)
    await chat.send("")
    return chat


async def enter(chat: Chat) -> None:
    await chat.send("菜单")
    for what in [*ENTER, "draw-enter"]:
        await press(chat, what)


async def user_of(db, name: str):
    async with db.uow() as uow:
        return await uow.users.by_external("console", name)


async def the_draw(db) -> SlotDraw:
    async with db.uow() as uow:
        (draw,) = (await uow.session.scalars(text("SELECT id FROM slot_draws"))).all()
        return await uow.draws.get(draw)


async def slot_at(db, moment: dt.datetime, uow=None) -> int:
    if uow is None:
        async with db.uow() as uow:
            return await slot_at(db, moment, uow)
    return await uow.session.scalar(select(Slot.id).where(Slot.starts_at == moment))


async def entries(db) -> list[SlotDrawEntry]:
    async with db.uow() as uow:
        draw = await the_draw(db)
        return await uow.draws.entries(draw.id)


async def test_enter_once_withdraw_and_see_it_in_my_bookings(
    db, clock, conversation, translator, court
):
    chat = await resident(db, clock, conversation, translator, "r1")
    for what in ENTER[:-1]:
        await press(chat, what)
    assert "draw-rule" in chat.keys()
    assert "08:00–09:00报名抽签（2个名额，已有0户报名）" in chat.render()
    await press(chat, "#1")
    assert chat.keys()[0] == "draw-enter-ask"
    draw = await the_draw(db)  # made, with its commitment, before anyone entered
    assert draw.commitment in chat.render() and draw.secret not in chat.render()
    await press(chat, "draw-enter")
    assert chat.keys()[0] == "draw-entered"
    assert draw.commitment in chat.render()

    await enter(chat)  # again: refused politely, nothing changes
    assert "draw-already-entered" in chat.keys()
    assert [e.unit_key for e in await entries(db)] == [f"user:{(await user_of(db, 'r1')).id}"]

    await chat.send("菜单")
    await press(chat, "menu-mine")
    assert chat.keys() == ["draw-mine-title"] and "抽签" in chat.render()
    await press(chat, "#1")
    assert "draw-mine-entry" in chat.keys() and draw.commitment in chat.render()
    await press(chat, "draw-withdraw")
    assert chat.keys()[0] == "draw-withdrawn"
    assert await entries(db) == []
    await chat.send("菜单")
    await press(chat, "menu-mine")
    assert chat.keys() == ["mine-none"]
    await enter(chat)  # entries are still open: the household may enter again
    assert chat.keys()[0] == "draw-entered"


async def test_one_entry_per_household(db, clock, conversation, translator, court):
    first = await resident(db, clock, conversation, translator, "mum")
    second = await resident(db, clock, conversation, translator, "son")
    # Confirmed in one home (户), as a household code would (handlers/profile/residency.py).
    mum, son = await user_of(db, "mum"), await user_of(db, "son")
    home = await factories.confirm(db, clock, mum, label="3号楼 301")
    await factories.confirm(db, clock, son, same_home_as=mum)
    await enter(first)
    await enter(second)
    assert "draw-already-entered-household" in second.keys()
    assert "每户只能报一次" in second.render()
    assert [e.unit_key for e in await entries(db)] == [f"household:{home}"]
    # A neighbour in another home enters on their own.
    neighbour = await resident(db, clock, conversation, translator, "neighbour")
    await enter(neighbour)
    assert neighbour.keys()[0] == "draw-entered"


async def test_a_lottery_slot_is_not_booked_directly(db, clock, conversation, translator, court):
    chat = await resident(db, clock, conversation, translator, "r1")
    for what in ENTER[:-1]:
        await press(chat, what)
    slot_id = await slot_at(db, WEDNESDAY_8)
    await chat.send(payload=await chat.forge("book", "slot", slot_id))  # a forged press
    await press(chat, "booking-confirm")
    assert "draw-book-by-entry" in chat.keys()
    async with db.uow() as uow:
        user = await uow.users.by_external("console", "r1")
        assert await uow.booking.upcoming_for(user.id, clock.now()) == []
        # Friday's entries are not open yet: neither entering nor booking.
        facility = await uow.facilities.get(court)
        await timetable.day_slots(uow, facility, dt.date(2026, 11, 27), clock.now(), ZONE)
        friday = await slot_at(db, local(27, 8), uow)
        with pytest.raises(DomainError) as refused:
            await draws.enter(uow, user, court, friday, clock.now(), CONFIG)
        assert refused.value.message.key == "draw-not-open-yet"


async def test_the_chore_draws_on_time_books_winners_and_tells_losers(
    db, db_url, clock, conversation, translator, court
):
    chats = [await resident(db, clock, conversation, translator, f"r{n}") for n in range(4)]
    for chat in chats:
        await enter(chat)
        assert chat.keys()[0] == "draw-entered"

    clock.set(DRAW_AT - dt.timedelta(minutes=1))
    await chores.chores(db, clock, CONFIG)
    assert (await the_draw(db)).drawn_at is None
    # Entries close at the draw's moment: a late withdrawal is refused.
    clock.set(DRAW_AT)
    first = (await entries(db))[0]
    async with db.uow() as uow:
        with pytest.raises(DomainError) as refused:
            await draws.withdraw(uow, await uow.users.get(first.user_id), first.id, clock.now())
        assert refused.value.message.key == "draw-withdraw-too-late"
    await chores.chores(db, clock, CONFIG)
    draw = await the_draw(db)
    assert draw.drawn_at == DRAW_AT and draw.places == 2

    # The result follows from the published facts alone.
    people = {f"user:{(await user_of(db, f'r{n}')).id}": f"r{n}" for n in range(4)}
    keys = sorted(people)
    assert draw.commitment == lottery.commitment(draw.secret)
    assert draw.pool == ",".join(keys)
    assert draw.seed == lottery.seed_of(draw.secret, keys)
    order = lottery.draw_order(draw.seed, f"slot:{draw.slot_id}", keys)
    assert draw.result == ",".join(order)
    winners, losers = order[:2], order[2:]

    async with db.uow() as uow:
        booked = await uow.session.scalars(
            text(
                "SELECT user_id FROM bookings WHERE slot_id = :s AND status = 'booked'"
            ).bindparams(s=draw.slot_id)
        )
        assert sorted(booked.all()) == sorted(int(k.split(":")[1]) for k in winners)
        assert (await uow.booking.slot(draw.slot_id)).taken == 2
        for key in winners:
            (told,) = [m for m in await uow.outbox.for_user(int(key[5:])) if m.kind == "draw"]
            reply = Reply.from_json(told.body)
            assert [m.key for m in reply.messages] == ["draw-won", "draw-facts", "draw-verify-hint"]
            assert reply.messages[1].args["secret"] == draw.secret
        for key in losers:
            (told,) = [m for m in await uow.outbox.for_user(int(key[5:])) if m.kind == "draw"]
            reply = Reply.from_json(told.body)
            assert reply.messages[0].key == "draw-lost"
            assert reply.messages[1].args["seed"] == draw.seed
            loser_push = [b.payload for b in reply.buttons]
            assert loser_push == [f"go|book|{court}"]

    # The loser's push is answered by typing its number.
    loser = next(c for c in chats if c.external_id == people[losers[0]])
    async with db.uow() as uow:
        await offer_pushed_choices(uow, int(losers[0][5:]), loser_push, clock.now())
        await uow.commit()
    await loser.send("1")
    assert loser.keys()[0] == "booking-pick-day"

    # A winner sees the booking in 我的预约; the draw no longer shows as an entry.
    winner = next(c for c in chats if c.external_id == people[winners[0]])
    await press(winner, "menu-mine")
    assert winner.keys() == ["mine-title"]

    # Drawn twice? Never: the chore finds nothing more to draw.
    assert await draws.run_due(db, clock.now(), CONFIG) == 0

    done = linli("booking", "verify-draw", "--draw", str(draw.id), url=db_url)
    assert "一致" in done.stdout and draw.seed in done.stdout
    async with db.engine.begin() as conn:  # someone moves a loser into a winner's place
        await conn.execute(
            update(SlotDrawEntry)
            .where(SlotDrawEntry.unit_key == losers[0])
            .values(rank=1, status="won")
        )
    done = linli("booking", "verify-draw", "--draw", str(draw.id), url=db_url, check=False)
    assert done.returncode == 1 and losers[0] in done.stderr and "不一致" in done.stderr


async def test_an_entry_added_after_the_draw_is_detected(
    db, db_url, clock, conversation, translator, court
):
    chat = await resident(db, clock, conversation, translator, "r1")
    await enter(chat)
    clock.set(DRAW_AT)
    await draws.run_due(db, clock.now(), CONFIG)
    draw = await the_draw(db)
    sneak = await factories.user(db, clock, "sneak", community_code="xinhuashe")
    async with db.uow() as uow:
        uow.session.add(
            SlotDrawEntry(
                draw_id=draw.id, user_id=sneak.id, unit_key=f"user:{sneak.id}",
                entered_at=clock.now(), status="won", rank=1,
            )
        )  # fmt: skip
        await uow.commit()
    done = linli("booking", "verify-draw", "--draw", str(draw.id), url=db_url, check=False)
    assert done.returncode == 1
    assert "报名的户和抽签时公布的不一样" in done.stderr


async def test_an_undersubscribed_slot_books_everyone_and_the_rest_is_first_come(
    db, clock, conversation, translator, court
):
    only = await resident(db, clock, conversation, translator, "r1")
    await enter(only)
    clock.set(DRAW_AT + dt.timedelta(minutes=5))  # the chore came a little late
    await chores.chores(db, clock, CONFIG)
    draw = await the_draw(db)
    (entry,) = await entries(db)
    assert (entry.status, entry.rank, draw.places) == ("won", 1, 2)
    async with db.uow() as uow:
        won = await uow.session.get(Booking, entry.booking_id)
        assert won.status == "booked" and won.starts_at == WEDNESDAY_8
    # The place nobody won is booked first come now.
    late = await resident(db, clock, conversation, translator, "late")
    for what in ["menu-facilities", "facilities-all", "=羽毛球场", "facility-book", "#2"]:
        await press(late, what)
    await press(late, "=08:00–09:00，还剩1个位置")
    await press(late, "booking-confirm")
    assert late.keys()[0] == "booking-done"


async def test_the_commitment_cannot_change_once_published(
    db, clock, conversation, translator, court
):
    chat = await resident(db, clock, conversation, translator, "r1")
    await enter(chat)
    draw = await the_draw(db)
    with pytest.raises((IntegrityError, DBAPIError)):
        async with db.engine.begin() as conn:
            await conn.execute(
                update(SlotDraw).where(SlotDraw.id == draw.id).values(commitment="0" * 64)
            )
    if db.dialect == "postgresql":  # where SQL has SHA-256: the secret must be the one committed
        with pytest.raises(DBAPIError):
            async with db.engine.begin() as conn:
                await conn.execute(
                    update(SlotDraw).where(SlotDraw.id == draw.id).values(secret="1" * 64)
                )
    assert (await the_draw(db)).commitment == draw.commitment


async def test_the_importer_takes_both_lottery_fields_or_neither(db, clock, tmp_path):
    await factories.places(db)

    async def imported(extra: str):
        path = tmp_path / "f.yaml"
        path.write_text(
            "units:\n  - name: 测试学校\n    kind: 学校\n    address: 测试路1号\n"
            "    facilities:\n      - name: 球场\n        category: 运动\n"
            "        mode: 错时共享\n        communities: [xinhuashe]\n        fee: 免费\n"
            '        hours:\n          - days: 每天\n            open: "08:00"\n'
            '            close: "12:00"\n        booking:\n          slot_minutes: 60\n'
            f"          capacity: 2{extra}\n",
            encoding="utf-8",
        )
        async with db.uow() as uow:
            report = await import_directory(uow, path, now=clock.now())
            await uow.commit()
            return [p.message.key for p in report.problems]

    assert await imported("\n          lottery_opens_days: 3") == ["import-lottery-both"]
    assert await imported(
        "\n          lottery_opens_days: 1\n          lottery_draw_hours: 30"
    ) == ["import-lottery-order"]
    assert await imported("\n          lottery_opens_days: 9\n          lottery_draw_hours: 2") == [
        "import-lottery-horizon"
    ]
    assert await imported(LOTTERY) == []
    async with db.uow() as uow:
        (facility,) = (await uow.facilities.units_by_name())["测试学校"].facilities
        assert (facility.lottery_opens_days, facility.lottery_draw_hours) == (3, 24)
    assert await imported("") == []  # taken out of the file: first come again
    async with db.uow() as uow:
        (facility,) = (await uow.facilities.units_by_name())["测试学校"].facilities
        assert facility.lottery_opens_days is None


async def test_a_slot_closed_before_its_draw_books_nobody(
    db, clock, conversation, translator, court
):
    from linli.handlers.booking import operate

    chat = await resident(db, clock, conversation, translator, "r1")
    await enter(chat)
    boss = await factories.staff(db, clock, "boss", "xinhuashe")
    async with db.uow() as uow:
        wednesday = dt.date(2026, 11, 25)
        await operate.close_days(
            uow,
            await uow.users.get(boss.id),
            court,
            wednesday,
            wednesday,
            "维修",
            clock.now(),
            CONFIG,
        )
        await uow.commit()
    clock.set(DRAW_AT)
    await chores.chores(db, clock, CONFIG)
    (entry,) = await entries(db)
    assert (entry.status, entry.booking_id, (await the_draw(db)).places) == ("lost", None, 0)
    async with db.uow() as uow:
        (told,) = [m for m in await uow.outbox.for_user(entry.user_id) if m.kind == "draw"]
        assert Reply.from_json(told.body).messages[0].key == "draw-called-off"


async def test_someone_elses_entry_cannot_be_opened_or_withdrawn(
    db, clock, conversation, translator, court
):
    owner = await resident(db, clock, conversation, translator, "owner")
    await enter(owner)
    (theirs,) = await entries(db)
    chat = await resident(db, clock, conversation, translator, "r1")
    await press(chat, "menu-mine")
    await chat.send(payload=await chat.forge("mine", "list", f"e{theirs.id}"))
    assert "error-not-found" in chat.keys()
    await chat.send(payload=await chat.forge("mine", "entry", "withdraw"))
    assert len(await entries(db)) == 1


async def test_a_leaver_s_entries_go(db, clock, conversation, translator, court):
    chat = await resident(db, clock, conversation, translator, "r1")
    await enter(chat)
    leave = conversation.wiring.on_leave
    async with db.uow() as uow:
        await leave(uow, "console", "r1", clock.now(), CONFIG)
        await uow.commit()
    assert await entries(db) == []


async def test_deleting_my_account_withdraws_my_open_entries(
    db, clock, conversation, translator, court
):
    chat = await resident(db, clock, conversation, translator, "r1")
    await enter(chat)
    await chat.send("菜单")
    for what in ("menu-profile", "mydata-menu", "mydata-erase", "mydata-erase-yes"):
        await press(chat, what)
    assert await entries(db) == []
