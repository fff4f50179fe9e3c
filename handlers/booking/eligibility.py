"""Who may do what with a facility, and whether a resident may book one place more: the
fairness rules (suspension, the quotas)."""

from __future__ import annotations

import datetime as dt

from linli.handlers.booking.timetable import day_start
from linli.handlers.kit import when
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.errors import (
    DomainError,
    NotAllowed,
    NotFound,
    NotInCommunity,
    QuotaReached,
    Suspended,
    WeekQuotaReached,
)
from linli.handlers.kit.text import Text, t
from linli.handlers.profile.residency import confirmed_residency
from linli.storage.models import Facility, Slot, User
from linli.storage.uow import UnitOfWork


class HouseholdQuotaReached(DomainError):
    """The household (户) together holds as many upcoming places as the facility allows."""

    def default_message(self, **args) -> Text:
        return t("booking-quota-household", limit=args["limit"])


async def can_manage(uow: UnitOfWork, user: User, facility: Facility) -> bool:
    """Staff of a community the facility serves, or an operator of its own unit granted by
    a community it serves (staff of one community cannot reach another's facilities by
    making themselves an operator of a unit that serves both)."""
    served = {s.community_id for s in facility.served}
    for grant in await uow.roles.active_for(user.id):
        if grant.community_id not in served:
            continue
        if grant.role == "staff":
            return True
        if grant.role == "operator" and grant.unit_id == facility.unit_id:
            return True
    return False


async def may_close(uow: UnitOfWork, user: User, facility: Facility) -> bool:
    """Closing cancels residents' bookings in every community the facility serves: its
    unit's operator may, staff only when they are staff of each of those communities."""
    served = {s.community_id for s in facility.served}
    grants = await uow.roles.active_for(user.id)
    if any(
        g.role == "operator" and g.unit_id == facility.unit_id and g.community_id in served
        for g in grants
    ):
        return True
    return served <= {g.community_id for g in grants if g.role == "staff"}


async def managed_facility(uow: UnitOfWork, user: User | None, facility_id: int) -> Facility:
    """A facility `user` looks after; None is the command line, which may see them all."""
    facility = await uow.facilities.get(facility_id)
    if facility is None:
        raise NotFound()
    if user is not None and not await can_manage(uow, user, facility):
        raise NotAllowed()
    return facility


async def managed_facilities(uow: UnitOfWork, user: User) -> list[Facility]:
    """Every facility this staff member or operator looks after."""
    found: dict[int, Facility] = {}
    for grant in await uow.roles.active_for(user.id):
        if grant.role == "operator" and grant.unit_id:
            # Only those serving the community that granted the role.
            serving = await uow.facilities.serving(grant.community_id)
            found.update({f.id: f for f in serving if f.unit_id == grant.unit_id})
        elif grant.role == "staff":
            found.update({f.id: f for f in await uow.facilities.serving(grant.community_id)})
    return sorted(found.values(), key=lambda f: f.id)


async def usable_facility(uow: UnitOfWork, user: User, facility_id: int) -> Facility:
    """A facility this resident may use: it exists, is active and serves their community."""
    facility = await uow.facilities.get(facility_id)
    if facility is None or not facility.active:
        raise NotFound()
    if user.community_id not in {s.community_id for s in facility.served}:
        raise NotInCommunity()
    return facility


async def refuse_here(
    uow: UnitOfWork,
    user: User,
    facility: Facility,
    now: dt.datetime,
    config: CoreConfig,
    *,
    lock: bool = False,
    week: tuple[dt.datetime, dt.datetime] | None = None,
) -> int:
    """The rules that do not depend on the day: a suspension, this person's and this
    household's places here. Checked when the facility is chosen, so nobody picks a day
    and a time only to be told no at 确认预约; `lock` when a booking follows (races).
    Returns the person's live bookings starting in `week` (0 without one): the same query
    answers it, so the confirm asks once (issue 20)."""
    span = week or (now, now)  # an empty span counts nothing
    suspended_until, upcoming, in_week = await uow.booking.standing(user.id, facility.id, now, span)
    if suspended_until is not None:
        count = await uow.booking.no_shows_since(user.id, now - config.booking.no_show_window)
        raise Suspended(until=when.moment(suspended_until, config.zone), count=max(count, 1))
    if upcoming >= facility.max_upcoming:
        raise QuotaReached(limit=facility.max_upcoming)
    household_limit = facility.max_upcoming_per_household
    if household_limit is not None:
        home = await confirmed_residency(uow, user)
        if home is not None and home.household_id is not None:
            if lock:
                await uow.residency.lock_household(home.household_id)
            taken = await uow.residency.household_upcoming(home.household_id, facility.id, now)
            if taken >= household_limit:
                raise HouseholdQuotaReached(limit=household_limit)
    return in_week


async def check_rules(
    uow: UnitOfWork,
    user: User,
    facility: Facility,
    slot: Slot,
    now: dt.datetime,
    config: CoreConfig,
) -> None:
    """Every fairness rule; each refusal names the rule and, where it has one, the date."""
    start_day = when.day_of(slot.starts_at, config.zone)
    monday = start_day - dt.timedelta(days=start_day.weekday())
    week = (day_start(monday, config.zone), day_start(monday + dt.timedelta(days=7), config.zone))
    in_week = await refuse_here(uow, user, facility, now, config, lock=True, week=week)
    if in_week >= config.booking.week_limit:
        raise WeekQuotaReached(limit=config.booking.week_limit)


def home_community(facility: Facility) -> int | None:
    """The community an action on a facility is filed under: the first it serves."""
    served = sorted(s.community_id for s in facility.served)
    return served[0] if served else None
