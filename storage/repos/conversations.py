"""Repository for conversation state (one row per user)."""

from __future__ import annotations

import datetime as dt
import functools

from sqlalchemy import bindparam, delete, inspect, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from linli.storage.models import ConversationState, ProcessedUpdate


@functools.cache
def _write_state():
    """The state row written whole, every column from the table itself (a column added to
    the model is written too), built once."""
    table = ConversationState.__table__
    return (
        update(table)
        .where(table.c.user_id == bindparam("b_user_id"))
        .values(
            {c.name: bindparam(f"b_{c.name}", type_=c.type) for c in table.c if c.name != "user_id"}
        )
    )


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

    async def wipe_abandoned(self, before: dt.datetime, now: dt.datetime, limit: int) -> int:
        """Wipe the answers of up to `limit` flows left before `before` and expired by `now`
        (a phone typed and walked away from). The flow's name stays, so the user who comes
        back is still told it ended; the row stays, its screen version keeping old buttons
        refused. A wiped flow has no step, so it is not wiped again."""
        abandoned = (
            ConversationState.flow.is_not(None)
            & ConversationState.step.is_not(None)
            & (ConversationState.updated_at < before)
            & (ConversationState.expires_at < now)
        )
        ids = list(
            await self.s.scalars(select(ConversationState.user_id).where(abandoned).limit(limit))
        )
        if not ids:
            return 0
        await self.s.execute(
            update(ConversationState)
            .where(ConversationState.user_id.in_(ids), abandoned)
            .values(step=None, data={}, history=[], options=[], pushed=False)
            .execution_options(synchronize_session=False)
        )
        return len(ids)

    async def get(self, user_id: int) -> ConversationState | None:
        return await self.s.get(ConversationState, user_id)

    def add(self, state: ConversationState) -> None:
        self.s.add(state)

    async def save(self, state: ConversationState) -> None:
        """Write the state at the end of a press with one prebuilt UPDATE, not the ORM's
        flush, which cost more than the statement (issue 20); the session then lets go of
        it, so the commit does not write it again. A state not yet in the database, or one
        with values a rolled-back savepoint expired (reading them would need the database),
        is left to the ORM's flush."""
        found = inspect(state)
        if not found.persistent or found.expired_attributes:
            return
        columns = ConversationState.__table__.c
        given = {f"b_{c.name}": getattr(state, c.key) for c in columns}
        # On the connection: the session's autoflush would first write it the ORM's way.
        connection = await self.s.connection()
        await connection.execute(_write_state(), given)
        self.s.expunge(state)

    async def forget(self, user_id: int) -> None:
        """Delete the user's state (a newcomer who said no to the privacy notice)."""
        await self.s.execute(delete(ConversationState).where(ConversationState.user_id == user_id))
