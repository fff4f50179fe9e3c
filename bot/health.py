"""`/healthz` and `/metrics` for whoever runs Linli: is it up, and how is it doing.

The figures live in a registry of this app (not the module-global one), so several apps in
one test process never share counts.
"""

from __future__ import annotations

import gc
import logging
import time

from prometheus_client import (
    GC_COLLECTOR,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from linli.bot.outbox import SendFailed

log = logging.getLogger(__name__)


class Health:
    def __init__(self, db, clock, *, scheduler_stale_seconds: float = 60) -> None:
        self.db = db
        self.clock = clock
        self.scheduler_stale_seconds = scheduler_stale_seconds
        self.last_tick: float | None = None  # monotonic time of the last scheduler round
        self.registry = registry = CollectorRegistry()
        self.updates = Counter(
            "linli_updates", "Messages and button presses answered.", ["channel"], registry=registry
        )
        self.latency = Histogram(
            "linli_interaction_seconds",
            "Time to answer one message, database included.",
            ["channel"],
            buckets=(0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=registry,
        )
        self.sends = Counter(
            "linli_sends",
            "Pushes handed to a platform, by result: sent, retry, failed, unreachable.",
            ["channel", "result"],
            registry=registry,
        )
        self.throttled = Counter(
            "linli_telegram_429", "Telegram flood-control answers (429).", registry=registry
        )
        self.backlog = Gauge(
            "linli_outbox_backlog", "Pushes due and not yet sent.", registry=registry
        )
        self.lag = Gauge(
            "linli_outbox_oldest_seconds",
            "How long the oldest due push has waited.",
            registry=registry,
        )
        # Full collections stop the event loop; start-up's objects, frozen once the
        # process serves (bot/heap.py), are not walked by them.
        frozen = Gauge(
            "linli_gc_frozen_objects",
            "Objects frozen after start-up: garbage collections skip them.",
            registry=registry,
        )
        frozen.set_function(gc.get_freeze_count)
        registry.register(GC_COLLECTOR)

    # --- fed by the running parts ----------------------------------------------------------

    def observe(self, channel: str, seconds: float) -> None:
        self.updates.labels(channel).inc()
        self.latency.labels(channel).observe(seconds)

    def tick(self) -> None:
        self.last_tick = time.monotonic()

    def metered(self, channel: str, sender):
        return MeteredSender(channel, sender, self)

    # --- read by the routes ----------------------------------------------------------------

    async def check(self) -> tuple[bool, dict]:
        """Database reachable, scheduler alive, and how far behind the outbox is."""
        report: dict = {"database": False, "scheduler": False}
        try:
            # Read only: a health probe never waits for, nor holds, SQLite's write lock.
            async with self.db.uow(read_only=True) as uow:
                await uow.ping()
                count, oldest = await uow.outbox.backlog(self.clock.now())
            report["database"] = True
            lag = (self.clock.now() - oldest).total_seconds() if oldest else 0.0
            report["outbox_backlog"] = count
            report["outbox_lag_seconds"] = round(max(lag, 0.0), 1)
            self.backlog.set(count)
            self.lag.set(max(lag, 0.0))
        except Exception as error:  # the answer is "unhealthy", never a crash
            log.warning("health check: database unreachable (%s)", type(error).__name__)
        if self.last_tick is not None:
            age = time.monotonic() - self.last_tick
            report["scheduler"] = age <= self.scheduler_stale_seconds
            report["scheduler_last_round_seconds_ago"] = round(age, 1)
        return report["database"] and report["scheduler"], report

    def add_routes(self, server) -> None:
        from aiohttp import web

        async def healthz(_request):
            healthy, report = await self.check()
            report["status"] = "ok" if healthy else "unhealthy"
            return web.json_response(report, status=200 if healthy else 503)

        async def metrics(_request):
            await self.check()  # the outbox gauges are read at scrape time
            return web.Response(
                body=generate_latest(self.registry),
                headers={"Content-Type": CONTENT_TYPE_LATEST},
            )

        server.router.add_get("/healthz", healthz)
        server.router.add_get("/metrics", metrics)


class MeteredSender:
    """A platform sender whose every result is counted."""

    def __init__(self, channel: str, sender, health: Health) -> None:
        self.channel = channel
        self.sender = sender
        self.health = health

    def __getattr__(self, name):
        return getattr(self.sender, name)

    async def send(self, user, reply, kind: str = "") -> None:
        try:
            await self.sender.send(user, reply, kind)
        except SendFailed as error:
            if error.unreachable:
                result = "unreachable"
            elif error.retry_after is not None:
                result = "retry"
            else:
                result = "failed"
            self.health.sends.labels(self.channel, result).inc()
            raise
        self.health.sends.labels(self.channel, "sent").inc()
