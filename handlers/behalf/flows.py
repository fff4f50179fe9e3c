"""代办 at the staff desk: register a resident without a smartphone, act for one, record a
withdrawn consent. Acting itself happens in the engine (kit/acting.py): once started, the
staff member's own conversation is the resident's until 结束代办.

Where each step goes: `linli flows behalf` (docs/flows.md).
"""

from __future__ import annotations

from linli.handlers.behalf import service
from linli.handlers.kit.flow import Ctx, Done, Flow, Input, Next, Outcome, Stay, Step
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.text import raw, t
from linli.handlers.profile.service import acting_community, acting_note

SKIP_WORDS = {"跳过", "不填", "无", "skip", "none"}


async def _here(ctx: Ctx) -> int:
    return (await acting_community(ctx.uow, ctx.actor, ctx.data)).id


async def ask_home(ctx: Ctx) -> Reply:
    here = await _here(ctx)
    count = await ctx.uow.behalf.count(here)
    return Reply(
        messages=[*await acting_note(ctx.uow, ctx.actor, ctx.data), t("behalf-home", count=count)],
        buttons=[
            ctx.button(t("behalf-register"), "register"),
            ctx.button(t("behalf-act"), "act"),
            ctx.button(t("behalf-withdraw"), "withdraw"),
        ],
    )


async def answer_home(ctx: Ctx, given: Input) -> Outcome:
    await _here(ctx)
    if given.value == "register":
        return Next("name")
    if given.value in ("act", "withdraw"):
        ctx.data["mode"] = given.value
        return Next("find")
    return Stay(t("hint-use-buttons"))


# --- registering -----------------------------------------------------------------------------


async def ask_name(ctx: Ctx) -> Reply:
    return Reply(messages=[t("behalf-ask-name", limit=service.NAME_LIMIT)])


async def answer_name(ctx: Ctx, given: Input) -> Outcome:
    ctx.data["name"] = service.clean_name(given.text)
    return Next("room")


async def ask_room(ctx: Ctx) -> Reply:
    return Reply(messages=[t("behalf-ask-room")])


async def answer_room(ctx: Ctx, given: Input) -> Outcome:
    ctx.data["room"] = service.clean_room(given.text)
    return Next("phone")


async def ask_phone(ctx: Ctx) -> Reply:
    # A phone is sensitive: asked for only with the resident's agreement, and why.
    return Reply(
        messages=[t("behalf-ask-phone")], buttons=[ctx.button(t("behalf-skip-phone"), "skip")]
    )


async def answer_phone(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "skip" or given.text.strip().lower() in SKIP_WORDS:
        ctx.data["phone"] = None
    else:
        ctx.data["phone"] = service.clean_phone(given.text)
    return Next("how")


async def ask_how(ctx: Ctx) -> Reply:
    return Reply(
        messages=[t("behalf-ask-how")],
        buttons=[ctx.button(label, how) for how, label in service.HOW.items()],
    )


async def answer_how(ctx: Ctx, given: Input) -> Outcome:
    if given.value not in service.HOW:
        return Stay(t("hint-use-buttons"))
    ctx.data["how"] = given.value
    return Next("confirm")


async def ask_confirm(ctx: Ctx) -> Reply:
    phone = ctx.data.get("phone")
    return Reply(
        messages=[
            t(
                "behalf-confirm",
                name=raw(ctx.data["name"]),
                room=raw(ctx.data["room"]),
                phone=raw(phone) if phone else t("behalf-no-phone"),
                how=service.HOW[ctx.data["how"]],
            )
        ],
        buttons=[ctx.button(t("behalf-confirm-yes"), "yes")],
    )


async def answer_confirm(ctx: Ctx, given: Input) -> Outcome:
    if given.value != "yes":
        return Stay(t("hint-use-buttons"))
    resident = await service.register(
        ctx.uow,
        ctx.actor,
        await _here(ctx),
        name=ctx.data["name"],
        room=ctx.data["room"],
        phone=ctx.data.get("phone"),
        how=ctx.data["how"],
        now=ctx.clock.now(),
    )
    return Done([t("behalf-registered", name=raw(resident.display_name or ""))])


# --- choosing a resident -----------------------------------------------------------------------


async def ask_find(ctx: Ctx) -> Reply:
    return Reply(messages=[t("behalf-ask-find")])


async def answer_find(ctx: Ctx, given: Input) -> Outcome:
    found = await service.find(ctx.uow, ctx.actor, await _here(ctx), given.text)
    if not found:
        return Stay(t("behalf-none-found"))
    ctx.data["words"] = " ".join(given.text.split())
    return Next("pick")


async def ask_pick(ctx: Ctx) -> Reply:
    found = await service.find(ctx.uow, ctx.actor, await _here(ctx), ctx.data.get("words", ""))
    return Reply(
        messages=[t("behalf-pick")],
        buttons=[
            ctx.button(t("behalf-resident", name=raw(r.name), room=raw(r.room)), r.user_id)
            for r in found
        ],
    )


async def answer_pick(ctx: Ctx, given: Input) -> Outcome:
    value = given.value or ""
    if not value.isdigit():
        return Stay(t("hint-use-buttons"))
    here = await _here(ctx)
    # The id comes from the button: checked again here, as a forged one would name anyone.
    if ctx.data.get("mode") == "withdraw":
        row = await service.resident_view(ctx.uow, ctx.actor, here, int(value))
        ctx.data["resident"] = row.user_id
        return Next("withdraw")
    resident = await service.start(ctx, here, int(value))
    return Done([t("behalf-started", name=raw(resident.display_name or ""))])


async def ask_withdraw(ctx: Ctx) -> Reply:
    row = await service.resident_view(ctx.uow, ctx.actor, await _here(ctx), ctx.data["resident"])
    return Reply(
        messages=[t("behalf-withdraw-ask", name=raw(row.name), room=raw(row.room))],
        buttons=[ctx.button(t("behalf-withdraw-yes"), "yes")],
    )


async def answer_withdraw(ctx: Ctx, given: Input) -> Outcome:
    if given.value != "yes":
        return Stay(t("hint-use-buttons"))
    row = await service.withdraw(
        ctx.uow, ctx.actor, await _here(ctx), ctx.data["resident"], ctx.clock.now()
    )
    return Done([t("behalf-withdrawn", name=raw(row.name))])


FLOW = Flow(
    name="behalf",
    first="home",
    steps={
        "home": Step(ask_home, answer_home, to={"name", "find"}),
        "name": Step(ask_name, answer_name, numbers_choose=False, to={"room"}),
        "room": Step(ask_room, answer_room, numbers_choose=False, to={"phone"}),
        "phone": Step(ask_phone, answer_phone, numbers_choose=False, to={"how"}),
        "how": Step(ask_how, answer_how, to={"confirm"}),
        "confirm": Step(ask_confirm, answer_confirm),
        "find": Step(ask_find, answer_find, numbers_choose=False, to={"pick"}),
        "pick": Step(ask_pick, answer_pick, to={"withdraw"}),
        "withdraw": Step(ask_withdraw, answer_withdraw),
    },
)


# --- the action on every screen while acting --------------------------------------------------


async def end_action(ctx: Ctx, _arg: str) -> Outcome:
    resident = await service.stop(ctx)
    if resident is None:
        return Done([t("behalf-not-acting")])
    return Done([t("behalf-ended", name=raw(resident.display_name or ""))])
