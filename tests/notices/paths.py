"""How to reach each step of notices, topics and events."""

from __future__ import annotations

import datetime as dt

from linli.handlers.events import service as events
from linli.handlers.notices import service as notices
from tests import factories
from tests.walk import Walk

NOTICE = ["menu-staff", "staff-notice", "!明天停水", "=停水停电", "notice-normal"]
NEW_EVENT = ["menu-staff", "staff-new-event", "!义诊", "!12-05 09:00", "!服务站", "!30", "=健康"]


async def a_notice(db, clock, conversation, translator) -> None:
    """Staff (boss) sent a notice to the community."""
    boss = await factories.staff(db, clock, "boss", "xinhuashe")
    async with db.uow() as uow:
        await notices.create_notice(
            uow,
            by=await uow.users.get(boss.id),
            community=await uow.communities.by_code("xinhuashe"),
            text="停水",
            topic="停水停电",
            urgent=False,
            audience=notices.Audience("community"),
            send_at=None,
            now=clock.now(),
        )
        await uow.commit()


async def an_event(db, clock, conversation, translator) -> None:
    """Staff (boss) made an event in two days."""
    boss = await factories.staff(db, clock, "boss", "xinhuashe")
    async with db.uow() as uow:
        await events.create_event(
            uow,
            by=await uow.users.get(boss.id),
            community=await uow.communities.by_code("xinhuashe"),
            title="义诊",
            starts_at=clock.now() + dt.timedelta(days=2),
            place="服务站",
            capacity=5,
            topic="健康",
            now=clock.now(),
        )
        await uow.commit()


PATHS = {
    ("notice_new", "text"): Walk("staff", ["menu-staff", "staff-notice"]),
    ("notice_new", "topic"): Walk("staff", ["menu-staff", "staff-notice", "!明天停水"]),
    ("notice_new", "urgent"): Walk(
        "staff", ["menu-staff", "staff-notice", "!明天停水", "=停水停电"]
    ),
    ("notice_new", "audience"): Walk("staff", NOTICE),
    ("notice_new", "place"): Walk("staff", [*NOTICE, "notice-to-place"]),
    ("notice_new", "when"): Walk("staff", [*NOTICE, "notice-to-community"]),
    ("notice_new", "time"): Walk("staff", [*NOTICE, "notice-to-community", "notice-later"]),
    ("notice_new", "confirm"): Walk("staff", [*NOTICE, "notice-to-community", "notice-now"]),
    ("notice_new", "sent"): Walk(
        "staff", [*NOTICE, "notice-to-community", "notice-now", "notice-send"]
    ),
    ("notices", "list"): Walk("staff", ["menu-staff", "staff-notices"]),
    ("notices", "detail"): Walk("staff", ["menu-staff", "staff-notices", "#1"], a_notice),
    ("topics", "list"): Walk("resident", ["menu-profile", "profile-topics"]),
    ("topics", "quiet"): Walk("resident", ["menu-profile", "profile-topics", "quiet-hours"]),
    ("events", "list"): Walk("resident", ["menu-events"]),
    ("events", "card"): Walk("resident", ["menu-events", "#1"], an_event),
    ("events", "leave"): Walk(
        "resident", ["menu-events", "#1", "event-join", "event-leave"], an_event
    ),
    ("event_new", "title"): Walk("staff", NEW_EVENT[:2]),
    ("event_new", "time"): Walk("staff", NEW_EVENT[:3]),
    ("event_new", "place"): Walk("staff", NEW_EVENT[:4]),
    ("event_new", "capacity"): Walk("staff", NEW_EVENT[:5]),
    ("event_new", "topic"): Walk("staff", NEW_EVENT[:6]),
    ("event_new", "confirm"): Walk("staff", NEW_EVENT),
}
