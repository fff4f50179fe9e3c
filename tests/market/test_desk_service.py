"""What the web console's market pages call: every market of the community, a lottery
drawn by staff at the deadline (once, by the same rule as the scheduler's), its proof,
and the figures (applications, stalls, no-shows)."""

from __future__ import annotations

import pytest

from linli.handlers.kit import lottery
from linli.handlers.kit.errors import DomainError, NotAllowed, NotFound
from linli.handlers.market import service as market
from linli.storage.models import StallApplication
from tests import factories
from tests.market.test_market import CONFIG, _apply, _market, local


@pytest.fixture
async def setup(db, clock):
    clock.set(local(23, 10))
    await factories.places(db)
    return await factories.staff(db, clock, "boss", "xinhuashe")


async def _run_draw(db, clock, who, market_id):
    async with db.uow() as uow:
        seed = await market.run_draw(
            uow, await uow.users.get(who.id), market_id, clock.now(), CONFIG
        )
        await uow.commit()
        return seed


async def test_staff_draw_at_the_deadline_once_and_the_proof_redoes_it(db, clock, setup):
    made, cats = await _market(db, clock, setup, mode="lottery", stalls={"蔬菜水果": 2})
    people = [
        await factories.user(db, clock, f"l{n}", community_code="xinhuashe") for n in range(5)
    ]
    apps = [await _apply(db, clock, p, made.id, cats["蔬菜水果"]) for p in people]
    with pytest.raises(DomainError) as early:
        await _run_draw(db, clock, setup, made.id)
    assert early.value.message.key == "market-no-draw"
    clock.set(local(27, 18))
    seed = await _run_draw(db, clock, setup, made.id)
    with pytest.raises(DomainError):  # once only: neither staff nor the scheduler again
        await _run_draw(db, clock, setup, made.id)
    assert await market.due_draws(db, clock.now(), CONFIG) == 0
    async with db.uow() as uow:
        drawn = await market.market_for_staff(uow, await uow.users.get(setup.id), made.id)
        proof = await market.check_draw(uow, drawn)
        rows = {a.id: await uow.session.get(StallApplication, a.id) for a in apps}
    ids = sorted(a.id for a in apps)
    assert lottery.commitment(drawn.secret) == drawn.commitment == made.commitment
    assert seed == drawn.seed == lottery.seed_of(drawn.secret, ids)
    assert drawn.draw_pool == ",".join(map(str, ids))
    assert proof.commitment_holds and proof.seed_holds and proof.mismatched == []
    ((name, stalls, order),) = proof.orders
    assert (name, stalls) == ("蔬菜水果", 2)
    assert [rows[i].status for i in order] == ["approved"] * 2 + ["waitlisted"] * 3


async def test_only_the_communitys_staff_run_or_read_a_market(db, clock, setup):
    made, _cats = await _market(db, clock, setup, mode="lottery")
    clock.set(local(27, 18))
    resident = await factories.user(db, clock, "r", community_code="xinhuashe")
    other = await factories.staff(db, clock, "other", "qixingyuan")
    for who in (resident, other):
        with pytest.raises(NotAllowed):
            await _run_draw(db, clock, who, made.id)
        async with db.uow() as uow:
            with pytest.raises(NotAllowed):
                await market.figures(uow, await uow.users.get(who.id), made.id)
            with pytest.raises(NotAllowed):
                await market.markets_for_staff(uow, await uow.users.get(who.id), made.community_id)
    async with db.uow() as uow:
        with pytest.raises(NotFound):
            await market.figures(uow, await uow.users.get(setup.id), made.id + 99)
        assert (await uow.market.day(made.id)).drawn_at is None


async def test_figures_count_applications_stalls_and_no_shows(db, clock, setup):
    made, cats = await _market(db, clock, setup)  # first come: 蔬菜水果 2, 理发 1
    people = [
        await factories.user(db, clock, f"v{n}", community_code="xinhuashe") for n in range(4)
    ]
    apps = [await _apply(db, clock, p, made.id, cats["蔬菜水果"]) for p in people[:3]]
    await _apply(db, clock, people[3], made.id, cats["理发"])
    clock.set(local(29, 9))  # the market day
    async with db.uow() as uow:
        staff = await uow.users.get(setup.id)
        await market.record_attendance(uow, staff, apps[0].id, True, clock.now(), CONFIG)
        await market.record_attendance(uow, staff, apps[1].id, False, clock.now(), CONFIG)
        await uow.commit()
    async with db.uow() as uow:
        staff = await uow.users.get(setup.id)
        got = await market.figures(uow, staff, made.id)
        listed = await market.markets_for_staff(uow, staff, made.community_id)
    assert (got.applications, got.stalls) == (4, 3)
    assert got.by_status == {"approved": 3, "waitlisted": 1}
    assert dict(got.vendors) == {"蔬菜水果": 2, "理发": 1}
    assert (got.came, got.missed, got.unmarked) == (1, 1, 1)
    assert [m.id for m in listed] == [made.id]
