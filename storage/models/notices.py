"""Staff notices and the topics a user mutes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from linli.storage.models.base import Base


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
    # Given in the console's compose form; notices written in chat have none.
    title: Mapped[str | None] = mapped_column(String(60))
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
