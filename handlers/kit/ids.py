"""What records call people and what people type: the actor label in audit rows and the
short codes (check-in, invite) read aloud and typed by hand."""

from __future__ import annotations

import secrets
import unicodedata
from typing import Protocol

# No 0/O or 1/I/L: codes are read aloud and typed by elderly people.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

CLI = "cli"


class HasId(Protocol):
    id: int


def actor(who: HasId | int | None) -> str:
    """The audit label of a person ("user:12"), or of the command line when nobody is."""
    if who is None:
        return CLI
    return f"user:{who if isinstance(who, int) else who.id}"


def code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def typed_code(text: str) -> str:
    """A code as typed (ab-34 56, or ＡＢ３４５６ from a Chinese keyboard's full-width
    mode) as it is stored: letters and digits only, upper case."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).upper() if ch.isalnum())
