"""Repository for what channels share between processes: replay nonces, shared values."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from linli.storage.models import ChannelValue, ReplayNonce


class ChannelRepo:
    def __init__(self, session: AsyncSession, dialect: str = "sqlite") -> None:
        self.s = session
        self.dialect = dialect

    def _insert(self):
        return postgresql.insert if self.dialect == "postgresql" else sqlite.insert

    async def first_nonce(
        self, channel: str, nonce: str, expires_at: dt.datetime, now: dt.datetime
    ) -> bool:
        """Remember a nonce until `expires_at`; False when it is remembered already."""
        await self.s.execute(
            delete(ReplayNonce).where(
                ReplayNonce.channel == channel,
                ReplayNonce.nonce == nonce,
                ReplayNonce.expires_at < now,
            )
        )
        result = await self.s.execute(
            self._insert()(ReplayNonce)
            .values(channel=channel, nonce=nonce, expires_at=expires_at)
            .on_conflict_do_nothing(index_elements=["channel", "nonce"])
        )
        return result.rowcount == 1

    async def prune_nonces(self, now: dt.datetime) -> int:
        result = await self.s.execute(delete(ReplayNonce).where(ReplayNonce.expires_at < now))
        return result.rowcount

    async def value(self, channel: str, name: str) -> ChannelValue | None:
        return await self.s.scalar(
            select(ChannelValue)
            .where(ChannelValue.channel == channel, ChannelValue.name == name)
            .execution_options(populate_existing=True)
        )

    async def keep_first(self, channel: str, name: str, value: str) -> str:
        """Store `value` unless one is stored already; the stored one."""
        await self.s.execute(
            self._insert()(ChannelValue)
            .values(channel=channel, name=name, value=value)
            .on_conflict_do_nothing(index_elements=["channel", "name"])
        )
        row = await self.value(channel, name)
        return row.value if row is not None and row.value is not None else value

    async def take_lease(
        self, channel: str, name: str, now: dt.datetime, until: dt.datetime
    ) -> bool:
        """Become the one process that renews this value (until `until`); False when
        another holds the lease."""
        await self.s.execute(
            self._insert()(ChannelValue)
            .values(channel=channel, name=name)
            .on_conflict_do_nothing(index_elements=["channel", "name"])
        )
        result = await self.s.execute(
            update(ChannelValue)
            .where(
                ChannelValue.channel == channel,
                ChannelValue.name == name,
                or_(ChannelValue.lease_until.is_(None), ChannelValue.lease_until < now),
            )
            .values(lease_until=until)
        )
        return result.rowcount == 1

    async def renew(
        self, channel: str, name: str, value: str | None, expires_at: dt.datetime | None
    ) -> None:
        """Store the renewed value and give the lease back."""
        await self.s.execute(
            update(ChannelValue)
            .where(and_(ChannelValue.channel == channel, ChannelValue.name == name))
            .values(value=value, expires_at=expires_at, lease_until=None)
        )

    async def release(self, channel: str, name: str) -> None:
        await self.s.execute(
            update(ChannelValue)
            .where(ChannelValue.channel == channel, ChannelValue.name == name)
            .values(lease_until=None)
        )
