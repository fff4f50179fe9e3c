"""Promises to the public that hold where they cannot be bypassed: the fund ledger in the
database and by its hash chain, the lottery by commit–reveal, both checkable from outside."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from linli.bot.i18n import Translator
from linli.handlers.kit import lottery
from linli.handlers.kit.config import CoreConfig
from linli.handlers.market import service as market
from linli.storage.models import MarketDay, StallApplication
from tests import factories
from tests.factories import Chat, linli
from tests.market.test_market import CONFIG, _apply, _market, local


@pytest.fixture
async def setup(db, clock):
    clock.set(local(23, 10))
    await factories.places(db)
    return await factories.staff(db, clock, "boss", "xinhuashe")


async def test_the_lottery_commits_first_reveals_after_and_verifies(db, db_url, clock, setup):
    made, cats = await _market(db, clock, setup, mode="lottery", stalls={"蔬菜水果": 2})
    people = [
        await factories.user(db, clock, f"l{n}", community_code="xinhuashe") for n in range(5)
    ]
    apps = [await _apply(db, clock, p, made.id, cats["蔬菜水果"]) for p in people]
    assert made.commitment == lottery.commitment(made.secret)

    # Before the deadline the card shows the commitment; the secret is nowhere to be read.
    translator = Translator()
    chat = Chat(factories_conversation(db, clock), translator, "l0")
    await chat.send("")
    await chat.send(chat.number_of("menu-market"))
    await chat.send("1")
    card = chat.render()
    assert made.commitment in card and made.secret not in card
    await chat.send(chat.number_of("market-applications"))
    listing = chat.render()
    numbers = [str(a.id) for a in apps]
    assert [listing.index(f"{n}号") for n in numbers] == sorted(
        listing.index(f"{n}号") for n in numbers
    )

    clock.set(local(27, 18))
    assert await market.due_draws(db, clock.now(), CONFIG) == 1
    await chat.send("菜单")
    await chat.send(chat.number_of("menu-market"))
    await chat.send("1")
    assert made.secret in chat.render()

    done = linli("market", "verify", str(made.id), url=db_url)
    assert "复核通过" in done.stdout
    async with db.engine.begin() as conn:  # someone moves a waitlisted vendor up
        await conn.execute(
            update(StallApplication)
            .where(StallApplication.market_id == made.id, StallApplication.draw_rank == 3)
            .values(draw_rank=1)
        )
    done = linli("market", "verify", str(made.id), url=db_url, check=False)
    assert done.returncode == 1 and "名次和规则算出的不一样" in done.stderr


async def test_a_first_come_market_has_no_secret_and_cannot_be_verified(db, db_url, clock, setup):
    made, _cats = await _market(db, clock, setup)
    async with db.uow() as uow:
        stored = await uow.session.get(MarketDay, made.id)
        assert (stored.secret, stored.commitment) == (None, None)
    done = linli("market", "verify", str(made.id), url=db_url, check=False)
    assert done.returncode == 1 and "还没有摇号" in done.stderr


def factories_conversation(db, clock):
    from linli.handlers.wiring import build_conversation

    return build_conversation(db, clock, CoreConfig())
