"""Council meetings (议事会) of several proposals: create one, shape its agenda (add,
remove, reorder; only 待议 proposals of its community), reschedule or cancel it (the
followers of every item told once, reminders moved or called off), and after it record the
attendance and, per item, the decision and the vote.

A decision goes through the very rules of the chat: adopt and decline are
`service.adopt` / `service.decline` (决, then 督 by progress); defer puts the proposal back
to 待议 for another meeting. Every change is in the community's audit log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from linli.handlers.kit import ids, when
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.errors import AlreadyDone, DomainError, NotFound
from linli.handlers.kit.notify import push
from linli.handlers.kit.text import Text, raw, t
from linli.handlers.profile.service import require_staff, write_audit
from linli.handlers.proposals import service
from linli.handlers.proposals.service import CARRIERS, check_meeting
from linli.handlers.proposals.states import STATE_NAMES
from linli.storage.models import Meeting, MeetingItem, Proposal, ProposalStep, User
from linli.storage.uow import UnitOfWork

DECISIONS = ("adopt", "decline", "defer")
COUNT_MAX = 10000  # people at a meeting, and votes of one kind
ATTENDEES_MAX = 500
AGENDA_MAX = 30


@dataclass(frozen=True)
class Votes:
    """赞成, 反对, 弃权."""

    yes: int
    no: int
    abstain: int

    @property
    def total(self) -> int:
        return self.yes + self.no + self.abstain


@dataclass(frozen=True)
class AgendaLine:
    """One item as the pages show it: `decision` is the one recorded at the meeting, or
    the one staff took in chat on this meeting (adopt/decline without a vote)."""

    item: MeetingItem
    proposal: Proposal
    decision: str | None

    @property
    def open(self) -> bool:
        """Still on this meeting and undecided: may be removed, moved, decided."""
        return self.decision is None and self.on_it

    @property
    def on_it(self) -> bool:
        return (
            self.proposal.state == "scheduled" and self.proposal.meeting_id == self.item.meeting_id
        )


async def _meeting(uow: UnitOfWork, staff: User | None, meeting_id: int) -> Meeting:
    """A meeting the staff member may act on (NotFound, NotAllowed otherwise); locked."""
    meeting = await uow.meetings.get(meeting_id, lock=True)
    if meeting is None:
        raise NotFound()
    await require_staff(uow, staff, meeting.community_id)
    return meeting


async def get(uow: UnitOfWork, staff: User | None, meeting_id: int) -> Meeting:
    meeting = await uow.meetings.get(meeting_id)
    if meeting is None:
        raise NotFound()
    await require_staff(uow, staff, meeting.community_id)
    return meeting


def _still_ahead(meeting: Meeting) -> None:
    """The agenda, the time and the place change only while the meeting is to come."""
    if meeting.status != "scheduled":
        raise DomainError(t("meeting-closed", status=STATUS_NAMES[meeting.status]))


STATUS_NAMES = {
    "scheduled": t("meeting-status-scheduled"),
    "held": t("meeting-status-held"),
    "cancelled": t("meeting-status-cancelled"),
}


async def _audit(
    uow: UnitOfWork,
    meeting: Meeting,
    staff: User | None,
    action: str,
    now: dt.datetime,
    details: dict | None = None,
) -> None:
    await write_audit(
        uow,
        now=now,
        community_id=meeting.community_id,
        actor=ids.actor(staff),
        action=action,
        target=f"meeting:{meeting.id}",
        details=details,
    )


# --- lists ---


async def upcoming(
    uow: UnitOfWork, staff: User | None, community_id: int, now: dt.datetime
) -> list[Meeting]:
    await require_staff(uow, staff, community_id)
    return await uow.meetings.upcoming(community_id, now)


async def past(
    uow: UnitOfWork, staff: User | None, community_id: int, now: dt.datetime
) -> list[Meeting]:
    await require_staff(uow, staff, community_id)
    return await uow.meetings.past(community_id, now)


async def item_counts(uow: UnitOfWork, meetings: list[Meeting]) -> dict[int, int]:
    return await uow.meetings.item_counts([m.id for m in meetings])


def _decision_of(item: MeetingItem, proposal: Proposal) -> str | None:
    if item.decision is not None:
        return item.decision
    if proposal.meeting_id == item.meeting_id:
        if proposal.state in ("adopted", "done"):
            return "adopt"
        if proposal.state == "declined":
            return "decline"
    return None


async def agenda(uow: UnitOfWork, meeting: Meeting) -> list[AgendaLine]:
    return [
        AgendaLine(item, proposal, _decision_of(item, proposal))
        for item, proposal in await uow.meetings.agenda(meeting.id)
    ]


async def waiting(uow: UnitOfWork, staff: User | None, community_id: int) -> list[Proposal]:
    """The community's 待议 proposals (waiting for a meeting), longest waiting first."""
    await require_staff(uow, staff, community_id)
    rows = await uow.proposals.listing(community_id, states=("pending",), limit=200)
    return sorted(rows, key=lambda p: (p.updated_at, p.id))


async def candidates(uow: UnitOfWork, meeting: Meeting) -> list[Proposal]:
    """The proposals that could go on this meeting: its community's 待议 ones."""
    return await waiting(uow, None, meeting.community_id)


# --- create, agenda ---


async def create(
    uow: UnitOfWork,
    staff: User | None,
    community_id: int,
    *,
    starts_at: dt.datetime,
    place: str,
    level: str = "社区",
    now: dt.datetime,
) -> Meeting:
    """A meeting with an empty agenda."""
    await require_staff(uow, staff, community_id)
    place = check_meeting(starts_at, place, level, now)
    meeting = Meeting(
        community_id=community_id,
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
    await _audit(uow, meeting, staff, "meeting.create", now, {"starts_at": starts_at.isoformat()})
    return meeting


async def add_item(
    uow: UnitOfWork,
    staff: User | None,
    meeting_id: int,
    proposal_id: int,
    now: dt.datetime,
    config: CoreConfig,
) -> MeetingItem:
    """A 待议 proposal of the meeting's community goes last on its agenda."""
    meeting = await _meeting(uow, staff, meeting_id)
    _still_ahead(meeting)
    if meeting.starts_at <= now:
        raise DomainError(t("meeting-begun"))
    proposal = await uow.proposals.get(proposal_id)
    if proposal is None or proposal.community_id != meeting.community_id:
        raise NotFound()
    if await uow.meetings.item(meeting.id, proposal.id) is not None:
        raise AlreadyDone()
    if proposal.state != "pending":
        raise DomainError(t("meeting-only-pending", state=STATE_NAMES[proposal.state]))
    if len(await uow.meetings.agenda(meeting.id)) >= AGENDA_MAX:
        raise DomainError(t("meeting-agenda-full", limit=AGENDA_MAX))
    return await service.put_on(uow, staff, proposal, meeting, now, config)


async def place_on(
    uow: UnitOfWork,
    staff: User | None,
    proposal_id: int,
    *,
    starts_at: dt.datetime,
    place: str,
    now: dt.datetime,
    config: CoreConfig,
) -> Meeting:
    """Chat's 安排议事会 by typing a time and a place: the community's meeting at that very
    time and place if there is one, else a new one; the proposal goes last on its agenda."""
    proposal = await uow.proposals.get(proposal_id)
    if proposal is None:
        raise NotFound()
    await require_staff(uow, staff, proposal.community_id)
    place = check_meeting(starts_at, place, proposal.level, now)
    meeting = await uow.meetings.same(proposal.community_id, starts_at, place)
    if meeting is None:
        meeting = await create(
            uow,
            staff,
            proposal.community_id,
            starts_at=starts_at,
            place=place,
            level=proposal.level,
            now=now,
        )
    await add_item(uow, staff, meeting.id, proposal.id, now, config)
    return meeting


async def _back_to_waiting(
    uow: UnitOfWork, staff: User | None, proposal: Proposal, now: dt.datetime
) -> None:
    """Off the meeting, 待议 again: its reminders are called off."""
    proposal.meeting_id = None
    await service._move(uow, proposal, "pending", ids.actor(staff), now)
    await uow.outbox.cancel_pending(f"proposal:{proposal.id}:meeting-reminder:")


async def remove_item(
    uow: UnitOfWork,
    staff: User | None,
    meeting_id: int,
    proposal_id: int,
    now: dt.datetime,
    config: CoreConfig,
) -> None:
    """Take a proposal off the agenda: it waits for another meeting, and its followers
    hear so. An item whose proposal already left (merged, decided in chat) just goes."""
    meeting = await _meeting(uow, staff, meeting_id)
    _still_ahead(meeting)
    item = await uow.meetings.item(meeting.id, proposal_id)
    if item is None:
        raise NotFound()
    proposal = await uow.proposals.get(proposal_id)
    line = AgendaLine(item, proposal, _decision_of(item, proposal))
    if line.decision is not None:
        raise AlreadyDone()
    if line.on_it:
        meeting.version += 1
        await _back_to_waiting(uow, staff, proposal, now)
        starts = when.moment(meeting.starts_at, config.zone)
        await service._tell(
            uow,
            proposal,
            t("meeting-removed", title=raw(proposal.title), when=starts),
            now,
            f"meeting-removed:{meeting.id}.{meeting.version}",
        )
    await uow.meetings.drop_item(item)
    await _renumber(uow, meeting)
    meeting.updated_at = now
    await _audit(uow, meeting, staff, "meeting.remove", now, {"proposal": proposal_id})


async def _renumber(uow: UnitOfWork, meeting: Meeting, order: list[int] | None = None) -> None:
    rows = [item for item, _ in await uow.meetings.agenda(meeting.id)]
    if order is not None:
        rows.sort(key=lambda item: order.index(item.proposal_id))
    for position, item in enumerate(rows, start=1):
        item.position = position
    await uow.flush()


async def reorder(
    uow: UnitOfWork, staff: User | None, meeting_id: int, order: list[int], now: dt.datetime
) -> None:
    """The agenda in this order of proposal ids (each item exactly once)."""
    meeting = await _meeting(uow, staff, meeting_id)
    _still_ahead(meeting)
    present = [item.proposal_id for item, _ in await uow.meetings.agenda(meeting.id)]
    if sorted(order) != sorted(present) or len(set(order)) != len(order):
        raise DomainError(t("meeting-bad-order"))
    await _renumber(uow, meeting, order)
    meeting.updated_at = now
    await _audit(uow, meeting, staff, "meeting.reorder", now, {"order": order})


async def move_item(
    uow: UnitOfWork,
    staff: User | None,
    meeting_id: int,
    proposal_id: int,
    step: int,
    now: dt.datetime,
) -> None:
    """One place up (-1) or down (+1); at either end it stays where it is."""
    meeting = await get(uow, staff, meeting_id)
    order = [item.proposal_id for item, _ in await uow.meetings.agenda(meeting.id)]
    if proposal_id not in order or step not in (-1, 1):
        raise NotFound()
    at = order.index(proposal_id)
    to = at + step
    if 0 <= to < len(order):
        order[at], order[to] = order[to], order[at]
    await reorder(uow, staff, meeting_id, order, now)


# --- reschedule, cancel ---


async def _tell_once(
    uow: UnitOfWork, lines: list[AgendaLine], now: dt.datetime, key: str, head: Text
) -> int:
    """One push to each follower of any of these items, naming the ones they follow."""
    follows: dict[int, list[str]] = {}
    for line in lines:
        for user_id in await service.followers(uow, line.proposal):
            follows.setdefault(user_id, []).append(line.proposal.title)
    for user_id, titles in sorted(follows.items()):
        await push(
            uow,
            user_id,
            head,
            *[t("meeting-item-line", title=raw(title)) for title in titles],
            kind="proposal",
            now=now,
            dedupe_key=f"{key}:{user_id}",
        )
    return len(follows)


async def reschedule(
    uow: UnitOfWork,
    staff: User | None,
    meeting_id: int,
    *,
    starts_at: dt.datetime,
    place: str,
    now: dt.datetime,
    config: CoreConfig,
) -> Meeting:
    """A new time and/or place: the followers of every item hear it once, and each item's
    reminder is moved to the day before the new time."""
    meeting = await _meeting(uow, staff, meeting_id)
    _still_ahead(meeting)
    place = check_meeting(starts_at, place, meeting.level, now)
    if starts_at == meeting.starts_at and place == meeting.place:
        raise DomainError(t("meeting-same"))
    was = meeting.starts_at
    meeting.starts_at, meeting.place = starts_at, place
    meeting.version += 1
    meeting.updated_at = now
    lines = [line for line in await agenda(uow, meeting) if line.open]
    stamp = when.stamp(starts_at, config.zone)
    for line in lines:
        await uow.outbox.cancel_pending(f"proposal:{line.proposal.id}:meeting-reminder:")
        await service._announce_meeting(uow, line.proposal, meeting, now, config, notice=False)
        uow.proposals.add(
            ProposalStep(
                proposal_id=line.proposal.id,
                at=now,
                kind="moved",
                state=line.proposal.state,
                text=f"{stamp} {place}",
                actor=ids.actor(staff),
            )
        )
    head = t(
        "meeting-moved",
        was=when.moment(was, config.zone),
        when=when.moment(starts_at, config.zone),
        place=raw(place),
    )
    told = await _tell_once(uow, lines, now, f"meeting:{meeting.id}:moved:{meeting.version}", head)
    await _audit(
        uow,
        meeting,
        staff,
        "meeting.reschedule",
        now,
        {"was": was.isoformat(), "starts_at": starts_at.isoformat(), "place": place, "told": told},
    )
    return meeting


async def cancel(
    uow: UnitOfWork, staff: User | None, meeting_id: int, now: dt.datetime, config: CoreConfig
) -> int:
    """Call the meeting off: every item's proposal is 待议 again, its reminders called off,
    and the followers hear it once. Returns how many people were told."""
    meeting = await _meeting(uow, staff, meeting_id)
    _still_ahead(meeting)
    lines = [line for line in await agenda(uow, meeting) if line.open]
    for line in lines:
        await _back_to_waiting(uow, staff, line.proposal, now)
    meeting.status = "cancelled"
    meeting.version += 1
    meeting.updated_at = now
    head = t("meeting-cancelled", when=when.moment(meeting.starts_at, config.zone))
    told = await _tell_once(uow, lines, now, f"meeting:{meeting.id}:cancelled", head)
    await _audit(uow, meeting, staff, "meeting.cancel", now, {"told": told})
    return told


# --- after the meeting ---


def _begun(meeting: Meeting, now: dt.datetime, config: CoreConfig) -> None:
    if meeting.status == "cancelled":
        raise DomainError(t("meeting-closed", status=STATUS_NAMES[meeting.status]))
    if now < meeting.starts_at:
        starts = when.moment(meeting.starts_at, config.zone)
        raise DomainError(t("proposal-meeting-not-yet", when=starts))


async def record_attendance(
    uow: UnitOfWork,
    staff: User | None,
    meeting_id: int,
    count: int,
    attendees: str,
    now: dt.datetime,
    config: CoreConfig,
) -> Meeting:
    """How many came, and optionally who as the minutes name them (roles or names the
    members gave); not fewer than the most votes cast on any item."""
    meeting = await _meeting(uow, staff, meeting_id)
    _begun(meeting, now, config)
    attendees = attendees.strip()
    if not 0 <= count <= COUNT_MAX or len(attendees) > ATTENDEES_MAX:
        raise DomainError(t("meeting-bad-attendance", most=COUNT_MAX, length=ATTENDEES_MAX))
    cast = [line.item for line in await agenda(uow, meeting) if line.item.votes_for is not None]
    most = max((i.votes_for + i.votes_against + i.votes_abstain for i in cast), default=0)
    if count < most:
        raise DomainError(t("meeting-fewer-than-votes", votes=most))
    meeting.attendance = count
    meeting.attendees = attendees or None
    meeting.status = "held"
    meeting.updated_at = now
    await _audit(uow, meeting, staff, "meeting.attendance", now, {"count": count})
    return meeting


async def decide(
    uow: UnitOfWork,
    staff: User | None,
    meeting_id: int,
    proposal_id: int,
    decision: str,
    votes: Votes,
    now: dt.datetime,
    config: CoreConfig,
    *,
    carried_by: str = "",
    reason: str = "",
) -> MeetingItem:
    """What the council decided on one item, with its vote. Adopt names who carries it out
    and decline gives a public reason, both as in chat; defer sends it back to 待议."""
    meeting = await _meeting(uow, staff, meeting_id)
    _begun(meeting, now, config)
    if decision not in DECISIONS:
        raise NotFound()
    item = await uow.meetings.item(meeting.id, proposal_id)
    if item is None:
        raise NotFound()
    proposal = await uow.proposals.get(proposal_id)
    line = AgendaLine(item, proposal, _decision_of(item, proposal))
    if line.decision is not None:
        raise AlreadyDone()
    if not line.on_it:
        raise DomainError(t("proposal-not-now", state=STATE_NAMES[proposal.state]))
    counts = (votes.yes, votes.no, votes.abstain)
    if any(not 0 <= n <= COUNT_MAX for n in counts):
        raise DomainError(t("meeting-bad-votes", most=COUNT_MAX))
    if meeting.attendance is not None and votes.total > meeting.attendance:
        raise DomainError(t("meeting-more-votes-than-people", count=meeting.attendance))
    if decision == "adopt":
        if carried_by not in CARRIERS:
            raise DomainError(t("meeting-carrier-needed"))
        await service.adopt(uow, staff, proposal.id, carried_by, now, config)
    elif decision == "decline":
        await service.decline(uow, staff, proposal.id, reason, now, config)
    else:
        await _back_to_waiting(uow, staff, proposal, now)
        await service._tell(
            uow,
            proposal,
            t("meeting-deferred", title=raw(proposal.title)),
            now,
            f"meeting-deferred:{meeting.id}",
        )
        await service._audit(uow, proposal, staff, "proposal.defer", now, {"meeting": meeting.id})
    item.decision = decision
    item.votes_for, item.votes_against, item.votes_abstain = counts
    item.decided_at = now
    meeting.status = "held"
    meeting.updated_at = now
    await _audit(
        uow,
        meeting,
        staff,
        "meeting.decide",
        now,
        {"proposal": proposal.id, "decision": decision, "votes": list(counts)},
    )
    return item
