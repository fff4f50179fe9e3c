"""The few Bot API calls Linli makes, as one interface both libraries implement."""

from __future__ import annotations

from typing import Protocol


class TgError(Exception):
    """A Bot API call failed; `reason` says how, for the outbox record."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TgRetryAfter(TgError):
    """429: flood control. Wait `seconds`, then try again."""

    def __init__(self, reason: str, seconds: float) -> None:
        super().__init__(reason)
        self.seconds = seconds


class TgForbidden(TgError):
    """403: the user blocked the bot (or never started it)."""


class TgBadRequest(TgError):
    """400: the request itself is wrong; sending it again will not help."""


class TgNetwork(TgError):
    """Timeouts, 5xx, connection errors: worth another try later."""


def not_modified(error: TgError) -> bool:
    """Telegram's 400 for an edit that would change nothing: the message already shows it."""
    return isinstance(error, TgBadRequest) and "message is not modified" in error.reason.lower()


class TelegramApi(Protocol):
    async def get_me(self) -> str: ...

    async def send_message(
        self, chat_id: int, text: str, keyboard: list[tuple[str, str]]
    ) -> int: ...

    async def edit_message(
        self, chat_id: int, message_id: int, text: str, keyboard: list[tuple[str, str]]
    ) -> None: ...

    async def send_photo(
        self, chat_id: int, photo: str, caption: str, keyboard: list[tuple[str, str]]
    ) -> int: ...

    async def remove_keyboard(self, chat_id: int, message_id: int) -> None: ...

    async def answer_callback(self, callback_id: str) -> None: ...

    async def send_document(self, chat_id: int, filename: str, data: bytes) -> None: ...

    async def send_picture(self, chat_id: int, filename: str, data: bytes) -> None: ...

    async def set_commands(self, commands: list[tuple[str, str]], language: str | None) -> None: ...

    async def close(self) -> None: ...
