"""Walking the conversation to any step of any flow.

Each feature's tests declare how to reach their steps in `tests/<feature>/paths.py`: a
`PATHS` table from (flow, step) to a `Walk`. Adding a flow means adding its rows there;
`tests/kit/test_conversation.py` finds every table and fails on a step without a path.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests import factories
from tests.factories import Chat

Setup = Callable[..., Awaitable[None]]


@dataclass(frozen=True)
class Walk:
    """Who walks (resident, staff, newcomer), what they press, and what must exist first.

    A press is a label key (`menu-profile`), "=text" (a button whose label contains text),
    "#N" (type the number N), "!text" (type the text), "@payload" (a pushed button's
    press, as `@go|place`) or "/command". `setup` is someone
    else's doing the path needs (a full slot, a booking), called with
    (db, clock, conversation, translator).
    """

    who: str
    presses: list[str] = field(default_factory=list)
    setup: Setup | None = None


def all_paths() -> dict[tuple[str, str], Walk]:
    """Every feature's table, merged; a step declared twice is a mistake."""
    merged: dict[tuple[str, str], Walk] = {}
    for table in sorted(Path(__file__).parent.glob("*/paths.py")):
        module = importlib.import_module(f"tests.{table.parent.name}.paths")
        for key, walk in module.PATHS.items():
            assert key not in merged, f"{key} has two paths"
            merged[key] = walk
    return merged


async def press(chat: Chat, what: str) -> None:
    if what.startswith(("/", "!")) or what == "":
        await chat.send(what.removeprefix("!"))
    elif what.startswith("@"):
        await chat.send(payload=what[1:])
    elif what.startswith("#"):
        await chat.send(what[1:])
    elif what.startswith("="):
        await chat.send(chat.number_named(what[1:]))
    else:
        await chat.send(chat.number_of(what))


async def state_of(db, external_id: str):
    async with db.uow() as uow:
        user = await uow.users.by_external("console", external_id)
        state = await uow.conversations.get(user.id)
        return state.flow, state.step


async def reach(db, clock, conversation, translator, walk: Walk, external_id: str = "u1"):
    """Walk the path (demo loaded); returns the chat and the (flow, step) after each press."""
    if walk.who == "resident":
        await factories.user(db, clock, external_id, community_code="xinhuashe")
    elif walk.who == "staff":
        await factories.staff(db, clock, external_id, "xinhuashe")
    if walk.setup:
        await walk.setup(db, clock, conversation, translator)
    chat = Chat(conversation, translator, external_id)
    await chat.send("")
    states = [await state_of(db, external_id)]
    for what in walk.presses:
        await press(chat, what)
        states.append(await state_of(db, external_id))
    return chat, states
