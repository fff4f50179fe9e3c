"""Repository for conversation state (one row per user)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from linli.storage.models import ConversationState, ProcessedUpdate


class ConversationRepo:
    def __init__(self, session: AsyncSession, dialect: str = "sqlite") -> None:
        self.s = session
        self.dialect = dialect

    async def first_delivery(self, channel: str, key: str, now: dt.datetime) -> bool:
        """Record a delivered update; False when it was recorded before (a redelivery)."""
        insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        result = await self.s.execute(
            insert(ProcessedUpdate)
            .values(channel=channel, key=key, received_at=now)
            .on_conflict_do_nothing(index_elements=["channel", "key"])
        )
        return result.rowcount == 1

    async def forget_deliveries(self, before: dt.datetime) -> int:
        """Forget deliveries received before `before` (Telegram ids, WeChat MsgIds): no
        platform redelivers that late, and ids may come round again."""
        result = await self.s.execute(
            delete(ProcessedUpdate).where(ProcessedUpdate.received_at < before)
        )
        return result.rowcount

    async def get(self, user_id: int) -> ConversationState | None:
        return await self.s.get(ConversationState, user_id)

    def add(self, state: ConversationState) -> None:
        self.s.add(state)
