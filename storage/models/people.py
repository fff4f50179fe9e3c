"""People and places: the place tree, users, the roles they hold, invite codes, the audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from linli.storage.models.base import Base


class Community(Base):
    """A node of the place tree: 街道 (street) → 社区 (community) → 小区 (compound) → 楼栋."""

    __tablename__ = "communities"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    # 金点子: supports needed within the window to reach the agenda (None: the default).
    proposal_threshold: Mapped[int | None]


class User(Base):
    """An account on one channel. The same person on two channels is two users until they
    link them (`/link`): then the newer one points at the older (`linked_to`), and every
    handler sees the older one, the person (see storage/repos/link.py)."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))
    display_name: Mapped[str | None] = mapped_column(String(100))
    locale: Mapped[str] = mapped_column(String(8))
    community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"), index=True)
    building_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"))
    created_at: Mapped[dt.datetime]
    last_seen_at: Mapped[dt.datetime]
    # Set when a push failed because the user blocked us; cleared when they write again.
    unreachable_since: Mapped[dt.datetime | None]
    # Quiet hours (local): non-urgent pushes wait until they end. None: the defaults.
    quiet_start: Mapped[dt.time | None] = mapped_column(Time)
    quiet_end: Mapped[dt.time | None] = mapped_column(Time)
    # The community a staff member last chose to act for, when they serve several. Read
    # only together with their roles in force: a revoked role is never acted on.
    staff_community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"))
    # The privacy notice version the user said yes to, and when; None: not yet. Nothing
    # personal (a name, a community) is kept until it matches the current notice.
    consent_version: Mapped[str | None] = mapped_column(String(32))
    consented_at: Mapped[dt.datetime | None]
    # Set on a linked account: the person's own (older) account, which holds everything.
    linked_to: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # On the person's account: the channel their pushes go to (None: this account's own).
    push_channel: Mapped[str | None] = mapped_column(String(16))


class RoleGrant(Base):
    """A role a staff member gave someone in one community. Residents need no grant."""

    __tablename__ = "role_grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    granted_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]


class InviteCode(Base):
    """A code a staff member hands out; whoever redeems it gets the role it names."""

    __tablename__ = "invite_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    max_uses: Mapped[int] = mapped_column(Integer, default=1)
    uses: Mapped[int] = mapped_column(Integer, default=0)


class AuditEntry(Base):
    """One staff (or command-line) action, kept for the community to look back on."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(index=True)
    community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(48))
    target: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class LinkCode(Base):
    """A one-time code an account shows, to be typed on the person's other channel."""

    __tablename__ = "link_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code: Mapped[str] = mapped_column(String(8), index=True)
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]


class LinkFailure(Base):
    """A wrong link code typed by an account: a few an hour, then it must wait."""

    __tablename__ = "link_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(index=True)
