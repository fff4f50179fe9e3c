"""数据图表 in chat, from the staff desk: pick a chart (and the months it covers); it comes
as a picture where the channel shows one (Telegram, the terminal's saved file), and always
as lines of text with the same numbers (all that WeChat's passive reply can carry).

Where each step goes: `linli flows figures` (docs/flows.md).
"""

from __future__ import annotations

from linli.handlers.figures import charts
from linli.handlers.figures.service import SPANS, Period
from linli.handlers.kit import when
from linli.handlers.kit.flow import Ctx, Done, Flow, Input, Next, Outcome, Stay, Step
from linli.handlers.kit.reply import Attachment, Reply
from linli.handlers.kit.text import t
from linli.handlers.profile.service import acting_community, acting_note

DEFAULT_SPAN = 12


def _period(ctx: Ctx) -> Period:
    months = ctx.data.get("months", DEFAULT_SPAN)
    return Period.ending(when.today(ctx), months if months in SPANS else DEFAULT_SPAN)


async def ask_choose(ctx: Ctx) -> Reply:
    """Which chart, for the months shown; or change the months."""
    await acting_community(ctx.uow, ctx.user, ctx.data)  # staff only
    period = _period(ctx)
    buttons = [ctx.button(charts.TITLES[name], name) for name in charts.NAMES]
    buttons.append(ctx.button(t("figures-change-span"), "span"))
    return Reply(
        messages=[
            *await acting_note(ctx.uow, ctx.user, ctx.data),
            t(
                "figures-home",
                first=f"{period.first:%Y-%m}",
                last=f"{period.last:%Y-%m}",
                months=len(period.months),
            ),
        ],
        buttons=buttons,
    )


async def answer_choose(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "span":
        return Next("span")
    if given.value not in charts.NAMES:
        return Stay(t("hint-use-buttons"))
    community = await acting_community(ctx.uow, ctx.user, ctx.data)
    period = _period(ctx)
    chart = await charts.chart(
        ctx.uow, ctx.user, community.id, given.value, period, ctx.config.zone, ctx.clock.now()
    )
    return Done(
        charts.lines(chart),
        attachment=Attachment.picture(charts.filename(given.value, period, "png"), chart),
    )


async def ask_span(ctx: Ctx) -> Reply:
    """How many months, ending with this one."""
    return Reply(
        messages=[t("figures-ask-span")],
        buttons=[ctx.button(t("figures-span", months=n), n) for n in SPANS],
    )


async def answer_span(ctx: Ctx, given: Input) -> Outcome:
    if not (given.value or "").isdigit() or int(given.value) not in SPANS:
        return Stay(t("hint-use-buttons"))
    ctx.data["months"] = int(given.value)
    return Next("choose")


FLOW = Flow(
    name="figures",
    first="choose",
    steps={
        "choose": Step(ask_choose, answer_choose, to={"span"}),
        "span": Step(ask_span, answer_span, to={"choose"}),
    },
)
