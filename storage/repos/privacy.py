"""A resident's own data: everything kept about them, gathered; their account erased.

Every column that is about a person is named here, in `PERSONAL` (exported, and what
erasing does to it) or in `NOT_PERSONAL` (kept on erasure, and why). A test fails for a
table pointing at `users`, or a text column beside such a pointer, that is in neither: a
new table must be classified before it ships.

Erasing keeps the rows that figures, the audit log and the fund's hash chain are made of;
they still point at the user row, which no longer says who it was (a tombstone).
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from linli.storage.models import (
    AuditEntry,
    BehalfConsent,
    Booking,
    Community,
    ConsoleLink,
    ConsoleSession,
    ConversationState,
    Event,
    EventSignup,
    ExportLink,
    Facility,
    FacilityRequest,
    Household,
    LinkCode,
    LinkFailure,
    MarketDay,
    Notice,
    OfflineResident,
    OutboxMessage,
    Proposal,
    ProposalRating,
    ProposalReport,
    ProposalSupport,
    Residency,
    RoleGrant,
    SlotDraw,
    SlotDrawEntry,
    SpendingRequest,
    StallApplication,
    Suspension,
    TopicMute,
    User,
    WaitlistEntry,
)
from linli.storage.repos.outbox import unclaimed

# What erasing does: "tombstone" (replaced by a marker that names nobody), "clear" (emptied),
# "delete" (the row goes), "revoke" (the row stays, ended). Every entry is also exported.
PERSONAL: dict[str, str] = {
    "users.external_id": "tombstone",
    "users.display_name": "clear",
    "users.building_id": "clear",
    "users.staff_community_id": "clear",
    "users.quiet_start": "clear",
    "users.quiet_end": "clear",
    "users.consent_version": "clear",
    "users.consented_at": "clear",
    "residencies.*": "delete",
    "offline_residents.user_id": "delete",
    "offline_residents.name": "delete",
    "offline_residents.room": "delete",
    "offline_residents.phone": "delete",
    "users.push_channel": "clear",
    "link_codes.*": "delete",
    "link_failures.*": "delete",
    "conversation_states.*": "delete",
    "export_links.*": "delete",
    "console_links.*": "delete",
    "console_sessions.*": "delete",
    "outbox.body": "clear",
    "outbox.last_error": "clear",
    "topic_mutes.*": "delete",
    "role_grants.user_id": "revoke",
    "stall_applications.phone": "clear",
    "stall_applications.stall_name": "clear",
    "stall_applications.goods": "clear",
    "facility_requests.purpose": "clear",
}

# Kept on erasure, with why. The rows still point at the (tombstoned) user.
NOT_PERSONAL: dict[str, str] = {
    "users.channel": "which app, not who: channel figures",
    "users.locale": "a language, not a person",
    "offline_residents.registered_by": "which staff member registered someone, for the record",
    "behalf_consents.*": "proof of the consent under which staff acted (代办): how, when, by "
    "whom; it names staff only, the resident is the tombstoned user row",
    "users.linked_to": "which accounts were one person; each of them is erased with it",
    "users.community_id": "community figures; the 社区 alone names nobody",
    "bookings.user_id": "booking figures and no-show counts; the user row names nobody",
    "bookings.code": "a random check-in code",
    "bookings.status": "a state word",
    "bookings.cancel_reason": "written by staff or the system, about the booking",
    "bookings.checked_in_by": "the staff actor label",
    "slot_draw_entries.user_id": "draw figures; entries not yet drawn are withdrawn first",
    "slot_draw_entries.unit_key": "a published fact of the draw (household:N or user:N)",
    "slot_draw_entries.status": "a state word",
    "waitlist.user_id": "waitlist figures; live places in line are ended first",
    "waitlist.status": "a state word",
    "booking_suspensions.user_id": "the no-show rule's record, anonymised",
    "booking_suspensions.reason": "written by the system",
    "facility_requests.user_id": "request figures, anonymised (the purpose typed is cleared)",
    "facility_requests.status": "a state word",
    "facility_requests.decided_by": "the staff actor label",
    "facility_requests.reason": "written by staff",
    "event_signups.user_id": "attendance figures, anonymised",
    "event_signups.status": "a state word",
    "notices.author_id": "a staff notice is the office's public act",
    "notices.text": "written by staff for everyone",
    "notices.title": "written by staff for everyone",
    "notices.image": "chosen by staff for everyone",
    "notices.topic": "a topic word",
    "notices.audience": "a word",
    "notices.audience_value": "a place or role, not a person",
    "notices.status": "a state word",
    "proposals.author_id": "a public 金点子 others supported; the author is anonymised",
    "proposals.title": "public text the community supported and staff acted on",
    "proposals.description": "public text the community supported and staff acted on",
    "proposals.category": "a word",
    "proposals.level": "a word",
    "proposals.image": "public, with the proposal",
    "proposals.state": "a state word",
    "proposals.summary": "written by staff",
    "proposals.carried_by": "a word",
    "proposals.reason": "written by staff",
    "proposal_supports.user_id": "support counts stay true, anonymised",
    "proposal_ratings.user_id": "ratings stay true, anonymised",
    "proposal_reports.user_id": "report counts stay true, anonymised",
    "role_grants.role": "a word",
    "role_grants.granted_by": "the granting actor label",
    "fund_requests.proposed_by": "the fund's two-signature record, anonymised",
    "fund_requests.decided_by": "the fund's two-signature record, anonymised",
    "fund_requests.purpose": "a public spending's purpose",
    "fund_requests.status": "a state word",
    "fund_requests.reason": "written by staff",
    "stall_applications.user_id": "market figures and the published draw, anonymised",
    "stall_applications.status": "a state word",
    "fund_ledger.approved_by": "hashed into the public chain: rewriting it breaks the fund",
    "fund_ledger.donor": "hashed into the public chain: rewriting it breaks the fund",
    "outbox.user_id": "notice reports count deliveries; pending pushes are called off",
    "outbox.kind": "a push kind word",
    "outbox.dedupe_key": "keys of bookings and notices, naming nobody",
    "outbox.status": "a state word",
    "audit_log.actor": "a label (user:N) naming nobody once the user row is tombstoned",
    "audit_log.target": "a label or code, kept so the log stays whole",
}

TOMBSTONE = "erased"
FINISHED_PUSHES = ("sent", "failed", "dropped", "cancelled")
FORMAT = "linli-my-data/1"


def tombstone(user_id: int) -> str:
    """What an erased user's external id becomes: unique, and no app's id."""
    return f"{TOMBSTONE}:{user_id}"


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


def _row(row, *columns: str, **extra: Any) -> dict[str, Any]:
    out = {c: _value(getattr(row, c)) for c in columns}
    out.update({k: _value(v) for k, v in extra.items()})
    return out


class PrivacyRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    # --- what is kept ---------------------------------------------------------------------

    async def _place(self, place_id: int | None) -> str | None:
        place = await self.s.get(Community, place_id) if place_id else None
        return place.name if place else None

    async def document(self, user_id: int, now: dt.datetime) -> dict[str, Any]:
        """The export as a file holds it: what it is, when, whose, and the data."""
        return {
            "format": FORMAT,
            "exported_at": now.isoformat(),
            "user": f"user:{user_id}",
            "data": await self.export(user_id),
        }

    async def export(self, user_id: int) -> dict[str, list[dict[str, Any]]]:
        """Everything kept about the user, by section, as JSON-ready values."""
        s = self.s
        user = await s.get(User, user_id)
        me = f"user:{user_id}"
        # The person's other app accounts (`/link`): their pushes stay with each account.
        linked = list(await s.scalars(select(User).where(User.linked_to == user_id)))
        accounts = [user_id, *(a.id for a in linked)]
        profile = _row(
            user,
            "channel",
            "external_id",
            "display_name",
            "locale",
            "created_at",
            "last_seen_at",
            "quiet_start",
            "quiet_end",
            "consent_version",
            "consented_at",
            community=await self._place(user.community_id),
            building=await self._place(user.building_id),
        )
        roles = [
            _row(g, "role", "created_at", "revoked_at", community=await self._place(g.community_id))
            for g in await s.scalars(select(RoleGrant).where(RoleGrant.user_id == user_id))
        ]
        bookings = [
            _row(b, "code", "starts_at", "ends_at", "status", "created_at", facility=f.name)
            for b, f in await s.execute(
                select(Booking, Facility)
                .join(Facility, Facility.id == Booking.facility_id)
                .where(Booking.user_id == user_id)
                .order_by(Booking.starts_at)
            )
        ]
        waitlist = [
            _row(w, "slot_id", "status", "created_at")
            for w in await s.scalars(select(WaitlistEntry).where(WaitlistEntry.user_id == user_id))
        ]
        draw_entries = [
            _row(e, "status", "entered_at", "rank", slot_id=d.slot_id)
            for e, d in await s.execute(
                select(SlotDrawEntry, SlotDraw)
                .join(SlotDraw, SlotDraw.id == SlotDrawEntry.draw_id)
                .where(SlotDrawEntry.user_id == user_id)
            )
        ]
        registered = [
            _row(r, "name", "room", "phone", "created_at")
            for r in await s.scalars(
                select(OfflineResident).where(OfflineResident.user_id == user_id)
            )
        ]
        consents = [
            _row(c, "how", "given_at", "scope", "withdrawn_at")
            for c in await s.scalars(
                select(BehalfConsent).where(BehalfConsent.resident_id == user_id)
            )
        ]
        suspensions = [
            _row(x, "created_at", "until", "reason")
            for x in await s.scalars(select(Suspension).where(Suspension.user_id == user_id))
        ]
        requests = [
            _row(r, "purpose", "status", "created_at", facility_id=r.facility_id)
            for r in await s.scalars(
                select(FacilityRequest).where(FacilityRequest.user_id == user_id)
            )
        ]
        proposals = [
            _row(p, "id", "title", "description", "state", "created_at")
            for p in await s.scalars(select(Proposal).where(Proposal.author_id == user_id))
        ]
        supports = [
            _row(x, "proposal_id", "created_at")
            for x in await s.scalars(
                select(ProposalSupport).where(ProposalSupport.user_id == user_id)
            )
        ]
        ratings = [
            _row(x, "proposal_id", "score", "created_at")
            for x in await s.scalars(
                select(ProposalRating).where(ProposalRating.user_id == user_id)
            )
        ]
        reports = [
            _row(x, "proposal_id", "created_at")
            for x in await s.scalars(
                select(ProposalReport).where(ProposalReport.user_id == user_id)
            )
        ]
        market = [
            _row(a, "stall_name", "goods", "phone", "status", "created_at", market_day=m.day)
            for a, m in await s.execute(
                select(StallApplication, MarketDay)
                .join(MarketDay, MarketDay.id == StallApplication.market_id)
                .where(StallApplication.user_id == user_id)
            )
        ]
        events = [
            _row(x, "status", "created_at", event=e.title, starts_at=e.starts_at)
            for x, e in await s.execute(
                select(EventSignup, Event)
                .join(Event, Event.id == EventSignup.event_id)
                .where(EventSignup.user_id == user_id)
            )
        ]
        notices = [
            _row(o, "created_at", "status", notice_id=n.id, text=n.text)
            for o, n in await s.execute(
                select(OutboxMessage, Notice)
                .join(Notice, Notice.id == OutboxMessage.notice_id)
                .where(OutboxMessage.user_id.in_(accounts))
                .order_by(OutboxMessage.id)
            )
        ]
        mutes = [
            _row(m, "topic")
            for m in await s.scalars(select(TopicMute).where(TopicMute.user_id == user_id))
        ]
        fund = [
            _row(r, "id", "purpose", "status", "created_at")
            for r in await s.scalars(
                select(SpendingRequest).where(
                    or_(
                        SpendingRequest.proposed_by == user_id,
                        SpendingRequest.decided_by == user_id,
                    )
                )
            )
        ]
        audit = [
            _row(a, "at", "actor", "action", "target")
            for a in await s.scalars(
                select(AuditEntry)
                .where(or_(AuditEntry.actor == me, AuditEntry.target == me))
                .order_by(AuditEntry.id)
            )
        ]
        state = await s.get(ConversationState, user_id)
        conversation = (
            [_row(state, "flow", "step", "data", "updated_at", "expires_at")] if state else []
        )
        residency = [
            _row(
                r,
                "status",
                "confirmed_via",
                "confirmed_at",
                "changed_at",
                community=await self._place(r.community_id),
                household=(await s.get(Household, r.household_id)).label
                if r.household_id
                else None,
            )
            for r in await s.scalars(select(Residency).where(Residency.user_id == user_id))
        ]
        links = [
            _row(x, "created_at", "expires_at", "used_at")
            for x in await s.scalars(select(ExportLink).where(ExportLink.user_id == user_id))
        ]
        console = [
            _row(x, "created_at", "last_seen_at", "expires_at", "ended_at")
            for x in await s.scalars(
                select(ConsoleSession).where(ConsoleSession.user_id == user_id)
            )
        ]
        console_links = [
            _row(x, "created_at", "expires_at", "used_at")
            for x in await s.scalars(select(ConsoleLink).where(ConsoleLink.user_id == user_id))
        ]
        return {
            "profile": [profile],
            "linked_accounts": [_row(a, "channel", "created_at", "last_seen_at") for a in linked],
            "residency": residency,
            "registered_at_desk": registered,
            "behalf_consents": consents,
            "roles": roles,
            "bookings": bookings,
            "waitlist": waitlist,
            "draw_entries": draw_entries,
            "suspensions": suspensions,
            "facility_requests": requests,
            "proposals": proposals,
            "supports": supports,
            "ratings": ratings,
            "reports": reports,
            "market_applications": market,
            "events": events,
            "notices_received": notices,
            "topic_mutes": mutes,
            "fund_requests": fund,
            "audit": audit,
            "conversation": conversation,
            "export_links": links,
            "console_links": console_links,
            "console_sessions": console,
        }

    # --- erasing ----------------------------------------------------------------------------

    async def erase(self, user: User, now: dt.datetime) -> None:
        """Erase the user's personal data as `PERSONAL` says; what `NOT_PERSONAL` names
        stays. Bookings still to come are the caller's to cancel first (others get the
        place)."""
        s = self.s
        user.external_id = tombstone(user.id)
        user.display_name = None
        user.building_id = None
        user.staff_community_id = None
        user.quiet_start = user.quiet_end = None
        user.consent_version = user.consented_at = None
        state = await s.get(ConversationState, user.id)
        if state is not None:
            # Through the session: the engine may still hold this row for the request.
            await s.delete(state)
        user.push_channel = None
        for model in (
            ExportLink,
            ConsoleLink,
            ConsoleSession,
            TopicMute,
            Residency,
            LinkCode,
            LinkFailure,
            OfflineResident,
        ):
            await s.execute(delete(model).where(model.user_id == user.id))
        # Pushes stay as rows (notice reports count them), called off and emptied; one a
        # worker holds right now is emptied by the retention chore once finished.
        mine = OutboxMessage.user_id == user.id
        await s.execute(
            update(OutboxMessage)
            .where(mine, OutboxMessage.status == "pending", unclaimed())
            .values(status="cancelled")
            .execution_options(synchronize_session=False)
        )
        await s.execute(
            update(OutboxMessage)
            .where(mine, OutboxMessage.status.in_(FINISHED_PUSHES))
            .values(body={}, last_error=None)
            .execution_options(synchronize_session=False)
        )
        for grant in await s.scalars(
            select(RoleGrant).where(RoleGrant.user_id == user.id, RoleGrant.revoked_at.is_(None))
        ):
            grant.revoked_at = now
        for application in await s.scalars(
            select(StallApplication).where(StallApplication.user_id == user.id)
        ):
            application.phone = application.stall_name = application.goods = ""
        for request in await s.scalars(
            select(FacilityRequest).where(FacilityRequest.user_id == user.id)
        ):
            request.purpose = ""

    # --- one-time download links --------------------------------------------------------

    async def new_link(self, user_id: int, now: dt.datetime, ttl: dt.timedelta) -> ExportLink:
        link = ExportLink(
            token=secrets.token_urlsafe(32),
            user_id=user_id,
            created_at=now,
            expires_at=now + ttl,
        )
        self.s.add(link)
        await self.s.flush()
        return link

    async def prune_links(self, before: dt.datetime, limit: int) -> int:
        """Forget up to `limit` download links that ran out before `before` (used or not):
        a link is good for a day, the row only says one was made."""
        ids = list(
            await self.s.scalars(
                select(ExportLink.id).where(ExportLink.expires_at < before).limit(limit)
            )
        )
        if ids:
            await self.s.execute(
                delete(ExportLink)
                .where(ExportLink.id.in_(ids))
                .execution_options(synchronize_session=False)
            )
        return len(ids)

    async def link_valid(self, token: str, now: dt.datetime) -> bool:
        if not token or len(token) > 64:
            return False
        link = await self.s.scalar(select(ExportLink).where(ExportLink.token == token))
        return link is not None and link.used_at is None and link.expires_at > now

    async def record(self, user_id: int, now: dt.datetime, action: str, details: dict) -> None:
        """An audit line about the user's data, in their community."""
        user = await self.s.get(User, user_id)
        self.s.add(
            AuditEntry(
                at=now,
                community_id=user.community_id if user else None,
                actor=f"user:{user_id}",
                action=action,
                target=f"user:{user_id}",
                details=details,
            )
        )

    async def use_link(self, token: str, now: dt.datetime) -> int | None:
        """The user whose export this token opens, marking it used; None when the token is
        unknown, used or past its time. One use: a second request finds it used."""
        if not token or len(token) > 64:
            return None
        link = await self.s.scalar(select(ExportLink).where(ExportLink.token == token))
        if link is None or link.used_at is not None or link.expires_at <= now:
            return None
        # Conditional, so two requests racing for one link cannot both get it.
        done = await self.s.execute(
            update(ExportLink)
            .where(ExportLink.id == link.id, ExportLink.used_at.is_(None))
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        )
        return link.user_id if done.rowcount == 1 else None
