"""Notices in chat: staff write and send one; staff follow what they sent; residents choose
the topics they hear about.

Where each step goes: `linli flows notice`, `notices`, `topics` (docs/flows.md).
"""

from __future__ import annotations

import datetime as dt
import re

from linli.handlers.kit import when
from linli.handlers.kit.flow import (
    Ctx,
    Done,
    Flow,
    Input,
    Next,
    Outcome,
    Redraw,
    Stay,
    Step,
    page_buttons,
    page_turn,
    paginate,
)
from linli.handlers.kit.notify import QUIET_END, QUIET_START
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.spoken_time import Problem, explain, read_moment, read_time
from linli.handlers.kit.text import raw, t
from linli.handlers.notices import service
from linli.handlers.notices.service import TOPIC_NAMES, TOPICS, Audience
from linli.handlers.profile.service import acting_community, acting_note
from linli.storage.models import Community, Notice

AUDIENCE_NAMES = {
    "community": t("notice-to-community"),
    "place": t("notice-to-place"),
    "staff": t("notice-to-staff"),
    "operator": t("notice-to-operators"),
}
STATUS_NAMES = {
    "scheduled": t("notice-status-scheduled"),
    "enqueuing": t("notice-status-sending"),
    "sent": t("notice-status-sent"),
    "cancelled": t("notice-status-cancelled"),
}


async def _community(ctx: Ctx) -> Community:
    return await acting_community(ctx.uow, ctx.user, ctx.data)


def _audience(ctx: Ctx) -> Audience:
    kind = ctx.data.get("audience", "community")
    if kind in ("staff", "operator"):
        return Audience("role", kind)
    if kind == "place":
        return Audience("place", str(ctx.data.get("place")))
    return Audience("community")


async def ask_text(ctx: Ctx) -> Reply:
    """What the notice says."""
    community = await _community(ctx)
    return Reply(
        messages=[t("notice-ask-text", community=raw(community.name), limit=service.MAX_TEXT)]
    )


async def answer_text(ctx: Ctx, given: Input) -> Outcome:
    """The text, or a picture with its caption as the text (where the channel sends pictures)."""
    if given.image:
        ctx.data["image"] = given.image
    text = given.text.strip()
    if not text and ctx.data.get("image"):
        return Redraw([t("notice-image-needs-text")])
    if not text or len(text) > service.MAX_TEXT:
        return Stay(t("notice-bad-text", limit=service.MAX_TEXT))
    ctx.data["text"] = text
    return Next("topic")


async def ask_topic(ctx: Ctx) -> Reply:
    return Reply(
        messages=[t("notice-ask-topic")], buttons=[ctx.button(TOPIC_NAMES[x], x) for x in TOPICS]
    )


async def answer_topic(ctx: Ctx, given: Input) -> Outcome:
    if given.value not in TOPICS:
        return Stay(t("hint-use-buttons"))
    ctx.data["topic"] = given.value
    return Next("urgent")


async def ask_urgent(ctx: Ctx) -> Reply:
    return Reply(
        messages=[t("notice-ask-urgent")],
        buttons=[ctx.button(t("notice-normal"), "no"), ctx.button(t("notice-urgent"), "yes")],
    )


async def answer_urgent(ctx: Ctx, given: Input) -> Outcome:
    if given.value not in ("yes", "no"):
        return Stay(t("hint-use-buttons"))
    ctx.data["urgent"] = given.value == "yes"
    return Next("audience")


async def ask_audience(ctx: Ctx) -> Reply:
    return Reply(
        messages=[t("notice-ask-audience")],
        buttons=[ctx.button(label, key) for key, label in AUDIENCE_NAMES.items()],
    )


async def answer_audience(ctx: Ctx, given: Input) -> Outcome:
    if given.value not in AUDIENCE_NAMES:
        return Stay(t("hint-use-buttons"))
    ctx.data["audience"] = given.value
    ctx.data["page"] = 0
    return Next("place" if given.value == "place" else "when")


async def ask_place(ctx: Ctx) -> Reply:
    """The community's 小区 and 楼栋."""
    community = await _community(ctx)
    places = await ctx.uow.communities.descendants(community.id)
    page = paginate(places, int(ctx.data.get("page", 0)))
    names = {p.id: p.name for p in places}
    buttons = [
        ctx.button(raw(f"{names.get(p.parent_id, '')} {p.name}".strip()), p.id) for p in page.items
    ]
    return Reply(messages=[t("notice-ask-place")], buttons=buttons + page_buttons(ctx, page))


async def answer_place(ctx: Ctx, given: Input) -> Outcome:
    turn = page_turn(given.value)
    if turn is not None:
        ctx.data["page"] = turn
        return Redraw()
    if not (given.value or "").isdigit():
        return Stay(t("hint-use-buttons"))
    ctx.data["place"] = int(given.value)
    return Next("when")


async def ask_when(ctx: Ctx) -> Reply:
    return Reply(
        messages=[t("notice-ask-when")],
        buttons=[ctx.button(t("notice-now"), "now"), ctx.button(t("notice-later"), "later")],
    )


async def answer_when(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "now":
        ctx.data["send_at"] = None
        return Next("confirm")
    if given.value == "later":
        return Next("time")
    return Stay(t("hint-use-buttons"))


async def ask_time(ctx: Ctx) -> Reply:
    return Reply(messages=[t("notice-ask-time")])


async def answer_time(ctx: Ctx, given: Input) -> Outcome:
    """`12-05 09:00`, `明天 8:30`, `明天下午三点`."""
    zone = ctx.config.zone
    send_at = read_moment(given.text, when.today(ctx), zone)
    if isinstance(send_at, Problem):
        return Stay(explain(send_at))
    if send_at is None:
        return Stay(t("notice-ask-time"))
    if send_at <= ctx.clock.now():
        return Stay(t("notice-time-past"))
    ctx.data["send_at"] = send_at.isoformat()
    return Next("confirm")


async def ask_confirm(ctx: Ctx) -> Reply:
    """Everything about the notice, and how many people it will reach."""
    community = await _community(ctx)
    count = await service.count_audience(
        ctx.uow, community.id, _audience(ctx), ctx.data["topic"], ctx.data["urgent"]
    )
    send_at = ctx.data.get("send_at")
    send = (
        t("notice-when-now")
        if not send_at
        else when.moment(dt.datetime.fromisoformat(send_at), ctx.config.zone)
    )
    audience = AUDIENCE_NAMES[ctx.data["audience"]]
    unreached: list = []
    buttons = [ctx.button(t("notice-send"), "yes")]
    if ctx.data["audience"] == "place":
        audience = await _place_name(ctx, int(ctx.data["place"]))
        # Only those who set their 小区/楼栋 get it: say how many cannot, and offer to ask them.
        missing, not_asked = await service.without_building(ctx.uow, community.id)
        if missing:
            unreached.append(t("notice-no-building", count=missing))
        if not_asked:
            buttons.append(ctx.button(t("notice-remind-building", count=not_asked), "remind"))
    return Reply(
        messages=[
            t(
                "notice-summary",
                topic=TOPIC_NAMES[ctx.data["topic"]],
                audience=audience,
                count=count,
                when=send,
            ),
            *unreached,
            t("notice-header-urgent") if ctx.data["urgent"] else raw(""),
            raw(ctx.data["text"]),
        ],
        buttons=buttons,
        image=ctx.data.get("image"),
    )


async def _place_name(ctx: Ctx, place_id: int):
    """`新华社宿舍小区 2号楼`: a 楼栋 with its 小区, as residents know it."""
    place = await ctx.uow.communities.get(place_id)
    if place is None:
        return AUDIENCE_NAMES["place"]
    parent = await ctx.uow.communities.get(place.parent_id) if place.parent_id else None
    if place.kind == "building" and parent is not None:
        return raw(f"{parent.name} {place.name}")
    return raw(place.name)


async def answer_confirm(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "remind":
        count = await service.remind_without_building(
            ctx.uow, ctx.user, await _community(ctx), ctx.clock.now()
        )
        return Redraw([t("notice-reminded-building", count=count)])
    if given.value != "yes":
        return Stay(t("hint-use-buttons"))
    send_at = ctx.data.get("send_at")
    notice = await service.create_notice(
        ctx.uow,
        by=ctx.user,
        community=await _community(ctx),
        text=ctx.data["text"],
        topic=ctx.data["topic"],
        urgent=ctx.data["urgent"],
        audience=_audience(ctx),
        send_at=dt.datetime.fromisoformat(send_at) if send_at else None,
        now=ctx.clock.now(),
        image=ctx.data.get("image"),
    )
    ctx.data["notice"] = notice.id
    return Next("sent")


async def _notice(ctx: Ctx) -> Notice:
    return await service.notice_for_staff(ctx.uow, ctx.user, int(ctx.data.get("notice", 0)))


async def ask_sent(ctx: Ctx) -> Reply:
    """Where the notice stands; it can be withdrawn until it starts going out."""
    notice = await _notice(ctx)
    done = await service.progress(ctx.uow, ctx.user, notice.id)
    messages = [t("notice-state", id=notice.id, status=STATUS_NAMES[notice.status]), done.text()]
    buttons = [ctx.button(t("notice-refresh"), "refresh")]
    if await service.withdrawable(ctx.uow, notice):
        buttons.insert(0, ctx.button(t("notice-withdraw"), "withdraw"))
    return Reply(messages=messages, buttons=buttons)


async def answer_sent(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "withdraw":
        done = await service.cancel_notice(
            ctx.uow, ctx.user, int(ctx.data["notice"]), ctx.clock.now()
        )
        if not done.stopped and not done.sent:
            return Done([t("notice-withdrawn", id=done.notice.id)])
        # Held back (quiet hours) or half way out: say how many it stopped.
        return Done(
            [t("notice-withdrawn-held", id=done.notice.id, stopped=done.stopped, sent=done.sent)]
        )
    if given.value == "refresh":
        return Redraw()
    return Stay(t("hint-use-buttons"))


NEW_NOTICE_FLOW = Flow(
    name="notice_new",
    first="text",
    steps={
        "text": Step(ask_text, answer_text, takes_image=True, to={"topic"}, takes_text=True),
        "topic": Step(ask_topic, answer_topic, to={"urgent"}),
        "urgent": Step(ask_urgent, answer_urgent, to={"audience"}),
        "audience": Step(ask_audience, answer_audience, to={"place", "when"}),
        "place": Step(ask_place, answer_place, to={"when"}),
        "when": Step(ask_when, answer_when, to={"time", "confirm"}),
        "time": Step(ask_time, answer_time, to={"confirm"}, takes_text=True),
        "confirm": Step(ask_confirm, answer_confirm, to={"sent"}),
        "sent": Step(ask_sent, answer_sent),
    },
)


async def ask_list(ctx: Ctx) -> Reply:
    """The community's recent notices."""
    community = await _community(ctx)
    rows = await ctx.uow.notices.recent(community.id, limit=8)
    note = await acting_note(ctx.uow, ctx.user, ctx.data)
    if not rows:
        return Reply(messages=[*note, t("notice-none")])
    zone = ctx.config.zone
    return Reply(
        messages=[*note, t("notice-list-title")],
        buttons=[
            ctx.button(
                t(
                    "notice-line",
                    when=when.moment(n.send_at, zone),
                    status=STATUS_NAMES[n.status],
                    text=raw((n.title or n.text)[:16]),
                ),
                n.id,
            )
            for n in rows
        ],
    )


async def answer_list(ctx: Ctx, given: Input) -> Outcome:
    if not (given.value or "").isdigit():
        return Stay(t("hint-use-buttons"))
    ctx.data["notice"] = int(given.value)
    return Next("detail")


NOTICES_FLOW = Flow(
    name="notices",
    first="list",
    steps={
        "list": Step(ask_list, answer_list, to={"detail"}),
        "detail": Step(ask_sent, answer_sent),
    },
)


def _quiet_label(ctx: Ctx):
    start = ctx.user.quiet_start or QUIET_START
    end = ctx.user.quiet_end or QUIET_END
    if start == end:
        return t("quiet-off")
    return t("quiet-hours", start=f"{start:%H:%M}", end=f"{end:%H:%M}")


async def ask_topics(ctx: Ctx) -> Reply:
    """Every topic, heard or muted; urgent notices come whatever is chosen."""
    muted = await service.muted_topics(ctx.uow, ctx.user)
    buttons = [
        ctx.button(
            t("topic-muted", topic=TOPIC_NAMES[x])
            if x in muted
            else t("topic-on", topic=TOPIC_NAMES[x]),
            x,
        )
        for x in TOPICS
    ]
    buttons.append(ctx.button(_quiet_label(ctx), "quiet"))
    return Reply(messages=[t("topics-title")], buttons=buttons)


async def answer_topics(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "quiet":
        return Next("quiet")
    if given.value not in TOPICS:
        return Stay(t("hint-use-buttons"))
    muted = given.value in await service.muted_topics(ctx.uow, ctx.user)
    await service.set_muted(ctx.uow, ctx.user, given.value, not muted)
    return Redraw([t("topics-changed")])


OFF_WORDS = ("关闭", "不要", "off", "none")


async def ask_quiet(ctx: Ctx) -> Reply:
    """Quiet hours: non-urgent notices wait until they end."""
    return Reply(messages=[_quiet_label(ctx), t("quiet-ask")])


def _clock_time(text: str) -> dt.time | Problem | None:
    """22:00, 晚上10点, or a bare hour (22) as before; 25:00 is a Problem."""
    found = read_time(text)
    return when.parse_time(text) if found is None else found


async def answer_quiet(ctx: Ctx, given: Input) -> Outcome:
    """`22:00-07:00` (may cross midnight), or 关闭."""
    text = given.text.strip().lower()
    if text in OFF_WORDS:
        ctx.user.quiet_start = ctx.user.quiet_end = dt.time(0, 0)
        return Done([t("quiet-off")])
    parts = re.split(r"\s*(?:-|–|~|～|至|到)\s*", text)
    # Each end alone: the span may cross midnight, which a span of the day refuses.
    times = [_clock_time(p) for p in parts] if len(parts) == 2 else [None]
    problem = next((x for x in times if isinstance(x, Problem)), None)
    if problem is not None:
        return Stay(explain(problem))
    if None in times or times[0] == times[1]:
        return Stay(t("quiet-ask"))
    ctx.user.quiet_start, ctx.user.quiet_end = times
    return Done([t("quiet-hours", start=f"{times[0]:%H:%M}", end=f"{times[1]:%H:%M}")])


TOPICS_FLOW = Flow(
    name="topics",
    first="list",
    steps={
        "list": Step(ask_topics, answer_topics, to={"quiet"}),
        "quiet": Step(ask_quiet, answer_quiet, takes_text=True),
    },
)
