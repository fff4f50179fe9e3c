"""Rules about people: who a user is, where they live, their roles, and who may grant them."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from linli.handlers.kit.config import LANGUAGES, CoreConfig, supported_locale
from linli.handlers.kit.errors import (
    AlreadyDone,
    InviteInvalid,
    InviteUsedUp,
    NotAllowed,
    UnknownCommunity,
)
from linli.handlers.kit.notify import push
from linli.handlers.kit.request import Request
from linli.handlers.kit.text import Text, raw, t
from linli.storage.models import AuditEntry, Community, InviteCode, RoleGrant, User
from linli.storage.uow import UnitOfWork

ROLES = ("staff", "operator")
ROLE_NAMES = {"staff": t("role-staff"), "operator": t("role-operator")}
# No 0/O or 1/I/L: codes are read aloud and typed by elderly people.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
NEVER_SEEN = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # made by staff, has not written yet


def actor_label(user: User | None) -> str:
    return f"user:{user.id}" if user is not None else "cli"


async def ensure_user(
    uow: UnitOfWork, request: Request, now: dt.datetime, config: CoreConfig, *, seen: bool = True
) -> User:
    """The user behind a request, created on first contact in their app's language.

    `seen` is False when staff name the user (`linli staff grant`): only what the user
    does themselves counts as seen (WeChat lets us write back only after that)."""
    user = await uow.users.by_external(request.channel, request.external_id)
    if user is None:
        user = User(
            channel=request.channel,
            external_id=request.external_id,
            display_name=request.display_name,
            locale=supported_locale(request.locale_hint) or config.default_locale,
            created_at=now,
            last_seen_at=now if seen else NEVER_SEEN,
        )
        uow.users.add(user)
        await uow.flush()
        return user
    if not seen:
        return user
    user.last_seen_at = now
    user.unreachable_since = None  # they wrote to us, so we can write to them again
    if request.display_name:
        user.display_name = request.display_name
    return user


async def mark_unreachable(
    uow: UnitOfWork, channel: str, external_id: str, now: dt.datetime
) -> None:
    """The user left the channel (unfollowed, blocked): pushes stop until they write again."""
    user = await uow.users.by_external(channel, external_id)
    if user is not None and user.unreachable_since is None:
        user.unreachable_since = now


async def write_audit(
    uow: UnitOfWork,
    *,
    now: dt.datetime,
    community_id: int | None,
    actor: str,
    action: str,
    target: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    uow.audit.add(
        AuditEntry(
            at=now,
            community_id=community_id,
            actor=actor,
            action=action,
            target=target,
            details=details or {},
        )
    )


# --- where a user lives ------------------------------------------------------------------------


async def communities(uow: UnitOfWork) -> list[Community]:
    return await uow.communities.of_kind("community")


async def set_community(uow: UnitOfWork, user: User, community_id: int) -> Community:
    community = await uow.communities.get(community_id)
    if community is None or community.kind != "community":
        raise UnknownCommunity()
    if user.community_id != community.id:
        user.building_id = None  # a building belongs to the old community
    user.community_id = community.id
    return community


async def set_building(uow: UnitOfWork, user: User, building_id: int) -> Community:
    """Set the user's 小区 or 楼栋; it must lie inside their own community."""
    if user.community_id is None:
        raise UnknownCommunity()
    inside = {c.id: c for c in await uow.communities.descendants(user.community_id)}
    if building_id not in inside:
        raise UnknownCommunity()
    user.building_id = building_id
    return inside[building_id]


def set_language(user: User, locale: str) -> None:
    if locale not in LANGUAGES:
        raise ValueError(locale)
    user.locale = locale


# --- roles ---------------------------------------------------------------------------------------


async def is_staff(uow: UnitOfWork, user: User, community_id: int) -> bool:
    return await uow.roles.find_active(user.id, community_id, "staff", None) is not None


async def staff_ids(uow: UnitOfWork, community_id: int) -> list[int]:
    """Everyone who is staff of this community now: who hears when something needs them."""
    rows = await uow.session.scalars(
        select(RoleGrant.user_id).where(
            RoleGrant.community_id == community_id,
            RoleGrant.role == "staff",
            RoleGrant.revoked_at.is_(None),
        )
    )
    return sorted(set(rows))


async def staff_on_channel(uow: UnitOfWork, channel: str) -> list[str]:
    """The channel ids of everyone who is staff or an operator somewhere now."""
    rows = await uow.session.scalars(
        select(User.external_id)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(User.channel == channel, RoleGrant.revoked_at.is_(None))
        .distinct()
    )
    return sorted(rows)


async def require_staff(uow: UnitOfWork, user: User | None, community_id: int) -> None:
    """Staff act only in the community that granted them; None is the command line."""
    if user is not None and not await is_staff(uow, user, community_id):
        raise NotAllowed()


async def staff_community(uow: UnitOfWork, user: User) -> Community | None:
    """The community a staff member acts for: their own if they are staff there."""
    grants = [g for g in await uow.roles.active_for(user.id) if g.role == "staff"]
    if not grants:
        return None
    chosen = next((g for g in grants if g.community_id == user.community_id), grants[0])
    return await uow.communities.get(chosen.community_id)


async def acting_community(uow: UnitOfWork, user: User) -> Community:
    """The community a staff member's tools act for; refused for anyone who is not staff."""
    community = await staff_community(uow, user)
    if community is None:
        raise NotAllowed()
    return community


@dataclass
class RoleHolder:
    """One role in force, as staff see it in the list."""

    grant: RoleGrant
    user: User
    unit_name: str | None


async def role_holders(uow: UnitOfWork, staff: User | None, community_id: int) -> list[RoleHolder]:
    """Everyone with a role in the community, for its staff (or the CLI)."""
    await require_staff(uow, staff, community_id)
    units = {u.id: u.name for u in await uow.facilities.units_serving(community_id)}
    holders = []
    for grant in await uow.roles.of_community(community_id):
        holders.append(
            RoleHolder(grant, await uow.users.get(grant.user_id), units.get(grant.unit_id))
        )
    return holders


async def revoke_role(
    uow: UnitOfWork, by: User | None, grant_id: int, now: dt.datetime
) -> RoleGrant:
    """Take a role back. Every staff check reads the roles in force, so it ends at once."""
    grant = await uow.roles.get(grant_id)
    if grant is None or grant.revoked_at is not None:
        raise AlreadyDone()
    await require_staff(uow, by, grant.community_id)
    if by is not None and grant.user_id == by.id:
        raise NotAllowed()  # nobody locks themselves out; another staff member or the CLI
    grant.revoked_at = now
    community = await uow.communities.get(grant.community_id)
    await write_audit(
        uow,
        now=now,
        community_id=grant.community_id,
        actor=actor_label(by),
        action="role.revoke",
        target=f"user:{grant.user_id}",
        details={"role": grant.role, "unit": grant.unit_id},
    )
    await push(
        uow,
        grant.user_id,
        t("role-revoked", community=raw(community.name), role=ROLE_NAMES[grant.role]),
        kind="role",
        now=now,
        dedupe_key=f"role:{grant.id}:revoked",
    )
    return grant


async def grant_role(
    uow: UnitOfWork,
    *,
    target: User,
    community: Community,
    role: str,
    unit_id: int | None,
    by: User | None,
    via: str,
    now: dt.datetime,
    notify: bool = True,
) -> RoleGrant:
    """Give `target` a role in `community`. Only that community's staff (or the CLI) may."""
    if role not in ROLES or community.kind != "community":
        raise NotAllowed()
    await require_staff(uow, by, community.id)
    unit_name = None
    if role == "operator":
        units = {u.id: u for u in await uow.facilities.units_serving(community.id)}
        if unit_id not in units:
            raise NotAllowed()
        unit_name = units[unit_id].name
    else:
        unit_id = None
    existing = await uow.roles.find_active(target.id, community.id, role, unit_id)
    if existing is not None:
        return existing
    grant = RoleGrant(
        user_id=target.id,
        community_id=community.id,
        role=role,
        unit_id=unit_id,
        granted_by=via,
        created_at=now,
    )
    uow.roles.add(grant)
    await write_audit(
        uow,
        now=now,
        community_id=community.id,
        actor=via,
        action="role.grant",
        target=f"user:{target.id}",
        details={"role": role, "unit_id": unit_id},
    )
    if notify:
        await push(
            uow, target.id, role_granted_text(role, community.name, unit_name), kind="role", now=now
        )
    return grant


def role_granted_text(role: str, community: str, unit: str | None):
    if role == "operator":
        return t("role-granted-operator", community=raw(community), unit=raw(unit or ""))
    return t("role-granted-staff", community=raw(community))


# --- invite codes ---


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


async def create_invite(
    uow: UnitOfWork,
    *,
    by: User | None,
    community: Community,
    role: str,
    unit_id: int | None,
    now: dt.datetime,
    ttl: dt.timedelta,
    max_uses: int = 1,
) -> InviteCode:
    """A code that grants `role` in `community` to whoever redeems it (once by default)."""
    await require_staff(uow, by, community.id)
    if role not in ROLES:
        raise NotAllowed()
    if role == "operator":
        units = {u.id for u in await uow.facilities.units_serving(community.id)}
        if unit_id not in units:
            raise NotAllowed()
    else:
        unit_id = None
    invite = InviteCode(
        code=new_code(),
        community_id=community.id,
        role=role,
        unit_id=unit_id,
        created_by=actor_label(by),
        created_at=now,
        expires_at=now + ttl,
        max_uses=max_uses,
        uses=0,
    )
    uow.invites.add(invite)
    await uow.flush()
    await write_audit(
        uow,
        now=now,
        community_id=community.id,
        actor=actor_label(by),
        action="invite.create",
        target=invite.code,
        details={"role": role, "unit_id": unit_id, "max_uses": max_uses},
    )
    return invite


def normalise_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


async def redeem_invite(uow: UnitOfWork, user: User, code: str, now: dt.datetime) -> RoleGrant:
    invite = await uow.invites.by_code(normalise_code(code))
    if invite is None:
        raise InviteInvalid()
    if invite.expires_at <= now:
        raise InviteInvalid(t("invite-expired"))
    if invite.created_by == actor_label(user):
        # Staff would otherwise hand themselves an operator's role (and its reach).
        raise NotAllowed()
    held = await uow.roles.find_active(user.id, invite.community_id, invite.role, invite.unit_id)
    if held is not None:
        raise AlreadyDone()  # before consuming: a second /join must not use up a place
    if not await uow.invites.consume(invite.id, now):
        raise InviteUsedUp()
    community = await uow.communities.get(invite.community_id)
    grant = await grant_role(
        uow,
        target=user,
        community=community,
        role=invite.role,
        unit_id=invite.unit_id,
        by=None,
        via=f"invite:{invite.code}",
        now=now,
        notify=False,
    )
    if user.community_id is None:
        user.community_id = community.id
    return grant


async def recent_audit(
    uow: UnitOfWork, user: User, community_id: int, limit: int = 10
) -> list[AuditEntry]:
    await require_staff(uow, user, community_id)
    return await uow.audit.recent(community_id, limit)


@dataclass
class AuditLine:
    """One logged action with its doer as staff know them (a name, not `user:12`)."""

    at: dt.datetime
    actor: Text
    action: str
    target: str


ACTORS = {
    "cli": t("audit-actor-cli"),
    "system": t("audit-actor-system"),
    "demo": t("audit-actor-system"),
    "reports": t("audit-actor-reports"),
}


async def audit_in_words(
    uow: UnitOfWork, user: User, community_id: int, limit: int = 500
) -> list[AuditLine]:
    """The community's log, newest first, with each doer named."""
    entries = await recent_audit(uow, user, community_id, limit)
    names: dict[str, Text] = {}
    lines = []
    for entry in entries:
        if entry.actor not in names:
            names[entry.actor] = await _actor_words(uow, entry.actor)
        target = entry.target
        if target.startswith("user:"):
            named = await _actor_words(uow, target)
            target = str(named.args.get("text", target))
        lines.append(AuditLine(entry.at, names[entry.actor], entry.action, target))
    return lines


async def _actor_words(uow: UnitOfWork, actor: str) -> Text:
    if actor in ACTORS:
        return ACTORS[actor]
    kind, _, number = actor.partition(":")
    if kind == "user" and number.isdigit():
        person = await uow.users.get(int(number))
        if person is not None:
            return raw(person.display_name or f"{person.channel}:…{person.external_id[-4:]}")
    if kind == "invite":
        return t("audit-actor-invite")
    return raw(actor)
