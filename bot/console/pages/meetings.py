"""议事会 in the console: the meetings to come and past, a new one, a meeting's page (its
agenda: add, remove, order; reschedule; cancel), the printable agenda, and the form after
the meeting (attendance; each item's decision and vote). The rules are in
handlers/proposals/meetings.py, shared with chat; these pages only read forms and call it."""

from __future__ import annotations

import datetime as dt

from linli.bot.console.page import Page, Routes
from linli.handlers.kit import when
from linli.handlers.kit.errors import DomainError, NotFound
from linli.handlers.kit.text import t
from linli.handlers.proposals import meetings
from linli.handlers.proposals.meetings import DECISIONS, Votes
from linli.handlers.proposals.service import CARRIERS, LEVELS
from linli.handlers.proposals.states import STATE_NAMES
from linli.storage.models import Meeting

DECISION_NAMES = {
    "adopt": t("console-meetings-adopt"),
    "decline": t("console-meetings-decline"),
    "defer": t("console-meetings-defer"),
}
STATUS_NAMES = {
    "scheduled": t("console-meetings-status-scheduled"),
    "held": t("console-meetings-status-held"),
    "cancelled": t("console-meetings-status-cancelled"),
}
FIELD_MAX = 1000  # characters of any one form field read here


def _base(cid: int) -> str:
    return f"/console/c/{cid}/meetings"


def _field(form, name: str) -> str:
    value = str(form.get(name, ""))
    if len(value) > FIELD_MAX:
        raise DomainError(t("console-meetings-too-long"))
    return value


def _count(form, name: str, *, blank: int | None = None) -> int:
    """A whole number 0–99999 typed in a form field; blank gives `blank` when allowed."""
    value = _field(form, name).strip()
    if not value and blank is not None:
        return blank
    if not (value.isascii() and value.isdigit()) or len(value) > 5:
        raise DomainError(t("console-meetings-bad-number"))
    return int(value)


def _moment(page: Page, form) -> dt.datetime:
    """The date and time fields (2026-12-05, 19:00) as a moment in the community's zone."""
    try:
        day = dt.date.fromisoformat(_field(form, "day").strip())
        at = dt.time.fromisoformat(_field(form, "time").strip())
    except ValueError:
        raise DomainError(t("console-meetings-bad-time")) from None
    if abs(day.year - page.now().year) > 1:  # far years would not even convert to UTC
        raise DomainError(t("console-meetings-bad-time"))
    return dt.datetime.combine(day, at.replace(second=0, microsecond=0, tzinfo=None)).replace(
        tzinfo=page.zone
    )


async def _meeting(page: Page, uow) -> Meeting:
    """The meeting of the address, of the community of the address, for its staff."""
    cid = page.require_staff()
    meeting = await meetings.get(uow, page.desk.user, page.number("mid"))
    if meeting.community_id != cid:
        raise NotFound()
    return meeting


def _show(page: Page, meeting: Meeting, counts: dict[int, int] | None = None) -> dict:
    local = meeting.starts_at.astimezone(page.zone)
    begun = meeting.starts_at <= page.now()
    status = STATUS_NAMES[meeting.status]
    if meeting.status == "scheduled" and begun:
        status = t("console-meetings-status-to-record")  # met (or meeting now), nothing kept
    return {
        "id": meeting.id,
        "when": page.t(when.moment(meeting.starts_at, page.zone)),
        # On paper, kept for years: with the year.
        "full": f"{when.full_stamp(meeting.starts_at, page.zone)} "
        f"{page.t(when.WEEKDAY_NAMES[local.weekday()])}",
        "day": local.date().isoformat(),
        "time": f"{local:%H:%M}",
        "place": meeting.place,
        "level": meeting.level,
        "status": meeting.status,
        "status_name": page.t(status),
        "items": (counts or {}).get(meeting.id, 0),
        "attendance": meeting.attendance,
        "attendees": meeting.attendees or "",
        "begun": begun,
    }


def _outcome(page: Page, line: meetings.AgendaLine) -> str:
    """立项 / 不通过 / 暂缓, with the vote when one was recorded."""
    if line.decision is None:
        return ""
    name = page.t(DECISION_NAMES[line.decision])
    item = line.item
    if item.decision is None or item.votes_for is None:
        return name  # decided in chat: no vote on record
    return page.t(
        "console-meetings-outcome-votes",
        decision=name,
        yes=item.votes_for,
        no=item.votes_against,
        abstain=item.votes_abstain,
    )


def _lines(page: Page, lines: list[meetings.AgendaLine]) -> list[dict]:
    shown = []
    for number, line in enumerate(lines, start=1):
        proposal = line.proposal
        shown.append(
            {
                "number": number,
                "id": proposal.id,
                "title": proposal.title,
                "summary": proposal.description,
                "supports": proposal.supports,
                "state": page.t(STATE_NAMES[proposal.state]),
                "decision": line.decision,
                "outcome": _outcome(page, line),
                "open": line.open,
                "first": number == 1,
                "last": number == len(lines),
            }
        )
    return shown


# --- the list and a new meeting ---


async def meetings_list(page: Page):
    community = await page.community()
    page.require_staff()
    async with page.db.uow(read_only=True) as uow:
        ahead = await meetings.upcoming(uow, page.desk.user, community.id, page.now())
        behind = await meetings.past(uow, page.desk.user, community.id, page.now())
        counts = await meetings.item_counts(uow, ahead + behind)
        waiting = len(await meetings.waiting(uow, page.desk.user, community.id))
    tomorrow = (page.now().astimezone(page.zone) + dt.timedelta(days=1)).date()
    return page.render(
        "meetings/list.html",
        title=page.t("console-meetings-title", community=community.name),
        base=_base(community.id),
        upcoming=[_show(page, m, counts) for m in ahead],
        past=[_show(page, m, counts) for m in behind],
        waiting=waiting,
        levels=LEVELS,
        default_day=tomorrow.isoformat(),
    )


async def create(page: Page):
    cid = page.require_staff()
    form = await page.form()
    level = _field(form, "level")
    if level not in LEVELS:
        raise DomainError(t("console-meetings-bad-level"))
    async with page.db.uow() as uow:
        meeting = await meetings.create(
            uow,
            page.desk.user,
            cid,
            starts_at=_moment(page, form),
            place=_field(form, "place"),
            level=level,
            now=page.now(),
        )
        await uow.commit()
    return page.redirect(f"{_base(cid)}/{meeting.id}", flash="console-meetings-created")


# --- one meeting ---


async def meeting_page(page: Page):
    async with page.db.uow(read_only=True) as uow:
        meeting = await _meeting(page, uow)
        lines = await meetings.agenda(uow, meeting)
        candidates = await meetings.candidates(uow, meeting)
    shown = _show(page, meeting)
    return page.render(
        "meetings/meeting.html",
        title=page.t("console-meetings-one", when=shown["when"]),
        base=_base(meeting.community_id),
        meeting=shown,
        lines=_lines(page, lines),
        candidates=[{"id": p.id, "title": p.title} for p in candidates],
        ahead=meeting.status == "scheduled",
    )


def _posted(action, *, flash: str, to_list: bool = False):
    """A POST on one meeting: the meeting checked, the action run in one unit of work
    (a refusal commits nothing), pushes woken, back to the meeting's page (or the list)
    saying `flash`."""

    async def handle(page: Page):
        form = await page.form()
        async with page.db.uow() as uow:
            meeting = await _meeting(page, uow)
            await action(page, uow, meeting, form)
            await uow.commit()
        page.wake()
        path = _base(meeting.community_id)
        return page.redirect(path if to_list else f"{path}/{meeting.id}", flash=flash)

    return handle


def _proposal_id(page: Page, form) -> int:
    """The proposal a form names: plain ASCII digits ("²" is a digit to isdigit, not to int)."""
    value = _field(form, "proposal")
    if not (value.isascii() and value.isdigit()) or len(value) > 12:
        raise NotFound()
    return page.number("proposal", source={"proposal": value})


async def _add(page: Page, uow, meeting: Meeting, form):
    await meetings.add_item(
        uow, page.desk.user, meeting.id, _proposal_id(page, form), page.now(), page.config
    )


async def _remove(page: Page, uow, meeting: Meeting, form):
    await meetings.remove_item(
        uow, page.desk.user, meeting.id, _proposal_id(page, form), page.now(), page.config
    )


async def _move(page: Page, uow, meeting: Meeting, form):
    step = {"up": -1, "down": 1}.get(_field(form, "to"))
    if step is None:
        raise NotFound()
    await meetings.move_item(
        uow, page.desk.user, meeting.id, _proposal_id(page, form), step, page.now()
    )


async def _reschedule(page: Page, uow, meeting: Meeting, form):
    await meetings.reschedule(
        uow,
        page.desk.user,
        meeting.id,
        starts_at=_moment(page, form),
        place=_field(form, "place"),
        now=page.now(),
        config=page.config,
    )


async def _cancel(page: Page, uow, meeting: Meeting, form):
    if _field(form, "sure") != "yes":
        raise DomainError(t("console-meetings-not-sure"))
    await meetings.cancel(uow, page.desk.user, meeting.id, page.now(), page.config)


# --- printable agenda ---


async def print_page(page: Page):
    async with page.db.uow(read_only=True) as uow:
        meeting = await _meeting(page, uow)
        lines = await meetings.agenda(uow, meeting)
        community = await uow.communities.get(meeting.community_id)
    shown = _show(page, meeting)
    return page.render(
        "meetings/print.html",
        title=page.t("console-meetings-agenda-title", community=community.name),
        base=_base(meeting.community_id),
        meeting=shown,
        lines=_lines(page, lines),
    )


# --- after the meeting ---


async def record_page(page: Page):
    async with page.db.uow(read_only=True) as uow:
        meeting = await _meeting(page, uow)
        lines = await meetings.agenda(uow, meeting)
    shown = _show(page, meeting)
    return page.render(
        "meetings/record.html",
        title=page.t("console-meetings-record-title", when=shown["when"]),
        base=_base(meeting.community_id),
        meeting=shown,
        lines=_lines(page, lines),
        decisions=[(key, page.t(DECISION_NAMES[key])) for key in DECISIONS],
        carriers=CARRIERS,
    )


async def _record(page: Page, uow, meeting: Meeting, form):
    """Attendance, then each item given a decision; all or nothing."""
    attendance = _count(form, "attendance", blank=-1)
    if attendance >= 0:
        await meetings.record_attendance(
            uow,
            page.desk.user,
            meeting.id,
            attendance,
            _field(form, "attendees"),
            page.now(),
            page.config,
        )
    decided = 0
    for line in await meetings.agenda(uow, meeting):
        if not line.open:
            continue
        key = f"p{line.proposal.id}"
        decision = _field(form, f"{key}-decision")
        if not decision:
            continue
        if decision not in DECISIONS:
            raise NotFound()
        votes = Votes(
            _count(form, f"{key}-for"),
            _count(form, f"{key}-against"),
            _count(form, f"{key}-abstain"),
        )
        await meetings.decide(
            uow,
            page.desk.user,
            meeting.id,
            line.proposal.id,
            decision,
            votes,
            page.now(),
            page.config,
            carried_by=_field(form, f"{key}-carrier"),
            reason=_field(form, f"{key}-reason"),
        )
        decided += 1
    if attendance < 0 and not decided:
        raise DomainError(t("console-meetings-nothing"))


def register(routes: Routes) -> None:
    routes.get("/c/{cid}/meetings", meetings_list, nav="console-nav-meetings", staff=True)
    routes.post("/c/{cid}/meetings", create)
    routes.get("/c/{cid}/meetings/{mid}", meeting_page)
    routes.post("/c/{cid}/meetings/{mid}/add", _posted(_add, flash="console-meetings-added"))
    routes.post(
        "/c/{cid}/meetings/{mid}/remove", _posted(_remove, flash="console-meetings-removed")
    )
    routes.post("/c/{cid}/meetings/{mid}/move", _posted(_move, flash="console-meetings-moved"))
    routes.post(
        "/c/{cid}/meetings/{mid}/reschedule",
        _posted(_reschedule, flash="console-meetings-rescheduled"),
    )
    routes.post(
        "/c/{cid}/meetings/{mid}/cancel",
        _posted(_cancel, flash="console-meetings-cancelled", to_list=True),
    )
    routes.get("/c/{cid}/meetings/{mid}/print", print_page)
    routes.get("/c/{cid}/meetings/{mid}/record", record_page)
    routes.post(
        "/c/{cid}/meetings/{mid}/record", _posted(_record, flash="console-meetings-recorded")
    )
