"""Booking: what this feature gives the engine."""

from __future__ import annotations

import datetime as dt

from linli.handlers.booking import draws, flows, manage, rebook, service
from linli.handlers.kit.feature import Feature, MenuEntry
from linli.handlers.kit.flow import Ctx, Keyword, Outcome, Switch
from linli.handlers.kit.text import t
from linli.storage.uow import UnitOfWork

UNFOLLOWED = "unfollowed"


async def _mine_command(ctx: Ctx, argument: str) -> Outcome:
    """`/mine` — my bookings."""
    return Switch(flows.MINE_FLOW.name)


async def _left(uow: UnitOfWork, channel: str, external_id: str, now: dt.datetime, config) -> None:
    """Someone who unfollowed: their held offer goes on, their bookings to come are freed."""
    user = await uow.users.by_external(channel, external_id)
    if user is not None and len(await uow.users.accounts_of(user)) > 1:
        # A linked resident still has their other app: their bookings stay.
        return
    if user is not None:
        await service.release_for_leaver(uow, user, now, config, reason=UNFOLLOWED)
        await draws.release_for_leaver(uow, user)


FEATURE = Feature(
    name="booking",
    flows=(flows.BOOK_FLOW, flows.MINE_FLOW, flows.REQUEST_FLOW, manage.FLOW, rebook.FLOW),
    menu=(
        # 预约场地, then 再约一次 for the places booked before. After the residents' other
        # entries so that their numbers, which people learn and type, stay as they were.
        MenuEntry(t("menu-reserve"), rebook.FLOW.name, order=66, more=rebook.recent_buttons),
        MenuEntry(t("menu-mine"), flows.MINE_FLOW.name, order=20),
        MenuEntry(t("menu-manage"), manage.FLOW.name, order=70, visible=manage.may_manage),
    ),
    keywords=(
        Keyword(t("keywords-mine"), flows.MINE_FLOW.name),
        # 预约 typed alone: the places that take bookings, with today's hours.
        Keyword(t("keywords-bookable"), rebook.FLOW.name),
    ),
    commands={"mine": _mine_command},
    actions={"wl-accept": flows.accept_offer, "wl-decline": flows.decline_offer},
    on_leave=(_left,),
)
