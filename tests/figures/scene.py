"""One community's October and November 2026, with a neighbour's rows that must not count."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from linli.handlers.kit.config import CoreConfig
from linli.handlers.market import service as market
from tests import factories

ZONE = CoreConfig().zone
NOW = dt.datetime(2026, 11, 23, 10, tzinfo=ZONE).astimezone(dt.UTC)


def local(month: int, day: int, hour: int = 10, minute: int = 0, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=ZONE).astimezone(dt.UTC)


@dataclass
class Scene:
    staff_id: int
    other_staff_id: int
    resident_id: int
    community_id: int
    facility_id: int


async def build(db, clock, tmp_path) -> Scene:
    clock.set(NOW)
    await factories.places(db)
    boss = await factories.staff(db, clock, "boss", "xinhuashe")
    other = await factories.staff(db, clock, "qboss", "qixingyuan")
    people = [
        await factories.user(db, clock, f"r{i}", community_code="xinhuashe") for i in range(6)
    ]
    here = await factories.facility(db, clock, tmp_path, name="琴房", unit="一中")
    there = await factories.facility(
        db, clock, tmp_path, name="球场", unit="二中", communities=("qixingyuan",)
    )
    r = people[0].id
    for starts_at, status in [
        (local(9, 30, 23, 30), "checked_in"),  # September, in Beijing
        (local(10, 1, 0, 30), "checked_in"),  # October in Beijing, still September in UTC
        (local(10, 15), "booked"),
        (local(10, 20), "no_show"),
        (local(10, 21), "cancelled"),
        (local(11, 2), "checked_in"),
        (local(11, 5), "no_show"),
        (local(11, 25), "booked"),  # still ahead: neither used nor missed
    ]:
        await factories.booking_at(db, clock, here, r, starts_at, status)
    await factories.booking_at(db, clock, there, r, local(10, 15), "checked_in")

    # 金点子: submitted, decided and rated at 10:00 so that the days are whole.
    p = factories.proposal_at
    await p(db, "xinhuashe", r, local(9, 20), "adopted", decided_at=local(10, 10))  # 20 days
    await p(db, "xinhuashe", r, local(10, 1), "collecting")
    await p(db, "xinhuashe", r, local(10, 5), "scheduled")
    decided = await p(db, "xinhuashe", r, local(10, 6), "adopted", decided_at=local(10, 16))
    going = await p(
        db, "xinhuashe", r, local(10, 7), "adopted", progress=50, decided_at=local(11, 7)
    )
    await p(db, "xinhuashe", r, local(11, 1), "declined", decided_at=local(11, 3))  # 2 days
    theirs = await p(db, "qixingyuan", other.id, local(10, 10), "adopted", decided_at=local(10, 11))
    for proposal, person, score, at in [
        (decided, people[1].id, 5, local(10, 20)),
        (decided, people[2].id, 4, local(11, 1)),
        (going, people[1].id, 2, local(11, 10)),
        (going, people[2].id, 3, local(9, 1)),  # before the period
        (theirs, people[3].id, 1, local(10, 20)),  # another community's
    ]:
        await factories.rating_at(db, proposal, person, score, at)

    # Market days: one in October (3 stalls), one in November (1), one in September and
    # one of the neighbour's, neither counted.
    async def market_day(code, day, stalls):
        async with db.uow() as uow:
            made = await market.create_market(
                uow,
                by=None,
                community=await uow.communities.by_code(code),
                day=day,
                opens=dt.time(8),
                closes=dt.time(12),
                place="社区广场",
                stalls=stalls,
                deadline=local(day.month, day.day, 7) - dt.timedelta(days=2),
                fee=Decimal(10),
                pledge_percent=0,
                mode="first",
                now=local(day.month, day.day, 7) - dt.timedelta(days=10),
                config=CoreConfig(),
            )
            await uow.commit()
            return made.id, [c.id for c in await market.categories(uow, made.id)]

    october, (veg, _hair) = await market_day(
        "xinhuashe", dt.date(2026, 10, 18), {"蔬菜": 2, "理发": 1}
    )
    for person, status, came in [
        (people[0], "approved", True),
        (people[1], "approved", True),
        (people[2], "approved", False),
        (people[3], "waitlisted", None),
        (people[4], "withdrawn", None),
    ]:
        await factories.stall_at(db, clock, october, veg, person.id, status, came)
    november, (veg2,) = await market_day("xinhuashe", dt.date(2026, 11, 15), {"蔬菜": 1})
    await factories.stall_at(db, clock, november, veg2, people[0].id, "approved")
    september, (veg3,) = await market_day("xinhuashe", dt.date(2026, 9, 20), {"蔬菜": 5})
    await factories.stall_at(db, clock, september, veg3, people[0].id, "approved", True)
    neighbour, (veg4,) = await market_day("qixingyuan", dt.date(2026, 10, 18), {"蔬菜": 5})
    await factories.stall_at(db, clock, neighbour, veg4, people[5].id, "approved", True)

    for code, day, kind, amount in [
        ("xinhuashe", dt.date(2026, 9, 30), "income", "100"),
        ("xinhuashe", dt.date(2026, 10, 18), "income", "30"),
        ("xinhuashe", dt.date(2026, 10, 20), "income", "20.50"),
        ("xinhuashe", dt.date(2026, 11, 3), "spending", "12"),
        ("qixingyuan", dt.date(2026, 10, 18), "income", "7"),
    ]:
        await factories.fund_line(db, clock, code, day, kind, amount)
    async with db.uow() as uow:
        community = await uow.communities.by_code("xinhuashe")
    return Scene(boss.id, other.id, people[0].id, community.id, here)
