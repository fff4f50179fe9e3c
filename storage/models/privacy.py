"""What residents' rights over their data need kept: one-time download links to an export."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from linli.storage.models.base import Base


class ExportLink(Base):
    """A one-time link to a resident's own data, for channels that cannot send files
    (WeChat): the random token is the whole secret, so nothing else about the person
    appears in the URL."""

    __tablename__ = "export_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]
