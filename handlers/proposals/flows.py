"""金点子 in chat: browse, support, report and propose ideas; staff take them through
meeting, summary, adoption or decline, merging, progress and hiding.

Where each step goes: `linli flows proposals`, `proposal_new` (docs/flows.md).
"""

from __future__ import annotations

import datetime as dt

from linli.handlers.kit import when
from linli.handlers.kit.errors import DomainError, NotFound
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
from linli.handlers.kit.parse import whole_number
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.spoken_time import Problem, explain, read_moment
from linli.handlers.kit.text import raw, t
from linli.handlers.profile.service import acting_note, is_staff, screen_community
from linli.handlers.proposals import meetings, service
from linli.handlers.proposals.service import CARRIERS, CATEGORIES, LEVELS
from linli.handlers.proposals.states import STATE_NAMES
from linli.storage.models import Proposal

FILTERS = {
    "collecting": t("proposals-collecting"),
    "deliberating": t("proposals-deliberating"),
    "adopted": t("proposals-adopted"),
    "all": t("proposals-all"),
    "category": t("proposals-by-category"),
    "mine": t("proposals-mine"),
    "supported": t("proposals-supported"),
}
STEP_NAMES = {
    "summary": t("proposal-step-summary"),
    "progress": t("proposal-step-progress"),
    "hidden": t("proposal-step-hidden"),
    "shown": t("proposal-step-shown"),
    "moved": t("meeting-step-moved"),
}


async def _here(ctx: Ctx) -> int:
    return await screen_community(ctx.uow, ctx.user, ctx.data)


async def ask_home(ctx: Ctx) -> Reply:
    """What to do with 金点子."""
    note = await acting_note(ctx.uow, ctx.user, ctx.data)
    # Opened from the staff desk for another community: one's own ideas go in one's own.
    buttons = [] if note else [ctx.button(t("proposals-new"), "new")]
    buttons += [ctx.button(label, key) for key, label in FILTERS.items()]
    buttons.append(ctx.button(t("proposals-figures"), "figures"))
    if await is_staff(ctx.uow, ctx.user, await _here(ctx)):
        waiting = await service.review_queue(ctx.uow, ctx.user, await _here(ctx))
        if waiting:
            buttons.insert(0, ctx.button(t("proposals-review", count=len(waiting)), "review"))
    return Reply(messages=[*note, t("proposals-home")], buttons=buttons)


async def answer_home(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "new":
        return Switch("proposal_new")
    if given.value == "figures":
        figures = await service.figures(ctx.uow, await _here(ctx))
        rate = figures.satisfaction
        lines = [
            t("proposals-figure-line", state=STATE_NAMES[state], count=count)
            for state, count in sorted(figures.by_state.items())
        ]
        lines.append(
            t(
                "proposals-figures-text",
                street=figures.adopted_by["街道"],
                community=figures.adopted_by["社区"],
                district=figures.adopted_by["区"],
            )
        )
        if rate is None:
            lines.append(t("proposals-no-ratings"))
        else:
            lines.append(t("proposals-satisfaction", ratings=figures.ratings, rate=rate))
        return Redraw(lines)
    if given.value == "category":
        return Next("category")
    if given.value in FILTERS or given.value == "review":
        ctx.data.update(filter=given.value, page=0)
        return Next("list")
    return Stay(t("hint-use-buttons"))


async def ask_category(ctx: Ctx) -> Reply:
    return Reply(
        messages=[t("proposals-pick-category")], buttons=[ctx.button(raw(c), c) for c in CATEGORIES]
    )


async def answer_category(ctx: Ctx, given: Input) -> Outcome:
    if given.value not in CATEGORIES:
        return Stay(t("hint-use-buttons"))
    ctx.data.update(filter="category", category=given.value, page=0)
    return Next("list")


async def _items(ctx: Ctx) -> list[Proposal]:
    kind = ctx.data.get("filter", "all")
    if kind == "review":
        return await service.review_queue(ctx.uow, ctx.user, await _here(ctx))
    if kind == "deliberating":
        return [
            p
            for p in await service.listing(ctx.uow, ctx.user, community_id=await _here(ctx))
            if p.state in ("pending", "scheduled")
        ]
    return await service.listing(
        ctx.uow,
        ctx.user,
        community_id=await _here(ctx),
        # 已立项的 keeps those carried out to the end: done is where adopted ones arrive.
        state={"collecting": "collecting", "adopted": ("adopted", "done")}.get(kind),
        category=ctx.data.get("category") if kind == "category" else None,
        mine=kind == "mine",
        supported=kind == "supported",
    )


async def ask_list(ctx: Ctx) -> Reply:
    items = await _items(ctx)
    if not items:
        return Reply(messages=[t("proposals-none")])
    page = paginate(items, int(ctx.data.get("page", 0)))
    buttons = [
        ctx.button(
            t(
                "proposals-line",
                title=raw(p.title),
                state=STATE_NAMES[p.state],
                supports=p.supports,
            ),
            p.id,
        )
        for p in page.items
    ]
    messages = [t("proposals-list-title", count=len(items))]
    if page.count > 1:
        messages.append(t("list-page", page=page.number + 1, pages=page.count))
    return Reply(messages=messages, buttons=buttons + page_buttons(ctx, page))


async def answer_list(ctx: Ctx, given: Input) -> Outcome:
    turn = page_turn(given.value)
    if turn is not None:
        ctx.data["page"] = turn
        return Redraw()
    if not (given.value or "").isdigit():
        return Stay(t("hint-use-buttons"))
    ctx.data["proposal"] = int(given.value)
    return Next("card")


async def _proposal(ctx: Ctx) -> Proposal:
    return await service.visible(ctx.uow, ctx.user, int(ctx.data.get("proposal", 0)))


async def ask_card(ctx: Ctx) -> Reply:
    """The proposal, its support against the threshold, and its timeline."""
    proposal = await _proposal(ctx)
    zone = ctx.config.zone
    messages = [
        t(
            "proposal-card",
            id=proposal.id,
            title=raw(proposal.title),
            state=STATE_NAMES[proposal.state],
            category=raw(proposal.category),
            level=raw(proposal.level),
        ),
        raw(proposal.description),
    ]
    if proposal.state == "collecting":
        left = max((proposal.window_ends_at - ctx.clock.now()).days, 0)
        messages.append(
            t(
                "proposal-support-count",
                supports=proposal.supports,
                threshold=proposal.threshold,
                days=left,
            )
        )
    for step in await service.timeline(ctx.uow, proposal):
        day = when.date(when.day_of(step.at, zone))
        what = STATE_NAMES[step.state] if step.kind == "state" else STEP_NAMES[step.kind]
        messages.append(t("proposal-timeline-line", when=day, what=what, text=raw(step.text or "")))
    buttons = []
    merged_into = await _merged_into(ctx, proposal)
    if merged_into is not None:
        # The timeline only says "#12": name the proposal it lives on in, and open it.
        title = raw(merged_into.title)
        messages.append(t("proposal-merged-into", id=merged_into.id, title=title))
        buttons.append(
            ctx.button(t("proposal-open-merged", id=merged_into.id, title=title), "into")
        )
    staff = await is_staff(ctx.uow, ctx.user, proposal.community_id)
    following = ctx.user.id in await service.followers(ctx.uow, proposal)
    resident = proposal.community_id == ctx.user.community_id  # only they may 附议
    if proposal.state == "collecting" and not following and resident:  # nor the author
        buttons.append(ctx.button(t("proposal-support"), "support"))
    if proposal.author_id != ctx.user.id and not staff:
        buttons.append(ctx.button(t("proposal-report"), "report"))
    if (
        proposal.state == "done"
        and following
        and not await service.has_rated(ctx.uow, ctx.user, proposal)
    ):
        buttons.insert(0, ctx.button(t("proposal-rate"), "rate"))
    if staff:
        actions = {
            "pending": ["meeting", "merge"],
            "scheduled": ["summary", "adopt", "decline", "merge"],
            "collecting": ["merge"],
            "adopted": ["progress"],
        }.get(proposal.state, [])
        buttons += [ctx.button(STAFF_ACTIONS[a], a) for a in actions]
        buttons.append(
            ctx.button(t("proposal-restore") if proposal.hidden else t("proposal-hide"), "hide")
        )
        if proposal.hidden:  # reviewed and hidden for good, with a reason the author reads
            buttons.append(ctx.button(t("proposal-keep-hidden"), "keep"))
    return Reply(messages=messages, buttons=buttons, image=proposal.image)


STAFF_ACTIONS = {
    "meeting": t("proposal-do-meeting"),
    "summary": t("proposal-do-summary"),
    "adopt": t("proposal-do-adopt"),
    "decline": t("proposal-do-decline"),
    "merge": t("proposal-do-merge"),
    "progress": t("proposal-do-progress"),
}


async def _merged_into(ctx: Ctx, proposal: Proposal) -> Proposal | None:
    """The proposal this one was merged into, if the user may see it."""
    if proposal.state != "merged" or proposal.merged_into is None:
        return None
    try:
        return await service.visible(ctx.uow, ctx.user, proposal.merged_into)
    except DomainError:
        return None


async def answer_card(ctx: Ctx, given: Input) -> Outcome:
    proposal = await _proposal(ctx)
    if given.value == "into":
        target = await _merged_into(ctx, proposal)
        if target is None:
            raise NotFound()
        ctx.data["proposal"] = target.id
        return Redraw()
    if given.value == "support":
        await service.support(ctx.uow, ctx.user, proposal.id, ctx.clock.now())
        return Redraw([t("proposal-supported")])
    if given.value == "report":
        await service.report(
            ctx.uow, ctx.user, proposal.id, ctx.clock.now(), ctx.config.proposal_report_limit
        )
        return Redraw([t("proposal-reported")])
    if given.value in (*STAFF_ACTIONS, "hide", "rate"):
        ctx.data["keep"] = False
        return Next(given.value)
    if given.value == "keep":
        ctx.data["keep"] = True
        return Next("hide")
    return Stay(t("hint-use-buttons"))


def _typed(prompt_key: str):
    """A staff step that takes one typed line and acts on the proposal with it."""

    async def ask(ctx: Ctx) -> Reply:
        await _proposal(ctx)
        return Reply(messages=[PROMPTS[prompt_key]])

    return ask


PROMPTS = {
    "meeting": t("proposal-ask-meeting"),
    "summary": t("proposal-ask-summary"),
    "decline": t("proposal-ask-reason"),
    "merge": t("proposal-ask-merge"),
    "progress": t("proposal-ask-progress"),
    "hide": t("proposal-ask-reason"),
}


def _meeting(ctx: Ctx, text: str) -> tuple[dt.datetime, str] | Problem | None:
    """The moment and the place of `12-05 19:00 社区议事厅` or `明天晚上7点 议事厅`: the
    moment is read from the first two words, else the first one; the rest is the place."""
    words = text.strip().split()
    problem = None
    for count in (2, 1):
        if len(words) <= count:
            continue
        moment = read_moment(" ".join(words[:count]), when.today(ctx), ctx.config.zone, future=True)
        if isinstance(moment, Problem):
            problem = problem or moment
        elif moment is not None:
            return moment, " ".join(words[count:])
    return problem


async def ask_meeting(ctx: Ctx) -> Reply:
    """The community's meetings to come, to put the proposal on one, or a new time to type."""
    proposal = await _proposal(ctx)
    ahead = await meetings.upcoming(ctx.uow, ctx.user, proposal.community_id, ctx.clock.now())
    ahead = ahead[:8]
    if not ahead:
        return Reply(messages=[PROMPTS["meeting"]])
    counts = await meetings.item_counts(ctx.uow, ahead)
    buttons = [
        ctx.button(
            t(
                "meeting-choice",
                when=when.moment(m.starts_at, ctx.config.zone),
                place=raw(m.place),
                count=counts.get(m.id, 0),
            ),
            f"m{m.id}",
        )
        for m in ahead
    ]
    return Reply(messages=[t("meeting-ask")], buttons=buttons)


async def answer_meeting(ctx: Ctx, given: Input) -> Outcome:
    """A meeting to come, pressed; or `12-05 19:00 社区议事厅` typed (that meeting if the
    community has one then and there, else a new one). A wrong date or time is named
    (没有2月30日, 25:00不是有效时间)."""
    proposal = await _proposal(ctx)
    value = given.value or ""
    if value.startswith("m") and value[1:].isdigit():
        await meetings.add_item(
            ctx.uow, ctx.user, int(value[1:]), proposal.id, ctx.clock.now(), ctx.config
        )
        return Done([t("proposal-done-staff")])
    found = _meeting(ctx, given.text)
    if isinstance(found, Problem):
        return Stay(explain(found))
    if found is None:
        return Stay(PROMPTS["meeting"])
    starts_at, place = found
    await meetings.place_on(
        ctx.uow,
        ctx.user,
        proposal.id,
        starts_at=starts_at,
        place=place,
        now=ctx.clock.now(),
        config=ctx.config,
    )
    return Done([t("proposal-done-staff")])


async def answer_summary(ctx: Ctx, given: Input) -> Outcome:
    await service.record_summary(
        ctx.uow, ctx.user, int(ctx.data["proposal"]), given.text, ctx.clock.now(), ctx.config
    )
    return Done([t("proposal-done-staff")])


async def ask_adopt(ctx: Ctx) -> Reply:
    await _proposal(ctx)
    return Reply(
        messages=[t("proposal-ask-carrier")], buttons=[ctx.button(raw(c), c) for c in CARRIERS]
    )


async def answer_adopt(ctx: Ctx, given: Input) -> Outcome:
    if given.value not in CARRIERS:
        return Stay(t("hint-use-buttons"))
    await service.adopt(
        ctx.uow, ctx.user, int(ctx.data["proposal"]), given.value, ctx.clock.now(), ctx.config
    )
    return Done([t("proposal-done-staff")])


async def answer_decline(ctx: Ctx, given: Input) -> Outcome:
    await service.decline(
        ctx.uow, ctx.user, int(ctx.data["proposal"]), given.text, ctx.clock.now(), ctx.config
    )
    return Done([t("proposal-done-staff")])


async def answer_merge(ctx: Ctx, given: Input) -> Outcome:
    number = whole_number(given.text.strip().lstrip("#＃"), 1)
    if number is None:
        return Stay(PROMPTS["merge"])
    await service.merge(
        ctx.uow, ctx.user, int(ctx.data["proposal"]), number, ctx.clock.now(), ctx.config
    )
    return Done([t("proposal-done-staff")])


async def answer_progress(ctx: Ctx, given: Input) -> Outcome:
    """`60 路面已铺好`."""
    head, _, text = given.text.strip().partition(" ")
    percent = whole_number(head.rstrip("%％"), 0, 100)
    if percent is None:
        return Stay(PROMPTS["progress"])
    await service.post_progress(
        ctx.uow, ctx.user, int(ctx.data["proposal"]), percent, text, ctx.clock.now()
    )
    return Done([t("proposal-done-staff")])


async def answer_hide(ctx: Ctx, given: Input) -> Outcome:
    proposal = await _proposal(ctx)
    hidden = True if ctx.data.get("keep") else not proposal.hidden
    await service.set_hidden(ctx.uow, ctx.user, proposal.id, hidden, given.text, ctx.clock.now())
    return Done([t("proposal-done-staff")])


async def ask_rate(ctx: Ctx) -> Reply:
    proposal = await _proposal(ctx)
    return Reply(
        messages=[t("proposal-rate-ask", title=raw(proposal.title))],
        buttons=[ctx.button(raw(str(n)), n) for n in range(1, 6)],
    )


async def answer_rate(ctx: Ctx, given: Input) -> Outcome:
    if given.value not in ("1", "2", "3", "4", "5"):
        return Stay(t("hint-use-buttons"))
    await service.rate(
        ctx.uow, ctx.user, int(ctx.data["proposal"]), int(given.value), ctx.clock.now()
    )
    return Done([t("proposal-rated", score=int(given.value))])


PROPOSALS_FLOW = Flow(
    name="proposals",
    first="home",
    steps={
        "home": Step(ask_home, answer_home, to={"category", "list"}, switch={"proposal_new"}),
        "category": Step(ask_category, answer_category, to={"list"}),
        "list": Step(ask_list, answer_list, to={"card"}),
        "card": Step(
            ask_card,
            answer_card,
            to={"meeting", "summary", "adopt", "decline", "merge", "progress", "hide", "rate"},
        ),
        "meeting": Step(ask_meeting, answer_meeting, takes_text=True),
        "summary": Step(_typed("summary"), answer_summary, takes_text=True),
        "adopt": Step(ask_adopt, answer_adopt),
        "decline": Step(_typed("decline"), answer_decline, takes_text=True),
        "merge": Step(_typed("merge"), answer_merge, takes_text=True),
        "progress": Step(_typed("progress"), answer_progress, numbers_choose=False),
        "hide": Step(_typed("hide"), answer_hide, takes_text=True),
        "rate": Step(ask_rate, answer_rate),
    },
)


# --- a new proposal ---


async def ask_title(ctx: Ctx) -> Reply:
    return Reply(messages=[t("proposal-ask-title", limit=service.TITLE_MAX)])


async def answer_title(ctx: Ctx, given: Input) -> Outcome:
    title = given.text.strip()
    if not title or len(title) > service.TITLE_MAX:
        return Stay(t("proposal-ask-title", limit=service.TITLE_MAX))
    ctx.data["title"] = title
    # Similar ones are offered as soon as the title is known, before anything more is typed.
    found = await service.similar(ctx.uow, ctx.user.community_id, title)
    return Next("similar" if found else "text")


async def ask_text(ctx: Ctx) -> Reply:
    return Reply(messages=[t("proposal-ask-text", limit=service.TEXT_MAX)])


async def answer_text(ctx: Ctx, given: Input) -> Outcome:
    if given.image:
        ctx.data["image"] = given.image
    text = given.text.strip()
    if not text or len(text) > service.TEXT_MAX:
        return Stay(t("proposal-ask-text", limit=service.TEXT_MAX))
    ctx.data["text"] = text
    return Next("category")


async def ask_new_category(ctx: Ctx) -> Reply:
    return Reply(
        messages=[t("proposals-pick-category")], buttons=[ctx.button(raw(c), c) for c in CATEGORIES]
    )


async def answer_new_category(ctx: Ctx, given: Input) -> Outcome:
    if given.value not in CATEGORIES:
        return Stay(t("hint-use-buttons"))
    ctx.data["category"] = given.value
    return Next("level")


async def ask_level(ctx: Ctx) -> Reply:
    return Reply(
        messages=[t("proposal-ask-level")],
        buttons=[ctx.button(raw(level), level) for level in LEVELS],
    )


async def answer_level(ctx: Ctx, given: Input) -> Outcome:
    if given.value not in LEVELS:
        return Stay(t("hint-use-buttons"))
    ctx.data["level"] = given.value
    return Next("confirm")


async def ask_similar(ctx: Ctx) -> Reply:
    """Up to 3 similar proposals: supporting one may serve better than a new one."""
    found = await service.similar(ctx.uow, ctx.user.community_id, ctx.data["title"])
    buttons = [
        ctx.button(t("proposal-support-instead", title=raw(p.title)), p.id)
        for p in found
        if p.author_id != ctx.user.id and p.state == "collecting"
    ]
    buttons.append(ctx.button(t("proposal-submit-anyway"), "new"))
    lines = [
        t("proposals-line", title=raw(p.title), state=STATE_NAMES[p.state], supports=p.supports)
        for p in found
    ]
    return Reply(messages=[t("proposal-similar"), *lines], buttons=buttons)


async def answer_similar(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "new":
        return Next("text")
    if (given.value or "").isdigit():
        await service.support(ctx.uow, ctx.user, int(given.value), ctx.clock.now())
        return Done([t("proposal-supported")])
    return Stay(t("hint-use-buttons"))


async def ask_confirm(ctx: Ctx) -> Reply:
    return Reply(
        messages=[
            t(
                "proposal-confirm",
                title=raw(ctx.data["title"]),
                category=raw(ctx.data["category"]),
                level=raw(ctx.data["level"]),
            ),
            raw(ctx.data["text"]),
        ],
        buttons=[ctx.button(t("proposal-publish"), "yes")],
        image=ctx.data.get("image"),
    )


async def answer_confirm(ctx: Ctx, given: Input) -> Outcome:
    if given.value != "yes":
        return Stay(t("hint-use-buttons"))
    proposal = await service.submit(
        ctx.uow,
        ctx.user,
        title=ctx.data["title"],
        description=ctx.data["text"],
        category=ctx.data["category"],
        level=ctx.data["level"],
        now=ctx.clock.now(),
        image=ctx.data.get("image"),
    )
    return Done(
        [
            t(
                "proposal-published",
                id=proposal.id,
                threshold=proposal.threshold,
                days=service.WINDOW.days,
            )
        ]
    )


NEW_PROPOSAL_FLOW = Flow(
    name="proposal_new",
    first="title",
    steps={
        "title": Step(ask_title, answer_title, to={"similar", "text"}, takes_text=True),
        "text": Step(ask_text, answer_text, to={"category"}, takes_text=True),
        "category": Step(ask_new_category, answer_new_category, to={"level"}),
        "level": Step(ask_level, answer_level, to={"confirm"}),
        "similar": Step(ask_similar, answer_similar, to={"text"}),
        "confirm": Step(ask_confirm, answer_confirm),
    },
)


async def rate_action(ctx: Ctx, argument: str) -> Outcome:
    """`do|rate|ID.SCORE` — one tap on the rating question."""
    proposal, _, score = argument.partition(".")
    if not proposal.isdigit() or not score.isdigit():
        raise NotFound()
    await service.rate(ctx.uow, ctx.user, int(proposal), int(score), ctx.clock.now())
    return Done([t("proposal-rated", score=int(score))])
