"""社区之家: the units and the facilities they share, weekly hours and dated exceptions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linli.storage.models.base import Base


class Unit(Base):
    """A 驻区单位 (school, hospital, office, factory…) that opens facilities to residents."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime]
    # Shown to English readers where set (the directory file's name_en); Chinese otherwise.
    name_en: Mapped[str | None] = mapped_column(String(100))

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
    # The same, counted over everyone confirmed in one household (None: no such limit).
    max_upcoming_per_household: Mapped[int | None]
    cancel_before_minutes: Mapped[int] = mapped_column(Integer, default=120, server_default="120")
    # Lottery mode (抽签), when both are set: a slot opens for entries this many days before
    # it starts and is drawn this many hours before it starts (handlers/booking/draw_times.py).
    lottery_opens_days: Mapped[int | None]
    lottery_draw_hours: Mapped[int | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The gate checks names at entry: its operators see bookers' names, and the privacy
    # notice says so. Otherwise operators see a masked name only.
    entry_needs_name: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # On statutory holidays: "sunday" (Sunday's hours, the usual rule), "closed", or "own"
    # (the windows in holiday_hours, as "09:00-12:00,14:00-17:00").
    holiday_policy: Mapped[str] = mapped_column(
        String(8), default="sunday", server_default="sunday"
    )
    holiday_hours: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime]
    # Shown to English readers where set (the directory file's *_en); Chinese otherwise.
    name_en: Mapped[str | None] = mapped_column(String(100))
    description_en: Mapped[str | None] = mapped_column(Text)
    rules_en: Mapped[str | None] = mapped_column(Text)
    # Pictures of the place, as https addresses (the directory file's `photos`, at most 6).
    photos: Mapped[list[Any] | None]

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
