"""Run the messaging channels the settings turn on: Telegram (polling or webhook) and
WeChat, sharing one web server for their callbacks."""

from __future__ import annotations

import asyncio
import logging
import sys

from linli.bot.channels.telegram.api import TgError
from linli.handlers.kit.text import t

log = logging.getLogger(__name__)
STOP_WAIT_SECONDS = 20  # how long a stop waits for replies in flight


def messaging_configured(settings) -> bool:
    return settings.telegram_token is not None or settings.wechat_enabled


async def serve_messaging(app) -> int:
    """Serve until cancelled; 1 (after one line on stderr) when a channel cannot start."""
    from aiohttp import web

    settings = app.settings
    server = web.Application(client_max_size=1024 * 1024)
    routes = False
    waits = []
    telegram = None
    wechat = None
    closing = []
    if settings.wechat_enabled:
        wechat = _wechat(app, server)
        routes = True
    if settings.telegram_token is not None:
        from linli.bot.channels.telegram.runner import build_channel
        from linli.bot.channels.telegram.sender import RateLimiter, TelegramSender

        webhook = bool(settings.telegram_webhook_url)
        telegram = build_channel(app, webhook=webhook)
        try:
            await telegram.start()
        except TgError as error:
            line = t("tg-cannot-connect", url=settings.telegram_api_url, reason=error.reason)
            print(app.translator.render(line), file=sys.stderr)
            await telegram.stop()
            return 1
        if settings.redis_url is not None:
            from linli.bot.channels.telegram.shared_limit import shared_limiter

            limiter = shared_limiter(
                settings.redis_url.get_secret_value(),
                settings.redis_prefix,
                settings.telegram_rate_overall,
                settings.telegram_rate_per_chat,
            )
            closing.append(limiter.close)
        else:
            limiter = RateLimiter(settings.telegram_rate_overall, settings.telegram_rate_per_chat)
        limiter.on_429 = app.health.throttled.inc
        # One budget for replies and pushes: replies go first, so a broadcast at the cap
        # never makes a resident wait for an answer.
        telegram.core.limiter = limiter
        app.senders["telegram"] = app.health.metered(
            "telegram", TelegramSender(telegram.api, app.translator, limiter)
        )
        if webhook:
            secret = settings.telegram_webhook_secret.get_secret_value()
            telegram.add_webhook_route(server, "/telegram", secret)
            await telegram.api.set_webhook(settings.telegram_webhook_url, secret)
            routes = True
        elif settings.redis_url is not None:
            from linli.bot.channels.telegram.shared_limit import PollerLease

            # Several processes of one bot: only the lease holder polls.
            lease = PollerLease(limiter.redis, settings.redis_prefix)
            waits.append(lease.poll_alone(telegram.run_polling))
        else:
            waits.append(telegram.run_polling())
    # Health and metrics on the same server, in polling mode too (then it serves only them).
    app.health.add_routes(server)
    runner = None
    if routes or settings.health_routes:
        runner = web_runner(server)
        await runner.setup()
        try:
            await web.TCPSite(runner, settings.listen_host, settings.listen_port).start()
        except OSError as error:
            if routes:
                raise
            # Only /healthz would be lost (Telegram polls): not worth refusing to serve.
            log.warning(
                "no health routes: cannot listen on port %s (%s)",
                settings.listen_port,
                error.strerror,
            )
        waits.append(asyncio.Event().wait())
    try:
        await asyncio.gather(*waits)
    finally:
        # A stop (SIGTERM, Ctrl-C): take no more updates and finish what was taken — the
        # requests being answered, then replies still on their way — before closing.
        if runner is not None:
            await runner.cleanup()
        if wechat is not None:
            try:
                await asyncio.wait_for(wechat.idle(), STOP_WAIT_SECONDS)
            except TimeoutError:
                log.warning("stopping with WeChat replies still unsent")
        if telegram is not None:
            await telegram.stop()
        for close in closing:
            await close()
    return 0


def web_runner(server):
    """The web server's runner, whose access log shows the path and never the query: a
    WeChat callback's URL carries the signature, the nonce and the user's openid."""
    from aiohttp import web
    from aiohttp.abc import AbstractAccessLogger

    class PathOnly(AbstractAccessLogger):
        def log(self, request, response, time: float) -> None:
            self.logger.info("%s %s %s %.3fs", request.method, request.path, response.status, time)

    return web.AppRunner(server, access_log_class=PathOnly)


def _wechat(app, server):
    from linli.bot.channels.wechat.api import build_api
    from linli.bot.channels.wechat.callback import WeChatCallback
    from linli.bot.channels.wechat.media import Pictures
    from linli.bot.channels.wechat.sender import WeChatSender

    settings = app.settings
    api = build_api(settings, app.db, app.clock)
    callback = WeChatCallback(
        app.conversation,
        app.translator,
        api,
        token=settings.wechat_token.get_secret_value(),
        appid=settings.wechat_appid,
        aes_key=settings.wechat_aes_key.get_secret_value() if settings.wechat_aes_key else None,
        pictures=Pictures(api, settings.attachments_dir, app.clock),
        reply_timeout=settings.wechat_reply_seconds,
        account_id=settings.wechat_account_id,
        allow_plaintext=settings.wechat_allow_plaintext,
        replay_window=settings.wechat_replay_window_seconds,
    )
    callback.add_routes(server, "/wechat")
    app.senders["wechat"] = app.health.metered(
        "wechat",
        WeChatSender(api, app.translator, app.clock, settings.wechat_templates, callback.pictures),
    )
    return callback
