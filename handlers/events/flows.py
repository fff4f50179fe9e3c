"""Events in chat: residents see what is coming and sign up; staff create events and see
who is coming.

Where each step goes: `linli flows events`, `event_new` (docs/flows.md).
"""

from __future__ import annotations

import datetime as dt

from linli.handlers.events import service
from linli.handlers.kit import when
from linli.handlers.kit.errors import NotFound
from linli.handlers.kit.flow import Ctx, Done, Flow, Input, Next, Outcome, Redraw, Stay, Step
from linli.handlers.kit.parse import whole_number
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.spoken_time import Problem, explain, read_moment
from linli.handlers.kit.text import raw, t
from linli.handlers.notices.service import TOPIC_NAMES, TOPICS
from linli.handlers.profile.service import (
    acting_community,
    acting_note,
    is_staff,
    screen_community,
)
from linli.storage.models import Community, Event


async def ask_list(ctx: Ctx) -> Reply:
    """What is coming up in my community."""
    here = await screen_community(ctx.uow, ctx.user, ctx.data)
    events = await service.upcoming(ctx.uow, here, ctx.clock.now())
    note = await acting_note(ctx.uow, ctx.user, ctx.data)
    if not events:
        return Reply(messages=[*note, t("events-none")])
    return Reply(
        messages=[*note, t("events-title", count=len(events))],
        buttons=[
            ctx.button(
                t(
                    "events-line",
                    when=when.moment(e.starts_at, ctx.config.zone),
                    title=raw(e.title),
                ),
                e.id,
            )
            for e in events[:8]
        ],
    )


async def answer_list(ctx: Ctx, given: Input) -> Outcome:
    if not (given.value or "").isdigit():
        return Stay(t("hint-use-buttons"))
    ctx.data["event"] = int(given.value)
    return Next("card")


async def _event(ctx: Ctx) -> Event:
    event = await ctx.uow.events.get(int(ctx.data.get("event", 0)))
    if event is None or event.community_id != await screen_community(ctx.uow, ctx.user, ctx.data):
        raise NotFound()
    return event


async def ask_card(ctx: Ctx) -> Reply:
    event = await _event(ctx)
    left = (
        t("event-places-left", left=event.capacity - event.taken)
        if event.capacity is not None
        else t("event-places-open")
    )
    going = await service.my_signup(ctx.uow, ctx.user, event.id) is not None
    messages = [
        t(
            "event-card",
            title=raw(event.title),
            when=when.moment(event.starts_at, ctx.config.zone),
            place=raw(event.place),
        ),
        left,
    ]
    buttons = [
        ctx.button(t("event-leave"), "leave") if going else ctx.button(t("event-join"), "join")
    ]
    if event.community_id != ctx.user.community_id:
        buttons = []  # staff of the event's community who live elsewhere: not theirs to join
    if going:
        messages.append(t("event-you-are-going"))
    if await is_staff(ctx.uow, ctx.user, event.community_id):
        buttons.append(ctx.button(t("event-attendees"), "who"))
    return Reply(messages=messages, buttons=buttons)


# What a sign-up is promised, by how many reminders are still ahead: with one left, it is
# the hour-before one (the day-before one passes first).
JOINED = [t("event-joined-soon"), t("event-joined-hour"), t("event-joined")]


async def answer_card(ctx: Ctx, given: Input) -> Outcome:
    event = await _event(ctx)
    if given.value == "join":
        await service.sign_up(ctx.uow, ctx.user, event.id, ctx.clock.now(), ctx.config)
        ahead = service.reminders_ahead(event.starts_at, ctx.clock.now())
        return Redraw([JOINED[len(ahead)]])
    if given.value == "leave":
        # Asked once: a place given up may go to a neighbour at once.
        return Next("leave")
    if given.value == "who":
        _event_row, people = await service.attendees(ctx.uow, ctx.user, event.id)
        names = "、".join(p.display_name or str(p.id) for p in people)
        return Redraw([t("event-attendee-list", count=len(people), names=raw(names or "-"))])
    return Stay(t("hint-use-buttons"))


async def ask_leave(ctx: Ctx) -> Reply:
    """确定取消报名…吗？ before a sign-up is cancelled."""
    event = await _event(ctx)
    return Reply(
        messages=[
            t(
                "mine-event-leave-ask",
                title=raw(event.title),
                when=when.moment(event.starts_at, ctx.config.zone),
            )
        ],
        buttons=[
            ctx.button(t("confirm-cancel-yes"), "yes"),
            ctx.button(t("confirm-cancel-no"), "no"),
        ],
    )


async def answer_leave(ctx: Ctx, given: Input) -> Outcome:
    event = await _event(ctx)
    if given.value == "no":
        return Done([t("mine-event-kept", title=raw(event.title))])
    if given.value != "yes":
        return Stay(t("hint-use-buttons"))
    await service.cancel_signup(ctx.uow, ctx.user, event.id)
    return Done([t("event-left")])


EVENTS_FLOW = Flow(
    name="events",
    first="list",
    steps={
        "list": Step(ask_list, answer_list, to={"card"}),
        "card": Step(ask_card, answer_card, to={"leave"}),
        "leave": Step(ask_leave, answer_leave),
    },
)


async def _community(ctx: Ctx) -> Community:
    return await acting_community(ctx.uow, ctx.user, ctx.data)


async def ask_title(ctx: Ctx) -> Reply:
    await _community(ctx)
    return Reply(messages=[*await acting_note(ctx.uow, ctx.user, ctx.data), t("event-ask-title")])


async def answer_title(ctx: Ctx, given: Input) -> Outcome:
    title = given.text.strip()
    if not title or len(title) > 100:
        return Stay(t("event-ask-title"))
    ctx.data["title"] = title
    return Next("time")


async def ask_time(ctx: Ctx) -> Reply:
    return Reply(messages=[t("event-ask-time")])


async def answer_time(ctx: Ctx, given: Input) -> Outcome:
    zone = ctx.config.zone
    starts = read_moment(given.text, when.today(ctx), zone, future=True)
    if isinstance(starts, Problem):
        return Stay(explain(starts))
    if starts is None or starts <= ctx.clock.now():
        return Stay(t("event-ask-time"))
    ctx.data["starts"] = starts.isoformat()
    return Next("place")


async def ask_place(ctx: Ctx) -> Reply:
    return Reply(messages=[t("event-ask-place")])


async def answer_place(ctx: Ctx, given: Input) -> Outcome:
    place = given.text.strip()
    if not place or len(place) > 100:
        return Stay(t("event-ask-place"))
    ctx.data["place"] = place
    return Next("capacity")


async def ask_capacity(ctx: Ctx) -> Reply:
    return Reply(
        messages=[t("event-ask-capacity")], buttons=[ctx.button(t("event-no-limit"), "none")]
    )


async def answer_capacity(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "none" or given.text.strip().lower() in ("不限", "不限人数", "no limit"):
        ctx.data["capacity"] = None
        return Next("topic")
    capacity = whole_number(given.text.strip().removesuffix("人"), 1, 10000)
    if capacity is None:
        return Stay(t("event-ask-capacity"))
    ctx.data["capacity"] = capacity
    return Next("topic")


async def ask_topic(ctx: Ctx) -> Reply:
    return Reply(
        messages=[t("notice-ask-topic")], buttons=[ctx.button(TOPIC_NAMES[x], x) for x in TOPICS]
    )


async def answer_topic(ctx: Ctx, given: Input) -> Outcome:
    if given.value not in TOPICS:
        return Stay(t("hint-use-buttons"))
    ctx.data["topic"] = given.value
    return Next("confirm")


async def ask_confirm(ctx: Ctx) -> Reply:
    starts = dt.datetime.fromisoformat(ctx.data["starts"])
    capacity = ctx.data.get("capacity")
    return Reply(
        messages=[
            t(
                "event-card",
                title=raw(ctx.data["title"]),
                when=when.moment(starts, ctx.config.zone),
                place=raw(ctx.data["place"]),
            ),
            t("event-places-left", left=capacity) if capacity else t("event-places-open"),
        ],
        buttons=[ctx.button(t("event-create"), "yes")],
    )


async def answer_confirm(ctx: Ctx, given: Input) -> Outcome:
    if given.value != "yes":
        return Stay(t("hint-use-buttons"))
    event = await service.create_event(
        ctx.uow,
        by=ctx.user,
        community=await _community(ctx),
        title=ctx.data["title"],
        starts_at=dt.datetime.fromisoformat(ctx.data["starts"]),
        place=ctx.data["place"],
        capacity=ctx.data.get("capacity"),
        topic=ctx.data["topic"],
        now=ctx.clock.now(),
    )
    return Done([t("event-created", title=raw(event.title))])


NEW_EVENT_FLOW = Flow(
    name="event_new",
    first="title",
    steps={
        "title": Step(ask_title, answer_title, to={"time"}, takes_text=True),
        "time": Step(ask_time, answer_time, to={"place"}, takes_text=True),
        "place": Step(ask_place, answer_place, to={"capacity"}, takes_text=True),
        "capacity": Step(ask_capacity, answer_capacity, numbers_choose=False, to={"topic"}),
        "topic": Step(ask_topic, answer_topic, to={"confirm"}),
        "confirm": Step(ask_confirm, answer_confirm),
    },
)
