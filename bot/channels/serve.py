"""Run the messaging channels the settings turn on: Telegram (polling or webhook) and
WeChat, sharing one web server for their callbacks (and the one-time links to residents'
own data, when the server has a public address)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import sys

from linli.bot import heap
from linli.bot.channels.telegram.api import TgError
from linli.handlers.kit.text import t

log = logging.getLogger(__name__)
STOP_WAIT_SECONDS = 20  # how long a stop waits for replies in flight


async def serve_messaging(app, before_close=None) -> int:
    """Serve the channels the app built until cancelled; 1 (after one line on stderr) when
    a channel cannot start. On a stop, `before_close` (the pushes' sender going idle) is
    awaited while the channels can still send."""
    settings = app.settings
    # A web server only where something is served: a bot that polls, with the health
    # routes and the console off, needs none, and leaves aiohttp (9 MB) unimported.
    server = None
    if (
        app.wechat is not None
        or settings.telegram.webhook_url
        or settings.wechat.public_url
        or settings.console_url is not None
        or settings.health_routes
    ):
        from aiohttp import web

        server = web.Application(client_max_size=1024 * 1024)
    routes = False
    waits = []
    telegram = app.telegram
    wechat = app.wechat
    if wechat is not None:
        wechat.add_routes(server, "/wechat")
        routes = True
    if telegram is not None:
        try:
            await telegram.start()
        except TgError as error:
            line = t("tg-cannot-connect", url=settings.telegram.api_url, reason=error.reason)
            print(app.translator.render(line), file=sys.stderr)
            await telegram.stop()
            return 1
        if settings.telegram.webhook_url:
            secret = settings.telegram.webhook_secret.get_secret_value()
            telegram.add_webhook_route(server, "/telegram", secret)
            await telegram.api.set_webhook(settings.telegram.webhook_url, secret)
            routes = True
        elif settings.redis.url is not None:
            from linli.bot.channels.telegram.shared_limit import PollerLease

            # Several processes of one bot: only the lease holder polls.
            lease = PollerLease(telegram.core.limiter.redis, settings.redis.prefix)
            waits.append(lease.poll_alone(telegram.run_polling))
        else:
            waits.append(telegram.run_polling())
    if settings.wechat.public_url:
        from linli.bot.channels.export_link import ExportLinks

        links = ExportLinks(
            app.db, app.clock, app.translator, settings.default_language, settings.zone
        )
        links.add_routes(server)
        routes = True
    # The console, health and metrics on the same server, in polling mode too (then it
    # serves only them). None of them is worth refusing to serve Telegram for.
    console = server is not None and mount_console(app, server)
    runner = None
    if server is not None and (routes or console or settings.health_routes):
        app.health.add_routes(server)
        runner = web_runner(server)
        await runner.setup()
        try:
            await web.TCPSite(runner, settings.listen.host, settings.listen.port).start()
        except OSError as error:
            if routes:
                raise
            # Only /healthz and the console would be lost (Telegram polls).
            log.warning(
                "no health routes and no console: cannot listen on port %s (%s)",
                settings.listen.port,
                error.strerror,
            )
        waits.append(asyncio.Event().wait())
    # Everything is imported and started: from here on the process serves.
    heap.settle()
    try:
        await asyncio.gather(*waits)
    finally:
        # A stop (SIGTERM, Ctrl-C): take no more updates and finish what was taken — the
        # requests being answered, then replies still on their way — before closing (the
        # app closes the shared limiter after).
        if runner is not None:
            await runner.cleanup()
        if wechat is not None:
            try:
                await asyncio.wait_for(wechat.idle(), STOP_WAIT_SECONDS)
            except TimeoutError:
                log.warning("stopping with WeChat replies still unsent")
        try:
            if before_close is not None:
                # Pushes being sent need the Telegram client. Closed first, each of them
                # failed ("not initialized"), spent a try and was sent again 30 s later.
                await before_close()
        finally:
            if telegram is not None:
                await telegram.stop()
    return 0


def mount_console(app, server) -> bool:
    """The staff console and the public board on this server, unless switched off."""
    if app.settings.console_url is None:
        return False
    from linli.bot.console.web import Console

    Console(
        app.db,
        app.clock,
        app.conversation.config,
        app.translator,
        locale=app.settings.default_language,
        session_ttl=dt.timedelta(hours=app.settings.console.session_hours),
        wake=app.wake,
    ).add_routes(server)
    return True


async def start_console(app):
    """The console and the board alone, listening; the runner (cleanup() stops it)."""
    from aiohttp import web

    server = web.Application(client_max_size=1024 * 1024)
    mount_console(app, server)
    runner = web_runner(server)
    await runner.setup()
    await web.TCPSite(runner, app.settings.listen.host, app.settings.listen.port).start()
    return runner


async def serve_console(app) -> None:
    """`linli console`: the console and the board alone, until stopped. No scheduler and no
    /healthz here: the `linli run` beside it sends what the pages enqueue (its outbox polls
    the same database), and its health is the one to watch."""
    runner = await start_console(app)
    heap.settle()
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def web_runner(server):
    """The web server's runner, whose access log shows the path and never the query: a
    WeChat callback's URL carries the signature, the nonce and the user's openid."""
    from aiohttp import web
    from aiohttp.abc import AbstractAccessLogger

    from linli.bot.channels.export_link import redacted

    class PathOnly(AbstractAccessLogger):
        def log(self, request, response, time: float) -> None:
            path = redacted(request.path)  # a download link's token opens someone's data
            self.logger.info("%s %s %s %.3fs", request.method, path, response.status, time)

    return web.AppRunner(server, access_log_class=PathOnly)
