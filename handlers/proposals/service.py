"""金点子 rules: submit, support, the window and threshold, meetings, decisions, merges,
progress, ratings, reports and moderation; everyone who follows hears of each change."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from linli.handlers.kit import ids, when
from linli.handlers.kit import payload as codec
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.errors import AlreadyDone, DomainError, NotAllowed, NotFound, NotInCommunity
from linli.handlers.kit.notify import push
from linli.handlers.kit.reply import Button, Reply
from linli.handlers.kit.text import Text, raw, t
from linli.handlers.profile.residency import require_confirmed
from linli.handlers.profile.service import is_staff, require_staff, staff_ids, write_audit
from linli.handlers.proposals.states import OPEN, STATE_NAMES, check
from linli.storage.models import (
    Meeting,
    MeetingItem,
    Proposal,
    ProposalRating,
    ProposalReport,
    ProposalStep,
    ProposalSupport,
    User,
)
from linli.storage.uow import UnitOfWork

CATEGORIES = ("出行", "停车", "养老", "环境", "安全", "文体", "其他")
LEVELS = ("楼院", "小区", "社区")
CARRIERS = ("社区", "街道", "区")
DEFAULT_THRESHOLD = 10
WINDOW = dt.timedelta(days=14)
OPEN_LIMIT = 3  # proposals of one author in 集 at once
MIN_GAP = dt.timedelta(minutes=1)  # between two submissions of one author
REPORT_LIMIT = 3
# Only for wording the meeting time when a caller has no settings at hand (the CLI, tests).
DEFAULT_CONFIG = CoreConfig()
TITLE_MAX, TEXT_MAX = 30, 1000


async def _get(uow: UnitOfWork, proposal_id: int) -> Proposal:
    proposal = await uow.proposals.get(proposal_id)
    if proposal is None:
        raise NotFound()
    return proposal


async def visible(uow: UnitOfWork, user: User, proposal_id: int) -> Proposal:
    """A proposal of the user's community that they may see (hidden ones: staff only)."""
    proposal = await _get(uow, proposal_id)
    if proposal.community_id != user.community_id:
        if not await is_staff(uow, user, proposal.community_id):
            raise NotInCommunity()
    if proposal.hidden and proposal.author_id != user.id:
        if not await is_staff(uow, user, proposal.community_id):
            raise NotFound()
    return proposal


async def followers(uow: UnitOfWork, proposal: Proposal) -> list[int]:
    """The author and every supporter."""
    rows = await uow.proposals.supporters(proposal.id)
    return sorted({proposal.author_id, *rows})


async def _tell(
    uow: UnitOfWork,
    proposal: Proposal,
    text: Text,
    now: dt.datetime,
    key: str,
    *,
    reply: Reply | None = None,
    expires_at: dt.datetime | None = None,
    due_at: dt.datetime | None = None,
    only: list[int] | None = None,
) -> None:
    for user_id in only if only is not None else await followers(uow, proposal):
        await push(
            uow,
            user_id,
            text,
            kind="proposal",
            now=now,
            reply=reply,
            due_at=due_at,
            expires_at=expires_at,
            dedupe_key=f"proposal:{proposal.id}:{key}:{user_id}",
        )


# Moves after which the proposal's council meeting is behind it or moot.
ENDS_THE_MEETING = ("adopted", "declined", "merged", "done")


async def _after_meeting(
    uow: UnitOfWork, proposal: Proposal, now: dt.datetime, config: CoreConfig
) -> None:
    """决 comes after 议: no decision or summary before the council has met."""
    meeting = await uow.meetings.get(proposal.meeting_id) if proposal.meeting_id else None
    if meeting is not None and now < meeting.starts_at:
        starts = when.moment(meeting.starts_at, config.zone)
        raise DomainError(t("proposal-meeting-not-yet", when=starts))


async def _move(
    uow: UnitOfWork,
    proposal: Proposal,
    target: str,
    actor: str,
    now: dt.datetime,
    text: str | None = None,
) -> ProposalStep:
    check(proposal.state, target)
    proposal.state = target
    proposal.updated_at = now
    if target in ENDS_THE_MEETING:
        # A reminder of a meeting that no longer concerns it would mislead its followers.
        await uow.outbox.cancel_pending(f"proposal:{proposal.id}:meeting-reminder:")
    step = ProposalStep(
        proposal_id=proposal.id, at=now, kind="state", state=target, text=text, actor=actor
    )
    uow.proposals.add(step)
    await uow.flush()
    return step


async def _audit(
    uow: UnitOfWork,
    proposal: Proposal,
    staff: User | None,
    action: str,
    now: dt.datetime,
    details: dict | None = None,
) -> None:
    """A staff action on a proposal, in its community's audit log."""
    await write_audit(
        uow,
        now=now,
        community_id=proposal.community_id,
        actor=ids.actor(staff),
        action=action,
        target=f"proposal:{proposal.id}",
        details=details,
    )


def _state_text(proposal: Proposal, step: ProposalStep) -> Text:
    return t("proposal-changed", title=raw(proposal.title), state=STATE_NAMES[proposal.state])


# --- submit and support ---


# Pairs of characters nearly every proposal has: they say nothing about what it is about.
FILLER = frozenset(
    {"小区", "社区", "建议", "希望", "一个", "我们", "居民", "问题", "增加", "加装", "设置", "安装"}
)
SIMILAR_AT = 0.35


def _grams(text: str) -> set[str]:
    """The character pairs of a text (Chinese has no spaces to split words at)."""
    text = "".join(ch for ch in text.lower() if ch.isalnum())
    return {text[i : i + 2] for i in range(len(text) - 1)} - FILLER


def likeness(title: str, other: str) -> float:
    """How much two short titles share: pairs in common over the pairs of the shorter one.

    "东门路灯太暗" and "小区东门加装路灯" share 东门 and 路灯: 2 of 5 → 0.4. On the labelled
    set of real-looking pairs in tests/proposals/test_similar.py, 0.35 finds 11 of the 12
    pairs that ask for the same thing and none of the 10 that do not.
    """
    mine, theirs = _grams(title), _grams(other)
    if not mine or not theirs:
        return 0.0
    return len(mine & theirs) / min(len(mine), len(theirs))


async def similar(uow: UnitOfWork, community_id: int, title: str, limit: int = 3) -> list[Proposal]:
    """Open proposals whose titles are like this one, most alike first."""
    rows = await uow.proposals.open_in(community_id, OPEN)
    scored = []
    for proposal in rows:
        score = likeness(title, proposal.title)
        if score >= SIMILAR_AT:
            scored.append((score, proposal.id, proposal))
    scored.sort(key=lambda x: (-x[0], x[1]))
    return [p for _, _, p in scored[:limit]]


async def submit(
    uow: UnitOfWork,
    user: User,
    *,
    title: str,
    description: str,
    category: str,
    level: str,
    now: dt.datetime,
    image: str | None = None,
) -> Proposal:
    """Publish a proposal into 集 (collecting), for its community's window."""
    if user.community_id is None:
        raise NotInCommunity()
    title, description = title.strip(), description.strip()
    if not title or len(title) > TITLE_MAX or not description or len(description) > TEXT_MAX:
        raise DomainError(t("proposal-bad-text", title=TITLE_MAX, text=TEXT_MAX))
    if category not in CATEGORIES or level not in LEVELS:
        raise NotFound()
    mine = await uow.proposals.by_author(user.id)
    if sum(p.state == "collecting" for p in mine) >= OPEN_LIMIT:
        raise DomainError(t("proposal-too-many", limit=OPEN_LIMIT))
    if mine and now - mine[0].created_at < MIN_GAP:
        raise DomainError(t("proposal-too-fast"))
    community = await uow.communities.get(user.community_id)
    proposal = Proposal(
        community_id=community.id,
        author_id=user.id,
        title=title,
        description=description,
        category=category,
        level=level,
        image=image,
        state="collecting",
        threshold=community.proposal_threshold or DEFAULT_THRESHOLD,
        supports=0,
        window_ends_at=now + WINDOW,
        progress=0,
        hidden=False,
        reports=0,
        created_at=now,
        updated_at=now,
    )
    uow.proposals.add(proposal)
    await uow.flush()
    uow.proposals.add(
        ProposalStep(
            proposal_id=proposal.id, at=now, kind="state", state="collecting", actor=ids.actor(user)
        )
    )
    return proposal


async def support(uow: UnitOfWork, user: User, proposal_id: int, now: dt.datetime) -> Proposal:
    """附议: once per resident of the community, never one's own, only while collecting."""
    proposal = await visible(uow, user, proposal_id)
    if proposal.community_id != user.community_id:
        raise NotInCommunity()
    await require_confirmed(uow, user)
    if proposal.author_id == user.id:
        raise DomainError(t("proposal-own"))
    if proposal.state != "collecting" or proposal.window_ends_at <= now:
        raise DomainError(t("proposal-not-now", state=STATE_NAMES[proposal.state]))
    if await uow.proposals.support_of(proposal.id, user.id) is not None:
        raise AlreadyDone()
    await uow.proposals.add_support(proposal, user.id, now)
    if proposal.supports >= proposal.threshold and proposal.state == "collecting":
        step = await _move(uow, proposal, "pending", "system", now)
        await _tell(uow, proposal, _state_text(proposal, step), now, "pending")
        await _tell_staff(
            uow,
            proposal,
            t("proposal-staff-pending", title=raw(proposal.title), count=proposal.supports),
            now,
        )
    return proposal


async def _tell_staff(uow: UnitOfWork, proposal: Proposal, text: Text, now: dt.datetime) -> None:
    for user_id in await staff_ids(uow, proposal.community_id):
        await push(
            uow,
            user_id,
            text,
            kind="proposal-staff",
            now=now,
            dedupe_key=f"proposal:{proposal.id}:staff:{text.key}:{user_id}",
        )


async def close_windows(uow: UnitOfWork, now: dt.datetime) -> int:
    """Windows that ended below the threshold: 未达附议, and the author is told."""
    rows = await uow.proposals.windows_closed(now)
    for proposal in rows:
        await _move(uow, proposal, "lapsed", "system", now)
        await _tell(
            uow,
            proposal,
            t(
                "proposal-lapsed",
                title=raw(proposal.title),
                count=proposal.supports,
                threshold=proposal.threshold,
            ),
            now,
            "lapsed",
            only=[proposal.author_id],
        )
    return len(rows)


# --- 议 and 决 ---


async def _staff_proposal(uow: UnitOfWork, staff: User | None, proposal_id: int) -> Proposal:
    proposal = await _get(uow, proposal_id)
    await require_staff(uow, staff, proposal.community_id)
    return proposal


PLACE_MAX = 100
MEETING_AHEAD = dt.timedelta(days=366)  # the furthest ahead a meeting is planned


def check_meeting(starts_at: dt.datetime, place: str, level: str, now: dt.datetime) -> str:
    """A meeting's time is ahead (within a year) and its place is said: the place as it
    will be stored."""
    place = place.strip()
    if starts_at <= now or not place or len(place) > PLACE_MAX or level not in LEVELS:
        raise DomainError(t("proposal-bad-meeting"))
    if starts_at > now + MEETING_AHEAD:
        raise DomainError(t("meeting-too-far"))
    return place


async def schedule(
    uow: UnitOfWork,
    staff: User | None,
    proposal_id: int,
    *,
    starts_at: dt.datetime,
    place: str,
    level: str,
    now: dt.datetime,
    config: CoreConfig,
) -> Meeting:
    """Put a 待议 proposal on a new council meeting of its own; followers hear when and
    where. (A meeting of several: handlers/proposals/meetings.py.)"""
    proposal = await _staff_proposal(uow, staff, proposal_id)
    place = check_meeting(starts_at, place, level, now)
    check(proposal.state, "scheduled")
    meeting = Meeting(
        community_id=proposal.community_id,
        starts_at=starts_at,
        place=place,
        level=level,
        status="scheduled",
        version=0,
        created_at=now,
        updated_at=now,
    )
    uow.meetings.add(meeting)
    await uow.flush()
    await put_on(uow, staff, proposal, meeting, now, config)
    return meeting


async def put_on(
    uow: UnitOfWork,
    staff: User | None,
    proposal: Proposal,
    meeting: Meeting,
    now: dt.datetime,
    config: CoreConfig,
) -> MeetingItem:
    """The proposal becomes the meeting's last agenda item (议), and its followers hear of it.

    Each placement counts as a change of the meeting (`version`), so the keys of its notice
    and reminder are new even when a proposal comes back to a meeting it was taken off."""
    check(proposal.state, "scheduled")
    item = MeetingItem(
        meeting_id=meeting.id,
        proposal_id=proposal.id,
        position=await uow.meetings.last_position(meeting.id) + 1,
    )
    uow.meetings.add(item)
    meeting.version += 1
    meeting.updated_at = now
    proposal.meeting_id = meeting.id
    # Stored once, read later in either language: plain data, the place as typed.
    stamp = when.stamp(meeting.starts_at, config.zone)
    await _move(uow, proposal, "scheduled", ids.actor(staff), now, f"{stamp} {meeting.place}")
    await _announce_meeting(uow, proposal, meeting, now, config)
    await _audit(uow, proposal, staff, "proposal.schedule", now, {"meeting": meeting.id})
    return item


async def _announce_meeting(
    uow: UnitOfWork,
    proposal: Proposal,
    meeting: Meeting,
    now: dt.datetime,
    config: CoreConfig,
    only: list[int] | None = None,
    *,
    notice: bool = True,
) -> None:
    """The meeting's notice now (unless `notice` is False: a reschedule says it once for
    the whole agenda) and its reminder the day before, to followers (or `only`). The
    reminder's key is under `proposal:{id}:meeting-reminder:`, the prefix that calls off
    every reminder of the proposal's meeting, and names the meeting's version."""
    starts = when.moment(meeting.starts_at, config.zone)
    place = raw(meeting.place)
    version = f"{meeting.id}.{meeting.version}"
    if notice:
        text = t("proposal-meeting", title=raw(proposal.title), when=starts, place=place)
        await _tell(uow, proposal, text, now, f"meeting:{version}", only=only)
    await _tell(
        uow,
        proposal,
        t("proposal-meeting-reminder", title=raw(proposal.title), when=starts, place=place),
        now,
        f"meeting-reminder:{version}",
        due_at=max(now, meeting.starts_at - dt.timedelta(days=1)),
        expires_at=meeting.starts_at,
        only=only,
    )


async def record_summary(
    uow: UnitOfWork,
    staff: User | None,
    proposal_id: int,
    text: str,
    now: dt.datetime,
    config: CoreConfig = DEFAULT_CONFIG,
) -> None:
    proposal = await _staff_proposal(uow, staff, proposal_id)
    text = text.strip()
    if proposal.state != "scheduled" or not text or len(text) > TEXT_MAX:
        raise DomainError(t("proposal-not-now", state=STATE_NAMES[proposal.state]))
    await _after_meeting(uow, proposal, now, config)
    proposal.summary = text
    uow.proposals.add(
        ProposalStep(
            proposal_id=proposal.id,
            at=now,
            kind="summary",
            state=proposal.state,
            text=text,
            actor=ids.actor(staff),
        )
    )
    await _audit(uow, proposal, staff, "proposal.summary", now)


async def adopt(
    uow: UnitOfWork,
    staff: User | None,
    proposal_id: int,
    carried_by: str,
    now: dt.datetime,
    config: CoreConfig = DEFAULT_CONFIG,
) -> Proposal:
    """立项, naming who carries it out (after the council has met)."""
    proposal = await _staff_proposal(uow, staff, proposal_id)
    if carried_by not in CARRIERS:
        raise NotFound()
    check(proposal.state, "adopted")
    await _after_meeting(uow, proposal, now, config)
    step = await _move(uow, proposal, "adopted", ids.actor(staff), now, carried_by)
    proposal.carried_by = carried_by
    await _tell(
        uow,
        proposal,
        t("proposal-adopted", title=raw(proposal.title), carrier=raw(carried_by)),
        now,
        f"step{step.id}",
    )
    await _audit(uow, proposal, staff, "proposal.adopt", now, {"carried_by": carried_by})
    return proposal


async def decline(
    uow: UnitOfWork,
    staff: User | None,
    proposal_id: int,
    reason: str,
    now: dt.datetime,
    config: CoreConfig = DEFAULT_CONFIG,
) -> Proposal:
    """Decline with a public reason (after the council has met)."""
    proposal = await _staff_proposal(uow, staff, proposal_id)
    reason = reason.strip()
    if not reason or len(reason) > 500:
        raise DomainError(t("proposal-reason-needed"))
    check(proposal.state, "declined")
    await _after_meeting(uow, proposal, now, config)
    step = await _move(uow, proposal, "declined", ids.actor(staff), now, reason)
    proposal.reason = reason
    await _tell(
        uow,
        proposal,
        t("proposal-declined", title=raw(proposal.title), reason=raw(reason)),
        now,
        f"step{step.id}",
    )
    await _audit(uow, proposal, staff, "proposal.decline", now, {"reason": reason})
    return proposal


async def merge(
    uow: UnitOfWork,
    staff: User | None,
    proposal_id: int,
    into_id: int,
    now: dt.datetime,
    config: CoreConfig = DEFAULT_CONFIG,
) -> Proposal:
    """Merge a duplicate into another open proposal; its supporters move over and are told."""
    proposal = await _staff_proposal(uow, staff, proposal_id)
    target = await _staff_proposal(uow, staff, into_id)
    if (
        target.id == proposal.id
        or target.community_id != proposal.community_id
        or target.state not in OPEN
    ):
        raise DomainError(t("proposal-bad-merge"))
    told = await followers(uow, proposal)
    step = await _move(uow, proposal, "merged", ids.actor(staff), now, f"#{target.id}")
    proposal.merged_into = target.id
    already = set(await followers(uow, target))
    newcomers = [user_id for user_id in told if user_id not in already]
    for user_id in newcomers:
        uow.proposals.add(ProposalSupport(proposal_id=target.id, user_id=user_id, created_at=now))
    moved = len(newcomers)
    await uow.flush()
    target.supports = await uow.proposals.count_supports(target.id)
    await _tell(
        uow,
        proposal,
        t("proposal-merged", title=raw(proposal.title), into=raw(target.title), id=target.id),
        now,
        f"step{step.id}",
        only=told,
    )
    meeting = await uow.meetings.get(target.meeting_id) if target.meeting_id else None
    if meeting is not None and target.state == "scheduled" and meeting.starts_at > now:
        # Those who came over follow the meeting too: its notice now, its reminder later.
        await _announce_meeting(uow, target, meeting, now, config, only=newcomers)
    if target.state == "collecting" and target.supports >= target.threshold:
        await _move(uow, target, "pending", "system", now)
        await _tell(
            uow,
            target,
            t("proposal-changed", title=raw(target.title), state=STATE_NAMES["pending"]),
            now,
            "pending",
        )
    await _audit(uow, proposal, staff, "proposal.merge", now, {"into": target.id, "moved": moved})
    return target


# --- 督 ---


async def post_progress(
    uow: UnitOfWork, staff: User | None, proposal_id: int, percent: int, text: str, now: dt.datetime
) -> Proposal:
    """A line and a percentage; at 100 it is done and followers are asked to rate it."""
    proposal = await _staff_proposal(uow, staff, proposal_id)
    text = text.strip()
    if proposal.state != "adopted":
        raise DomainError(t("proposal-not-now", state=STATE_NAMES[proposal.state]))
    if not 0 <= percent <= 100 or percent < proposal.progress or not text or len(text) > 500:
        raise DomainError(t("proposal-bad-progress", now=proposal.progress))
    proposal.progress = percent
    proposal.updated_at = now
    step = ProposalStep(
        proposal_id=proposal.id,
        at=now,
        kind="progress",
        state=proposal.state,
        text=f"{percent}% {text}",
        actor=ids.actor(staff),
    )
    uow.proposals.add(step)
    await uow.flush()
    await _tell(
        uow,
        proposal,
        t("proposal-progress", title=raw(proposal.title), percent=percent, text=raw(text)),
        now,
        f"step{step.id}",
    )
    if percent == 100:
        await _move(uow, proposal, "done", ids.actor(staff), now)
        ask = Reply(
            messages=[t("proposal-rate-ask", title=raw(proposal.title))],
            buttons=[
                Button(raw(str(n)), codec.encode("do", "rate", f"{proposal.id}.{n}"))
                for n in range(1, 6)
            ],
        )
        await _tell(
            uow, proposal, t("proposal-rate-ask", title=raw(proposal.title)), now, "rate", reply=ask
        )
    await _audit(uow, proposal, staff, "proposal.progress", now, {"percent": percent})
    return proposal


async def has_rated(uow: UnitOfWork, user: User, proposal: Proposal) -> bool:
    return await uow.proposals.has_rated(proposal.id, user.id)


async def set_threshold(
    uow: UnitOfWork, staff: User | None, community_id: int, threshold: int, now: dt.datetime
) -> None:
    """Supports needed to reach the agenda, for proposals published from now on."""
    await require_staff(uow, staff, community_id)
    if not 1 <= threshold <= 10000:
        raise DomainError(t("proposal-bad-threshold"))
    (await uow.communities.get(community_id)).proposal_threshold = threshold
    await write_audit(
        uow,
        now=now,
        community_id=community_id,
        actor=ids.actor(staff),
        action="proposal.threshold",
        details={"threshold": threshold},
    )


async def rate(uow: UnitOfWork, user: User, proposal_id: int, score: int, now: dt.datetime) -> None:
    """1–5, once, by the author or a supporter of a finished proposal."""
    proposal = await _get(uow, proposal_id)
    if proposal.state != "done":
        raise DomainError(t("proposal-not-now", state=STATE_NAMES[proposal.state]))
    if user.id not in await followers(uow, proposal):
        raise NotAllowed()
    if not 1 <= score <= 5:
        raise NotFound()
    if await uow.proposals.rating_of(proposal.id, user.id) is not None:
        raise AlreadyDone()
    uow.proposals.add(
        ProposalRating(proposal_id=proposal.id, user_id=user.id, score=score, created_at=now)
    )


# --- moderation ---


async def report(
    uow: UnitOfWork, user: User, proposal_id: int, now: dt.datetime, limit: int = REPORT_LIMIT
) -> Proposal:
    """A resident reports a proposal once; enough reports hide it until staff look."""
    proposal = await visible(uow, user, proposal_id)
    if proposal.community_id != user.community_id:
        raise NotInCommunity()
    await require_confirmed(uow, user)
    if proposal.author_id == user.id:
        raise DomainError(t("proposal-own"))
    if await uow.proposals.report_of(proposal.id, user.id) is not None:
        raise AlreadyDone()
    uow.proposals.add(ProposalReport(proposal_id=proposal.id, user_id=user.id, created_at=now))
    proposal.reports += 1
    if proposal.reports >= limit and not proposal.hidden:
        proposal.hidden = True
        uow.proposals.add(
            ProposalStep(
                proposal_id=proposal.id,
                at=now,
                kind="hidden",
                state=proposal.state,
                actor="reports",
            )
        )
        await _tell_staff(
            uow,
            proposal,
            t("proposal-staff-reported", title=raw(proposal.title), id=proposal.id),
            now,
        )
        await _tell(
            uow,
            proposal,
            t("proposal-hidden-by-reports", title=raw(proposal.title)),
            now,
            "hidden-by-reports",
            only=[proposal.author_id],
        )
    return proposal


async def withdraw_resident(
    uow: UnitOfWork, user_id: int, community_id: int, now: dt.datetime, limit: int = REPORT_LIMIT
) -> tuple[int, int]:
    """Someone moved away: their supports of ideas still collecting and all their reports in
    the old community are taken back, so moving cannot be used to weigh in twice. An idea
    hidden only by reports shows again once too few are left (staff decisions stand).
    Returns (supports, reports) withdrawn."""
    supports = reports = 0
    for support in await uow.proposals.supports_in(user_id, community_id):
        proposal = await uow.proposals.get(support.proposal_id)
        if proposal.state != "collecting":
            continue  # it reached its outcome with this support; the record stands
        await uow.proposals.drop(support)
        proposal.supports = max(0, proposal.supports - 1)
        supports += 1
    for report in await uow.proposals.reports_in(user_id, community_id):
        proposal = await uow.proposals.get(report.proposal_id)
        await uow.proposals.drop(report)
        proposal.reports = max(0, proposal.reports - 1)
        reports += 1
        if proposal.hidden and proposal.reports < limit:
            by_reports = {p.id for p in await uow.proposals.hidden_by_reports(community_id)}
            if proposal.id in by_reports:
                proposal.hidden = False
                uow.proposals.add(
                    ProposalStep(
                        proposal_id=proposal.id,
                        at=now,
                        kind="shown",
                        state=proposal.state,
                        actor="reports",
                    )
                )
    return supports, reports


async def review_queue(uow: UnitOfWork, staff: User, community_id: int) -> list[Proposal]:
    """Proposals that reports hid and no staff member has looked at yet, oldest first.

    Without this list any three accounts could bury any proposal for good.
    """
    await require_staff(uow, staff, community_id)
    return await uow.proposals.hidden_by_reports(community_id)


async def set_hidden(
    uow: UnitOfWork,
    staff: User | None,
    proposal_id: int,
    hidden: bool,
    reason: str,
    now: dt.datetime,
) -> Proposal:
    proposal = await _staff_proposal(uow, staff, proposal_id)
    reason = reason.strip()
    if not reason:
        raise DomainError(t("proposal-reason-needed"))
    proposal.hidden = hidden
    if not hidden:
        # Restored after review: only new reporters count towards hiding it again.
        proposal.reports = 0
    step = ProposalStep(
        proposal_id=proposal.id,
        at=now,
        kind="hidden" if hidden else "shown",
        state=proposal.state,
        text=reason,
        actor=ids.actor(staff),
    )
    uow.proposals.add(step)
    await uow.flush()
    text = (
        t("proposal-hidden", title=raw(proposal.title), reason=raw(reason))
        if hidden
        else t("proposal-shown", title=raw(proposal.title), reason=raw(reason))
    )
    await _tell(uow, proposal, text, now, f"step{step.id}", only=[proposal.author_id])
    await _audit(
        uow,
        proposal,
        staff,
        "proposal.hide" if hidden else "proposal.show",
        now,
        {"reason": reason},
    )
    return proposal


# --- browsing and figures ---


async def listing(
    uow: UnitOfWork,
    user: User,
    *,
    state: str | tuple[str, ...] | None = None,
    category: str | None = None,
    mine: bool = False,
    supported: bool = False,
    community_id: int | None = None,
) -> list[Proposal]:
    """The community's proposals (the user's own, or the one staff opened them for)."""
    return await uow.proposals.listing(
        community_id or user.community_id,
        author_id=user.id if mine else None,
        supporter_id=user.id if supported else None,
        states=((state,) if isinstance(state, str) else state) if state else None,
        category=category,
        limit=200,
    )


async def timeline(uow: UnitOfWork, proposal: Proposal) -> list[ProposalStep]:
    return await uow.proposals.timeline(proposal.id)


@dataclass
class Figures:
    by_state: Counter
    adopted_by: Counter
    ratings: int
    satisfied: int

    @property
    def satisfaction(self) -> int | None:
        """The share of ratings of 4 or 5, in percent (the seed's 95% is counted so)."""
        return round(100 * self.satisfied / self.ratings) if self.ratings else None


async def figures(uow: UnitOfWork, community_id: int) -> Figures:
    rows = await uow.proposals.states_and_carriers(community_id)
    scores = await uow.proposals.rating_scores(community_id)
    return Figures(
        Counter(s for s, _ in rows),
        Counter(c for s, c in rows if c and s in ("adopted", "done")),
        len(scores),
        sum(1 for s in scores if s >= 4),
    )
