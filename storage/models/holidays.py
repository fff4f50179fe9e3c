"""The State Council's holiday schedule as staff loaded it (`linli holidays load`), for years
the chinese-calendar package does not know yet; a loaded year overrides the package."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from linli.storage.models.base import Base


class OfficialDay(Base):
    """One dated exception to the plain week: a day off (放假) or a 调休 working day."""

    __tablename__ = "official_days"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # "holiday" or "workday"
    # The holiday's English name as chinese-calendar spells it ("National Day"), so loaded
    # and packaged years are labelled alike.
    name: Mapped[str | None] = mapped_column(String(40))
