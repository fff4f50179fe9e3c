"""Where a resident is confirmed to live: households (户), their invite codes, residencies."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from linli.storage.models.base import Base


class Household(Base):
    """One home (户) in a community, named as the door says: building, unit, room."""

    __tablename__ = "households"
    __table_args__ = (UniqueConstraint("community_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    label: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[dt.datetime]
    created_by: Mapped[str] = mapped_column(String(64))


class HouseholdCode(Base):
    """A code staff hand a household: typing it (or scanning its QR) confirms the resident."""

    __tablename__ = "household_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    max_uses: Mapped[int] = mapped_column(Integer, default=1)
    uses: Mapped[int] = mapped_column(Integer, default=0)


class Residency(Base):
    """The community a user lives in as far as supports, reports and stalls are concerned:
    pending until a household code, a building's QR code or staff confirm it."""

    __tablename__ = "residencies"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))  # pending | confirmed
    confirmed_via: Mapped[str | None] = mapped_column(String(16))  # code | qr | staff
    confirmed_at: Mapped[dt.datetime | None]
    confirmed_by: Mapped[str | None] = mapped_column(String(64))
    # The last move to another community; the next may come LINLI_RESIDENCY_CHANGE_DAYS later.
    changed_at: Mapped[dt.datetime | None]
