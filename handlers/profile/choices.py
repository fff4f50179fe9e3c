"""Shared pieces of the profile flows: the community list and the language choice."""

from __future__ import annotations

from linli.handlers.kit.config import LANGUAGES
from linli.handlers.kit.flow import (
    Ctx,
    Done,
    Input,
    Outcome,
    Redraw,
    Stay,
    page_buttons,
    page_turn,
    paginate,
)
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.text import Text, raw, t
from linli.handlers.profile import residency, service

LANGUAGE_NAMES = {"zh-CN": t("lang-name-zh"), "en": t("lang-name-en")}


async def community_buttons(ctx: Ctx, prompt: list[Text]) -> Reply:
    items = await service.communities(ctx.uow)
    page = paginate(items, int(ctx.data.get("page", 0)))
    buttons = [ctx.button(raw(c.name), c.id) for c in page.items]
    buttons += page_buttons(ctx, page)
    if page.count > 1:
        prompt = [*prompt, t("list-page", page=page.number + 1, pages=page.count)]
    return Reply(messages=prompt, buttons=buttons)


async def pick_community(ctx: Ctx, given: Input) -> Outcome | None:
    """Handle a page turn or a community chosen by button or typed name; None if neither."""
    turn = page_turn(given.value)
    if turn is not None:
        ctx.data["page"] = turn
        return Redraw()
    chosen = None
    if given.value and given.value.isdigit():
        chosen = int(given.value)
    elif given.text:
        matches = [c for c in await service.communities(ctx.uow) if given.text in c.name]
        if len(matches) == 1:
            chosen = matches[0].id
    if chosen is None:
        return None
    moved = await residency.move(ctx.uow, ctx.user, chosen, ctx.clock.now(), ctx.config)
    return Done(residency.moved_words(moved))


async def ask_language(ctx: Ctx) -> Reply:
    return Reply(
        messages=[t("profile-language-ask")],
        buttons=[ctx.button(LANGUAGE_NAMES[code], code) for code in LANGUAGES],
    )


async def answer_language(ctx: Ctx, given: Input) -> Outcome:
    if given.value not in LANGUAGES:
        return Stay(t("hint-use-buttons"))
    service.set_language(ctx.user, given.value)
    return Done([t("profile-language-set")])
