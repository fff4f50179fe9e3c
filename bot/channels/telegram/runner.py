"""Build the Telegram adapter the settings name (aiogram or python-telegram-bot)."""

from __future__ import annotations


def build_channel(app, *, webhook: bool):
    """The adapter the settings name; its library is imported only now."""
    settings = app.settings
    token = settings.telegram_token.get_secret_value()
    url = settings.telegram_api_url.rstrip("/")
    if settings.telegram_library == "ptb":
        from linli.bot.channels.telegram.ptb_adapter import PtbChannel

        return PtbChannel(
            app.conversation, app.translator, token=token, api_url=url, webhook=webhook
        )
    from linli.bot.channels.telegram.aiogram_adapter import AiogramChannel

    return AiogramChannel(app.conversation, app.translator, token=token, api_url=url)
