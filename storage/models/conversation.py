"""Where a user is in a conversation, kept in the database."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from linli.storage.models.base import Base


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
    # 代办: the resident a staff member's conversation acts for now (None: for themselves).
    acting_for: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    expires_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
