"""Linking one person's accounts on two channels: codes, wrong guesses, and the merge.

When two accounts are linked, the newer one points at the older (`users.linked_to`) and
everything the newer one had — bookings, proposals, supports, applications, roles — is
moved onto the older, along every foreign key to `users`, so that one person has one
history. What belongs to the channel account itself stays: `PER_ACCOUNT` names it.
Every other column pointing at `users` is moved, including the tables of features added
later: a new table is linked correctly unless it says otherwise here.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Table, and_, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from linli.storage.models import Base, LinkCode, LinkFailure, User

# Columns that stay with the channel account, never moved to the person: who the account
# is on its channel, whether we can reach it, its own screen, its own pushes and codes.
PER_ACCOUNT = frozenset(
    {
        "users.id",
        "users.channel",
        "users.external_id",
        "users.display_name",
        "users.created_at",
        "users.last_seen_at",
        "users.unreachable_since",
        "users.linked_to",
        "users.push_channel",
        "conversation_states.user_id",
        "outbox.user_id",
        "link_codes.user_id",
        "link_failures.user_id",
    }
)

# Where both accounts hold a live row one person may hold once (both booked the same
# slot), the newer account's row is ended as its owner would end it, and the count it
# held is given back. Tables not named here lose the newer account's row.
ENDED = {
    "bookings": ("cancelled", "slots", "slot_id", "taken"),
    "waitlist": ("left", None, None, None),
    "event_signups": ("cancelled", "events", "event_id", "taken"),
    "stall_applications": ("withdrawn", None, None, None),
}
# Counters kept beside rows that may be dropped as duplicates (two supports of one idea).
COUNTED = {
    "proposal_supports": ("proposals", "proposal_id", "supports"),
    "proposal_reports": ("proposals", "proposal_id", "reports"),
}


def person_columns() -> list[str]:
    """The user columns that are the person's (community, language, quiet hours…)."""
    users = Base.metadata.tables["users"]
    return [c.name for c in users.columns if f"users.{c.name}" not in PER_ACCOUNT]


def moved_columns() -> list[tuple[Table, str]]:
    """Every (table, column) pointing at users that is moved onto the person."""
    found = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if f"{table.name}.{column.name}" in PER_ACCOUNT:
                continue
            if any(fk.column.table.name == "users" for fk in column.foreign_keys):
                found.append((table, column.name))
    return found


def _unique_sets(table: Table, column: str) -> list[tuple[list[str], object]]:
    """The column sets (with their partial WHERE, if any) that may hold `column` once."""
    sets: list[tuple[list[str], object]] = []
    for constraint in table.constraints:
        kind = type(constraint).__name__
        if kind in ("UniqueConstraint", "PrimaryKeyConstraint") and column in constraint.columns:
            sets.append(([c.name for c in constraint.columns], None))
    for index in table.indexes:
        if index.unique and column in index.columns:
            where = index.dialect_options["postgresql"].get("where")
            sets.append(([c.name for c in index.columns], where))
    for col in table.columns:
        if col.unique and col.name == column:
            sets.append(([column], None))
    return sets


class LinkRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    # --- codes and guesses --------------------------------------------------------------

    async def new_code(
        self, account_id: int, code: str, now: dt.datetime, expires_at: dt.datetime
    ) -> None:
        """The account's code, replacing any it had: one active code per account."""
        await self.s.execute(
            delete(LinkCode)
            .where(LinkCode.user_id == account_id)
            .execution_options(synchronize_session=False)
        )
        self.s.add(LinkCode(user_id=account_id, code=code, created_at=now, expires_at=expires_at))
        await self.s.flush()

    async def code_in_use(self, code: str, now: dt.datetime) -> bool:
        found = await self.s.scalar(
            select(LinkCode.id).where(
                LinkCode.code == code, LinkCode.used_at.is_(None), LinkCode.expires_at > now
            )
        )
        return found is not None

    async def live_code(self, code: str, now: dt.datetime) -> LinkCode | None:
        return await self.s.scalar(
            select(LinkCode).where(
                LinkCode.code == code, LinkCode.used_at.is_(None), LinkCode.expires_at > now
            )
        )

    async def use_code(self, code_id: int, now: dt.datetime) -> bool:
        """Spend the code, only if nobody spent it first (one conditional UPDATE)."""
        result = await self.s.execute(
            update(LinkCode)
            .where(LinkCode.id == code_id, LinkCode.used_at.is_(None), LinkCode.expires_at > now)
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

    async def failures_since(self, account_id: int, since: dt.datetime) -> int:
        return (
            await self.s.scalar(
                select(func.count())
                .select_from(LinkFailure)
                .where(LinkFailure.user_id == account_id, LinkFailure.at >= since)
            )
            or 0
        )

    async def first_failure_since(self, account_id: int, since: dt.datetime) -> dt.datetime | None:
        return await self.s.scalar(
            select(func.min(LinkFailure.at)).where(
                LinkFailure.user_id == account_id, LinkFailure.at >= since
            )
        )

    def add_failure(self, account_id: int, now: dt.datetime) -> None:
        self.s.add(LinkFailure(user_id=account_id, at=now))

    async def prune(self, before: dt.datetime, limit: int) -> int:
        """Forget up to `limit` codes that ran out and wrong tries made before `before`:
        they only ever matter for minutes (a code) or an hour (the guess limit)."""
        count = 0
        for model, moment in ((LinkCode, LinkCode.expires_at), (LinkFailure, LinkFailure.at)):
            ids = list(await self.s.scalars(select(model.id).where(moment < before).limit(limit)))
            if ids:
                await self.s.execute(
                    delete(model)
                    .where(model.id.in_(ids))
                    .execution_options(synchronize_session=False)
                )
            count += len(ids)
        return count

    # --- linking and unlinking -------------------------------------------------------------

    async def link(self, person: User, newer: User) -> None:
        """Make `newer` an account of `person`: what it held becomes the person's."""
        await self.s.flush()
        for name in person_columns():
            # What the person has not set, the newer account may have (its community).
            if getattr(person, name) is None and getattr(newer, name) is not None:
                setattr(person, name, getattr(newer, name))
        for table, column in moved_columns():
            await self._move(table, column, newer.id, person.id)
        newer.linked_to = person.id
        newer.push_channel = None
        self._forget_person(newer)
        await self.s.flush()

    async def unlink(self, account: User) -> None:
        """`account` is on its own again, with nothing: all it did stays the person's."""
        account.linked_to = None
        account.push_channel = None
        self._forget_person(account)
        await self.s.flush()

    @staticmethod
    def _forget_person(account: User) -> None:
        # A linked account keeps no place of its own: it would count twice in a
        # community's lists (notices, people). Unlinked, it starts again from onboarding.
        # Seam: the consent and residency branches keep their own per-person state; an
        # unlinked account starts without consent and unconfirmed there.
        users = Base.metadata.tables["users"]
        for name in person_columns():
            if users.c[name].nullable:
                setattr(account, name, None)

    async def _move(self, table: Table, column: str, old: int, new: int) -> None:
        col = table.c[column]
        for columns, where in _unique_sets(table, column):
            others = [c for c in columns if c != column]
            await self._settle_clashes(table, column, others, where, old, new)
        await self.s.execute(
            update(table).where(col == old).values({column: new}),
            execution_options={"synchronize_session": False},
        )

    async def _settle_clashes(
        self, table: Table, column: str, others: list[str], where, old: int, new: int
    ) -> None:
        """Rows of `old` that would clash with `new`'s under one unique rule: keep `new`'s."""
        col = table.c[column]
        live = [where] if where is not None else []
        if not others:
            # One row per person (a residency): the person's own wins, the newer one goes.
            held = await self.s.scalar(select(func.count()).select_from(table).where(col == new))
            if held:
                await self.s.execute(
                    delete(table).where(col == old, *live),
                    execution_options={"synchronize_session": False},
                )
            return
        key = [table.c[c] for c in others]
        mine = {tuple(row) for row in await self.s.execute(select(*key).where(col == new, *live))}
        if not mine:
            return
        theirs = [tuple(row) for row in await self.s.execute(select(*key).where(col == old, *live))]
        ended = ENDED.get(table.name) if where is not None else None
        for values in theirs:
            if values not in mine:
                continue
            same = dict(zip(others, values, strict=True))
            row = and_(col == old, *(table.c[c] == v for c, v in same.items()), *live)
            counted = (ended[1:] if ended is not None else None) or COUNTED.get(table.name)
            if counted is not None and counted[0] is not None:
                counted_table, ref, counter = counted
                target = Base.metadata.tables[counted_table]
                await self.s.execute(
                    update(target)
                    .where(target.c.id == same[ref], target.c[counter] > 0)
                    .values({counter: target.c[counter] - 1}),
                    execution_options={"synchronize_session": False},
                )
            if ended is not None:
                statement = update(table).where(row).values(status=ended[0])
            else:
                statement = delete(table).where(row)
            await self.s.execute(statement, execution_options={"synchronize_session": False})
