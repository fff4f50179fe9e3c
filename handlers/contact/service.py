"""The office's contact details: read by anyone of the community, changed by its staff."""

from __future__ import annotations

import datetime as dt
import re

from linli.handlers.kit import ids
from linli.handlers.kit.errors import DomainError
from linli.handlers.kit.text import t
from linli.handlers.profile.service import require_staff, write_audit
from linli.storage.models import CommunityContact, User
from linli.storage.uow import UnitOfWork

# What staff may change, with the longest text each takes (the columns' sizes).
FIELDS = {"address": 60, "hours": 60, "phone": 30}
# Digits and what people write around them: 0531-8888 8888, (0531)88888888 转 2.
PHONE = re.compile(r"[0-9+()\- 转]{3,30}")
# Typed instead of a value, it clears the item.
CLEAR = ("无", "none", "-")


async def of(uow: UnitOfWork, community_id: int) -> CommunityContact | None:
    return await uow.contact.of(community_id)


def checked(field: str, typed: str) -> str | None:
    """The value to keep (None clears it); a polite refusal when it cannot be kept."""
    value = " ".join(typed.split())
    if value.lower() in CLEAR:
        return None
    limit = FIELDS[field]
    if not value or len(value) > limit:
        raise DomainError(t("contact-too-long", limit=limit))
    if field == "phone" and not PHONE.fullmatch(value):
        raise DomainError(t("contact-bad-phone"))
    return value


async def change(
    uow: UnitOfWork, by: User, community_id: int, field: str, typed: str, now: dt.datetime
) -> CommunityContact:
    """Staff of the community set one item; the change is in the audit log."""
    await require_staff(uow, by, community_id)
    value = checked(field, typed)
    contact = await uow.contact.of(community_id)
    if contact is None:
        contact = CommunityContact(community_id=community_id)
        uow.contact.add(contact)
    before = getattr(contact, field, None)
    setattr(contact, field, value)
    contact.updated_at, contact.updated_by = now, ids.actor(by)
    await write_audit(
        uow,
        now=now,
        community_id=community_id,
        actor=ids.actor(by),
        action="contact.change",
        target=f"community:{community_id}",
        details={"field": field, "before": before, "after": value},
    )
    return contact
