"""The profile: see and change community, 小区/楼栋 and language; redeem an invite code.
The `place` flow (from a pushed reminder) sets the 小区/楼栋 only.

Where each step goes: `linli flows profile`, `place`, `language` (docs/flows.md).
"""

from __future__ import annotations

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
    Switch,
    page_buttons,
    page_turn,
    paginate,
)
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.text import Text, raw, t
from linli.handlers.profile import choices, residency, service

ROLE_NAMES = service.ROLE_NAMES


async def _name(ctx: Ctx, community_id: int | None) -> Text:
    node = await ctx.uow.communities.get(community_id) if community_id else None
    return raw(node.name) if node else t("profile-not-set")


async def ask_home(ctx: Ctx) -> Reply:
    """Show the profile card and what can be changed."""
    user = ctx.user
    lines = [
        t(
            "profile-card",
            community=await _name(ctx, user.community_id),
            building=await _name(ctx, user.building_id),
            language=choices.LANGUAGE_NAMES[user.locale],
        ),
        await residency.status_words(ctx.uow, user),
    ]
    for grant in await ctx.uow.roles.active_for(user.id):
        unit = await ctx.uow.facilities.unit(grant.unit_id) if grant.unit_id else None
        lines.append(
            t(
                "profile-role-line",
                role=ROLE_NAMES[grant.role],
                community=await _name(ctx, grant.community_id),
                unit=raw(unit.name) if unit else raw(""),
            )
        )
    return Reply(
        messages=lines,
        buttons=[
            ctx.button(t("profile-change-community"), "community"),
            ctx.button(t("profile-change-building"), "compound"),
            ctx.button(t("profile-change-language"), "lang"),
            ctx.button(t("profile-household-code"), "household"),
            ctx.button(t("profile-enter-invite"), "invite"),
            ctx.button(t("profile-topics"), "topics"),
            ctx.button(t("mydata-menu"), "mydata"),
            ctx.button(t("profile-link"), "link"),
        ],
    )


async def answer_home(ctx: Ctx, given: Input) -> Outcome:
    """Go to the chosen change."""
    if given.value in ("topics", "mydata", "link"):
        return Switch(given.value)
    if given.value in ("community", "compound", "lang", "invite", "household"):
        ctx.data["page"] = 0
        return Next(given.value)
    return Stay(t("hint-use-buttons"))


async def ask_community(ctx: Ctx) -> Reply:
    """List the communities, a page at a time."""
    return await choices.community_buttons(ctx, [t("profile-pick-community")])


async def answer_community(ctx: Ctx, given: Input) -> Outcome:
    """Save the chosen community (the building is cleared: it belonged to the old one)."""
    return await choices.pick_community(ctx, given) or Stay(t("hint-use-buttons"))


SKIP_WORDS = ("跳过", "skip")


def places_step(
    prompt: Text, parent_key: str | None, next_step: str | None, *, skip: bool = False
) -> Step:
    """A step listing the children of a place (小区 of the community, 楼栋 of a 小区).

    With `skip` (at sign-up) the last choice is 跳过: nothing more is asked, and a 小区
    already chosen is kept as the place.
    """

    async def parent(ctx: Ctx) -> int | None:
        return ctx.data.get(parent_key) if parent_key else ctx.user.community_id

    async def ask(ctx: Ctx) -> Reply:
        places = await ctx.uow.communities.children(await parent(ctx) or 0)
        if not places:
            return Reply(messages=[t("profile-no-places")])
        page = paginate(places, int(ctx.data.get("page", 0)))
        buttons = [ctx.button(raw(p.name), p.id) for p in page.items] + page_buttons(ctx, page)
        if skip:
            buttons.append(ctx.button(t("onboarding-skip"), "skip"))
        return Reply(messages=[prompt], buttons=buttons)

    async def answer(ctx: Ctx, given: Input) -> Outcome:
        turn = page_turn(given.value)
        if turn is not None:
            ctx.data["page"] = turn
            return Redraw()
        if skip and (given.value == "skip" or given.text.strip().lower() in SKIP_WORDS):
            if parent_key and ctx.data.get(parent_key):
                place = await service.set_building(ctx.uow, ctx.user, ctx.data[parent_key])
                return Done([t("profile-building-set", building=raw(place.name))])
            return Done([t("onboarding-place-skipped")])
        places = {p.id: p for p in await ctx.uow.communities.children(await parent(ctx) or 0)}
        chosen = None
        if given.value and given.value.isdigit():
            chosen = places.get(int(given.value))
        elif given.text:
            found = [p for p in places.values() if given.text in p.name]
            chosen = found[0] if len(found) == 1 else None
        if chosen is None:
            return Stay(t("hint-use-buttons"))
        if next_step and await ctx.uow.communities.children(chosen.id):
            ctx.data.update({"compound": chosen.id, "page": 0})
            return Next(next_step)
        place = await service.set_building(ctx.uow, ctx.user, chosen.id)
        return Done([t("profile-building-set", building=raw(place.name))])

    return Step(ask, answer, to={next_step} if next_step else ())


async def ask_household(ctx: Ctx) -> Reply:
    """Ask for the household (门牌) code staff gave; or ask staff to confirm instead."""
    return Reply(
        messages=[t("residency-code-ask")],
        buttons=[ctx.button(t("residency-ask-staff"), "staff")],
    )


async def answer_household(ctx: Ctx, given: Input) -> Outcome:
    """Confirm by the code; a wrong or expired one says so, changes nothing and asks again."""
    if given.value == "staff":
        await residency.ask_staff(ctx.uow, ctx.user, ctx.clock.now())
        return Done([t("residency-asked-staff")])
    if not given.text.strip():
        return Stay(t("residency-code-ask"))
    household, community, moved = await residency.confirm_by_code(
        ctx.uow, ctx.user, given.text, ctx.clock.now(), ctx.config
    )
    said = residency.moved_words(moved)[1:] if moved else []
    return Done(
        [
            *said,
            t("residency-confirmed", community=raw(community.name), household=raw(household.label)),
        ]
    )


async def ask_invite(ctx: Ctx) -> Reply:
    """Ask for the invite code a staff member gave."""
    return Reply(messages=[t("invite-ask")])


async def answer_invite(ctx: Ctx, given: Input) -> Outcome:
    """Redeem the code; a wrong or used code says so and asks again."""
    if not given.text:
        return Stay(t("invite-ask"))
    return await redeem(ctx, given.text)


async def redeem(ctx: Ctx, code: str) -> Outcome:
    if not code.strip():
        return Stay(t("invite-ask"))
    grant = await service.redeem_invite(ctx.uow, ctx.user, code, ctx.clock.now())
    community = await ctx.uow.communities.get(grant.community_id)
    unit = await ctx.uow.facilities.unit(grant.unit_id) if grant.unit_id else None
    return Done(
        [service.role_granted_text(grant.role, community.name, unit.name if unit else None)]
    )


async def join_command(ctx: Ctx, argument: str) -> Outcome:
    """`/join CODE` — redeem an invite code from anywhere."""
    if not argument:
        return Done([t("invite-usage")])
    return await redeem(ctx, argument)


FLOW = Flow(
    name="profile",
    first="home",
    steps={
        "home": Step(
            ask_home,
            answer_home,
            to={"community", "compound", "lang", "invite", "household"},
            switch={"topics", "mydata", "link"},
        ),
        "community": Step(ask_community, answer_community),
        "compound": places_step(t("profile-pick-compound"), None, "building"),
        "building": places_step(t("profile-pick-building"), "compound", None),
        "lang": Step(choices.ask_language, choices.answer_language),
        "invite": Step(ask_invite, answer_invite, takes_text=True),
        "household": Step(ask_household, answer_household, takes_text=True),
    },
)

# Opened from a pushed reminder (`go|place`) to residents who have not set their 楼栋.
PLACE_FLOW = Flow(
    name="place",
    first="compound",
    steps={
        "compound": places_step(t("profile-pick-compound"), None, "building"),
        "building": places_step(t("profile-pick-building"), "compound", None),
    },
)

LANGUAGE_FLOW = Flow(
    name="language",
    first="lang",
    steps={"lang": Step(choices.ask_language, choices.answer_language)},
    needs_community=False,
)
