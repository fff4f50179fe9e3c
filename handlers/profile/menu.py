"""The main menu: what this user can do here, as numbered buttons."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from linli.handlers.kit import payload as codec
from linli.handlers.kit.feature import MenuEntry, ordered, visible
from linli.handlers.kit.flow import Ctx
from linli.handlers.kit.reply import Button, Reply
from linli.handlers.kit.text import raw, t


def main_menu(entries: Iterable[MenuEntry]) -> Callable[[Ctx], Awaitable[Reply]]:
    """The menu of the features' entries; the title names the user's community, and the
    entries with a role behind them show only to those who have it."""
    entries = ordered(entries)

    async def menu(ctx: Ctx) -> Reply:
        community = await ctx.uow.communities.get(ctx.user.community_id)
        buttons = []
        for entry in await visible(ctx, entries):
            buttons.append(Button(entry.label, codec.encode("go", entry.flow)))
            if entry.more is not None:
                buttons += await entry.more(ctx)
        return Reply(messages=[t("menu-title", community=raw(community.name))], buttons=buttons)

    return menu
