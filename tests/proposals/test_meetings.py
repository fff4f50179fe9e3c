"""议事会 of several proposals: the agenda, reschedule and cancel (followers told once,
reminders moved or called off), attendance, and each item's decision flowing into 决/督."""

from __future__ import annotations

import datetime as dt

import pytest

from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.errors import AlreadyDone, DomainError, NotAllowed, NotFound
from linli.handlers.proposals import meetings
from linli.handlers.proposals import service as proposals
from linli.handlers.proposals.meetings import Votes
from linli.storage.models import Meeting, Proposal
from tests import factories

CONFIG = CoreConfig()


@pytest.fixture
async def people(db, clock):
    await factories.places(db)
    async with db.uow() as uow:
        (await uow.communities.by_code("xinhuashe")).proposal_threshold = 1
        await uow.commit()
    staff = await factories.staff(db, clock, "boss", "xinhuashe")
    authors = [
        await factories.user(db, clock, f"a{n}", community_code="xinhuashe") for n in range(3)
    ]
    fan = await factories.user(db, clock, "fan", community_code="xinhuashe")
    far_staff = await factories.staff(db, clock, "farboss", "qixingyuan")
    return staff, authors, fan, far_staff


async def _do(db, fn, *args, **kwargs):
    async with db.uow() as uow:
        users = [await uow.users.get(a.id) if hasattr(a, "external_id") else a for a in args]
        result = await fn(uow, *users, **kwargs)
        await uow.commit()
        return result


async def _idea(db, clock, author, title, *, backer=None):
    """A proposal by `author`; with a backer it reaches the threshold of 1: 待议."""
    async with db.uow() as uow:
        proposal = await proposals.submit(
            uow,
            await uow.users.get(author.id),
            title=title,
            description="说明",
            category="环境",
            level="小区",
            now=clock.now(),
        )
        if backer is not None:
            await proposals.support(uow, await uow.users.get(backer.id), proposal.id, clock.now())
        await uow.commit()
        return proposal.id


async def _pending(db, clock, people, count=3):
    """`count` 待议 proposals, one per author, all backed by `fan`."""
    _staff, authors, fan, _ = people
    titles = ["东门装路灯", "楼下加长椅", "垃圾站搬远些"]
    return [await _idea(db, clock, authors[n], titles[n], backer=fan) for n in range(count)]


async def _meeting(db, clock, staff, community_id, days=3, place="社区议事厅"):
    return await _do(
        db,
        meetings.create,
        staff,
        community_id,
        starts_at=clock.now() + dt.timedelta(days=days),
        place=place,
        now=clock.now(),
    )


async def _add(db, clock, staff, meeting_id, proposal_id):
    return await _do(
        db, meetings.add_item, staff, meeting_id, proposal_id, now=clock.now(), config=CONFIG
    )


async def _pushes(db, user, key):
    async with db.uow() as uow:
        return [
            m for m in await uow.outbox.for_user(user.id) if m.body["messages"][0]["key"] == key
        ]


async def _agenda(db, meeting_id):
    async with db.uow() as uow:
        meeting = await uow.session.get(Meeting, meeting_id)
        return [
            (line.proposal.id, line.item.position, line.decision)
            for line in await meetings.agenda(uow, meeting)
        ]


async def _proposal(db, proposal_id) -> Proposal:
    async with db.uow() as uow:
        return await uow.session.get(Proposal, proposal_id)


async def _actions(db, community_id):
    async with db.uow() as uow:
        return [e.action for e in await uow.audit.recent(community_id, 100)]


async def test_an_agenda_of_pending_proposals_of_the_community_in_order(db, clock, people):
    staff, authors, fan, far_staff = people
    ids = await _pending(db, clock, people)
    collecting = await _idea(db, clock, fan, "还在征集的")
    community = authors[0].community_id
    with pytest.raises(NotAllowed):  # a resident
        await _meeting(db, clock, fan, community)
    with pytest.raises(NotAllowed):  # staff of another community
        await _meeting(db, clock, far_staff, community)
    with pytest.raises(DomainError):  # in the past
        await _meeting(db, clock, staff, community, days=-1)
    meeting = await _meeting(db, clock, staff, community)
    for proposal_id in ids:
        await _add(db, clock, staff, meeting.id, proposal_id)
    with pytest.raises(AlreadyDone):
        await _add(db, clock, staff, meeting.id, ids[0])
    with pytest.raises(DomainError) as refused:  # only 待议
        await _add(db, clock, staff, meeting.id, collecting)
    assert refused.value.message.key == "meeting-only-pending"
    with pytest.raises(NotAllowed):
        await _add(db, clock, far_staff, meeting.id, ids[0])
    far_meeting = await _meeting(
        db, clock, far_staff, (await factories.community(db, "qixingyuan")).id
    )
    with pytest.raises(NotFound):  # a proposal of another community
        await _add(db, clock, far_staff, far_meeting.id, ids[1])
    assert await _agenda(db, meeting.id) == [
        (ids[0], 1, None),
        (ids[1], 2, None),
        (ids[2], 3, None),
    ]
    for proposal_id in ids:
        proposal = await _proposal(db, proposal_id)
        assert (proposal.state, proposal.meeting_id) == ("scheduled", meeting.id)
    # Each follower hears of the meeting; the fan follows all three, so three notices.
    assert len(await _pushes(db, fan, "proposal-meeting")) == 3
    assert len(await _pushes(db, authors[1], "proposal-meeting-reminder")) == 1

    now = clock.now()
    await _do(db, meetings.move_item, staff, meeting.id, ids[2], step=-1, now=now)
    await _do(db, meetings.move_item, staff, meeting.id, ids[0], step=-1, now=now)  # first: stays
    assert [p for p, _, _ in await _agenda(db, meeting.id)] == [ids[0], ids[2], ids[1]]
    with pytest.raises(DomainError):  # not the agenda's items
        await _do(db, meetings.reorder, staff, meeting.id, [ids[0], ids[0], ids[1]], now=now)
    await _do(db, meetings.reorder, staff, meeting.id, [ids[1], ids[0], ids[2]], now=now)
    assert await _agenda(db, meeting.id) == [
        (ids[1], 1, None),
        (ids[0], 2, None),
        (ids[2], 3, None),
    ]
    with pytest.raises(NotAllowed):
        await _do(db, meetings.reorder, far_staff, meeting.id, [ids[0], ids[1], ids[2]], now=now)
    assert [p for p, _, _ in await _agenda(db, meeting.id)] == [ids[1], ids[0], ids[2]]
    actions = await _actions(db, community)
    assert {"meeting.create", "proposal.schedule", "meeting.reorder"} <= set(actions)


async def test_taking_an_item_off_puts_it_back_to_waiting_and_calls_off_its_reminder(
    db, clock, people
):
    staff, authors, _fan, _ = people
    ids = await _pending(db, clock, people, 2)
    meeting = await _meeting(db, clock, staff, authors[0].community_id)
    for proposal_id in ids:
        await _add(db, clock, staff, meeting.id, proposal_id)
    await _do(db, meetings.remove_item, staff, meeting.id, ids[0], now=clock.now(), config=CONFIG)
    assert await _agenda(db, meeting.id) == [(ids[1], 1, None)]
    proposal = await _proposal(db, ids[0])
    assert (proposal.state, proposal.meeting_id) == ("pending", None)
    (reminder,) = await _pushes(db, authors[0], "proposal-meeting-reminder")
    assert reminder.status == "cancelled"
    assert await _pushes(db, authors[0], "meeting-removed")
    assert not await _pushes(db, authors[1], "meeting-removed")
    # Back on the same meeting: a new notice and a reminder that is not blocked by the old one.
    await _add(db, clock, staff, meeting.id, ids[0])
    reminders = await _pushes(db, authors[0], "proposal-meeting-reminder")
    assert sorted(r.status for r in reminders) == ["cancelled", "pending"]
    assert len(await _pushes(db, authors[0], "proposal-meeting")) == 2
    assert "meeting.remove" in await _actions(db, authors[0].community_id)


async def test_reschedule_tells_each_follower_once_and_moves_the_reminders(db, clock, people):
    staff, authors, fan, far_staff = people
    ids = await _pending(db, clock, people, 2)
    meeting = await _meeting(db, clock, staff, authors[0].community_id, days=3)
    for proposal_id in ids:
        await _add(db, clock, staff, meeting.id, proposal_id)
    later = clock.now() + dt.timedelta(days=6)
    with pytest.raises(NotAllowed):
        await _do(
            db,
            meetings.reschedule,
            far_staff,
            meeting.id,
            starts_at=later,
            place="新地点",
            now=clock.now(),
            config=CONFIG,
        )
    with pytest.raises(DomainError):  # to the past
        await _do(
            db,
            meetings.reschedule,
            staff,
            meeting.id,
            starts_at=clock.now() - dt.timedelta(hours=1),
            place="社区议事厅",
            now=clock.now(),
            config=CONFIG,
        )
    await _do(
        db,
        meetings.reschedule,
        staff,
        meeting.id,
        starts_at=later,
        place="文化站二楼",
        now=clock.now(),
        config=CONFIG,
    )
    # The fan follows both items: one message naming both.
    (moved,) = await _pushes(db, fan, "meeting-moved")
    assert [m["args"]["title"]["args"]["text"] for m in moved.body["messages"][1:]] == [
        "东门装路灯",
        "楼下加长椅",
    ]
    assert moved.body["messages"][0]["args"]["place"]["args"]["text"] == "文化站二楼"
    (told,) = await _pushes(db, authors[1], "meeting-moved")
    assert len(told.body["messages"]) == 2
    reminders = await _pushes(db, fan, "proposal-meeting-reminder")
    assert sorted(r.status for r in reminders) == ["cancelled", "cancelled", "pending", "pending"]
    for reminder in reminders:
        if reminder.status == "pending":
            assert reminder.due_at == later - dt.timedelta(days=1)
            assert reminder.expires_at == later
            place = reminder.body["messages"][0]["args"]["place"]["args"]["text"]
            assert place == "文化站二楼"
    async with db.uow() as uow:
        steps = await proposals.timeline(uow, await uow.session.get(Proposal, ids[0]))
    assert steps[-1].kind == "moved" and steps[-1].text.endswith("文化站二楼")
    with pytest.raises(DomainError) as same:
        await _do(
            db,
            meetings.reschedule,
            staff,
            meeting.id,
            starts_at=later,
            place="文化站二楼",
            now=clock.now(),
            config=CONFIG,
        )
    assert same.value.message.key == "meeting-same"
    # Decisions wait for the new time, not the old one.
    clock.advance(days=3, hours=2)
    with pytest.raises(DomainError) as early:
        await _do(
            db,
            meetings.decide,
            staff,
            meeting.id,
            ids[0],
            "adopt",
            Votes(5, 0, 0),
            now=clock.now(),
            config=CONFIG,
            carried_by="社区",
        )
    assert early.value.message.key == "proposal-meeting-not-yet"
    assert "meeting.reschedule" in await _actions(db, authors[0].community_id)


async def test_cancel_sends_every_item_back_to_waiting_and_tells_followers_once(db, clock, people):
    staff, authors, fan, far_staff = people
    ids = await _pending(db, clock, people, 2)
    meeting = await _meeting(db, clock, staff, authors[0].community_id)
    for proposal_id in ids:
        await _add(db, clock, staff, meeting.id, proposal_id)
    with pytest.raises(NotAllowed):
        await _do(db, meetings.cancel, far_staff, meeting.id, now=clock.now(), config=CONFIG)
    told = await _do(db, meetings.cancel, staff, meeting.id, now=clock.now(), config=CONFIG)
    assert told == 3  # two authors and the fan
    (cancelled,) = await _pushes(db, fan, "meeting-cancelled")
    assert len(cancelled.body["messages"]) == 3
    for proposal_id in ids:
        proposal = await _proposal(db, proposal_id)
        assert (proposal.state, proposal.meeting_id) == ("pending", None)
    assert {r.status for r in await _pushes(db, fan, "proposal-meeting-reminder")} == {"cancelled"}
    async with db.uow() as uow:
        assert (await uow.session.get(Meeting, meeting.id)).status == "cancelled"
    with pytest.raises(DomainError) as closed:
        await _add(db, clock, staff, meeting.id, ids[0])
    assert closed.value.message.key == "meeting-closed"
    # The proposals can go on another meeting.
    other = await _meeting(db, clock, staff, authors[0].community_id, days=5)
    await _add(db, clock, staff, other.id, ids[0])
    assert (await _proposal(db, ids[0])).state == "scheduled"
    assert "meeting.cancel" in await _actions(db, authors[0].community_id)


async def test_after_the_meeting_attendance_and_each_decision_with_its_vote(db, clock, people):
    staff, authors, fan, far_staff = people
    ids = await _pending(db, clock, people, 3)
    meeting = await _meeting(db, clock, staff, authors[0].community_id, days=2)
    for proposal_id in ids:
        await _add(db, clock, staff, meeting.id, proposal_id)

    def decide(who, proposal_id, decision, votes, **extra):
        return _do(
            db,
            meetings.decide,
            who,
            meeting.id,
            proposal_id,
            decision,
            votes,
            now=clock.now(),
            config=CONFIG,
            **extra,
        )

    with pytest.raises(DomainError):  # not before it starts
        await decide(staff, ids[0], "adopt", Votes(9, 1, 0), carried_by="社区")
    with pytest.raises(DomainError):
        await _do(
            db,
            meetings.record_attendance,
            staff,
            meeting.id,
            12,
            "",
            now=clock.now(),
            config=CONFIG,
        )
    clock.advance(days=2, hours=2)
    with pytest.raises(DomainError):
        await _do(
            db,
            meetings.record_attendance,
            staff,
            meeting.id,
            -1,
            "",
            now=clock.now(),
            config=CONFIG,
        )
    await _do(
        db,
        meetings.record_attendance,
        staff,
        meeting.id,
        12,
        "楼长3人、居民代表8人、物业1人",
        now=clock.now(),
        config=CONFIG,
    )
    with pytest.raises(NotAllowed):
        await decide(far_staff, ids[0], "adopt", Votes(9, 1, 0), carried_by="社区")
    with pytest.raises(DomainError) as too_many:
        await decide(staff, ids[0], "adopt", Votes(9, 3, 1), carried_by="社区")
    assert too_many.value.message.key == "meeting-more-votes-than-people"
    with pytest.raises(DomainError):  # adopt names who carries it out
        await decide(staff, ids[0], "adopt", Votes(9, 1, 0))
    with pytest.raises(DomainError):  # decline gives a public reason
        await decide(staff, ids[1], "decline", Votes(2, 9, 1), reason="  ")
    assert [d for _, _, d in await _agenda(db, meeting.id)] == [None, None, None]

    await decide(staff, ids[0], "adopt", Votes(9, 1, 2), carried_by="街道")
    await decide(staff, ids[1], "decline", Votes(2, 9, 1), reason="场地不归社区管理")
    await decide(staff, ids[2], "defer", Votes(4, 4, 4))
    with pytest.raises(AlreadyDone):
        await decide(staff, ids[0], "decline", Votes(1, 1, 1), reason="x")
    assert [d for _, _, d in await _agenda(db, meeting.id)] == ["adopt", "decline", "defer"]

    adopted, declined, deferred = [await _proposal(db, i) for i in ids]
    assert (adopted.state, adopted.carried_by) == ("adopted", "街道")
    assert (declined.state, declined.reason) == ("declined", "场地不归社区管理")
    assert (deferred.state, deferred.meeting_id) == ("pending", None)
    assert await _pushes(db, authors[0], "proposal-adopted")
    assert await _pushes(db, fan, "proposal-declined")
    assert await _pushes(db, authors[2], "meeting-deferred")
    async with db.uow() as uow:
        stored = await uow.session.get(Meeting, meeting.id)
        assert (stored.status, stored.attendance) == ("held", 12)
        item = await uow.meetings.item(meeting.id, ids[0])
        assert (item.votes_for, item.votes_against, item.votes_abstain) == (9, 1, 2)
    with pytest.raises(DomainError) as fewer:  # 12 votes were cast on the first item
        await _do(
            db,
            meetings.record_attendance,
            staff,
            meeting.id,
            11,
            "",
            now=clock.now(),
            config=CONFIG,
        )
    assert fewer.value.message.key == "meeting-fewer-than-votes"
    # 督 goes on exactly as after a decision in chat.
    await _do(db, proposals.post_progress, staff, ids[0], 100, "路灯已装好", clock.now())
    assert (await _proposal(db, ids[0])).state == "done"
    actions = await _actions(db, authors[0].community_id)
    assert actions.count("meeting.decide") == 3
    assert {"proposal.adopt", "proposal.decline", "proposal.defer", "meeting.attendance"} <= set(
        actions
    )


async def test_a_decision_taken_in_chat_shows_on_the_agenda(db, clock, people):
    staff, authors, _fan, _ = people
    ids = await _pending(db, clock, people, 2)
    meeting = await _meeting(db, clock, staff, authors[0].community_id, days=1)
    for proposal_id in ids:
        await _add(db, clock, staff, meeting.id, proposal_id)
    clock.advance(days=1, hours=1)
    await _do(db, proposals.adopt, staff, ids[1], "社区", clock.now())
    assert [d for _, _, d in await _agenda(db, meeting.id)] == [None, "adopt"]
    with pytest.raises(AlreadyDone):
        await _do(
            db,
            meetings.decide,
            staff,
            meeting.id,
            ids[1],
            "decline",
            Votes(0, 0, 0),
            now=clock.now(),
            config=CONFIG,
            reason="x",
        )


async def test_the_old_one_proposal_schedule_makes_a_one_item_agenda(db, clock, people):
    staff, _authors, _fan, _ = people
    (idea,) = await _pending(db, clock, people, 1)
    meeting = await _do(
        db,
        proposals.schedule,
        staff,
        idea,
        starts_at=clock.now() + dt.timedelta(days=2),
        place="议事厅",
        level="小区",
        now=clock.now(),
        config=CONFIG,
    )
    assert await _agenda(db, meeting.id) == [(idea, 1, None)]


def test_the_migration_turns_each_old_meeting_into_a_one_item_agenda(sqlite_url):
    """0029_meetings: a proposal on a meeting becomes its one item; one adopted or declined
    there keeps that as the item's decision and its meeting counts as held."""
    import sqlite3

    from linli.storage.migrate import downgrade, upgrade

    path = sqlite_url.removeprefix("sqlite+aiosqlite:///")
    downgrade(sqlite_url, "0028_directory")
    at = "'2026-12-01 00:00:00'"
    with sqlite3.connect(path) as db:
        # Foreign keys are not enforced on this plain connection: no user nor community needed.
        for meeting_id in (1, 2):
            db.execute(
                "INSERT INTO meetings (id, community_id, starts_at, place, level, created_at)"
                f" VALUES ({meeting_id}, 1, {at}, '议事厅', '社区', {at})"
            )
        for proposal_id, state, meeting_id in (
            (1, "scheduled", 1),
            (2, "done", 2),
            (3, "pending", None),
        ):
            db.execute(
                "INSERT INTO proposals (id, community_id, author_id, title, description, category,"
                " level, state, threshold, supports, window_ends_at, meeting_id, progress, hidden,"
                f" reports, created_at, updated_at) VALUES (?, 1, 1, 't', 'd', '环境', '社区', ?,"
                f" 1, 1, {at}, ?, 0, 0, 0, {at}, {at})",
                (proposal_id, state, meeting_id),
            )
    upgrade(sqlite_url)
    with sqlite3.connect(path) as db:
        items = db.execute(
            "SELECT meeting_id, proposal_id, position, decision FROM meeting_items ORDER BY id"
        ).fetchall()
        statuses = db.execute("SELECT id, status FROM meetings ORDER BY id").fetchall()
    assert items == [(1, 1, 1, None), (2, 2, 1, "adopt")]
    assert statuses == [(1, "scheduled"), (2, "held")]
    downgrade(sqlite_url, "0028_directory")
    upgrade(sqlite_url)


async def test_two_staff_adding_at_once_number_the_agenda_one_after_the_other(db, clock, people):
    """The meeting's row is locked while its agenda changes: no two items share a place."""
    import asyncio

    staff, authors, _fan, _ = people
    ids = await _pending(db, clock, people, 3)
    meeting = await _meeting(db, clock, staff, authors[0].community_id)

    async def add(proposal_id):
        async with db.uow() as uow:
            who = await uow.users.get(staff.id)
            await meetings.add_item(uow, who, meeting.id, proposal_id, clock.now(), CONFIG)
            await asyncio.sleep(0)  # the other one tries meanwhile
            await uow.commit()

    await asyncio.gather(*(add(proposal_id) for proposal_id in ids))
    assert sorted(position for _, position, _ in await _agenda(db, meeting.id)) == [1, 2, 3]
