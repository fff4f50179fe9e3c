"""What the channels share between processes: updates seen, replay nonces, values."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from linli.storage.models.base import Base


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
