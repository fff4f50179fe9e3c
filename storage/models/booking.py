"""Booking: slots, bookings, the waitlist, suspensions, requests for 按需共享 facilities."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Time, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from linli.storage.models.base import Base

ACTIVE_BOOKING = "status IN ('booked', 'checked_in')"
ACTIVE_WAIT = "status IN ('waiting', 'offered')"


class Slot(Base):
    """One bookable time of one facility. `taken` counts bookings and waitlist holds.

    A place is taken by `UPDATE … SET taken = taken + 1 WHERE taken < capacity`, which
    only one of many simultaneous bookers of the last place can win.
    """

    __tablename__ = "slots"
    __table_args__ = (UniqueConstraint("facility_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id"), index=True)
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    capacity: Mapped[int]
    taken: Mapped[int] = mapped_column(Integer, default=0)


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = (
        UniqueConstraint("facility_id", "code"),
        # One live booking per resident per slot, whatever a double tap sends.
        Index(
            "uq_bookings_live",
            "slot_id",
            "user_id",
            unique=True,
            sqlite_where=text(ACTIVE_BOOKING),
            postgresql_where=text(ACTIVE_BOOKING),
        ),
        Index("ix_bookings_user_start", "user_id", "starts_at"),
        Index("ix_bookings_facility_start", "facility_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id"))
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    code: Mapped[str] = mapped_column(String(8))
    # booked → checked_in | cancelled | no_show
    status: Mapped[str] = mapped_column(String(12), default="booked")
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    created_at: Mapped[dt.datetime]
    cancelled_at: Mapped[dt.datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(String(200))
    checked_in_at: Mapped[dt.datetime | None]
    checked_in_by: Mapped[str | None] = mapped_column(String(64))


class WaitlistEntry(Base):
    """A resident waiting for a full slot; an offered entry holds a place until hold_until."""

    __tablename__ = "waitlist"
    __table_args__ = (
        Index(
            "uq_waitlist_live",
            "slot_id",
            "user_id",
            unique=True,
            sqlite_where=text(ACTIVE_WAIT),
            postgresql_where=text(ACTIVE_WAIT),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # waiting → offered → accepted | expired; waiting/offered → left
    status: Mapped[str] = mapped_column(String(12), default="waiting")
    created_at: Mapped[dt.datetime]
    offered_at: Mapped[dt.datetime | None]
    hold_until: Mapped[dt.datetime | None]


class Suspension(Base):
    """Booking is suspended for a resident until `until` (after repeated no-shows)."""

    __tablename__ = "booking_suspensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    until: Mapped[dt.datetime]
    reason: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime]


class FacilityRequest(Base):
    """A request to use an 按需共享 facility, approved or declined by its operator."""

    __tablename__ = "facility_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    opens: Mapped[dt.time] = mapped_column(Time)
    closes: Mapped[dt.time] = mapped_column(Time)
    purpose: Mapped[str] = mapped_column(String(200))
    headcount: Mapped[int]
    # pending → approved | declined | withdrawn
    status: Mapped[str] = mapped_column(String(12), default="pending")
    created_at: Mapped[dt.datetime]
    decided_at: Mapped[dt.datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(String(200))
