"""The market lottery, by commit–reveal, so that nobody can know or steer the draw.

When a lottery market is made, a random secret is drawn and only its SHA-256 (the
commitment) is published on the card. At the deadline the secret is revealed and:

    seed = SHA-256("<secret>|<application numbers in the draw, ascending, comma-separated>")
    rank of an application = SHA-256("<seed>:<category>:<application number>")

Within each category the applications sorted by that hash (as hex, ascending) get the
stalls in turn; the rest wait in that order. Everything is published (commitment,
secret, the numbers in the draw, each category's stalls), so anyone can redo it with
any SHA-256 tool; `linli market verify` does.
"""

from __future__ import annotations

import hashlib
import secrets


def new_secret() -> str:
    return secrets.token_hex(32)


def commitment(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def seed_of(secret: str, application_ids: list[int]) -> str:
    numbers = ",".join(str(i) for i in sorted(application_ids))
    return hashlib.sha256(f"{secret}|{numbers}".encode()).hexdigest()


def draw_order(seed: str, category: str, application_ids: list[int]) -> list[int]:
    """A category's applications in the order they get stalls."""

    def rank(application_id: int) -> str:
        return hashlib.sha256(f"{seed}:{category}:{application_id}".encode()).hexdigest()

    return sorted(application_ids, key=rank)
