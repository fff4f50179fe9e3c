"""Requests to use an 按需共享 facility: a resident asks, its operators (or else staff) decide."""

from __future__ import annotations

import datetime as dt

from linli.handlers.booking.eligibility import home_community, managed_facility, usable_facility
from linli.handlers.facilities import shown
from linli.handlers.kit import ids, when
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.errors import AlreadyDone, DomainError, NotFound
from linli.handlers.kit.notify import push
from linli.handlers.kit.text import raw, t
from linli.handlers.profile.service import write_audit
from linli.storage.models import Facility, FacilityRequest, User
from linli.storage.uow import UnitOfWork

REQUEST_AHEAD_DAYS = 60


async def request_use(
    uow: UnitOfWork,
    user: User,
    facility_id: int,
    day: dt.date,
    opens: dt.time,
    closes: dt.time,
    purpose: str,
    headcount: int,
    now: dt.datetime,
    config: CoreConfig,
) -> FacilityRequest:
    """Ask to use an 按需共享 facility; its operators (or else staff) are told."""
    facility = await usable_facility(uow, user, facility_id)
    if facility.mode != "按需共享":
        raise NotFound()
    today = when.day_of(now, config.zone)
    if not today < day <= today + dt.timedelta(days=REQUEST_AHEAD_DAYS) or closes <= opens:
        raise DomainError(t("request-bad-time", days=REQUEST_AHEAD_DAYS))
    purpose = purpose.strip()
    if not purpose or len(purpose) > 200 or not 1 <= headcount <= 1000:
        raise DomainError(t("request-bad-details"))
    request = FacilityRequest(
        facility_id=facility.id,
        user_id=user.id,
        day=day,
        opens=opens,
        closes=closes,
        purpose=purpose,
        headcount=headcount,
        status="pending",
        created_at=now,
    )
    uow.booking.add(request)
    await uow.flush()
    for manager_id in await _managers(uow, facility):
        await push(
            uow,
            manager_id,
            t(
                "request-new",
                facility=shown.name(facility),
                day=when.date(day),
                opens=f"{opens:%H:%M}",
                closes=f"{closes:%H:%M}",
                purpose=raw(purpose),
                headcount=headcount,
            ),
            kind="request",
            now=now,
            dedupe_key=f"request:{request.id}:{manager_id}",
        )
    return request


async def _managers(uow: UnitOfWork, facility: Facility) -> list[int]:
    """Who hears of a request: the unit's operators, or if it has none, staff."""
    grants = await uow.booking.active_grants()
    operators = {
        g.user_id for g in grants if g.role == "operator" and g.unit_id == facility.unit_id
    }
    if operators:
        return sorted(operators)
    served = {s.community_id for s in facility.served}
    return sorted({g.user_id for g in grants if g.role == "staff" and g.community_id in served})


async def decide_request(
    uow: UnitOfWork, actor: User, request_id: int, approve: bool, reason: str, now: dt.datetime
) -> FacilityRequest:
    request = await uow.booking.request(request_id)
    if request is None:
        raise NotFound()
    facility = await managed_facility(uow, actor, request.facility_id)
    if request.status != "pending":
        raise AlreadyDone()
    reason = reason.strip()
    if not approve and not reason:
        raise DomainError(t("request-reason-needed"))
    if approve:
        await _refuse_clash(uow, request)
    request.status = "approved" if approve else "declined"
    request.reason = reason or None
    request.decided_at, request.decided_by = now, ids.actor(actor)
    day = when.date(request.day)
    if approve:
        message = t(
            "request-approved",
            facility=shown.name(facility),
            day=day,
            opens=f"{request.opens:%H:%M}",
            closes=f"{request.closes:%H:%M}",
        )
    else:
        message = t("request-declined", facility=shown.name(facility), day=day, reason=raw(reason))
    await push(
        uow,
        request.user_id,
        message,
        kind="request",
        now=now,
        dedupe_key=f"request:{request.id}:decided",
    )
    await write_audit(
        uow,
        now=now,
        community_id=home_community(facility),
        actor=ids.actor(actor),
        action=f"request.{request.status}",
        target=f"request:{request.id}",
        details={"reason": reason},
    )
    return request


async def _refuse_clash(uow: UnitOfWork, request: FacilityRequest) -> None:
    """An 按需 facility is lent whole: a second group at the same hours is refused, naming
    the approval it clashes with, so staff decline one or ask for other hours."""
    await uow.booking.lock_facility(request.facility_id)
    clash = await uow.booking.approved_overlapping(request)
    if clash:
        first = clash[0]
        raise DomainError(
            t(
                "mine-request-clash",
                day=first.day.isoformat(),
                opens=f"{first.opens:%H:%M}",
                closes=f"{first.closes:%H:%M}",
                purpose=raw(first.purpose),
            )
        )


async def my_request(uow: UnitOfWork, user: User, request_id: int) -> FacilityRequest:
    """One of my own requests (anyone else's is not found)."""
    request = await uow.booking.request(request_id)
    if request is None or request.user_id != user.id:
        raise NotFound()
    return request


def may_withdraw(request: FacilityRequest, now: dt.datetime, config: CoreConfig) -> bool:
    """Pending or approved, and its day not over yet."""
    return request.status in ("pending", "approved") and request.day >= when.day_of(
        now, config.zone
    )


async def withdraw_request(
    uow: UnitOfWork, user: User, request_id: int, now: dt.datetime, config: CoreConfig
) -> FacilityRequest:
    """The resident no longer needs the facility: whoever decides on it is told, so the
    hours are free for another group."""
    request = await my_request(uow, user, request_id)
    if not may_withdraw(request, now, config):
        raise AlreadyDone()
    was = request.status
    request.status = "withdrawn"
    facility = await uow.facilities.get(request.facility_id)
    for manager_id in await _managers(uow, facility):
        await push(
            uow,
            manager_id,
            t(
                "mine-request-withdrawn-notice",
                facility=shown.name(facility),
                day=request.day.isoformat(),
                opens=f"{request.opens:%H:%M}",
                closes=f"{request.closes:%H:%M}",
                purpose=raw(request.purpose),
            ),
            kind="request",
            now=now,
            dedupe_key=f"request:{request.id}:withdrawn:{manager_id}",
        )
    await write_audit(
        uow,
        now=now,
        community_id=home_community(facility),
        actor=ids.actor(user),
        action="request.withdrawn",
        target=f"request:{request.id}",
        details={"was": was},
    )
    return request
