"""居民确认 on the staff desk: who chose this 社区 and waits to be confirmed; approve or refuse.

Where each step goes: `linli flows residents` (docs/flows.md).
"""

from __future__ import annotations

from linli.handlers.kit import when
from linli.handlers.kit.flow import (
    Ctx,
    Done,
    Flow,
    Input,
    Next,
    Outcome,
    Redraw,
    Stay,
    Step,
    page_buttons,
    page_turn,
    paginate,
)
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.text import Text, raw, t
from linli.handlers.profile import residency, service
from linli.storage.models import User


def _name(user: User) -> Text:
    # Staff need to recognise the person; a channel tail where the app gave no name.
    return raw(user.display_name or f"{user.channel}:…{user.external_id[-4:]}")


async def ask_list(ctx: Ctx) -> Reply:
    """Everyone waiting in the community the desk acts for, longest waiting first."""
    community = await service.acting_community(ctx.uow, ctx.user, ctx.data)
    waiting = await residency.pending(ctx.uow, ctx.user, community.id)
    note = t("staff-acting", community=raw(community.name))
    if not waiting:
        return Reply(messages=[note, t("residents-none")])
    page = paginate(waiting, int(ctx.data.get("page", 0)))
    buttons = [ctx.button(_name(user), user.id) for _, user in page.items]
    return Reply(
        messages=[note, t("residents-title", count=len(waiting))],
        buttons=buttons + page_buttons(ctx, page),
    )


async def answer_list(ctx: Ctx, given: Input) -> Outcome:
    turn = page_turn(given.value)
    if turn is not None:
        ctx.data["page"] = turn
        return Redraw()
    if given.value and given.value.isdigit():
        ctx.data["resident"] = int(given.value)
        return Next("resident")
    return Stay(t("hint-use-buttons"))


async def ask_resident(ctx: Ctx) -> Reply:
    community = await service.acting_community(ctx.uow, ctx.user, ctx.data)
    waiting = {u.id: (r, u) for r, u in await residency.pending(ctx.uow, ctx.user, community.id)}
    found = waiting.get(int(ctx.data.get("resident", 0)))
    if found is None:
        return Reply(messages=[t("residents-gone")])
    row, user = found
    since = row.changed_at or user.created_at
    return Reply(
        messages=[
            t("residents-card", name=_name(user), since=when.moment(since, ctx.config.zone)),
            t("residents-decide"),
        ],
        buttons=[
            ctx.button(t("residents-approve"), "approve"),
            ctx.button(t("residents-refuse"), "refuse"),
        ],
    )


async def answer_resident(ctx: Ctx, given: Input) -> Outcome:
    if given.value not in ("approve", "refuse"):
        return Stay(t("hint-use-buttons"))
    # Checked against the community the resident waits in, not the one the flow was opened for.
    await service.acting_community(ctx.uow, ctx.user, ctx.data)
    approve = given.value == "approve"
    await residency.decide(
        ctx.uow, ctx.user, int(ctx.data.get("resident", 0)), approve, ctx.clock.now()
    )
    return Done([t("residents-approved") if approve else t("residents-refused")])


FLOW = Flow(
    name="residents",
    first="list",
    steps={
        "list": Step(ask_list, answer_list, to={"resident"}),
        "resident": Step(ask_resident, answer_resident),
    },
)
