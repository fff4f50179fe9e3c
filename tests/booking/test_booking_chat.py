"""Booking through the conversation: the whole flow, and bad input refused politely."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from linli.handlers.facilities import service as directory
from linli.handlers.kit.config import CoreConfig
from linli.storage.models import RoleGrant
from tests import factories
from tests.factories import AGREE, SKIP_PLACE, Chat, linli

ZONE = CoreConfig().zone
DANCE = ["menu-facilities", "facilities-all", "=舞蹈房"]


def local(year, month, day, hour, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=ZONE).astimezone(dt.UTC)


async def press(chat: Chat, *presses: str) -> None:
    for item in presses:
        if item.startswith("#"):
            await chat.send(item[1:])
        elif item.startswith("="):
            await chat.send(chat.number_named(item[1:]))
        elif item.startswith("!"):
            await chat.send(item[1:])
        else:
            await chat.send(chat.number_of(item))


@pytest.fixture
async def resident(db, clock, conversation, translator):
    clock.set(local(2026, 11, 23, 10))  # Monday 10:00
    await factories.demo(db, clock)
    await factories.user(db, clock, "u1", community_code="xinhuashe")
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    return chat


async def test_book_see_and_cancel(db, clock, resident):
    await press(resident, *DANCE, "facility-book")
    assert resident.keys() == ["booking-pick-day"]
    await press(resident, "#1")  # today: the 18:00 slots are still to come
    assert "18:00–19:00，还剩15个位置" in resident.render()
    await press(resident, "#1", "booking-confirm")
    reply = resident.last
    assert reply.messages[0].key == "booking-done"
    code = reply.messages[0].args["code"]
    assert reply.attachment.filename == f"booking-{code}.ics"
    assert b"BEGIN:VEVENT" in reply.attachment.data
    await press(resident, "menu-mine")
    assert "18:00 舞蹈房" in resident.render()
    await press(resident, "#1")
    assert f"预约码：{code}" in resident.render()
    assert resident.last.attachment is None  # the .ics came with the booking, not again
    await press(resident, "mine-calendar")  # unless asked for
    assert resident.last.attachment.filename == f"booking-{code}.ics"
    await press(resident, "menu-mine", "#1")
    # Asked once, naming the booking; 不取消 keeps it.
    await press(resident, "mine-cancel")
    assert resident.keys() == ["mine-cancel-ask"] and "舞蹈房" in resident.render()
    assert "[1] 确定取消\n[2] 不取消" in resident.render()
    await press(resident, "confirm-cancel-no")
    assert resident.keys()[0] == "mine-kept" and "没有取消" in resident.render()
    async with db.uow() as uow:
        user = await uow.users.by_external("console", "u1")
        assert [b.code for b in await uow.booking.upcoming_for(user.id, clock.now())] == [code]
    await press(resident, "menu-mine", "#1", "mine-cancel", "confirm-cancel-yes")
    assert resident.keys()[0] == "mine-cancelled"
    async with db.uow() as uow:
        user = await uow.users.by_external("console", "u1")
        assert await uow.booking.upcoming_for(user.id, clock.now()) == []


async def test_a_day_outside_the_horizon_is_refused(db, clock, resident):
    await press(resident, *DANCE, "facility-book", "!12-25")
    assert resident.keys()[0] == "booking-day-not-offered"
    await press(resident, "!明天")
    assert resident.keys() == ["booking-pick-slot"]


async def test_a_slot_that_is_not_offered_is_refused(db, clock, resident):
    await press(resident, *DANCE, "facility-book", "#1")
    await resident.send(payload=await resident.forge("book", "slot", 999999))
    assert resident.keys()[0] == "booking-slot-not-offered"
    async with db.uow() as uow:
        user = await uow.users.by_external("console", "u1")
        assert await uow.booking.upcoming_for(user.id, clock.now()) == []


async def test_someone_elses_booking_cannot_be_opened_or_cancelled(
    db, clock, conversation, translator, resident
):
    await factories.user(db, clock, "u2", community_code="xinhuashe")
    other = Chat(conversation, translator, "u2")
    await other.send("")
    await press(other, *DANCE, "facility-book", "#1", "#1", "booking-confirm")
    code = other.last.messages[0].args["code"]
    async with db.uow() as uow:
        owner = await uow.users.by_external("console", "u2")
        (booking,) = await uow.booking.upcoming_for(owner.id, clock.now())
    await press(resident, "menu-mine")
    await resident.send(payload=await resident.forge("mine", "list", booking.id))
    assert "error-not-found" in resident.keys()
    await resident.send(payload=await resident.forge("mine", "detail", "cancel"))
    async with db.uow() as uow:
        assert (await uow.booking.booking(booking.id)).status == "booked"
        assert booking.code == code


async def test_waitlist_offer_is_accepted_with_one_tap(
    db, clock, conversation, translator, resident
):
    # 乒乓球室 serves 七星园: two neighbours fill a slot, a third waits.
    people = []
    for name in ("a", "b", "c"):
        await factories.user(db, clock, name, community_code="qixingyuan")
        chat = Chat(conversation, translator, name)
        await chat.send("")
        await press(
            chat, "menu-facilities", "facilities-search", "!乒乓", "#1", "facility-book", "#1", "#1"
        )
        people.append(chat)
    await press(people[0], "booking-confirm")
    await press(people[1], "booking-confirm")
    await press(people[2], "booking-confirm")  # too late: the slot filled meanwhile
    assert people[2].keys() == ["booking-slot-full", "waitlist-ask", "booking-slot-summary"]
    await press(people[2], "waitlist-join")
    assert people[2].keys()[0] == "waitlist-joined"
    await press(people[0], "menu-mine", "#1", "mine-cancel", "confirm-cancel-yes")
    async with db.uow() as uow:
        waiting = await uow.users.by_external("console", "c")
        (offer,) = [m for m in await uow.outbox.for_user(waiting.id) if m.kind == "waitlist-offer"]
    accept = offer.body["buttons"][0]["payload"]
    assert accept.startswith("do|wl-accept|")
    await people[2].send(payload=accept)
    assert people[2].keys()[0] == "booking-done"
    await people[2].send(payload=accept)  # a second tap changes nothing
    assert people[2].keys()[0] == "waitlist-offer-gone"
    async with db.uow() as uow:
        assert len(await uow.booking.upcoming_for(waiting.id, clock.now())) == 1


async def _operator_of(db, clock, unit_name: str, external_id: str):
    person = await factories.user(db, clock, external_id, community_code="xinhuashe")
    async with db.uow() as uow:
        unit = (await uow.facilities.units_by_name())[unit_name]
        place = await uow.communities.by_code("xinhuashe")
        uow.roles.add(
            RoleGrant(
                user_id=person.id,
                community_id=place.id,
                role="operator",
                unit_id=unit.id,
                granted_by="test",
                created_at=clock.now(),
            )
        )
        await uow.commit()
        return person, unit


async def test_an_operator_manages_only_their_units_facilities(
    db, clock, conversation, translator, resident
):
    await _operator_of(db, clock, "石景山区业余大学", "op")
    chat = Chat(conversation, translator, "op")
    await chat.send("")
    await press(chat, "menu-manage")
    listed = chat.render()
    assert "舞蹈房" in listed and "职工食堂" not in listed
    async with db.uow() as uow:
        canteen = next(
            f
            for f in (await uow.facilities.units_by_name())["新华社第二工作区"].facilities
            if f.name == "职工食堂"
        )
    await chat.send(payload=await chat.forge("manage", "pick", canteen.id))
    assert chat.keys()[0] == "error-not-allowed"


async def test_check_in_from_todays_list_and_by_code(db, clock, conversation, translator, resident):
    await press(resident, *DANCE, "facility-book", "#1", "#1", "booking-confirm")
    code = resident.last.messages[0].args["code"]
    await factories.staff(db, clock, "boss", "xinhuashe")
    staff = Chat(conversation, translator, "boss")
    await staff.send("")
    await press(staff, "menu-manage", "=茶艺室", "manage-checkin", f"!{code}")
    assert staff.keys()[0] == "checkin-code-unknown"  # a code of another facility
    await press(staff, "!菜单", "menu-manage", "=舞蹈房", "manage-today")
    assert f"{code}" in staff.render() and "待签到" in staff.render()
    await press(staff, f"={code}")
    assert staff.keys()[0] == "manage-checked-in"
    assert "已签到" in staff.render()


async def test_a_booking_code_of_digits_alone_is_checked_in_by_typing_it(
    db, clock, conversation, translator, resident
):
    """Codes draw from 2-9 and letters: about 1 in 3,300 is digits alone. Typed at the door
    it is that code, not a choice of button 234,567."""
    from sqlalchemy import update

    from linli.storage.models import Booking

    await press(resident, *DANCE, "facility-book", "#1", "#1", "booking-confirm")
    async with db.uow() as uow:
        await uow.session.execute(update(Booking).values(code="234567"))
        await uow.commit()
    await factories.staff(db, clock, "boss", "xinhuashe")
    staff = Chat(conversation, translator, "boss")
    await staff.send("")
    await press(staff, "menu-manage", "=舞蹈房", "manage-checkin")
    await staff.send("234567")
    assert staff.keys()[0] == "manage-checked-in", staff.keys()


async def test_closing_dates_in_chat_tells_the_booked_resident(
    db, clock, conversation, translator, resident
):
    await press(resident, *DANCE, "facility-book", "!明天", "#1", "booking-confirm")
    # The dance room serves three communities: closing it takes staff of all three.
    await factories.staff(db, clock, "boss", "xinhuashe", "qixingyuan", "wufangyuan")
    staff = Chat(conversation, translator, "boss")
    await staff.send("")
    await press(staff, "menu-manage", "=舞蹈房", "manage-close", "!11-24", "!设备检修")
    assert staff.keys()[0] == "manage-closed"
    assert staff.last.messages[0].args["count"] == 1
    async with db.uow() as uow:
        user = await uow.users.by_external("console", "u1")
        notices = [m.body["messages"][0]["key"] for m in await uow.outbox.for_user(user.id)]
    assert "booking-cancelled-closure" in notices


async def test_a_request_in_chat_reaches_the_operator_and_the_answer_comes_back(
    db, clock, conversation, translator, resident
):
    operator, _unit = await _operator_of(db, clock, "石景山区业余大学", "op")
    await press(
        resident,
        "menu-facilities",
        "facilities-all",
        "=天光教室",
        "facility-request",
        "#2",
        "!14:00-16:00",
        "!合唱排练",
        "!30",
        "request-send",
    )
    assert resident.keys()[0] == "request-sent"
    chat = Chat(conversation, translator, "op")
    await chat.send("")
    await press(
        chat, "menu-manage", "=天光教室", "manage-requests", "#1", "manage-decline", "!当天已有安排"
    )
    assert chat.keys()[0] == "manage-declined"
    async with db.uow() as uow:
        user = await uow.users.by_external("console", "u1")
        (told,) = await uow.outbox.for_user(user.id)
        assert told.body["messages"][0]["key"] == "request-declined"
        assert (await uow.outbox.for_user(operator.id))[0].body["messages"][0]["key"] == (
            "request-new"
        )


async def test_month_report_in_chat_comes_with_a_csv(db, clock, conversation, translator, resident):
    await press(resident, *DANCE, "facility-book", "#1", "#1", "booking-confirm")
    await factories.staff(db, clock, "boss", "xinhuashe")
    staff = Chat(conversation, translator, "boss")
    await staff.send("")
    await press(staff, "menu-manage", "=舞蹈房", "manage-report-button")
    assert "2026-11：预约1次" in staff.render()
    assert staff.last.attachment.filename.endswith("2026-11.csv")


async def test_the_month_csv_is_in_the_readers_language_and_runs_no_formula(
    db, clock, conversation, translator, resident
):
    await press(resident, *DANCE, "facility-book", "#1", "#1", "booking-confirm")
    async with db.uow() as uow:
        (booking,) = await uow.booking.upcoming_for(
            (await uow.users.by_external("console", "u1")).id, clock.now()
        )
        booking.status, booking.cancel_reason = "cancelled", '=HYPERLINK("http://x","点我")'
        # A name typed as a formula stays words once masked, too.
        (await uow.users.get(booking.user_id)).display_name = "=1+1"
        await uow.commit()
    await factories.staff(db, clock, "boss", "xinhuashe")
    staff = Chat(conversation, translator, "boss")
    await staff.send("")
    await press(staff, "menu-manage", "=舞蹈房", "manage-report-button")
    file = staff.last.attachment

    def rows(locale: str) -> list[list[str]]:
        data = translator.file(file, locale)
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))

    header, (row,) = rows("zh-CN")[0], rows("zh-CN")[1:]
    assert header == ["日期", "开始", "结束", "预约码", "状态", "预约人", "取消原因"]
    assert row[4] == "已取消" and row[6] == "'" + '=HYPERLINK("http://x","点我")'
    assert row[5] == "'=***"
    header, (row,) = rows("en")[0], rows("en")[1:]
    assert header[0] == "Date" and row[4] == "cancelled"


# --- the directory: holidays, 调休 and the filters ------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (local(2026, 10, 1, 9), True),  # National Day, a Thursday: weekend hours
        (local(2026, 10, 8, 9), False),  # an ordinary Thursday morning: school time
        (local(2026, 10, 10, 9), False),  # a make-up working Saturday: weekday hours
        (local(2026, 10, 10, 18), True),
        (local(2026, 10, 17, 9), True),  # an ordinary Saturday
    ],
)
async def test_a_school_playground_follows_holidays_and_makeup_days(
    db, clock, tmp_path, moment, open_
):
    await factories.places(db)
    await factories.facility(
        db,
        clock,
        tmp_path,
        name="操场",
        capacity=None,
        days="工作日",
        opens="17:30",
        closes="20:30",
    )
    async with db.uow() as uow:
        unit = (await uow.facilities.units_by_name())["测试学校"]
        await uow.commit()
    from linli.storage.models import OpeningWindow

    async with db.uow() as uow:
        facility = await uow.facilities.get(unit.facilities[0].id)
        for weekday in (5, 6):
            facility.hours.append(
                OpeningWindow(weekday=weekday, opens=dt.time(8), closes=dt.time(11))
            )
        await uow.commit()
    async with db.uow() as uow:
        place = await uow.communities.by_code("xinhuashe")
        listings = await directory.directory(uow, place.id, moment, ZONE)
    found = directory.select(listings, "now", "", moment, ZONE)
    assert bool(found) is open_


async def test_directory_filters(db, clock):
    clock.set(local(2026, 11, 23, 19))  # Monday evening
    await factories.demo(db, clock)
    async with db.uow() as uow:
        place = await uow.communities.by_code("xinhuashe")
        listings = await directory.directory(uow, place.id, clock.now(), ZONE)

    def names(kind: str, value: str = "") -> set[str]:
        found = directory.select(listings, kind, value, clock.now(), ZONE)
        return {x.facility.name for x in found}

    assert "舞蹈房" in names("now") and "职工食堂" not in names("now")
    assert names("category", "停车") == {"停车场"}
    assert "茶艺室" in names("day", "2026-11-24") and "茶艺室" not in names("day", "2026-11-25")
    assert "消防教育基地" in names("weekend")
    assert names("search", "乒乓") == set()  # 乒乓球室 does not serve 新华社社区
    assert names("search", "新华社") == {"职工食堂", "健身广场", "停车场"}


async def test_the_card_names_todays_hours_and_the_next_opening(
    db, clock, conversation, translator, resident
):
    await press(resident, *DANCE)
    text = resident.render()
    assert "今天18:00–21:00，18:00开门。" in text
    clock.set(local(2026, 10, 1, 9))  # a holiday
    await resident.send("")
    assert "法定节假日" in resident.render()


def test_a_whole_booking_through_the_terminal(sqlite_url, tmp_path):
    linli("demo", "load", url=sqlite_url)
    script = (
        "\n".join([AGREE, "1", SKIP_PLACE, "1", "舞蹈", "1", "1", "1", "1", "1", "菜单", "2", "1"])
        + "\n"
    )
    out = linli("chat", "--user", "granny", url=sqlite_url, stdin=script).stdout
    assert "预约成功！预约码：" in out
    code = out.split("预约码：", 1)[1].split("\n", 1)[0]
    assert f"附件：booking-{code}.ics" in out
    saved = out.split("已存到", 1)[1].split("）", 1)[0]
    assert "BEGIN:VCALENDAR" in open(saved, encoding="utf-8").read()
    assert f"预约码：{code}" in out.split("您有1个预约", 1)[1]


async def test_an_operator_changes_weekly_hours_and_bad_hours_change_nothing(
    db, clock, conversation, translator, resident
):
    await _operator_of(db, clock, "石景山区业余大学", "op")
    chat = Chat(conversation, translator, "op")
    await chat.send("")
    await press(chat, "menu-manage", "=舞蹈房", "manage-hours")
    for bad in ("周八 18:00-20:00", "周一 18:00-20:30", "周一 20:00-18:00", "周一"):
        await chat.send(bad)
        assert chat.keys()[0] in ("manage-hours-ask", "hours-bad", "spoken-backwards"), bad
    assert "结束时间18:00早于开始时间20:00" in chat.render(await chat.send("周一 20:00-18:00"))
    async with db.uow() as uow:
        dance = next(
            f
            for f in (await uow.facilities.units_by_name())["石景山区业余大学"].facilities
            if f.name == "舞蹈房"
        )
        assert {(w.opens, w.closes) for w in dance.hours if w.weekday == 0} == {
            (dt.time(18), dt.time(21))
        }
    await chat.send("周一至周五 19:00-21:00")
    assert chat.keys()[0] == "manage-hours-done"
    assert "周一至周五 19:00–21:00" in chat.render()
    await press(resident, *DANCE, "facility-book", "#1")
    assert "18:00–19:00" not in resident.render() and "19:00–20:00" in resident.render()


@pytest.mark.parametrize(
    ("low", "high", "zh", "en"),
    [
        (14, None, "年龄要求：14岁以上", "Age: 14 and over"),
        (None, 12, "年龄要求：12岁以下", "Age: 12 and under"),
        (6, 12, "年龄要求：6到12岁", "Age: 6 to 12"),
    ],
)
async def test_the_card_says_an_open_age_bound_in_words(
    db, conversation, translator, resident, low, high, zh, en
):
    from sqlalchemy import update

    from linli.storage.models import Facility

    async with db.uow() as uow:
        await uow.session.execute(
            update(Facility).where(Facility.name == "舞蹈房").values(min_age=low, max_age=high)
        )
        await uow.commit()
    await press(resident, *DANCE)
    assert zh in resident.render() and "-" not in resident.render().split("年龄要求")[1][:12]
    assert en in translator.render(
        next(m for m in resident.last.messages if m.key == "card-fee-age"), "en"
    )


async def test_staff_see_the_bookings_of_another_day(db, clock, conversation, translator, resident):
    await press(resident, *DANCE, "facility-book", "!明天", "#1", "booking-confirm")
    code = resident.last.messages[0].args["code"]
    await factories.staff(db, clock, "boss", "xinhuashe")
    staff = Chat(conversation, translator, "boss")
    await staff.send("")
    await press(staff, "menu-manage", "=舞蹈房", "manage-today")
    assert staff.keys()[0] == "manage-day-none"
    await press(staff, "manage-day-after")
    assert staff.keys()[0] == "manage-day-title" and code in staff.render()
    # The title names the day, not the last booking line (which reused its variable).
    title = staff.last.messages[0].args["day"]
    assert title.key == "day-tomorrow", title
    await press(staff, f"={code}")  # not today: cannot check in yet
    assert staff.keys()[0] == "checkin-not-today"


def _local_today(clock) -> dt.date:
    return clock.now().astimezone(ZONE).date()


async def test_a_day_typed_as_people_say_it_is_understood(db, clock, resident):
    """下周六 and 12月5号 pick that day; 2月30日 and a day gone are named, not asked again."""
    clock.advance(days=(6 - _local_today(clock).weekday()) % 7)  # a Sunday: 下周六 is in reach
    today = _local_today(clock)
    saturday = today + dt.timedelta(days=6)  # the Saturday of next week, Monday-based
    await press(resident, *DANCE, "facility-book", "!下周六")
    assert resident.keys() == ["booking-pick-slot"]
    assert f"{saturday:%m-%d}" in resident.render()

    friday = today + dt.timedelta(days=5)
    await press(resident, "!菜单", *DANCE, "facility-book", f"!{friday.month}月{friday.day}号")
    assert resident.keys() == ["booking-pick-slot"]
    assert f"{friday:%m-%d}" in resident.render()
    # "N号" alone is the Nth of the month here, never the Nth button (as 二 or 第二个 are).
    thursday = today + dt.timedelta(days=4)
    await press(resident, "!菜单", *DANCE, "facility-book", f"!{thursday.day}号")
    assert resident.keys() == ["booking-pick-slot"]
    assert f"{thursday:%m-%d}" in resident.render()

    await press(resident, "!菜单", *DANCE, "facility-book", "!2月30日")
    assert resident.keys()[0] == "spoken-no-such-day"
    assert "没有2月30日" in resident.render()
    gone = today - dt.timedelta(days=3)
    await press(resident, f"!{gone.month}月{gone.day}日")
    assert resident.keys()[0] == "spoken-past" and "已经过去了" in resident.render()
    await press(resident, "!明天")  # still on the same step: the answer just works
    assert resident.keys() == ["booking-pick-slot"]


async def test_staff_type_closures_and_openings_as_they_say_them(
    db, clock, conversation, translator, resident
):
    await factories.staff(db, clock, "boss", "xinhuashe", "qixingyuan", "wufangyuan")
    staff = Chat(conversation, translator, "boss")
    await staff.send("")
    today = _local_today(clock)
    saturday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=12)
    await press(staff, "menu-manage", "=舞蹈房", "manage-close", "!2月30日")
    assert staff.keys()[0] == "spoken-no-such-day" and "没有2月30日" in staff.render()
    await press(staff, "!下周六")
    assert staff.keys() == ["manage-close-why"]
    assert f"{saturday.isoformat()}" in str(staff.last.messages[0].args)

    await press(staff, "!菜单", "menu-manage", "=舞蹈房", "manage-open", "!下周六下午五点到三点")
    assert staff.keys()[0] == "spoken-backwards"
    await press(staff, "!下周六 25:00-26:00")
    assert staff.keys()[0] == "spoken-bad-time" and "25:00不是有效时间" in staff.render()
    await press(staff, "!下周六晚上七点到九点")
    assert staff.keys()[0] == "manage-opened"
    assert "19:00–21:00" in staff.render() and f"{saturday:%m-%d}" in staff.render()


async def test_a_request_day_and_hours_are_typed_as_people_say_them(db, clock, resident):
    await press(resident, "menu-facilities", "facilities-all", "=天光教室", "facility-request")
    await press(resident, "!2月30日")
    assert resident.keys()[0] == "spoken-no-such-day"
    await press(resident, "!后天")
    assert resident.keys() == ["request-time-ask"]
    await press(resident, "!下午五点到三点")
    assert resident.keys()[0] == "spoken-backwards" and "早于开始时间" in resident.render()
    await press(resident, "!下午两点到四点", "!合唱排练", "!30")
    assert "14:00" in resident.render() and "16:00" in resident.render()
    await press(resident, "request-send")
    assert resident.keys()[0] == "request-sent"
