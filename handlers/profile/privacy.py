"""A resident's rights over their data (个人信息保护法): see it, take a copy, correct it,
erase the account. What counts as personal, and what erasing keeps and why, is listed
in `storage/repos/privacy.py`."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

from linli.handlers.booking import draws
from linli.handlers.booking import service as booking
from linli.handlers.kit import ids
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.reply import Attachment, Cell
from linli.handlers.kit.text import Text, raw, t
from linli.handlers.profile.service import write_audit
from linli.storage.models import User
from linli.storage.uow import UnitOfWork

# Why the bookings still to come were cancelled (staff see it in the audit log and CSV).
ERASED = "account-erased"
LINK_TTL = dt.timedelta(hours=24)
TEXT_CUT = 40  # a notice's text is shown this long in the summary (the file has it whole)

SECTIONS: dict[str, Text] = {
    "profile": t("mydata-section-profile"),
    "linked_accounts": t("mydata-section-accounts"),
    "residency": t("mydata-section-residency"),
    "registered_at_desk": t("mydata-section-desk"),
    "behalf_consents": t("mydata-section-behalf"),
    "roles": t("mydata-section-roles"),
    "bookings": t("mydata-section-bookings"),
    "waitlist": t("mydata-section-waitlist"),
    "draw_entries": t("mydata-section-draws"),
    "suspensions": t("mydata-section-suspensions"),
    "facility_requests": t("mydata-section-requests"),
    "proposals": t("mydata-section-proposals"),
    "supports": t("mydata-section-supports"),
    "ratings": t("mydata-section-ratings"),
    "reports": t("mydata-section-reports"),
    "market_applications": t("mydata-section-market"),
    "events": t("mydata-section-events"),
    "notices_received": t("mydata-section-notices"),
    "topic_mutes": t("mydata-section-mutes"),
    "fund_requests": t("mydata-section-fund"),
    "audit": t("mydata-section-audit"),
    "conversation": t("mydata-section-conversation"),
    "export_links": t("mydata-section-links"),
    "console_links": t("mydata-section-console-links"),
    "console_sessions": t("mydata-section-console-sessions"),
}


async def gather(uow: UnitOfWork, user: User, now: dt.datetime) -> dict[str, Any]:
    """Everything kept about the user, as the file gives it."""
    return await uow.privacy.document(user.id, now)


def as_json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False).encode("utf-8")


def json_file(document: dict[str, Any], day: dt.date) -> Attachment:
    return Attachment(f"my-data-{day:%Y-%m-%d}.json", "application/json", as_json(document))


def _local(value: str | None, zone: ZoneInfo) -> str:
    """An ISO moment from the export as a short local stamp ("" when none)."""
    if not value:
        return ""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is None:
        return value  # a day or a time of day: shown as it is
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M}"


def _s(value: Any) -> str:
    return "" if value is None else str(value)


def _line(section: str, row: dict[str, Any], zone: ZoneInfo) -> Text:
    """One kept item as one short line."""
    at = _local(row.get("created_at"), zone)
    if section == "profile":
        return t(
            "mydata-profile",
            name=_s(row["display_name"]) or "-",
            channel=row["channel"],
            community=_s(row["community"]) or "-",
            building=_s(row["building"]) or "-",
            language=row["locale"],
            since=at,
            consent=_s(row.get("consent_version")) or "-",
        )
    if section == "linked_accounts":
        return t("mydata-account", channel=row["channel"], since=at)
    if section == "registered_at_desk":
        return t(
            "mydata-desk", name=row["name"], room=row["room"], phone=row["phone"] or "-", since=at
        )
    if section == "behalf_consents":
        return t(
            "mydata-behalf",
            how=row["how"],
            since=_local(row["given_at"], zone),
            until=_local(row["withdrawn_at"], zone) or "-",
        )
    if section == "residency":
        return t(
            "mydata-residency",
            community=_s(row["community"]) or "-",
            household=_s(row["household"]) or "-",
            status=row["status"],
            via=_s(row["confirmed_via"]) or "-",
            when=_local(row["confirmed_at"], zone) or "-",
        )
    if section == "roles":
        return t(
            "mydata-role",
            role=row["role"],
            community=_s(row["community"]),
            since=at,
            until=_local(row["revoked_at"], zone) or "-",
        )
    if section == "bookings":
        return t(
            "mydata-booking",
            facility=row["facility"],
            when=_local(row["starts_at"], zone),
            status=row["status"],
            code=row["code"],
        )
    if section == "waitlist":
        return t("mydata-wait", slot=row["slot_id"], status=row["status"], when=at)
    if section == "draw_entries":
        return t(
            "mydata-draw",
            slot=row["slot_id"],
            status=row["status"],
            when=_local(row["entered_at"], zone),
        )
    if section == "suspensions":
        return t("mydata-suspension", until=_local(row["until"], zone), reason=row["reason"])
    if section == "facility_requests":
        return t("mydata-request", purpose=row["purpose"], status=row["status"], when=at)
    if section == "proposals":
        return t("mydata-proposal", id=row["id"], title=row["title"], status=row["state"])
    if section in ("supports", "reports"):
        return t("mydata-proposal-ref", id=row["proposal_id"], when=at)
    if section == "ratings":
        return t("mydata-rating", id=row["proposal_id"], score=row["score"])
    if section == "market_applications":
        return t(
            "mydata-stall",
            day=_s(row["market_day"]),
            stall=row["stall_name"],
            goods=row["goods"],
            phone=row["phone"],
            status=row["status"],
        )
    if section == "events":
        return t(
            "mydata-event",
            event=row["event"],
            when=_local(row["starts_at"], zone),
            status=row["status"],
        )
    if section == "notices_received":
        text = " ".join(_s(row["text"]).split())
        cut = text if len(text) <= TEXT_CUT else text[:TEXT_CUT] + "…"
        return t("mydata-notice", when=at, text=cut)
    if section == "topic_mutes":
        return t("mydata-mute", topic=row["topic"])
    if section == "fund_requests":
        return t("mydata-fund", id=row["id"], purpose=row["purpose"], status=row["status"])
    if section == "audit":
        return t(
            "mydata-audit",
            when=_local(row["at"], zone),
            actor=row["actor"],
            action=row["action"],
            target=row["target"],
        )
    if section == "conversation":
        return t(
            "mydata-conversation",
            flow=_s(row["flow"]) or "-",
            step=_s(row["step"]) or "-",
            until=_local(row["expires_at"], zone),
        )
    if section == "console_sessions":
        return t(
            "mydata-console-session",
            when=at,
            until=_local(row["ended_at"] or row["expires_at"], zone),
        )
    if section in ("export_links", "console_links"):
        return t(
            "mydata-link",
            when=at,
            until=_local(row["expires_at"], zone),
            used=_local(row["used_at"], zone) or "-",
        )
    return raw(json.dumps(row, ensure_ascii=False))


def summary(document: dict[str, Any], zone: ZoneInfo) -> list[tuple[Text, list[Text]]]:
    """The document as readable sections: a heading with its count, one short line each."""
    return [
        (
            t("mydata-heading", section=SECTIONS[name], count=len(rows)),
            [_line(name, row, zone) for row in rows],
        )
        for name, rows in document["data"].items()
    ]


def summary_lines(document: dict[str, Any], zone: ZoneInfo) -> list[Text]:
    """The summary flat, for text pages; an empty section is one heading line."""
    lines: list[Text] = []
    for heading, items in summary(document, zone):
        lines.append(heading)
        lines.extend(items)
    return lines


def summary_file(document: dict[str, Any], zone: ZoneInfo, day: dt.date) -> Attachment:
    """The readable summary as a table (section, item), in the reader's language."""
    rows: list[list[Cell]] = [[t("mydata-csv-section"), t("mydata-csv-item")]]
    for name, rows_of in document["data"].items():
        for row in rows_of:
            rows.append([SECTIONS[name], _line(name, row, zone)])
    return Attachment.csv(f"my-data-{day:%Y-%m-%d}.csv", rows)


def counts(document: dict[str, Any]) -> list[Text]:
    """One line per section that holds something: what the file has, at a glance."""
    return [
        t("mydata-heading", section=SECTIONS[name], count=len(rows))
        for name, rows in document["data"].items()
        if rows
    ]


async def new_link(uow: UnitOfWork, user: User, now: dt.datetime, config: CoreConfig) -> str:
    """A one-time download address of the user's data, good for a day."""
    link = await uow.privacy.new_link(user.id, now, LINK_TTL)
    await write_audit(
        uow,
        now=now,
        community_id=user.community_id,
        actor=ids.actor(user),
        action="privacy.link",
        target=ids.actor(user),
    )
    return link_url(config.export_link_base or "", link.token)


def link_url(base: str, token: str) -> str:
    return f"{base.rstrip('/')}/export/{token}"


async def record_export(uow: UnitOfWork, user: User, now: dt.datetime, *, actor: str) -> None:
    """`actor`: the user themselves, or the command line (staff, in person)."""
    await write_audit(
        uow,
        now=now,
        community_id=user.community_id,
        actor=actor,
        action="privacy.export",
        target=ids.actor(user),
    )


async def erase(
    uow: UnitOfWork, user: User, now: dt.datetime, config: CoreConfig, *, actor: str
) -> int:
    """Erase the user's account: bookings still to come are cancelled first (the places go
    to others, the waitlist is told), then the personal data goes; the rows figures, the
    audit log and the fund are made of stay, pointing at a user that names nobody.
    Returns how many bookings were cancelled."""
    cancelled = await booking.release_for_leaver(uow, user, now, config, reason=ERASED)
    await draws.release_for_leaver(uow, user)  # entries not yet drawn
    community_id = user.community_id
    # The person is every app account they linked (`/link`): each is erased.
    for account in await uow.users.accounts_of(user):
        await uow.privacy.erase(account, now)
    await write_audit(
        uow,
        now=now,
        community_id=community_id,
        actor=actor,
        action="privacy.erase",
        target=ids.actor(user),
        details={"bookings_cancelled": cancelled},
    )
    return cancelled
