"""Sign-in links and sessions of the staff web console, looked up by the hash of their token."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from linli.storage.models import ConsoleLink, ConsoleSession


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ConsoleRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def new_link(self, user_id: int, now: dt.datetime, ttl: dt.timedelta) -> str:
        """A new link's token; the person's earlier unused links stop working."""
        await self.session.execute(
            update(ConsoleLink)
            .where(ConsoleLink.user_id == user_id, ConsoleLink.used_at.is_(None))
            .values(used_at=now)
        )
        token = secrets.token_urlsafe(32)
        self.session.add(
            ConsoleLink(
                token_hash=digest(token), user_id=user_id, created_at=now, expires_at=now + ttl
            )
        )
        await self.session.flush()
        return token

    async def link_valid(self, token: str, now: dt.datetime) -> bool:
        link = await self._link(token)
        return link is not None and link.used_at is None and now < link.expires_at

    async def use_link(self, token: str, now: dt.datetime) -> int | None:
        """Spend the link; the user it was for, or None when it is unknown, used or expired.
        One conditional UPDATE, so two browsers pressing at once cannot both sign in."""
        spent = await self.session.execute(
            update(ConsoleLink)
            .where(
                ConsoleLink.token_hash == digest(token),
                ConsoleLink.used_at.is_(None),
                ConsoleLink.expires_at > now,
            )
            .values(used_at=now)
            .returning(ConsoleLink.user_id)
        )
        row = spent.first()
        return None if row is None else row[0]

    async def _link(self, token: str) -> ConsoleLink | None:
        found = await self.session.execute(
            select(ConsoleLink).where(ConsoleLink.token_hash == digest(token))
        )
        return found.scalar_one_or_none()

    async def open_session(self, user_id: int, now: dt.datetime, ttl: dt.timedelta) -> str:
        token = secrets.token_urlsafe(32)
        row = ConsoleSession(
            token_hash=digest(token),
            user_id=user_id,
            csrf=secrets.token_urlsafe(24),
            created_at=now,
            last_seen_at=now,
            expires_at=now + ttl,
        )
        self.session.add(row)
        await self.session.flush()
        return token

    async def live_session(self, token: str, now: dt.datetime) -> ConsoleSession | None:
        found = await self.session.execute(
            select(ConsoleSession).where(
                ConsoleSession.token_hash == digest(token),
                ConsoleSession.ended_at.is_(None),
                ConsoleSession.expires_at > now,
            )
        )
        return found.scalar_one_or_none()

    async def end_session(self, session_id: int, now: dt.datetime) -> None:
        await self.session.execute(
            update(ConsoleSession)
            .where(ConsoleSession.id == session_id, ConsoleSession.ended_at.is_(None))
            .values(ended_at=now)
        )

    async def end_sessions(self, user_id: int, now: dt.datetime) -> int:
        """Sign the person out everywhere (their role was taken back)."""
        ended = await self.session.execute(
            update(ConsoleSession)
            .where(ConsoleSession.user_id == user_id, ConsoleSession.ended_at.is_(None))
            .values(ended_at=now)
        )
        return ended.rowcount or 0

    async def prune(self, before: dt.datetime, limit: int) -> int:
        """Forget up to `limit` links and `limit` sessions that ran out or ended before
        `before`; how many went."""
        links = list(
            await self.session.scalars(
                select(ConsoleLink.id).where(ConsoleLink.expires_at < before).limit(limit)
            )
        )
        sessions = list(
            await self.session.scalars(
                select(ConsoleSession.id)
                .where(or_(ConsoleSession.expires_at < before, ConsoleSession.ended_at < before))
                .limit(limit)
            )
        )
        if links:
            await self.session.execute(
                delete(ConsoleLink)
                .where(ConsoleLink.id.in_(links))
                .execution_options(synchronize_session=False)
            )
        if sessions:
            await self.session.execute(
                delete(ConsoleSession)
                .where(ConsoleSession.id.in_(sessions))
                .execution_options(synchronize_session=False)
            )
        return max(len(links), len(sessions))
