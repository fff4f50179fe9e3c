"""The 社区发展基金 in chat.

fund
    home      — balance, this month, income by source, spending; staff: add, export
    source → amount → purpose → [approver] — a new line
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from linli.handlers.fund import service
from linli.handlers.kit.errors import NotAllowed
from linli.handlers.kit.flow import Ctx, Done, Flow, Input, Next, Outcome, Redraw, Stay, Step
from linli.handlers.kit.reply import Attachment, Reply
from linli.handlers.kit.text import raw, t
from linli.handlers.profile.service import is_staff

SOURCE_NAMES = {
    "stall_fee": t("fund-source-stall-fee"),
    "pledge": t("fund-source-pledge"),
    "donation": t("fund-source-donation"),
}


def _today(ctx: Ctx) -> dt.date:
    return ctx.clock.now().astimezone(ctx.config.zone).date()


async def ask_fund(ctx: Ctx) -> Reply:
    """The open ledger: balance, this month, income by source, spending."""
    entries = await service.ledger(ctx.uow, ctx.user.community_id)
    summary = service.summarise(entries)
    month = f"{_today(ctx):%Y-%m}"
    got, spent = summary.by_month.get(month, (Decimal(0), Decimal(0)))
    lines = [
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
    if await is_staff(ctx.uow, ctx.user, ctx.user.community_id):
        buttons += [
            ctx.button(t("fund-add-income"), "income"),
            ctx.button(t("fund-add-spending"), "spending"),
            ctx.button(t("fund-export"), "export"),
        ]
    return Reply(messages=lines, buttons=buttons)


async def answer_fund(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "months":
        summary = service.summarise(await service.ledger(ctx.uow, ctx.user.community_id))
        return Redraw(
            [
                t("fund-month", month=m, income=f"{i:.2f}", spending=f"{s:.2f}")
                for m, (i, s) in summary.by_month.items()
            ]
            or [t("fund-empty")]
        )
    if given.value in ("income", "spending"):
        if not await is_staff(ctx.uow, ctx.user, ctx.user.community_id):
            raise NotAllowed()
        ctx.data["kind"] = given.value
        return Next("source" if given.value == "income" else "amount")
    if given.value == "export":
        if not await is_staff(ctx.uow, ctx.user, ctx.user.community_id):
            raise NotAllowed()
        data = service.ledger_csv(await service.ledger(ctx.uow, ctx.user.community_id))
        return Done(
            [t("fund-exported")],
            attachment=Attachment(f"fund-{_today(ctx):%Y-%m-%d}.csv", "text/csv", data),
        )
    return Stay(t("hint-use-buttons"))


async def ask_source(ctx: Ctx) -> Reply:
    return Reply(
        messages=[t("fund-ask-source")],
        buttons=[ctx.button(label, key) for key, label in SOURCE_NAMES.items()],
    )


async def answer_source(ctx: Ctx, given: Input) -> Outcome:
    if given.value not in SOURCE_NAMES:
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
        return Next("approver")
    return await _save(ctx, None)


async def ask_approver(ctx: Ctx) -> Reply:
    return Reply(messages=[t("fund-ask-approver")])


async def answer_approver(ctx: Ctx, given: Input) -> Outcome:
    approver = given.text.strip()
    if not approver or len(approver) > 100:
        return Stay(t("fund-ask-approver"))
    return await _save(ctx, approver)


async def _save(ctx: Ctx, approver: str | None) -> Outcome:
    entry = await service.add_entry(
        ctx.uow,
        ctx.user,
        ctx.user.community_id,
        kind=ctx.data["kind"],
        source=ctx.data.get("source", "spending"),
        amount=Decimal(ctx.data["amount"]),
        purpose=ctx.data["purpose"],
        approved_by=approver,
        day=_today(ctx),
        now=ctx.clock.now(),
    )
    return Done([t("fund-saved", id=entry.id, amount=f"{entry.amount:.2f}")])


FUND_FLOW = Flow(
    name="fund",
    first="home",
    steps={
        "home": Step(ask_fund, answer_fund),
        "source": Step(ask_source, answer_source),
        "amount": Step(ask_amount, answer_amount, numbers_choose=False),
        "purpose": Step(ask_purpose, answer_purpose),
        "approver": Step(ask_approver, answer_approver),
    },
)
