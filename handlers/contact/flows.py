"""联系居委会: the card residents read; staff of the community change it from there.

Where each step goes: `linli flows contact` (docs/flows.md).
"""

from __future__ import annotations

from linli.handlers.contact import service
from linli.handlers.kit.flow import Ctx, Flow, Input, Next, Outcome, Stay, Step
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.text import raw, t
from linli.handlers.profile.service import acting_note, is_staff, screen_community

NAMES = {
    "address": t("contact-address"),
    "hours": t("contact-hours"),
    "phone": t("contact-phone"),
}


async def ask_card(ctx: Ctx) -> Reply:
    here = await screen_community(ctx.uow, ctx.user, ctx.data)
    community = await ctx.uow.communities.get(here)
    contact = await service.of(ctx.uow, here)
    messages = [*await acting_note(ctx.uow, ctx.user, ctx.data)]
    shown = {f: getattr(contact, f, None) for f in service.FIELDS}
    if not any(shown.values()):
        messages.append(t("contact-none", community=raw(community.name)))
    else:
        unset = t("contact-unset")
        messages.append(
            t(
                "contact-card",
                community=raw(community.name),
                address=raw(shown["address"]) if shown["address"] else unset,
                hours=raw(shown["hours"]) if shown["hours"] else unset,
                phone=raw(shown["phone"]) if shown["phone"] else unset,
            )
        )
    buttons = []
    if await is_staff(ctx.uow, ctx.user, here):
        buttons = [ctx.button(t("contact-change", item=name), f) for f, name in NAMES.items()]
    return Reply(messages=messages, buttons=buttons)


async def answer_card(ctx: Ctx, given: Input) -> Outcome:
    here = await screen_community(ctx.uow, ctx.user, ctx.data)
    if given.value in service.FIELDS and await is_staff(ctx.uow, ctx.user, here):
        ctx.data["field"] = given.value
        return Next("edit")
    return Stay(t("hint-use-buttons"))


async def ask_edit(ctx: Ctx) -> Reply:
    field = ctx.data["field"]
    return Reply(messages=[t("contact-ask", item=NAMES[field], limit=service.FIELDS[field])])


async def answer_edit(ctx: Ctx, given: Input) -> Outcome:
    field = ctx.data["field"]
    here = await screen_community(ctx.uow, ctx.user, ctx.data)
    # A value that cannot be kept raises: the engine says why and asks again.
    await service.change(ctx.uow, ctx.user, here, field, given.text, ctx.clock.now())
    return Next("card", [t("contact-saved", item=NAMES[field])])


FLOW = Flow(
    name="contact",
    first="card",
    steps={
        "card": Step(ask_card, answer_card, to={"edit"}),
        "edit": Step(ask_edit, answer_edit, numbers_choose=False, to={"card"}),
    },
)
