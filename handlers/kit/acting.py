"""代办 in the engine: a staff member's conversation acting for a resident.

While `ConversationState.acting_for` names a resident, each message from the staff member
is handled with `ctx.user` = the resident (every flow books, applies and supports for them
as usual) and `ctx.actor` = the staff member (whose conversation it is). The feature that
offers 代办 gives the engine an `Acting`: it checks, on every message, that acting is still
allowed (the role, the community, the consent), draws the banner, and records afterwards
what was written for the resident (the audit log, the resident told).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from linli.handlers.kit import payload as codec
from linli.handlers.kit.flow import Ctx
from linli.handlers.kit.reply import Button
from linli.handlers.kit.text import Text
from linli.storage.models import User
from linli.storage.writes import Write

# The action that ends acting, on every screen shown while acting.
END_ACTION = "behalf-end"
END = codec.encode("do", END_ACTION)


@dataclass(frozen=True)
class Acting:
    """What the 代办 feature gives the engine."""

    # Resume acting for the resident with this id: set `ctx.user` to them and return None,
    # or return why not (acting then ends; the staff member is themselves again).
    resume: Callable[[Ctx, int], Awaitable[Text | None]]
    # What every screen shows while acting: the banner and the button that ends it.
    banner: Callable[[Ctx], Awaitable[tuple[list[Text], list[Button]]]]
    # After an answer that wrote something for `subject`: the audit log, the resident told.
    record: Callable[[Ctx, User, list[Write]], Awaitable[None]]
    # The flows one may open for a resident; the others are refused while acting.
    flows: frozenset[str] = frozenset()
    # Acting ends by itself after this long without a message (a desk left open must not
    # greet the next person as the resident), saying `idle`.
    idle_after: dt.timedelta = dt.timedelta(minutes=30)
    idle: Text | None = None
    # Said when something not for acting is asked for (a flow not in `flows`, a command).
    refused: Text | None = None


def is_acting(ctx: Ctx) -> bool:
    return ctx.actor is not None and ctx.actor.id != ctx.user.id


async def begin(ctx: Ctx, resident: User) -> None:
    """From this message on, the staff member's conversation acts for `resident`."""
    state = await ctx.uow.conversations.get(ctx.account.id)
    state.acting_for = resident.id
    ctx.user = resident


async def end(ctx: Ctx) -> None:
    """Back to acting for oneself."""
    state = await ctx.uow.conversations.get(ctx.account.id)
    if state is not None:
        state.acting_for = None
    ctx.user = ctx.actor
