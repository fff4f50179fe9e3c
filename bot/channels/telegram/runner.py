"""Run the Telegram channel: check the token, then long polling or a webhook server."""

from __future__ import annotations

import asyncio
import sys

from bot.channels.telegram.api import TgError
from bot.channels.telegram.sender import RateLimiter, TelegramSender
from handlers.kit.text import t


def build_channel(app, *, webhook: bool):
    """The adapter the settings name; its library is imported only now."""
    settings = app.settings
    token = settings.telegram_token.get_secret_value()
    url = settings.telegram_api_url.rstrip("/")
    if settings.telegram_library == "ptb":
        from bot.channels.telegram.ptb_adapter import PtbChannel

        return PtbChannel(
            app.conversation, app.translator, token=token, api_url=url, webhook=webhook
        )
    from bot.channels.telegram.aiogram_adapter import AiogramChannel

    return AiogramChannel(app.conversation, app.translator, token=token, api_url=url)


async def run_telegram(app) -> int:
    """Serve Telegram until cancelled; 1 (after one line on stderr) when it cannot start."""
    settings = app.settings
    webhook = bool(settings.telegram_webhook_url)
    channel = build_channel(app, webhook=webhook)
    try:
        await channel.start()
    except TgError as error:
        line = t("tg-cannot-connect", url=settings.telegram_api_url, reason=error.reason)
        print(app.translator.render(line), file=sys.stderr)
        await channel.stop()
        return 1
    limiter = RateLimiter(settings.telegram_rate_overall, settings.telegram_rate_per_chat)
    app.senders["telegram"] = TelegramSender(channel.api, app.translator, limiter)
    try:
        if webhook:
            await _serve_webhook(app, channel)
        else:
            await channel.run_polling()
    finally:
        await channel.stop()
    return 0


async def _serve_webhook(app, channel) -> None:
    from aiohttp import web

    settings = app.settings
    secret = settings.telegram_webhook_secret.get_secret_value()
    server = web.Application(client_max_size=1024 * 1024)
    channel.add_webhook_route(server, "/telegram", secret)
    runner = web.AppRunner(server)
    await runner.setup()
    site = web.TCPSite(runner, settings.listen_host, settings.listen_port)
    await site.start()
    try:
        await channel.api.set_webhook(settings.telegram_webhook_url, secret)
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
