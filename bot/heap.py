"""The process's heap, settled once start-up is over.

CPython's full garbage collection walks every object the process holds. A running bot
holds a quarter of a million of them before its first message (SQLAlchemy, Fluent, the
channel's library), and one full collection took 200 ms on the 2-core bench machine: the
event loop stands still meanwhile, so a resident's reply waits, and a broadcast loses the
Telegram send slots of that time. One fell inside the bench's outbox claim and tripled it
(88 ms, 30 ms without). What start-up builds lives as long as the process; frozen, it is
never walked again, and a full collection walks only what came after (issue 20).
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect start-up's garbage, then freeze what is left (the modules, the app): later
    collections skip it. Call once everything is imported and built, before serving."""
    gc.collect()
    gc.freeze()
