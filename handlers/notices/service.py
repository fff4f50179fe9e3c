"""Staff notices: who gets one, scheduling and the undo window, enqueueing in batches that
survive a crash, muted topics, withdrawal, progress and the final report. Quiet hours are
kept by the outbox sender, as for every push."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from linli.handlers.kit import ids
from linli.handlers.kit import payload as codec
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.errors import DomainError, NotFound
from linli.handlers.kit.notify import push
from linli.handlers.kit.reply import Button, Reply
from linli.handlers.kit.text import raw, t
from linli.handlers.profile.service import require_staff, write_audit
from linli.storage.models import Community, Notice, User
from linli.storage.uow import UnitOfWork

TOPICS = ("活动", "集市", "停水停电", "政策", "健康", "其他")
AUDIENCES = ("community", "place", "role")
UNDO = dt.timedelta(seconds=15)
BATCH = 1000
MAX_TEXT = 1000
MAX_TITLE = 60
ARCHIVE_PAGE = 20


@dataclass(frozen=True)
class Audience:
    kind: str  # community, place (a 小区 or 楼栋 id), role (staff / operator)
    value: str | None = None


async def _place_ids(uow: UnitOfWork, community_id: int, place_id: int) -> list[int]:
    """A 小区 and its 楼栋 (or one 楼栋), which must lie in the community."""
    inside = {c.id: c for c in await uow.communities.descendants(community_id)}
    if place_id not in inside:
        raise NotFound()
    return [place_id] + [c.id for c in await uow.communities.descendants(place_id)]


async def _audience(uow: UnitOfWork, community_id: int, audience: Audience) -> dict:
    """Whom the audience names, as the notices repository takes it."""
    if audience.kind == "place":
        return {"places": await _place_ids(uow, community_id, _place_number(audience.value))}
    if audience.kind == "role":
        return {"role": audience.value or ""}  # no role named: nobody, not everyone
    if audience.kind != "community":
        raise NotFound()
    return {}


async def count_audience(
    uow: UnitOfWork, community_id: int, audience: Audience, topic: str, urgent: bool
) -> int:
    whom = await _audience(uow, community_id, audience)
    return await uow.notices.count_recipients(community_id, **whom, topic=topic, urgent=urgent)


async def without_building(uow: UnitOfWork, community_id: int) -> tuple[int, int]:
    """How many residents have no 楼栋 set, and how many of them were not yet reminded."""
    ids = await uow.notices.without_building(community_id)
    reminded = await uow.outbox.dedupe_keys_like(f"place-ask:{community_id}:")
    return len(ids), sum(1 for i in ids if _reminder_key(community_id, i) not in reminded)


def _reminder_key(community_id: int, user_id: int) -> str:
    return f"place-ask:{community_id}:{user_id}"


async def remind_without_building(
    uow: UnitOfWork, by: User | None, community: Community, now: dt.datetime
) -> int:
    """Ask each resident without a 楼栋, once, to set it; a typed 1 opens the choice.

    Not urgent: it waits out their quiet hours like any push.
    """
    await require_staff(uow, by, community.id)
    reminder = Reply(
        messages=[t("place-reminder", community=raw(community.name))],
        buttons=[Button(t("place-reminder-choose"), codec.encode("go", "place"))],
    )
    reminded = await uow.outbox.dedupe_keys_like(f"place-ask:{community.id}:")
    body = reminder.to_json()
    rows = [
        {
            "user_id": user_id,
            "kind": "place-reminder",
            "body": body,
            "due_at": now,
            "dedupe_key": key,
        }
        for user_id in await uow.notices.without_building(community.id)
        if (key := _reminder_key(community.id, user_id)) not in reminded
    ]
    await uow.outbox.enqueue_many(rows, now=now)
    count = len(rows)
    await write_audit(
        uow,
        now=now,
        community_id=community.id,
        actor=ids.actor(by),
        action="place.remind",
        target=f"community:{community.id}",
        details={"reminded": count},
    )
    return count


@dataclass(frozen=True)
class Draft:
    """A notice as staff wrote it, checked: what `create_notice` would schedule."""

    title: str | None
    text: str
    topic: str
    urgent: bool
    audience: Audience
    send_at: dt.datetime | None  # None: now (after the undo window)


async def check_draft(
    uow: UnitOfWork,
    by: User | None,
    community_id: int,
    *,
    text: str,
    topic: str,
    urgent: bool,
    audience: Audience,
    send_at: dt.datetime | None,
    now: dt.datetime,
    title: str | None = None,
) -> Draft:
    """The rules a notice must meet before it is sent or previewed (staff only)."""
    await require_staff(uow, by, community_id)
    text = text.strip()
    if not text or len(text) > MAX_TEXT:
        raise DomainError(t("notice-bad-text", limit=MAX_TEXT))
    title = " ".join((title or "").split()) or None
    if title is not None and len(title) > MAX_TITLE:
        raise DomainError(t("console-desk-notice-bad-title", limit=MAX_TITLE))
    if topic not in TOPICS or audience.kind not in AUDIENCES:
        raise NotFound()
    if audience.kind == "role" and audience.value not in ("staff", "operator"):
        raise NotFound()
    if audience.kind == "place":
        await _place_ids(uow, community_id, _place_number(audience.value))
    if send_at is not None and send_at <= now:
        raise DomainError(t("notice-time-past"))
    return Draft(title, text, topic, urgent, audience, send_at)


def _place_number(value: str | None) -> int:
    if not (value or "").isdigit() or len(value) > 12:
        raise NotFound()
    return int(value)


async def preview(
    uow: UnitOfWork, by: User | None, community_id: int, **draft
) -> tuple[Draft, int]:
    """A draft checked, and how many people it would reach if sent now."""
    checked = await check_draft(uow, by, community_id, **draft)
    count = await count_audience(uow, community_id, checked.audience, checked.topic, checked.urgent)
    return checked, count


async def create_notice(
    uow: UnitOfWork,
    *,
    by: User | None,
    community: Community,
    text: str,
    topic: str,
    urgent: bool,
    audience: Audience,
    send_at: dt.datetime | None,
    now: dt.datetime,
    image: str | None = None,
    title: str | None = None,
) -> Notice:
    """Schedule a notice. "Now" means after the undo window, so it can still be withdrawn.
    A title (the console asks for one) is one line shown above the text."""
    draft = await check_draft(
        uow,
        by,
        community.id,
        text=text,
        topic=topic,
        urgent=urgent,
        audience=audience,
        send_at=send_at,
        now=now,
        title=title,
    )
    text, title = draft.text, draft.title
    notice = Notice(
        community_id=community.id,
        author_id=by.id if by else None,
        title=title,
        text=text,
        image=image,
        topic=topic,
        urgent=urgent,
        audience=audience.kind,
        audience_value=audience.value,
        send_at=send_at or now + UNDO,
        status="scheduled",
        cursor=0,
        recipients=0,
        created_at=now,
    )
    uow.notices.add(notice)
    await uow.flush()
    await write_audit(
        uow,
        now=now,
        community_id=community.id,
        actor=ids.actor(by),
        action="notice.create",
        target=f"notice:{notice.id}",
        details={
            "topic": topic,
            "urgent": urgent,
            "audience": audience.kind,
            "value": audience.value,
            "send_at": notice.send_at.isoformat(),
        },
    )
    return notice


async def notice_for_staff(uow: UnitOfWork, by: User | None, notice_id: int) -> Notice:
    notice = await uow.notices.get(notice_id)
    if notice is None:
        raise NotFound()
    await require_staff(uow, by, notice.community_id)
    return notice


@dataclass(frozen=True)
class Withdrawn:
    notice: Notice
    stopped: int  # pushes called off before they went out
    sent: int  # already delivered: those cannot be taken back


async def cancel_notice(
    uow: UnitOfWork, by: User | None, notice_id: int, now: dt.datetime
) -> Withdrawn:
    """Withdraw a notice while some of it has not gone out: before its time, or while
    its pushes wait (quiet hours, a slow channel). What has not gone out is called off."""
    notice = await notice_for_staff(uow, by, notice_id)
    # Locked as enqueue_due locks it: a batch being queued is either all called off
    # here or not queued at all, never queued after the withdrawal.
    await uow.notices.lock(notice)
    if notice.status == "cancelled":
        raise DomainError(t("notice-too-late"))
    stopped = await uow.outbox.cancel_for_notice(notice.id)
    if notice.status == "sent" and stopped == 0:
        raise DomainError(t("notice-too-late"))
    notice.status = "cancelled"
    counts = await uow.outbox.counts_for_notice(notice.id)
    await write_audit(
        uow,
        now=now,
        community_id=notice.community_id,
        actor=ids.actor(by),
        action="notice.cancel",
        target=f"notice:{notice.id}",
        details={"stopped": stopped},
    )
    return Withdrawn(notice, stopped, counts.get("sent", 0))


async def withdrawable(uow: UnitOfWork, notice: Notice) -> bool:
    """Before its time, while being queued, or while some of its pushes wait."""
    if notice.status in ("scheduled", "enqueuing"):
        return True
    return (
        notice.status == "sent"
        and (await uow.outbox.counts_for_notice(notice.id)).get("pending", 0) > 0
    )


def notice_reply(notice: Notice) -> Reply:
    header = (
        t("notice-header-urgent")
        if notice.urgent
        else t("notice-header", topic=TOPIC_NAMES[notice.topic])
    )
    title = [raw(notice.title)] if notice.title else []
    return Reply(messages=[header, *title, raw(notice.text)], image=notice.image)


async def enqueue_due(db, now: dt.datetime, config: CoreConfig, *, batch: int = BATCH) -> int:
    """Turn due notices into outbox rows, `batch` recipients per transaction.

    Only one batch of ids is in memory at a time, whatever the audience. Each batch
    commits with the cursor, and every row has a dedupe key: a crash anywhere means the
    next run goes on from the cursor and nobody is skipped or queued twice.
    """
    done = 0
    async with db.uow() as uow:
        due = await uow.notices.due_ids(now)
    for notice_id in due:
        while True:
            async with db.uow() as uow:
                notice = await uow.notices.locked(notice_id)
                if notice is None or notice.status not in ("scheduled", "enqueuing"):
                    break
                notice.status = "enqueuing"
                whom = await _audience(
                    uow, notice.community_id, Audience(notice.audience, notice.audience_value)
                )
                rows = await uow.notices.recipients_after(
                    notice.community_id,
                    **whom,
                    topic=notice.topic,
                    urgent=notice.urgent,
                    after=notice.cursor,
                    limit=batch,
                )
                await uow.outbox.enqueue_to_each(
                    rows,
                    kind="notice",
                    body=notice_reply(notice).to_json(),
                    notice_id=notice.id,
                    dedupe_prefix=f"notice:{notice.id}:",
                    due_at=now,
                    now=now,
                    # The sender holds the others in each one's quiet hours.
                    urgent=notice.urgent,
                )
                if rows:
                    notice.cursor = rows[-1]
                    notice.recipients += len(rows)
                    done += len(rows)
                if len(rows) < batch:
                    notice.status, notice.enqueued_at = "sent", now
                await uow.commit()
                if len(rows) < batch:
                    break
    return done


@dataclass
class Progress:
    notice: Notice
    sent: int
    waiting: int
    failed: int

    @property
    def finished(self) -> bool:
        return self.notice.status == "sent" and self.waiting == 0

    def text(self):
        return t(
            "notice-progress",
            id=self.notice.id,
            recipients=self.notice.recipients,
            sent=self.sent,
            waiting=self.waiting,
            failed=self.failed,
        )


def _progress(notice: Notice, counts: dict[str, int]) -> Progress:
    """Sent, waiting (due, being sent, held by quiet hours or a retry) and failed (given up,
    or dropped when it could only arrive too late); called-off rows count in none."""
    waiting = counts.get("pending", 0) + counts.get("sending", 0)
    failed = counts.get("failed", 0) + counts.get("dropped", 0)
    return Progress(notice, counts.get("sent", 0), waiting, failed)


async def progress(uow: UnitOfWork, by: User | None, notice_id: int) -> Progress:
    notice = await notice_for_staff(uow, by, notice_id)
    return _progress(notice, await uow.outbox.counts_for_notice(notice.id))


@dataclass
class Archive:
    """One page of a community's notices, newest first, each with its delivery."""

    rows: list[Progress]
    total: int
    page: int
    pages: int


async def archive(
    uow: UnitOfWork, by: User | None, community_id: int, page: int = 0, per_page: int = ARCHIVE_PAGE
) -> Archive:
    """Every notice of the community (staff only), paged; a page out of range is the last."""
    await require_staff(uow, by, community_id)
    total = await uow.notices.count(community_id)
    pages = max(1, -(-total // per_page))
    page = min(max(page, 0), pages - 1)
    notices = await uow.notices.page(community_id, offset=page * per_page, limit=per_page)
    counts = await uow.outbox.counts_for_notices([n.id for n in notices])
    return Archive([_progress(n, counts.get(n.id, {})) for n in notices], total, page, pages)


async def in_progress(uow: UnitOfWork, by: User | None, community_id: int) -> list[Progress]:
    """Notices not finished: waiting for their time, being queued, or with pushes still to
    go out (quiet hours, a slow channel), oldest first."""
    await require_staff(uow, by, community_id)
    notices = await uow.notices.unfinished(community_id)
    counts = await uow.outbox.counts_for_notices([n.id for n in notices])
    rows = [_progress(n, counts.get(n.id, {})) for n in notices]
    return [r for r in rows if not r.finished]


async def audience_places(uow: UnitOfWork, community_id: int) -> list[tuple[int, str]]:
    """The 小区 and 楼栋 a notice may go to, each as residents know it (`新华社宿舍 2号楼`)."""
    places = await uow.communities.descendants(community_id)
    names = {p.id: p.name for p in places}
    return [(p.id, f"{names.get(p.parent_id, '')} {p.name}".strip()) for p in places]


async def report_finished(db, now: dt.datetime) -> int:
    """Tell each author, once, how their finished broadcast went."""
    reported = 0
    async with db.uow() as uow:
        candidates = await uow.notices.unreported()
        for notice in candidates:
            done = await progress(uow, None, notice.id)
            if not done.finished:
                continue
            notice.reported_at = now
            if notice.author_id is not None:
                await push(
                    uow,
                    notice.author_id,
                    t("notice-report-title"),
                    done.text(),
                    kind="notice-report",
                    now=now,
                    dedupe_key=f"notice:{notice.id}:report",
                )
            reported += 1
        await uow.commit()
    return reported


async def set_muted(uow: UnitOfWork, user: User, topic: str, muted: bool) -> None:
    if topic not in TOPICS:
        raise NotFound()
    await uow.notices.set_muted(user.id, topic, muted)


async def muted_topics(uow: UnitOfWork, user: User) -> set[str]:
    return await uow.notices.muted_topics(user.id)


TOPIC_NAMES = {
    "活动": t("topic-events"),
    "集市": t("topic-market"),
    "停水停电": t("topic-outage"),
    "政策": t("topic-policy"),
    "健康": t("topic-health"),
    "其他": t("topic-other"),
}
