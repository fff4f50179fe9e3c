"""Repository for the outbox: enqueue pushes, claim due ones, record how sending went."""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Integer,
    String,
    and_,
    any_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from linli.storage.models import OutboxClaim, OutboxMessage, User

_FINISHED = ("sent", "failed", "dropped", "cancelled", "no_channel")
# A user registered at the staff desk (代办) has no app to send to.
OFFLINE = "offline"
_ERASED = "{}"  # an erased body, as both databases store the JSON


@dataclass(slots=True, frozen=True)
class Recipient:
    """Who a claimed push goes to: the columns of the users row a sender reads, as plain
    values (building 1,000 ORM users cost more than the claim's SQL)."""

    id: int
    channel: str
    external_id: str
    locale: str
    last_seen_at: dt.datetime
    unreachable_since: dt.datetime | None


@dataclass(slots=True)
class ClaimedPush:
    """A claimed push with what sending it needs: its own columns and its recipient's.

    `quiet` holds the person's own quiet hours (None where they keep the default)."""

    id: int
    user_id: int
    kind: str
    body: dict[str, Any]
    attempts: int
    due_at: dt.datetime
    expires_at: dt.datetime | None
    urgent: bool
    recipient: Recipient
    quiet: tuple[dt.time | None, dt.time | None]


@dataclass(slots=True)
class PushResult:
    """How one claimed push went, waiting to be recorded with others in one transaction.

    status: "sent" (at `at`), "pending" (try again at `due_at`), "failed" or "dropped".
    `unreachable` marks the recipient unreachable from `at` (they blocked the bot)."""

    id: int
    user_id: int
    status: str
    at: dt.datetime
    error: str | None = None
    due_at: dt.datetime | None = None
    unreachable: bool = False
    buttons: list[str] = field(default_factory=list)


def _literal(value):
    """A constant written into the SQL, not bound: only then can the planner (SQLite,
    PostgreSQL's generic plans) prove that a partial index's WHERE applies."""
    return literal(value, literal_execute=True)


# Up to this many pushes are one INSERT … SELECT (a UNION ALL of one SELECT each).
FEW = 8
_DEFAULTS = {"expires_at": None, "notice_id": None, "dedupe_key": None, "urgent": False}


def _bound(value, column):
    """A parameter of `column`'s type (its JSON, its UTC datetimes)."""
    return literal(value, type_=column.type)


@functools.cache
def _routed(slot: int, route: bool):
    """For each user whose id is in the parameter `uids<slot>` (a list): `uid`; `tid`, the
    account their pushes go to (with `route`: the account linked to their person on the
    person's `push_channel`, else the person's own; without: their own); and `offline`,
    whether that account has no app (a desk registration).

    Built once per (slot, route): building it (four aliases of the users table) took
    5.5 ms, more than the statement's run."""
    users = User.__table__
    user, target = users.alias("u"), users.alias("t")
    if route:
        chooser, linked = users.alias("p"), users.alias("x")
        person = func.coalesce(user.c.linked_to, user.c.id)
        chosen = (
            select(linked.c.id)
            .join(chooser, chooser.c.id == linked.c.linked_to)
            .where(linked.c.linked_to == person, linked.c.channel == chooser.c.push_channel)
            .order_by(linked.c.id)
            .limit(1)
            .scalar_subquery()
        )
        tid = func.coalesce(chosen, person)
    else:
        tid = user.c.id
    routes = select(user.c.id.label("uid"), tid.label("tid")).where(
        user.c.id.in_(bindparam(f"uids{slot}", expanding=True))
    )
    routes = routes.subquery("routes")
    return (
        select(
            routes.c.uid,
            routes.c.tid,
            (target.c.channel == _literal(OFFLINE)).label("offline"),
        )
        .join(target, target.c.id == routes.c.tid)
        .subquery("routed")
    )


def _held_by(worker):
    """The outbox row is being sent under this worker's claim."""
    claims = OutboxClaim.__table__.c
    return and_(
        OutboxMessage.status == "pending",
        exists().where(claims.message_id == OutboxMessage.id, claims.worker == worker),
    )


# A recorded outcome counts the try it ends.
_TRIED = OutboxMessage.attempts + 1


def unclaimed():
    """No worker has the row in hand (a claim that ran out counts: its worker may still be
    sending it). What calling off or moving a waiting push may touch."""
    claims = OutboxClaim.__table__.c
    return ~exists().where(claims.message_id == OutboxMessage.id)


# Rows still to be sent: what ix_outbox_line holds. ('sending' was a claimed row's status
# until migration 0033; the index keeps its WHERE, which no row meets any more.)
_LIVE = _literal(("pending", "sending"))

# What a sender reads of its recipient (Recipient's fields, in order); the rest stays in the
# database.
_RECIPIENT = ("id", "channel", "external_id", "locale", "last_seen_at", "unreachable_since")
# What sending reads of a claimed push (ClaimedPush's first fields, in order): not
# dedupe_key, last_error, …
_CLAIMED = ("id", "user_id", "kind", "body", "attempts", "due_at", "expires_at", "urgent")


def _ids(dialect: str, name: str):
    """The bound parameter `name`, a list of ids, as one parameter whatever their number:
    PostgreSQL takes one array (asyncpg prepares each new text: a list of 1,000
    placeholders, a new count each claim, was prepared every time); SQLite one JSON text,
    read by json_each."""
    if dialect == "postgresql":
        return bindparam(name, type_=postgresql.ARRAY(Integer))
    return bindparam(name, type_=String)


def _among(dialect: str, column, name: str):
    """`column IN` the ids of parameter `name` (see `_ids`)."""
    if dialect == "postgresql":
        return column == any_(_ids(dialect, name))
    return column.in_(_each(dialect, name).select())


def _each(dialect: str, name: str):
    """The ids of parameter `name` (see `_ids`) as rows of one column `id`."""
    if dialect == "postgresql":
        return select(func.unnest(_ids(dialect, name)).label("id")).subquery("each")
    each = func.json_each(_ids(dialect, name)).table_valued("value")
    return select(each.c.value.label("id")).subquery("each")


def _id_list(dialect: str, ids) -> Any:
    """A value for an `_ids` parameter."""
    return sorted(ids) if dialect == "postgresql" else json.dumps(sorted(ids))


@functools.cache
def _pick(dialect: str, taken_over: bool, holding: bool):
    """`OutboxRepo.claim_due`'s pick, built once for its parameters `now`, `channels`,
    `limit` and, with `holding`, `holding` (rows this worker still has in hand).

    Building it each claim (four correlated subqueries) cost a few milliseconds of the
    claim's Python (issue 20). `taken_over`: rows whose lease ran out; else due rows nobody
    holds. See claim_due for what it takes and why it is spelt so."""
    now = bindparam("now", type_=OutboxMessage.__table__.c.due_at.type)
    # A process claims only what it can send: a terminal never takes Telegram's pushes.
    # (`user_id + 0`: SQLite's planner must not drive the claim from the users, reading
    # each one's every push through ix_outbox_user_id; the due rows come first.)
    reachable = (OutboxMessage.user_id + 0).in_(
        select(User.id).where(User.channel.in_(bindparam("channels", expanding=True)))
    )
    # Read in the claim's own snapshot: a row another worker claims at the same moment
    # is still pending and due there, so what comes after it waits either way.
    # Three probes, not one OR, so each is a seek in an index made for it, whatever
    # the number of pushes waiting for their time (1,000 reminders a person).
    pending = _literal("pending")

    def before_it(condition, by_id: bool = True):
        """An earlier push of the same user that meets `condition`."""
        earlier = aliased(OutboxMessage)
        # `id + 0`: not an index range, so that SQLite's planner, with fresh statistics,
        # does not take (user_id, rowid) of ix_outbox_user_id and read every earlier row.
        earlier_id = earlier.id if by_id else earlier.id + 0
        return exists().where(
            earlier.user_id == OutboxMessage.user_id,
            earlier_id < OutboxMessage.id,
            condition(earlier),
        )

    first_in_line = and_(
        # Being sent, or pending and due: one seek in ix_outbox_line, a partial index of
        # the live rows (its WHERE spelt here with the same literals). A row being sent
        # was due when it was claimed, so "due" covers it.
        ~before_it(lambda e: and_(e.status.in_(_LIVE), e.due_at <= now), by_id=False),
        # An urgent push does not wait behind one that keeps failing (ix_outbox_retry).
        or_(
            OutboxMessage.urgent.is_(True),
            ~before_it(lambda e: and_(e.status == pending, e.attempts > _literal(0))),
        ),
    )
    # A claim is a row in outbox_claims; the push itself is not written (it stays
    # 'pending'): rewriting 1,000 rows scattered over a million, and their status index
    # entries, was most of a claim's time on SQLite. Two narrow picks, not one OR:
    # rows whose lease ran out (few; found in the small outbox_claims), then due rows
    # nobody holds, an index range (status, due_at), so a million waiting rows are
    # never scanned.
    waiting = OutboxMessage.status == "pending"
    if taken_over:
        claims = OutboxClaim.__table__
        expired = select(claims.c.message_id).where(claims.c.until < now)
        if holding:
            expired = expired.where(
                claims.c.message_id.not_in(bindparam("holding", expanding=True))
            )
        due = and_(waiting, OutboxMessage.id.in_(expired))
    else:
        due = and_(waiting, OutboxMessage.due_at <= now, unclaimed())
    table = OutboxMessage.__table__
    # Core, not ORM, rows: only the columns sending reads, nothing in the identity map.
    pick = (
        select(*(table.c[name] for name in _CLAIMED))
        .where(due, reachable, first_in_line)
        .order_by(OutboxMessage.due_at)
        .limit(bindparam("limit", type_=Integer))
    )
    if dialect == "postgresql":
        # Claimers lock the rows they pick and skip those others picked, so two
        # never wait for each other's claim rows (they deadlocked without it).
        pick = pick.with_for_update(of=table, skip_locked=True)
    return pick


@functools.cache
def _take_over(dialect: str):
    """Move claims whose lease is still out (parameter `now`) among `ids` to `worker`
    until `until`; gives the ids moved."""
    claims = OutboxClaim.__table__
    return (
        update(claims)
        .where(_among(dialect, claims.c.message_id, "ids"), claims.c.until < bindparam("now"))
        .values(worker=bindparam("worker"), until=bindparam("until"))
        .returning(claims.c.message_id)
    )


@functools.cache
def _tried_again(dialect: str):
    table = OutboxMessage.__table__
    return (
        update(table)
        .where(_among(dialect, table.c.id, "ids"))
        .values(attempts=table.c.attempts + 1)
    )


@functools.cache
def _claim_rows(dialect: str):
    """Claim the `ids` for `worker` until `until`, but none somebody claimed already;
    gives the ids claimed."""
    claims = OutboxClaim.__table__
    upsert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(claims)
    each = _each(dialect, "ids")
    return (
        upsert.from_select(
            ["message_id", "worker", "until"],
            # The WHERE is there for SQLite, which reads ON CONFLICT after a WHERE only.
            select(
                each.c.id,
                bindparam("worker", type_=claims.c.worker.type),
                bindparam("until", type_=claims.c.until.type),
            ).where(true()),
        )
        .on_conflict_do_nothing(index_elements=["message_id"])
        .returning(claims.c.message_id)
    )


@functools.cache
def _recipients_of(dialect: str):
    """Each of the users `ids` with their channel data and their person's quiet hours."""
    users = User.__table__
    person = users.alias("person")
    return (
        select(*(users.c[name] for name in _RECIPIENT), person.c.quiet_start, person.c.quiet_end)
        .join(person, person.c.id == func.coalesce(users.c.linked_to, users.c.id))
        .where(_among(dialect, users.c.id, "ids"))
    )


@functools.cache
def _recording(status: str):
    """Record pushes held by `b_worker` (rows `b_id`) as `status`: sent at `b_at`, due
    again at `b_due` with the error `b_error` ("pending"), or ended with `b_error`. Built
    once: a broadcast records a batch every few seconds, on the loop that paces the
    sending."""
    table = OutboxMessage.__table__
    values: dict[str, Any] = {"status": status, "attempts": _TRIED}
    if status == "sent":
        values["sent_at"] = bindparam("b_at")
    else:
        values["last_error"] = bindparam("b_error")
    if status == "pending":
        values["due_at"] = bindparam("b_due")
    return (
        update(table)
        .where(table.c.id == bindparam("b_id"), _held_by(bindparam("b_worker")))
        .values(**values)
    )


@functools.cache
def _claims_ended(dialect: str):
    """Delete `worker`'s claims on the rows `ids` (see `_ids`)."""
    claims = OutboxClaim.__table__
    return claims.delete().where(
        claims.c.worker == bindparam("worker"), _among(dialect, claims.c.message_id, "ids")
    )


class OutboxRepo:
    def __init__(self, session: AsyncSession, dialect: str) -> None:
        self.s = session
        self.dialect = dialect

    async def enqueue(
        self,
        *,
        user_id: int,
        kind: str,
        body: dict[str, Any],
        due_at: dt.datetime,
        now: dt.datetime,
        dedupe_key: str | None = None,
        expires_at: dt.datetime | None = None,
        notice_id: int | None = None,
        urgent: bool = False,
        route: bool = True,
    ) -> None:
        """Add a push; a second push with the same dedupe key is silently one push.

        `route=False` sends it to this very account, not where the person chose (telling
        both sides of a link that it was undone)."""
        await self.enqueue_many(
            [
                {
                    "user_id": user_id,
                    "kind": kind,
                    "body": body,
                    "due_at": due_at,
                    "dedupe_key": dedupe_key,
                    "expires_at": expires_at,
                    "notice_id": notice_id,
                    "urgent": urgent,
                }
            ],
            now=now,
            route=route,
        )

    async def enqueue_many(
        self, rows: list[dict[str, Any]], *, now: dt.datetime, route: bool = True
    ) -> None:
        """Add many pushes in one round trip; rows whose dedupe key exists are skipped.

        Each goes to the account its person chose for pushes (a linked resident's other
        channel): the one place every feature's pushes pass through. A push to a resident
        without any channel (registered at the desk) is kept, marked, never claimed.
        One statement for a few pushes (a booking's reminders: INSERT … SELECT, each row
        routed in SQL); two for more, whatever their number (where they go, the insert)."""
        if not rows:
            return
        if len(rows) <= FEW:
            columns = OutboxMessage.__table__.c
            each, uids = [], {}
            for slot, row in enumerate(rows):
                row = {**_DEFAULTS, **row}
                uids[f"uids{slot}"] = [row.pop("user_id")]
                each.append(
                    (
                        _routed(slot, route),
                        {name: _bound(value, columns[name]) for name, value in row.items()},
                    )
                )
            await self._insert_routed(each, now, uids)
            return
        connection = await self.s.connection()
        targets: dict[int, tuple[int, bool]] = {}
        ids = sorted({row["user_id"] for row in rows})
        for start in range(0, len(ids), 500):  # a statement's parameters, 500 at a time
            routed = _routed(0, route)
            found = await connection.execute(
                select(routed.c.uid, routed.c.tid, routed.c.offline),
                {"uids0": ids[start : start + 500]},
            )
            targets.update({uid: (tid, bool(offline)) for uid, tid, offline in found})
        values = []
        for row in rows:
            target, offline = targets.get(row["user_id"], (row["user_id"], False))
            values.append(
                {
                    "status": "no_channel" if offline else "pending",
                    "attempts": 0,
                    "created_at": now,
                    "expires_at": None,
                    "notice_id": None,
                    "dedupe_key": None,
                    "urgent": False,
                    **row,
                    "user_id": target,
                }
            )
        # Core, not ORM, execution: one executemany, nothing kept in the session.
        await connection.execute(
            self._insert().on_conflict_do_nothing(index_elements=["dedupe_key"]), values
        )

    async def enqueue_to_each(
        self,
        user_ids: list[int],
        *,
        kind: str,
        body: dict[str, Any],
        dedupe_prefix: str,
        due_at: dt.datetime,
        now: dt.datetime,
        notice_id: int | None = None,
        urgent: bool = False,
    ) -> None:
        """The same push to each of these people (a broadcast's batch), routed as
        `enqueue_many` routes, with the dedupe key `dedupe_prefix` + their user id.

        One INSERT … SELECT: the body is bound once, and nothing is done per row in Python
        (a row's parameters, its JSON body and three datetimes, were most of a broadcast's
        enqueue time)."""
        if not user_ids:
            return
        columns = OutboxMessage.__table__.c
        routed = _routed(0, True)
        fields = {
            "kind": _bound(kind, columns.kind),
            "body": _bound(body, columns.body),
            "dedupe_key": _bound(dedupe_prefix, columns.dedupe_key) + cast(routed.c.uid, String),
            "notice_id": _bound(notice_id, columns.notice_id),
            "due_at": _bound(due_at, columns.due_at),
            "urgent": _bound(urgent, columns.urgent),
        }
        await self._insert_routed([(routed, fields)], now, {"uids0": list(user_ids)})

    async def _insert_routed(
        self, each: list[tuple[Any, dict[str, Any]]], now: dt.datetime, uids: dict[str, list[int]]
    ) -> None:
        """One INSERT … SELECT: for each (routed, fields), a push to each row of `routed`
        (see _routed) with `fields` (SQL expressions by column name), pending or, to an
        account without an app, no_channel. A dedupe key that exists already skips its row."""
        created = _bound(now, OutboxMessage.__table__.c.created_at)
        names: list[str] = []
        selects = []
        for routed, fields in each:
            fields = {
                **fields,
                "user_id": routed.c.tid,
                "status": case(
                    (routed.c.offline, _literal("no_channel")), else_=_literal("pending")
                ),
                "attempts": _literal(0),
                "created_at": created,
            }
            names = sorted(fields)
            # The WHERE is there for SQLite, which reads ON CONFLICT after a WHERE only.
            selects.append(
                select(*(fields[name] for name in names)).where(routed.c.uid.is_not(None))
            )
        picked = selects[0] if len(selects) == 1 else union_all(*selects)
        await (await self.s.connection()).execute(
            self._insert()
            .from_select(names, picked)
            .on_conflict_do_nothing(index_elements=["dedupe_key"]),
            uids,
        )

    def _insert(self):
        insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        return insert(OutboxMessage.__table__)

    async def counts_for_notice(self, notice_id: int) -> dict[str, int]:
        rows = await self.s.execute(
            select(OutboxMessage.status, func.count())
            .where(OutboxMessage.notice_id == notice_id)
            .group_by(OutboxMessage.status)
        )
        return {status: count for status, count in rows}

    async def counts_for_notices(self, notice_ids: list[int]) -> dict[int, dict[str, int]]:
        """`counts_for_notice` for several notices in one query."""
        if not notice_ids:
            return {}
        rows = await self.s.execute(
            select(OutboxMessage.notice_id, OutboxMessage.status, func.count())
            .where(OutboxMessage.notice_id.in_(notice_ids))
            .group_by(OutboxMessage.notice_id, OutboxMessage.status)
        )
        found: dict[int, dict[str, int]] = {}
        for notice_id, status, count in rows:
            found.setdefault(notice_id, {})[status] = count
        return found

    async def backlog(self, now: dt.datetime) -> tuple[int, dt.datetime | None]:
        """How many pushes are due and unsent, and since when the oldest has waited."""
        due = (OutboxMessage.status == "pending") & (OutboxMessage.due_at <= now)
        count, oldest = (
            await self.s.execute(select(func.count(), func.min(OutboxMessage.due_at)).where(due))
        ).one()
        return count, oldest

    async def mark_dropped(self, message_id: int, worker: str, reason: str) -> bool:
        return await self._finish(message_id, worker, status="dropped", last_error=reason)

    async def claim_due(
        self,
        *,
        now: dt.datetime,
        lease_until: dt.datetime,
        worker: str,
        limit: int,
        channels: list[str],
        holding: set[int] | frozenset[int] = frozenset(),
    ) -> list[ClaimedPush]:
        """Take up to `limit` due rows for this worker, never a row another worker holds,
        each with its recipient's channel data and quiet hours (read in the same
        transaction: sending needs no other).

        `holding`: rows this worker still has in hand (queued, being sent, sent but not yet
        recorded). Their lease may have run out while the machine stalled; they are never
        its to take again.

        Rows whose lease ran out (their worker died mid-send) are due again. Per user,
        only the head of the line is taken: a push waits while an earlier one is being
        sent, is due, or waits for a retry, so pushes arrive in the order they were made
        whatever the number of senders. An earlier push that waits for its time (a
        reminder, quiet hours) does not hold later ones back; an urgent push does not
        wait behind one that keeps failing.
        """
        connection = await self.s.connection()
        dialect = self.dialect
        rows: list = []
        for taken_over in (True, False):
            left = limit - len(rows)
            if left <= 0:
                break
            given: dict[str, Any] = {"now": now, "channels": list(channels), "limit": left}
            if taken_over and holding:
                given["holding"] = sorted(holding)
            pick = _pick(dialect, taken_over, bool(taken_over and holding))
            found = {row.id: row for row in await connection.execute(pick, given)}
            if not found:
                continue
            ids = _id_list(dialect, found)
            if taken_over:
                # Only from a lease that is still out: another claimer may have got there
                # first (PostgreSQL checks the WHERE again once it has the row).
                got = await connection.execute(
                    _take_over(dialect),
                    {"ids": ids, "now": now, "worker": worker, "until": lease_until},
                )
                mine = set(got.scalars())
                # The dead worker's try counts: a push that kills its sender is not tried
                # for ever.
                if mine:
                    await connection.execute(
                        _tried_again(dialect), {"ids": _id_list(dialect, mine)}
                    )
            else:
                # A claimer whose snapshot predates another's commit picks the same rows;
                # the claim row is the arbiter: it gets only those nobody has claimed.
                # The ids come as one parameter, not joined with the outbox again: the rows
                # picked cannot change meanwhile (PostgreSQL: locked; SQLite: one writer).
                got = await connection.execute(
                    _claim_rows(dialect), {"ids": ids, "worker": worker, "until": lease_until}
                )
                mine = set(got.scalars())
            # `attempts`: this try's number, as the row will count it once recorded.
            rows += [
                (*row[:4], row.attempts + 1 + taken_over, *row[5:])
                for message_id, row in found.items()
                if message_id in mine
            ]
        if not rows:
            return []
        recipients = await self._recipients({row[1] for row in rows})
        claimed = [ClaimedPush(*row, *recipients[row[1]]) for row in rows]
        claimed.sort(key=lambda m: (m.due_at, m.id))
        return claimed

    async def _recipients(
        self, user_ids: set[int]
    ) -> dict[int, tuple[Recipient, tuple[dt.time | None, dt.time | None]]]:
        """Each user's channel data, and the quiet hours of the person behind the account
        (a linked account keeps the ones set on the person): one query for a batch."""
        found = await (await self.s.connection()).execute(
            _recipients_of(self.dialect), {"ids": _id_list(self.dialect, user_ids)}
        )
        return {row[0]: (Recipient(*row[:-2]), (row[-2], row[-1])) for row in found}

    async def record(self, worker: str, results: list[PushResult]) -> None:
        """Record how a batch of pushes went: one statement per kind of outcome, so a
        batch costs a few round trips whatever its size. Only the worker that holds a
        claim may record it (a dead worker's late report changes nothing)."""
        if not results:
            return
        connection = await self.s.connection()
        for status in ("sent", "pending", "failed", "dropped"):
            rows = [
                {
                    "b_id": r.id,
                    "b_worker": worker,
                    "b_at": r.at,
                    "b_error": r.error,
                    "b_due": r.due_at,
                }
                for r in results
                if r.status == status
            ]
            if rows:
                await connection.execute(_recording(status), rows)
        await self._let_go([r.id for r in results], worker)
        gone = sorted({r.user_id for r in results if r.unreachable})
        if gone:
            # Until they write to the bot again (the conversation clears it).
            at = min(r.at for r in results if r.unreachable)
            await connection.execute(
                update(User.__table__)
                .where(User.__table__.c.id.in_(gone), User.__table__.c.unreachable_since.is_(None))
                .values(unreachable_since=at)
            )

    async def _finish(self, message_id: int, worker: str, **values: Any) -> bool:
        # Only the worker that holds the claim may record the outcome.
        result = await self.s.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, _held_by(worker))
            .values(**values, attempts=_TRIED)
            .execution_options(synchronize_session=False)
        )
        await self._let_go([message_id], worker)
        return result.rowcount == 1

    async def _let_go(self, message_ids: list[int], worker: str) -> int:
        """This worker's claims on these rows end (recorded, handed back or held): how many
        it held."""
        result = await self.s.execute(
            _claims_ended(self.dialect),
            {"worker": worker, "ids": _id_list(self.dialect, set(message_ids))},
        )
        ended = result.rowcount
        return ended

    async def renew(self, worker: str, lease_until: dt.datetime) -> int:
        """The worker is alive: its claims hold until `lease_until` (its small claim rows
        are rewritten, not the pushes)."""
        claims = OutboxClaim.__table__
        result = await self.s.execute(
            update(claims).where(claims.c.worker == worker).values(until=lease_until)
        )
        return result.rowcount

    async def leases(self, message_ids: list[int]) -> dict[int, tuple[str, dt.datetime]]:
        """Who holds these rows and until when (the rows being sent among them)."""
        claims = OutboxClaim.__table__
        rows = await self.s.execute(
            select(claims.c.message_id, claims.c.worker, claims.c.until).where(
                claims.c.message_id.in_(message_ids)
            )
        )
        return {message_id: (worker, until) for message_id, worker, until in rows}

    async def release(self, message_ids: list[int], worker: str) -> int:
        """Claimed but never begun (the worker is stopping): due again at once, no try spent
        (the claim ends; the row was never written)."""
        if not message_ids:
            return 0
        return await self._let_go(message_ids, worker)

    async def hold(self, held: dict[int, dt.datetime], worker: str) -> int:
        """Claimed in the user's quiet hours: due again when they end, no try spent."""
        by_time: dict[dt.datetime, list[int]] = {}
        for message_id, due_at in held.items():
            by_time.setdefault(due_at, []).append(message_id)
        count = 0
        # One statement per moment: most people keep the default hours, so a night's
        # broadcast is one update per batch, not one per person.
        for due_at, message_ids in by_time.items():
            result = await self.s.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(message_ids), _held_by(worker))
                .values(due_at=due_at)
                .execution_options(synchronize_session=False)
            )
            count += result.rowcount
        await self._let_go(list(held), worker)
        return count

    async def mark_sent(self, message_id: int, worker: str, now: dt.datetime) -> bool:
        return await self._finish(message_id, worker, status="sent", sent_at=now)

    async def mark_retry(
        self, message_id: int, worker: str, error: str, due_at: dt.datetime
    ) -> bool:
        return await self._finish(
            message_id, worker, status="pending", last_error=error, due_at=due_at
        )

    async def mark_failed(self, message_id: int, worker: str, error: str) -> bool:
        return await self._finish(message_id, worker, status="failed", last_error=error)

    async def cancel_pending(self, dedupe_prefix: str) -> int:
        """Call off pushes not yet sent (reminders of a booking that was cancelled)."""
        result = await self.s.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.dedupe_key.like(f"{dedupe_prefix}%"),
                OutboxMessage.status == "pending",
                unclaimed(),
            )
            .values(status="cancelled")
            .execution_options(synchronize_session=False)
        )
        return result.rowcount

    async def cancel_for_notice(self, notice_id: int) -> int:
        """Call off a withdrawn notice's pushes that have not gone out."""
        result = await self.s.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.notice_id == notice_id,
                OutboxMessage.status == "pending",
                unclaimed(),
            )
            .values(status="cancelled")
            .execution_options(synchronize_session=False)
        )
        return result.rowcount

    async def dedupe_keys_like(self, prefix: str) -> set[str]:
        rows = await self.s.scalars(
            select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.like(f"{prefix}%"))
        )
        return set(rows)

    async def erase_bodies(self, before: dt.datetime, limit: int) -> int:
        """Erase the text of up to `limit` pushes finished (sent, failed, dropped, cancelled)
        before `before`. The rows stay: notice reports count them, and their dedupe keys
        keep the same push from being made again."""
        finished = (
            OutboxMessage.status.in_(_FINISHED)
            # (status, due_at) is indexed; a push is never finished before it is due.
            & (OutboxMessage.due_at < before)
            & (OutboxMessage.sent_at.is_(None) | (OutboxMessage.sent_at < before))
            & (cast(OutboxMessage.body, String) != _ERASED)
        )
        ids = list(await self.s.scalars(select(OutboxMessage.id).where(finished).limit(limit)))
        if not ids:
            return 0
        await self.s.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids))
            .values(body={})
            .execution_options(synchronize_session=False)
        )
        return len(ids)

    async def get(self, message_id: int) -> OutboxMessage | None:
        return await self.s.get(OutboxMessage, message_id)

    async def for_user(self, user_id: int) -> list[OutboxMessage]:
        rows = await self.s.scalars(
            select(OutboxMessage).where(OutboxMessage.user_id == user_id).order_by(OutboxMessage.id)
        )
        return list(rows)

    async def last_with_buttons(self, user_id: int, since: dt.datetime) -> dict[str, Any] | None:
        """The body of the latest push sent to this user since then that carried choices."""
        bodies = await self.s.scalars(
            select(OutboxMessage.body)
            .where(
                OutboxMessage.user_id == user_id,
                OutboxMessage.status == "sent",
                OutboxMessage.sent_at >= since,
            )
            .order_by(OutboxMessage.sent_at.desc(), OutboxMessage.id.desc())
            .limit(20)
        )
        return next((body for body in bodies if body.get("buttons")), None)

    async def retarget_pending(self, from_ids: list[int], to_id: int) -> int:
        """Pushes not yet sent to these accounts go to `to_id` instead (the person chose
        another channel, linked or unlinked an account)."""
        from_ids = [i for i in from_ids if i != to_id]
        if not from_ids:
            return 0
        result = await self.s.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.user_id.in_(from_ids), OutboxMessage.status == "pending", unclaimed()
            )
            .values(user_id=to_id)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount
