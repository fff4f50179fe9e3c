"""Repository for conversation state (one row per user)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ConversationState


class ConversationRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def get(self, user_id: int) -> ConversationState | None:
        return await self.s.get(ConversationState, user_id)

    def add(self, state: ConversationState) -> None:
        self.s.add(state)
