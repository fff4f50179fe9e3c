"""How residents reach their community's office (居委会)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from linli.storage.models.base import Base


class CommunityContact(Base):
    """The office's address, opening hours and phone, as staff last wrote them."""

    __tablename__ = "community_contacts"

    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), primary_key=True)
    address: Mapped[str | None] = mapped_column(String(60))
    hours: Mapped[str | None] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(30))
    updated_at: Mapped[dt.datetime]
    updated_by: Mapped[str] = mapped_column(String(64))
