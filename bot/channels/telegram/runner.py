"""Build the Telegram adapter the settings name (aiogram or python-telegram-bot)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator


def build_channel(telegram, conversation, translator, *, webhook: bool, limiter=None):
    """The adapter the `telegram` settings name; its library is imported only now. Its
    replies wait on `limiter`, the budget the pushes share."""
    token = telegram.token.get_secret_value()
    url = telegram.api_url.rstrip("/")
    if telegram.library == "ptb":
        with _unimportable("cryptography"):
            from linli.bot.channels.telegram.ptb_adapter import PtbChannel

        channel = PtbChannel(conversation, translator, token=token, api_url=url, webhook=webhook)
    else:
        from linli.bot.channels.telegram.aiogram_adapter import AiogramChannel

        channel = AiogramChannel(conversation, translator, token=token, api_url=url)
    channel.core.limiter = limiter
    return channel


@contextlib.contextmanager
def _unimportable(name: str) -> Iterator[None]:
    """`name` cannot be imported inside, unless it was imported already; afterwards it can.

    python-telegram-bot imports cryptography when it is installed (WeChat needs it), only
    to decrypt Telegram Passport data, which Linli never asks for: 8.5 MB of a bot
    process's memory (issue 20). Without it, PTB marks Passport unavailable and works
    on; a WeChat channel in the same process imports cryptography as usual."""
    if name in sys.modules:
        yield
        return
    sys.modules[name] = None  # type: ignore[assignment]  # the import system's "not found"
    try:
        yield
    finally:
        if sys.modules.get(name, False) is None:
            del sys.modules[name]
