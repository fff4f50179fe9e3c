"""First contact: a short welcome, pick the community from a numbered list, done.

community  — welcome; numbered communities (+ a language switch) → menu
"""

from __future__ import annotations

from linli.handlers.kit.flow import Ctx, Flow, Input, Outcome, Redraw, Stay, Step
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.text import t
from linli.handlers.profile import choices, service

SWITCH_TO = {"zh-CN": "en", "en": "zh-CN"}


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
    return outcome or Stay(t("onboarding-pick-hint"))


FLOW = Flow(
    name="onboarding",
    first="community",
    steps={"community": Step(ask_community, answer_community)},
    nav=False,
)
