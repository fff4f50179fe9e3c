"""睦邻集市: market days, their stall categories and stall applications."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, Numeric, String, Text, Time, false, text
from sqlalchemy.orm import Mapped, mapped_column

from linli.storage.models.base import Base


class MarketDay(Base):
    """A 睦邻集市 day: where and when, how stalls are given out, what goes to the fund."""

    __tablename__ = "market_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    opens: Mapped[dt.time] = mapped_column(Time)
    closes: Mapped[dt.time] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(100))
    deadline: Mapped[dt.datetime]
    fee: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    pledge_percent: Mapped[int] = mapped_column(Integer, default=0)
    mode: Mapped[str] = mapped_column(String(8))  # first (first come), lottery (摇号)
    seed: Mapped[str | None] = mapped_column(String(64))  # published when drawn
    # Commit–reveal for the lottery: SHA-256 of `secret` is on the card from the start; the
    # secret is shown only once the deadline has passed and the draw is made with it.
    secret: Mapped[str | None] = mapped_column(String(64))
    commitment: Mapped[str | None] = mapped_column(String(64))
    # The application numbers that took part in the draw, "3,5,8" (published with it).
    draw_pool: Mapped[str | None] = mapped_column(Text)
    drawn_at: Mapped[dt.datetime | None]
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]


class MarketCategory(Base):
    __tablename__ = "market_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    market_id: Mapped[int] = mapped_column(ForeignKey("market_days.id"), index=True)
    name: Mapped[str] = mapped_column(String(16))
    stalls: Mapped[int]


class StallApplication(Base):
    """已申请 → 已通过 / 候补 / 未通过 / 已撤回; a waitlisted one has its place in line."""

    __tablename__ = "stall_applications"
    __table_args__ = (
        Index(
            "uq_stall_applications_live",
            "market_id",
            "user_id",
            unique=True,
            sqlite_where=text("status != 'withdrawn'"),
            postgresql_where=text("status != 'withdrawn'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    market_id: Mapped[int] = mapped_column(ForeignKey("market_days.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("market_categories.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    stall_name: Mapped[str] = mapped_column(String(40))
    goods: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(20))
    # applied, approved, waitlisted, rejected, withdrawn
    status: Mapped[str] = mapped_column(String(12))
    position: Mapped[int | None]
    # Its place in the lottery's order (1 = first stall), kept as drawn for checking.
    draw_rank: Mapped[int | None]
    attended: Mapped[bool | None]
    # A no-show staff excused on appeal: still recorded as missed, not counted by the rule.
    excused: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[dt.datetime]
    decided_at: Mapped[dt.datetime | None]
