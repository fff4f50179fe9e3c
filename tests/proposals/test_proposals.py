"""金点子 through 集、议、决、督, with the clock moved: every transition and every refusal."""

from __future__ import annotations

import datetime as dt

import pytest

from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.errors import AlreadyDone, DomainError, NotAllowed, NotInCommunity
from linli.handlers.proposals import service as proposals
from linli.storage.models import Proposal
from tests import factories

CONFIG = CoreConfig()


@pytest.fixture
async def people(db, clock):
    await factories.places(db)
    async with db.uow() as uow:
        (await uow.communities.by_code("xinhuashe")).proposal_threshold = 3
        await uow.commit()
    staff = await factories.staff(db, clock, "boss", "xinhuashe")
    author = await factories.user(db, clock, "author", community_code="xinhuashe")
    neighbours = [
        await factories.user(db, clock, f"n{n}", community_code="xinhuashe") for n in range(4)
    ]
    outsider = await factories.user(db, clock, "far", community_code="qixingyuan")
    far_staff = await factories.staff(db, clock, "farboss", "qixingyuan")
    return staff, author, neighbours, outsider, far_staff


async def _submit(
    db,
    clock,
    author,
    title="小区东门加装电动车充电桩",
    text="东门附近电动车多，楼道里充电有火灾隐患，建议加装充电桩。",
):
    async with db.uow() as uow:
        proposal = await proposals.submit(
            uow,
            await uow.users.get(author.id),
            title=title,
            description=text,
            category="安全",
            level="小区",
            now=clock.now(),
        )
        await uow.commit()
        return proposal


async def _do(db, fn, *args, **kwargs):
    async with db.uow() as uow:
        users = [await uow.users.get(a.id) if hasattr(a, "external_id") else a for a in args]
        result = await fn(uow, *users, **kwargs)
        await uow.commit()
        return result


async def _state(db, proposal_id):
    async with db.uow() as uow:
        return (await uow.session.get(Proposal, proposal_id)).state


async def _told(db, user, key):
    async with db.uow() as uow:
        return [
            m for m in await uow.outbox.for_user(user.id) if m.body["messages"][0]["key"] == key
        ]


async def test_support_reaches_the_threshold_and_everyone_hears(db, clock, people):
    staff, author, neighbours, outsider, _ = people
    idea = await _submit(db, clock, author)
    with pytest.raises(DomainError):  # one's own
        await _do(db, proposals.support, author, idea.id, now=clock.now())
    with pytest.raises(NotInCommunity):
        await _do(db, proposals.support, outsider, idea.id, now=clock.now())
    await _do(db, proposals.support, neighbours[0], idea.id, now=clock.now())
    with pytest.raises(AlreadyDone):  # twice
        await _do(db, proposals.support, neighbours[0], idea.id, now=clock.now())
    await _do(db, proposals.support, neighbours[1], idea.id, now=clock.now())
    assert await _state(db, idea.id) == "collecting"
    await _do(db, proposals.support, neighbours[2], idea.id, now=clock.now())
    assert await _state(db, idea.id) == "pending"
    for person in (author, *neighbours[:3]):
        assert await _told(db, person, "proposal-changed")
    assert await _told(db, staff, "proposal-staff-pending")
    with pytest.raises(DomainError):  # no more support once on the agenda
        await _do(db, proposals.support, neighbours[3], idea.id, now=clock.now())


async def test_a_window_that_ends_below_the_threshold_lapses(db, clock, people):
    _staff, author, neighbours, _, _ = people
    idea = await _submit(db, clock, author)
    await _do(db, proposals.support, neighbours[0], idea.id, now=clock.now())
    clock.advance(days=13, hours=23)
    async with db.uow() as uow:
        assert await proposals.close_windows(uow, clock.now()) == 0
    clock.advance(hours=2)
    with pytest.raises(DomainError):  # the window is over
        await _do(db, proposals.support, neighbours[1], idea.id, now=clock.now())
    async with db.uow() as uow:
        assert await proposals.close_windows(uow, clock.now()) == 1
        await uow.commit()
    assert await _state(db, idea.id) == "lapsed"
    assert await _told(db, author, "proposal-lapsed")
    assert not await _told(db, neighbours[0], "proposal-lapsed")


async def test_limits_on_submitting(db, clock, people):
    _staff, author, _, _, _ = people
    await _submit(db, clock, author)
    with pytest.raises(DomainError) as fast:
        await _submit(db, clock, author, title="第二个")
    assert fast.value.message.key == "proposal-too-fast"
    clock.advance(minutes=2)
    await _submit(db, clock, author, title="第二个")
    clock.advance(minutes=2)
    await _submit(db, clock, author, title="第三个")
    clock.advance(minutes=2)
    with pytest.raises(DomainError) as many:
        await _submit(db, clock, author, title="第四个")
    assert many.value.message.key == "proposal-too-many"
    with pytest.raises(DomainError):
        await _submit(db, clock, author, title="x" * 31)


async def test_similar_proposals_are_found(db, clock, people):
    _staff, author, neighbours, _, _ = people
    await _submit(db, clock, author)
    await _submit(db, clock, neighbours[0], title="增加社区图书角", text="想要一个读书的地方")
    async with db.uow() as uow:
        found = await proposals.similar(uow, author.community_id, "东门装充电桩")
    assert [p.title for p in found] == ["小区东门加装电动车充电桩"]


async def _schedule(db, clock, staff, idea_id, *, days: int, place: str, level: str):
    """Staff put the proposal on a council meeting `days` from now."""
    await _do(
        db,
        proposals.schedule,
        staff,
        idea_id,
        starts_at=clock.now() + dt.timedelta(days=days),
        place=place,
        level=level,
        now=clock.now(),
        config=CONFIG,
    )


async def _to_agenda(db, clock, people):
    _staff, author, neighbours, _, _ = people
    idea = await _submit(db, clock, author)
    for person in neighbours[:3]:
        await _do(db, proposals.support, person, idea.id, now=clock.now())
    return idea


async def test_deliberate_then_decide_and_not_before(db, clock, people):
    staff, author, neighbours, _, far_staff = people
    idea = await _to_agenda(db, clock, people)
    with pytest.raises(DomainError):  # decide before 议
        await _do(db, proposals.adopt, staff, idea.id, carried_by="社区", now=clock.now())
    with pytest.raises(NotAllowed):  # staff of another community
        await _do(
            db,
            proposals.schedule,
            far_staff,
            idea.id,
            starts_at=clock.now() + dt.timedelta(days=3),
            place="议事厅",
            level="社区",
            now=clock.now(),
            config=CONFIG,
        )
    with pytest.raises(NotAllowed):  # a resident
        await _do(
            db,
            proposals.schedule,
            neighbours[0],
            idea.id,
            starts_at=clock.now() + dt.timedelta(days=3),
            place="议事厅",
            level="社区",
            now=clock.now(),
            config=CONFIG,
        )
    await _schedule(db, clock, staff, idea.id, days=3, place="社区议事厅", level="社区")
    assert await _state(db, idea.id) == "scheduled"
    (told,) = await _told(db, neighbours[1], "proposal-meeting")
    (reminder,) = await _told(db, author, "proposal-meeting-reminder")
    assert reminder.due_at == clock.now() + dt.timedelta(days=2)
    assert reminder.expires_at == clock.now() + dt.timedelta(days=3)
    for decision in (  # 决 after 议: nothing is decided before the council has met
        lambda: _do(db, proposals.record_summary, staff, idea.id, text="x", now=clock.now()),
        lambda: _do(db, proposals.adopt, staff, idea.id, carried_by="街道", now=clock.now()),
        lambda: _do(db, proposals.decline, staff, idea.id, reason="x", now=clock.now()),
    ):
        with pytest.raises(DomainError) as refused:
            await decision()
        assert refused.value.message.key == "proposal-meeting-not-yet"
    clock.advance(days=3, hours=2)  # the meeting has been held
    await _do(
        db,
        proposals.record_summary,
        staff,
        idea.id,
        text="多数居民支持，需物业配合",
        now=clock.now(),
    )
    await _do(db, proposals.adopt, staff, idea.id, carried_by="街道", now=clock.now())
    assert await _state(db, idea.id) == "adopted"
    assert await _told(db, neighbours[2], "proposal-adopted")
    with pytest.raises(DomainError):  # once adopted it cannot be declined
        await _do(db, proposals.decline, staff, idea.id, reason="x", now=clock.now())
    async with db.uow() as uow:
        steps = [
            s.kind for s in await proposals.timeline(uow, await uow.session.get(Proposal, idea.id))
        ]
        actions = [e.action for e in await uow.audit.recent(author.community_id, 20)]
    assert steps == ["state", "state", "state", "summary", "state"]
    assert {"proposal.schedule", "proposal.summary", "proposal.adopt"} <= set(actions)
    assert told.body["messages"][0]["args"]["place"]["args"]["text"] == "社区议事厅"


async def test_decline_needs_a_public_reason(db, clock, people):
    staff, author, _, _, _ = people
    idea = await _to_agenda(db, clock, people)
    await _schedule(db, clock, staff, idea.id, days=1, place="议事厅", level="小区")
    clock.advance(days=1, hours=2)
    with pytest.raises(DomainError):
        await _do(db, proposals.decline, staff, idea.id, reason="  ", now=clock.now())
    await _do(db, proposals.decline, staff, idea.id, reason="场地不归社区管理", now=clock.now())
    (told,) = await _told(db, author, "proposal-declined")
    assert told.body["messages"][0]["args"]["reason"]["args"]["text"] == "场地不归社区管理"


async def test_a_meeting_reminder_is_withdrawn_when_its_proposal_is_merged(db, clock, people):
    staff, author, neighbours, _, _ = people
    idea = await _to_agenda(db, clock, people)
    await _schedule(db, clock, staff, idea.id, days=3, place="议事厅", level="小区")
    clock.advance(minutes=2)
    other = await _submit(db, clock, neighbours[0], title="东门装灯", text="同一件事")
    await _do(db, proposals.merge, staff, idea.id, into_id=other.id, now=clock.now())
    async with db.uow() as uow:
        left = [
            m
            for m in await uow.outbox.for_user(author.id)
            if m.body["messages"][0]["key"] == "proposal-meeting-reminder"
        ]
    assert [m.status for m in left] == ["cancelled"]


async def test_supporters_merged_into_a_scheduled_proposal_hear_of_its_meeting(db, clock, people):
    staff, _author, _neighbours, _, _ = people
    idea = await _to_agenda(db, clock, people)
    await _schedule(db, clock, staff, idea.id, days=3, place="社区议事厅", level="社区")
    clock.advance(minutes=2)
    newcomer = await factories.user(db, clock, "newcomer", community_code="xinhuashe")
    duplicate = await _submit(db, clock, newcomer, title="楼道灯坏了", text="同一件事")
    await _do(db, proposals.merge, staff, duplicate.id, into_id=idea.id, now=clock.now())
    (told,) = await _told(db, newcomer, "proposal-meeting")
    (reminder,) = await _told(db, newcomer, "proposal-meeting-reminder")
    assert reminder.due_at == clock.now() - dt.timedelta(minutes=2) + dt.timedelta(days=2)
    assert told.body["messages"][0]["args"]["place"]["args"]["text"] == "社区议事厅"


async def test_merge_carries_supporters_over(db, clock, people):
    staff, author, neighbours, _, _ = people
    first = await _submit(db, clock, author)
    clock.advance(minutes=2)
    second = await _submit(db, clock, neighbours[0], title="东门充电桩", text="同上")
    await _do(db, proposals.support, neighbours[1], first.id, now=clock.now())
    await _do(db, proposals.support, neighbours[2], second.id, now=clock.now())
    await _do(db, proposals.support, neighbours[1], second.id, now=clock.now())
    target = await _do(db, proposals.merge, staff, second.id, into_id=first.id, now=clock.now())
    assert await _state(db, second.id) == "merged"
    # neighbours[0] (author of the duplicate) and [2] move over; [1] supported both.
    assert target.supports == 3
    assert await _state(db, first.id) == "pending"  # the threshold of 3 is reached
    for person in (neighbours[0], neighbours[2]):
        assert await _told(db, person, "proposal-merged")


async def test_progress_then_done_and_one_rating_each(db, clock, people):
    staff, author, neighbours, outsider, _ = people
    idea = await _to_agenda(db, clock, people)
    await _schedule(db, clock, staff, idea.id, days=1, place="议事厅", level="小区")
    clock.advance(days=1, hours=2)
    await _do(db, proposals.adopt, staff, idea.id, carried_by="社区", now=clock.now())
    await _do(
        db,
        proposals.post_progress,
        staff,
        idea.id,
        percent=40,
        text="已联系供电公司",
        now=clock.now(),
    )
    assert len(await _told(db, neighbours[0], "proposal-progress")) == 1
    with pytest.raises(DomainError):  # progress does not go backwards
        await _do(
            db, proposals.post_progress, staff, idea.id, percent=30, text="x", now=clock.now()
        )
    with pytest.raises(DomainError):  # not before it is done
        await _do(db, proposals.rate, neighbours[0], idea.id, score=5, now=clock.now())
    await _do(
        db,
        proposals.post_progress,
        staff,
        idea.id,
        percent=100,
        text="充电桩已安装",
        now=clock.now(),
    )
    assert await _state(db, idea.id) == "done"
    (ask,) = await _told(db, author, "proposal-rate-ask")
    assert [b["payload"] for b in ask.body["buttons"]][4] == f"do|rate|{idea.id}.5"
    await _do(db, proposals.rate, neighbours[0], idea.id, score=5, now=clock.now())
    await _do(db, proposals.rate, neighbours[1], idea.id, score=4, now=clock.now())
    await _do(db, proposals.rate, author, idea.id, score=2, now=clock.now())
    with pytest.raises(AlreadyDone):
        await _do(db, proposals.rate, neighbours[0], idea.id, score=1, now=clock.now())
    with pytest.raises(NotAllowed):  # not a follower
        await _do(db, proposals.rate, outsider, idea.id, score=5, now=clock.now())
    async with db.uow() as uow:
        figures = await proposals.figures(uow, author.community_id)
    assert figures.satisfaction == 67 and figures.adopted_by["社区"] == 1
    assert figures.by_state["done"] == 1


async def test_three_reports_hide_and_staff_restore(db, clock, people):
    staff, author, neighbours, _, _ = people
    idea = await _submit(db, clock, author)
    for person in neighbours[:2]:
        await _do(db, proposals.report, person, idea.id, now=clock.now())
    with pytest.raises(AlreadyDone):
        await _do(db, proposals.report, neighbours[0], idea.id, now=clock.now())
    async with db.uow() as uow:
        assert [
            p.id for p in await proposals.listing(uow, await uow.users.get(neighbours[3].id))
        ] == [idea.id]
    await _do(db, proposals.report, neighbours[2], idea.id, now=clock.now())
    async with db.uow() as uow:
        assert await proposals.listing(uow, await uow.users.get(neighbours[3].id)) == []
    assert await _told(db, staff, "proposal-staff-reported")
    with pytest.raises(NotAllowed):
        await _do(
            db,
            proposals.set_hidden,
            neighbours[0],
            idea.id,
            hidden=False,
            reason="x",
            now=clock.now(),
        )
    await _do(
        db, proposals.set_hidden, staff, idea.id, hidden=False, reason="内容无问题", now=clock.now()
    )
    assert await _told(db, author, "proposal-shown")
    async with db.uow() as uow:
        assert len(await proposals.listing(uow, await uow.users.get(neighbours[3].id))) == 1


async def test_figures_say_no_ratings_yet_instead_of_a_dash(demo_db, clock, translator):
    from linli.handlers.wiring import build_conversation
    from tests.factories import Chat

    await factories.user(demo_db, clock, "u1", community_code="xinhuashe")
    chat = Chat(build_conversation(demo_db, clock, CONFIG), translator, "u1")
    await chat.send("")
    await chat.send(chat.number_of("menu-proposals"))
    await chat.send(chat.number_of("proposals-figures"))
    shown = chat.render()
    assert "暂无评价" in shown and "%" not in shown


async def test_the_card_stops_offering_support_and_done_ones_stay_under_adopted(
    demo_db, clock, translator
):
    from linli.handlers.wiring import build_conversation
    from tests.factories import Chat
    from tests.proposals.paths import proposal_at

    conversation = build_conversation(demo_db, clock, CONFIG)
    await factories.user(demo_db, clock, "u1", community_code="xinhuashe")
    await proposal_at("done")(demo_db, clock, conversation, translator)
    clock.advance(minutes=2)  # one author, two proposals: a minute apart at least
    async with demo_db.uow() as uow:
        author = await uow.users.by_external("console", "author")
        await proposals.submit(
            uow,
            author,
            title="东门加装路灯",
            description="晚上太黑",
            category="安全",
            level="小区",
            now=clock.now(),
        )
        await uow.commit()
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    await chat.send(chat.number_of("menu-proposals"))
    await chat.send(chat.number_of("proposals-adopted"))
    assert "楼道装灯" in chat.render()  # carried out to the end, still among the adopted
    await chat.send("菜单")
    await chat.send(chat.number_of("menu-proposals"))
    await chat.send(chat.number_of("proposals-all"))
    await chat.send(chat.number_named("东门加装路灯"))
    await chat.send(chat.number_of("proposal-support"))
    assert chat.keys()[0] == "proposal-supported"
    assert "proposal-support" not in [b.label.key for b in chat.last.buttons]


async def test_a_merged_card_names_and_opens_the_proposal_it_went_into(
    db, clock, people, conversation, translator
):
    from tests.factories import Chat

    staff, author, _neighbours, _outsider, _ = people
    first = await _submit(db, clock, author, title="东门装充电桩")
    clock.advance(minutes=2)
    second = await _submit(db, clock, author, title="东门电动车充电")
    await _do(db, proposals.merge, staff, second.id, into_id=first.id, now=clock.now())
    chat = Chat(conversation, translator, "n0")
    await chat.send("")
    await chat.send(chat.number_of("menu-proposals"))
    await chat.send(chat.number_of("proposals-all"))
    await chat.send(chat.number_named("东门电动车充电"))
    shown = chat.render()
    assert f"已合并到“东门装充电桩”（#{first.id}）" in shown
    assert f"查看#{first.id}：东门装充电桩" in shown
    await chat.send(chat.number_of("proposal-open-merged"))
    assert chat.last.messages[0].key == "proposal-card"
    assert chat.last.messages[0].args["id"] == first.id
    assert "proposal-support" in [b.label.key for b in chat.last.buttons]  # n0 may support it there
