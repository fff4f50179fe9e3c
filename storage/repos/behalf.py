"""代办: offline residents and their consents."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from linli.storage.models import BehalfConsent, OfflineResident


class BehalfRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    def add(self, row: OfflineResident | BehalfConsent) -> None:
        self.s.add(row)

    async def resident(self, user_id: int) -> OfflineResident | None:
        return await self.s.get(OfflineResident, user_id)

    async def search(self, community_id: int, words: str, limit: int) -> list[OfflineResident]:
        """Residents of one community whose name or room contains `words`."""
        pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = await self.s.scalars(
            select(OfflineResident)
            .where(
                OfflineResident.community_id == community_id,
                or_(
                    OfflineResident.name.like(pattern, escape="\\"),
                    OfflineResident.room.like(pattern, escape="\\"),
                ),
            )
            .order_by(OfflineResident.room, OfflineResident.user_id)
            .limit(limit)
        )
        return list(rows)

    async def consent(self, resident_id: int) -> BehalfConsent | None:
        """The consent in force (the latest not withdrawn), if any."""
        return await self.s.scalar(
            select(BehalfConsent)
            .where(BehalfConsent.resident_id == resident_id, BehalfConsent.withdrawn_at.is_(None))
            .order_by(BehalfConsent.id.desc())
            .limit(1)
        )

    async def consents(self, resident_id: int) -> list[BehalfConsent]:
        rows = await self.s.scalars(
            select(BehalfConsent)
            .where(BehalfConsent.resident_id == resident_id)
            .order_by(BehalfConsent.id)
        )
        return list(rows)

    async def count(self, community_id: int) -> int:
        return await self.s.scalar(
            select(func.count())
            .select_from(OfflineResident)
            .where(OfflineResident.community_id == community_id)
        )
