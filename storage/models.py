"""SQLAlchemy models: every table Linli keeps. Alembic migrations are made from these."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    Time,
    UniqueConstraint,
    event,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike.

    SQLite keeps no zone and PostgreSQL's timestamptz comes back aware: storing naive
    UTC on both makes comparisons behave the same everywhere.
    """

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar = {
        dict[str, Any]: JSON,
        list[Any]: JSON,
        dt.datetime: UTCDateTime,
    }


# --- people and places -------------------------------------------------------------


class Community(Base):
    """A node of the place tree: 街道 (street) → 社区 (community) → 小区 (compound) → 楼栋."""

    __tablename__ = "communities"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    # 金点子: supports needed within the window to reach the agenda (None: the default).
    proposal_threshold: Mapped[int | None]


class User(Base):
    """A person as one channel knows them; the same person on two channels is two users."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))
    display_name: Mapped[str | None] = mapped_column(String(100))
    locale: Mapped[str] = mapped_column(String(8))
    community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"), index=True)
    building_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"))
    created_at: Mapped[dt.datetime]
    last_seen_at: Mapped[dt.datetime]
    # Set when a push failed because the user blocked us; cleared when they write again.
    unreachable_since: Mapped[dt.datetime | None]
    # Quiet hours (local): non-urgent pushes wait until they end. None: the defaults.
    quiet_start: Mapped[dt.time | None] = mapped_column(Time)
    quiet_end: Mapped[dt.time | None] = mapped_column(Time)
    # The community a staff member last chose to act for, when they serve several. Read
    # only together with their roles in force: a revoked role is never acted on.
    staff_community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"))


class RoleGrant(Base):
    """A role a staff member gave someone in one community. Residents need no grant."""

    __tablename__ = "role_grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    granted_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]


class InviteCode(Base):
    """A code a staff member hands out; whoever redeems it gets the role it names."""

    __tablename__ = "invite_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    max_uses: Mapped[int] = mapped_column(Integer, default=1)
    uses: Mapped[int] = mapped_column(Integer, default=0)


class AuditEntry(Base):
    """One staff (or command-line) action, kept for the community to look back on."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(index=True)
    community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(48))
    target: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


# --- 社区之家: units and their facilities ------------------------------------------------


class Unit(Base):
    """A 驻区单位 (school, hospital, office, factory…) that opens facilities to residents."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime]

    facilities: Mapped[list[Facility]] = relationship(back_populates="unit")


class FacilityCommunity(Base):
    """Which communities' residents may use a facility."""

    __tablename__ = "facility_communities"

    facility_id: Mapped[int] = mapped_column(
        ForeignKey("facilities.id", ondelete="CASCADE"), primary_key=True
    )
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id"), primary_key=True, index=True
    )


class Facility(Base):
    """A room, ground or service a unit shares, with its rules and, if bookable, slots."""

    __tablename__ = "facilities"
    __table_args__ = (UniqueConstraint("unit_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(16))
    mode: Mapped[str] = mapped_column(String(16))
    address: Mapped[str | None] = mapped_column(String(200))
    contact: Mapped[str | None] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    rules: Mapped[str | None] = mapped_column(Text)
    fee_kind: Mapped[str] = mapped_column(String(8))
    fee_amount: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    fee_unit: Mapped[str | None] = mapped_column(String(16))
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    bookable: Mapped[bool] = mapped_column(Boolean, default=False)
    slot_minutes: Mapped[int | None]
    capacity: Mapped[int | None]
    # Fairness, per facility: how far ahead, how many upcoming per resident, and until
    # how long before the start a booking may be cancelled.
    horizon_days: Mapped[int] = mapped_column(Integer, default=7, server_default="7")
    max_upcoming: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    cancel_before_minutes: Mapped[int] = mapped_column(Integer, default=120, server_default="120")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[dt.datetime]

    unit: Mapped[Unit] = relationship(back_populates="facilities")
    hours: Mapped[list[OpeningWindow]] = relationship(
        cascade="all, delete-orphan", order_by="(OpeningWindow.weekday, OpeningWindow.opens)"
    )
    served: Mapped[list[FacilityCommunity]] = relationship(cascade="all, delete-orphan")
    exceptions: Mapped[list[FacilityException]] = relationship(
        cascade="all, delete-orphan", order_by="FacilityException.day"
    )


class OpeningWindow(Base):
    """One weekly opening window; a facility may have several a day."""

    __tablename__ = "facility_hours"

    id: Mapped[int] = mapped_column(primary_key=True)
    facility_id: Mapped[int] = mapped_column(
        ForeignKey("facilities.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int]  # 0 = Monday … 6 = Sunday, as datetime.weekday()
    opens: Mapped[dt.time] = mapped_column(Time)
    closes: Mapped[dt.time] = mapped_column(Time)


class FacilityException(Base):
    """A dated exception to the weekly hours: closed that day, or an extra opening."""

    __tablename__ = "facility_exceptions"
    __table_args__ = (Index("ix_facility_exceptions_day", "facility_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
    closed: Mapped[bool] = mapped_column(Boolean)
    opens: Mapped[dt.time | None] = mapped_column(Time)
    closes: Mapped[dt.time | None] = mapped_column(Time)
    reason: Mapped[str | None] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]


# --- booking -------------------------------------------------------------------------------

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


# --- the conversation and the outbox -------------------------------------------------------


class ConversationState(Base):
    """Where a user is in a flow: kept here so restarts and other processes see it."""

    __tablename__ = "conversation_states"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    flow: Mapped[str | None] = mapped_column(String(32))
    step: Mapped[str | None] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Earlier (step, data) pairs of the current flow, for 返回.
    history: Mapped[list[Any]] = mapped_column(default=list)
    # Payloads of the buttons a typed number presses: the last reply's, or a push's that
    # came after it (then `pushed` is true) — typing "2" presses the second.
    options: Mapped[list[Any]] = mapped_column(default=list)
    pushed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The version of the last screen shown; its buttons carry it, older ones are refused.
    screen: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    expires_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]


class TopicMute(Base):
    """A topic a user does not want notices about (urgent ones come anyway)."""

    __tablename__ = "topic_mutes"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(16), primary_key=True)


class Notice(Base):
    """A staff notice to part of a community, sent now (after an undo window) or later.

    Recipients are enqueued in batches from `cursor` (the last user id done), so a
    broadcast interrupted by a crash goes on where it stopped.
    """

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_due", "status", "send_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    # A picture, as the channel it came from refers to it ("telegram:<file_id>").
    image: Mapped[str | None] = mapped_column(String(256))
    topic: Mapped[str] = mapped_column(String(16))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    audience: Mapped[str] = mapped_column(String(16))  # community, place, role
    audience_value: Mapped[str | None] = mapped_column(String(64))
    send_at: Mapped[dt.datetime]
    # scheduled → enqueuing → sent; scheduled → cancelled
    status: Mapped[str] = mapped_column(String(12), default="scheduled")
    cursor: Mapped[int] = mapped_column(Integer, default=0)
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime]
    enqueued_at: Mapped[dt.datetime | None]
    reported_at: Mapped[dt.datetime | None]


class Event(Base):
    """A community event residents sign up for (a free clinic, a course, a meeting)."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    title: Mapped[str] = mapped_column(String(100))
    starts_at: Mapped[dt.datetime] = mapped_column(index=True)
    place: Mapped[str] = mapped_column(String(100))
    capacity: Mapped[int | None]
    taken: Mapped[int] = mapped_column(Integer, default=0)
    topic: Mapped[str] = mapped_column(String(16))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]


class EventSignup(Base):
    __tablename__ = "event_signups"
    __table_args__ = (
        Index(
            "uq_event_signups_live",
            "event_id",
            "user_id",
            unique=True,
            sqlite_where=text("status = 'going'"),
            postgresql_where=text("status = 'going'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="going")  # going, cancelled
    created_at: Mapped[dt.datetime]


class Proposal(Base):
    """A resident's 金点子, moving through 集、议、决、督 (see handlers/proposals/states.py)."""

    __tablename__ = "proposals"
    __table_args__ = (Index("ix_proposals_state", "community_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(8))
    level: Mapped[str] = mapped_column(String(8))
    image: Mapped[str | None] = mapped_column(String(256))
    state: Mapped[str] = mapped_column(String(12))
    threshold: Mapped[int]
    supports: Mapped[int] = mapped_column(Integer, default=0)
    window_ends_at: Mapped[dt.datetime]
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    summary: Mapped[str | None] = mapped_column(Text)
    carried_by: Mapped[str | None] = mapped_column(String(8))  # 社区, 街道, 区
    reason: Mapped[str | None] = mapped_column(Text)  # why declined
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    progress: Mapped[int] = mapped_column(Integer, default=0)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    reports: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]


class ProposalSupport(Base):
    __tablename__ = "proposal_supports"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[dt.datetime]


class ProposalStep(Base):
    """One entry of a proposal's timeline: a change of state, a progress update, a note."""

    __tablename__ = "proposal_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    at: Mapped[dt.datetime]
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(12))
    text: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(64))


class Meeting(Base):
    """A residents' council meeting (议事会) where proposals are deliberated."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    starts_at: Mapped[dt.datetime]
    place: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime]


class ProposalRating(Base):
    __tablename__ = "proposal_ratings"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    score: Mapped[int]
    created_at: Mapped[dt.datetime]


class ProposalReport(Base):
    __tablename__ = "proposal_reports"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime]


class MarketDay(Base):
    """A 睦邻集市 day: where and when, how stalls are given out, what goes to the fund."""

    __tablename__ = "market_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    opens: Mapped[dt.time] = mapped_column(Time)
    closes: Mapped[dt.time] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(100))
    deadline: Mapped[dt.datetime]
    fee: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    pledge_percent: Mapped[int] = mapped_column(Integer, default=0)
    mode: Mapped[str] = mapped_column(String(8))  # first (first come), lottery (摇号)
    seed: Mapped[str | None] = mapped_column(String(64))  # published when drawn
    # Commit–reveal for the lottery: SHA-256 of `secret` is on the card from the start; the
    # secret is shown only once the deadline has passed and the draw is made with it.
    secret: Mapped[str | None] = mapped_column(String(64))
    commitment: Mapped[str | None] = mapped_column(String(64))
    # The application numbers that took part in the draw, "3,5,8" (published with it).
    draw_pool: Mapped[str | None] = mapped_column(Text)
    drawn_at: Mapped[dt.datetime | None]
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]


class MarketCategory(Base):
    __tablename__ = "market_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    market_id: Mapped[int] = mapped_column(ForeignKey("market_days.id"), index=True)
    name: Mapped[str] = mapped_column(String(16))
    stalls: Mapped[int]


class StallApplication(Base):
    """已申请 → 已通过 / 候补 / 未通过 / 已撤回; a waitlisted one has its place in line."""

    __tablename__ = "stall_applications"
    __table_args__ = (
        Index(
            "uq_stall_applications_live",
            "market_id",
            "user_id",
            unique=True,
            sqlite_where=text("status != 'withdrawn'"),
            postgresql_where=text("status != 'withdrawn'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    market_id: Mapped[int] = mapped_column(ForeignKey("market_days.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("market_categories.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    stall_name: Mapped[str] = mapped_column(String(40))
    goods: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(20))
    # applied, approved, waitlisted, rejected, withdrawn
    status: Mapped[str] = mapped_column(String(12))
    position: Mapped[int | None]
    # Its place in the lottery's order (1 = first stall), kept as drawn for checking.
    draw_rank: Mapped[int | None]
    attended: Mapped[bool | None]
    # A no-show staff excused on appeal: still recorded as missed, not counted by the rule.
    excused: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[dt.datetime]
    decided_at: Mapped[dt.datetime | None]


class LedgerEntry(Base):
    """One line of the 社区发展基金's open ledger. Never changed: a correction is a new line."""

    __tablename__ = "fund_ledger"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(8))  # income, spending
    source: Mapped[str] = mapped_column(String(16))  # stall_fee, pledge, donation, spending
    # Signed: a correction may take back part of what an earlier line said.
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    purpose: Mapped[str] = mapped_column(String(200))
    approved_by: Mapped[str | None] = mapped_column(String(100))
    corrects: Mapped[int | None] = mapped_column(ForeignKey("fund_ledger.id"))
    market_id: Mapped[int | None] = mapped_column(ForeignKey("market_days.id"))
    # A gift's giver as the public sees them (全名, 张** or 匿名), as the giver chose: the
    # ledger is public, so nothing else about them is kept here.
    donor: Mapped[str | None] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
    # The hash chain (storage/fund_chain.py): the previous line's hash and this line's. A
    # community's chain cannot fork: one line only may follow a given hash.
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (UniqueConstraint("community_id", "prev_hash", name="uq_fund_ledger_chain"),)


class SpendingRequest(Base):
    """Spending one staff member entered, waiting for a second one to sign it. Only a signed
    request becomes a ledger line; a declined one stays here with the reason."""

    __tablename__ = "fund_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    purpose: Mapped[str] = mapped_column(String(200))
    corrects: Mapped[int | None] = mapped_column(ForeignKey("fund_ledger.id"))
    proposed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(10))  # pending, approved, declined
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(String(200))
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("fund_ledger.id"))
    created_at: Mapped[dt.datetime]
    decided_at: Mapped[dt.datetime | None]


class ProcessedUpdate(Base):
    """An update a platform delivered (Telegram update_id, WeChat MsgId): seen once only."""

    __tablename__ = "processed_updates"
    __table_args__ = (UniqueConstraint("channel", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(128))
    received_at: Mapped[dt.datetime] = mapped_column(index=True)


class ReplayNonce(Base):
    """A signed callback's nonce, kept until its timestamp leaves the replay window: the
    same nonce again is a replay, refused by every process (one unique insert)."""

    __tablename__ = "replay_nonces"
    __table_args__ = (UniqueConstraint("channel", "nonce"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    nonce: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)


class ChannelValue(Base):
    """A value a channel shares between processes: WeChat's access token (with a lease, so
    one process refreshes it), the account's original id learned from its first message."""

    __tablename__ = "channel_values"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str | None] = mapped_column(String(1024))
    expires_at: Mapped[dt.datetime | None]
    lease_until: Mapped[dt.datetime | None]


class OutboxMessage(Base):
    """A message to push to a user outside a reply; sent once by whichever worker claims it."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "status", "due_at"),
        Index("ix_outbox_lease", "status", "claimed_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    body: Mapped[dict[str, Any]]
    # Who asked for this push; the same key twice makes one message.
    dedupe_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id"), index=True)
    # A push about something that starts then is useless after: dropped, and recorded.
    expires_at: Mapped[dt.datetime | None]
    # Urgent pushes go out in the user's quiet hours; the others wait for the hours to end.
    urgent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(12), default="pending")
    due_at: Mapped[dt.datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_until: Mapped[dt.datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]


@event.listens_for(LedgerEntry, "before_update")
@event.listens_for(LedgerEntry, "before_delete")
def _ledger_is_append_only(mapper, connection, target) -> None:
    # The fund's accounts are public: a line, once written, stays as it is. The database
    # refuses it too (triggers, migration 0009_civic), for writes that bypass the ORM.
    raise PermissionError("fund ledger entries are never changed or deleted")
