"""金点子: proposals, their supports, timeline, meetings, ratings and reports."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from linli.storage.models.base import Base


class Proposal(Base):
    """A resident's 金点子, moving through 集、议、决、督 (see handlers/proposals/states.py)."""

    __tablename__ = "proposals"
    __table_args__ = (Index("ix_proposals_state", "community_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(8))
    level: Mapped[str] = mapped_column(String(8))
    image: Mapped[str | None] = mapped_column(String(256))
    state: Mapped[str] = mapped_column(String(12))
    threshold: Mapped[int]
    supports: Mapped[int] = mapped_column(Integer, default=0)
    window_ends_at: Mapped[dt.datetime]
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    summary: Mapped[str | None] = mapped_column(Text)
    carried_by: Mapped[str | None] = mapped_column(String(8))  # 社区, 街道, 区
    reason: Mapped[str | None] = mapped_column(Text)  # why declined
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    progress: Mapped[int] = mapped_column(Integer, default=0)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    reports: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]


class ProposalSupport(Base):
    __tablename__ = "proposal_supports"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[dt.datetime]


class ProposalStep(Base):
    """One entry of a proposal's timeline: a change of state, a progress update, a note."""

    __tablename__ = "proposal_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    at: Mapped[dt.datetime]
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(12))
    text: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(64))


class Meeting(Base):
    """A residents' council meeting (议事会) where proposals are deliberated."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    starts_at: Mapped[dt.datetime]
    place: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime]


class ProposalRating(Base):
    __tablename__ = "proposal_ratings"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    score: Mapped[int]
    created_at: Mapped[dt.datetime]


class ProposalReport(Base):
    __tablename__ = "proposal_reports"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime]
