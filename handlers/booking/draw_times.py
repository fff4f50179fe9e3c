"""When a slot of a facility in lottery mode (抽签) takes entries and is drawn.

A facility is in lottery mode when both `lottery_opens_days` and `lottery_draw_hours` are
set. For each of its slots:

- before `opens_at` (the start minus `lottery_opens_days` days): not open yet;
- from `opens_at` until `draw_at` (the start minus `lottery_draw_hours` hours): residents
  enter the draw (one entry per household) and may withdraw; nobody books directly;
- from `draw_at`: the chore draws it; winners are booked up to the free places; once
  drawn, whatever is left (places nobody won, places winners cancel) is booked first come.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from linli.handlers.kit import when
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.errors import DomainError
from linli.handlers.kit.text import t
from linli.storage.models import Facility, Slot
from linli.storage.uow import UnitOfWork


class Phase(StrEnum):
    EARLY = "early"  # entries not open yet
    ENTRIES = "entries"  # entries open
    DRAWING = "drawing"  # entries closed, draw not made yet
    AFTER = "after"  # drawn (or a facility not in lottery mode): first come


def in_lottery(facility: Facility) -> bool:
    return facility.lottery_opens_days is not None and facility.lottery_draw_hours is not None


def opens_at(facility: Facility, starts_at: dt.datetime) -> dt.datetime:
    return starts_at - dt.timedelta(days=facility.lottery_opens_days or 0)


def draw_at(facility: Facility, starts_at: dt.datetime) -> dt.datetime:
    return starts_at - dt.timedelta(hours=facility.lottery_draw_hours or 0)


def phase(facility: Facility, slot: Slot, now: dt.datetime, *, pending: bool) -> Phase:
    """Where a slot stands; `pending`: a draw of it exists and is not made yet (a slot
    nobody entered has no draw to wait for)."""
    if not in_lottery(facility):
        return Phase.AFTER
    if now < opens_at(facility, slot.starts_at):
        return Phase.EARLY
    if now < draw_at(facility, slot.starts_at):
        return Phase.ENTRIES
    return Phase.DRAWING if pending else Phase.AFTER


async def slot_phase(uow: UnitOfWork, facility: Facility, slot: Slot, now: dt.datetime) -> Phase:
    draw = await uow.draws.for_slot(slot.id) if in_lottery(facility) else None
    return phase(facility, slot, now, pending=draw is not None and draw.drawn_at is None)


async def refuse_direct_booking(
    uow: UnitOfWork, facility: Facility, slot: Slot, now: dt.datetime, config: CoreConfig
) -> None:
    """A lottery slot is booked directly only once drawn (or when nobody entered)."""
    found = await slot_phase(uow, facility, slot, now)
    if found is Phase.EARLY:
        raise DomainError(
            t(
                "draw-not-open-yet",
                opens=when.moment(opens_at(facility, slot.starts_at), config.zone),
            )
        )
    if found is Phase.ENTRIES:
        raise DomainError(t("draw-book-by-entry"))
    if found is Phase.DRAWING:
        raise DomainError(t("draw-being-drawn"))
