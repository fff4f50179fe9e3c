"""The privacy notice (个人信息保护告知) and the yes before anything personal is kept.

The engine sends every message of someone who has not agreed to the current version
here (`Wiring.consent`); staff-registered residents (channel "offline") are exempt, their
consent is taken in person. Yes records the version and the time, keeps the name the
channel gave, and goes on to onboarding (or the place a QR code named). No from a
newcomer forgets them entirely; no from someone who agreed to an older version keeps what
they had and serves nothing until they agree.

Where each step goes: `linli flows consent` (docs/flows.md).
"""

from __future__ import annotations

from linli.handlers.kit.errors import DomainError
from linli.handlers.kit.flow import Ctx, Done, Flow, Input, Outcome, Redraw, Stay, Step
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.text import Text, raw, t
from linli.handlers.profile import onboarding, service

FLOW_NAME = "consent"
# Typed answers, in both languages (a number or a button works too).
YES_WORDS = {"同意", "我同意", "好", "好的", "可以", "是", "yes", "y", "agree", "i agree", "ok"}
NO_WORDS = {"不同意", "不", "不要", "拒绝", "否", "no", "n", "disagree", "refuse"}
MAX_FACILITIES_NAMED = 5  # the notice stays short; the full text has them all


async def notice(ctx: Ctx) -> list[Text]:
    """The short notice: who runs the service, what is kept, why, how long, whom to ask."""
    privacy = ctx.config.privacy
    operator = raw(privacy.operator) if privacy.operator else t("consent-operator-default")
    lines = [
        t(
            "consent-notice",
            operator=operator,
            conversation_days=privacy.conversation_days,
            push_days=privacy.push_days,
            audit_years=privacy.audit_years,
        )
    ]
    named = await ctx.uow.facilities.needing_names()
    if named:
        shown = "、".join(f.name for f in named[:MAX_FACILITIES_NAMED])
        if len(named) > MAX_FACILITIES_NAMED:
            shown += "…"
        lines.append(t("consent-notice-names", facilities=raw(shown)))
    if privacy.url:
        lines.append(t("consent-notice-link", url=raw(privacy.url)))
    return lines


async def ask_notice(ctx: Ctx) -> Reply:
    says = [t("consent-updated")] if ctx.user.consent_version is not None else []
    says += await notice(ctx)
    says.append(t("consent-ask", version=raw(ctx.config.privacy.version)))
    other = onboarding.SWITCH_TO[ctx.user.locale]
    return Reply(
        messages=says,
        buttons=[
            ctx.button(t("consent-agree"), "yes"),
            ctx.button(t("consent-refuse"), "no"),
            ctx.button(t("onboarding-switch-language"), f"lang:{other}"),
        ],
    )


async def answer_notice(ctx: Ctx, given: Input) -> Outcome:
    value = given.value or _typed(given.text)
    if value and value.startswith("lang:"):
        # The language is no personal data: it is needed to show the notice at all.
        service.set_language(ctx.user, onboarding.SWITCH_TO[ctx.user.locale])
        return Redraw()
    if value == "yes":
        service.record_consent(ctx.user, ctx.config.privacy.version, ctx.clock.now())
        if ctx.display_name:
            ctx.user.display_name = ctx.display_name
        said = [t("consent-thanks")]
        scene = ctx.data.get("start")
        if scene:
            # A torn or used-up household code must not undo the yes: they hear why and
            # go on to choose their community as anyone else.
            try:
                placed = await onboarding.start_command(ctx, scene)
            except DomainError as error:
                said.append(error.message)
            else:
                said += placed.say
        return Done(said)
    if value == "no":
        if service.is_newcomer(ctx.user) and not await ctx.uow.roles.any_for(ctx.user.id):
            ctx.forget = True
            return Done([t("consent-refused")], show_menu=False)
        return Done([t("consent-refused-kept")], show_menu=False)
    return Stay(t("consent-hint"))


def _typed(text: str) -> str | None:
    word = text.strip().strip("。.!！").lower()
    if word in YES_WORDS:
        return "yes"
    if word in NO_WORDS:
        return "no"
    return None


FLOW = Flow(
    name=FLOW_NAME,
    first="notice",
    steps={"notice": Step(ask_notice, answer_notice)},
    nav=False,
    needs_community=False,
)
