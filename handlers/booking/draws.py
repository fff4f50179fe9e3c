"""Slot draws (抽签): a popular slot of a facility in lottery mode goes by a verifiable draw
among households instead of first come (the same commit–reveal as the market's stalls,
handlers/kit/lottery.py).

When a slot's entries open its draw is made with a secret, and the secret's SHA-256 (the
commitment) is shown to everyone who enters. At the draw (draw_times.py) the secret is
revealed and, with the unit keys that entered sorted ascending:

    seed  = SHA-256("<secret>|<keys, comma-separated>")
    order = the keys sorted by SHA-256("<seed>:slot:<slot number>:<key>")

The first `places` keys (the places free at the draw) win and are booked; the rest are told
politely. `linli booking verify-draw --draw N` redoes it from these facts alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from linli.handlers.booking import service, timetable
from linli.handlers.booking.draw_times import Phase, draw_at, in_lottery, opens_at, slot_phase
from linli.handlers.booking.draw_units import household_key
from linli.handlers.booking.eligibility import check_rules, home_community, usable_facility
from linli.handlers.booking.timetable import offered_slot
from linli.handlers.facilities import shown
from linli.handlers.kit import ids, lottery, when
from linli.handlers.kit import payload as codec
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.errors import DomainError, NotFound
from linli.handlers.kit.notify import push
from linli.handlers.kit.reply import Button, Reply
from linli.handlers.kit.text import Text, t
from linli.handlers.profile.service import write_audit
from linli.storage.models import Facility, Slot, SlotDraw, SlotDrawEntry, User
from linli.storage.uow import UnitOfWork


def label(draw: SlotDraw) -> str:
    """What each key's hash is salted with: the slot, so two slots never share an order."""
    return f"slot:{draw.slot_id}"


async def draw_of(uow: UnitOfWork, facility: Facility, slot: Slot, now: dt.datetime) -> SlotDraw:
    """The slot's draw, made (with its secret and published commitment) the first time
    anyone looks at the slot while entries are open: before any entry exists."""
    draw = await uow.draws.for_slot(slot.id)
    if draw is not None:
        return draw
    secret = lottery.new_secret()
    return await uow.draws.ensure(
        {
            "slot_id": slot.id,
            "facility_id": facility.id,
            "commitment": lottery.commitment(secret),
            "secret": secret,
            "opens_at": opens_at(facility, slot.starts_at),
            "draw_at": draw_at(facility, slot.starts_at),
            "created_at": now,
        }
    )


async def open_draw(
    uow: UnitOfWork, user: User, facility_id: int, slot_id: int, now: dt.datetime, config
) -> tuple[Facility, Slot, SlotDraw]:
    """A slot of a facility this resident may use, taking entries now, with its draw."""
    facility = await usable_facility(uow, user, facility_id)
    if not facility.bookable or not in_lottery(facility):
        raise NotFound()
    slot = await offered_slot(uow, facility, slot_id, now, config.zone)
    found = await slot_phase(uow, facility, slot, now)
    if found is Phase.EARLY:
        opens = when.moment(opens_at(facility, slot.starts_at), config.zone)
        raise DomainError(t("draw-not-open-yet", opens=opens))
    if found is not Phase.ENTRIES:
        raise DomainError(t("draw-entries-closed"))
    return facility, slot, await draw_of(uow, facility, slot, now)


async def enter(
    uow: UnitOfWork,
    user: User,
    facility_id: int,
    slot_id: int,
    now: dt.datetime,
    config: CoreConfig,
) -> SlotDrawEntry:
    """Enter the household in a slot's draw; a second entry of the household is refused."""
    await uow.booking.lock_user(user.id)
    facility, slot, draw = await open_draw(uow, user, facility_id, slot_id, now, config)
    await check_rules(uow, user, facility, slot, now, config)
    draw = await uow.draws.locked(draw.id)
    if draw.drawn_at is not None:  # drawn a moment ago
        raise DomainError(t("draw-entries-closed"))
    key = await household_key(uow, user)
    entry = SlotDrawEntry(
        draw_id=draw.id, user_id=user.id, unit_key=key, entered_at=now, status="entered"
    )
    if await uow.draws.entry_of(draw.id, key) is not None or not await uow.draws.add_entry(entry):
        raise DomainError(_already(await uow.draws.entry_of(draw.id, key), user))
    await write_audit(
        uow,
        now=now,
        community_id=home_community(facility),
        actor=ids.actor(user),
        action="draw.enter",
        target=f"draw:{draw.id}",
    )
    return entry


def _already(entry: SlotDrawEntry | None, user: User) -> Text:
    if entry is not None and entry.user_id != user.id:
        return t("draw-already-entered-household")
    return t("draw-already-entered")


async def my_entry(uow: UnitOfWork, user: User, entry_id: int) -> tuple[SlotDrawEntry, SlotDraw]:
    entry = await uow.draws.entry(entry_id)
    if entry is None or entry.user_id != user.id:
        raise NotFound()
    return entry, await uow.draws.get(entry.draw_id)


async def withdraw(uow: UnitOfWork, user: User, entry_id: int, now: dt.datetime) -> SlotDraw:
    """Take one's entry back while entries are open; the household may enter again."""
    entry, draw = await my_entry(uow, user, entry_id)
    draw = await uow.draws.locked(draw.id)
    if draw.drawn_at is not None or now >= draw.draw_at:
        raise DomainError(t("draw-withdraw-too-late"))
    await uow.draws.remove_entry(entry)
    facility = await uow.facilities.get(draw.facility_id)
    await write_audit(
        uow,
        now=now,
        community_id=home_community(facility),
        actor=ids.actor(user),
        action="draw.withdraw",
        target=f"draw:{draw.id}",
    )
    return draw


def facts(draw: SlotDraw) -> list[Text]:
    """What anyone needs to check the draw, as published once it is made."""
    return [
        t(
            "draw-facts",
            draw=draw.id,
            commitment=draw.commitment,
            secret=draw.secret or "",
            seed=draw.seed or "",
            entries=len([k for k in (draw.pool or "").split(",") if k]),
            places=draw.places or 0,
        ),
        t("draw-verify-hint", draw=draw.id),
    ]


async def perform(uow: UnitOfWork, draw: SlotDraw, now: dt.datetime, config: CoreConfig) -> None:
    """Make a due draw: reveal the secret, publish the seed and the order, book the winners
    up to the free places, tell everyone with the facts to check it."""
    if draw.drawn_at is not None:
        return
    if draw.secret is None or lottery.commitment(draw.secret) != draw.commitment:
        # Never store a result the published commitment does not back.
        raise RuntimeError(f"draw {draw.id}: the secret does not match its commitment")
    slot = await uow.booking.slot(draw.slot_id)
    facility = await uow.facilities.get(draw.facility_id)
    offered = await _still_offered(uow, facility, slot, now, config)
    entries = {e.unit_key: e for e in await uow.draws.entries(draw.id)}
    keys = sorted(entries)
    draw.seed = lottery.seed_of(draw.secret, keys)
    draw.pool = lottery.pool_text(keys)
    order = lottery.draw_order(draw.seed, label(draw), keys)
    draw.result = ",".join(order)
    # A slot closed (or a facility withdrawn) since entries opened has no places to give.
    draw.places = max(slot.capacity - slot.taken, 0) if offered else 0
    draw.drawn_at = now
    zone = config.zone
    moment = when.moment(slot.starts_at, zone)
    for rank, key in enumerate(order, 1):
        entry = entries[key]
        entry.rank = rank
        booking = None
        if rank <= draw.places and await uow.booking.take_place(slot.id):
            person = await uow.users.get(entry.user_id)
            booking = await service._create_booking(uow, person, facility, slot, now, config)
        entry.status = "won" if booking is not None else "lost"
        entry.booking_id = booking.id if booking is not None else None
        if booking is not None:
            told = Reply(
                messages=[
                    t("draw-won", facility=shown.name(facility), when=moment, code=booking.code),
                    *facts(draw),
                ]
            )
        elif not offered:
            told = Reply(
                messages=[t("draw-called-off", facility=shown.name(facility), when=moment)]
            )
        else:
            told = Reply(
                messages=[
                    t(
                        "draw-lost",
                        facility=shown.name(facility),
                        when=moment,
                        rank=rank,
                        places=draw.places,
                    ),
                    *facts(draw),
                ],
                buttons=[
                    Button(t("draw-other-times"), codec.encode("go", "book", facility.id)),
                ],
            )
        await push(
            uow,
            entry.user_id,
            kind="draw",
            now=now,
            reply=told,
            dedupe_key=f"draw:{draw.id}:{entry.id}",
        )
    await write_audit(
        uow,
        now=now,
        community_id=home_community(facility),
        actor="system",
        action="draw.made",
        target=f"draw:{draw.id}",
        details={"seed": draw.seed, "entries": len(keys), "places": draw.places},
    )


async def _still_offered(
    uow: UnitOfWork, facility: Facility, slot: Slot, now: dt.datetime, config: CoreConfig
) -> bool:
    if not facility.active or not facility.bookable or slot.starts_at <= now:
        return False
    day = when.day_of(slot.starts_at, config.zone)
    try:
        offered = await timetable.day_slots(uow, facility, day, now, config.zone)
    except DomainError:
        return False
    return slot.id in {s.id for s in offered}


async def release_for_leaver(uow: UnitOfWork, user: User) -> None:
    """Someone who left the channel could not be told the result: their entries go."""
    for entry, _draw in await uow.draws.open_entries_of(user.id):
        await uow.draws.remove_entry(entry)


async def run_due(db, now: dt.datetime, config: CoreConfig) -> int:
    """The chore's part: every draw whose moment has come is made, once."""
    async with db.uow() as uow:
        due = await uow.draws.due(now)
        for draw in due:
            await perform(uow, draw, now, config)
        await uow.commit()
    return len(due)


@dataclass
class DrawCheck:
    """A made draw redone from its published facts."""

    draw: SlotDraw
    keys: list[str]  # the entries on record, ascending
    order: list[str]  # the order the rule gives
    commitment_holds: bool
    pool_holds: bool
    seed_holds: bool
    result_holds: bool
    mismatched: list[str]  # keys whose recorded place or outcome differs from the rule's

    @property
    def holds(self) -> bool:
        return (
            self.commitment_holds
            and self.pool_holds
            and self.seed_holds
            and self.result_holds
            and not self.mismatched
        )


async def check(uow: UnitOfWork, draw_id: int) -> DrawCheck:
    """Redo a draw from the commitment, the revealed secret and the entries on record."""
    draw = await uow.draws.get(draw_id)
    if draw is None or draw.drawn_at is None or draw.secret is None:
        raise DomainError(t("draw-not-made"))
    entries = await uow.draws.entries(draw.id)
    keys = sorted(e.unit_key for e in entries)
    seed = lottery.seed_of(draw.secret, keys)
    order = lottery.draw_order(seed, label(draw), keys)
    places = draw.places or 0
    mismatched = []
    for entry in entries:
        rank = order.index(entry.unit_key) + 1
        status = "won" if rank <= places else "lost"
        # A winner whose place could not be taken is a loser on record, never the reverse.
        if entry.rank != rank or (entry.status == "won" and status != "won"):
            mismatched.append(entry.unit_key)
    return DrawCheck(
        draw=draw,
        keys=keys,
        order=order,
        commitment_holds=lottery.commitment(draw.secret) == draw.commitment,
        pool_holds=lottery.pool_text(keys) == (draw.pool or ""),
        seed_holds=seed == draw.seed,
        result_holds=",".join(order) == (draw.result or ""),
        mismatched=sorted(mismatched),
    )
