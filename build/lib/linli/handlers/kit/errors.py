"""Domain errors: each names what happened and the message key that tells the user.

This module is the one place where an error becomes words.
"""

from __future__ import annotations

from typing import Any

from linli.handlers.kit.text import Text, t


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


class NotFound(DomainError):
    """What the user named does not exist for them (or is someone else's)."""

    def default_message(self, **args: Any) -> Text:
        return t("error-not-found")


class SlotFull(DomainError):
    def default_message(self, **args: Any) -> Text:
        return t("booking-slot-full")


class SlotNotOffered(DomainError):
    def default_message(self, **args: Any) -> Text:
        return t("booking-slot-not-offered")


class OutsideHorizon(DomainError):
    def default_message(self, **args: Any) -> Text:
        return t("booking-outside-horizon", days=args["days"])


class QuotaReached(DomainError):
    def default_message(self, **args: Any) -> Text:
        return t("booking-quota-facility", limit=args["limit"])


class WeekQuotaReached(DomainError):
    def default_message(self, **args: Any) -> Text:
        return t("booking-quota-week", limit=args["limit"])


class Suspended(DomainError):
    def default_message(self, **args: Any) -> Text:
        return t("booking-suspended", until=args["until"], count=args["count"])


class DeadlinePassed(DomainError):
    def default_message(self, **args: Any) -> Text:
        return t("booking-cancel-too-late", deadline=args["deadline"])


class AlreadyDone(DomainError):
    """The thing was already done (checked in, cancelled, decided): nothing changes."""

    def default_message(self, **args: Any) -> Text:
        return t("error-already-done")
