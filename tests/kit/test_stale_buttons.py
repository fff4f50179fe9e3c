"""Every button acts on what its message showed, or says it has expired.

The issue's cases first (Cancel on an older booking's message; Confirm on an older slot's
message), then a crawl of every flow reachable from the menu that presses every button of
every screen from an older message of that screen: each must answer "这个按钮已过期" with
the current screen and change nothing. The crawl is driven by data — the flows come from
the wiring and the menu, typed answers from one table — so a new flow is covered without
touching this file, and the test fails when a flow is never reached.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import deque

import pytest

from linli.handlers.booking import requests, timetable
from linli.handlers.booking import service as booking
from linli.handlers.kit import payload as codec
from linli.handlers.kit.config import CoreConfig
from linli.handlers.proposals import service as proposals
from linli.storage.models import Base, RoleGrant
from tests import factories
from tests.booking.test_booking_chat import DANCE, local, press
from tests.factories import Chat

STALE = "hint-stale-button"
# With the web console on, as the settings have it by default (its screen has a button).
CONFIG = CoreConfig(console_base="http://127.0.0.1:8080")


@pytest.fixture
def config() -> CoreConfig:
    return CONFIG


async def state_of(db, external_id: str):
    async with db.uow() as uow:
        user = await uow.users.by_external("console", external_id)
        state = await uow.conversations.get(user.id)
        return state.flow, state.step, state.data


# Rows that answering a message may touch without acting on anything.
IGNORED_TABLES = {"conversation_states", "processed_updates"}
IGNORED_COLUMNS = {"last_seen_at"}


async def watch_changes(db) -> None:
    """Count every row inserted, deleted or changed (beyond the ignored columns) in a table
    that holds what people did: the crawl compares the count, not every row of every table
    before and after each screen (which took a quarter of its time). SQLite triggers, so the
    count moves inside the same transaction as the change."""
    statements = [
        "CREATE TABLE crawl_changes (n INTEGER NOT NULL)",
        "INSERT INTO crawl_changes VALUES (0)",
    ]
    bump = "BEGIN UPDATE crawl_changes SET n = n + 1; END"
    for table in Base.metadata.sorted_tables:
        if table.name in IGNORED_TABLES:
            continue
        differs = " OR ".join(
            f'OLD."{c.name}" IS NOT NEW."{c.name}"'
            for c in table.columns
            if c.name not in IGNORED_COLUMNS
        )
        for event in ("INSERT", "DELETE"):
            statements.append(
                f'CREATE TRIGGER "crawl_{table.name}_{event.lower()}" AFTER {event}'
                f' ON "{table.name}" {bump}'
            )
        statements.append(
            f'CREATE TRIGGER "crawl_{table.name}_update" AFTER UPDATE ON "{table.name}"'
            f" WHEN {differs} {bump}"
        )
    async with db.engine.begin() as conn:
        for statement in statements:
            await conn.exec_driver_sql(statement)


async def everything(db) -> int:
    """How many times what people did has changed so far (for "nothing changed")."""
    async with db.engine.connect() as conn:
        return (await conn.exec_driver_sql("SELECT n FROM crawl_changes")).scalar()


@pytest.fixture
async def resident(db, clock, conversation, translator):
    clock.set(local(2026, 11, 23, 10))  # Monday 10:00
    await factories.demo(db, clock)
    await factories.user(db, clock, "u1", community_code="xinhuashe")
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    return chat


# --- the cases in the issue -------------------------------------------------------------------


async def test_cancel_on_an_older_bookings_message_cancels_nothing(db, clock, resident):
    await press(resident, *DANCE, "facility-book", "#1", "#1", "booking-confirm")
    first = resident.last.messages[0].args["code"]
    await press(resident, *DANCE, "facility-book", "#1", "#2", "booking-confirm")
    second = resident.last.messages[0].args["code"]
    # 我的预约 → the first booking: its message has [取消这个预约].
    await press(resident, "menu-mine", "#1")
    assert f"预约码：{first}" in resident.render()
    older = next(b for b in resident.last.buttons if b.label.key == "mine-cancel")
    # 我的预约 → the second booking, in a newer message.
    await press(resident, "!/mine", "#2")
    assert f"预约码：{second}" in resident.render()
    # Cancel pressed on the older message: refused, and the current screen is shown again.
    await resident.send(payload=older.payload)
    assert resident.keys()[0] == STALE
    assert "这个按钮已过期" in resident.render()
    assert f"预约码：{second}" in resident.render()
    async with db.uow() as uow:
        user = await uow.users.by_external("console", "u1")
        live = await uow.booking.upcoming_for(user.id, clock.now())
    assert sorted(b.code for b in live) == sorted([first, second])
    # The button of the message on show still works, on the booking it shows.
    await press(resident, "mine-cancel", "confirm-cancel-yes")
    assert resident.last.messages[0].args["code"] == second


async def test_a_stale_confirm_books_nothing(db, clock, resident):
    await press(resident, *DANCE, "facility-book", "#1", "#1")
    shown = resident.render()
    older = next(b for b in resident.last.buttons if b.label.key == "booking-confirm")
    await press(resident, "nav-back", "#2")  # another slot, on a newer message
    assert resident.render() != shown
    await resident.send(payload=older.payload)
    assert resident.keys()[0] == STALE
    async with db.uow() as uow:
        user = await uow.users.by_external("console", "u1")
        assert await uow.booking.upcoming_for(user.id, clock.now()) == []
    await press(resident, "booking-confirm")  # the one on show books what it shows
    assert resident.keys()[0] == "booking-done"


async def test_an_older_back_button_does_not_move_the_current_flow(db, clock, resident):
    await press(resident, *DANCE, "facility-book", "#1")
    older = next(b for b in resident.last.buttons if b.label.key == "nav-back")
    await press(resident, "#1")  # a slot: the confirm step
    await resident.send(payload=older.payload)
    assert resident.keys()[0] == STALE
    assert (await state_of(db, "u1"))[:2] == ("book", "confirm")


async def test_a_button_naming_its_object_is_checked_against_the_user(
    db, clock, conversation, translator, resident
):
    # A pushed offer names its waitlist entry: someone else's entry is not theirs to take.
    await factories.user(db, clock, "u2", community_code="xinhuashe")
    await resident.send(payload=codec.encode("do", "wl-accept", 1))
    assert "error-not-found" in resident.keys()
    await resident.send(payload=codec.encode("do", "rate", "1.5"))
    assert resident.keys()[0] in {"error-not-found", "error-not-allowed"}


def test_version_tags_are_short():
    assert [codec.version_tag(n) for n in (0, 35, 36, 46655, 46656)] == [
        "0",
        "z",
        "10",
        "zzz",
        "1000",
    ]


# --- every button of every flow, pressed from an older message ---------------------------------

# What to type at a step that asks for words or numbers (one answer, or several to try),
# so the crawl gets past it. A step not listed is only explored through its buttons.
TYPED = {
    ("facilities", "search"): ["舞蹈", "天光"],  # one booked by slots, one by request
    ("profile", "invite"): "NOSUCHCODE",
    ("request", "time"): "14:00-16:00",
    ("request", "purpose"): "合唱排练",
    ("request", "headcount"): "12",
    ("manage", "checkin"): "ABCDEF",
    ("manage", "close"): "12-20",
    ("manage", "close_why"): "设备检修",
    ("manage", "open"): "12-21 09:00-11:00",
    ("manage", "decline_why"): "时间冲突",
    ("manage", "hours"): "周一到周五 08:00-12:00",
    ("notice_new", "text"): "明天上午停水，请提前储水。",
    ("notice_new", "time"): "12-01 09:00",
    ("event_new", "title"): "健康讲座",
    ("event_new", "time"): "12-05 14:00",
    ("event_new", "place"): "社区活动室",
    ("event_new", "capacity"): "30",
    ("proposal_new", "title"): "楼道装灯",
    ("proposal_new", "text"): "三号楼楼道太黑，晚上看不见。",
    ("proposals", "meeting"): "12-05 19:00 社区议事厅",
    ("proposals", "summary"): "大家同意装灯",
    ("proposals", "decline"): "经费不足",
    ("proposals", "merge"): "1",
    ("proposals", "progress"): "100 灯已装好",
    ("proposals", "hide"): "广告",
    ("market", "stall"): "老王煎饼",
    ("market", "goods"): "煎饼果子",
    ("market", "phone"): "13800138000",
    ("market", "reject"): "名额已满",
    ("market_new", "day"): "12-12",
    ("market_new", "hours"): "09:00-12:00",
    ("market_new", "place"): "社区广场",
    ("market_new", "stalls"): "小吃 3，手工 2",
    ("market_new", "deadline"): "12-05 18:00",
    ("market_new", "fee"): "20",
    ("market_new", "pledge"): "10",
    ("fund", "amount"): "200",
    ("fund", "purpose"): "买灯泡",
    ("fund", "donor"): "王秀英",
    ("fund", "decline"): "预算不够",
    ("fund", "fix_amount"): "-20",
    ("fund", "fix_why"): "多记了",
    ("fund_fee", "amount"): "120",
    ("fund_fee", "purpose"): "11月集市摊位费",
}
# The screens whose buttons act on something (as well as every flow, checked anyway).
MUST_REACH = {
    ("book", "confirm"),
    ("book", "wait"),
    ("mine", "detail"),  # cancel a booking
    ("events", "card"),  # join, leave
    ("market", "stall_detail"),  # withdraw a stall
    ("market", "confirm"),  # apply
    ("market", "reject"),
    ("notice_new", "sent"),  # withdraw a notice
    ("proposals", "card"),  # support, report, staff decisions
    ("proposals", "rate"),
    ("proposals", "adopt"),
    ("fund", "request"),  # sign or turn down spending
    ("fund", "pick"),  # correct a line
    ("request", "confirm"),
    ("manage", "today"),  # check in
}
# Flows the crawl need not reach from the menu: onboarding comes before the menu; the
# place picker is opened from a pushed reminder.
NOT_FROM_THE_MENU = {"consent", "onboarding", "place"}
# Button actions that only leave a flow, the same from any message.
LEAVING = {"menu", "cancel"}
# Pressed fresh, these end the account the crawl walks with (pressed stale, they are refused).
ENDING = {"mydata-erase-yes"}
MAX_DEPTH = 12
MAX_VISITS = 400  # for one entry
# Where a screen's children start from: its step, what was chosen on the way (data) and
# the way back. Not its version or buttons: the screen is drawn again, from what the
# database holds by then, as a walk from the menu would draw it.
SAVED = ("flow", "step", "data", "history", "acting_for")


def _action(payload: str) -> str:
    return codec.decode(payload)[0]


class Crawl:
    """Explores from one entry (a menu button or a command) as one person, breadth first.
    A screen's children start from its conversation state as saved when it was shown,
    drawn again, not by walking the whole path from the menu again: that walk was 60% of
    the crawl's time (cProfile), and without it the crawl answers 7,402 messages, not
    10,735, and presses the old buttons of the same 139 steps."""

    def __init__(self, db, chat: Chat, entry: str) -> None:
        self.db = db
        self.chat = chat
        self.entry = entry
        self.seen: set = set()
        self.pressed: dict[str, set[str]] = {}  # flow → steps whose old buttons were refused
        self.visits = 0

    async def where(self):
        return await state_of(self.db, self.chat.external_id)

    async def save(self) -> dict:
        async with self.db.uow() as uow:
            user = await uow.users.by_external("console", self.chat.external_id)
            state = await uow.conversations.get(user.id)
            return {name: copy.deepcopy(getattr(state, name)) for name in SAVED}

    async def restore(self, saved: dict) -> None:
        async with self.db.uow() as uow:
            user = await uow.users.by_external("console", self.chat.external_id)
            state = await uow.conversations.get(user.id)
            for name, value in saved.items():
                setattr(state, name, copy.deepcopy(value))
            await uow.commit()

    async def reach(self, path: list[str], saved: tuple[dict, list] | None) -> None:
        """The screen at the end of `path`: its last step from its parent screen, put back
        as it was saved and shown again; walked to from the menu, as a person would, when
        it is the entry or when what was done since changed that screen's buttons."""
        steps = ["菜单", *path]
        if saved is not None:
            state, labels = saved
            await self.restore(state)
            await self.chat.send("")
            if [b.label for b in self.chat.last.buttons] == labels:
                steps = path[-1:]
        for item in steps:
            await self.chat.send(item)
            # Never a bug's answer (a payload over 64 bytes would be one).
            assert "error-internal" not in self.chat.keys(), (path, item)

    async def stale_presses(self) -> None:
        """Show this screen again, then press each of its older message's buttons."""
        older = self.chat.last.buttons
        await self.chat.send("")  # the same screen, in a newer message
        before = await self.where()
        rows = await everything(self.db)
        for button in older:
            if _action(button.payload) in LEAVING | {"go", "do"}:
                continue  # leaves the flow, or names its object (checked by the server)
            await self.chat.send(payload=button.payload)
            where = f"{before[0]}/{before[1]} [{button.label.key}] {button.payload}"
            assert self.chat.keys()[0] == STALE, where
            assert await self.where() == before, where
            self.pressed.setdefault(before[0], set()).add(before[1])
        assert await everything(self.db) == rows, f"{before[0]}/{before[1]} changed something"

    async def run(self) -> None:
        queue: deque[tuple[list[str], tuple[dict, list] | None]] = deque([([self.entry], None)])
        while queue and self.visits < MAX_VISITS:
            path, saved = queue.popleft()
            await self.reach(path, saved)
            self.visits += 1
            flow, step, _data = await self.where()
            if flow is None:
                continue  # back at the menu: other entries are other crawls
            labels = tuple(b.label.key for b in self.chat.last.buttons)
            # Screens are told apart by their buttons, and by what was typed on the way
            # (a search for 天光 leads elsewhere than one for 舞蹈, on the same steps).
            typed = tuple(x for x in path if not x.isdigit())
            key = (flow, step, labels, typed)
            if key in self.seen:
                continue
            self.seen.add(key)
            await self.stale_presses()
            if len(path) >= MAX_DEPTH:
                continue
            here = (await self.save(), [b.label for b in self.chat.last.buttons])
            explored = set()
            for number, button in enumerate(self.chat.last.buttons, 1):
                if _action(button.payload) in LEAVING | {"back"} or button.label.key in ENDING:
                    continue
                # One of each kind of button: the items of a list lead to screens of the
                # same kind (SEEDS put what matters first).
                kind = (button.label.key, button.label.key == "raw" and number > 1)
                if kind in explored:
                    continue
                explored.add(kind)
                queue.append(([*path, str(number)], here))
            typed_here = TYPED.get((flow, step), [])
            for text in [typed_here] if isinstance(typed_here, str) else typed_here:
                queue.append(([*path, text], here))


async def _person(db, clock, external_id: str, staff: bool):
    """A resident of 新华社 (or staff there and operator of a unit) with one booking."""
    if staff:
        person = await factories.staff(db, clock, external_id, "xinhuashe")
    else:
        person = await factories.user(db, clock, external_id, community_code="xinhuashe")
    async with db.uow() as uow:
        dance = next(
            f
            for f in (await uow.facilities.units_by_name())["石景山区业余大学"].facilities
            if f.name == "舞蹈房"
        )
        zone = CONFIG.zone
        for day in await timetable.bookable_days(uow, dance, clock.now(), zone):
            slots = await timetable.day_slots(uow, dance, day, clock.now(), zone)
            free = [x for x in slots if x.taken < x.capacity]
            if free:
                user = await uow.users.get(person.id)
                await booking.book(uow, user, dance.id, free[0].id, clock.now(), CONFIG)
                break
        await uow.commit()
    if not staff:
        return person
    async with db.uow() as uow:
        unit = (await uow.facilities.units_by_name())["石景山区业余大学"]
        uow.roles.add(
            RoleGrant(
                user_id=person.id,
                community_id=person.community_id,
                role="operator",
                unit_id=unit.id,
                granted_by="test",
                created_at=clock.now(),
            )
        )
        await uow.commit()
    return person


async def _entries(
    conversation, translator, db, clock, name: str, staff: bool
) -> list[tuple[str, str]]:
    """Where a person can start: each button of their menu (by number), each command;
    with the flow it opens (`go|proposals` → proposals)."""
    await _person(db, clock, name, staff)
    chat = Chat(conversation, translator, name)
    await chat.send("菜单")
    menu = [(str(n), codec.decode(b.payload)[1][0]) for n, b in enumerate(chat.last.buttons, 1)]
    return menu + [(f"/{command}", command) for command in sorted(conversation.wiring.commands)]


async def _as(db, fn, who, *args, **kwargs):
    async with db.uow() as uow:
        result = await fn(uow, await uow.users.get(who.id), *args, **kwargs)
        await uow.commit()
        return result


async def _ideas_at_every_stage(db, clock, person) -> None:
    """金点子 the person follows, one at each stage where they can act: to rate (done),
    to decide on (meeting held), to report progress on (adopted)."""
    boss = await factories.staff(db, clock, f"{person.external_id}-boss", "xinhuashe")
    fan = await factories.user(db, clock, f"{person.external_id}-fan", community_code="xinhuashe")
    ideas_made = []
    for title in ("门口修路", "增设座椅", "楼道装灯"):  # the newest is listed first
        clock.advance(seconds=61)  # one author's proposals come a minute apart
        idea = await _as(
            db,
            proposals.submit,
            person,
            title=title,
            description=f"{title}，方便大家",
            category="安全",
            level="小区",
            now=clock.now(),
        )
        await _as(db, proposals.support, fan, idea.id, now=clock.now())
        await _as(
            db,
            proposals.schedule,
            boss,
            idea.id,
            starts_at=clock.now() + dt.timedelta(minutes=1),
            place="议事厅",
            level="小区",
            now=clock.now(),
            config=CONFIG,
        )
        ideas_made.append(idea)
    clock.advance(seconds=120)  # the meetings have been held
    _held, adopted, done = ideas_made
    for idea in (done, adopted):
        await _as(db, proposals.adopt, boss, idea.id, carried_by="社区", now=clock.now())
    await _as(db, proposals.post_progress, boss, done.id, percent=100, text="好了", now=clock.now())


async def _a_request_to_decide(db, clock, person) -> None:
    """A resident asks to use 天光教室 (按需共享), which the person operates."""
    asker = await factories.user(
        db, clock, f"{person.external_id}-asker", community_code="xinhuashe"
    )
    async with db.uow() as uow:
        room = next(
            f
            for f in (await uow.facilities.units_by_name())["石景山区业余大学"].facilities
            if f.name == "天光教室"
        )
    await _as(
        db,
        requests.request_use,
        asker,
        room.id,
        clock.now().astimezone(CONFIG.zone).date() + dt.timedelta(days=3),
        dt.time(14),
        dt.time(16),
        "合唱排练",
        12,
        clock.now(),
        CONFIG,
    )


async def _a_resident_waiting(db, clock, person) -> None:
    """Someone who chose 新华社 and waits for staff to confirm them (居民确认 has a card)."""
    await factories.waiting(db, clock, f"{person.external_id}-newbie")


# What a person needs before the crawl of a flow can reach all its screens, by the flow
# the entry opens; other flows need nothing beyond the person (with one booking).
SEEDS = {
    "proposals": _ideas_at_every_stage,
    "manage": _a_request_to_decide,
    "staff": _a_resident_waiting,
}


# Flows whose screens do not change with what the other crawls did (a stall applied for,
# a 金点子 supported, a request made): crawled in the first two rounds only. With commands
# no longer crawling what their menu button did, that halved the crawl's time (139 s → 69 s)
# and pressed the same 133 steps' old buttons (the staff desk, 金点子, the market, 我的预约,
# events and the fund are still crawled again).
SETTLED = {"profile", "facilities", "reserve", "book", "lang", "contact", "link", "join", "start"}


async def test_every_button_of_every_flow_pressed_from_an_older_message_is_refused(
    db, clock, conversation, translator
):
    if db.dialect != "sqlite":
        pytest.skip("the engine's rule, not storage: one backend is enough")
    clock.set(local(2026, 11, 23, 10))
    await factories.demo(db, clock)
    async with db.uow() as uow:  # one supporter takes a 金点子 to the council
        (await uow.communities.by_code("xinhuashe")).proposal_threshold = 1
        await uow.commit()
    await watch_changes(db)
    pressed: dict[str, set[str]] = {}
    # Staff first (they make the events, markets, notices and 金点子 residents then
    # see), residents, residents again (to see what they did: a stall, a support), then
    # staff again (to act on it: applications, requests, the council). Each entry is
    # explored by a person of its own, so what one crawl changes (a community, a
    # cancelled booking) does not hide screens from another.
    for round_, (group, staff) in enumerate((("s", True), ("r", False), ("r", False), ("s", True))):
        entries = await _entries(conversation, translator, db, clock, f"{group}{round_}", staff)
        crawled: set[str] = set()
        for n, (entry, opens) in enumerate(entries):
            # A command that opens a flow a menu button opened explores the same screens;
            # the rounds after the first two are for what people did, not the settled flows.
            if opens in crawled or (round_ >= 2 and opens in SETTLED):
                continue
            crawled.add(opens)
            person = f"{group}-{n}"
            if round_ < 2:
                made = await _person(db, clock, person, staff)
                if opens in SEEDS:
                    await SEEDS[opens](db, clock, made)
            crawl = Crawl(db, Chat(conversation, translator, person), entry)
            await crawl.run()
            for flow, steps in crawl.pressed.items():
                pressed.setdefault(flow, set()).update(steps)
        clock.advance(seconds=60)
    flows = {f.name for f in conversation.flows.values()} - NOT_FROM_THE_MENU
    assert flows - set(pressed) == set(), f"flows never reached: {flows - set(pressed)}"
    reached = {(flow, step) for flow, steps in pressed.items() for step in steps}
    assert MUST_REACH - reached == set()


async def test_menu_buttons_with_old_flow_names_open_the_renamed_flows(
    db, clock, conversation, translator
):
    """Sent before 0015_names, or installed as the WeChat menu: `go|ideas` and `go|idea_new`
    open the proposals' flows as they are called now. An answer to a step of an old name is
    from a screen that no longer exists: refused politely, the screen shown again."""
    await factories.places(db)
    await factories.user(db, clock, "r1", community_code="xinhuashe")
    chat = Chat(conversation, translator, "r1")
    await chat.send("")
    for old, new in (("go|ideas", "go|proposals"), ("go|idea_new", "go|proposal_new")):
        await chat.send(payload=new)
        now_called = chat.keys()
        await chat.send(payload="menu")
        await chat.send(payload=old)
        assert chat.keys() == now_called and "hint-stale-button" not in now_called, old
    await chat.send(payload="c|idea_new|title|x|0")
    assert chat.keys()[0] == "hint-stale-button"
