"""Residency: who is confirmed to live in a community, and in which household (户).

Choosing a 社区 makes a resident *pending*; a household invite code from staff (typed, or
scanned as a building's QR code: `/start join-CODE`) or staff approval at the desk confirms
them. Only confirmed residents support, report or apply for a stall, so accounts from
elsewhere cannot outvote or hide a community's ideas. Moving to another 社区 is allowed once
in `residency_change` and takes back the mover's supports and reports in the old one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from linli.handlers.kit import ids, when
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.errors import AlreadyDone, DomainError, NotAllowed, NotFound
from linli.handlers.kit.notify import push
from linli.handlers.kit.text import Text, raw, t
from linli.handlers.profile import service
from linli.storage.models import Community, Household, HouseholdCode, Residency, User
from linli.storage.uow import UnitOfWork

PENDING, CONFIRMED, REFUSED = "pending", "confirmed", "refused"
JOIN_PREFIX = "join-"  # a start parameter (Telegram deep link, WeChat QR scene) with a code
CODE_LENGTH = 8
LABEL_MAX = 60


class NotConfirmed(DomainError):
    """Supporting, reporting and applying wait for a confirmed address; says how to get one."""

    def default_message(self, **args) -> Text:
        return t("residency-needed")


# --- what other features ask ------------------------------------------------------------------


async def confirmed_residency(uow: UnitOfWork, user: User) -> Residency | None:
    """The user's residency if it is confirmed for the community they are in now."""
    residency = await uow.residency.of(user.id)
    if (
        residency is None
        or residency.status != CONFIRMED
        or residency.community_id != user.community_id
    ):
        return None
    return residency


async def is_confirmed(uow: UnitOfWork, user: User) -> bool:
    return await confirmed_residency(uow, user) is not None


async def household_key(uow: UnitOfWork, user: User) -> str:
    """Who a per-household rule counts: the confirmed household, else the person alone."""
    residency = await confirmed_residency(uow, user)
    if residency is not None and residency.household_id is not None:
        return f"household:{residency.household_id}"
    return f"user:{user.id}"


async def require_confirmed(uow: UnitOfWork, user: User) -> None:
    if not await is_confirmed(uow, user):
        raise NotConfirmed()


# --- choosing and moving ----------------------------------------------------------------------


@dataclass
class Moved:
    community: Community
    # Supports and reports taken back in the old community; None when it was no move.
    withdrawn: tuple[int, int] | None = None


async def move(
    uow: UnitOfWork, user: User, community_id: int, now: dt.datetime, config: CoreConfig
) -> Moved:
    """Choose (or change) the user's 社区. A first choice is free; a change comes at most
    once per `config.residency_change`, takes back supports and reports in the old one,
    and leaves the resident to be confirmed again."""
    old = user.community_id
    if old == community_id:
        return Moved(await service.set_community(uow, user, community_id))
    residency = await uow.residency.of(user.id)
    if old is not None and residency is not None and residency.changed_at is not None:
        allowed = residency.changed_at + config.residency_change
        if now < allowed:
            raise DomainError(
                t("residency-change-too-soon", day=when.date(when.day_of(allowed, config.zone)))
            )
    community = await service.set_community(uow, user, community_id)
    withdrawn = None
    if old is not None:
        # Here, not at the top: the proposals service asks this module who is confirmed.
        from linli.handlers.proposals.service import withdraw_resident

        withdrawn = await withdraw_resident(uow, user.id, old, now, config.proposal_report_limit)
    if residency is None:
        residency = Residency(user_id=user.id, community_id=community.id, status=PENDING)
        uow.residency.add(residency)
    residency.community_id = community.id
    residency.household_id = None
    residency.status = PENDING
    residency.confirmed_via = residency.confirmed_by = residency.confirmed_at = None
    if old is not None:
        residency.changed_at = now
    await uow.flush()
    return Moved(community, withdrawn)


def moved_words(moved: Moved) -> list[Text]:
    said = [t("profile-community-set", community=raw(moved.community.name))]
    if moved.withdrawn is not None:
        supports, reports = moved.withdrawn
        said.append(t("residency-moved", supports=supports, reports=reports))
    return said


async def ask_staff(uow: UnitOfWork, user: User, now: dt.datetime) -> Residency:
    """Put the resident on their community's list for staff to confirm."""
    if user.community_id is None:
        raise NotFound()
    residency = await uow.residency.of(user.id)
    if residency is not None and residency.community_id == user.community_id:
        if residency.status == CONFIRMED:
            raise AlreadyDone()
        residency.status = PENDING
        return residency
    if residency is None:
        residency = Residency(user_id=user.id, community_id=user.community_id, status=PENDING)
        uow.residency.add(residency)
    residency.community_id, residency.status, residency.household_id = (
        user.community_id,
        PENDING,
        None,
    )
    await uow.flush()
    return residency


# --- household codes --------------------------------------------------------------------------


def household_label(building: str, unit: str | None, room: str) -> str:
    """How a household is named: 3号楼 2单元 301 (as the door and the staff say it)."""
    parts = [p.strip() for p in (building, unit or "", room) if p and p.strip()]
    return " ".join(parts)[:LABEL_MAX]


async def make_household_code(
    uow: UnitOfWork,
    *,
    by: User | None,
    community: Community,
    label: str,
    now: dt.datetime,
    ttl: dt.timedelta,
    max_uses: int = 1,
    code: str | None = None,
) -> HouseholdCode:
    """A code for the household at `label` (made on first use); staff of it (or the CLI) only."""
    await service.require_staff(uow, by, community.id)
    label = " ".join(label.split())[:LABEL_MAX]
    if community.kind != "community" or not label:
        raise NotAllowed()
    household = await uow.residency.household_named(community.id, label)
    if household is None:
        household = Household(
            community_id=community.id, label=label, created_at=now, created_by=ids.actor(by)
        )
        uow.residency.add(household)
        await uow.flush()
    code = ids.typed_code(code) if code else ids.code(CODE_LENGTH)
    while await uow.residency.code(code) is not None:
        code = ids.code(CODE_LENGTH)
    row = HouseholdCode(
        code=code,
        household_id=household.id,
        created_by=ids.actor(by),
        created_at=now,
        expires_at=now + ttl,
        max_uses=max_uses,
        uses=0,
    )
    uow.residency.add(row)
    await uow.flush()
    await service.write_audit(
        uow,
        now=now,
        community_id=community.id,
        actor=ids.actor(by),
        action="household.code",
        target=label,
        details={"max_uses": max_uses},
    )
    return row


def join_parameter(code: str) -> str:
    """The start parameter a building's QR code (or a Telegram link) carries for `code`."""
    return JOIN_PREFIX + ids.typed_code(code)


async def confirm_by_code(
    uow: UnitOfWork,
    user: User,
    code: str,
    now: dt.datetime,
    config: CoreConfig,
    *,
    via: str = "code",
) -> tuple[Household, Community, Moved | None]:
    """Confirm the user in the code's household; a code of another 社区 moves them there
    (under the same limit as a move in the profile)."""
    row = await uow.residency.code(ids.typed_code(code))
    if row is None:
        raise DomainError(t("residency-code-invalid"))
    if row.expires_at <= now:
        raise DomainError(t("residency-code-expired"))
    household = await uow.residency.household(row.household_id)
    residency = await uow.residency.of(user.id)
    if (
        residency is not None
        and residency.status == CONFIRMED
        and residency.household_id == household.id
        and user.community_id == household.community_id
    ):
        raise AlreadyDone()  # before consuming: scanning twice must not use up a place
    moved = None
    if user.community_id != household.community_id:
        moved = await move(uow, user, household.community_id, now, config)
    if not await uow.residency.consume(row.id, now):
        raise DomainError(t("residency-code-used-up"))
    residency = await uow.residency.of(user.id)
    if residency is None:
        residency = Residency(user_id=user.id, community_id=household.community_id, status=PENDING)
        uow.residency.add(residency)
    residency.community_id = household.community_id
    residency.household_id = household.id
    residency.status = CONFIRMED
    residency.confirmed_via = via
    residency.confirmed_at = now
    residency.confirmed_by = f"invite:{row.code}"
    await service.write_audit(
        uow,
        now=now,
        community_id=household.community_id,
        actor=ids.actor(user),
        action="residency.confirm",
        target=household.label,
        details={"via": via},
    )
    community = await uow.communities.get(household.community_id)
    return household, community, moved


# --- staff ----------------------------------------------------------------------------------


async def pending(
    uow: UnitOfWork, staff: User | None, community_id: int
) -> list[tuple[Residency, User]]:
    await service.require_staff(uow, staff, community_id)
    return await uow.residency.pending(community_id)


async def count_pending(uow: UnitOfWork, community_id: int) -> int:
    return await uow.residency.count_pending(community_id)


async def confirm_at_desk(
    uow: UnitOfWork, staff: User, user: User, community_id: int, label: str, now: dt.datetime
) -> Residency:
    """A resident staff register in person (代办) is confirmed there, in the household the
    staff member typed: they saw where she lives."""
    await service.require_staff(uow, staff, community_id)
    label = " ".join(label.split())[:LABEL_MAX]
    household = await uow.residency.household_named(community_id, label)
    if household is None:
        household = Household(
            community_id=community_id, label=label, created_at=now, created_by=ids.actor(staff)
        )
        uow.residency.add(household)
        await uow.flush()
    row = Residency(
        user_id=user.id,
        community_id=community_id,
        household_id=household.id,
        status=CONFIRMED,
        confirmed_via="staff",
        confirmed_at=now,
        confirmed_by=ids.actor(staff),
    )
    uow.residency.add(row)
    await uow.flush()
    return row


async def decide(
    uow: UnitOfWork, staff: User | None, user_id: int, approve: bool, now: dt.datetime
) -> Residency:
    """Staff confirm (or turn down) a resident waiting in their own community."""
    residency = await uow.residency.of(user_id)
    if residency is None or residency.status != PENDING:
        raise AlreadyDone()
    await service.require_staff(uow, staff, residency.community_id)
    community = await uow.communities.get(residency.community_id)
    if approve:
        residency.status = CONFIRMED
        residency.confirmed_via = "staff"
        residency.confirmed_at = now
        residency.confirmed_by = ids.actor(staff)
        text = t("residency-approved", community=raw(community.name))
    else:
        residency.status = REFUSED
        text = t("residency-refused", community=raw(community.name))
    await service.write_audit(
        uow,
        now=now,
        community_id=residency.community_id,
        actor=ids.actor(staff),
        action="residency.confirm" if approve else "residency.refuse",
        target=ids.actor(user_id),
        details={"via": "staff"},
    )
    await push(uow, user_id, text, kind="residency", now=now)
    return residency


async def status_words(uow: UnitOfWork, user: User) -> Text:
    """One line for the profile card: confirmed (and where), waiting, or not yet asked."""
    residency = await uow.residency.of(user.id)
    if residency is None or residency.community_id != user.community_id:
        return t("residency-status-none")
    if residency.status == CONFIRMED:
        household = (
            await uow.residency.household(residency.household_id)
            if residency.household_id
            else None
        )
        return t("residency-status-confirmed", household=raw(household.label if household else "-"))
    if residency.status == REFUSED:
        return t("residency-status-refused")
    return t("residency-status-pending")
