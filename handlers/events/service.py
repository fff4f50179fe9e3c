"""Events: staff create them; residents sign up within capacity and are reminded."""

from __future__ import annotations

import datetime as dt

from linli.handlers.kit import ids, when
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.errors import AlreadyDone, DomainError, NotFound, NotInCommunity
from linli.handlers.kit.notify import push
from linli.handlers.kit.text import raw, t
from linli.handlers.notices.service import TOPICS
from linli.handlers.profile.service import require_staff, write_audit
from linli.storage.models import Community, Event, EventSignup, User
from linli.storage.uow import UnitOfWork

REMINDERS = (("day", dt.timedelta(days=1)), ("hour", dt.timedelta(hours=1)))


def reminders_ahead(starts_at: dt.datetime, now: dt.datetime) -> list[str]:
    """The reminders a sign-up now still gets: one whose moment has passed is not queued,
    and the resident is told only of those that will come."""
    return [name for name, before in REMINDERS if starts_at - before > now]


async def create_event(
    uow: UnitOfWork,
    *,
    by: User | None,
    community: Community,
    title: str,
    starts_at: dt.datetime,
    place: str,
    capacity: int | None,
    topic: str,
    now: dt.datetime,
) -> Event:
    await require_staff(uow, by, community.id)
    title, place = title.strip(), place.strip()
    if not title or len(title) > 100 or not place or len(place) > 100:
        raise DomainError(t("event-bad-details"))
    if starts_at <= now or (capacity is not None and not 1 <= capacity <= 10000):
        raise DomainError(t("event-bad-details"))
    if topic not in TOPICS:
        raise NotFound()
    event = Event(
        community_id=community.id,
        title=title,
        starts_at=starts_at,
        place=place,
        capacity=capacity,
        taken=0,
        topic=topic,
        created_by=ids.actor(by),
        created_at=now,
    )
    uow.events.add(event)
    await uow.flush()
    await write_audit(
        uow,
        now=now,
        community_id=community.id,
        actor=event.created_by,
        action="event.create",
        target=f"event:{event.id}",
        details={"title": title, "starts_at": starts_at.isoformat()},
    )
    return event


async def upcoming(uow: UnitOfWork, community_id: int, now: dt.datetime) -> list[Event]:
    return await uow.events.upcoming(community_id, now, limit=50)


async def _event_for(uow: UnitOfWork, user: User, event_id: int) -> Event:
    event = await uow.events.get(event_id)
    if event is None:
        raise NotFound()
    if event.community_id != user.community_id:
        raise NotInCommunity()
    return event


async def my_signup(uow: UnitOfWork, user: User, event_id: int) -> EventSignup | None:
    return await uow.events.signup(event_id, user.id)


async def sign_up(
    uow: UnitOfWork, user: User, event_id: int, now: dt.datetime, config: CoreConfig
) -> EventSignup:
    """Take a place (if the event has a capacity) and queue the reminders."""
    event = await _event_for(uow, user, event_id)
    if event.starts_at <= now:
        raise DomainError(t("event-started"))
    existing = await my_signup(uow, user, event.id)
    if existing is not None:
        return existing
    if event.capacity is not None:
        if not await uow.events.take_place(event.id):
            raise DomainError(t("event-full"))
    signup = EventSignup(event_id=event.id, user_id=user.id, status="going", created_at=now)
    uow.events.add(signup)
    await uow.flush()
    text = t(
        "event-reminder",
        title=raw(event.title),
        when=when.moment(event.starts_at, config.zone),
        place=raw(event.place),
    )
    ahead = reminders_ahead(event.starts_at, now)
    for name, before in REMINDERS:
        if name in ahead:
            await push(
                uow,
                user.id,
                text,
                kind="event-reminder",
                now=now,
                due_at=event.starts_at - before,
                dedupe_key=f"event:{event.id}:{user.id}:{signup.id}:{name}",
                expires_at=event.starts_at,
            )
    return signup


async def cancel_signup(uow: UnitOfWork, user: User, event_id: int) -> None:
    event = await _event_for(uow, user, event_id)
    signup = await my_signup(uow, user, event.id)
    if signup is None:
        raise AlreadyDone()
    signup.status = "cancelled"
    if event.capacity is not None:
        await uow.events.release_place(event.id)
    await uow.outbox.cancel_pending(f"event:{event.id}:{user.id}:{signup.id}:")


async def attendees(uow: UnitOfWork, by: User, event_id: int) -> tuple[Event, list[User]]:
    event = await uow.events.get(event_id)
    if event is None:
        raise NotFound()
    await require_staff(uow, by, event.community_id)
    return event, await uow.events.attendees(event.id)
