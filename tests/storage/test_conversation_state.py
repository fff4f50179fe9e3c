"""The conversation state's write at the end of a press (ConversationRepo.save): one
UPDATE of the whole row, not written again by the commit, and the ORM's way kept for a
state the database has not seen or whose values a rolled-back savepoint expired."""

from __future__ import annotations

from linli.storage.models import ConversationState
from tests import factories
from tests.bench.statements import counting


async def _state(db, clock, external_id: str) -> int:
    await factories.demo(db, clock)
    user = await factories.user(db, clock, external_id, community_code="xinhuashe")
    async with db.uow() as uow:
        state = ConversationState(
            user_id=user.id,
            data={"kept": 1},
            history=[],
            options=[],
            pushed=False,
            screen=0,
            expires_at=clock.now(),
            updated_at=clock.now(),
        )
        uow.conversations.add(state)
        await uow.commit()
    return user.id


async def _read(db, user_id: int) -> ConversationState:
    async with db.uow() as uow:
        return await uow.conversations.get(user_id)


async def test_the_state_is_written_whole_once(db, clock):
    user_id = await _state(db, clock, "u1")
    async with db.uow() as uow:
        state = await uow.conversations.get(user_id)
        state.flow, state.step, state.screen = "book", "day", 7
        state.options = ["c|book|day|1|7"]
        with counting(db) as seen:
            await uow.conversations.save(state)
            await uow.commit()
    updates = [q for q in seen.queries if q.lstrip().startswith("UPDATE conversation_states")]
    assert len(updates) == 1, seen.listing()
    saved = await _read(db, user_id)
    assert (saved.flow, saved.step, saved.screen, saved.options) == (
        "book",
        "day",
        7,
        ["c|book|day|1|7"],
    )
    assert saved.data == {"kept": 1}


async def test_a_state_with_expired_values_is_left_to_the_orm(db, clock):
    user_id = await _state(db, clock, "u2")
    async with db.uow() as uow:
        state = await uow.conversations.get(user_id)
        # As a rolled-back savepoint leaves what it touched: to be read again.
        uow.session.expire(state, ["data"])
        state.screen = 3
        await uow.conversations.save(state)
        await uow.commit()
    saved = await _read(db, user_id)
    assert (saved.screen, saved.data) == (3, {"kept": 1})


async def test_a_new_state_is_inserted_by_the_orm(db, clock):
    await factories.demo(db, clock)
    user = await factories.user(db, clock, "u3", community_code="xinhuashe")
    async with db.uow() as uow:
        state = ConversationState(
            user_id=user.id,
            data={},
            history=[],
            options=["menu"],
            pushed=False,
            screen=1,
            expires_at=clock.now(),
            updated_at=clock.now(),
        )
        uow.conversations.add(state)
        await uow.conversations.save(state)
        await uow.commit()
    assert (await _read(db, user.id)).options == ["menu"]
