"""What the web console's fund pages call: a month's report and its CSV (opening balance,
the month's lines, the sums, the closing balance), the requests waiting for a second
signature with who proposed them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from linli.bot.i18n import Translator
from linli.handlers.fund import service as fund
from linli.handlers.kit.errors import DomainError, NotAllowed, NotFound
from linli.handlers.kit.reply import Attachment
from tests import factories
from tests.market.test_market import local

TRANSLATOR = Translator()


@pytest.fixture
async def setup(db, clock):
    clock.set(local(23, 10))
    await factories.places(db)
    boss = await factories.staff(db, clock, "boss", "xinhuashe")
    second = await factories.staff(db, clock, "second", "xinhuashe")
    return boss, second


async def _income(uow, who, community_id, amount, day, purpose="摊位费"):
    return await fund.add_entry(
        uow,
        who,
        community_id,
        kind="income",
        source="stall_fee",
        amount=Decimal(amount),
        purpose=purpose,
        day=day,
        now=dt.datetime(2026, 11, 23, 2, tzinfo=dt.UTC),
    )


async def _spend(uow, proposer, signer, community_id, amount, day):
    request = await fund.propose_spending(
        uow,
        proposer,
        community_id,
        amount=Decimal(amount),
        purpose="买扫帚",
        day=day,
        now=dt.datetime(2026, 11, 23, 2, tzinfo=dt.UTC),
    )
    return await fund.approve(uow, signer, request.id, dt.datetime(2026, 11, 23, 3, tzinfo=dt.UTC))


async def test_a_months_report_and_its_csv_are_sums_of_its_lines(db, clock, setup):
    boss_there = await factories.staff(db, clock, "far", "qixingyuan")
    async with db.uow() as uow:
        boss, second = [await uow.users.get(p.id) for p in setup]
        here = (await uow.communities.by_code("xinhuashe")).id
        await _income(uow, boss, here, "300", dt.date(2026, 10, 5))
        await _spend(uow, boss, second, here, "50", dt.date(2026, 10, 20))
        fee = await _income(uow, boss, here, "120", dt.date(2026, 11, 1), "=1+1 摊位费")
        await _spend(uow, second, boss, here, "80.5", dt.date(2026, 11, 3))
        await _income(uow, boss, here, "999", dt.date(2026, 12, 1))
        other = (await uow.communities.by_code("qixingyuan")).id
        await uow.commit()
    async with db.uow() as uow:
        await _income(uow, await uow.users.get(boss_there.id), other, "7", dt.date(2026, 11, 2))
        await uow.commit()
    async with db.uow() as uow:
        report = await fund.month_report(uow, here, fund.month_start(2026, 11))
        empty = await fund.month_report(uow, here, fund.month_start(2027, 3))
    assert (report.opening, report.income, report.spending, report.closing) == (
        Decimal("250.00"),
        Decimal("120.00"),
        Decimal("80.50"),
        Decimal("289.50"),
    )
    assert [e.kind for e in report.lines] == ["income", "spending"]
    assert report.lines[0].id == fee.id
    assert report.by_source == {"stall_fee": Decimal("120.00")}
    assert (empty.opening, empty.lines, empty.closing) == (
        Decimal("1288.50"),
        [],
        Decimal("1288.50"),
    )
    text = TRANSLATOR.file(Attachment.csv("m.csv", fund.month_table(report)), "zh-CN").decode(
        "utf-8-sig"
    )
    rows = text.splitlines()
    assert rows[0].startswith("编号,日期,")
    assert ",'=1+1 摊位费," in text  # a formula-looking cell is never run by Excel
    assert rows[-4:] == [
        "月初结余,,,,250.00",
        "本月收入,,,,120.00",
        "本月支出,,,,80.50",
        "月末结余,,,,289.50",
    ]


def test_a_month_that_does_not_exist_is_not_found():
    assert fund.month_start(2026, 2) == dt.date(2026, 2, 1)
    for year, month in ((2026, 13), (2026, 0), (1, 1), (99999, 1)):
        with pytest.raises(NotFound):
            fund.month_start(year, month)


async def test_waiting_requests_name_the_proposer_and_the_second_signer_decides(db, clock, setup):
    async with db.uow() as uow:
        boss, second = [await uow.users.get(p.id) for p in setup]
        boss.display_name = "王主任"
        here = (await uow.communities.by_code("xinhuashe")).id
        request = await fund.propose_spending(
            uow,
            boss,
            here,
            amount=Decimal("30"),
            purpose="买灯泡",
            day=dt.date(2026, 11, 20),
            now=clock.now(),
        )
        await uow.commit()
    async with db.uow() as uow:
        boss, second = [await uow.users.get(p.id) for p in setup]
        mine = await fund.waiting_requests(uow, boss, here)
        theirs = await fund.waiting_requests(uow, second, here)
        assert [(w.request.id, w.proposer, w.mine) for w in mine] == [(request.id, "王主任", True)]
        assert [w.mine for w in theirs] == [False]
        with pytest.raises(DomainError) as own:
            await fund.approve(uow, boss, request.id, clock.now())
        assert own.value.message.key == "fund-not-your-own"
        entry = await fund.approve(uow, second, request.id, clock.now())
        await uow.commit()
    async with db.uow() as uow:
        assert await fund.waiting_requests(uow, await uow.users.get(second.id), here) == []
        done = await fund.request_for_staff(uow, await uow.users.get(second.id), request.id)
    assert (done.status, done.entry_id) == ("approved", entry.id)


async def test_only_the_communitys_staff_see_requests(db, clock, setup):
    resident = await factories.user(db, clock, "r", community_code="xinhuashe")
    other = await factories.staff(db, clock, "other", "qixingyuan")
    async with db.uow() as uow:
        boss = await uow.users.get(setup[0].id)
        here = (await uow.communities.by_code("xinhuashe")).id
        request = await fund.propose_spending(
            uow,
            boss,
            here,
            amount=Decimal("30"),
            purpose="买灯泡",
            day=dt.date(2026, 11, 20),
            now=clock.now(),
        )
        await uow.commit()
    async with db.uow() as uow:
        for who in (resident, other):
            person = await uow.users.get(who.id)
            with pytest.raises(NotAllowed):
                await fund.waiting_requests(uow, person, here)
            with pytest.raises(NotAllowed):
                await fund.request_for_staff(uow, person, request.id)


def test_a_line_records_a_day_of_the_last_year_up_to_today():
    today = dt.date(2026, 11, 23)
    assert fund.line_day(today, today) == today
    assert fund.line_day(dt.date(2025, 11, 22), today) == dt.date(2025, 11, 22)
    for day in (None, dt.date(2026, 11, 24), dt.date(2025, 11, 21)):
        with pytest.raises(DomainError) as refused:
            fund.line_day(day, today)
        assert refused.value.message.key == "console-desk-fund-bad-day"
