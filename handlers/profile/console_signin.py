"""Signing in to the staff web console from chat: `/console` (or 网页工作台 on the staff
desk) sends a one-time link, good for a few minutes. There are no console passwords: whoever
holds a role here already proved who they are to WeChat or Telegram."""

from __future__ import annotations

from linli.handlers.kit import ids
from linli.handlers.kit.acting import is_acting
from linli.handlers.kit.flow import Ctx, Done, Flow, Input, Outcome, Step
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.text import Text, raw, t
from linli.handlers.profile.service import write_audit

PATH = "/console/in/"


def link_url(base: str, token: str) -> str:
    return f"{base.rstrip('/')}{PATH}{token}"


async def sign_in_link(ctx: Ctx) -> list[Text]:
    """A fresh link for the person writing (their earlier unused link stops working)."""
    if is_acting(ctx) or not await ctx.uow.roles.active_for(ctx.user.id):
        return [t("console-link-staff-only")]
    base = ctx.config.console_base
    if not base:
        return [t("console-link-off")]
    ttl = ctx.config.console_link_ttl
    now = ctx.clock.now()
    token = await ctx.uow.console.new_link(ctx.user.id, now, ttl)
    await write_audit(
        ctx.uow,
        now=now,
        community_id=None,
        actor=ids.actor(ctx.user),
        action="console.link",
    )
    minutes = int(ttl.total_seconds() // 60)
    return [t("console-link", url=raw(link_url(base, token)), minutes=minutes)]


async def console_command(ctx: Ctx, argument: str) -> Outcome:
    return Done(await sign_in_link(ctx))


async def ask_link(ctx: Ctx) -> Reply:
    return Reply(messages=await sign_in_link(ctx))


async def answer_link(ctx: Ctx, given: Input) -> Outcome:
    return Done()


FLOW = Flow(
    name="console",
    first="link",
    steps={"link": Step(ask_link, answer_link)},
)
