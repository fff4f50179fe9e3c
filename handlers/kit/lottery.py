"""A draw by commit–reveal, so that nobody can know or steer it: the market's stalls and a
popular facility slot are drawn by the same rule.

When the draw is set up, a random secret is drawn and only its SHA-256 (the commitment) is
published. At the draw the secret is revealed and:

    seed = SHA-256("<secret>|<the entries in the draw, ascending, comma-separated>")
    rank of an entry = SHA-256("<seed>:<label>:<entry>")

The entries sorted by that hash (as hex, ascending) get the places in turn; the rest wait
in that order. Entries are numbers (the market's application numbers, sorted as numbers)
or text (a slot draw's household keys, sorted as text). Everything is published
(commitment, secret, the entries, the places), so anyone can redo it with any SHA-256 tool;
`linli market verify` and `linli booking verify-draw` do.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T", int, str)


def new_secret() -> str:
    return secrets.token_hex(32)


def commitment(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def pool_text(entries: Iterable[T]) -> str:
    """The entries as published: ascending, comma-separated."""
    return ",".join(str(e) for e in sorted(entries))


def seed_of(secret: str, entries: Iterable[T]) -> str:
    return hashlib.sha256(f"{secret}|{pool_text(entries)}".encode()).hexdigest()


def draw_order(seed: str, label: str, entries: Iterable[T]) -> list[T]:
    """The entries in the order they get places."""

    def rank(entry: T) -> str:
        return hashlib.sha256(f"{seed}:{label}:{entry}".encode()).hexdigest()

    return sorted(entries, key=rank)
