"""The fund ledger's hash chain: each line's hash covers what it says and the line before.

The rule is public (README, "The fund"), and uses only what the ledger's CSV shows, so
anyone with the CSV and a SHA-256 tool can check it: a changed, removed or inserted line
breaks the chain from that line on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from decimal import Decimal

# The line before a community's first line.
GENESIS = "0" * 64


def line_hash(
    *,
    day: str,
    kind: str,
    source: str,
    amount: Decimal,
    purpose: str,
    approved_by: str | None,
    corrects: int | None,
    market_id: int | None,
    prev_hash: str,
    donor: str | None = None,
) -> str:
    """SHA-256 of the JSON array [date, kind, source, amount with 2 decimals, purpose,
    approved_by or "", corrects or null, market or null, previous hash], UTF-8, no spaces;
    a line that names its donor has the donor as shown added at the end. Lines written
    before donors were kept name none, so their hashes are what they always were."""
    fields = [
        day,
        kind,
        source,
        f"{Decimal(amount):.2f}",
        purpose,
        approved_by or "",
        corrects,
        market_id,
        prev_hash,
    ]
    if donor is not None:
        fields.append(donor)
    text = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def hash_of(entry) -> str:
    """The hash a stored line should carry (an ORM row or anything with the same fields)."""
    return line_hash(
        day=entry.day.isoformat(),
        kind=entry.kind,
        source=entry.source,
        amount=entry.amount,
        purpose=entry.purpose,
        approved_by=entry.approved_by,
        corrects=entry.corrects,
        market_id=entry.market_id,
        prev_hash=entry.prev_hash,
        donor=getattr(entry, "donor", None),
    )


def first_break(entries: Iterable) -> tuple[object, str] | None:
    """The first line (in id order) whose link or hash is wrong, with why; None if whole."""
    previous = GENESIS
    for entry in entries:
        if entry.prev_hash != previous:
            return entry, "link"
        if entry.hash != hash_of(entry):
            return entry, "hash"
        previous = entry.hash
    return None
