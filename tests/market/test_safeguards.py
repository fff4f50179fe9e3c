"""Promises to the public that hold where they cannot be bypassed: the fund ledger in the
database and by its hash chain, the lottery by commit–reveal, both checkable from outside."""

from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.exc import DBAPIError

from linli.bot.i18n import Translator
from linli.handlers.kit.config import CoreConfig
from linli.handlers.market import lottery
from linli.handlers.market import service as market
from linli.storage.db import Database
from linli.storage.models import LedgerEntry, MarketDay, StallApplication
from tests import factories
from tests.factories import Chat, linli
from tests.market.test_market import CONFIG, _apply, _market, local


async def _lines(db, staff, amounts: list[str]) -> list[int]:
    ids = []
    async with db.uow() as uow:
        community = await uow.communities.by_code("xinhuashe")
        boss = await uow.users.get(staff.id)
        for n, amount in enumerate(amounts, 1):
            entry = await market.add_entry(
                uow,
                boss,
                community.id,
                kind="income",
                source="donation",
                amount=Decimal(amount),
                purpose=f"捐赠 {n}",
                day=dt.date(2026, 11, n),
                now=dt.datetime(2026, 11, 23, 2, tzinfo=dt.UTC),
            )
            ids.append(entry.id)
        await uow.commit()
    return ids


async def _balance(db) -> Decimal:
    async with db.uow() as uow:
        community = await uow.communities.by_code("xinhuashe")
        return (await market.check_ledger(uow, community.id)).balance


@pytest.fixture
async def setup(db, clock):
    clock.set(local(23, 10))
    await factories.places(db)
    return await factories.staff(db, clock, "boss", "xinhuashe")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE fund_ledger SET amount = 1",
        "DELETE FROM fund_ledger",
        "UPDATE fund_ledger SET purpose = '改过' WHERE id = 1",
    ],
)
async def test_the_database_refuses_to_change_or_remove_a_ledger_line(db, setup, statement):
    await _lines(db, setup, ["120", "500"])
    async with db.uow() as uow:
        with pytest.raises(DBAPIError, match="append-only"):
            await uow.session.execute(text(statement))
    async with db.uow() as uow:  # bulk ORM statements skip the ORM's own guard
        with pytest.raises(DBAPIError, match="append-only"):
            await uow.session.execute(update(LedgerEntry).values(amount=Decimal(1)))
    async with db.uow() as uow:
        with pytest.raises(DBAPIError, match="append-only"):
            await uow.session.execute(delete(LedgerEntry))
    assert await _balance(db) == Decimal("620.00")


async def test_truncating_the_ledger_is_refused_on_postgresql(db, setup):
    if db.dialect != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; DELETE is refused above")
    await _lines(db, setup, ["5"])
    async with db.engine.connect() as conn:
        with pytest.raises(DBAPIError, match="append-only"):
            await conn.exec_driver_sql("TRUNCATE fund_ledger CASCADE")


async def _tamper(db, sql: str) -> None:
    """What someone with the database's password could still do: turn the guard off."""
    async with db.engine.begin() as conn:
        if db.dialect == "postgresql":
            await conn.exec_driver_sql("ALTER TABLE fund_ledger DISABLE TRIGGER USER")
            await conn.exec_driver_sql(sql)
            await conn.exec_driver_sql("ALTER TABLE fund_ledger ENABLE TRIGGER USER")
        else:
            await conn.exec_driver_sql("DROP TRIGGER fund_ledger_no_update")
            await conn.exec_driver_sql("DROP TRIGGER fund_ledger_no_delete")
            await conn.exec_driver_sql(sql)


async def test_fund_verify_says_whole_then_names_the_changed_line(db, db_url, setup):
    first, second, _third = await _lines(db, setup, ["120", "500", "30.50"])
    done = linli("fund", "verify", "--community", "xinhuashe", url=db_url)
    assert "账本完整，共3笔，结余650.50元" in done.stdout
    await _tamper(db, f"UPDATE fund_ledger SET amount = 50 WHERE id = {second}")
    done = linli("fund", "verify", "--community", "xinhuashe", url=db_url, check=False)
    assert done.returncode == 1
    assert f"第#{second}笔账目被改动过" in done.stderr
    assert f"#{first}" not in done.stderr


async def test_fund_verify_finds_a_removed_line(db, db_url, setup):
    _first, second, third = await _lines(db, setup, ["120", "500", "30"])
    await _tamper(db, f"DELETE FROM fund_ledger WHERE id = {second}")
    done = linli("fund", "verify", url=db_url, check=False)
    assert done.returncode == 1
    assert f"第#{third}笔账目前面的账目被删除、插入或改动过" in done.stderr


async def test_lines_added_at_once_by_two_staff_keep_one_chain(db, db_url, setup):
    databases = [Database(db_url) for _ in range(4)]
    try:

        async def add(n: int, database: Database) -> None:
            async with database.uow() as uow:
                community = await uow.communities.by_code("xinhuashe")
                await market.add_entry(
                    uow,
                    await uow.users.get(setup.id),
                    community.id,
                    kind="income",
                    source="donation",
                    amount=Decimal(10 + n),
                    purpose=f"同时记账 {n}",
                    day=dt.date(2026, 11, 20),
                    now=dt.datetime(2026, 11, 23, 2, tzinfo=dt.UTC),
                )
                await uow.commit()

        await asyncio.gather(*(add(n, databases[n % 4]) for n in range(8)))
    finally:
        for database in databases:
            await database.dispose()
    async with db.uow() as uow:
        check = await market.check_ledger(uow, (await uow.communities.by_code("xinhuashe")).id)
    assert (check.lines, check.broken) == (8, None)
    assert check.balance == sum(Decimal(10 + n) for n in range(8))


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


async def test_the_chain_can_be_recomputed_from_the_published_csv_alone(db, setup):
    import csv
    import hashlib
    import io
    import json

    await _lines(db, setup, ["120", "500", "30.50"])
    async with db.uow() as uow:
        community = await uow.communities.by_code("xinhuashe")
        published = market.ledger_csv(await market.ledger(uow, community.id))
    rows = list(csv.DictReader(io.StringIO(published.decode("utf-8-sig"))))
    previous = "0" * 64
    for row in rows:
        fields = [
            row["date"],
            row["kind"],
            row["source"],
            row["amount"],
            row["purpose"],
            row["approved_by"],
            int(row["corrects"]) if row["corrects"] else None,
            int(row["market"]) if row["market"] else None,
            previous,
        ]
        digest = hashlib.sha256(
            json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()
        ).hexdigest()
        assert (row["prev_hash"], row["hash"]) == (previous, digest)
        previous = digest
    assert len(rows) == 3
