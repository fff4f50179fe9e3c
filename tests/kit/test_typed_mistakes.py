"""Issue 17, point 8: wherever a date or a time is typed, a wrong one is named (没有2月30日,
25:00不是有效时间) instead of the question coming back; what people say (明天晚上7点) is read.

The steps left to the old readers: a council meeting, quiet hours, a facility's weekly hours.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from linli.handlers.kit import when
from linli.handlers.kit.config import CoreConfig
from linli.storage.models import Meeting
from tests import walk
from tests.walk import all_paths, state_of

ZONE = CoreConfig().zone
PATHS = all_paths()


@pytest.fixture
async def db(demo_db):
    """SQLite with the demo, as the engine's own walks use: these are about words, not storage."""
    return demo_db


async def test_meeting_quiet_and_opening_hours_say_what_is_wrong(
    db, clock, conversation, translator
):
    today = when.day_of(clock.now(), ZONE)
    later = today + dt.timedelta(days=3)

    chat, _ = await walk.reach(db, clock, conversation, translator, PATHS[("proposals", "meeting")])
    await chat.send("2月30日 19:00 社区议事厅")
    assert "没有2月30日" in chat.render()
    await chat.send(f"{later.month}-{later.day} 25:00 社区议事厅")
    assert "25:00不是有效时间" in chat.render()
    await chat.send("明天晚上7点 议事厅")
    assert chat.keys()[0] == "proposal-done-staff"
    async with db.uow() as uow:
        (meeting,) = (await uow.session.scalars(select(Meeting))).all()
    tomorrow = today + dt.timedelta(days=1)
    assert meeting.place == "议事厅"
    assert meeting.starts_at == dt.datetime.combine(tomorrow, dt.time(19), tzinfo=ZONE)

    chat, _ = await walk.reach(
        db, clock, conversation, translator, PATHS[("topics", "quiet")], external_id="u2"
    )
    await chat.send("22:00-25:00")
    assert "25:00不是有效时间" in chat.render()
    assert await state_of(db, "u2") == ("topics", "quiet")
    await chat.send("晚上10点到早上7点")  # across midnight
    assert "免打扰时间：22:00–07:00" in chat.render()

    chat, _ = await walk.reach(
        db, clock, conversation, translator, PATHS[("manage", "hours")], external_id="u3"
    )
    await chat.send("周六 9点-25点")
    assert "25:00不是有效时间" in chat.render()
    await chat.send("周六 8-12")  # bare hours, as before
    assert chat.keys()[0] == "manage-hours-done"
