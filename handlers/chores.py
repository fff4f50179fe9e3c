"""The chores the scheduler wakes the process for: booking no-shows and expired holds, due
notices, reports of finished broadcasts, proposal windows that ended, market draws and
slot draws (抽签).

Each is a conditional update on rows (or row-locked), so several processes may run them.
"""

from __future__ import annotations

from linli.handlers import worklist
from linli.handlers.booking import draws, service
from linli.handlers.kit import holidays
from linli.handlers.kit.clock import Clock
from linli.handlers.kit.config import CoreConfig
from linli.handlers.market import service as market
from linli.handlers.notices import service as notices
from linli.handlers.proposals import service as proposals


async def sweep(db, clock: Clock, config: CoreConfig) -> tuple[int, int]:
    """Mark no-shows and pass on expired holds; returns (no-shows, expired holds)."""
    now = clock.now()
    async with db.uow() as uow:
        no_shows = await service.mark_no_shows(uow, now, config)
        expired = await service.expire_offers(uow, now, config)
        await uow.commit()
    return no_shows, expired


async def chores(db, clock: Clock, config: CoreConfig) -> None:
    """Everything the scheduler wakes up for besides sending: booking chores, due notices
    turned into pushes, and reports of finished broadcasts."""
    await sweep(db, clock, config)
    await notices.enqueue_due(db, clock.now(), config)
    await notices.report_finished(db, clock.now())
    async with db.uow() as uow:
        await proposals.close_windows(uow, clock.now())
        await uow.commit()
    await market.due_draws(db, clock.now(), config)
    await draws.run_due(db, clock.now(), config)
    async with db.uow() as uow:
        await uow.channels.prune_nonces(clock.now())  # replays of these are refused by time
        await uow.commit()
    async with db.uow() as uow:
        await worklist.send_digests(uow, clock.now(), config)
        await uow.commit()
    async with db.uow() as uow:
        # A year staff loaded in another process (`linli holidays load`) reaches this one.
        await holidays.refresh(uow)
