"""Chat and 议事会 of several items: 安排议事会 offers the community's meetings to come, a
typed time and place of one of them joins it, and a decision taken at the meeting shows on
the proposal's card in chat."""

from __future__ import annotations

import datetime as dt

import pytest

from linli.handlers.kit import when
from linli.handlers.kit.config import CoreConfig
from linli.handlers.proposals import meetings
from linli.handlers.proposals.meetings import Votes
from linli.storage.models import Meeting, Proposal
from tests import walk
from tests.factories import Chat
from tests.proposals.paths import IDEA, proposal_at
from tests.walk import Walk

CONFIG = CoreConfig()
ZONE = CONFIG.zone


@pytest.fixture
async def db(demo_db):
    return demo_db


async def _a_meeting_ahead(db, clock, place="文化站") -> int:
    async with db.uow() as uow:
        community = await uow.communities.by_code("xinhuashe")
        meeting = await meetings.create(
            uow,
            None,  # the command line
            community.id,
            starts_at=clock.now() + dt.timedelta(days=4),
            place=place,
            now=clock.now(),
        )
        await uow.commit()
        return meeting.id


async def _the_idea(db) -> Proposal:
    async with db.uow() as uow:
        (idea,) = await uow.proposals.by_author(
            (await uow.users.by_external("console", "author")).id
        )
        return idea


async def test_the_meeting_step_puts_the_proposal_on_a_meeting_to_come(
    db, clock, conversation, translator
):
    meeting_id = await _a_meeting_ahead(db, clock)
    path = Walk("staff", [*IDEA, "proposal-do-meeting"], proposal_at("pending"))
    chat, _ = await walk.reach(db, clock, conversation, translator, path)
    assert chat.keys() == ["meeting-ask"]
    assert "文化站（0个议题）" in chat.render()
    await chat.send(chat.number_of("meeting-choice"))
    assert chat.keys()[0] == "proposal-done-staff"
    idea = await _the_idea(db)
    assert (idea.state, idea.meeting_id) == ("scheduled", meeting_id)
    async with db.uow() as uow:
        lines = await meetings.agenda(uow, await uow.session.get(Meeting, meeting_id))
    assert [line.proposal.id for line in lines] == [idea.id]


async def test_a_typed_time_and_place_of_a_meeting_to_come_joins_it(
    db, clock, conversation, translator
):
    meeting_id = await _a_meeting_ahead(db, clock)
    path = Walk("staff", [*IDEA, "proposal-do-meeting"], proposal_at("pending"))
    chat, _ = await walk.reach(db, clock, conversation, translator, path)
    async with db.uow() as uow:
        starts = (await uow.session.get(Meeting, meeting_id)).starts_at.astimezone(ZONE)
    await chat.send(f"{starts:%m-%d %H:%M} 文化站")
    assert chat.keys()[0] == "proposal-done-staff"
    assert (await _the_idea(db)).meeting_id == meeting_id


async def test_a_decision_at_the_meeting_shows_in_chat(db, clock, conversation, translator):
    meeting_id = await _a_meeting_ahead(db, clock)
    path = Walk("staff", [*IDEA, "proposal-do-meeting"], proposal_at("pending"))
    chat, _ = await walk.reach(db, clock, conversation, translator, path)
    await chat.send(chat.number_of("meeting-choice"))
    clock.advance(days=4, hours=2)
    idea = await _the_idea(db)
    async with db.uow() as uow:
        staff = await uow.users.by_external("console", "u1")
        await meetings.decide(
            uow,
            staff,
            meeting_id,
            idea.id,
            "adopt",
            Votes(7, 1, 0),
            clock.now(),
            CONFIG,
            carried_by="社区",
        )
        await uow.commit()
    resident = Chat(conversation, translator, "author")
    await resident.send("菜单")
    await resident.send(resident.number_of("menu-proposals"))
    await resident.send(resident.number_of("proposals-all"))
    await resident.send("1")
    shown = resident.render()
    assert "已立项" in shown and "楼道装灯" in shown
    today = when.day_of(clock.now(), ZONE)
    assert f"{today.month:02d}-{today.day:02d}" in shown
