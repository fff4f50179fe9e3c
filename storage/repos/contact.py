"""The community office's contact details."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from linli.storage.models import CommunityContact


class ContactRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def of(self, community_id: int) -> CommunityContact | None:
        return await self.s.get(CommunityContact, community_id)

    def add(self, contact: CommunityContact) -> None:
        self.s.add(contact)
