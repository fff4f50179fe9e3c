"""The one composition root: `build_app(settings)` makes every part, nothing is made at import."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from linli.bot.config import Settings
from linli.bot.health import Health
from linli.bot.i18n import Translator
from linli.bot.outbox import OutboxDispatcher, Sender
from linli.handlers.kit.clock import Clock, SystemClock
from linli.handlers.kit.config import BookingRules, CoreConfig, MarketRules
from linli.handlers.kit.conversation import Conversation
from linli.handlers.wiring import build_conversation
from linli.storage.db import Database


@dataclass
class App:
    settings: Settings
    clock: Clock
    db: Database
    translator: Translator
    conversation: Conversation
    dispatcher: OutboxDispatcher
    senders: dict[str, Sender] = field(default_factory=dict)
    wakers: list = field(default_factory=list)
    health: Health | None = None

    def wake(self) -> None:
        for waker in self.wakers:
            waker()

    async def close(self) -> None:
        await self.db.dispose()


def core_config(settings: Settings) -> CoreConfig:
    return CoreConfig(
        default_locale=settings.default_language,
        timezone=settings.timezone,
        conversation_ttl=dt.timedelta(hours=settings.conversation_ttl_hours),
        invite_ttl=dt.timedelta(days=settings.invite_ttl_days),
        proposal_report_limit=settings.proposal_report_limit,
        booking=BookingRules(
            week_limit=settings.booking_week_limit,
            no_show_limit=settings.booking_no_show_limit,
            no_show_window=dt.timedelta(days=settings.booking_no_show_window_days),
            suspension=dt.timedelta(days=settings.booking_suspension_days),
            hold=dt.timedelta(minutes=settings.booking_hold_minutes),
            evening_reminder=settings.booking_evening_reminder,
            reminder_before=dt.timedelta(minutes=settings.booking_reminder_before_minutes),
        ),
        market=MarketRules(
            no_show_limit=settings.market_no_show_limit,
            no_show_window=dt.timedelta(days=settings.market_no_show_window_days),
            bar=dt.timedelta(days=settings.market_bar_days),
        ),
    )


def build_app(settings: Settings, clock: Clock | None = None) -> App:
    clock = clock or SystemClock()
    db = Database(
        settings.database_url.get_secret_value(),
        busy_timeout_ms=settings.sqlite_busy_timeout_ms,
    )
    translator = Translator(default=settings.default_language)
    senders: dict[str, Sender] = {}
    dispatcher = OutboxDispatcher(
        db,
        clock,
        senders,
        batch_size=settings.outbox_batch_size,
        lease_seconds=settings.outbox_lease_seconds,
        max_attempts=settings.outbox_max_attempts,
        concurrency=settings.outbox_concurrency,
        zone=settings.zone,
    )
    app = App(
        settings=settings,
        clock=clock,
        db=db,
        translator=translator,
        conversation=None,
        dispatcher=dispatcher,
        senders=senders,
    )  # type: ignore[arg-type]
    app.conversation = build_conversation(db, clock, core_config(settings), on_outbox=app.wake)
    app.health = Health(app)
    app.conversation.observe = app.health.observe
    return app
