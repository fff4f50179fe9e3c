"""SQL statements per interaction: a deterministic measure of what one press costs.

Timings on a shared machine are noise; the number of statements a press sends is not.
Counted with SQLAlchemy's `before_cursor_execute`, so every statement that reaches the
driver counts. Transaction control (BEGIN, SAVEPOINT, RELEASE) is counted apart: it is
dialect-specific (asyncpg's BEGIN never passes through a cursor) and costs no planning.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import event

from linli.storage.models import Base

CONTROL = ("BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK TO")


@dataclass
class Statements:
    """What was sent while counting: `queries` are the statements that are not
    transaction control."""

    sent: list[str] = field(default_factory=list)
    # ORM objects built from rows, by class name: each costs ~10 µs where a plain row
    # costs ~1 (the "open now" list built ~500 per press before issue 20's work).
    objects: Counter[str] = field(default_factory=Counter)

    @property
    def queries(self) -> list[str]:
        return [s for s in self.sent if not s.lstrip().upper().startswith(CONTROL)]

    @property
    def control(self) -> int:
        return len(self.sent) - len(self.queries)

    def listing(self) -> str:
        return "\n".join(
            " ".join(s.split())[: int(os.environ.get("LINLI_BENCH_STATEMENT_WIDTH", 160))]
            for s in self.sent
        )


@contextmanager
def counting(db) -> Iterator[Statements]:
    """`with counting(db) as seen: ...` — every statement `db` sends inside the block."""
    seen = Statements()

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.sent.append(statement)

    def built(target, context) -> None:
        seen.objects[type(target).__name__] += 1

    event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    event.listen(Base, "load", built, propagate=True)
    try:
        yield seen
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", record)
        event.remove(Base, "load", built)


# The five presses measured: the walk there (presses as in tests/walk.py) and the press.
INTERACTIONS = {
    "menu": ([""], "!菜单"),
    "facility_card": (["menu-facilities", "facilities-all"], "=舞蹈房"),
    "confirm": (
        ["menu-facilities", "facilities-all", "=舞蹈房", "facility-book", "#1", "#1"],
        "booking-confirm",
    ),
    "support": (["menu-proposals", "proposals-all", "#1"], "proposal-support"),
    "stall": (
        ["menu-market", "#1", "market-apply", "=理发", "!老王理发", "!理发修面", "!13812345678"],
        "market-send",
    ),
}


async def interaction_statements(url: str) -> dict[str, dict[str, int]]:
    """Statements of each of the five presses on the demo community (a migrated, empty
    database at `url`), each by a resident of 新华社区."""
    from linli.bot.i18n import Translator
    from linli.handlers.kit.clock import FakeClock
    from linli.handlers.kit.config import CoreConfig
    from linli.handlers.proposals import service as proposals
    from linli.handlers.wiring import build_conversation
    from linli.storage.db import Database
    from tests import factories
    from tests.factories import Chat
    from tests.market.paths import a_market
    from tests.walk import press

    db = Database(url)
    clock = FakeClock()
    translator = Translator()
    await factories.demo(db, clock)
    conversation = build_conversation(db, clock, CoreConfig())
    await a_market(db, clock, conversation, translator)
    author = await factories.user(db, clock, "author", community_code="xinhuashe")
    async with db.uow() as uow:
        await proposals.submit(
            uow,
            await uow.users.get(author.id),
            title="楼道装灯",
            description="三号楼楼道太黑",
            category="安全",
            level="楼院",
            now=clock.now(),
        )
        await uow.commit()
    counts: dict[str, dict[str, int]] = {}
    for n, (name, (walk, last)) in enumerate(INTERACTIONS.items()):
        resident = f"bench{n}"
        await factories.user(db, clock, resident, community_code="xinhuashe")
        chat = Chat(conversation, translator, resident)
        await chat.send("")
        for what in walk:
            await press(chat, what)
        with counting(db) as seen:
            await press(chat, last)
        counts[name] = {"queries": len(seen.queries), "control": seen.control}
        if os.environ.get("LINLI_BENCH_SHOW_STATEMENTS"):
            print(f"{name}: {chat.keys()}\n{seen.listing()}\n", flush=True)
    await db.dispose()
    return counts
