"""Repository for slots, bookings, the waitlist, suspensions, requests and exceptions."""

from __future__ import annotations

import datetime as dt
import functools

from sqlalchemy import and_, bindparam, func, inspect, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from linli.storage.models import (
    Booking,
    Facility,
    FacilityCommunity,
    FacilityException,
    FacilityRequest,
    RoleGrant,
    Slot,
    Suspension,
    User,
    WaitlistEntry,
)

LIVE = ("booked", "checked_in")

# The statements of every booking press, built once with named parameters: building one
# and its cache key each time cost as much as running it (issue 20). Cached per dialect
# where the SQL differs.


@functools.cache
def _new_slots(dialect: str):
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # Core, not the ORM's bulk insert: one executemany, no objects.
    return insert(Slot.__table__).on_conflict_do_nothing(
        index_elements=["facility_id", "starts_at"]
    )


@functools.cache
def _slots_at():
    return (
        select(Slot)
        .where(
            Slot.facility_id == bindparam("facility_id"),
            Slot.starts_at.in_(bindparam("starts", expanding=True)),
        )
        .order_by(Slot.starts_at)
        .execution_options(populate_existing=True)
    )


@functools.cache
def _slot_with_live():
    return (
        select(Slot, Booking)
        .outerjoin(
            Booking,
            and_(
                Booking.slot_id == Slot.id,
                Booking.user_id == bindparam("user_id"),
                Booking.status.in_(LIVE),
            ),
        )
        .where(Slot.id == bindparam("slot_id"))
    )


@functools.cache
def _take_place():
    return (
        update(Slot)
        .where(Slot.id == bindparam("slot_id"), Slot.taken < Slot.capacity)
        .values(taken=Slot.taken + 1)
        .execution_options(synchronize_session=False)
    )


@functools.cache
def _standing():
    user_id, now = bindparam("user_id"), bindparam("now")
    suspended = (
        select(func.max(Suspension.until))
        .where(Suspension.user_id == user_id, Suspension.until > now)
        .scalar_subquery()
    )
    upcoming = (
        select(func.count())
        .select_from(Booking)
        .where(
            Booking.user_id == user_id,
            Booking.facility_id == bindparam("facility_id"),
            Booking.status == "booked",
            Booking.ends_at > now,
        )
        .scalar_subquery()
    )
    in_week = (
        select(func.count())
        .select_from(Booking)
        .where(
            Booking.user_id == user_id,
            Booking.status.in_(LIVE),
            Booking.starts_at >= bindparam("week_from"),
            Booking.starts_at < bindparam("week_to"),
        )
        .scalar_subquery()
    )
    return select(suspended, upcoming, in_week)


@functools.cache
def _rebookable(limit: int):
    # Names only, no ORM objects: the menu's 再约一次 loaded each place whole (its hours
    # and served communities, ~40 joined rows) to show its name (issue 20).
    served = (
        select(FacilityCommunity.facility_id)
        .where(
            FacilityCommunity.facility_id == Facility.id,
            FacilityCommunity.community_id == bindparam("community_id"),
        )
        .exists()
    )
    return (
        select(Facility.id, Facility.name, Facility.name_en)
        .join(Booking, Booking.facility_id == Facility.id)
        .where(Booking.user_id == bindparam("user_id"), Facility.active, Facility.bookable, served)
        .group_by(Facility.id, Facility.name, Facility.name_en)
        .order_by(func.max(Booking.created_at).desc(), Facility.id)
        .limit(limit)
    )


@functools.cache
def _upcoming_for():
    return (
        select(Booking)
        .where(
            Booking.user_id == bindparam("user_id"),
            Booking.status == "booked",
            Booking.ends_at > bindparam("now"),
        )
        .order_by(Booking.starts_at)
    )


@functools.cache
def _live_entries_of():
    return (
        select(WaitlistEntry)
        .where(
            WaitlistEntry.user_id == bindparam("user_id"),
            WaitlistEntry.status.in_(("waiting", "offered")),
        )
        .order_by(WaitlistEntry.id)
    )


@functools.cache
def _exceptions():
    return (
        select(FacilityException)
        .where(
            FacilityException.facility_id == bindparam("facility_id"),
            FacilityException.day >= bindparam("first"),
            FacilityException.day <= bindparam("last"),
        )
        .order_by(FacilityException.day)
    )


@functools.cache
def _exceptions_for():
    return select(FacilityException).where(
        FacilityException.facility_id.in_(bindparam("facility_ids", expanding=True)),
        FacilityException.day >= bindparam("first"),
        FacilityException.day <= bindparam("last"),
    )


@functools.cache
def _open_requests_of():
    return (
        select(FacilityRequest)
        .where(
            FacilityRequest.user_id == bindparam("user_id"),
            FacilityRequest.status.in_(("pending", "approved")),
            FacilityRequest.day >= bindparam("first"),
        )
        .order_by(FacilityRequest.day, FacilityRequest.opens, FacilityRequest.id)
    )


@functools.cache
def _live_overlapping():
    return (
        select(Booking)
        .where(
            Booking.user_id == bindparam("user_id"),
            Booking.status.in_(LIVE),
            Booking.starts_at < bindparam("end"),
            Booking.ends_at > bindparam("start"),
        )
        .order_by(Booking.starts_at, Booking.id)
    )


class BookingRepo:
    def __init__(self, session: AsyncSession, dialect: str) -> None:
        self.s = session
        self.dialect = dialect
        # A resident's live booking in a slot, read with the slot (see slot()); given once
        # to the live_in_slot() that follows.
        self._live_read: dict[tuple[int, int], Booking | None] = {}
        # Slots read in this unit of work, held: the session's identity map holds objects
        # weakly, so a slot checked by one step and shown by the next was read twice.
        self._slots: dict[int, Slot] = {}

    # --- slots ---

    async def ensure_slots(
        self, facility_id: int, spans: list[tuple[dt.datetime, dt.datetime]], capacity: int
    ) -> list[Slot]:
        """The slot rows for these times, created when missing (safe when two race)."""
        if not spans:
            return []
        await self.s.execute(
            _new_slots(self.dialect),
            [
                {
                    "facility_id": facility_id,
                    "starts_at": a,
                    "ends_at": b,
                    "capacity": capacity,
                    "taken": 0,
                }
                for a, b in spans
            ],
        )
        rows = await self.s.scalars(
            _slots_at(), {"facility_id": facility_id, "starts": [a for a, _ in spans]}
        )
        return list(rows)

    async def slot(self, slot_id: int, *, live_of: int | None = None) -> Slot | None:
        """The slot, read once per unit of work (a confirm asked three times); its places
        taken are kept up to date by take_place / release_place below. With `live_of`, that
        resident's live booking in it is read in the same query, for the next
        live_in_slot() (a confirm asks both: one statement fewer)."""
        if live_of is None or (slot_id, live_of) in self._live_read:
            found = await self.s.get(Slot, slot_id)
        else:
            given = {"slot_id": slot_id, "user_id": live_of}
            row = (await self.s.execute(_slot_with_live(), given)).first()
            if row is None:
                return None
            self._live_read[(slot_id, live_of)] = row[1]
            found = row[0]
        if found is not None:
            self._slots[slot_id] = found
        return found

    def _moved(self, slot_id: int, by: int) -> None:
        # The UPDATE ran in the database only: a slot already read in this unit of work
        # shows the new count without being read again (and without a second write).
        loaded = self.s.sync_session.identity_map.get(identity_key(Slot, slot_id))
        if loaded is not None and "taken" not in inspect(loaded).unloaded:
            set_committed_value(loaded, "taken", loaded.taken + by)

    async def take_place(self, slot_id: int) -> bool:
        """Take one place if one is left: one conditional UPDATE, so it never oversells."""
        result = await self.s.execute(_take_place(), {"slot_id": slot_id})
        if result.rowcount == 1:
            self._moved(slot_id, 1)
        return result.rowcount == 1

    async def release_place(self, slot_id: int) -> None:
        result = await self.s.execute(
            update(Slot)
            .where(Slot.id == slot_id, Slot.taken > 0)
            .values(taken=Slot.taken - 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            self._moved(slot_id, -1)

    async def lock_user(self, user_id: int) -> None:
        """Serialise one resident's bookings (PostgreSQL; SQLite has one writer anyway)."""
        if self.dialect == "postgresql":
            # What was read before the lock may be stale once it is held: read again.
            self._live_read.clear()
            await self.s.execute(select(User.id).where(User.id == user_id).with_for_update())

    # --- bookings ---

    def add(self, row) -> None:
        self.s.add(row)

    async def remove(self, row) -> None:
        """Delete a row of this repository's tables (a dated exception taken back)."""
        await self.s.delete(row)

    async def add_booking(self, booking: Booking) -> Booking | None:
        """Insert a live booking, or give the one this resident already holds in its slot
        when another process booked it for them a moment ago (the partial unique index
        refused the second): then the place this call took is still to be given back.
        None when the booking's code is taken in its facility: the caller picks another.
        (The code is checked by the unique constraint, not by a query before every insert.)"""
        try:
            async with self.s.begin_nested():
                self.s.add(booking)
        except IntegrityError:
            existing = await self.live_in_slot(booking.slot_id, booking.user_id)
            if existing is not None:
                return existing
            if await self.by_code(booking.facility_id, booking.code) is not None:
                return None
            raise
        return booking

    async def standing(
        self,
        user_id: int,
        facility_id: int,
        now: dt.datetime,
        week: tuple[dt.datetime, dt.datetime],
    ) -> tuple[dt.datetime | None, int, int]:
        """In one query, what the fairness rules ask of a resident: the end of a suspension
        in force (None if none), their upcoming bookings of this facility, and their live
        bookings starting in `week`."""
        given = {
            "user_id": user_id,
            "facility_id": facility_id,
            "now": now,
            "week_from": week[0],
            "week_to": week[1],
        }
        row = (await self.s.execute(_standing(), given)).one()
        return row[0], row[1] or 0, row[2] or 0

    async def booking(self, booking_id: int) -> Booking | None:
        return await self.s.get(Booking, booking_id)

    async def live_in_slot(self, slot_id: int, user_id: int) -> Booking | None:
        if (slot_id, user_id) in self._live_read:
            return self._live_read.pop((slot_id, user_id))
        return await self.s.scalar(
            select(Booking).where(
                Booking.slot_id == slot_id, Booking.user_id == user_id, Booking.status.in_(LIVE)
            )
        )

    async def by_code(self, facility_id: int, code: str) -> Booking | None:
        return await self.s.scalar(
            select(Booking).where(Booking.facility_id == facility_id, Booking.code == code)
        )

    async def rebookable(self, user_id: int, community_id: int | None, limit: int) -> list:
        """Up to `limit` places this person booked that they may book again (active, taking
        bookings, serving their community), latest booking first, as rows of id, name and
        name_en. Cancelled bookings count: the place is one they know, and the menu keeps
        its numbers after a cancellation."""
        given = {"user_id": user_id, "community_id": community_id}
        return list(await self.s.execute(_rebookable(limit), given))

    async def upcoming_for(self, user_id: int, now: dt.datetime) -> list[Booking]:
        return list(await self.s.scalars(_upcoming_for(), {"user_id": user_id, "now": now}))

    async def for_facility_between(
        self,
        facility_id: int,
        start: dt.datetime,
        end: dt.datetime,
        statuses: tuple[str, ...] | None = None,
    ) -> list[Booking]:
        query = select(Booking).where(
            Booking.facility_id == facility_id, Booking.starts_at >= start, Booking.starts_at < end
        )
        if statuses:
            query = query.where(Booking.status.in_(statuses))
        return list(await self.s.scalars(query.order_by(Booking.starts_at, Booking.id)))

    async def overdue(self, now: dt.datetime, limit: int = 500) -> list[Booking]:
        """Booked (not checked in) and already over: these are no-shows."""
        query = (
            select(Booking)
            .where(Booking.status == "booked", Booking.ends_at <= now)
            .order_by(Booking.id)
            .limit(limit)
        )
        if self.dialect == "postgresql":  # another process marking the same ones skips them
            query = query.with_for_update(skip_locked=True)
        return list(await self.s.scalars(query))

    async def no_shows_since(self, user_id: int, since: dt.datetime) -> int:
        return (
            await self.s.scalar(
                select(func.count())
                .select_from(Booking)
                .where(
                    Booking.user_id == user_id,
                    Booking.status == "no_show",
                    Booking.ends_at >= since,
                )
            )
            or 0
        )

    # --- waitlist ---

    async def waiting(self, slot_id: int, user_id: int) -> WaitlistEntry | None:
        return await self.s.scalar(
            select(WaitlistEntry).where(
                WaitlistEntry.slot_id == slot_id,
                WaitlistEntry.user_id == user_id,
                WaitlistEntry.status.in_(("waiting", "offered")),
            )
        )

    async def first_waiting(self, slot_id: int) -> WaitlistEntry | None:
        query = (
            select(WaitlistEntry)
            .where(WaitlistEntry.slot_id == slot_id, WaitlistEntry.status == "waiting")
            .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
            .limit(1)
        )
        if self.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return await self.s.scalar(query)

    async def entry(self, entry_id: int) -> WaitlistEntry | None:
        return await self.s.get(WaitlistEntry, entry_id)

    async def expired_offers(self, now: dt.datetime) -> list[WaitlistEntry]:
        query = select(WaitlistEntry).where(
            WaitlistEntry.status == "offered", WaitlistEntry.hold_until <= now
        )
        if self.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return list(await self.s.scalars(query.order_by(WaitlistEntry.id)))

    async def live_entries_of(self, user_id: int) -> list[WaitlistEntry]:
        """A user's places in line (waiting or offered), oldest first."""
        return list(await self.s.scalars(_live_entries_of(), {"user_id": user_id}))

    # --- suspensions ---

    async def suspension(self, user_id: int, now: dt.datetime) -> Suspension | None:
        return await self.s.scalar(
            select(Suspension)
            .where(Suspension.user_id == user_id, Suspension.until > now)
            .order_by(Suspension.until.desc())
            .limit(1)
        )

    # --- dated exceptions ---

    async def exceptions(
        self, facility_id: int, first: dt.date, last: dt.date
    ) -> list[FacilityException]:
        given = {"facility_id": facility_id, "first": first, "last": last}
        return list(await self.s.scalars(_exceptions(), given))

    async def exceptions_for(
        self, facility_ids: list[int], first: dt.date, last: dt.date
    ) -> dict[int, list[FacilityException]]:
        given = {"facility_ids": list(facility_ids), "first": first, "last": last}
        rows = await self.s.scalars(_exceptions_for(), given)
        found: dict[int, list[FacilityException]] = {}
        for row in rows:
            found.setdefault(row.facility_id, []).append(row)
        return found

    # --- requests (按需共享) ---

    async def request(self, request_id: int) -> FacilityRequest | None:
        return await self.s.get(FacilityRequest, request_id)

    async def pending_requests(self, facility_id: int) -> list[FacilityRequest]:
        rows = await self.s.scalars(
            select(FacilityRequest)
            .where(FacilityRequest.facility_id == facility_id, FacilityRequest.status == "pending")
            .order_by(FacilityRequest.day, FacilityRequest.id)
        )
        return list(rows)

    async def active_grants(self) -> list[RoleGrant]:
        """Every role in force: who hears of a request is chosen from them."""
        return list(await self.s.scalars(select(RoleGrant).where(RoleGrant.revoked_at.is_(None))))

    async def requests_between(
        self, facility_id: int, first: dt.date, last: dt.date
    ) -> list[FacilityRequest]:
        rows = await self.s.scalars(
            select(FacilityRequest).where(
                FacilityRequest.facility_id == facility_id,
                FacilityRequest.day >= first,
                FacilityRequest.day <= last,
            )
        )
        return list(rows)

    async def facility(self, facility_id: int) -> Facility | None:
        return await self.s.get(Facility, facility_id)

    # --- mine: waitlist places, requests, clashes (issue 17, points 11-12) ---

    async def place_in_line(self, entry: WaitlistEntry) -> int:
        """1 for the first still waiting in this slot's line, 2 for the next…"""
        ahead = await self.s.scalar(
            select(func.count())
            .select_from(WaitlistEntry)
            .where(
                WaitlistEntry.slot_id == entry.slot_id,
                WaitlistEntry.status == "waiting",
                (WaitlistEntry.created_at < entry.created_at)
                | ((WaitlistEntry.created_at == entry.created_at) & (WaitlistEntry.id < entry.id)),
            )
        )
        return (ahead or 0) + 1

    async def live_entries_between(
        self, facility_id: int, start: dt.datetime, end: dt.datetime
    ) -> list[WaitlistEntry]:
        """Live places in line for this facility's slots starting in [start, end)."""
        rows = await self.s.scalars(
            select(WaitlistEntry)
            .join(Slot, Slot.id == WaitlistEntry.slot_id)
            .where(
                Slot.facility_id == facility_id,
                Slot.starts_at >= start,
                Slot.starts_at < end,
                WaitlistEntry.status.in_(("waiting", "offered")),
            )
            .order_by(WaitlistEntry.id)
        )
        return list(rows)

    async def open_requests_of(self, user_id: int, first: dt.date) -> list[FacilityRequest]:
        """A resident's requests still to happen (pending or approved, on `first` or later)."""
        given = {"user_id": user_id, "first": first}
        return list(await self.s.scalars(_open_requests_of(), given))

    async def approved_overlapping(self, request: FacilityRequest) -> list[FacilityRequest]:
        """Approved requests for the same facility whose hours overlap this one's."""
        rows = await self.s.scalars(
            select(FacilityRequest)
            .where(
                FacilityRequest.facility_id == request.facility_id,
                FacilityRequest.day == request.day,
                FacilityRequest.status == "approved",
                FacilityRequest.id != request.id,
                FacilityRequest.opens < request.closes,
                FacilityRequest.closes > request.opens,
            )
            .order_by(FacilityRequest.opens, FacilityRequest.id)
        )
        return list(rows)

    async def lock_facility(self, facility_id: int) -> None:
        """Serialise decisions on one facility (PostgreSQL; SQLite has one writer anyway)."""
        if self.dialect == "postgresql":
            await self.s.execute(
                select(Facility.id).where(Facility.id == facility_id).with_for_update()
            )

    async def live_overlapping(
        self, user_id: int, start: dt.datetime, end: dt.datetime
    ) -> list[Booking]:
        """A resident's live bookings (any facility) that overlap [start, end)."""
        given = {"user_id": user_id, "start": start, "end": end}
        return list(await self.s.scalars(_live_overlapping(), given))
