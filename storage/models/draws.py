"""Slot draws (抽签): a popular slot of a facility in lottery mode is given by a verifiable
draw among households instead of first come."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from linli.storage.models.base import Base


class SlotDraw(Base):
    """One slot's draw. `commitment` (SHA-256 of `secret`) is published when entries open and
    never changes (a trigger refuses it); `secret` and `seed` are revealed at the draw."""

    __tablename__ = "slot_draws"

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id"), unique=True)
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id"), index=True)
    commitment: Mapped[str] = mapped_column(String(64))
    secret: Mapped[str | None] = mapped_column(String(64))
    opens_at: Mapped[dt.datetime]
    draw_at: Mapped[dt.datetime] = mapped_column(index=True)
    # Published at the draw: the seed, the unit keys that took part (ascending,
    # comma-separated), the places drawn for, and the keys in the order the rule gives.
    seed: Mapped[str | None] = mapped_column(String(64))
    pool: Mapped[str | None] = mapped_column(Text)
    places: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[str | None] = mapped_column(Text)
    drawn_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]


class SlotDrawEntry(Base):
    """A household's entry in a draw, made by one of its members; one per unit key."""

    __tablename__ = "slot_draw_entries"
    __table_args__ = (UniqueConstraint("draw_id", "unit_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("slot_draws.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    unit_key: Mapped[str] = mapped_column(String(40))
    entered_at: Mapped[dt.datetime]
    # entered → won | lost (a withdrawn entry is deleted: the household may enter again)
    status: Mapped[str] = mapped_column(String(8), default="entered")
    rank: Mapped[int | None] = mapped_column(Integer)  # its place in the draw's order, from 1
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id"))
