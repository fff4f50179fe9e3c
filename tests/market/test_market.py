"""睦邻集市 and the fund, with the clock moved: stall counts under concurrency, the
lottery from its seed, the waitlist, deadlines, masked phones, an immutable ledger."""

from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal

import pytest

from linli.handlers.fund import service as fund
from linli.handlers.kit import lottery, when
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.errors import AlreadyDone, DomainError, NotAllowed
from linli.handlers.market import service as market
from linli.storage.db import Database
from linli.storage.models import StallApplication
from tests import factories
from tests.factories import linli

CONFIG = CoreConfig()
ZONE = CONFIG.zone


def local(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, tzinfo=ZONE).astimezone(dt.UTC)


@pytest.fixture
async def setup(db, clock):
    clock.set(local(23, 10))
    await factories.places(db)
    staff = await factories.staff(db, clock, "boss", "xinhuashe")
    return staff


async def _market(db, clock, staff, *, mode="first", stalls=None):
    async with db.uow() as uow:
        made = await market.create_market(
            uow,
            by=await uow.users.get(staff.id),
            community=await uow.communities.by_code("xinhuashe"),
            day=dt.date(2026, 11, 29),
            opens=dt.time(8),
            closes=dt.time(12),
            place="社区广场",
            stalls=stalls or {"蔬菜水果": 2, "理发": 1},
            deadline=local(27, 18),
            fee=Decimal("10"),
            pledge_percent=5,
            mode=mode,
            now=clock.now(),
            config=CONFIG,
        )
        await uow.commit()
        cats = {c.name: c.id for c in await market.categories(uow, made.id)}
        return made, cats


async def _apply(db, clock, person, market_id, category_id, name="老王蔬菜"):
    async with db.uow() as uow:
        application = await market.apply(
            uow,
            await uow.users.get(person.id),
            market_id,
            category_id,
            stall_name=name,
            goods="自家种的菜",
            phone="13812345678",
            now=clock.now(),
            config=CONFIG,
        )
        await uow.commit()
        return application


async def test_first_come_fills_then_waitlists_and_withdrawal_promotes(db, clock, setup):
    made, cats = await _market(db, clock, setup)
    people = [
        await factories.user(db, clock, f"v{n}", community_code="xinhuashe") for n in range(4)
    ]
    results = [await _apply(db, clock, p, made.id, cats["蔬菜水果"]) for p in people]
    assert [r.status for r in results] == ["approved", "approved", "waitlisted", "waitlisted"]
    with pytest.raises(AlreadyDone):
        await _apply(db, clock, people[0], made.id, cats["理发"])
    async with db.uow() as uow:
        await market.withdraw(
            uow, await uow.users.get(people[0].id), results[0].id, clock.now(), CONFIG
        )
        await uow.commit()
    async with db.uow() as uow:
        assert (await uow.session.get(StallApplication, results[2].id)).status == "approved"
        assert (await uow.session.get(StallApplication, results[3].id)).status == "waitlisted"
        told = [
            m.body["messages"][0]["args"]["status"]["key"]
            for m in await uow.outbox.for_user(people[2].id)
            if m.body["messages"][0]["key"] == "stall-status"
        ]
        withdrawn_reminders = [
            m.status
            for m in await uow.outbox.for_user(people[0].id)
            if m.dedupe_key.endswith(":reminder")
        ]
    assert told == ["stall-approved"]  # waitlisted was the answer on screen, not a push
    assert withdrawn_reminders == ["cancelled"]  # no reminder of a stall given up


async def test_the_deadline_and_the_day_before(db, clock, setup):
    made, cats = await _market(db, clock, setup)
    person = await factories.user(db, clock, "v", community_code="xinhuashe")
    application = await _apply(db, clock, person, made.id, cats["理发"])
    clock.set(local(27, 18))
    late = await factories.user(db, clock, "late", community_code="xinhuashe")
    with pytest.raises(DomainError) as closed:
        await _apply(db, clock, late, made.id, cats["理发"])
    assert closed.value.message.key == "market-deadline-passed"
    clock.set(local(29, 7))  # the market day itself
    async with db.uow() as uow:
        with pytest.raises(DomainError) as too_late:
            await market.withdraw(
                uow, await uow.users.get(person.id), application.id, clock.now(), CONFIG
            )
    assert too_late.value.message.key == "market-too-late"


async def test_stall_counts_hold_under_concurrent_applications(db_url, db, clock, setup):
    made, cats = await _market(db, clock, setup, stalls={"手工": 3})
    people = [
        await factories.user(db, clock, f"c{n}", community_code="xinhuashe") for n in range(20)
    ]
    engines = [Database(db_url) for _ in range(5)]

    async def one(n, person):
        async with engines[n % 5].uow() as uow:
            application = await market.apply(
                uow,
                await uow.users.get(person.id),
                made.id,
                cats["手工"],
                stall_name=f"摊{n}",
                goods="手工编织",
                phone="13900000000",
                now=clock.now(),
                config=CONFIG,
            )
            await uow.commit()
            return application.status

    try:
        statuses = await asyncio.gather(*(one(n, p) for n, p in enumerate(people)))
    finally:
        for engine in engines:
            await engine.dispose()
    assert statuses.count("approved") == 3 and statuses.count("waitlisted") == 17


async def test_the_lottery_is_reproducible_from_its_seed(db, clock, setup):
    made, cats = await _market(db, clock, setup, mode="lottery", stalls={"蔬菜水果": 2})
    people = [
        await factories.user(db, clock, f"l{n}", community_code="xinhuashe") for n in range(6)
    ]
    apps = [await _apply(db, clock, p, made.id, cats["蔬菜水果"]) for p in people]
    assert {a.status for a in apps} == {"applied"}
    assert await market.due_draws(db, clock.now(), CONFIG) == 0  # not before the deadline
    clock.set(local(27, 18))
    assert await market.due_draws(db, clock.now(), CONFIG) == 1
    assert await market.due_draws(db, clock.now(), CONFIG) == 0  # drawn once
    async with db.uow() as uow:
        drawn = {a.id: await uow.session.get(StallApplication, a.id) for a in apps}
        published = await uow.session.get(type(made), made.id)
    # Anyone can check from what is published: the secret matches the commitment shown
    # from the start, the seed follows from it and the application numbers, and so does
    # the order.
    assert lottery.commitment(published.secret) == published.commitment == made.commitment
    ids = [a.id for a in apps]
    assert published.seed == lottery.seed_of(published.secret, ids)
    order = lottery.draw_order(published.seed, "蔬菜水果", ids)
    assert [drawn[i].status for i in order] == ["approved", "approved"] + ["waitlisted"] * 4
    assert [drawn[i].position for i in order[2:]] == [1, 2, 3, 4]


async def test_phones_are_masked_for_residents_and_not_for_staff(db, clock, setup):
    made, cats = await _market(db, clock, setup)
    person = await factories.user(db, clock, "v", community_code="xinhuashe")
    await _apply(db, clock, person, made.id, cats["理发"])
    async with db.uow() as uow:
        seen_by_resident = await market.applications(uow, await uow.users.get(person.id), made.id)
        seen_by_staff = await market.applications(uow, await uow.users.get(setup.id), made.id)
    assert seen_by_resident[0]["phone"] == "138****5678"
    assert seen_by_staff[0]["phone"] == "13812345678"


async def _miss(db, clock, staff, person, times: int) -> None:
    for _ in range(times):
        made, cats = await _market(db, clock, staff)
        application = await _apply(db, clock, person, made.id, cats["理发"])
        before = clock.now()
        clock.set(local(29, 13))  # recorded on the market day, then back to where we were
        async with db.uow() as uow:
            await market.record_attendance(
                uow, await uow.users.get(staff.id), application.id, False, clock.now(), CONFIG
            )
            await uow.commit()
        clock.set(before)


@pytest.mark.parametrize("mode", ["first", "lottery"])
async def test_repeated_no_shows_bar_applying_in_both_kinds_of_market(db, clock, setup, mode):
    person = await factories.user(db, clock, "flaky", community_code="xinhuashe")
    await _miss(db, clock, setup, person, 1)
    made, cats = await _market(db, clock, setup, mode=mode)
    once = await _apply(db, clock, person, made.id, cats["蔬菜水果"])  # one miss: no bar
    assert once.status in ("approved", "applied")
    await _miss(db, clock, setup, person, 1)
    made, cats = await _market(db, clock, setup, mode=mode)
    with pytest.raises(DomainError) as refused:
        await _apply(db, clock, person, made.id, cats["蔬菜水果"])
    # Barred until 60 days after the last missed market day (11-29).
    assert refused.value.message.key == "market-barred"
    # Said as every date is said: month-day and weekday.
    assert refused.value.message.args["until"] == when.date(dt.date(2027, 1, 28))


async def test_staff_pardon_a_barred_vendor_and_the_bar_ends_by_itself(db, db_url, clock, setup):
    person = await factories.user(db, clock, "flaky", community_code="xinhuashe")
    await _miss(db, clock, setup, person, 2)
    linli("market", "pardon", "--community", "xinhuashe", "--user", "console:flaky", url=db_url)
    made, cats = await _market(db, clock, setup)
    again = await _apply(db, clock, person, made.id, cats["理发"])
    assert again.status == "approved"  # stalls were free: no longer sent to the back

    other = await factories.user(db, clock, "late", community_code="xinhuashe")
    await _miss(db, clock, setup, other, 2)
    clock.set(dt.datetime(2027, 1, 28, 9, tzinfo=ZONE).astimezone(dt.UTC))
    async with db.uow() as uow:
        until = await market.barred_until(uow, other.id, clock.now(), CONFIG)
    assert until is None


async def test_staff_turn_down_an_approved_stall_and_the_next_moves_up(db, clock, setup):
    made, cats = await _market(db, clock, setup, stalls={"理发": 1})
    first = await factories.user(db, clock, "a", community_code="xinhuashe")
    second = await factories.user(db, clock, "b", community_code="xinhuashe")
    approved = await _apply(db, clock, first, made.id, cats["理发"])
    waiting = await _apply(db, clock, second, made.id, cats["理发"])
    async with db.uow() as uow:
        with pytest.raises(NotAllowed):
            await market.reject(
                uow, await uow.users.get(second.id), approved.id, "x", clock.now(), CONFIG
            )
        with pytest.raises(DomainError):
            await market.reject(
                uow, await uow.users.get(setup.id), approved.id, " ", clock.now(), CONFIG
            )
        await market.reject(
            uow, await uow.users.get(setup.id), approved.id, "不卖食品以外的", clock.now(), CONFIG
        )
        await uow.commit()
    async with db.uow() as uow:
        assert (await uow.session.get(StallApplication, approved.id)).status == "rejected"
        assert (await uow.session.get(StallApplication, waiting.id)).status == "approved"
        pushes = await uow.outbox.for_user(first.id)
        promoted = await uow.outbox.for_user(second.id)
    assert "stall-rejected-why" in [m.body["messages"][0]["key"] for m in pushes]
    # The turned-down vendor is not reminded of a market day they no longer have a stall at;
    # the one who moved up is.
    reminders = {
        m.user_id: m.status for m in [*pushes, *promoted] if m.dedupe_key.endswith(":reminder")
    }
    assert reminders == {first.id: "cancelled", second.id: "pending"}


async def test_year_figures_and_a_chart(db, clock, setup, translator):
    from linli.handlers.kit.plot import draw
    from linli.handlers.market.flows import year_chart

    made, cats = await _market(db, clock, setup)
    person = await factories.user(db, clock, "v", community_code="xinhuashe")
    await _apply(db, clock, person, made.id, cats["理发"])
    async with db.uow() as uow:
        community = await uow.communities.by_code("xinhuashe")
        await fund.add_entry(
            uow,
            await uow.users.get(setup.id),
            community.id,
            kind="income",
            source="stall_fee",
            amount=Decimal("30"),
            purpose="摊位费",
            day=dt.date(2026, 11, 29),
            now=clock.now(),
            market_id=made.id,
        )
        await uow.commit()
        year = await market.year_figures(uow, community.id, 2026, dt.date(2026, 11, 30))
        before = await market.year_figures(uow, community.id, 2026, dt.date(2026, 11, 28))
    assert year.markets == [(dt.date(2026, 11, 29), 1)] and year.fund_income == Decimal("30")
    assert before.markets == []  # not held yet
    # The chart is labelled: its title, axes, legend and each market's vendors.
    chart = year_chart(2026, [*year.markets, (dt.date(2026, 12, 6), 3)])
    svg = draw(chart.words(lambda text: translator.render(text, "zh-CN")), "svg").decode()
    for label in ("2026年每场集市的摊主", "集市日", "摊主（人）", "11-29", "12-06"):
        assert label in svg, label
    assert chart.table()[1:] == [["11-29", 1], ["12-06", 3]]
