"""The one composition root: `build_app(settings)` makes every part — the conversation, the
outbox dispatcher, a sender per configured channel, the scheduler and the health report —
and nothing is made at import or patched in afterwards; the commands only run the parts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from linli.bot.config import Settings
from linli.bot.health import Health
from linli.bot.i18n import Translator
from linli.bot.outbox import OutboxDispatcher, Sender
from linli.handlers.chores import chores as run_chores
from linli.handlers.kit.clock import Clock, SystemClock
from linli.handlers.kit.config import CoreConfig, PrivacyNotice
from linli.handlers.kit.conversation import Conversation
from linli.handlers.wiring import build_conversation
from linli.storage.db import Database

if TYPE_CHECKING:
    from linli.bot.scheduler import Chores


@dataclass
class App:
    settings: Settings
    clock: Clock
    db: Database
    translator: Translator
    conversation: Conversation
    dispatcher: OutboxDispatcher
    health: Health
    scheduler: Any  # APScheduler's AsyncIOScheduler, started by `linli run` only
    # One round of the scheduled chores, as the scheduler runs it.
    chores: Chores
    senders: dict[str, Sender] = field(default_factory=dict)
    # The messaging channels the settings turn on, built and not yet started.
    telegram: Any = None
    wechat: Any = None
    # Closed with the app, after the channels stopped (the shared Telegram limiter).
    closing: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    def wake(self) -> None:
        """Send the pushes just written now, not at the scheduler's next round."""
        from linli.bot.scheduler import wake_now

        wake_now(self.scheduler)

    async def close(self) -> None:
        for close in self.closing:
            await close()
        await self.db.dispose()


def core_config(settings: Settings) -> CoreConfig:
    # The booking and market settings are the rules themselves.
    return CoreConfig(
        default_locale=settings.default_language,
        timezone=settings.timezone,
        conversation_ttl=dt.timedelta(hours=settings.conversation.ttl_hours),
        invite_ttl=dt.timedelta(days=settings.invite_ttl_days),
        proposal_report_limit=settings.proposal_report_limit,
        residency_change=dt.timedelta(days=settings.residency_change_days),
        export_link_base=settings.wechat.public_url,
        console_base=settings.console_url,
        console_link_ttl=dt.timedelta(minutes=settings.console.link_minutes),
        digest_days=settings.console.digest_days,
        booking=settings.booking,
        market=settings.market,
        privacy=PrivacyNotice(
            version=settings.privacy.notice_version,
            url=settings.privacy.notice_url,
            operator=settings.privacy.operator,
            conversation_days=settings.retention.conversation_days,
            push_days=settings.retention.push_days,
            audit_years=settings.retention.audit_years,
        ),
    )


def messaging_configured(settings: Settings) -> bool:
    return settings.telegram.token is not None or settings.wechat.enabled


async def forget_deliveries(db: Database, clock: Clock, settings: Settings) -> int:
    """Delivered update ids older than the setting are forgotten (a chore)."""
    keep = dt.timedelta(days=settings.processed_updates_keep_days)
    async with db.uow() as uow:
        count = await uow.conversations.forget_deliveries(clock.now() - keep)
        await uow.commit()
    return count


# Rows per transaction: a retention round never holds SQLite's write lock for long.
RETENTION_BATCH = 1000
# The retention round scans whole tables, so it runs this often, not with every chore.
RETENTION_EVERY = dt.timedelta(hours=1)


async def apply_retention(
    db: Database, clock: Clock, settings: Settings, *, batch: int = RETENTION_BATCH
) -> dict[str, int]:
    """Wipe or delete what is past its time (README "Retention"); returns counts by kind."""
    keep = settings.retention
    now = clock.now()
    rounds = {
        "conversations": lambda uow: uow.conversations.wipe_abandoned(
            now - dt.timedelta(days=keep.conversation_days), now, batch
        ),
        "pushes": lambda uow: uow.outbox.erase_bodies(
            now - dt.timedelta(days=keep.push_days), batch
        ),
        # Link codes live ten minutes and wrong tries count for an hour: a day is plenty.
        "links": lambda uow: uow.link.prune(now - dt.timedelta(days=1), batch),
        # My data's download links (WeChat) are good for a day; a day after, they go.
        # Someone who never agreed to the notice and walked away: their bare row goes.
        "unconsented": lambda uow: uow.users.prune_unconsented(
            now - dt.timedelta(days=keep.conversation_days), batch
        ),
        "downloads": lambda uow: uow.privacy.prune_links(now - dt.timedelta(days=1), batch),
        # Console sign-in links (minutes) and sessions (hours): a day after they end.
        "console": lambda uow: uow.console.prune(now - dt.timedelta(days=1), batch),
        # A year as 365 days: a day either way does not matter at this length.
        "audit": lambda uow: uow.audit.prune(
            now - dt.timedelta(days=365 * keep.audit_years), batch
        ),
    }
    counts = {}
    for kind, step in rounds.items():
        counts[kind] = 0
        while True:
            async with db.uow() as uow:
                done = await step(uow)
                await uow.commit()
            counts[kind] += done
            if done < batch:
                break
    counts["updates"] = await forget_deliveries(db, clock, settings)
    return counts


def build_app(settings: Settings, clock: Clock | None = None) -> App:
    from linli.bot.scheduler import Chores, build_scheduler, wake_now

    clock = clock or SystemClock()
    db = Database(
        settings.database.url.get_secret_value(),
        busy_timeout_ms=settings.sqlite_busy_timeout_ms,
    )
    translator = Translator(default=settings.default_language)
    health = Health(db, clock)
    senders: dict[str, Sender] = {}
    dispatcher = OutboxDispatcher(
        db,
        clock,
        senders,
        batch_size=settings.outbox.batch_size,
        lease_seconds=settings.outbox.lease_seconds,
        max_attempts=settings.outbox.max_attempts,
        concurrency=settings.outbox.concurrency,
        zone=settings.zone,
    )

    def wake() -> None:
        wake_now(scheduler)

    config = core_config(settings)
    conversation = build_conversation(db, clock, config, on_outbox=wake, observe=health.observe)

    retained_at: dt.datetime | None = None

    async def work() -> None:
        nonlocal retained_at
        health.tick()
        await run_chores(db, clock, config)
        if retained_at is not None and clock.now() - retained_at < RETENTION_EVERY:
            await forget_deliveries(db, clock, settings)
        else:
            await apply_retention(db, clock, settings)
            retained_at = clock.now()
        wake()

    chores = Chores(work)
    scheduler = build_scheduler(
        dispatcher,
        poll_seconds=settings.outbox.poll_seconds,
        timezone=settings.timezone,
        chores=chores,
    )
    closing: list[Callable[[], Awaitable[None]]] = []
    wechat = telegram = None
    if settings.wechat.enabled:
        wechat, sender = _wechat(settings, db, clock, conversation, translator)
        senders["wechat"] = health.metered("wechat", sender)
    if settings.telegram.token is not None:
        telegram, sender, limiter = _telegram(settings, conversation, translator)
        limiter.on_429 = health.throttled.inc
        if settings.redis.url is not None:
            closing.append(limiter.close)
        senders["telegram"] = health.metered("telegram", sender)
    if not messaging_configured(settings):
        from linli.bot.channels.console import ConsoleSender

        senders["console"] = ConsoleSender(translator, me=settings.console_user)
    return App(
        settings=settings,
        clock=clock,
        db=db,
        translator=translator,
        conversation=conversation,
        dispatcher=dispatcher,
        health=health,
        scheduler=scheduler,
        chores=chores,
        senders=senders,
        telegram=telegram,
        wechat=wechat,
        closing=closing,
    )


def _wechat(settings: Settings, db, clock, conversation, translator):
    """The WeChat callback (not yet routed) and the sender of its pushes."""
    from linli.bot.channels.wechat.api import build_api
    from linli.bot.channels.wechat.callback import WeChatCallback
    from linli.bot.channels.wechat.media import Pictures
    from linli.bot.channels.wechat.sender import WeChatSender

    api = build_api(settings.wechat, db, clock)
    callback = WeChatCallback(
        conversation,
        translator,
        api,
        token=settings.wechat.token.get_secret_value(),
        appid=settings.wechat.appid,
        aes_key=settings.wechat.aes_key.get_secret_value() if settings.wechat.aes_key else None,
        pictures=Pictures(api, settings.attachments_dir, clock),
        reply_timeout=settings.wechat.reply_seconds,
        account_id=settings.wechat.account_id,
        allow_plaintext=settings.wechat.allow_plaintext,
        replay_window=settings.wechat.replay_window_seconds,
    )
    sender = WeChatSender(api, translator, clock, settings.wechat.templates, callback.pictures)
    return callback, sender


def _telegram(settings: Settings, conversation, translator):
    """The Telegram channel (not yet started), its sender, and the limiter both share."""
    from linli.bot.channels.telegram.runner import build_channel
    from linli.bot.channels.telegram.sender import RateLimiter, TelegramSender

    if settings.redis.url is not None:
        from linli.bot.channels.telegram.shared_limit import shared_limiter

        limiter = shared_limiter(
            settings.redis.url.get_secret_value(),
            settings.redis.prefix,
            settings.telegram.rate_overall,
            settings.telegram.rate_per_chat,
        )
    else:
        limiter = RateLimiter(settings.telegram.rate_overall, settings.telegram.rate_per_chat)
    # One budget for replies and pushes: replies go first, so a broadcast at the cap never
    # makes a resident wait for an answer.
    channel = build_channel(
        settings.telegram,
        conversation,
        translator,
        webhook=bool(settings.telegram.webhook_url),
        limiter=limiter,
    )
    return channel, TelegramSender(channel.api, translator, limiter), limiter
