"""The engine: numbers choose, 返回/取消/菜单 work from every step, nothing is silent."""

from __future__ import annotations

import pytest

from linli.handlers.kit import payload as codec
from tests import factories
from tests.factories import Chat

# How to reach every step of every flow from the main menu: (who, presses, setup). A press
# is a label key (`menu-profile`), "=text" (a button whose label contains text), "#N"
# (type the number N), "!text" (type the text) or "/command".
DANCE = ["menu-facilities", "facilities-all", "=舞蹈房"]
MANAGE_DANCE = ["menu-manage", "=舞蹈房"]
HALL = ["menu-facilities", "facilities-all", "=天光教室", "facility-request"]
NOTICE = ["menu-staff", "staff-notice", "!明天停水", "=停水停电", "notice-normal"]
IDEA = ["menu-ideas", "ideas-all", "#1"]
NEW_IDEA = ["menu-ideas", "ideas-new", "!增设休息长椅", "!小区里没有座椅", "=文体", "=小区"]
SIMILAR = ["menu-ideas", "ideas-new", "!楼道装灯", "!三号楼楼道太黑", "=安全", "=楼院"]
MARKET = ["menu-market", "#1", "market-apply", "=理发", "!老王理发", "!理发修面", "!13812345678"]
NEW_MARKET = [
    "menu-staff",
    "staff-new-market",
    "!12-06",
    "!08:00-11:30",
    "!社区广场",
    "!蔬菜水果 6，理发 2",
    "!12-04 18:00",
    "!10",
    "!5",
    "market-mode-first",
]
FUND = ["menu-market", "market-fund"]
NEW_EVENT = ["menu-staff", "staff-new-event", "!义诊", "!12-05 09:00", "!服务站", "!30", "=健康"]
PATHS: dict[tuple[str, str], tuple[str, list[str], str | None]] = {
    ("onboarding", "community"): ("newcomer", [], None),
    ("profile", "home"): ("resident", ["menu-profile"], None),
    ("profile", "community"): ("resident", ["menu-profile", "profile-change-community"], None),
    ("profile", "compound"): ("resident", ["menu-profile", "profile-change-building"], None),
    ("profile", "building"): (
        "resident",
        ["menu-profile", "profile-change-building", "=宿舍"],
        None,
    ),
    ("profile", "lang"): ("resident", ["menu-profile", "profile-change-language"], None),
    ("profile", "invite"): ("resident", ["menu-profile", "profile-enter-invite"], None),
    ("language", "lang"): ("resident", ["/lang"], None),
    ("staff", "home"): ("staff", ["menu-staff"], None),
    ("staff", "invite_role"): ("staff", ["menu-staff", "staff-make-invite"], None),
    ("staff", "invite_unit"): ("staff", ["menu-staff", "staff-make-invite", "role-operator"], None),
    ("facilities", "home"): ("resident", ["menu-facilities"], None),
    ("facilities", "category"): ("resident", ["menu-facilities", "facilities-by-category"], None),
    ("facilities", "day"): ("resident", ["menu-facilities", "facilities-pick-day"], None),
    ("facilities", "search"): ("resident", ["menu-facilities", "facilities-search"], None),
    ("facilities", "list"): ("resident", ["menu-facilities", "facilities-all"], None),
    ("facilities", "card"): ("resident", DANCE, None),
    ("book", "day"): ("resident", [*DANCE, "facility-book"], None),
    ("book", "slot"): ("resident", [*DANCE, "facility-book", "#1"], None),
    ("book", "confirm"): ("resident", [*DANCE, "facility-book", "#1", "#1"], None),
    ("book", "wait"): ("resident", [*DANCE, "facility-book", "#1", "#1"], "full"),
    ("mine", "list"): ("resident", ["menu-mine"], None),
    ("mine", "detail"): ("resident", ["menu-mine", "#1"], "booked"),
    ("request", "day"): ("resident", HALL, None),
    ("request", "time"): ("resident", [*HALL, "#1"], None),
    ("request", "purpose"): ("resident", [*HALL, "#1", "!14:00-16:00"], None),
    ("request", "headcount"): ("resident", [*HALL, "#1", "!14:00-16:00", "!合唱排练"], None),
    ("request", "confirm"): ("resident", [*HALL, "#1", "!14:00-16:00", "!合唱排练", "!20"], None),
    ("manage", "pick"): ("staff", ["menu-manage"], None),
    ("manage", "home"): ("staff", MANAGE_DANCE, None),
    ("manage", "today"): ("staff", [*MANAGE_DANCE, "manage-today"], None),
    ("manage", "checkin"): ("staff", [*MANAGE_DANCE, "manage-checkin"], None),
    ("manage", "close"): ("staff", [*MANAGE_DANCE, "manage-close"], None),
    ("manage", "close_why"): ("staff", [*MANAGE_DANCE, "manage-close", "!12-01"], None),
    ("manage", "open"): ("staff", [*MANAGE_DANCE, "manage-open"], None),
    ("manage", "requests"): ("staff", [*MANAGE_DANCE, "manage-requests"], None),
    ("manage", "request"): (
        "staff",
        ["menu-manage", "=天光教室", "manage-requests", "#1"],
        "request",
    ),
    ("manage", "decline_why"): (
        "staff",
        ["menu-manage", "=天光教室", "manage-requests", "#1", "manage-decline"],
        "request",
    ),
    ("manage", "report"): ("staff", [*MANAGE_DANCE, "manage-report-button"], None),
    ("manage", "hours"): ("staff", [*MANAGE_DANCE, "manage-hours"], None),
    ("notice", "text"): ("staff", ["menu-staff", "staff-notice"], None),
    ("notice", "topic"): ("staff", ["menu-staff", "staff-notice", "!明天停水"], None),
    ("notice", "urgent"): ("staff", ["menu-staff", "staff-notice", "!明天停水", "=停水停电"], None),
    ("notice", "audience"): ("staff", NOTICE, None),
    ("notice", "place"): ("staff", [*NOTICE, "notice-to-place"], None),
    ("notice", "when"): ("staff", [*NOTICE, "notice-to-community"], None),
    ("notice", "time"): ("staff", [*NOTICE, "notice-to-community", "notice-later"], None),
    ("notice", "confirm"): ("staff", [*NOTICE, "notice-to-community", "notice-now"], None),
    ("notice", "sent"): (
        "staff",
        [*NOTICE, "notice-to-community", "notice-now", "notice-send"],
        None,
    ),
    ("notices", "list"): ("staff", ["menu-staff", "staff-notices"], None),
    ("notices", "detail"): ("staff", ["menu-staff", "staff-notices", "#1"], "notice"),
    ("topics", "list"): ("resident", ["menu-profile", "profile-topics"], None),
    ("topics", "quiet"): ("resident", ["menu-profile", "profile-topics", "quiet-hours"], None),
    ("events", "list"): ("resident", ["menu-events"], None),
    ("events", "card"): ("resident", ["menu-events", "#1"], "event"),
    ("event_new", "title"): ("staff", NEW_EVENT[:2], None),
    ("event_new", "time"): ("staff", NEW_EVENT[:3], None),
    ("event_new", "place"): ("staff", NEW_EVENT[:4], None),
    ("event_new", "capacity"): ("staff", NEW_EVENT[:5], None),
    ("event_new", "topic"): ("staff", NEW_EVENT[:6], None),
    ("event_new", "confirm"): ("staff", NEW_EVENT, None),
    ("market", "list"): ("resident", ["menu-market"], None),
    ("market", "card"): ("resident", MARKET[:2], "market"),
    ("market", "category"): ("resident", MARKET[:3], "market"),
    ("market", "stall"): ("resident", MARKET[:4], "market"),
    ("market", "goods"): ("resident", MARKET[:5], "market"),
    ("market", "phone"): ("resident", MARKET[:6], "market"),
    ("market", "confirm"): ("resident", MARKET, "market"),
    ("market", "mine"): ("resident", ["menu-market", "market-mine"], None),
    ("market", "stall_detail"): ("resident", ["menu-market", "market-mine", "#1"], "stall"),
    ("market", "attendance"): ("staff", [*MARKET[:2], "market-attendance"], "market"),
    ("market", "applications"): ("staff", [*MARKET[:2], "market-applications"], "stall-staff"),
    ("market", "reject"): ("staff", [*MARKET[:2], "market-applications", "#1"], "stall-staff"),
    ("market_new", "day"): ("staff", NEW_MARKET[:2], None),
    ("market_new", "hours"): ("staff", NEW_MARKET[:3], None),
    ("market_new", "place"): ("staff", NEW_MARKET[:4], None),
    ("market_new", "stalls"): ("staff", NEW_MARKET[:5], None),
    ("market_new", "deadline"): ("staff", NEW_MARKET[:6], None),
    ("market_new", "fee"): ("staff", NEW_MARKET[:7], None),
    ("market_new", "pledge"): ("staff", NEW_MARKET[:8], None),
    ("market_new", "mode"): ("staff", NEW_MARKET[:9], None),
    ("market_new", "confirm"): ("staff", NEW_MARKET, None),
    ("fund", "home"): ("resident", FUND, None),
    ("fund", "source"): ("staff", [*FUND, "fund-add-income"], None),
    ("fund", "amount"): ("staff", [*FUND, "fund-add-income", "=捐赠"], None),
    ("fund", "purpose"): ("staff", [*FUND, "fund-add-income", "=捐赠", "!500"], None),
    ("fund", "approver"): ("staff", [*FUND, "fund-add-spending", "!200", "!买垃圾桶"], None),
    ("ideas", "home"): ("resident", ["menu-ideas"], None),
    ("ideas", "category"): ("resident", ["menu-ideas", "ideas-by-category"], None),
    ("ideas", "list"): ("resident", ["menu-ideas", "ideas-all"], None),
    ("ideas", "card"): ("resident", IDEA, "idea"),
    ("ideas", "meeting"): ("staff", [*IDEA, "idea-do-meeting"], "idea-pending"),
    ("ideas", "summary"): ("staff", [*IDEA, "idea-do-summary"], "idea-scheduled"),
    ("ideas", "adopt"): ("staff", [*IDEA, "idea-do-adopt"], "idea-scheduled"),
    ("ideas", "decline"): ("staff", [*IDEA, "idea-do-decline"], "idea-scheduled"),
    ("ideas", "merge"): ("staff", [*IDEA, "idea-do-merge"], "idea"),
    ("ideas", "progress"): ("staff", [*IDEA, "idea-do-progress"], "idea-adopted"),
    ("ideas", "hide"): ("staff", [*IDEA, "idea-hide"], "idea"),
    ("ideas", "rate"): ("resident", [*IDEA, "idea-rate"], "idea-done"),
    ("idea_new", "title"): ("resident", NEW_IDEA[:2], None),
    ("idea_new", "text"): ("resident", NEW_IDEA[:3], None),
    ("idea_new", "category"): ("resident", NEW_IDEA[:4], None),
    ("idea_new", "level"): ("resident", NEW_IDEA[:5], None),
    ("idea_new", "similar"): ("resident", SIMILAR, "idea"),
    ("idea_new", "confirm"): ("resident", NEW_IDEA, None),
}


async def state_of(db, external_id: str):
    async with db.uow() as uow:
        user = await uow.users.by_external("console", external_id)
        state = await uow.conversations.get(user.id)
        return state.flow, state.step


async def _setup(db, clock, conversation, translator, name: str) -> None:
    """Someone else's doing that a path needs: a full slot, a booking, a request."""
    if name == "full":
        # Dance room places are 15: others fill the first slot of the first day.
        for n in range(15):
            await factories.user(db, clock, f"other{n}", community_code="xinhuashe")
            other = Chat(conversation, translator, f"other{n}")
            for press in ["", *DANCE, "facility-book", "#1", "#1", "booking-confirm"]:
                await _press(other, press)
            assert other.keys()[0] == "booking-done", other.render()
    elif name == "booked":
        chat = Chat(conversation, translator, "u1")
        for press in ["", *DANCE, "facility-book", "#1", "#1", "booking-confirm"]:
            await _press(chat, press)
    elif name in ("notice", "event"):
        import datetime as dt

        from linli.handlers.events import service as events
        from linli.handlers.notices import service as notices

        async with db.uow() as uow:
            boss = await factories.staff(db, clock, "boss", "xinhuashe")
            community = await uow.communities.by_code("xinhuashe")
            me = await uow.users.get(boss.id)
            if name == "notice":
                await notices.create_notice(
                    uow,
                    by=me,
                    community=community,
                    text="停水",
                    topic="停水停电",
                    urgent=False,
                    audience=notices.Audience("community"),
                    send_at=None,
                    now=clock.now(),
                )
            else:
                await events.create_event(
                    uow,
                    by=me,
                    community=community,
                    title="义诊",
                    starts_at=clock.now() + dt.timedelta(days=2),
                    place="服务站",
                    capacity=5,
                    topic="健康",
                    now=clock.now(),
                )
            await uow.commit()
    elif name in ("market", "stall", "stall-staff"):
        import datetime as dt
        from decimal import Decimal

        from linli.handlers.kit.config import CoreConfig
        from linli.handlers.market import service as market

        boss = await factories.staff(db, clock, "boss", "xinhuashe")
        config = CoreConfig()
        async with db.uow() as uow:
            made = await market.create_market(
                uow,
                by=await uow.users.get(boss.id),
                community=await uow.communities.by_code("xinhuashe"),
                day=dt.date(2026, 11, 29),
                opens=dt.time(8),
                closes=dt.time(12),
                place="广场",
                stalls={"蔬菜水果": 2, "理发": 1},
                deadline=clock.now() + dt.timedelta(days=3),
                fee=Decimal(5),
                pledge_percent=5,
                mode="first",
                now=clock.now(),
                config=config,
            )
            if name in ("stall", "stall-staff"):
                me = await uow.users.by_external("console", "u1" if name == "stall" else "boss")
                hair = (await market.categories(uow, made.id))[1]
                await market.apply(
                    uow,
                    me,
                    made.id,
                    hair.id,
                    stall_name="老王理发",
                    goods="理发",
                    phone="13812345678",
                    now=clock.now(),
                    config=config,
                )
            await uow.commit()
    elif name.startswith("idea"):
        import datetime as dt

        from linli.handlers.kit.config import CoreConfig
        from linli.handlers.proposals import service as ideas

        author = await factories.user(db, clock, "author", community_code="xinhuashe")
        await factories.user(db, clock, "fan", community_code="xinhuashe")
        boss = await factories.staff(db, clock, "boss", "xinhuashe")
        async with db.uow() as uow:
            (await uow.communities.by_code("xinhuashe")).proposal_threshold = 1
            idea = await ideas.submit(
                uow,
                await uow.users.get(author.id),
                title="楼道装灯",
                description="三号楼楼道太黑",
                category="安全",
                level="楼院",
                now=clock.now(),
            )
            if name != "idea":
                # A finished one is rated by its supporter: the resident on the path.
                supporter = "u1" if name == "idea-done" else "fan"
                backer = await uow.users.by_external("console", supporter)
                await ideas.support(uow, backer, idea.id, clock.now())
            if name in ("idea-scheduled", "idea-adopted", "idea-done"):
                await ideas.schedule(
                    uow,
                    await uow.users.get(boss.id),
                    idea.id,
                    starts_at=clock.now() + dt.timedelta(days=2),
                    place="议事厅",
                    level="楼院",
                    now=clock.now(),
                    config=CoreConfig(),
                )
            if name in ("idea-adopted", "idea-done"):
                await ideas.adopt(uow, await uow.users.get(boss.id), idea.id, "社区", clock.now())
            if name == "idea-done":
                await ideas.post_progress(
                    uow, await uow.users.get(boss.id), idea.id, 100, "完成", clock.now()
                )
            await uow.commit()
    elif name == "request":
        await factories.user(db, clock, "asker", community_code="xinhuashe")
        asker = Chat(conversation, translator, "asker")
        for press in ["", *HALL, "#1", "!14:00-16:00", "!合唱排练", "!20", "request-send"]:
            await _press(asker, press)
        assert asker.keys()[0] == "request-sent", asker.render()


async def _press(chat: Chat, press: str) -> None:
    if press.startswith(("/", "!")) or press == "":
        await chat.send(press.removeprefix("!"))
    elif press.startswith("#"):
        await chat.send(press[1:])
    elif press.startswith("="):
        await chat.send(chat.number_named(press[1:]))
    else:
        await chat.send(chat.number_of(press))


async def reach(db, clock, conversation, translator, flow: str, step: str):
    """Walk the path to a step; returns the chat and the (flow, step) after each press."""
    who, presses, setup = PATHS[(flow, step)]
    await factories.demo(db, clock)
    if who == "resident":
        await factories.user(db, clock, "u1", community_code="xinhuashe")
    elif who == "staff":
        await factories.staff(db, clock, "u1", "xinhuashe")
    if setup:
        await _setup(db, clock, conversation, translator, setup)
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    states = [await state_of(db, "u1")]
    for press in presses:
        await _press(chat, press)
        states.append(await state_of(db, "u1"))
    assert states[-1] == (flow, step), chat.render()
    return chat, states


def test_every_step_of_every_flow_has_a_path(conversation):
    steps = {(f.name, s) for f in conversation.flows.values() for s in f.steps}
    assert steps == set(PATHS)


@pytest.mark.parametrize("flow_step", sorted(PATHS), ids=lambda fs: ".".join(fs))
@pytest.mark.parametrize("word", ["取消", "menu"])
async def test_cancel_and_menu_leave_any_step(db, clock, conversation, translator, flow_step, word):
    chat, _states = await reach(db, clock, conversation, translator, *flow_step)
    await chat.send(word)
    if flow_step[0] == "onboarding":
        # Nobody skips choosing a community: the question comes back.
        assert await state_of(db, "u1") == ("onboarding", "community")
        assert "onboarding-pick-community" in chat.keys()
    else:
        assert await state_of(db, "u1") == (None, None)
        assert "menu-title" in chat.keys()


@pytest.mark.parametrize("flow_step", sorted(PATHS), ids=lambda fs: ".".join(fs))
async def test_back_returns_to_the_previous_step(db, clock, conversation, translator, flow_step):
    chat, states = await reach(db, clock, conversation, translator, *flow_step)
    await chat.send("返回")
    flow = flow_step[0]
    if flow == "onboarding":
        assert await state_of(db, "u1") == ("onboarding", "community")
    elif len(states) > 1 and states[-2][0] == flow:
        assert await state_of(db, "u1") == states[-2]
    else:  # the first step of a flow: back leaves it
        assert await state_of(db, "u1") == (None, None)
        assert "menu-title" in chat.keys()


@pytest.mark.parametrize(
    "flow_step", [fs for fs in sorted(PATHS) if fs[0] != "onboarding"], ids=lambda fs: ".".join(fs)
)
async def test_the_cancel_button_is_offered_and_works_by_number(
    db, clock, conversation, translator, flow_step
):
    chat, _states = await reach(db, clock, conversation, translator, *flow_step)
    if conversation.flows[flow_step[0]].steps[flow_step[1]].numbers_choose:
        await chat.send(chat.number_of("nav-cancel"))
    else:  # digits answer this step (a headcount): the button is tapped instead
        cancel = chat.last.buttons[int(chat.number_of("nav-cancel")) - 1]
        await chat.send(payload=cancel.payload)
    assert await state_of(db, "u1") == (None, None)
    assert chat.keys()[0] == "nav-cancelled"


@pytest.mark.parametrize("word", ["取消", "cancel", "退出", "菜单", "menu", "/start", "主菜单"])
async def test_every_word_for_cancel_and_menu_works(db, clock, conversation, translator, word):
    chat, _states = await reach(db, clock, conversation, translator, "profile", "lang")
    await chat.send(word)
    assert await state_of(db, "u1") == (None, None)
    assert "menu-title" in chat.keys()


async def test_typing_a_number_presses_that_button(db, clock, conversation, translator):
    await factories.demo(db, clock)
    chat = Chat(conversation, translator, "u1")
    reply = await chat.send("")
    second = reply.buttons[1]
    by_number = await chat.send("2")
    assert "profile-community-set" in chat.keys()
    # Full-width digits from a Chinese keyboard work the same.
    chat2 = Chat(conversation, translator, "u2")
    await chat2.send("")
    await chat2.send("２")
    assert chat2.render(chat2.last).splitlines()[0] == chat.render(by_number).splitlines()[0]
    assert codec.decode(second.payload)[0] == "c"


async def test_a_number_out_of_range_gets_a_hint_and_the_same_question(
    db, clock, conversation, translator
):
    await factories.demo(db, clock)
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    await chat.send("99")
    assert chat.keys()[0] == "hint-pick-number"
    assert "onboarding-pick-community" in chat.keys()
    assert await state_of(db, "u1") == ("onboarding", "community")


async def test_nonsense_gets_a_hint_and_the_menu(db, clock, conversation, translator):
    await factories.demo(db, clock)
    await factories.user(db, clock, "u1", community_code="xinhuashe")
    chat = Chat(conversation, translator, "u1")
    for nonsense in ["asdf", "？？？", "/nosuchcommand", "😀", "x" * 5000]:
        await chat.send(nonsense)
        assert chat.keys()[0] == "hint-unknown"
        assert "menu-title" in chat.keys()
        assert chat.last.buttons


async def test_a_forged_or_stale_payload_changes_nothing(db, clock, conversation, translator):
    await factories.demo(db, clock)
    await factories.user(db, clock, "u1", community_code="xinhuashe")
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    await chat.send(chat.number_of("menu-profile"))
    # A button of the language step pressed while on the profile card.
    await chat.send(payload=codec.encode("c", "profile", "lang", "en"))
    assert chat.keys()[0] == "hint-stale-button"
    assert await state_of(db, "u1") == ("profile", "home")
    await chat.send(payload="go|nosuchflow")
    assert chat.keys()[0] == "hint-stale-button"
    async with db.uow() as uow:
        assert (await uow.users.by_external("console", "u1")).locale == "zh-CN"


async def test_a_resident_cannot_open_staff_tools_by_payload(db, clock, conversation, translator):
    await factories.demo(db, clock)
    await factories.user(db, clock, "u1", community_code="xinhuashe")
    chat = Chat(conversation, translator, "u1")
    await chat.send(payload="go|staff")
    assert "error-not-allowed" in chat.keys()
    assert await state_of(db, "u1") == (None, None)


async def test_a_flow_left_too_long_expires(db, clock, conversation, translator, config):
    await factories.demo(db, clock)
    await factories.user(db, clock, "u1", community_code="xinhuashe")
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    await chat.send(chat.number_of("menu-profile"))
    clock.advance(seconds=config.conversation_ttl.total_seconds() - 60)
    await chat.send("")  # still there just before the deadline
    assert await state_of(db, "u1") == ("profile", "home")
    clock.advance(seconds=config.conversation_ttl.total_seconds() + 1)
    await chat.send("1")
    assert chat.keys()[0] == "conversation-expired"
    assert await state_of(db, "u1") == (None, None)


async def test_a_new_user_starts_in_their_apps_language(db, clock, conversation, translator):
    await factories.demo(db, clock)
    english = Chat(conversation, translator, "tg1", channel="telegram", locale_hint="en-US")
    reply = await english.send("/start")
    assert reply.locale == "en"
    assert "Welcome" in english.render()
    other = Chat(conversation, translator, "tg2", channel="telegram", locale_hint="fr")
    assert (await other.send("/start")).locale == "zh-CN"


async def test_language_switch_on_the_first_screen(db, clock, conversation, translator):
    await factories.demo(db, clock)
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    await chat.send(chat.number_of("onboarding-switch-language"))
    assert chat.last.locale == "en"
    assert "Which community" in chat.render()
