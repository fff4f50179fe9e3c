"""Community events and who signed up."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from linli.storage.models.base import Base


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
