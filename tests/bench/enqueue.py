"""One broadcast enqueue in its own process: prints seconds and peak RSS (MB)."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import resource
import sys
import time


async def main(url: str, size: int) -> None:
    from sqlalchemy import insert

    from linli.handlers.demo import PLACES_FILE
    from linli.handlers.kit.config import CoreConfig
    from linli.handlers.notices import service as notices
    from linli.handlers.profile.places import import_places
    from linli.storage.db import Database
    from linli.storage.models import User

    db = Database(url)
    now = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
    async with db.uow() as uow:
        await import_places(uow, PLACES_FILE)
        community = await uow.communities.by_code("xinhuashe")
        await uow.commit()
    async with db.engine.begin() as conn:
        for i in range(0, size, 10_000):
            await conn.execute(
                insert(User.__table__),
                [
                    {
                        "channel": "telegram",
                        "external_id": str(n),
                        "locale": "zh-CN",
                        "community_id": community.id,
                        "created_at": now,
                        "last_seen_at": now,
                    }
                    for n in range(i, min(i + 10_000, size))
                ],
            )
    async with db.uow() as uow:
        await notices.create_notice(
            uow,
            by=None,
            community=community,
            text="停水通知",
            topic="停水停电",
            urgent=True,
            audience=notices.Audience("community"),
            send_at=None,
            now=now,
        )
        await uow.commit()
    began = time.perf_counter()
    count = await notices.enqueue_due(db, now + dt.timedelta(seconds=16), CoreConfig())
    seconds = time.perf_counter() - began
    assert count == size, count
    await db.dispose()
    print(f"{seconds:.3f} {peak_rss_mb():.1f}")


def peak_rss_mb(current: bool = False) -> float:
    """This process's own peak (VmHWM), or with `current` its resident memory now (VmRSS).
    ru_maxrss is not its own: Linux carries the parent's high-water mark across fork and
    exec."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:" if current else "VmHWM:"):
                return int(line.split()[1]) / 1024
    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024


def settled() -> None:
    """The heap frozen, as a serving process freezes it once started (bot/heap.py): the
    data just built is garbage, and a full collection walking the libraries' objects would
    stop what is measured for ~200 ms. LINLI_BENCH_UNSETTLED=1: not frozen, to compare."""
    if os.environ.get("LINLI_BENCH_UNSETTLED"):
        return
    from linli.bot.heap import settle

    settle()


def reset_peak() -> None:
    """Start this process's high-water mark (VmHWM) again from its memory now."""
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
