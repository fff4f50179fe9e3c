"""公示栏 in chat: typed alone, it answers with the address of the community's public board.

Where each step goes: `linli flows board` (docs/flows.md).
"""

from __future__ import annotations

from linli.handlers.board import service
from linli.handlers.kit.flow import Ctx, Flow, Input, Outcome, Stay, Step
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.text import raw, t
from linli.handlers.profile.service import screen_community


async def ask_link(ctx: Ctx) -> Reply:
    """The link to the board of the resident's community (or the one staff act for)."""
    here = await screen_community(ctx.uow, ctx.user, ctx.data)
    place = await ctx.uow.communities.get(here)
    url = service.board_url(ctx.config.console_base, place.code)
    if url is None:
        return Reply(messages=[t("console-board-chat-no-link", community=raw(place.name))])
    return Reply(messages=[t("console-board-chat-link", community=raw(place.name), url=raw(url))])


async def answer_link(ctx: Ctx, given: Input) -> Outcome:
    return Stay(t("hint-use-buttons"))


FLOW = Flow(name="board", first="link", steps={"link": Step(ask_link, answer_link)})
