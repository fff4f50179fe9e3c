"""Build the Telegram adapter the settings name (aiogram or python-telegram-bot)."""

from __future__ import annotations


def build_channel(telegram, conversation, translator, *, webhook: bool, limiter=None):
    """The adapter the `telegram` settings name; its library is imported only now. Its
    replies wait on `limiter`, the budget the pushes share."""
    token = telegram.token.get_secret_value()
    url = telegram.api_url.rstrip("/")
    if telegram.library == "ptb":
        from linli.bot.channels.telegram.ptb_adapter import PtbChannel

        channel = PtbChannel(conversation, translator, token=token, api_url=url, webhook=webhook)
    else:
        from linli.bot.channels.telegram.aiogram_adapter import AiogramChannel

        channel = AiogramChannel(conversation, translator, token=token, api_url=url)
    channel.core.limiter = limiter
    return channel
