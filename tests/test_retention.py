"""Retention (README "Retention"): what is past its time is wiped by the chores, and only that."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select, text

from linli.bot.app import apply_retention, build_app
from linli.bot.config import Settings
from linli.storage.models import AuditEntry, ExportLink, LedgerEntry, OutboxMessage, User
from tests import factories
from tests.factories import Chat
from tests.market.paths import PATHS
from tests.walk import reach

PHONE = "13812345678"


async def _push(db, user_id: int, key: str, now: dt.datetime, status: str) -> None:
    async with db.uow() as uow:
        await uow.outbox.enqueue(
            user_id=user_id, kind="notice", body={"text": key}, due_at=now, now=now, dedupe_key=key
        )
        await uow.commit()
    if status != "pending":
        async with db.uow() as uow:
            row = await uow.session.scalar(
                select(OutboxMessage).where(OutboxMessage.dedupe_key == key)
            )
            row.status, row.sent_at = status, now if status == "sent" else None
            await uow.commit()


async def _audit(db, action: str, now: dt.datetime) -> None:
    async with db.uow() as uow:
        uow.audit.add(AuditEntry(at=now, actor="test", action=action, details={}))
        await uow.commit()


async def _ledger(db) -> list[tuple]:
    async with db.uow() as uow:
        rows = await uow.session.scalars(select(LedgerEntry).order_by(LedgerEntry.id))
        return [(r.id, r.amount, r.purpose, r.hash) for r in rows]


async def test_the_chores_wipe_what_is_past_its_time_and_nothing_else(
    db, db_url, clock, conversation, translator
):
    await factories.demo(db, clock)
    # A resident types a phone into the market application and walks away.
    chat, _ = await reach(db, clock, conversation, translator, PATHS[("market", "confirm")])
    async with db.uow() as uow:
        me = await uow.users.by_external("console", "u1")
        place = await uow.communities.by_code("xinhuashe")
        await uow.fund.append(
            LedgerEntry(
                community_id=place.id,
                day=clock.now().date(),
                kind="income",
                source="donation",
                amount=Decimal(50),
                purpose="捐赠",
                created_by="test",
                created_at=clock.now(),
            )
        )
        await uow.commit()
    state_text = await _states_text(db)
    assert PHONE in state_text
    await _push(db, me.id, "old-sent", clock.now(), "sent")
    await _push(db, me.id, "old-failed", clock.now(), "failed")
    await _push(db, me.id, "old-pending", clock.now(), "pending")
    await _audit(db, "old", clock.now())
    async with db.uow() as uow:
        await uow.privacy.new_link(me.id, clock.now(), dt.timedelta(days=1))  # my data, WeChat
        await uow.commit()
    ledger = await _ledger(db)

    clock.advance(days=365 * 3 + 1)
    await _push(db, me.id, "fresh-sent", clock.now() - dt.timedelta(days=29), "sent")
    await _audit(db, "recent", clock.now() - dt.timedelta(days=365 * 3 - 1))
    app = build_app(Settings(database_url=db_url), clock)
    try:
        await app.chores()
    finally:
        await app.close()

    assert PHONE not in await _states_text(db)
    async with db.uow() as uow:
        bodies = {
            r.dedupe_key: r.body
            for r in await uow.session.scalars(
                select(OutboxMessage).where(OutboxMessage.user_id == me.id)
            )
        }
        actions = [e.action for e in await uow.session.scalars(select(AuditEntry))]
    assert bodies["old-sent"] == bodies["old-failed"] == {}
    assert bodies["old-pending"] == {"text": "old-pending"}  # never delivered: kept to send
    assert bodies["fresh-sent"] == {"text": "fresh-sent"}
    assert actions == ["recent"]
    async with db.uow() as uow:
        assert list(await uow.session.scalars(select(ExportLink))) == []
    assert await _ledger(db) == ledger  # the public ledger is never pruned

    # The resident comes back: told the flow ended, then the menu, no error.
    reply = await chat.send("")
    keys = [m.key for m in reply.messages]
    assert keys[0] == "conversation-expired"
    assert "menu-market" in [b.label.key for b in reply.buttons]


async def test_a_round_goes_in_batches_until_nothing_is_left(db, clock):
    for n in range(5):
        await _audit(db, f"old-{n}", clock.now())
    clock.advance(days=365 * 3 + 1)
    counts = await apply_retention(db, clock, Settings(), batch=2)
    assert counts["audit"] == 5
    # Again: nothing left, and wiped rows are not counted twice.
    assert await apply_retention(db, clock, Settings(), batch=2) == {
        "conversations": 0,
        "pushes": 0,
        "links": 0,
        "unconsented": 0,
        "downloads": 0,
        "console": 0,
        "audit": 0,
        "updates": 0,
    }


async def test_console_links_and_sessions_go_a_day_after_they_end(db, clock):
    from linli.storage.models import ConsoleLink, ConsoleSession

    await factories.places(db)
    person = await factories.user(db, clock, "s1", community_code="xinhuashe")
    async with db.uow() as uow:
        await uow.console.new_link(person.id, clock.now(), dt.timedelta(minutes=10))
        await uow.console.open_session(person.id, clock.now(), dt.timedelta(hours=12))
        await uow.commit()
    clock.advance(hours=13)  # both ran out, less than a day ago: kept
    assert (await apply_retention(db, clock, Settings()))["console"] == 0
    clock.advance(days=1)
    assert (await apply_retention(db, clock, Settings()))["console"] == 1
    async with db.uow() as uow:
        assert list(await uow.session.scalars(select(ConsoleLink))) == []
        assert list(await uow.session.scalars(select(ConsoleSession))) == []


async def test_someone_who_never_agreed_is_forgotten_once_they_walked_away(
    db, clock, conversation, translator
):
    await factories.places(db)
    walked = Chat(conversation, translator, "walked-away")
    await walked.send("")  # the notice; no answer ever comes
    await walked.send("/start")
    stays = Chat(conversation, translator, "agreed")
    await stays.send("")
    await stays.send(factories.AGREE)
    # Someone from before the notice, already a resident there: never pruned, asked again.
    await factories.user(db, clock, "older", community_code="xinhuashe", consented=False)
    clock.advance(days=6)
    first = await apply_retention(db, clock, Settings())
    clock.advance(days=2)
    second = await apply_retention(db, clock, Settings())
    async with db.uow() as uow:
        left = {u.external_id for u in await uow.session.scalars(select(User))}
    assert (first["unconsented"], second["unconsented"]) == (0, 1)
    assert left == {"agreed", "older"}
    # Writing again is a first contact: the notice.
    await walked.send("")
    assert factories.NOTICE_START in walked.keys()


def test_retention_settings_are_read_from_their_variables(monkeypatch):
    monkeypatch.setenv("LINLI_RETENTION_CONVERSATION_DAYS", "2")
    monkeypatch.setenv("LINLI_RETENTION_PUSH_DAYS", "9")
    monkeypatch.setenv("LINLI_RETENTION_AUDIT_YEARS", "5")
    keep = Settings(_env_file=None).retention
    assert (keep.conversation_days, keep.push_days, keep.audit_years) == (2, 9, 5)


async def _states_text(db) -> str:
    async with db.uow() as uow:
        rows = await uow.session.execute(text("SELECT * FROM conversation_states"))
        return repr(rows.all())


async def test_a_flow_still_alive_is_never_wiped(db, clock, conversation, translator):
    await factories.demo(db, clock)
    chat = Chat(conversation, translator, "u1")
    await chat.send("/start")
    await chat.send(factories.AGREE)  # onboarding asks for the community: a flow under way
    settings = Settings(retention_conversation_days=1)
    clock.advance(days=3)  # past the retention, within LINLI_CONVERSATION_TTL_HOURS (7 days)
    assert (await apply_retention(db, clock, settings))["conversations"] == 0
    clock.advance(days=5)
    assert (await apply_retention(db, clock, settings))["conversations"] == 1
    async with db.uow() as uow:
        state = await uow.conversations.get((await uow.users.by_external("console", "u1")).id)
    assert (state.flow, state.step, state.data, state.history) == ("onboarding", None, {}, [])
