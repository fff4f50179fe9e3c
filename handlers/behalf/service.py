"""代办: registering a resident without a smartphone, their consent, acting for them.

Staff act only for residents of a community they are staff of, and only while the
resident's consent stands; both are checked on every message while acting (`resume`),
so a withdrawal or a role taken back ends it at once. What is written for the resident is
recorded in the audit log as done on their behalf (actor: the staff member; subject: the
resident), and the resident is told on whatever channel they have.
"""

from __future__ import annotations

import datetime as dt
import re

from linli.handlers.kit import acting, ids, when
from linli.handlers.kit.errors import DomainError, NotAllowed
from linli.handlers.kit.flow import Ctx
from linli.handlers.kit.notify import push
from linli.handlers.kit.reply import Button
from linli.handlers.kit.text import Text, raw, t
from linli.handlers.profile import residency
from linli.handlers.profile.service import NEVER_SEEN, is_staff, require_staff, write_audit
from linli.storage.models import (
    BehalfConsent,
    Booking,
    OfflineResident,
    ProposalSupport,
    User,
)
from linli.storage.uow import UnitOfWork
from linli.storage.writes import Write

OFFLINE = "offline"  # the channel of a user registered at the desk: nothing is sent there
# How the resident gave consent: 在场 (in person), 电话 (by phone), 书面 (in writing).
HOW = {
    "in_person": t("behalf-how-in-person"),
    "phone": t("behalf-how-phone"),
    "written": t("behalf-how-written"),
}
# What the consent covers: all that 代办 offers.
SCOPE = "book,apply,support"
NAME_LIMIT, ROOM_LIMIT = 30, 40
PHONE = re.compile(r"\+?[0-9][0-9\- ]{5,18}[0-9]")
SEARCH_LIMIT = 20
# The flows staff may open for a resident: booking, the market, 金点子, and reading.
FLOWS = frozenset(
    {"facilities", "reserve", "book", "mine", "market", "proposals", "events", "notices", "contact"}
)


def clean_name(typed: str) -> str:
    name = " ".join(typed.split())
    if not name or len(name) > NAME_LIMIT:
        raise DomainError(t("behalf-bad-name", limit=NAME_LIMIT))
    return name


def clean_room(typed: str) -> str:
    room = " ".join(typed.split())
    if not room or len(room) > ROOM_LIMIT:
        raise DomainError(t("behalf-bad-room", limit=ROOM_LIMIT))
    return room


def clean_phone(typed: str) -> str:
    phone = " ".join(typed.split())
    if not PHONE.fullmatch(phone):
        raise DomainError(t("behalf-bad-phone"))
    return phone


async def register(
    uow: UnitOfWork,
    staff: User,
    community_id: int,
    *,
    name: str,
    room: str,
    phone: str | None,
    how: str,
    now: dt.datetime,
) -> User:
    """A resident without a smartphone, registered by staff with their consent."""
    await require_staff(uow, staff, community_id)
    if how not in HOW:
        raise NotAllowed()
    name, room = clean_name(name), clean_room(room)
    phone = clean_phone(phone) if phone else None
    if any(
        r.name == name and r.room == room for r in await uow.behalf.search(community_id, room, 50)
    ):
        # Registered twice, she would have two accounts and two consents to keep apart.
        raise DomainError(t("behalf-already", name=raw(name), room=raw(room)))
    resident = User(
        channel=OFFLINE,
        external_id=f"desk-{ids.code(16)}",
        display_name=name,
        locale=staff.locale,
        community_id=community_id,
        created_at=now,
        last_seen_at=NEVER_SEEN,
    )
    uow.users.add(resident)
    await uow.flush()
    # Staff saw where she lives: confirmed in that household, as a household code would.
    await residency.confirm_at_desk(uow, staff, resident, community_id, room, now)
    uow.behalf.add(
        OfflineResident(
            user_id=resident.id,
            community_id=community_id,
            name=name,
            room=room,
            phone=phone,
            registered_by=staff.id,
            created_at=now,
        )
    )
    uow.behalf.add(
        BehalfConsent(
            resident_id=resident.id,
            how=how,
            given_at=now,
            recorded_by=staff.id,
            scope=SCOPE,
        )
    )
    await write_audit(
        uow,
        now=now,
        community_id=community_id,
        actor=ids.actor(staff),
        action="behalf.register",
        target=ids.actor(resident),
        # Whether a phone was given, never the phone itself.
        details={"how": how, "scope": SCOPE, "phone": phone is not None, "behalf": True},
    )
    return resident


async def find(uow: UnitOfWork, staff: User, community_id: int, words: str):
    """Registered residents of the staff member's community by name or room."""
    await require_staff(uow, staff, community_id)
    words = " ".join(words.split())[:ROOM_LIMIT]
    if not words:
        return []
    return await uow.behalf.search(community_id, words, SEARCH_LIMIT)


async def _resident(
    uow: UnitOfWork, staff: User, community_id: int, resident_id: int
) -> OfflineResident:
    """A registered resident of this community whom this staff member serves; a forged
    or stale id (another community's resident) is refused the same as an unknown one."""
    await require_staff(uow, staff, community_id)
    row = await uow.behalf.resident(resident_id)
    if row is None or row.community_id != community_id:
        raise NotAllowed()
    user = await uow.users.get(resident_id)
    if user is None or user.community_id != community_id:
        raise NotAllowed()
    return row


async def resident_view(uow: UnitOfWork, staff: User, community_id: int, resident_id: int):
    return await _resident(uow, staff, community_id, resident_id)


async def start(ctx: Ctx, community_id: int, resident_id: int) -> User:
    """The staff member's conversation acts for the resident from now on."""
    staff = ctx.actor
    row = await _resident(ctx.uow, staff, community_id, resident_id)
    if await ctx.uow.behalf.consent(resident_id) is None:
        raise DomainError(t("behalf-no-consent", name=raw(row.name)))
    resident = await ctx.uow.users.get(resident_id)
    await write_audit(
        ctx.uow,
        now=ctx.clock.now(),
        community_id=community_id,
        actor=ids.actor(staff),
        action="behalf.start",
        target=ids.actor(resident),
        details={"behalf": True, "actor": ids.actor(staff), "subject": ids.actor(resident)},
    )
    await acting.begin(ctx, resident)
    return resident


async def stop(ctx: Ctx) -> User | None:
    """Back to acting for oneself; the resident acted for, if any."""
    if not acting.is_acting(ctx):
        await acting.end(ctx)
        return None
    resident = ctx.user
    await write_audit(
        ctx.uow,
        now=ctx.clock.now(),
        community_id=resident.community_id,
        actor=ids.actor(ctx.actor),
        action="behalf.end",
        target=ids.actor(resident),
        details={"behalf": True, "actor": ids.actor(ctx.actor), "subject": ids.actor(resident)},
    )
    await acting.end(ctx)
    return resident


async def withdraw(
    uow: UnitOfWork, staff: User, community_id: int, resident_id: int, now: dt.datetime
) -> OfflineResident:
    """Record that the resident withdrew their consent: nobody acts for them after this."""
    row = await _resident(uow, staff, community_id, resident_id)
    consent = await uow.behalf.consent(resident_id)
    if consent is None:
        raise DomainError(t("behalf-no-consent", name=raw(row.name)))
    consent.withdrawn_at, consent.withdrawn_by = now, staff.id
    await write_audit(
        uow,
        now=now,
        community_id=community_id,
        actor=ids.actor(staff),
        action="behalf.withdraw",
        target=ids.actor(resident_id),
        details={"behalf": True, "consent": consent.id},
    )
    return row


# --- the engine's hooks (kit/acting.py) -------------------------------------------------------


async def resume(ctx: Ctx, resident_id: int) -> Text | None:
    """Act for the resident again on this message, if still allowed; else why not."""
    resident = await ctx.uow.users.get(resident_id)
    row = await ctx.uow.behalf.resident(resident_id)
    if resident is None or row is None or resident.community_id is None:
        return t("behalf-ended-refused")
    if not await is_staff(ctx.uow, ctx.actor, resident.community_id):
        return t("behalf-ended-refused")
    if await ctx.uow.behalf.consent(resident_id) is None:
        return t("behalf-no-consent", name=raw(row.name))
    ctx.user = resident
    return None


async def banner(ctx: Ctx) -> tuple[list[Text], list[Button]]:
    name = raw(ctx.user.display_name or "")
    return [t("behalf-banner", name=name)], [Button(t("behalf-end"), acting.END)]


async def _what(uow: UnitOfWork, write: Write, zone) -> Text | None:
    """What a write did for the resident, in words they are told; None: nothing to tell."""
    row = write.row
    if write.table == "bookings" and isinstance(row, Booking):
        facility = await uow.facilities.get(row.facility_id)
        name = raw(facility.name if facility else "")
        at = raw(when.full_stamp(row.starts_at, zone))
        if write.op == "insert":
            return t("behalf-did-book", facility=name, at=at)
        if row.status != "booked":
            return t("behalf-did-cancel", facility=name, at=at)
        return None
    if write.table == "proposal_supports" and isinstance(row, ProposalSupport):
        if write.op != "insert":
            return None
        proposal = await uow.proposals.get(row.proposal_id)
        return t("behalf-did-support", title=raw(proposal.title if proposal else ""))
    if write.table == "stall_applications" and write.op == "insert":
        return t("behalf-did-apply")
    return None


async def record(ctx: Ctx, subject: User, writes: list[Write]) -> None:
    """What was written for the resident: in the audit log as 代办, and the resident told."""
    if not any(w.row is not None for w in writes):
        # Only statements on whole tables: bookkeeping of reading (a week's slots made
        # when the calendar is first shown), nothing done for anyone. Counters changed
        # along with a row (a slot's places, a proposal's supports) are listed with it.
        return
    now = ctx.clock.now()
    staff = ctx.actor
    await write_audit(
        ctx.uow,
        now=now,
        community_id=subject.community_id,
        actor=ids.actor(staff),
        action="behalf.act",
        target=ids.actor(subject),
        details={
            "behalf": True,
            "actor": ids.actor(staff),
            "subject": ids.actor(subject),
            "writes": [{"table": w.table, "op": w.op, "id": w.key} for w in writes],
        },
    )
    done = [said for w in writes if (said := await _what(ctx.uow, w, ctx.config.zone)) is not None]
    if not done:
        return
    who = raw(staff.display_name) if staff.display_name else t("behalf-someone")
    await push(ctx.uow, subject.id, t("behalf-told", staff=who), *done, kind="behalf", now=now)
