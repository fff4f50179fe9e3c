"""代办: residents without a smartphone whom staff register and act for, with their consent."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from linli.storage.models.base import Base


class OfflineResident(Base):
    """A resident registered at the desk: their user has channel "offline" and no app."""

    __tablename__ = "offline_residents"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    name: Mapped[str] = mapped_column(String(30))
    # Building and room as the resident says it (3栋2单元401).
    room: Mapped[str] = mapped_column(String(40))
    # Only when the resident agreed: staff ring them about what was done for them.
    phone: Mapped[str | None] = mapped_column(String(30))
    registered_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime]


class BehalfConsent(Base):
    """A resident's consent to staff acting for them: how, when, by whom; until withdrawn."""

    __tablename__ = "behalf_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # 在场 (in person), 电话 (by phone) or 书面 (in writing): "in_person", "phone", "written".
    how: Mapped[str] = mapped_column(String(12))
    given_at: Mapped[dt.datetime]
    # The staff member who took it (users.id).
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # What staff may do for them: "book,apply,support" (all that 代办 offers today).
    scope: Mapped[str] = mapped_column(String(64))
    withdrawn_at: Mapped[dt.datetime | None]
    withdrawn_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
