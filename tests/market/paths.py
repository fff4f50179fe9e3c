"""How to reach each step of the market and of making a market."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from linli.handlers.kit.config import CoreConfig
from linli.handlers.market import service as market
from tests import factories
from tests.walk import Walk

MARKET = ["menu-market", "#1", "market-apply", "=理发", "!老王理发", "!理发修面", "!13812345678"]
NEW_MARKET = [
    "menu-staff",
    "staff-new-market",
    "!12-06",
    "!08:00-11:30",
    "!社区广场",
    "!蔬菜水果 6，理发 2",
    "!12-04 18:00",
    "!10",
    "!5",
    "market-mode-first",
]


async def _market(db, clock, *applicants: str) -> None:
    """Staff (boss) made a first-come market; `applicants` applied for its one haircut
    stall in turn (the second and later wait)."""
    boss = await factories.staff(db, clock, "boss", "xinhuashe")
    config = CoreConfig()
    async with db.uow() as uow:
        made = await market.create_market(
            uow,
            by=await uow.users.get(boss.id),
            community=await uow.communities.by_code("xinhuashe"),
            day=dt.date(2026, 11, 29),
            opens=dt.time(8),
            closes=dt.time(12),
            place="广场",
            stalls={"蔬菜水果": 2, "理发": 1},
            deadline=clock.now() + dt.timedelta(days=3),
            fee=Decimal(5),
            pledge_percent=5,
            mode="first",
            now=clock.now(),
            config=config,
        )
        for applicant in applicants:
            me = await uow.users.by_external("console", applicant)
            hair = (await market.categories(uow, made.id))[1]
            await market.apply(
                uow,
                me,
                made.id,
                hair.id,
                stall_name="老王理发",
                goods="理发",
                phone="13812345678",
                now=clock.now(),
                config=config,
            )
        await uow.commit()


async def a_market(db, clock, conversation, translator) -> None:
    await _market(db, clock)


async def my_stall(db, clock, conversation, translator) -> None:
    await _market(db, clock, "u1")


async def a_stall_for_staff(db, clock, conversation, translator) -> None:
    await _market(db, clock, "boss")


async def a_waitlist(db, clock, conversation, translator) -> None:
    for name in ("w1", "w2"):
        await factories.user(db, clock, name, community_code="xinhuashe")
    await _market(db, clock, "w1", "w2")


PATHS = {
    ("market", "list"): Walk("resident", ["menu-market"]),
    ("market", "card"): Walk("resident", MARKET[:2], a_market),
    ("market", "category"): Walk("resident", MARKET[:3], a_market),
    ("market", "stall"): Walk("resident", MARKET[:4], a_market),
    ("market", "goods"): Walk("resident", MARKET[:5], a_market),
    ("market", "phone"): Walk("resident", MARKET[:6], a_market),
    ("market", "confirm"): Walk("resident", MARKET, a_market),
    ("market", "mine"): Walk("resident", ["menu-market", "market-mine"]),
    ("market", "stall_detail"): Walk("resident", ["menu-market", "market-mine", "#1"], my_stall),
    ("market", "withdraw"): Walk(
        "resident", ["menu-market", "market-mine", "#1", "market-withdraw"], my_stall
    ),
    ("market", "attendance"): Walk("staff", [*MARKET[:2], "market-attendance"], a_market),
    ("market", "applications"): Walk(
        "staff", [*MARKET[:2], "market-applications"], a_stall_for_staff
    ),
    ("market", "reject"): Walk(
        "staff", [*MARKET[:2], "market-applications", "#1"], a_stall_for_staff
    ),
    ("market", "waitlist"): Walk("staff", [*MARKET[:2], "market-waitlist"], a_waitlist),
    ("market", "queue"): Walk("staff", [*MARKET[:2], "market-waitlist", "=理发"], a_waitlist),
    ("market", "approve"): Walk(
        "staff", [*MARKET[:2], "market-waitlist", "=理发", "#1"], a_waitlist
    ),
    ("market_new", "day"): Walk("staff", NEW_MARKET[:2]),
    ("market_new", "hours"): Walk("staff", NEW_MARKET[:3]),
    ("market_new", "place"): Walk("staff", NEW_MARKET[:4]),
    ("market_new", "stalls"): Walk("staff", NEW_MARKET[:5]),
    ("market_new", "deadline"): Walk("staff", NEW_MARKET[:6]),
    ("market_new", "fee"): Walk("staff", NEW_MARKET[:7]),
    ("market_new", "pledge"): Walk("staff", NEW_MARKET[:8]),
    ("market_new", "mode"): Walk("staff", NEW_MARKET[:9]),
    ("market_new", "confirm"): Walk("staff", NEW_MARKET),
}
