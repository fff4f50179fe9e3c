"""Domain errors: each names what happened and the message key that tells the user.

This module is the one place where an error becomes words.
"""

from __future__ import annotations

from typing import Any

from handlers.kit.text import Text, t


class DomainError(Exception):
    """A rule said no. `message` is what the user reads; nothing was changed."""

    def __init__(self, message: Text | None = None, **args: Any) -> None:
        self.message = message or self.default_message(**args)
        super().__init__(self.message.key)

    def default_message(self, **args: Any) -> Text:
        return t("error-generic")


class NotAllowed(DomainError):
    def default_message(self, **args: Any) -> Text:
        return t("error-not-allowed")


class NotInCommunity(DomainError):
    def default_message(self, **args: Any) -> Text:
        return t("error-not-in-community")


class UnknownCommunity(DomainError):
    def default_message(self, **args: Any) -> Text:
        return t("error-unknown-community")


class InviteInvalid(DomainError):
    def default_message(self, **args: Any) -> Text:
        return t("invite-invalid")


class InviteUsedUp(DomainError):
    def default_message(self, **args: Any) -> Text:
        return t("invite-used-up")
