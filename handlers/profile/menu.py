"""The main menu: what this user can do here, as numbered buttons."""

from __future__ import annotations

from handlers.booking import manage
from handlers.kit import payload as codec
from handlers.kit.flow import Ctx
from handlers.kit.reply import Button, Reply
from handlers.kit.text import raw, t
from handlers.profile import service


async def main_menu(ctx: Ctx) -> Reply:
    """The title names the user's community; staff see their tools too."""
    community = await ctx.uow.communities.get(ctx.user.community_id)
    buttons = [
        Button(t("menu-facilities"), codec.encode("go", "facilities")),
        Button(t("menu-mine"), codec.encode("go", "mine")),
        Button(t("menu-events"), codec.encode("go", "events")),
        Button(t("menu-profile"), codec.encode("go", "profile")),
    ]
    if await manage.may_manage(ctx):
        buttons.append(Button(t("menu-manage"), codec.encode("go", "manage")))
    if await service.staff_community(ctx.uow, ctx.user) is not None:
        buttons.append(Button(t("menu-staff"), codec.encode("go", "staff")))
    return Reply(messages=[t("menu-title", community=raw(community.name))], buttons=buttons)
