"""The outbox: a push is sent once, retried when it may work later, recorded when it fails."""

from __future__ import annotations

import asyncio
import datetime as dt
import io

from sqlalchemy import event

from linli.bot.channels.console import ConsoleSender
from linli.bot.outbox import OutboxDispatcher, SendFailed
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.notify import push
from linli.handlers.kit.text import t
from linli.storage.db import Database
from tests import factories

_WRITES = ("INSERT", "UPDATE", "DELETE")


class RecordingSender:
    """Records what it was asked to send; fails as told."""

    def __init__(self, failures: list[SendFailed] | None = None) -> None:
        self.sent: list[tuple[str, str]] = []
        self.failures = list(failures or [])

    async def send(self, user, reply, kind="") -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((user.external_id, reply.messages[0].key))


async def _queue(db, clock, user_id, text=None, **kwargs):
    async with db.uow() as uow:
        await push(uow, user_id, text or t("nav-back"), kind="test", now=clock.now(), **kwargs)
        await uow.commit()


async def _claim(db, clock, worker: str, *, lease_seconds: int):
    """One claim by `worker`, committed: what it took."""
    async with db.uow() as uow:
        claimed = await uow.outbox.claim_due(
            now=clock.now(),
            lease_until=clock.now() + dt.timedelta(seconds=lease_seconds),
            worker=worker,
            limit=10,
            channels=["console"],
        )
        await uow.commit()
    return claimed


async def _rows(db, user_id):
    async with db.uow() as uow:
        return await uow.outbox.for_user(user_id)


async def test_sent_once_and_recorded(db, clock):
    person = await factories.user(db, clock, "u1")
    await _queue(db, clock, person.id)
    sender = RecordingSender()
    dispatcher = OutboxDispatcher(db, clock, {"console": sender})
    assert await dispatcher.run_once() == 1
    assert await dispatcher.run_once() == 0
    assert sender.sent == [("u1", "nav-back")]
    (row,) = await _rows(db, person.id)
    assert (row.status, row.attempts, row.sent_at) == ("sent", 1, clock.now())


async def test_the_same_dedupe_key_makes_one_message(db, clock):
    person = await factories.user(db, clock, "u1")
    await _queue(db, clock, person.id, dedupe_key="reminder:1:day-before")
    await _queue(db, clock, person.id, dedupe_key="reminder:1:day-before")
    assert len(await _rows(db, person.id)) == 1


async def test_not_before_it_is_due(db, clock):
    person = await factories.user(db, clock, "u1")
    await _queue(db, clock, person.id, due_at=clock.now() + dt.timedelta(hours=1))
    sender = RecordingSender()
    dispatcher = OutboxDispatcher(db, clock, {"console": sender})
    assert await dispatcher.run_once() == 0
    clock.advance(hours=1)
    assert await dispatcher.run_once() == 1


async def test_transient_failures_are_retried_with_backoff_then_given_up(db, clock):
    person = await factories.user(db, clock, "u1")
    await _queue(db, clock, person.id)
    sender = RecordingSender([SendFailed("429 too many", retry_after=5)] * 3)
    dispatcher = OutboxDispatcher(db, clock, {"console": sender}, max_attempts=3)
    await dispatcher.run_once()
    (row,) = await _rows(db, person.id)
    assert (row.status, row.last_error) == ("pending", "429 too many")
    assert row.due_at == clock.now() + dt.timedelta(seconds=30)  # backoff beats retry_after
    assert await dispatcher.run_once() == 0  # not yet
    clock.advance(seconds=30)
    await dispatcher.run_once()
    clock.advance(seconds=60)
    await dispatcher.run_once()
    (row,) = await _rows(db, person.id)
    assert (row.status, row.attempts) == ("failed", 3)
    assert sender.sent == []


async def test_a_permanent_failure_is_recorded_and_not_retried(db, clock):
    person = await factories.user(db, clock, "u1")
    await _queue(db, clock, person.id)
    dispatcher = OutboxDispatcher(
        db, clock, {"console": RecordingSender([SendFailed("400 chat not found")])}
    )
    await dispatcher.run_once()
    (row,) = await _rows(db, person.id)
    assert (row.status, row.last_error) == ("failed", "400 chat not found")


async def test_a_user_who_blocked_us_gets_nothing_until_they_write_again(
    db, clock, conversation, translator
):
    await factories.demo(db, clock)
    person = await factories.user(db, clock, "u1", community_code="xinhuashe")
    await _queue(db, clock, person.id)
    sender = RecordingSender([SendFailed("403 blocked", unreachable=True)])
    dispatcher = OutboxDispatcher(db, clock, {"console": sender})
    await dispatcher.run_once()
    await _queue(db, clock, person.id, t("nav-cancel"))
    await dispatcher.run_once()
    rows = await _rows(db, person.id)
    assert [r.status for r in rows] == ["failed", "failed"]
    assert "unreachable" in rows[1].last_error and sender.sent == []
    # They write to the bot: they are reachable again.
    await factories.Chat(conversation, translator, "u1").send("菜单")
    await _queue(db, clock, person.id, t("nav-cancelled"), dedupe_key="x")
    await dispatcher.run_once()
    assert sender.sent == [("u1", "nav-cancelled")]


async def test_a_claim_left_by_a_dead_worker_is_taken_again_after_its_lease(db, clock):
    person = await factories.user(db, clock, "u1")
    await _queue(db, clock, person.id)
    (claimed,) = await _claim(db, clock, "dead", lease_seconds=120)
    sender = RecordingSender()
    alive = OutboxDispatcher(db, clock, {"console": sender}, worker="alive")
    assert await alive.run_once() == 0  # still held
    clock.advance(seconds=121)
    assert await alive.run_once() == 1
    assert sender.sent == [("u1", "nav-back")]
    async with db.uow() as uow:  # the dead worker's late report changes nothing
        assert not await uow.outbox.mark_failed(claimed.id, "dead", "late")
        await uow.commit()
    (row,) = await _rows(db, person.id)
    assert (row.status, row.attempts) == ("sent", 2)  # the dead worker's try counts


async def test_a_claim_writes_only_claim_rows_and_a_push_in_flight_is_not_called_off(db, clock):
    """Claiming adds rows to outbox_claims and leaves the pushes as they were (rewriting a
    thousand scattered rows was most of a claim's time); calling off pushes then spares the
    one being sent, which is recorded as sent."""
    person = await factories.user(db, clock, "u1")
    await _queue(db, clock, person.id, dedupe_key="r:1:a")
    await _queue(db, clock, person.id, t("nav-cancel"), dedupe_key="r:1:b")
    statements: list[str] = []

    def seen(conn, cursor, statement, *args) -> None:
        statements.append(statement.lstrip().upper())

    event.listen(db.engine.sync_engine, "before_cursor_execute", seen)
    try:
        (claimed,) = await _claim(db, clock, "w", lease_seconds=30)
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", seen)
    writes = [s.split("(")[0].split() for s in statements if s.startswith(_WRITES)]
    assert writes == [["INSERT", "INTO", "OUTBOX_CLAIMS"]]
    assert claimed.attempts == 1  # this try's number
    async with db.uow() as uow:
        assert await uow.outbox.cancel_pending("r:1:") == 1  # the second; the first is in flight
        assert await uow.outbox.mark_sent(claimed.id, "w", clock.now())
        await uow.commit()
    rows = await _rows(db, person.id)
    assert [(r.status, r.attempts) for r in rows] == [("sent", 1), ("cancelled", 0)]


async def test_only_channels_this_process_can_send_are_claimed(db, clock):
    telegram = await factories.user(db, clock, "t1", channel="telegram")
    await _queue(db, clock, telegram.id)
    dispatcher = OutboxDispatcher(db, clock, {"console": RecordingSender()})
    assert await dispatcher.run_once() == 0
    (row,) = await _rows(db, telegram.id)
    assert row.status == "pending"


async def test_concurrent_workers_never_claim_the_same_row(db_url, db, clock):
    people = [await factories.user(db, clock, f"u{i}") for i in range(20)]
    async with db.uow() as uow:
        for person in people:
            for n in range(10):
                await push(
                    uow,
                    person.id,
                    t("nav-back"),
                    kind="test",
                    now=clock.now(),
                    dedupe_key=f"{person.id}:{n}",
                )
        await uow.commit()
    workers = [Database(db_url) for _ in range(4)]
    order: list[tuple[int, int]] = []  # (user, row) in the order they were claimed

    async def claim_all(worker: Database, name: str) -> list[int]:
        got = []
        while True:
            async with worker.uow() as uow:
                rows = await uow.outbox.claim_due(
                    now=clock.now(),
                    lease_until=clock.now() + dt.timedelta(minutes=2),
                    worker=name,
                    limit=7,
                    channels=["console"],
                )
                await uow.commit()
            if not rows:
                return got
            got += [r.id for r in rows]
            order.extend((r.user_id, r.id) for r in rows)
            # A user's next push is claimable only once this one is delivered.
            async with worker.uow() as uow:
                for row in rows:
                    assert await uow.outbox.mark_sent(row.id, name, clock.now())
                await uow.commit()

    try:
        results = await asyncio.gather(*(claim_all(w, f"w{i}") for i, w in enumerate(workers)))
    finally:
        for worker in workers:
            await worker.dispose()
    claimed = [i for ids in results for i in ids]
    assert len(claimed) == 200
    assert len(set(claimed)) == 200
    for person in people:  # each person's pushes were claimed in the order they were made
        mine = [row for user_id, row in order if user_id == person.id]
        assert mine == sorted(mine) and len(mine) == 10


async def test_the_console_sender_prints_in_the_users_language(db, clock, translator):
    person = await factories.user(db, clock, "u1", locale="en")
    await _queue(db, clock, person.id, t("role-granted-staff", community="x"))
    out = io.StringIO()
    await OutboxDispatcher(db, clock, {"console": ConsoleSender(translator, out)}).run_once()
    assert out.getvalue().startswith("🔔 You are now staff of")


async def test_the_terminal_says_whom_a_push_for_another_console_user_is_for(db, clock, translator):
    me = await factories.user(db, clock, "local")
    other = await factories.user(db, clock, "u2")
    await _queue(db, clock, other.id, t("role-granted-staff", community="x"))
    await _queue(db, clock, me.id, t("role-granted-staff", community="y"))
    out = io.StringIO()
    sender = ConsoleSender(translator, out, me="local")
    await OutboxDispatcher(db, clock, {"console": sender}).run_once()
    pushes = {p.split("“")[1][0]: p for p in out.getvalue().strip().split("\n\n")}
    assert pushes["x"].startswith("🔔 【给u2的消息】\n您已成为“x”")
    assert pushes["y"].startswith("🔔 您已成为“y”")


class SlowSender:
    """Earlier pushes take longer to send; the first push to `flaky` fails once."""

    def __init__(self, flaky: str | None = None) -> None:
        self.received: dict[str, list[int]] = {}
        self.flaky = flaky

    async def send(self, user, reply, kind="") -> None:
        n = int(reply.messages[0].args["page"])
        for _ in range(10 - n):  # let later pushes overtake, were they sent alongside
            await asyncio.sleep(0)
        if user.external_id == self.flaky and n == 0:
            self.flaky = None
            raise SendFailed("timed out", retry_after=0)
        self.received.setdefault(user.external_id, []).append(n)


async def test_a_users_pushes_arrive_in_the_order_they_were_made(db, clock):
    people = [await factories.user(db, clock, f"u{i}") for i in range(4)]
    async with db.uow() as uow:
        for n in range(5):  # 已申请, then 已撤回, …: each person's pushes in order
            for person in people:
                await push(
                    uow, person.id, t("list-page", page=n, pages=5), kind="test", now=clock.now()
                )
        await uow.commit()
    sender = SlowSender(flaky="u0")
    dispatchers = [
        OutboxDispatcher(db, clock, {"console": sender}, concurrency=4, worker=f"w{i}")
        for i in range(2)
    ]
    await asyncio.gather(*(d.drain() for d in dispatchers))
    # u0's first push waits for its retry, and so does everything after it.
    assert "u0" not in sender.received
    assert all(sender.received[p.external_id] == [0, 1, 2, 3, 4] for p in people[1:])
    clock.advance(seconds=30)
    await asyncio.gather(*(d.drain() for d in dispatchers))
    assert sender.received["u0"] == [0, 1, 2, 3, 4]


async def test_an_earlier_push_waiting_for_its_time_holds_nothing_back(db, clock):
    person = await factories.user(db, clock, "u1")
    await _queue(db, clock, person.id, due_at=clock.now() + dt.timedelta(days=1))
    await _queue(db, clock, person.id, t("nav-cancel"))
    sender = RecordingSender()
    assert await OutboxDispatcher(db, clock, {"console": sender}).drain() == 1
    assert sender.sent == [("u1", "nav-cancel")]


async def test_quiet_hours_hold_every_push_that_is_not_urgent_until_they_end(db, clock):
    zone = CoreConfig().zone
    clock.set(dt.datetime(2026, 11, 23, 23, 0, tzinfo=zone))
    morning = dt.datetime(2026, 11, 24, 7, 0, tzinfo=zone)
    person = await factories.user(db, clock, "u1")
    await _queue(db, clock, person.id)  # a reply to their request: can wait
    await _queue(db, clock, person.id, t("nav-cancel"), urgent=True)
    # A reminder of a 06:30 booking: held, it would only be dropped as stale.
    await _queue(db, clock, person.id, t("nav-cancelled"), expires_at=morning.replace(hour=6))
    sender = RecordingSender()
    dispatcher = OutboxDispatcher(db, clock, {"console": sender}, concurrency=2)
    assert await dispatcher.drain() == 2
    assert sender.sent == [("u1", "nav-cancel"), ("u1", "nav-cancelled")]
    held, *_ = await _rows(db, person.id)
    assert (held.status, held.due_at, held.attempts) == ("pending", morning, 0)
    clock.set(morning - dt.timedelta(minutes=1))
    assert await dispatcher.drain() == 0
    clock.set(morning)
    assert await dispatcher.drain() == 1
    assert sender.sent[-1] == ("u1", "nav-back")


async def test_a_broadcast_costs_a_transaction_per_batch_not_per_push(db, clock):
    """Sending is bound by the platform, not the database: the claim reads its recipients
    itself, and results are recorded `record_batch` at a time. Per-push transactions (read
    the user, record the result) would make 2 × 120 here."""
    from sqlalchemy import event, insert, select

    from linli.storage.models import User

    now = clock.now()
    async with db.engine.begin() as conn:
        await conn.execute(
            insert(User.__table__),
            [
                {"channel": "console", "external_id": f"b{n}", "locale": "zh-CN",
                 "created_at": now, "last_seen_at": now}
                for n in range(120)
            ],
        )  # fmt: skip
    async with db.uow() as uow:
        ids = list(await uow.session.scalars(select(User.id).where(User.external_id.like("b%"))))
        await uow.outbox.enqueue_many(
            [{"user_id": i, "kind": "test", "body": {"messages": [{"key": "nav-back", "args": {}}]},
              "due_at": now} for i in ids],
            now=now,
        )  # fmt: skip
        await uow.commit()
    begins: list[int] = []
    listener = lambda connection: begins.append(1)  # noqa: E731 - counted, nothing else
    event.listen(db.engine.sync_engine, "begin", listener)
    try:
        sender = RecordingSender()
        dispatcher = OutboxDispatcher(
            # One sender: the count does not depend on how sends and records interleave.
            db, clock, {"console": sender}, batch_size=100, concurrency=1, record_batch=50,
            sleep=lambda _s: asyncio.Event().wait(),  # no heartbeat: only what sending costs
        )  # fmt: skip
        assert await dispatcher.drain() == 120
    finally:
        event.remove(db.engine.sync_engine, "begin", listener)
    assert len(sender.sent) == 120
    # 3 claims (the last finds nothing) recording what was sent so far, a record at 50, the
    # round's end: 6. Recording each push in its own transaction made 124.
    assert len(begins) <= 120 // 10, len(begins)
    async with db.uow() as uow:
        rows = [r for i in ids for r in await uow.outbox.for_user(i)]
    assert {r.status for r in rows} == {"sent"} and len(rows) == 120


async def test_a_stalled_worker_never_takes_back_what_it_still_holds(db, clock):
    """A machine so busy that a lease runs out mid-round: the rows still in the worker's
    hands (queued, sent but not recorded) are not claimed again by it, so not sent twice."""
    people = [await factories.user(db, clock, f"u{i}") for i in range(3)]
    for person in people:
        await _queue(db, clock, person.id)

    class Stalling(RecordingSender):
        async def send(self, user, reply, kind="") -> None:
            clock.advance(seconds=10)  # longer than the 6-second lease, no heartbeat
            await super().send(user, reply, kind)

    sender = Stalling()
    dispatcher = OutboxDispatcher(
        db, clock, {"console": sender}, batch_size=2, concurrency=1,
        sleep=lambda _s: asyncio.Event().wait(),
    )  # fmt: skip
    assert await dispatcher.drain() == 3
    assert sorted(sender.sent) == [("u0", "nav-back"), ("u1", "nav-back"), ("u2", "nav-back")]


async def test_a_push_whose_lease_ran_out_before_its_turn_is_given_back_not_sent(db, clock):
    """The machine stalls (or the heartbeat waits for the write lock) past a claim's lease
    while pushes wait in the worker's queue: another worker may take them now, so this one
    does not send them; they are due again at once, no try spent, and go out once."""
    first, second = [await factories.user(db, clock, f"u{i}") for i in range(2)]
    for person in (first, second):
        await _queue(db, clock, person.id)

    class StallingOnce(RecordingSender):
        async def send(self, user, reply, kind="") -> None:
            await super().send(user, reply, kind)
            if len(self.sent) == 1:
                clock.advance(seconds=10)  # longer than the 6-second lease, no heartbeat

    stalled, other = StallingOnce(), RecordingSender()
    never = lambda _s: asyncio.Event().wait()  # noqa: E731 (no heartbeat)
    worker = OutboxDispatcher(db, clock, {"console": stalled}, batch_size=2, sleep=never)
    assert await worker.run_once() == 1
    assert stalled.sent == [("u0", "nav-back")]
    [row] = await _rows(db, second.id)
    assert (row.status, row.attempts) == ("pending", 0)
    another = OutboxDispatcher(db, clock, {"console": other}, batch_size=2, sleep=never)
    assert await another.run_once() == 1
    assert other.sent == [("u1", "nav-back")]
    assert {r.status for p in (first, second) for r in await _rows(db, p.id)} == {"sent"}


async def test_a_broadcast_batch_marks_only_its_offline_residents_no_channel(db, clock):
    """Past 500 recipients the offline ones are found 500 at a time: a desk-registered
    resident in the third hundred is marked, everyone else waits to be sent."""
    people = [await factories.user(db, clock, f"b{n}") for n in range(620)]
    desk = await factories.user(db, clock, "desk", channel="offline")
    ids = [p.id for p in people[:300]] + [desk.id] + [p.id for p in people[300:]]
    async with db.uow() as uow:
        rows = [
            {"user_id": i, "kind": "notice", "body": {"messages": []}, "due_at": clock.now()}
            for i in ids
        ]
        await uow.outbox.enqueue_many(rows, now=clock.now())
        await uow.commit()
    async with db.uow() as uow:
        assert [p.status for p in await uow.outbox.for_user(desk.id)] == ["no_channel"]
        assert {p.status for p in await uow.outbox.for_user(people[-1].id)} == {"pending"}
        assert {p.status for p in await uow.outbox.for_user(people[0].id)} == {"pending"}
