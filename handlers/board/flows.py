"""公示栏 in chat: typed alone (or /board), it answers with the address of the community's
public board, and offers the screens where the same things are in chat.

Where each step goes: `linli flows board` (docs/flows.md).
"""

from __future__ import annotations

from linli.handlers.board import service
from linli.handlers.kit.flow import Ctx, Flow, Input, Outcome, Stay, Step, Switch
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.text import raw, t
from linli.handlers.profile.service import screen_community

# What the board shows that chat has too, by the flow that shows it (named, not imported:
# a feature does not import its siblings).
IN_CHAT = {
    "proposals": t("menu-proposals"),
    "market": t("menu-market"),
    "events": t("menu-events"),
}


async def ask_link(ctx: Ctx) -> Reply:
    """The link to the board of the resident's community (or the one staff act for)."""
    here = await screen_community(ctx.uow, ctx.user, ctx.data)
    place = await ctx.uow.communities.get(here)
    url = service.board_url(ctx.config.console_base, place.code)
    if url is None:
        said = t("console-board-chat-no-link", community=raw(place.name))
    else:
        said = t("console-board-chat-link", community=raw(place.name), url=raw(url))
    return Reply(messages=[said], buttons=[ctx.button(label, f) for f, label in IN_CHAT.items()])


async def answer_link(ctx: Ctx, given: Input) -> Outcome:
    if given.value in IN_CHAT:
        return Switch(given.value)
    return Stay(t("hint-use-buttons"))


FLOW = Flow(
    name="board",
    first="link",
    steps={"link": Step(ask_link, answer_link, switch=set(IN_CHAT))},
)
