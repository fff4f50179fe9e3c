"""The facility card and the directory's lists (issue 17 points 7, 10, 11): at most 8 lines a
screen, details behind 更多, today's hours in lists, category and sharing mode said exactly,
each facility's holiday policy in the card and the timetable, closures to come on the card.

Which screens: every list of the directory (each way of looking, every page) and every demo
facility's card and 更多, on the fullest day (a holiday, closures ahead); plus, in every flow,
each step that shows one thing's card or a list, as its path in tests/*/paths.py leaves it.

How lines are counted: the terminal channel's rendering (bot/channels/console.py), one line per
printed line, WITHOUT the numbered button lines `[N] …`. Buttons are the choices, not the text
to read: Telegram draws them as keys under the message, and a list's items are its buttons.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from linli.handlers.booking import timetable
from linli.handlers.facilities import calendar
from linli.handlers.facilities.importer import import_directory
from linli.handlers.facilities.service import directory
from linli.handlers.kit.when import day_of
from linli.storage.models import FacilityException
from tests import factories, walk
from tests.factories import Chat

MAX_LINES = 8
BUTTON = re.compile(r"^\[\d+\] ")


def text_lines(chat: Chat) -> list[str]:
    """The screen as the terminal prints it, less the numbered buttons."""
    return [line for line in chat.render().split("\n") if not BUTTON.match(line)]


def next_holiday(today: dt.date) -> dt.date:
    """The first statutory holiday at least two days away (one always comes within a year)."""
    day = today + dt.timedelta(days=2)
    while not calendar.day_info(day).is_holiday:
        day += dt.timedelta(days=1)
    return day


def local_moment(day: dt.date, hour: int, config) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=config.zone).astimezone(dt.UTC)


async def close_day(db, facility_name: str, unit_name: str, day: dt.date, reason: str, clock):
    async with db.uow() as uow:
        unit = (await uow.facilities.units_by_name())[unit_name]
        facility = next(f for f in unit.facilities if f.name == facility_name)
        uow.booking.add(
            FacilityException(
                facility_id=facility.id,
                day=day,
                closed=True,
                reason=reason,
                created_by="test",
                created_at=clock.now(),
            )
        )
        await uow.commit()


async def test_every_card_and_list_of_the_demo_fits_in_eight_lines(
    demo_db, clock, config, translator
):
    """Walks every list (each way of looking, every page) and every facility's card and its
    更多, on the day before a holiday with closures ahead: the fullest cards there are."""
    from linli.handlers.wiring import build_conversation

    holiday = next_holiday(day_of(clock.now(), config.zone))
    clock.set(local_moment(holiday, 10, config))
    # Closures to come for every facility: the card's closure line shows on each.
    async with demo_db.uow() as uow:
        units = await uow.facilities.units_by_name()
        for unit in units.values():
            for facility in unit.facilities:
                for offset in (1, 3, 5):
                    uow.booking.add(
                        FacilityException(
                            facility_id=facility.id,
                            day=holiday + dt.timedelta(days=offset),
                            closed=True,
                            reason="设备检修",
                            created_by="test",
                            created_at=clock.now(),
                        )
                    )
        await uow.commit()
    await factories.user(demo_db, clock, "u1", community_code="xinhuashe")
    chat = Chat(build_conversation(demo_db, clock, config), translator, "u1")
    too_long: dict[str, list[str]] = {}
    cards: dict[str, tuple[str, str]] = {}  # title → (card, 更多)

    def check(where: str) -> None:
        lines = text_lines(chat)
        if len(lines) > MAX_LINES:
            too_long[where] = lines

    async def home() -> None:
        await chat.send("菜单")
        await chat.send(chat.number_of("menu-facilities"))

    async def walk_list(where: str, open_cards: bool) -> None:
        """Each page of the list on show; with open_cards, each card and its 更多 too."""
        page = 1
        while True:
            check(f"{where} p{page}")
            items = [n for n, b in enumerate(chat.last.buttons, 1) if b.label.key == "card-item"]
            for number in items if open_cards else []:
                await chat.send(str(number))
                assert chat.keys()[0] == "card-title", chat.render()
                name = chat.render().split("\n")[0]
                card = chat.render()
                check(name)
                await chat.send(chat.number_named("更多"))  # 更多, by its number
                assert chat.keys()[0].startswith("card-more-title"), chat.render()
                cards[name] = (card, chat.render())
                check(name + " 更多")
                await chat.send("返回")
                await chat.send("返回")
                assert chat.keys()[0] == "facilities-list-title", chat.render()
            if not any(b.label.key == "nav-next-page" for b in chat.last.buttons):
                return
            await chat.send(chat.number_of("nav-next-page"))
            page += 1

    await home()
    check("home")
    await chat.send(chat.number_of("facilities-all"))
    await walk_list("all", open_cards=True)
    for kind in ("facilities-open-now", "facilities-weekend"):
        await home()
        await chat.send(chat.number_of(kind))
        await walk_list(kind, open_cards=False)
    await home()
    await chat.send(chat.number_of("facilities-by-category"))
    categories = len(chat.last.buttons) - 2  # less 返回 and 不办了
    for n in range(1, categories + 1):
        await home()
        await chat.send(chat.number_of("facilities-by-category"))
        check("categories")
        await chat.send(str(n))
        await walk_list(f"category {n}", open_cards=False)
    await home()
    await chat.send(chat.number_of("facilities-pick-day"))
    days = [b for b in chat.last.buttons if b.label.key not in ("nav-back", "nav-cancel")]
    for n in range(1, len(days) + 1):
        await home()
        await chat.send(chat.number_of("facilities-pick-day"))
        check("days")
        await chat.send(str(n))
        await walk_list(f"day {n}", open_cards=False)
    await home()
    await chat.send(chat.number_of("facilities-search"))
    await chat.send("室")
    await walk_list("search 室", open_cards=False)

    assert not too_long, "\n\n".join(f"{k}:\n" + "\n".join(v) for k, v in too_long.items())
    assert len(cards) == 14  # every facility the resident's community is served by

    # The category and the sharing mode by name, and how to use each: walk in only where
    # nobody books; book where booking is needed; apply where the unit decides.
    canteen, _ = cards["【职工食堂】新华社第二工作区"]
    assert "餐饮 · 共建共享" in canteen and "直接去" in canteen
    dance, dance_more = cards["【舞蹈房】石景山区业余大学"]
    assert "文化学习 · 错时共享" in dance and "先预约" in dance and "直接去" not in dance
    hall, _ = cards["【天光教室】石景山区业余大学"]
    assert "按需共享" in hall and "先申请" in hall and "直接去" not in hall
    # Details moved behind 更多, not lost.
    assert "须知：" not in dance and "电话：" not in dance
    assert "周一至周五 18:00–21:00" in dance_more and "须知：请换软底鞋" in dance_more
    assert "电话：010-68864720" in dance_more
    # Closures to come are on the card, with why.
    assert "近期停开：" in dance and "（设备检修）" in dance


# Every other screen that shows one thing's card or a list, in every flow (events, market,
# proposals, 我的预约…), as its path in tests/*/paths.py leaves it.
CARD_AND_LIST_STEPS = sorted(
    key
    for key in walk.all_paths()
    if key[1] in ("card", "more", "detail", "list", "mine", "waitlist")
)


@pytest.mark.parametrize("flow_step", CARD_AND_LIST_STEPS, ids=lambda fs: ".".join(fs))
async def test_every_card_and_list_screen_of_every_flow_fits_in_eight_lines(
    demo_db, clock, config, translator, flow_step
):
    from linli.handlers.wiring import build_conversation

    conversation = build_conversation(demo_db, clock, config)
    path = walk.all_paths()[flow_step]
    chat, states = await walk.reach(demo_db, clock, conversation, translator, path)
    assert states[-1] == flow_step, chat.render()
    assert len(text_lines(chat)) <= MAX_LINES, chat.render()


async def test_a_facilitys_holiday_policy_holds_in_the_card_and_the_timetable(
    db, clock, config, translator
):
    """Demo: the 新华社 canteen is closed on holidays, the cookery room keeps its own holiday
    hours (09:00–12:00), the fitness square keeps Sunday hours (the usual rule)."""
    from linli.handlers.wiring import build_conversation

    await factories.demo(db, clock)
    holiday = next_holiday(day_of(clock.now(), config.zone))
    eve = holiday - dt.timedelta(days=1)
    clock.set(local_moment(eve, 10, config))
    async with db.uow() as uow:
        xinhuashe = await uow.communities.by_code("xinhuashe")
        listings = {
            (x.facility.unit.name, x.facility.name): x
            for x in await directory(uow, xinhuashe.id, clock.now(), config.zone)
        }
        canteen = listings[("新华社第二工作区", "职工食堂")]
        cookery = listings[("石景山区业余大学", "厨艺实训室")]
        square = listings[("新华社第二工作区", "健身广场")]
        assert canteen.windows_on(holiday) == []
        assert cookery.windows_on(holiday) == [(dt.time(9), dt.time(12))]
        assert square.windows_on(holiday) == square.windows_on(
            holiday + dt.timedelta(days=6 - holiday.weekday())  # that week's Sunday
        )
        # The timetable books the cookery room's holiday hours in its 90-minute slots (the
        # list holds what it shows; the timetable takes the whole facility).
        room = await uow.facilities.get(cookery.facility.id)
        slots = await timetable.day_slots(uow, room, holiday, clock.now(), config.zone)
        starts = [s.starts_at.astimezone(config.zone).time() for s in slots]
        assert starts == [dt.time(9), dt.time(10, 30)]
        assert holiday in await timetable.bookable_days(uow, room, clock.now(), config.zone)
        await uow.commit()
    # A staff closure, with its reason, joins the holiday on the canteen's card.
    await close_day(db, "职工食堂", "新华社第二工作区", eve + dt.timedelta(days=3), "消杀", clock)

    await factories.user(db, clock, "u1", community_code="xinhuashe")
    chat = Chat(build_conversation(db, clock, config), translator, "u1")
    await chat.send("")
    await chat.send(chat.number_of("menu-facilities"))
    await chat.send(chat.number_of("facilities-search"))
    await chat.send("食堂")
    await chat.send(chat.number_named("新华社第二工作区"))
    card = chat.render()
    assert "近期停开：" in card and "（节假日）" in card and "（消杀）" in card, card
    await chat.send(chat.number_of("card-more"))
    assert "法定节假日：不开放" in chat.render()
    # On the holiday itself the card says today is a holiday and what that means here.
    clock.set(local_moment(holiday, 10, config))
    await chat.send("返回")
    assert "今天是法定节假日，不开放。" in chat.render(), chat.render()
    await chat.send("菜单")
    await chat.send(chat.number_of("menu-facilities"))
    await chat.send(chat.number_of("facilities-search"))
    await chat.send("厨艺")
    await chat.send(chat.number_named("厨艺实训室"))
    assert "今天是法定节假日，按节假日时间开放。" in chat.render(), chat.render()
    await chat.send(chat.number_of("card-more"))
    assert "法定节假日：09:00–12:00" in chat.render()


HOLIDAYS = """\
units:
  - name: 测试小学
    kind: 学校
    address: 测试路1号
    facilities:
      - name: 操场
        category: 运动
        mode: 错时共享
        communities: [xinhuashe]
        fee: 免费
        hours:
          - days: 周末
            open: "08:00"
            close: "11:00"
        holidays: 有时开
      - name: 体育馆
        category: 运动
        mode: 错时共享
        communities: [xinhuashe]
        fee: 免费
        hours:
          - days: 周末
            open: "08:00"
            close: "12:00"
        holidays:
          - open: "09:00"
            close: "09:30"
          - open: "14:00"
            close: "13:00"
        booking:
          slot_minutes: 60
          capacity: 2
"""


async def test_the_importer_checks_the_holiday_policy(db, clock, tmp_path, translator):
    async with db.uow() as uow:
        from linli.handlers.demo import PLACES_FILE
        from linli.handlers.profile.places import import_places

        await import_places(uow, PLACES_FILE)
        await uow.commit()
    path = tmp_path / "holidays.yaml"
    path.write_text(HOLIDAYS, encoding="utf-8")
    async with db.uow() as uow:
        report = await import_directory(uow, path, now=clock.now())
    found = {(p.line, p.message.key) for p in report.problems}
    assert found == {
        (15, "card-import-holidays"),  # 有时开
        (26, "import-slot-fit"),  # 30 minutes in 60-minute slots
        (28, "import-close-before-open"),
    }, sorted(found)
    wrong = next(p for p in report.problems if p.line == 15)
    assert "有时开" in translator.render(wrong.message, "zh-CN")
    assert "关闭" in translator.render(wrong.message, "en")

    fixed = HOLIDAYS.replace("有时开", "关闭").replace('"09:30"', '"11:00"')
    fixed = fixed.replace(
        '"14:00"\n            close: "13:00"', '"14:00"\n            close: "16:00"'
    )
    path.write_text(fixed, encoding="utf-8")
    async with db.uow() as uow:
        report = await import_directory(uow, path, now=clock.now())
        assert report.ok, [(p.line, p.message.key) for p in report.problems]
        await uow.commit()
    async with db.uow() as uow:
        unit = (await uow.facilities.units_by_name())["测试小学"]
        got = {f.name: (f.holiday_policy, f.holiday_hours) for f in unit.facilities}
    assert got == {"操场": ("closed", None), "体育馆": ("own", "09:00-11:00,14:00-16:00")}


async def test_a_place_of_another_community_is_not_shown_by_a_forged_press(
    db, clock, conversation, translator
):
    """The list's buttons carry the place's id, and the card is opened from it without
    reading the directory again: the card itself refuses a place not open to her."""
    from sqlalchemy import select

    from linli.storage.models import Facility

    await factories.demo(db, clock)
    await factories.user(db, clock, "u1", community_code="xinhuashe")
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    await walk.press(chat, "menu-facilities")
    await walk.press(chat, "facilities-all")
    async with db.uow() as uow:
        piano = await uow.session.scalar(select(Facility.id).where(Facility.name == "琴房"))
    await chat.send(payload=await chat.forge("facilities", "list", piano))
    assert chat.keys()[0] == "facilities-gone"
    assert "琴房" not in chat.render()
    # Her own places still open from the same list.
    await walk.press(chat, "nav-back")
    await walk.press(chat, "=舞蹈房")
    assert "舞蹈房" in chat.render()
