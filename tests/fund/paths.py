"""How to reach each step of the fund."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from linli.handlers.fund import service as fund
from tests import factories
from tests.market.paths import MARKET, a_market
from tests.walk import Walk

FUND = ["menu-market", "market-fund"]


async def _boss(db, clock):
    boss = await factories.staff(db, clock, "boss", "xinhuashe")
    async with db.uow() as uow:
        return await uow.users.get(boss.id), await uow.communities.by_code("xinhuashe")


async def a_line(db, clock, conversation, translator) -> None:
    """Another staff member (boss) recorded a gift."""
    boss, community = await _boss(db, clock)
    async with db.uow() as uow:
        await fund.add_entry(
            uow,
            await uow.users.get(boss.id),
            community.id,
            kind="income",
            source="donation",
            amount=Decimal("500"),
            purpose="居民捐赠",
            day=dt.date(2026, 11, 2),
            now=clock.now(),
        )
        await uow.commit()


async def a_proposal(db, clock, conversation, translator) -> None:
    """Another staff member (boss) proposed spending: it waits for a second signature."""
    boss, community = await _boss(db, clock)
    async with db.uow() as uow:
        await fund.propose_spending(
            uow,
            await uow.users.get(boss.id),
            community.id,
            amount=Decimal("200"),
            purpose="买垃圾桶",
            day=dt.date(2026, 11, 3),
            now=clock.now(),
        )
        await uow.commit()


GIFT = [*FUND, "fund-add-income", "fund-source-donation", "!500", "!居民捐赠"]
FIX = [*FUND, "fund-correct", "#1"]
SIGN = [*FUND, "=待签字", "#1"]

PATHS = {
    ("fund", "home"): Walk("resident", FUND),
    ("fund", "months"): Walk("resident", [*FUND, "fund-months"]),
    ("fund", "income"): Walk("resident", [*FUND, "fund-income"], a_line),
    ("fund", "source"): Walk("staff", [*FUND, "fund-add-income"]),
    ("fund", "amount"): Walk("staff", [*FUND, "fund-add-income", "=捐赠"]),
    ("fund", "purpose"): Walk("staff", [*FUND, "fund-add-income", "=捐赠", "!500"]),
    ("fund", "donor"): Walk("staff", GIFT),
    ("fund", "donor_show"): Walk("staff", [*GIFT, "!王秀英"]),
    ("fund", "pending"): Walk("staff", SIGN[:-1], a_proposal),
    ("fund", "request"): Walk("staff", SIGN, a_proposal),
    ("fund", "decline"): Walk("staff", [*SIGN, "fund-decline"], a_proposal),
    ("fund", "pick"): Walk("staff", FIX[:-1], a_line),
    ("fund", "fix_amount"): Walk("staff", FIX, a_line),
    ("fund", "fix_why"): Walk("staff", [*FIX, "!-20"], a_line),
    ("fund_fee", "amount"): Walk("staff", [*MARKET[:2], "fund-add-stall-fee"], a_market),
    ("fund_fee", "purpose"): Walk("staff", [*MARKET[:2], "fund-add-stall-fee", "!120"], a_market),
}
