"""The fund's ledger: only ever added to, refused by the database when changed, its hash
chain checkable from the published CSV alone, its sums always those of its lines."""

from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.exc import DBAPIError

from linli.bot.i18n import Translator
from linli.handlers.fund import service as fund
from linli.handlers.kit.errors import AlreadyDone, DomainError, NotAllowed
from linli.handlers.kit.reply import Attachment
from linli.storage.db import Database
from linli.storage.models import LedgerEntry
from tests import factories
from tests.factories import linli
from tests.market.test_market import local

TRANSLATOR = Translator()


@pytest.fixture
async def setup(db, clock):
    clock.set(local(23, 10))
    await factories.places(db)
    return await factories.staff(db, clock, "boss", "xinhuashe")


async def test_the_ledger_is_append_only_and_the_balance_is_its_sum(db, clock, setup):
    second = await factories.staff(db, clock, "second", "xinhuashe")
    resident = await factories.user(db, clock, "r", community_code="xinhuashe")
    async with db.uow() as uow:
        community = await uow.communities.by_code("xinhuashe")
        boss = await uow.users.get(setup.id)
        fee = await fund.add_entry(
            uow,
            boss,
            community.id,
            kind="income",
            source="stall_fee",
            amount=Decimal("120"),
            purpose="11月集市摊位费",
            day=dt.date(2026, 11, 1),
            now=clock.now(),
        )
        await fund.add_entry(
            uow,
            boss,
            community.id,
            kind="income",
            source="donation",
            amount=Decimal("500"),
            purpose="居民捐赠",
            day=dt.date(2026, 11, 2),
            now=clock.now(),
        )
        request = await fund.propose_spending(
            uow,
            boss,
            community.id,
            amount=Decimal("200"),
            purpose="购买垃圾分类桶",
            day=dt.date(2026, 11, 3),
            now=clock.now(),
        )
        await fund.approve(uow, await uow.users.get(second.id), request.id, clock.now())
        await fund.add_entry(
            uow,
            boss,
            community.id,
            kind="income",
            source="stall_fee",
            amount=Decimal("-20"),
            purpose="多记了两个摊位",
            corrects=fee.id,
            day=dt.date(2026, 11, 4),
            now=clock.now(),
        )
        with pytest.raises(DomainError):  # spending is never added without a signature
            await fund.add_entry(
                uow,
                boss,
                community.id,
                kind="spending",
                source="x",
                amount=Decimal("1"),
                purpose="x",
                day=dt.date(2026, 11, 3),
                now=clock.now(),
            )
        with pytest.raises(NotAllowed):
            await fund.add_entry(
                uow,
                await uow.users.get(resident.id),
                community.id,
                kind="income",
                source="donation",
                amount=Decimal("1"),
                purpose="x",
                day=dt.date(2026, 11, 3),
                now=clock.now(),
            )
        await uow.commit()
    async with db.uow() as uow:
        entries = await fund.ledger(uow, community.id)
        summary = fund.summarise(entries)
        assert summary.balance == Decimal("400.00")
        assert summary.by_source == {"stall_fee": Decimal("100.00"), "donation": Decimal("500.00")}
        assert summary.by_month["2026-11"] == (Decimal("600.00"), Decimal("200.00"))
        assert summary.balance == sum(e.amount for e in entries if e.kind == "income") - sum(
            e.amount for e in entries if e.kind == "spending"
        )
        first = entries[0]
        first.amount = Decimal("999")
        with pytest.raises(PermissionError):
            await uow.flush()
    async with db.uow() as uow:
        entry = await uow.session.get(LedgerEntry, fee.id)
        await uow.session.delete(entry)
        with pytest.raises(PermissionError):
            await uow.flush()
    async with db.uow() as uow:
        assert (await uow.session.get(LedgerEntry, fee.id)).amount == Decimal("120.00")
        lines = (
            _published(await fund.ledger(uow, community.id), "zh-CN")
            .decode("utf-8-sig")
            .splitlines()
        )
    assert lines[0] == (
        "编号,日期,收支,来源,金额（元）,用途,签字人,更正第几笔,集市编号,捐赠人,上一笔校验码,校验码"
    )
    assert lines[4].split(",")[7] == str(fee.id)  # the correction names the line it corrects


async def _lines(db, staff, amounts: list[str]) -> list[int]:
    ids = []
    async with db.uow() as uow:
        community = await uow.communities.by_code("xinhuashe")
        boss = await uow.users.get(staff.id)
        for n, amount in enumerate(amounts, 1):
            entry = await fund.add_entry(
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
        return (await fund.check_ledger(uow, community.id)).balance


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
                await fund.add_entry(
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
        check = await fund.check_ledger(uow, (await uow.communities.by_code("xinhuashe")).id)
    assert (check.lines, check.broken) == (8, None)
    assert check.balance == sum(Decimal(10 + n) for n in range(8))


def _published(entries, language: str) -> bytes:
    """The CSV a reader downloads, as their channel makes it."""
    return TRANSLATOR.file(Attachment.csv("fund.csv", fund.ledger_table(entries)), language)


# What README, "The fund", tells a reader of the Chinese CSV: the names of the kinds and
# sources as the hash has them.
CODES = {"收入": "income", "支出": "spending", "摊位费": "stall_fee", "捐赠": "donation"}
CODES["摊主捐赠的收入分成"] = "pledge"


@pytest.mark.parametrize("language", ["zh-CN", "en"])
async def test_the_chain_can_be_recomputed_from_the_published_csv_alone(db, clock, setup, language):
    """In the reader's language, with a giver named and a purpose Excel would take for a
    formula: the cells as published, with the ' that disarms it taken off, give the chain."""
    import csv
    import hashlib
    import io
    import json

    first, *_ = await _lines(db, setup, ["120", "500", "30.50"])
    async with db.uow() as uow:
        community = await uow.communities.by_code("xinhuashe")
        boss = await uow.users.get(setup.id)
        for purpose, amount, corrects, donor in (
            ('=HYPERLINK("http://x")', "8", None, "王**"),
            ("'引号开头", "-20", first, None),
        ):
            await fund.add_entry(
                uow,
                boss,
                community.id,
                kind="income",
                source="donation",
                amount=Decimal(amount),
                purpose=purpose,
                day=dt.date(2026, 11, 9),
                now=clock.now(),
                corrects=corrects,
                donor=donor,
            )
        await uow.commit()
        published = _published(await fund.ledger(uow, community.id), language)
    table = list(csv.reader(io.StringIO(published.decode("utf-8-sig"))))
    header, rows = table[0], table[1:]
    assert header[1] == ("日期" if language == "zh-CN" else "date")
    assert rows[3][5] == '\'=HYPERLINK("http://x")'  # Excel shows it, never runs it
    assert rows[4][5] == "''引号开头" and rows[4][4] == "-20.00"

    def cell(text: str) -> str:
        return text[1:] if text.startswith("'") else text

    codes = {**CODES, "income": "income", "donations": "donation"}
    previous = "0" * 64
    for row in rows:
        _id, day, kind, source, amount, purpose, signed, corrects, market, donor = map(
            cell, row[:10]
        )
        fields = [
            day,
            codes[kind],
            codes[source],
            amount,
            purpose,
            signed,
            int(corrects) if corrects else None,
            int(market) if market else None,
            previous,
        ]
        if donor:
            fields.append(donor)
        digest = hashlib.sha256(
            json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()
        ).hexdigest()
        assert (row[10], row[11]) == (previous, digest)
        previous = digest
    assert len(rows) == 5
    async with db.uow() as uow:
        assert (await fund.check_ledger(uow, community.id)).broken is None


async def test_two_staff_signing_one_request_at_once_write_one_line(db, db_url, clock, setup):
    signers = [await factories.staff(db, clock, f"signer{n}", "xinhuashe") for n in range(2)]
    async with db.uow() as uow:
        community = await uow.communities.by_code("xinhuashe")
        request = await fund.propose_spending(
            uow,
            await uow.users.get(setup.id),
            community.id,
            amount=Decimal("80"),
            purpose="修路灯",
            day=dt.date(2026, 11, 20),
            now=clock.now(),
        )
        await uow.commit()
    databases = [Database(db_url) for _ in signers]
    try:

        async def sign(signer, database: Database) -> str:
            async with database.uow() as uow:
                try:
                    await fund.approve(uow, await uow.users.get(signer.id), request.id, clock.now())
                except AlreadyDone:
                    return "refused"
                await uow.commit()
                return "signed"

        results = await asyncio.gather(
            *(sign(s, d) for s, d in zip(signers, databases, strict=True))
        )
    finally:
        for database in databases:
            await database.dispose()
    assert sorted(results) == ["refused", "signed"]
    async with db.uow() as uow:
        check = await fund.check_ledger(uow, community.id)
    assert (check.lines, check.balance, check.broken) == (1, Decimal("-80.00"), None)
