"""Chores done once a day by whichever process comes first."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from linli.storage.models.base import Base


class DailyRun(Base):
    """A once-a-day chore (the staff digest) done for a local day: the row is the claim, so
    several processes running the chores do it once."""

    __tablename__ = "daily_runs"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    at: Mapped[dt.datetime]
