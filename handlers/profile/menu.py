"""The main menu: what this user can do here, as numbered buttons."""

from __future__ import annotations

from linli.handlers.booking import manage
from linli.handlers.kit import payload as codec
from linli.handlers.kit.flow import Ctx
from linli.handlers.kit.reply import Button, Reply
from linli.handlers.kit.text import raw, t
from linli.handlers.profile import service

# What every resident has, in order; the account's custom menu on WeChat is made from it.
RESIDENT_MENU = (
    (t("menu-facilities"), "facilities"),
    (t("menu-mine"), "mine"),
    (t("menu-events"), "events"),
    (t("menu-proposals"), "proposals"),
    (t("menu-market"), "market"),
    (t("menu-profile"), "profile"),
)


async def main_menu(ctx: Ctx) -> Reply:
    """The title names the user's community; staff see their tools too."""
    community = await ctx.uow.communities.get(ctx.user.community_id)
    buttons = [Button(label, codec.encode("go", flow)) for label, flow in RESIDENT_MENU]
    if await manage.may_manage(ctx):
        buttons.append(Button(t("menu-manage"), codec.encode("go", "manage")))
    if await service.staff_community(ctx.uow, ctx.user) is not None:
        buttons.append(Button(t("menu-staff"), codec.encode("go", "staff")))
    return Reply(messages=[t("menu-title", community=raw(community.name))], buttons=buttons)
