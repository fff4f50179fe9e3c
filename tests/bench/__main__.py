"""Run the benchmarks, print a table, write .bench/results.json.

`python -m tests.bench claim broadcast` runs only the parts named (start-up, broadcast,
broadcast_ptb, broadcast30, overhead, interactions, statements, contention, enqueue, claim,
processes); no name runs them all.

SQLite always; PostgreSQL too when LINLI_BENCH_DATABASE_URL names a database (its rows
are skipped, and say so, otherwise). The PostgreSQL database's public schema is rebuilt.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS: dict[str, object] = {}
NOTES: list[str] = []


def note(line: str) -> None:
    NOTES.append(line)
    print(line, flush=True)


# --- 1. start-up ---------------------------------------------------------------------------


def bench_startup(url: str) -> None:
    times = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "linli.bot", "--help"], cwd=ROOT, check=True, capture_output=True
        )
        times.append(time.perf_counter() - start)
    RESULTS["startup_help_s"] = round(statistics.median(times), 3)
    env = {**os.environ, "LINLI_DATABASE_URL": url}
    process = subprocess.Popen(
        [sys.executable, "-m", "linli.bot", "run"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    process.stdout.readline()  # the first reply is printed: it is up and idle
    time.sleep(1.0)
    rss_kb = 0
    with open(f"/proc/{process.pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                rss_kb = int(line.split()[1])
    process.stdin.close()
    process.wait(timeout=30)
    RESULTS["startup_run_rss_mb"] = round(rss_kb / 1024, 1)


# --- data ------------------------------------------------------------------------------------


async def build_data(db, clock, *, residents: int, facilities: int, past_bookings: int):
    """3 communities, `facilities` bookable facilities, residents, and past bookings."""
    from sqlalchemy import insert, select

    from linli.handlers.demo import PLACES_FILE
    from linli.handlers.kit.config import CoreConfig
    from linli.handlers.profile.places import import_places
    from linli.storage.models import (
        Booking,
        Facility,
        FacilityCommunity,
        OpeningWindow,
        Slot,
        Unit,
        User,
    )

    now = clock.now()
    async with db.uow() as uow:
        await import_places(uow, PLACES_FILE)
        communities = [c.id for c in await uow.communities.of_kind("community")]
        unit = Unit(name="基准单位", kind="学校", address="基准路1号", updated_at=now)
        uow.session.add(unit)
        await uow.flush()
        for n in range(facilities):
            facility = Facility(
                unit_id=unit.id,
                name=f"活动室{n:02d}",
                category="场地",
                mode="错时共享",
                fee_kind="免费",
                bookable=True,
                slot_minutes=60,
                capacity=10,
                active=True,
                updated_at=now,
                horizon_days=7,
                max_upcoming=50,
                cancel_before_minutes=120,
            )
            facility.hours = [
                OpeningWindow(weekday=d, opens=dt.time(8), closes=dt.time(20)) for d in range(7)
            ]
            facility.served = [FacilityCommunity(community_id=c) for c in communities]
            uow.session.add(facility)
        await uow.commit()
    connection_rows = [
        {
            "channel": "console",
            "external_id": f"r{n}",
            "locale": "zh-CN",
            "community_id": communities[n % 3],
            "created_at": now,
            "last_seen_at": now,
            # Residents who use the service agreed to the privacy notice.
            "consent_version": CoreConfig().privacy.version,
            "consented_at": now,
        }
        for n in range(residents)
    ]
    async with db.engine.begin() as conn:
        for i in range(0, len(connection_rows), 5000):
            await conn.execute(insert(User.__table__), connection_rows[i : i + 5000])
    async with db.uow() as uow:
        facility_ids = list(await uow.session.scalars(select(Facility.id)))
        user_ids = list(await uow.session.scalars(select(User.id)))
    # Past slots, 30 days back, and bookings spread over them.
    slots = []
    for fid in facility_ids:
        for day in range(1, 31):
            for hour in range(8, 20):
                start = (now - dt.timedelta(days=day)).replace(
                    hour=hour, minute=0, second=0, microsecond=0
                )
                slots.append(
                    {
                        "facility_id": fid,
                        "starts_at": start,
                        "ends_at": start + dt.timedelta(hours=1),
                        "capacity": 1000,
                        "taken": 0,
                    }
                )
    async with db.engine.begin() as conn:
        for i in range(0, len(slots), 5000):
            await conn.execute(insert(Slot.__table__), slots[i : i + 5000])
    async with db.uow() as uow:
        slot_rows = list(
            await uow.session.execute(
                select(Slot.id, Slot.facility_id, Slot.starts_at, Slot.ends_at)
            )
        )
    rng = random.Random(1)
    bookings = []
    statuses = ["checked_in"] * 8 + ["cancelled", "no_show"]
    seen: set[tuple[int, int]] = set()
    for n in range(past_bookings):
        while True:  # one live booking per resident per slot, as the schema requires
            sid, fid, start, end = slot_rows[rng.randrange(len(slot_rows))]
            uid = user_ids[rng.randrange(len(user_ids))]
            if (sid, uid) not in seen:
                seen.add((sid, uid))
                break
        bookings.append(
            {
                "slot_id": sid,
                "facility_id": fid,
                "user_id": uid,
                "code": f"P{n:07d}"[:8],
                "status": rng.choice(statuses),
                "starts_at": start,
                "ends_at": end,
                "created_at": start,
            }
        )
    async with db.engine.begin() as conn:
        for i in range(0, len(bookings), 5000):
            await conn.execute(insert(Booking.__table__), bookings[i : i + 5000])
    return facility_ids, user_ids


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


# --- 2. interactions -------------------------------------------------------------------------


async def bench_interactions(url: str, suffix: str) -> None:
    from linli.handlers.kit import payload as codec
    from linli.handlers.kit.clock import FakeClock
    from linli.handlers.kit.config import CoreConfig
    from linli.handlers.kit.request import Request
    from linli.handlers.wiring import build_conversation
    from linli.storage.db import Database
    from tests.bench.enqueue import settled

    db = Database(url)
    clock = FakeClock(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC))  # 10:00 Monday
    start = time.perf_counter()
    facility_ids, _users = await build_data(
        db, clock, residents=10_000, facilities=60, past_bookings=200_000
    )
    note(f"  data built in {time.perf_counter() - start:.0f} s ({suffix or 'sqlite'})")
    conversation = build_conversation(db, clock, CoreConfig())
    settled()
    rng = random.Random(2)
    timings: list[float] = []

    async def timed(request: Request):
        began = time.perf_counter()
        reply = await conversation.handle(request)
        timings.append((time.perf_counter() - began) * 1000)
        return reply

    done = 0
    resident = 0
    while done < 2000:
        user = f"r{resident}"
        resident += 1
        facility = facility_ids[rng.randrange(len(facility_ids))]

        def req(payload: str, user: str = user) -> Request:
            return Request(channel="console", external_id=user, payload=payload)

        def on(reply, flow: str, step: str, value) -> str:
            """A press on the screen just shown: it carries that screen's version."""
            version = next(
                codec.decode(b.payload)[1][-1]
                for b in reply.buttons
                if codec.decode(b.payload)[0] in ("c", "back")
            )
            return codec.encode("c", flow, step, value, version)

        reply = await conversation.handle(req(codec.encode("go", "facilities")))  # home step
        reply = await timed(req(on(reply, "facilities", "home", "now")))  # open now
        reply = await timed(req(on(reply, "facilities", "list", facility)))  # a card
        reply = await timed(req(on(reply, "facilities", "card", "book")))  # days
        reply = await timed(req(on(reply, "book", "day", "2026-11-24")))  # free slots
        slot = reply.buttons[rng.randrange(4)].payload
        reply = await timed(Request(channel="console", external_id=user, payload=slot))
        await timed(req(on(reply, "book", "confirm", "yes")))  # book
        await timed(req(codec.encode("go", "mine")))  # my bookings
        done += 7
    RESULTS[f"interaction_p50_ms{suffix}"] = round(_percentile(timings, 0.5), 2)
    RESULTS[f"interaction_p99_ms{suffix}"] = round(_percentile(timings, 0.99), 2)
    await db.dispose()


# --- 3. statements per interaction --------------------------------------------------------


async def bench_statements(url: str, suffix: str) -> None:
    """Statements sent by five typical presses (deterministic, unlike the timings)."""
    from tests.bench.statements import interaction_statements

    for name, counted in (await interaction_statements(url)).items():
        RESULTS[f"statements_{name}{suffix}"] = counted["queries"]
        RESULTS[f"statements_{name}_control{suffix}"] = counted["control"]


# --- 4. contention ---------------------------------------------------------------------------


async def bench_contention(url: str, suffix: str) -> None:
    from sqlalchemy import update
    from sqlalchemy.exc import OperationalError

    from linli.handlers.booking import service, timetable
    from linli.handlers.kit.clock import FakeClock
    from linli.handlers.kit.config import CoreConfig
    from linli.handlers.kit.errors import SlotFull
    from linli.storage.db import Database
    from linli.storage.models import Slot

    db = Database(url)
    clock = FakeClock(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC))
    config = CoreConfig()
    facility_ids, user_ids = await build_data(
        db, clock, residents=400, facilities=40, past_bookings=0
    )
    # PostgreSQL allows 100 connections here; each engine's pool may open 30.
    engines = [Database(url) for _ in range(2 if url.startswith("postgresql") else 10)]
    errors: list[int] = []
    day = dt.date(2026, 11, 24)
    async with db.uow() as uow:
        facility = await uow.facilities.get(facility_ids[0])
        slot = (await timetable.day_slots(uow, facility, day, clock.now(), config.zone))[0]
        await uow.session.execute(
            update(Slot)
            .where(Slot.id == slot.id)
            .values(capacity=4)
            .execution_options(synchronize_session=False)
        )
        await uow.commit()

    async def confirm(n: int, facility_id: int, slot_id: int) -> bool:
        async with engines[n % len(engines)].uow() as uow:
            try:
                await service.book(
                    uow, await uow.users.get(user_ids[n]), facility_id, slot_id, clock.now(), config
                )
                await uow.commit()
                return True
            except SlotFull:
                return False
            except OperationalError:  # SQLite: waited past busy_timeout for the write lock
                errors.append(n)
                return False

    began = time.perf_counter()
    results = await asyncio.gather(*(confirm(n, facility_ids[0], slot.id) for n in range(200)))
    RESULTS[f"contention_s{suffix}"] = round(time.perf_counter() - began, 3)
    RESULTS[f"contention_confirmed{suffix}"] = sum(results)
    # 1,000 bookings by 200 residents over 40 slots (one per facility, 25 places each).
    targets = []
    async with db.uow() as uow:
        for fid in facility_ids[:40]:
            facility = await uow.facilities.get(fid)
            s = (await timetable.day_slots(uow, facility, day, clock.now(), config.zone))[1]
            await uow.session.execute(
                update(Slot)
                .where(Slot.id == s.id)
                .values(capacity=25)
                .execution_options(synchronize_session=False)
            )
            targets.append((fid, s.id))
        await uow.commit()
    semaphore = asyncio.Semaphore(200)

    async def one(n: int) -> bool:
        async with semaphore:
            fid, sid = targets[n % 40]
            return await confirm(200 + n % 200, fid, sid)

    began = time.perf_counter()
    made = sum(await asyncio.gather(*(one(n) for n in range(1000))))
    elapsed = time.perf_counter() - began
    RESULTS[f"bookings_per_s{suffix}"] = round(made / elapsed, 1)
    RESULTS[f"contention_lock_timeouts{suffix}"] = len(errors)
    for engine in engines:
        await engine.dispose()
    await db.dispose()


def bench_broadcast_ptb(url: str) -> None:
    """The broadcast with python-telegram-bot (the bot in its own process, as with aiogram)."""
    from tests.bench.telegram import bench_broadcast

    asyncio.run(bench_broadcast(url, RESULTS, library="ptb", suffix="_ptb"))


# --- 6. enqueueing a broadcast ---------------------------------------------------------------


def bench_enqueue(url_for) -> None:
    """Each size in a fresh process, so its peak memory is its own."""
    for label, size in (("1k", 1_000), ("10k", 10_000), ("100k", 100_000)):
        url = url_for(f"enqueue-{label}")
        done = subprocess.run(
            [sys.executable, "-m", "tests.bench.enqueue", url, str(size)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        seconds, rss = done.stdout.split()
        RESULTS[f"enqueue_s_{label}"] = float(seconds)
        RESULTS[f"enqueue_rss_mb_{label}"] = float(rss)


# --- 7. claiming due reminders ---------------------------------------------------------------


async def bench_claim(url: str, suffix: str) -> None:
    from sqlalchemy import insert

    from linli.handlers.kit.clock import FakeClock
    from linli.storage.db import Database
    from linli.storage.models import OutboxMessage, User
    from tests.bench.enqueue import settled

    db = Database(url)
    clock = FakeClock(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC))
    now = clock.now()
    async with db.engine.begin() as conn:
        await conn.execute(
            insert(User.__table__),
            [
                {
                    "channel": "console",
                    "external_id": f"c{n}",
                    "locale": "zh-CN",
                    "created_at": now,
                    "last_seen_at": now,
                }
                for n in range(2000)
            ],
        )
    later = now + dt.timedelta(days=30)
    body = {"messages": [{"key": "nav-back", "args": {}}]}
    batch = []
    async with db.engine.begin() as conn:
        for n in range(1_000_000):
            due = now - dt.timedelta(minutes=1) if n % 500 == 0 else later
            batch.append(
                {
                    # One due reminder for each of 2,000 people (two claims of 1,000): a
                    # person's pushes go out one after the other, so 1,000 due for one
                    # person would claim one.
                    "user_id": n // 500 + 1,
                    "kind": "reminder",
                    "body": body,
                    "status": "pending",
                    "due_at": due,
                    "attempts": 0,
                    "created_at": now,
                }
            )
            if len(batch) == 20_000:
                await conn.execute(insert(OutboxMessage.__table__), batch)
                batch = []
        # After a bulk load, statistics: PostgreSQL's autovacuum would gather them only
        # later, and SQLite never does by itself.
        await conn.exec_driver_sql("ANALYZE")
    if db.dialect == "sqlite":
        # The load went to the WAL; folded into the file now, or the claim's commit would
        # pay for checkpointing a million rows (seconds), which no claim does in service.
        await asyncio.to_thread(_checkpoint, url)
    settled()
    # The first claim of a process also builds and compiles its statements (SQLAlchemy
    # caches them for the process's life); the second is every later claim's cost, of
    # other rows (nothing of them in SQLite's page cache).
    for key in ("reminder_claim_first_ms", "reminder_claim_ms"):
        async with db.uow() as uow:
            began = time.perf_counter()
            claimed = await uow.outbox.claim_due(
                now=now,
                lease_until=now + dt.timedelta(minutes=2),
                worker="bench",
                limit=1000,
                channels=["console"],
            )
            await uow.commit()
            RESULTS[f"{key}{suffix}"] = round((time.perf_counter() - began) * 1000, 1)
        note(f"  claimed {len(claimed)} of 2,000 due among 1,000,000 ({suffix or 'sqlite'})")
    await db.dispose()


def _checkpoint(url: str) -> None:
    import sqlite3

    connection = sqlite3.connect(url.split("///", 1)[1])
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


# --- running ------------------------------------------------------------------------------------


def fresh_sqlite(folder: Path, name: str) -> str:
    from linli.storage.migrate import upgrade

    path = folder / f"{name}.db"
    url = f"sqlite+aiosqlite:///{path}"
    upgrade(url)
    return url


def fresh_pg(url: str) -> str:
    from linli.storage.db import Database
    from linli.storage.migrate import upgrade

    async def reset() -> None:
        db = Database(url)
        async with db.engine.begin() as conn:
            await conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            await conn.exec_driver_sql("CREATE SCHEMA public")
        await db.dispose()

    asyncio.run(reset())
    upgrade(url)
    return url


# Each step's part name, for running a few of them (a step name starts with its key).
PARTS = {
    "start-up": "start-up",
    "broadcast by three": "processes",
    "broadcast at Telegram's real cap": "broadcast30",
    "broadcast with python-telegram-bot": "broadcast_ptb",
    "broadcast": "broadcast",
    "framework overhead": "overhead",
    "interactions": "interactions",
    "statements": "statements",
    "contention": "contention",
    "enqueue": "enqueue",
    "reminder claim": "claim",
}


def _part(step: str) -> str:
    return next(part for key, part in PARTS.items() if step.startswith(key))


def main() -> None:
    from tests.bench.telegram import bench_broadcast, bench_broadcast_processes, bench_overhead

    pg = os.environ.get("LINLI_BENCH_DATABASE_URL")
    folder = Path(tempfile.mkdtemp(prefix="linli-bench-"))
    print("Linli benchmarks (figures, not tests)\n", flush=True)
    steps = [
        ("start-up", lambda: bench_startup(fresh_sqlite(folder, "startup"))),
        (
            "broadcast",
            lambda: asyncio.run(bench_broadcast(fresh_sqlite(folder, "broadcast"), RESULTS)),
        ),
        (
            "broadcast with python-telegram-bot",
            lambda: bench_broadcast_ptb(fresh_sqlite(folder, "broadcast_ptb")),
        ),
        (
            "broadcast at Telegram's real cap (30/s)",
            lambda: asyncio.run(
                bench_broadcast(
                    fresh_sqlite(folder, "broadcast30"),
                    RESULTS,
                    recipients=900,
                    cap=30,
                    suffix="_30",
                )
            ),
        ),
        (
            "framework overhead",
            lambda: asyncio.run(bench_overhead(fresh_sqlite(folder, "overhead"), RESULTS)),
        ),
        (
            "interactions",
            lambda: asyncio.run(bench_interactions(fresh_sqlite(folder, "interactions"), "")),
        ),
        (
            "statements",
            lambda: asyncio.run(bench_statements(fresh_sqlite(folder, "statements"), "")),
        ),
        (
            "contention",
            lambda: asyncio.run(bench_contention(fresh_sqlite(folder, "contention"), "")),
        ),
        ("enqueue", lambda: bench_enqueue(lambda name: fresh_sqlite(folder, name))),
        ("reminder claim", lambda: asyncio.run(bench_claim(fresh_sqlite(folder, "claim"), ""))),
    ]
    steps.append(
        (
            "broadcast by three processes sharing the cap (Redis)",
            lambda: asyncio.run(
                bench_broadcast_processes(
                    fresh_pg(pg) if pg else fresh_sqlite(folder, "processes"), RESULTS
                )
            ),
        )
    )
    if pg:
        steps += [
            (
                "interactions (PostgreSQL)",
                lambda: asyncio.run(bench_interactions(fresh_pg(pg), "_pg")),
            ),
            (
                "statements (PostgreSQL)",
                lambda: asyncio.run(bench_statements(fresh_pg(pg), "_pg")),
            ),
            ("contention (PostgreSQL)", lambda: asyncio.run(bench_contention(fresh_pg(pg), "_pg"))),
            ("reminder claim (PostgreSQL)", lambda: asyncio.run(bench_claim(fresh_pg(pg), "_pg"))),
        ]
    else:
        note("PostgreSQL rows skipped: LINLI_BENCH_DATABASE_URL is not set.")
    # `python -m tests.bench interactions statements`: only these parts; their figures
    # replace those in an existing results.json, the others are kept.
    wanted = set(sys.argv[1:])
    unknown = wanted - set(PARTS.values())
    if unknown:
        sys.exit(
            f"unknown part(s): {', '.join(sorted(unknown))}; parts: {', '.join(PARTS.values())}"
        )
    if wanted:
        steps = [(name, step) for name, step in steps if _part(name) in wanted]
        previous = ROOT / ".bench" / "results.json"
        if previous.exists():
            kept = json.loads(previous.read_text())
            RESULTS.update({k: v for k, v in kept.items() if k not in RESULTS})
    for name, step in steps:
        began = time.perf_counter()
        print(f"- {name}…", flush=True)
        step()
        note(f"  {name}: {time.perf_counter() - began:.0f} s")
    versions = {}
    for package in (
        "sqlalchemy",
        "aiosqlite",
        "asyncpg",
        "aiogram",
        "python-telegram-bot",
        "wechatpy",
        "apscheduler",
    ):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    RESULTS["cores"] = os.cpu_count()
    RESULTS["python"] = platform.python_version()
    RESULTS["versions"] = versions
    RESULTS["not_measured"] = []
    out = ROOT / ".bench"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps(RESULTS, indent=2, ensure_ascii=False) + "\n")
    print("\n| figure | value |\n| --- | --- |")
    for key, value in RESULTS.items():
        if key not in ("versions", "not_measured"):
            print(f"| {key} | {value} |")
    if RESULTS["not_measured"]:
        print(f"\nNot measured yet: {', '.join(RESULTS['not_measured'])}")
    print(
        f"Peak memory of this run: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}"
        " MB. Written to .bench/results.json"
    )


if __name__ == "__main__":
    main()
