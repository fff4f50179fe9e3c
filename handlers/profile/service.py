"""Rules about people: who a user is, where they live, their roles, and who may grant them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from linli.handlers.kit import ids, when
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
from linli.handlers.kit.spoken_time import Problem, read_day
from linli.handlers.kit.text import Text, raw, t
from linli.storage.models import AuditEntry, Community, InviteCode, RoleGrant, User
from linli.storage.uow import UnitOfWork

ROLES = ("staff", "operator")
ROLE_NAMES = {"staff": t("role-staff"), "operator": t("role-operator")}
CODE_LENGTH = 8
NEVER_SEEN = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # made by staff, has not written yet


async def ensure_user(
    uow: UnitOfWork, request: Request, now: dt.datetime, config: CoreConfig, *, seen: bool = True
) -> User:
    """The user behind a request, created on first contact in their app's language.

    Until they agreed to the privacy notice only what is needed to answer them is kept
    (the channel's id, the language, when they wrote): the name the channel sends is not.

    `seen` is False when staff name the user (`linli staff grant`): only what the user
    does themselves counts as seen (WeChat lets us write back only after that)."""
    account, has_role = await uow.users.arriving(request.channel, request.external_id)
    if account is not None and not has_role:
        uow.roles.none_for(account.id)
    if account is None:
        account = User(
            channel=request.channel,
            external_id=request.external_id,
            display_name=None,
            locale=supported_locale(request.locale_hint) or config.default_locale,
            created_at=now,
            last_seen_at=now if seen else NEVER_SEEN,
        )
        uow.users.add(account)
        await uow.flush()
        return account
    if seen:
        # Seen and reachable is the channel account's own; the rest is the person's.
        account.last_seen_at = now
        account.unreachable_since = None  # they wrote to us, so we can write to them again
    person = await uow.users.person(account)
    if seen and request.display_name and config.privacy.agreed(person):
        # The name the app sends is kept only once they agreed to the notice.
        account.display_name = request.display_name
    return person


def record_consent(user: User, version: str, now: dt.datetime) -> None:
    """The user said yes to this version of the privacy notice."""
    user.consent_version = version
    user.consented_at = now


def is_newcomer(user: User) -> bool:
    """Never agreed to any notice and chose no community: nothing of theirs is kept yet."""
    return user.consent_version is None and user.community_id is None


async def mark_unreachable(
    uow: UnitOfWork, channel: str, external_id: str, now: dt.datetime
) -> None:
    """The user left the channel (unfollowed, blocked): pushes stop until they write again."""
    account = await uow.users.account(channel, external_id)
    if account is not None and account.unreachable_since is None:
        account.unreachable_since = now


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
    return await uow.roles.holders(community_id, "staff")


async def staff_on_channel(uow: UnitOfWork, channel: str) -> list[str]:
    """The channel ids of everyone who is staff or an operator somewhere now."""
    return await uow.roles.channel_ids_of_holders(channel)


async def require_staff(uow: UnitOfWork, user: User | None, community_id: int) -> None:
    """Staff act only in the community that granted them; None is the command line."""
    if user is not None and not await is_staff(uow, user, community_id):
        raise NotAllowed()


async def staff_communities(uow: UnitOfWork, user: User) -> list[Community]:
    """Every community this person is staff of now, in the order the roles were given."""
    ids = list(
        dict.fromkeys(
            g.community_id for g in await uow.roles.active_for(user.id) if g.role == "staff"
        )
    )
    return [await uow.communities.get(i) for i in ids]


async def staff_community(uow: UnitOfWork, user: User) -> Community | None:
    """The community a staff member acts for: the one they chose if they are still staff
    there, else their own if they are staff there, else the first that made them staff.
    Where they live does not decide it: staff of 七星园 may live in 新华社."""
    serving = await staff_communities(uow, user)
    if not serving:
        return None
    by_id = {c.id: c for c in serving}
    return by_id.get(user.staff_community_id) or by_id.get(user.community_id) or serving[0]


async def choose_staff_community(uow: UnitOfWork, user: User, community_id: int) -> Community:
    """Act for another of one's communities from now on (kept across sessions)."""
    await require_staff(uow, user, community_id)
    user.staff_community_id = community_id
    return await uow.communities.get(community_id)


# A flow opened from the staff desk keeps the community it was opened for in its data under
# this key: a market begun for 七星园 is made for 七星园 even if the desk is switched meanwhile.
ACTING = "acting"


async def acting_community(
    uow: UnitOfWork, user: User, data: dict[str, Any] | None = None
) -> Community:
    """The community a staff member's tools act for; refused for anyone who is not staff.

    Checked against the roles in force on every use: once the role in the community a flow
    was opened for is taken back, the flow is refused, never moved to another community."""
    pinned = (data or {}).get(ACTING)
    if pinned is not None:
        await require_staff(uow, user, int(pinned))
        return await uow.communities.get(int(pinned))
    community = await staff_community(uow, user)
    if community is None:
        raise NotAllowed()
    return community


def acting_data(community: Community) -> dict[str, Any]:
    """The data that opens a flow for `community` as its staff (see ACTING)."""
    return {ACTING: community.id}


def carried(data: dict[str, Any]) -> dict[str, Any]:
    """What a flow passes on to the next one it opens, so it acts for the same community."""
    return {ACTING: data[ACTING]} if data.get(ACTING) is not None else {}


async def screen_community(uow: UnitOfWork, user: User, data: dict[str, Any]) -> int:
    """Whose 金点子, 集市, 基金 or 活动 a screen shows: the resident's own community, or
    the one a staff member opened it for from the staff desk."""
    if data.get(ACTING) is None:
        return user.community_id
    return (await acting_community(uow, user, data)).id


async def acting_note(uow: UnitOfWork, user: User, data: dict[str, Any]) -> list[Text]:
    """ "正在管理：七星园" on a screen opened from the staff desk; nothing on a resident's own."""
    if data.get(ACTING) is None:
        return []
    community = await acting_community(uow, user, data)
    return [t("staff-acting", community=raw(community.name))]


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
    if not await uow.roles.active_for(grant.user_id):
        # Signed out of the web console too (each page also re-reads the roles in force).
        await uow.console.end_sessions(grant.user_id, now)
    community = await uow.communities.get(grant.community_id)
    await write_audit(
        uow,
        now=now,
        community_id=grant.community_id,
        actor=ids.actor(by),
        action="role.revoke",
        target=ids.actor(grant.user_id),
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
        target=ids.actor(target),
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
    return ids.code(CODE_LENGTH)


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
        created_by=ids.actor(by),
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
        actor=ids.actor(by),
        action="invite.create",
        target=invite.code,
        details={"role": role, "unit_id": unit_id, "max_uses": max_uses},
    )
    return invite


async def redeem_invite(uow: UnitOfWork, user: User, code: str, now: dt.datetime) -> RoleGrant:
    invite = await uow.invites.by_code(ids.typed_code(code))
    if invite is None:
        raise InviteInvalid()
    if invite.expires_at <= now:
        raise InviteInvalid(t("invite-expired"))
    if invite.created_by == ids.actor(user):
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
    reason: str = ""


ACTORS = {
    "cli": t("audit-actor-cli"),
    "system": t("audit-actor-system"),
    "demo": t("audit-actor-system"),
    "reports": t("audit-actor-reports"),
}
# What each recorded action means, in words staff read (the log stores short codes).
AUDIT_ACTIONS = {
    "account.link": t("audit-account-link"),
    "account.unlink": t("audit-account-unlink"),
    "behalf.act": t("audit-behalf-act"),
    "behalf.end": t("audit-behalf-end"),
    "behalf.register": t("audit-behalf-register"),
    "behalf.start": t("audit-behalf-start"),
    "behalf.withdraw": t("audit-behalf-withdraw"),
    "event.create": t("audit-event-create"),
    "facilities.import": t("audit-facilities-import"),
    "facility.close": t("audit-facility-close"),
    "facility.hours": t("audit-facility-hours"),
    "facility.open": t("audit-facility-open"),
    "fund.approve": t("audit-fund-approve"),
    "fund.decline": t("audit-fund-decline"),
    "fund.entry": t("audit-fund-entry"),
    "fund.propose": t("audit-fund-propose"),
    "invite.create": t("audit-invite-create"),
    "market.attendance": t("audit-market-attendance"),
    "market.create": t("audit-market-create"),
    "market.draw": t("audit-market-draw"),
    "market.approve": t("audit-market-approve"),
    "market.pardon": t("audit-market-pardon"),
    "market.reject": t("audit-market-reject"),
    "notice.cancel": t("audit-notice-cancel"),
    "notice.create": t("audit-notice-create"),
    "proposal.adopt": t("audit-proposal-adopt"),
    "proposal.decline": t("audit-proposal-decline"),
    "proposal.hide": t("audit-proposal-hide"),
    "proposal.merge": t("audit-proposal-merge"),
    "proposal.progress": t("audit-proposal-progress"),
    "proposal.schedule": t("audit-proposal-schedule"),
    "proposal.show": t("audit-proposal-show"),
    "proposal.summary": t("audit-proposal-summary"),
    "proposal.threshold": t("audit-proposal-threshold"),
    "household.code": t("audit-household-code"),
    "privacy.erase": t("audit-privacy-erase"),
    "privacy.export": t("audit-privacy-export"),
    "privacy.link": t("audit-privacy-link"),
    "residency.confirm": t("audit-residency-confirm"),
    "residency.refuse": t("audit-residency-refuse"),
    "role.grant": t("audit-role-grant"),
    "role.revoke": t("audit-role-revoke"),
}


def action_words(action: str) -> Text:
    return AUDIT_ACTIONS.get(action, raw(action))


@dataclass(frozen=True)
class AuditFilter:
    """Which part of the log staff look at: local days (inclusive) and one doer, or all."""

    first: dt.date | None = None
    last: dt.date | None = None
    actor: str | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> AuditFilter:
        first, last = data.get("audit_first"), data.get("audit_last")
        return cls(
            dt.date.fromisoformat(first) if first else None,
            dt.date.fromisoformat(last) if last else None,
            data.get("audit_actor"),
        )


def past_days(text: str, today: dt.date) -> tuple[dt.date, dt.date] | Problem | None:
    """A day or a span as people type them (`12-01`, `11-28至12-01`, `今天`), read as days
    gone by: a month-day without a year is the latest one not after today (the shared
    reader takes it forward, as bookings and markets look ahead). A date that does not
    exist (2月30日) or a span ending before it starts is a Problem that says so."""
    parts = re.split(r"\s*(?:–|—|~|～|至|到|to)\s*", text.strip())
    if len(parts) > 2:
        return None
    days = []
    for part in parts:
        day = read_day(part, today)
        if day is None or isinstance(day, Problem):
            return day
        # Only a month-day moves back a year; 明天 or 下周六 mean what they say.
        month_day = re.search(r"月|\d\s*[-/.]\s*\d", part) and not re.search(r"\d{4}", part)
        if day > today and month_day:
            try:
                day = day.replace(year=day.year - 1)
            except ValueError:  # 2-29 of a year before that has none
                return Problem("spoken-no-such-day", {"month": day.month, "day": day.day})
        days.append(day)
    first, last = days[0], days[-1]
    if last < first:
        return Problem(
            "spoken-days-backwards", {"first": f"{first:%m-%d}", "last": f"{last:%m-%d}"}
        )
    return first, last


async def audit_in_words(
    uow: UnitOfWork,
    user: User | None,
    community_id: int,
    *,
    zone: dt.tzinfo = dt.UTC,
    only: AuditFilter = AuditFilter(),
    limit: int | None = 500,
) -> list[AuditLine]:
    """The community's log, newest first, with each doer named; for its staff (or the CLI)."""
    await require_staff(uow, user, community_id)
    since = until = None
    if only.first is not None:
        since = dt.datetime.combine(only.first, dt.time(), tzinfo=zone).astimezone(dt.UTC)
    if only.last is not None:
        after = only.last + dt.timedelta(days=1)
        until = dt.datetime.combine(after, dt.time(), tzinfo=zone).astimezone(dt.UTC)
    entries = await uow.audit.find(
        community_id, since=since, until=until, actor=only.actor, limit=limit
    )
    names: dict[str, Text] = {}
    lines = []
    for entry in entries:
        if entry.actor not in names:
            names[entry.actor] = await _actor_words(uow, entry.actor)
        target = entry.target
        if target.startswith("user:"):
            named = await _actor_words(uow, target)
            target = str(named.args.get("text", target))
        reason = str((entry.details or {}).get("reason") or "")
        lines.append(AuditLine(entry.at, names[entry.actor], entry.action, target, reason))
    return lines


async def audit_people(uow: UnitOfWork, user: User, community_id: int) -> list[tuple[str, Text]]:
    """The doers who appear in the community's log, named, to filter by."""
    await require_staff(uow, user, community_id)
    return [(a, await _actor_words(uow, a)) for a in await uow.audit.actors(community_id)]


# The file's header row, in the reader's language (the channel renders it).
AUDIT_CSV_HEADER = (
    t("audit-csv-when"),
    t("audit-csv-actor"),
    t("audit-csv-action"),
    t("audit-csv-target"),
    t("audit-csv-reason"),
)


def audit_rows(lines: list[AuditLine], zone: ZoneInfo) -> list[list[Text | str]]:
    """The lines as table rows (local time), for the CSV file or for text pages."""
    return [
        [
            when.full_stamp(line.at, zone),
            line.actor,
            action_words(line.action),
            line.target,
            line.reason,
        ]
        for line in lines
    ]


# Channels that cannot send a file: exports come as text pages there.
NO_FILES = {"wechat"}


def takes_files(user: User) -> bool:
    return user.channel not in NO_FILES


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
