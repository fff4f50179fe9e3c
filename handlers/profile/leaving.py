"""A user who left the channel for good (unfollowed the WeChat account): pushes stop, and
what was held for them goes on to others at once instead of waiting for them."""

from __future__ import annotations

import datetime as dt

from linli.handlers.booking import service as booking
from linli.handlers.kit.config import CoreConfig
from linli.handlers.profile.service import mark_unreachable
from linli.storage.uow import UnitOfWork

UNFOLLOWED = "unfollowed"


async def left_channel(
    uow: UnitOfWork, channel: str, external_id: str, now: dt.datetime, config: CoreConfig
) -> None:
    """Mark them unreachable; pass their held offer on; release their bookings to come."""
    user = await uow.users.by_external(channel, external_id)
    if user is None:
        return
    await mark_unreachable(uow, channel, external_id, now)
    await booking.release_for_leaver(uow, user, now, config, reason=UNFOLLOWED)
