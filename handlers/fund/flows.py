"""The 社区发展基金 in chat: the balance and its lines for everyone; for staff, income,
spending proposed and signed by a second person, corrections, export, a market's stall fees.

Where each step goes: `linli flows fund`, `fund_fee` (docs/flows.md).
"""

from __future__ import annotations

from decimal import Decimal

from linli.handlers.fund import service
from linli.handlers.fund.service import KIND_NAMES, SOURCE_NAMES
from linli.handlers.kit import when
from linli.handlers.kit.errors import NotAllowed, NotFound
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
from linli.handlers.kit.reply import Attachment, Reply
from linli.handlers.kit.text import raw, t
from linli.handlers.profile.service import acting_note, is_staff, screen_community
from linli.storage.models import LedgerEntry, SpendingRequest

INCOME_SOURCES = ("stall_fee", "pledge", "donation")


async def _community_id(ctx: Ctx) -> int:
    """The resident's own fund, or the one a staff member opened from the staff desk."""
    return await screen_community(ctx.uow, ctx.user, ctx.data)


async def _staff(ctx: Ctx) -> bool:
    return await is_staff(ctx.uow, ctx.user, await _community_id(ctx))


async def _require_staff(ctx: Ctx) -> None:
    if not await _staff(ctx):
        raise NotAllowed()  # a button residents are not shown, sent by payload


async def ask_fund(ctx: Ctx) -> Reply:
    """The open ledger: balance, this month, income by source, spending."""
    entries = await service.ledger(ctx.uow, await _community_id(ctx))
    summary = service.summarise(entries)
    month = f"{when.today(ctx):%Y-%m}"
    got, spent = summary.by_month.get(month, (Decimal(0), Decimal(0)))
    lines = [
        *await acting_note(ctx.uow, ctx.user, ctx.data),
        t(
            "fund-balance",
            balance=f"{summary.balance:.2f}",
            income=f"{summary.income:.2f}",
            spending=f"{summary.spending:.2f}",
        ),
        t("fund-month", month=month, income=f"{got:.2f}", spending=f"{spent:.2f}"),
    ]
    lines += [
        t("fund-source-line", source=SOURCE_NAMES.get(s, raw(s)), amount=f"{a:.2f}")
        for s, a in sorted(summary.by_source.items())
    ]
    spending = [e for e in entries if e.kind == "spending"][-8:]
    lines += [
        t(
            "fund-spending-line",
            day=e.day.isoformat(),
            amount=f"{e.amount:.2f}",
            purpose=raw(e.purpose),
            approved=raw(e.approved_by or ""),
        )
        for e in spending
    ]
    buttons = [ctx.button(t("fund-months"), "months")]
    if await _staff(ctx):
        waiting = len(await service.pending(ctx.uow, await _community_id(ctx)))
        buttons += [
            ctx.button(t("fund-add-income"), "income"),
            ctx.button(t("fund-add-spending"), "spending"),
            ctx.button(t("fund-pending", count=waiting), "pending"),
            ctx.button(t("fund-correct"), "fix"),
            ctx.button(t("fund-export"), "export"),
        ]
    buttons.append(ctx.button(t("fund-income"), "lines"))
    return Reply(messages=lines, buttons=buttons)


async def answer_fund(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "months":
        return Next("months")
    if given.value == "lines":
        ctx.data["page"] = 0
        return Next("income")
    if given.value not in ("income", "spending", "pending", "fix", "export"):
        return Stay(t("hint-use-buttons"))
    await _require_staff(ctx)
    if given.value in ("income", "spending"):
        ctx.data["kind"] = given.value
        return Next("source" if given.value == "income" else "amount")
    if given.value == "pending":
        return Next("pending")
    if given.value == "fix":
        ctx.data["page"] = 0
        return Next("pick")
    rows = service.ledger_table(await service.ledger(ctx.uow, await _community_id(ctx)))
    return Done(
        [t("fund-exported")],
        attachment=Attachment.csv(f"fund-{when.today(ctx):%Y-%m-%d}.csv", rows),
    )


async def ask_months(ctx: Ctx) -> Reply:
    """The months alone: the card is one 返回 away."""
    summary = service.summarise(await service.ledger(ctx.uow, await _community_id(ctx)))
    return Reply(
        messages=[
            t("fund-month", month=m, income=f"{i:.2f}", spending=f"{s:.2f}")
            for m, (i, s) in summary.by_month.items()
        ]
        or [t("fund-empty")]
    )


async def answer_nothing(ctx: Ctx, given: Input) -> Outcome:
    return Stay(t("hint-use-buttons"))


def _income_line(e: LedgerEntry):
    day, amount = e.day.isoformat(), f"{e.amount:.2f}"
    source, purpose = SOURCE_NAMES.get(e.source, raw(e.source)), raw(e.purpose)
    if e.donor:
        return t(
            "fund-income-line-donor",
            day=day,
            amount=amount,
            source=source,
            purpose=purpose,
            donor=raw(e.donor),
        )
    return t("fund-income-line", day=day, amount=amount, source=source, purpose=purpose)


async def ask_income(ctx: Ctx) -> Reply:
    """Each gift and fee as written, for everyone: who gave shows as they chose."""
    lines = await service.income_lines(ctx.uow, await _community_id(ctx))
    if not lines:
        return Reply(messages=[t("fund-empty")])
    page = paginate(lines, int(ctx.data.get("page", 0)))
    return Reply(
        messages=[
            t("fund-income-title", count=len(lines), page=page.number + 1, pages=page.count),
            *(_income_line(e) for e in page.items),
        ],
        buttons=page_buttons(ctx, page),
    )


async def answer_income(ctx: Ctx, given: Input) -> Outcome:
    number = page_turn(given.value)
    if number is None:
        return Stay(t("hint-use-buttons"))
    ctx.data["page"] = number
    return Redraw()


async def ask_source(ctx: Ctx) -> Reply:
    return Reply(
        messages=[t("fund-ask-source")],
        buttons=[ctx.button(SOURCE_NAMES[key], key) for key in INCOME_SOURCES],
    )


async def answer_source(ctx: Ctx, given: Input) -> Outcome:
    if given.value not in INCOME_SOURCES:
        return Stay(t("hint-use-buttons"))
    ctx.data["source"] = given.value
    return Next("amount")


async def ask_amount(ctx: Ctx) -> Reply:
    return Reply(messages=[t("fund-ask-amount")])


async def answer_amount(ctx: Ctx, given: Input) -> Outcome:
    amount = service.parse_amount(given.text)
    if amount is None or amount <= 0:
        return Stay(t("fund-ask-amount"))
    ctx.data["amount"] = str(amount)
    return Next("purpose")


async def ask_purpose(ctx: Ctx) -> Reply:
    return Reply(messages=[t("fund-ask-purpose")])


async def answer_purpose(ctx: Ctx, given: Input) -> Outcome:
    purpose = given.text.strip()
    if not purpose or len(purpose) > 200:
        return Stay(t("fund-ask-purpose"))
    ctx.data["purpose"] = purpose
    if ctx.data["kind"] == "spending":
        request = await service.propose_spending(
            ctx.uow,
            ctx.user,
            await _community_id(ctx),
            amount=Decimal(ctx.data["amount"]),
            purpose=purpose,
            day=when.today(ctx),
            now=ctx.clock.now(),
        )
        return Done([t("fund-proposed", amount=f"{request.amount:.2f}")])
    if ctx.data.get("source") == "donation":
        return Next("donor")
    return await _save(ctx, None)


async def ask_donor(ctx: Ctx) -> Reply:
    return Reply(
        messages=[t("fund-ask-donor")],
        buttons=[ctx.button(t("fund-donor-anonymous"), "anonymous")],
    )


async def answer_donor(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "anonymous":
        return await _save(ctx, service.shown_donor("", "anonymous"))
    name = given.text.strip()
    if not name or len(name) > service.MAX_DONOR:
        return Stay(t("fund-ask-donor"))
    ctx.data["donor"] = name
    return Next("donor_show")


async def ask_donor_show(ctx: Ctx) -> Reply:
    name = ctx.data["donor"]
    return Reply(
        messages=[t("fund-ask-donor-show")],
        buttons=[
            ctx.button(t("fund-donor-name", shown=raw(service.shown_donor(name, "name"))), "name"),
            ctx.button(
                t("fund-donor-masked", shown=raw(service.shown_donor(name, "masked"))), "masked"
            ),
        ],
    )


async def answer_donor_show(ctx: Ctx, given: Input) -> Outcome:
    if given.value not in ("name", "masked"):
        return Stay(t("hint-use-buttons"))
    return await _save(ctx, service.shown_donor(ctx.data["donor"], given.value))


async def _save(ctx: Ctx, donor: str | None) -> Outcome:
    market = ctx.data.get("market")
    entry = await service.add_entry(
        ctx.uow,
        ctx.user,
        await _community_id(ctx),
        kind="income",
        source=ctx.data.get("source", "donation"),
        amount=Decimal(ctx.data["amount"]),
        purpose=ctx.data["purpose"],
        day=when.today(ctx),
        now=ctx.clock.now(),
        market_id=int(market) if market else None,
        donor=donor,
    )
    return Done([t("fund-saved", id=entry.id, amount=f"{entry.amount:.2f}")])


# --- the second signature ------------------------------------------------------------------


async def ask_pending(ctx: Ctx) -> Reply:
    await _require_staff(ctx)
    waiting = await service.pending(ctx.uow, await _community_id(ctx))
    if not waiting:
        return Reply(messages=[t("fund-pending-none")])
    buttons = []
    for request in waiting[:20]:
        proposer = await ctx.uow.users.get(request.proposed_by)
        buttons.append(
            ctx.button(
                t(
                    "fund-request-line",
                    amount=f"{request.amount:.2f}",
                    purpose=raw(request.purpose),
                    who=raw(service.signature(proposer)),
                ),
                request.id,
            )
        )
    return Reply(messages=[t("fund-pending-title", count=len(waiting))], buttons=buttons)


async def answer_pending(ctx: Ctx, given: Input) -> Outcome:
    if not (given.value or "").isdigit():
        return Stay(t("hint-use-buttons"))
    ctx.data["request"] = int(given.value)
    return Next("request")


async def _request(ctx: Ctx) -> SpendingRequest:
    await _require_staff(ctx)
    request = await ctx.uow.fund.request(int(ctx.data.get("request", 0)))
    if request is None or request.community_id != await _community_id(ctx):
        raise NotFound()
    return request


async def ask_request(ctx: Ctx) -> Reply:
    request = await _request(ctx)
    proposer = await ctx.uow.users.get(request.proposed_by)
    lines = [
        t(
            "fund-request-card",
            day=request.day.isoformat(),
            amount=f"{request.amount:.2f}",
            purpose=raw(request.purpose),
            who=raw(service.signature(proposer)),
        )
    ]
    if request.corrects:
        lines.append(t("fund-request-corrects", id=request.corrects))
    if request.status != "pending":
        return Reply(messages=[*lines, t("fund-request-done")])
    if request.proposed_by == ctx.user.id:
        return Reply(messages=[*lines, t("fund-request-yours")])
    return Reply(
        messages=lines,
        buttons=[
            ctx.button(t("fund-approve"), "approve"),
            ctx.button(t("fund-decline"), "decline"),
        ],
    )


async def answer_request(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "decline":
        return Next("decline")
    if given.value != "approve":
        return Stay(t("hint-use-buttons"))
    entry = await service.approve(ctx.uow, ctx.user, int(ctx.data["request"]), ctx.clock.now())
    return Done([t("fund-approved", id=entry.id, amount=f"{entry.amount:.2f}")])


async def ask_decline(ctx: Ctx) -> Reply:
    return Reply(messages=[t("fund-ask-decline")])


async def answer_decline(ctx: Ctx, given: Input) -> Outcome:
    reason = given.text.strip()
    if not reason or len(reason) > 200:
        return Stay(t("fund-ask-decline"))
    await service.decline(ctx.uow, ctx.user, int(ctx.data["request"]), reason, ctx.clock.now())
    return Done([t("fund-declined")])


# --- corrections ---------------------------------------------------------------------------


async def ask_pick(ctx: Ctx) -> Reply:
    """The lines, newest first: the one to correct."""
    await _require_staff(ctx)
    lines = list(reversed(await service.ledger(ctx.uow, await _community_id(ctx))))
    if not lines:
        return Reply(messages=[t("fund-empty")])
    page = paginate(lines, int(ctx.data.get("page", 0)))
    buttons = [
        ctx.button(
            t(
                "fund-pick-line",
                id=e.id,
                day=e.day.isoformat(),
                kind=KIND_NAMES.get(e.kind, raw(e.kind)),
                amount=f"{e.amount:.2f}",
                purpose=raw(e.purpose),
            ),
            e.id,
        )
        for e in page.items
    ]
    return Reply(messages=[t("fund-pick")], buttons=buttons + page_buttons(ctx, page))


async def answer_pick(ctx: Ctx, given: Input) -> Outcome:
    number = page_turn(given.value)
    if number is not None:
        ctx.data["page"] = number
        return Redraw()
    if not (given.value or "").isdigit():
        return Stay(t("hint-use-buttons"))
    line = await ctx.uow.fund.line(int(given.value))
    if line is None or line.community_id != await _community_id(ctx):
        raise NotFound()
    ctx.data["corrects"] = line.id
    return Next("fix_amount")


async def ask_fix_amount(ctx: Ctx) -> Reply:
    line = await ctx.uow.fund.line(int(ctx.data["corrects"]))
    return Reply(
        messages=[
            t(
                "fund-ask-fix-amount",
                id=line.id,
                kind=KIND_NAMES.get(line.kind, raw(line.kind)),
                amount=f"{line.amount:.2f}",
                purpose=raw(line.purpose),
            )
        ]
    )


async def answer_fix_amount(ctx: Ctx, given: Input) -> Outcome:
    amount = service.parse_amount(given.text.replace("－", "-"))
    if amount is None or amount == 0:
        return Stay(t("fund-bad-fix-amount"))
    ctx.data["amount"] = str(amount)
    return Next("fix_why")


async def ask_fix_why(ctx: Ctx) -> Reply:
    return Reply(messages=[t("fund-ask-fix-why")])


async def answer_fix_why(ctx: Ctx, given: Input) -> Outcome:
    why = given.text.strip()
    if not why or len(why) > 200:
        return Stay(t("fund-ask-fix-why"))
    await _require_staff(ctx)
    line = await ctx.uow.fund.line(int(ctx.data["corrects"]))
    amount, now = Decimal(ctx.data["amount"]), ctx.clock.now()
    if line.kind == "spending":  # spending, even corrected, is signed by a second person
        await service.propose_spending(
            ctx.uow,
            ctx.user,
            await _community_id(ctx),
            amount=amount,
            purpose=why,
            day=when.today(ctx),
            now=now,
            corrects=line.id,
        )
        return Done([t("fund-proposed", amount=f"{amount:.2f}")])
    entry = await service.add_entry(
        ctx.uow,
        ctx.user,
        await _community_id(ctx),
        kind=line.kind,
        source=line.source,
        amount=amount,
        purpose=why,
        day=when.today(ctx),
        now=now,
        corrects=line.id,
    )
    return Done([t("fund-corrected", id=entry.id, old=line.id, amount=f"{entry.amount:.2f}")])


FUND_FLOW = Flow(
    name="fund",
    first="home",
    steps={
        "home": Step(
            ask_fund, answer_fund, to={"months", "income", "source", "amount", "pending", "pick"}
        ),
        "months": Step(ask_months, answer_nothing),
        "income": Step(ask_income, answer_income),
        "source": Step(ask_source, answer_source, to={"amount"}),
        "amount": Step(ask_amount, answer_amount, numbers_choose=False, to={"purpose"}),
        "purpose": Step(ask_purpose, answer_purpose, to={"donor"}, takes_text=True),
        "donor": Step(ask_donor, answer_donor, to={"donor_show"}, takes_text=True),
        "donor_show": Step(ask_donor_show, answer_donor_show),
        "pending": Step(ask_pending, answer_pending, to={"request"}),
        "request": Step(ask_request, answer_request, to={"decline"}),
        "decline": Step(ask_decline, answer_decline, takes_text=True),
        "pick": Step(ask_pick, answer_pick, to={"fix_amount"}),
        "fix_amount": Step(ask_fix_amount, answer_fix_amount, numbers_choose=False, to={"fix_why"}),
        "fix_why": Step(ask_fix_why, answer_fix_why, takes_text=True),
    },
)


# --- a market's stall fees, from its staff screen ------------------------------------------


async def ask_fee_amount(ctx: Ctx) -> Reply:
    await _require_staff(ctx)
    return Reply(messages=[t("fund-ask-fee")])


FEE_FLOW = Flow(
    name="fund_fee",
    first="amount",
    steps={
        "amount": Step(ask_fee_amount, answer_amount, numbers_choose=False, to={"purpose"}),
        "purpose": Step(ask_purpose, answer_purpose, takes_text=True),
    },
)
