"""Hostile input gets a polite answer and changes nothing: odd digits, huge numbers, forged
payloads, NUL — and a seeded fuzz of the conversation's entry for a resident and for staff."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select

from linli.handlers.kit import payload as codec
from linli.handlers.kit.parse import forged_number, whole_number
from linli.storage.models import (
    AuditEntry,
    LedgerEntry,
    MarketDay,
    Notice,
    Proposal,
    RoleGrant,
)
from tests import factories
from tests.factories import Chat


@pytest.mark.parametrize(
    ("typed", "number"),
    [("3", 3), ("３", 3), (" 12 ", 12), ("²", 2), ("⓵", None), ("9" * 5000, None), ("1e3", None)],
)
def test_a_typed_number_is_ascii_digits_bounded(typed, number):
    # ² becomes 2 the way a phone keyboard would have meant it; ⓵ and 5,000 nines are no
    # numbers (int() refuses both: ValueError, and the 4,300-digit limit).
    assert whole_number(typed) == number


def test_payload_digits_beyond_32_bits_or_not_ascii_are_forged():
    assert forged_number("12") is False
    assert forged_number("3.5") is False
    assert forged_number("99999999999999999999") is True
    assert forged_number("١٢") is True
    assert forged_number("²") is True  # isdigit() yet not int(): a forged list choice crashed


async def _resident(db, clock, conversation, translator, who="u1"):
    await factories.user(db, clock, who, community_code="xinhuashe")
    chat = Chat(conversation, translator, who)
    await chat.send("")
    return chat


async def test_odd_numbers_at_any_step_get_an_answer_not_an_error(
    db, clock, conversation, translator
):
    await factories.demo(db, clock)
    chat = await _resident(db, clock, conversation, translator)
    for typed in ["⓵", "9" * 5000, "²", "\x00", "1e30", "-1", "0"]:
        await chat.send(typed)
        assert "error-internal" not in chat.keys(), typed
    await factories.staff(db, clock, "boss", "xinhuashe")
    staff = Chat(conversation, translator, "boss")
    await staff.send("")
    await staff.send(staff.number_of("menu-market"))
    await staff.send(staff.number_of("market-fund"))
    await staff.send(staff.number_of("fund-add-income"))
    await staff.send(staff.number_named("捐赠"))
    await staff.send("1e30")  # an amount Decimal cannot round to fen
    assert staff.keys()[0] == "fund-ask-amount"


async def test_a_payload_id_beyond_the_database_integer_is_refused(
    db, clock, conversation, translator
):
    await factories.demo(db, clock)
    chat = await _resident(db, clock, conversation, translator)
    await chat.send(chat.number_of("menu-mine"))
    for forged in (
        await chat.forge("mine", "list", 10**20),
        codec.encode("go", "book", 10**20),
        codec.encode("do", "rate", f"{10**20}.5"),
    ):
        await chat.send(payload=forged)
        assert chat.keys()[0] == "hint-stale-button", forged


async def test_nul_and_control_characters_never_reach_storage(db, clock, conversation, translator):
    await factories.demo(db, clock)
    chat = await _resident(db, clock, conversation, translator)
    await chat.send(chat.number_of("menu-proposals"))
    await chat.send(chat.number_of("proposals-new"))
    await chat.send("楼道\x00装\x07灯")
    await chat.send("三号楼\x00楼道太黑")
    assert "error-internal" not in chat.keys()
    for _ in range(4):
        if chat.keys()[0] == "proposal-confirm":
            break
        await chat.send("1")
    await chat.send(chat.number_of("proposal-publish"))
    async with db.uow() as uow:
        (title,) = await uow.session.scalars(select(Proposal.title))
    assert title == "楼道装灯"


def _noise(rng: random.Random) -> str:
    alphabet = "0123456789０１²⓵菜单取消返回选项/\x00 \n#％%元一二三abcXYZ😀]]><&;|"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))


async def _fuzz(chat: Chat, rng: random.Random, rounds: int) -> None:
    for _ in range(rounds):
        roll = rng.random()
        if roll < 0.4 and chat.last and chat.last.buttons:
            await chat.send(str(rng.randint(1, len(chat.last.buttons) + 1)))
        elif roll < 0.6 and chat.last and chat.last.buttons:
            # A real button's payload with one argument changed: stale, forged or huge.
            action, args = codec.decode(rng.choice(chat.last.buttons).payload)
            if args:
                args[rng.randrange(len(args))] = rng.choice(
                    ["1", "999999999", str(10**19), "²", "", "staff", "figures", "x" * 40]
                )
            try:
                forged = codec.encode(action or "c", *args)
            except (codec.PayloadTooLong, ValueError):
                continue
            await chat.send(payload=forged)
        elif roll < 0.7:
            await chat.send(payload=_noise(rng))
        else:
            await chat.send(_noise(rng))
        assert "error-internal" not in chat.keys(), chat.render()


async def _civic_counts(db) -> tuple[int, ...]:
    async with db.uow() as uow:
        return tuple(
            [
                await uow.session.scalar(select(func.count()).select_from(model))
                for model in (RoleGrant, LedgerEntry, Notice, MarketDay, AuditEntry)
            ]
        )


async def test_seeded_fuzz_of_the_conversation_entry(db, clock, conversation, translator):
    """Random text and forged payloads: never an internal error, and a resident changes
    nothing that only staff may (roles, the fund, notices, markets, the audit log)."""
    await factories.demo(db, clock)
    rng = random.Random(20261202)
    resident = await _resident(db, clock, conversation, translator, "fuzzer")
    before = await _civic_counts(db)
    await _fuzz(resident, rng, 250)
    assert await _civic_counts(db) == before
    await factories.staff(db, clock, "boss", "xinhuashe")
    staff = Chat(conversation, translator, "boss")
    await staff.send("")
    await _fuzz(staff, rng, 250)
