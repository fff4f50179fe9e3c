"""First contact: a short welcome, pick the community from a numbered list, then the
小区/楼栋 (skippable; a notice to a 楼栋 reaches only those who set theirs), done. Someone
who came by a QR code naming the place (`/start place:…`) has it chosen for them.

Where each step goes: `linli flows onboarding` (docs/flows.md).
"""

from __future__ import annotations

from linli.handlers.kit.flow import Ctx, Done, Flow, Input, Next, Outcome, Redraw, Stay, Step
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.text import raw, t
from linli.handlers.profile import choices, residency, service
from linli.handlers.profile.profile import places_step
from linli.storage.models import Community
from linli.storage.uow import UnitOfWork

SWITCH_TO = {"zh-CN": "en", "en": "zh-CN"}
SCENE_PREFIX = "place:"
MAX_SCENE = 64  # WeChat's limit for a QR code's scene string


def place_scene(community: str, building: str | None = None) -> str:
    """The argument of `/start` (a QR code's scene) that chooses this 社区 (and 楼栋)."""
    return SCENE_PREFIX + community + (f":{building}" if building else "")


async def scene_places(uow: UnitOfWork, scene: str) -> tuple[Community, Community | None] | None:
    """The community (and building inside it) a scene names; None when it names none."""
    if not scene.startswith(SCENE_PREFIX) or len(scene) > MAX_SCENE:
        return None
    community_code, _, building_code = scene.removeprefix(SCENE_PREFIX).partition(":")
    community = await uow.communities.by_code(community_code)
    if community is None or community.kind != "community":
        return None
    if not building_code:
        return community, None
    inside = {c.code: c for c in await uow.communities.descendants(community.id)}
    building = inside.get(building_code)
    return (community, building) if building is not None else None


async def start_command(ctx: Ctx, argument: str) -> Outcome:
    """`/start place:…` — choose the place a QR code names; `/start join-CODE` (a building's
    QR code, a Telegram link) — confirm the household; anything else: the menu."""
    if argument.strip().lower().startswith(residency.JOIN_PREFIX):
        code = argument.strip()[len(residency.JOIN_PREFIX) :]
        household, community, moved = await residency.confirm_by_code(
            ctx.uow, ctx.user, code, ctx.clock.now(), ctx.config, via="qr"
        )
        said = residency.moved_words(moved)[1:] if moved else []
        return Done(
            [
                *said,
                t(
                    "residency-confirmed",
                    community=raw(community.name),
                    household=raw(household.label),
                ),
            ]
        )
    places = await scene_places(ctx.uow, argument.strip())
    if places is None:
        return Done()  # the menu, or onboarding for someone without a community
    community, building = places
    moved = await residency.move(ctx.uow, ctx.user, community.id, ctx.clock.now(), ctx.config)
    if building is None:
        return Done(residency.moved_words(moved))
    await service.set_building(ctx.uow, ctx.user, building.id)
    parent = await ctx.uow.communities.get(building.parent_id) if building.parent_id else None
    name = building.name
    if parent is not None and parent.kind == "compound":
        name = f"{parent.name} {building.name}"
    return Done([t("onboarding-place-set", community=raw(community.name), building=raw(name))])


async def ask_community(ctx: Ctx) -> Reply:
    """Welcome the user and ask which community they live in."""
    reply = await choices.community_buttons(
        ctx, [t("onboarding-welcome"), t("onboarding-pick-community")]
    )
    other = SWITCH_TO[ctx.user.locale]
    reply.buttons.append(ctx.button(t("onboarding-switch-language"), f"lang:{other}"))
    return reply


async def answer_community(ctx: Ctx, given: Input) -> Outcome:
    """Take the community (or a language switch, which asks again in the new language)."""
    if given.value and given.value.startswith("lang:"):
        service.set_language(ctx.user, SWITCH_TO[ctx.user.locale])
        return Redraw()
    outcome = await choices.pick_community(ctx, given)
    if isinstance(outcome, Done) and await ctx.uow.communities.children(ctx.user.community_id):
        ctx.data["page"] = 0
        return Next("compound", [*outcome.say, t("onboarding-ask-place")])
    return outcome or Stay(t("onboarding-pick-hint"))


FLOW = Flow(
    name="onboarding",
    first="community",
    steps={
        "community": Step(ask_community, answer_community, to={"compound"}),
        "compound": places_step(t("profile-pick-compound"), None, "building", skip=True),
        "building": places_step(t("profile-pick-building"), "compound", None, skip=True),
    },
    nav=False,
)
