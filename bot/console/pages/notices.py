"""Notices at the desk: compose (title, text, topic, audience) and see how many it reaches
before sending, send now or at a set time, withdraw, watch delivery, the archive. The rules
are the chat's (`handlers/notices/service.py`)."""

from __future__ import annotations

import datetime as dt

from linli.bot.console.page import Page, Routes
from linli.handlers.kit import when
from linli.handlers.kit.errors import DomainError, NotAllowed, NotFound
from linli.handlers.kit.text import t
from linli.handlers.notices import service
from linli.handlers.notices.service import TOPIC_NAMES, TOPICS, Audience

STATUS_KEYS = {
    "scheduled": t("console-desk-notice-status-scheduled"),
    "enqueuing": t("console-desk-notice-status-sending"),
    "sent": t("console-desk-notice-status-sent"),
    "cancelled": t("console-desk-notice-status-cancelled"),
}
ROLES = {
    "staff": t("console-desk-notice-to-staff"),
    "operator": t("console-desk-notice-to-operators"),
}


def _base(cid: int) -> str:
    return f"/console/c/{cid}/notices"


def _audience(value: str) -> Audience:
    """The form's audience: `community`, `place:ID` or `role:staff|operator` (checked by
    the service: a place of another community or a made-up role is not found)."""
    kind, _, rest = value.partition(":")
    if kind == "community" and not rest:
        return Audience("community")
    if kind in ("place", "role") and rest:
        return Audience(kind, rest[:20])
    raise NotFound()


def _send_at(form, zone) -> dt.datetime | None:
    """None for now; a later time from the form's date-and-time field (in the community's zone)."""
    if form.get("when", "now") != "later":
        return None
    value = str(form.get("send_at", "")).strip()
    try:
        moment = dt.datetime.fromisoformat(value) if 16 <= len(value) <= 19 else None
    except ValueError:
        moment = None
    # A year far off would overflow when moved to UTC; nobody schedules one anyway.
    if moment is None or moment.tzinfo is not None or not 2000 <= moment.year <= 2100:
        raise DomainError(t("console-desk-notice-bad-time"))
    return moment.replace(tzinfo=zone).astimezone(dt.UTC)


async def _choices(page: Page, cid: int) -> list[tuple[str, str]]:
    """Every audience the form offers, as (value, label)."""
    async with page.db.uow(read_only=True) as uow:
        places = await service.audience_places(uow, cid)
    return [
        ("community", page.t("console-desk-notice-to-community")),
        *((f"place:{pid}", name) for pid, name in places),
        *((f"role:{role}", page.t(key)) for role, key in ROLES.items()),
    ]


def _draft(form) -> dict:
    """What the form says, as it is shown again (nothing here is trusted)."""
    return {
        "title": str(form.get("title", ""))[:200],
        "text": str(form.get("text", ""))[:5000],
        "topic": str(form.get("topic", "其他"))[:20],
        "urgent": form.get("urgent") == "yes",
        "audience": str(form.get("audience", "community"))[:40],
        "when": "later" if form.get("when") == "later" else "now",
        "send_at": str(form.get("send_at", ""))[:19],
    }


async def _compose(page: Page, cid: int, draft: dict, *, error: str | None = None, status=200):
    community = await page.community()
    return page.render(
        "notices/compose.html",
        status=status,
        title=page.t("console-desk-notice-new-title", community=community.name),
        draft=draft,
        error=error,
        topics=[(x, page.t(TOPIC_NAMES[x])) for x in TOPICS],
        audiences=await _choices(page, cid),
        base=_base(cid),
        earliest=when.day_of(page.now(), page.zone).isoformat() + "T00:00",
    )


async def compose(page: Page):
    cid = page.require_staff()
    return await _compose(page, cid, _draft({}))


async def _checked(page: Page, cid: int, draft: dict) -> tuple[service.Draft, int]:
    async with page.db.uow(read_only=True) as uow:
        return await service.preview(
            uow,
            page.desk.user,
            cid,
            title=draft["title"],
            text=draft["text"],
            topic=draft["topic"],
            urgent=draft["urgent"],
            audience=_audience(draft["audience"]),
            send_at=_send_at(draft, page.zone),
            now=page.now(),
        )


async def submit(page: Page):
    """`action=preview`: the draft checked and its audience counted, with a send button;
    `action=send`: the notice made (checked again: the count may have changed since);
    `action=edit`: the form again with what was written. A refusal shows the form again."""
    cid = page.require_staff()
    form = await page.form()
    draft = _draft(form)
    action = form.get("action")
    if action == "edit":
        return await _compose(page, cid, draft)
    try:
        checked, count = await _checked(page, cid, draft)
    except (NotFound, NotAllowed):
        raise  # a value the form never offers: not a slip to explain
    except DomainError as refused:
        return await _compose(page, cid, draft, error=page.t(refused.message), status=400)
    if action != "send":
        community = await page.community()
        labels = dict(await _choices(page, cid))
        unreached = 0
        if checked.audience.kind == "place":
            # As in chat: only those who set their 小区/楼栋 get it; say how many cannot.
            async with page.db.uow(read_only=True) as uow:
                unreached, _ = await service.without_building(uow, cid)
        return page.render(
            "notices/preview.html",
            title=page.t("console-desk-notice-preview-title", community=community.name),
            draft=draft,
            checked=checked,
            count=count,
            unreached=unreached,
            topic=page.t(TOPIC_NAMES[checked.topic]),
            audience=labels.get(draft["audience"], ""),
            send_at=_moment(page, checked.send_at),
            base=_base(cid),
        )
    community = await page.community()
    async with page.db.uow() as uow:
        notice = await service.create_notice(
            uow,
            by=page.desk.user,
            community=community,
            title=checked.title,
            text=checked.text,
            topic=checked.topic,
            urgent=checked.urgent,
            audience=checked.audience,
            send_at=checked.send_at,
            now=page.now(),
        )
        await uow.commit()
    return page.redirect(f"{_base(cid)}/{notice.id}", flash="console-desk-notice-created")


def _moment(page: Page, moment: dt.datetime | None) -> str:
    if moment is None:
        return page.t("console-desk-notice-now")
    return page.t(when.moment(moment, page.zone))


async def _notice(page: Page, uow, cid: int):
    """The notice in the address, of this community (another's is not found here)."""
    notice = await uow.notices.get(page.number("nid"))
    if notice is None or notice.community_id != cid:
        raise NotFound()
    return await service.notice_for_staff(uow, page.desk.user, notice.id)


async def _audience_label(page: Page, uow, notice) -> str:
    if notice.audience == "role":
        return page.t(ROLES.get(notice.audience_value or "", ROLES["staff"]))
    if notice.audience == "place":
        places = dict(await service.audience_places(uow, notice.community_id))
        return places.get(int(notice.audience_value or 0), "")
    return page.t("console-desk-notice-to-community")


async def detail(page: Page):
    """One notice: what it says, to whom, when, and how its delivery stands."""
    cid = page.require_staff()
    async with page.db.uow(read_only=True) as uow:
        notice = await _notice(page, uow, cid)
        done = await service.progress(uow, page.desk.user, notice.id)
        withdrawable = await service.withdrawable(uow, notice)
        audience = await _audience_label(page, uow, notice)
    return page.render(
        "notices/detail.html",
        title=page.t("console-desk-notice-detail-title", id=notice.id),
        notice=notice,
        done=done,
        withdrawable=withdrawable,
        audience=audience,
        topic=page.t(TOPIC_NAMES.get(notice.topic, TOPIC_NAMES["其他"])),
        state=page.t(STATUS_KEYS[notice.status]),
        send_at=_moment(page, notice.send_at),
        base=_base(cid),
    )


async def withdraw(page: Page):
    """As in chat: what has not gone out is called off; what was delivered stays."""
    cid = page.require_staff()
    async with page.db.uow() as uow:
        notice = await _notice(page, uow, cid)
        await service.cancel_notice(uow, page.desk.user, notice.id, page.now())
        await uow.commit()
    return page.redirect(f"{_base(cid)}/{notice.id}", flash="console-desk-notice-withdrawn")


async def archive(page: Page):
    """Notices still going out, then every notice, newest first, a page at a time."""
    cid = page.require_staff()
    community = await page.community()
    asked = page.request.query.get("page", "1")
    number = int(asked) - 1 if asked.isdigit() and len(asked) < 7 else 0
    async with page.db.uow(read_only=True) as uow:
        going = await service.in_progress(uow, page.desk.user, cid)
        found = await service.archive(uow, page.desk.user, cid, number)
    return page.render(
        "notices/archive.html",
        title=page.t("console-desk-notice-title", community=community.name),
        going=going,
        archive=found,
        statuses={k: page.t(v) for k, v in STATUS_KEYS.items()},
        moment=lambda m: _moment(page, m),
        base=_base(cid),
    )


def register(routes: Routes) -> None:
    routes.get("/c/{cid}/notices", archive, nav="console-nav-notices", staff=True)
    routes.get("/c/{cid}/notices/new", compose)
    routes.post("/c/{cid}/notices/new", submit)
    routes.get("/c/{cid}/notices/{nid:\\d+}", detail)
    routes.post("/c/{cid}/notices/{nid:\\d+}/withdraw", withdraw)
