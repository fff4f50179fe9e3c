"""我的数据: see everything kept about me, take a copy, correct it, erase my account.

Where each step goes: `linli flows mydata` (docs/flows.md).
"""

from __future__ import annotations

from linli.handlers.kit import ids, when
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
from linli.handlers.kit.text import t
from linli.handlers.profile import privacy, service

SEE_PAGE = 12  # short lines a page: the whole record in a few screens
YES_WORDS = ("确定", "确定删除", "yes", "delete")


async def _document(ctx: Ctx) -> dict:
    return await privacy.gather(ctx.uow, ctx.user, ctx.clock.now())


async def ask_home(ctx: Ctx) -> Reply:
    return Reply(
        messages=[t("mydata-intro")],
        buttons=[
            ctx.button(t("mydata-see"), "see"),
            ctx.button(t("mydata-export"), "export"),
            ctx.button(t("mydata-correct"), "correct"),
            ctx.button(t("mydata-erase"), "erase"),
        ],
    )


async def answer_home(ctx: Ctx, given: Input) -> Outcome:
    if given.value in ("see", "export", "correct", "erase"):
        ctx.data["page"] = 0
        return Next(given.value)
    return Stay(t("hint-use-buttons"))


async def ask_see(ctx: Ctx) -> Reply:
    """Everything kept, section by section, a page of short lines at a time."""
    lines = privacy.summary_lines(await _document(ctx), ctx.config.zone)
    page = paginate(lines, int(ctx.data.get("page", 0)), SEE_PAGE)
    messages = []
    if page.count > 1:
        messages.append(t("list-page", page=page.number + 1, pages=page.count))
    return Reply(messages=[*messages, *page.items], buttons=page_buttons(ctx, page))


async def answer_pages(ctx: Ctx, given: Input) -> Outcome:
    turn = page_turn(given.value)
    if turn is not None:
        ctx.data["page"] = turn
        return Redraw()
    return Stay(t("hint-use-buttons"))


async def ask_export(ctx: Ctx) -> Reply:
    """The data as a JSON file, with a readable table to ask for; where the channel cannot
    send files (WeChat), the text pages and, if the server has a public address, a link."""
    if service.takes_files(ctx.user):
        # Not audited: showing a screen writes nothing (a resident's own copy is theirs).
        document = await _document(ctx)
        return Reply(
            messages=[t("mydata-exported"), *privacy.counts(document)],
            buttons=[ctx.button(t("mydata-summary-file"), "summary")],
            attachment=privacy.json_file(document, when.today(ctx)),
        )
    buttons = [ctx.button(t("mydata-see"), "see")]
    if ctx.config.export_link_base:
        buttons.append(ctx.button(t("mydata-get-link"), "link"))
    return Reply(messages=[t("mydata-no-files")], buttons=buttons)


async def answer_export(ctx: Ctx, given: Input) -> Outcome:
    """The readable table as a file, the text pages, or a one-time link (made here, in
    the answer, so that a redrawn screen never makes another)."""
    if given.value == "summary" and service.takes_files(ctx.user):
        document = await _document(ctx)
        return Done(
            [t("mydata-summary-sent")],
            attachment=privacy.summary_file(document, ctx.config.zone, when.today(ctx)),
        )
    if given.value == "see":
        ctx.data["page"] = 0
        return Next("see")
    if given.value == "link" and ctx.config.export_link_base:
        url = await privacy.new_link(ctx.uow, ctx.user, ctx.clock.now(), ctx.config)
        hours = int(privacy.LINK_TTL.total_seconds() // 3600)
        return Done([t("mydata-link-ready", url=url, hours=hours)])
    return Stay(t("hint-use-buttons"))


async def ask_correct(ctx: Ctx) -> Reply:
    """What can be changed here, and where the rest comes from."""
    return Reply(
        messages=[t("mydata-correct-intro")],
        buttons=[
            ctx.button(t("profile-change-community"), "profile"),
            ctx.button(t("profile-change-building"), "place"),
            ctx.button(t("profile-change-language"), "language"),
        ],
    )


async def answer_correct(ctx: Ctx, given: Input) -> Outcome:
    if given.value in ("profile", "place", "language"):
        return Switch(given.value)
    return Stay(t("hint-use-buttons"))


async def ask_erase(ctx: Ctx) -> Reply:
    upcoming = await ctx.uow.booking.upcoming_for(ctx.user.id, ctx.clock.now())
    return Reply(
        messages=[t("mydata-erase-what", bookings=len(upcoming)), t("mydata-erase-sure")],
        buttons=[ctx.button(t("mydata-erase-yes"), "yes")],
    )


async def answer_erase(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "yes" or given.text.strip().lower() in YES_WORDS:
        cancelled = await privacy.erase(
            ctx.uow, ctx.user, ctx.clock.now(), ctx.config, actor=ids.actor(ctx.user)
        )
        # No menu: the account is gone; writing again starts afresh.
        return Done([t("mydata-erased", bookings=cancelled)], show_menu=False)
    return Stay(t("mydata-erase-sure"))


FLOW = Flow(
    name="mydata",
    first="home",
    steps={
        "home": Step(ask_home, answer_home, to={"see", "export", "correct", "erase"}),
        "see": Step(ask_see, answer_pages),
        "export": Step(ask_export, answer_export, to={"see"}),
        "correct": Step(ask_correct, answer_correct, switch={"profile", "place", "language"}),
        "erase": Step(ask_erase, answer_erase, takes_text=True),
    },
)
