"""Repositories for communities, users, roles, invite codes and the audit log."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

from sqlalchemy import bindparam, delete, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from linli.storage.models import (
    AuditEntry,
    Community,
    ConversationState,
    InviteCode,
    RoleGrant,
    User,
)


@functools.cache
def _arriving():
    """`UserRepo.arriving`'s query, built once: building it (and its cache key) each press
    cost as much as running it (issue 20)."""
    has_role = (
        exists().where(RoleGrant.user_id == User.id, RoleGrant.revoked_at.is_(None)).correlate(User)
    )
    return (
        select(User, ConversationState, Community, has_role)
        .outerjoin(ConversationState, ConversationState.user_id == User.id)
        .outerjoin(Community, Community.id == User.community_id)
        .where(User.channel == bindparam("channel"), User.external_id == bindparam("external_id"))
    )


class CommunityRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def get(self, community_id: int) -> Community | None:
        return await self.s.get(Community, community_id)

    async def by_code(self, code: str) -> Community | None:
        return await self.s.scalar(select(Community).where(Community.code == code))

    async def by_codes(self, codes: Sequence[str]) -> dict[str, Community]:
        rows = await self.s.scalars(select(Community).where(Community.code.in_(list(codes))))
        return {c.code: c for c in rows}

    async def of_kind(self, kind: str) -> list[Community]:
        rows = await self.s.scalars(
            select(Community).where(Community.kind == kind).order_by(Community.id)
        )
        return list(rows)

    async def children(self, parent_id: int) -> list[Community]:
        rows = await self.s.scalars(
            select(Community).where(Community.parent_id == parent_id).order_by(Community.id)
        )
        return list(rows)

    async def descendants(self, root_id: int) -> list[Community]:
        """Every node under root, breadth first (小区 then their 楼栋)."""
        found: list[Community] = []
        frontier = [root_id]
        while frontier:
            rows = list(
                await self.s.scalars(
                    select(Community)
                    .where(Community.parent_id.in_(frontier))
                    .order_by(Community.id)
                )
            )
            found.extend(rows)
            frontier = [c.id for c in rows]
        return found

    async def count(self) -> int:
        return await self.s.scalar(select(func.count()).select_from(Community)) or 0

    def add(self, community: Community) -> None:
        self.s.add(community)


class UserRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session
        self._read_with: list[object] = []  # see arriving()

    async def get(self, user_id: int) -> User | None:
        return await self.s.get(User, user_id)

    async def by_external(self, channel: str, external_id: str) -> User | None:
        """The person behind a channel account: the account itself, or the one it is
        linked to (what every handler works with)."""
        account = await self.account(channel, external_id)
        return await self.person(account) if account is not None else None

    async def arriving(self, channel: str, external_id: str) -> tuple[User | None, bool]:
        """The channel account a request comes from, and whether it holds a role in force,
        read in one query with what every request reads next: its conversation state and
        its community (issue 20: three statements fewer per press). Both land in the
        session's identity map, so `conversations.get` and `communities.get` read nothing."""
        row = (
            await self.s.execute(_arriving(), {"channel": channel, "external_id": external_id})
        ).first()
        if row is None:
            return None, False
        # The identity map holds objects weakly: kept here for the unit of work.
        self._read_with.extend(o for o in row[1:3] if o is not None)
        return row[0], bool(row[3])

    async def account(self, channel: str, external_id: str) -> User | None:
        """The channel account itself, linked or not (conversation state, reachability)."""
        return await self.s.scalar(
            select(User).where(User.channel == channel, User.external_id == external_id)
        )

    async def person(self, account: User) -> User:
        """The person's own account: `account` unless it is linked to another."""
        if account.linked_to is None:
            return account
        return await self.s.get(User, account.linked_to) or account

    async def accounts_of(self, person: User) -> list[User]:
        """Every channel account of the person, theirs first."""
        linked = await self.s.scalars(
            select(User).where(User.linked_to == person.id).order_by(User.id)
        )
        return [person, *linked]

    async def push_target(self, user: User) -> User:
        """The account a push to this person goes to: the one on the channel they chose."""
        person = await self.person(user)
        if person.push_channel is None or person.push_channel == person.channel:
            return person
        for account in await self.accounts_of(person):
            if account.channel == person.push_channel:
                return account
        return person

    def add(self, user: User) -> None:
        self.s.add(user)

    async def forget(self, user: User) -> None:
        """Delete a user nothing else refers to yet (a newcomer who said no to the notice)."""
        await self.s.delete(user)
        await self.s.flush()

    async def prune_unconsented(self, before: dt.datetime, limit: int) -> int:
        """Delete up to `limit` users who never agreed to the notice, last wrote before
        `before`, and whom nothing refers to but their own conversation: the bare row the
        notice needs (an app id, a language) is not kept for someone who walked away."""
        from linli.storage.models import Base, ConversationState

        refs = [
            column
            for table in Base.metadata.sorted_tables
            if table.name not in ("users", "conversation_states")
            for column in table.columns
            if any(fk.column.table.name == "users" for fk in column.foreign_keys)
        ]
        linked = aliased(User)
        ids = list(
            await self.s.scalars(
                select(User.id)
                .where(
                    User.consent_version.is_(None),
                    User.channel != "offline",
                    User.linked_to.is_(None),
                    User.last_seen_at < before,
                    ~select(linked.id).where(linked.linked_to == User.id).exists(),
                    *(~select(c).where(c == User.id).exists() for c in refs),
                )
                .limit(limit)
            )
        )
        if ids:
            for model, key in ((ConversationState, ConversationState.user_id), (User, User.id)):
                await self.s.execute(
                    delete(model).where(key.in_(ids)).execution_options(synchronize_session=False)
                )
        return len(ids)

    async def quiet_hours(
        self, user_ids: list[int]
    ) -> dict[int, tuple[dt.time | None, dt.time | None]]:
        """Each user's own quiet hours (None where they keep the default)."""
        if not user_ids:
            return {}
        # Quiet hours are the person's: a linked account keeps the ones set on the person.
        person = aliased(User)
        rows = await self.s.execute(
            select(User.id, person.quiet_start, person.quiet_end)
            .join(person, person.id == func.coalesce(User.linked_to, User.id))
            .where(User.id.in_(user_ids))
        )
        return {user_id: (start, end) for user_id, start, end in rows}


class RoleRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session
        # A user's grants, read once per unit of work: the menu, the step and the rights
        # check of one request all ask (issue 20: two reads per confirm). A grant added
        # here drops the entry; one revoked in memory is filtered out below.
        self._active: dict[int, list[RoleGrant]] = {}

    def none_for(self, user_id: int) -> None:
        """This user holds no role in force (read with them, `UserRepo.arriving`)."""
        self._active.setdefault(user_id, [])

    async def active_for(self, user_id: int) -> list[RoleGrant]:
        cached = self._active.get(user_id)
        if cached is None:
            rows = await self.s.scalars(
                select(RoleGrant)
                .where(RoleGrant.user_id == user_id, RoleGrant.revoked_at.is_(None))
                .order_by(RoleGrant.id)
            )
            cached = self._active[user_id] = list(rows)
        return [g for g in cached if g.revoked_at is None]

    async def any_for(self, user_id: int) -> bool:
        """Whether the user was ever given a role (in force or taken back)."""
        found = await self.s.scalar(select(RoleGrant.id).where(RoleGrant.user_id == user_id))
        return found is not None

    async def find_active(
        self, user_id: int, community_id: int, role: str, unit_id: int | None
    ) -> RoleGrant | None:
        query = select(RoleGrant).where(
            RoleGrant.user_id == user_id,
            RoleGrant.community_id == community_id,
            RoleGrant.role == role,
            RoleGrant.revoked_at.is_(None),
        )
        query = query.where(
            RoleGrant.unit_id.is_(None) if unit_id is None else RoleGrant.unit_id == unit_id
        )
        return await self.s.scalar(query)

    async def of_community(self, community_id: int) -> list[RoleGrant]:
        """The roles in force in a community, oldest first."""
        rows = await self.s.scalars(
            select(RoleGrant)
            .where(RoleGrant.community_id == community_id, RoleGrant.revoked_at.is_(None))
            .order_by(RoleGrant.id)
        )
        return list(rows)

    async def holders(self, community_id: int, role: str) -> list[int]:
        """Everyone who holds this role in the community now, each once, by id."""
        rows = await self.s.scalars(
            select(RoleGrant.user_id).where(
                RoleGrant.community_id == community_id,
                RoleGrant.role == role,
                RoleGrant.revoked_at.is_(None),
            )
        )
        return sorted(set(rows))

    async def channel_ids_of_holders(self, channel: str) -> list[str]:
        """The channel ids of everyone who holds any role somewhere now."""
        rows = await self.s.scalars(
            select(User.external_id)
            # A linked account has the roles of the person it is linked to.
            .join(RoleGrant, RoleGrant.user_id == func.coalesce(User.linked_to, User.id))
            .where(User.channel == channel, RoleGrant.revoked_at.is_(None))
            .distinct()
        )
        return sorted(rows)

    async def get(self, grant_id: int) -> RoleGrant | None:
        return await self.s.get(RoleGrant, grant_id)

    def add(self, grant: RoleGrant) -> None:
        self._active.pop(grant.user_id, None)
        self.s.add(grant)


class InviteRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def by_code(self, code: str) -> InviteCode | None:
        return await self.s.scalar(select(InviteCode).where(InviteCode.code == code))

    async def consume(self, invite_id: int, now: dt.datetime) -> bool:
        """Use one redemption, only if some are left and the code has not expired.

        One conditional UPDATE, so two people redeeming the last use at once cannot
        both get it.
        """
        result = await self.s.execute(
            update(InviteCode)
            .where(
                InviteCode.id == invite_id,
                InviteCode.uses < InviteCode.max_uses,
                InviteCode.expires_at > now,
            )
            .values(uses=InviteCode.uses + 1)
        )
        return result.rowcount == 1

    def add(self, invite: InviteCode) -> None:
        self.s.add(invite)


class AuditRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    def add(self, entry: AuditEntry) -> None:
        self.s.add(entry)

    async def prune(self, before: dt.datetime, limit: int) -> int:
        """Delete up to `limit` entries older than `before` (the fund ledger is elsewhere and
        never pruned)."""
        ids = list(
            await self.s.scalars(
                select(AuditEntry.id)
                .where(AuditEntry.at < before)
                .order_by(AuditEntry.at)
                .limit(limit)
            )
        )
        if ids:
            await self.s.execute(
                delete(AuditEntry)
                .where(AuditEntry.id.in_(ids))
                .execution_options(synchronize_session=False)
            )
        return len(ids)

    async def recent(self, community_id: int, limit: int = 10) -> list[AuditEntry]:
        rows = await self.s.scalars(
            select(AuditEntry)
            .where(AuditEntry.community_id == community_id)
            .order_by(AuditEntry.id.desc())
            .limit(limit)
        )
        return list(rows)

    async def find(
        self,
        community_id: int,
        *,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        actor: str | None = None,
        limit: int | None = None,
    ) -> list[AuditEntry]:
        """The community's entries in [since, until) by one doer or all, newest first."""
        query = select(AuditEntry).where(AuditEntry.community_id == community_id)
        if since is not None:
            query = query.where(AuditEntry.at >= since)
        if until is not None:
            query = query.where(AuditEntry.at < until)
        if actor is not None:
            query = query.where(AuditEntry.actor == actor)
        query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        if limit is not None:
            query = query.limit(limit)
        return list(await self.s.scalars(query))

    async def actors(self, community_id: int) -> list[str]:
        """Everyone who appears in the community's log as a doer, the latest first."""
        latest = func.max(AuditEntry.id)
        rows = await self.s.execute(
            select(AuditEntry.actor, latest)
            .where(AuditEntry.community_id == community_id)
            .group_by(AuditEntry.actor)
            .order_by(latest.desc())
        )
        return [actor for actor, _ in rows]
