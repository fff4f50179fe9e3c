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
    """A residents' council meeting (议事会): a time, a place and an agenda of proposals
    (`MeetingItem`, in order). `status`: scheduled, held (attendance or a decision recorded)
    or cancelled. `version` counts the reschedules: the reminders of each time have keys of
    their own, so the ones called off never block the new ones."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    starts_at: Mapped[dt.datetime]
    place: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(12), default="scheduled", server_default="scheduled")
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Typed by staff after the meeting: how many came, and (optional) names or roles of the
    # members present as the council minutes them (楼长, 居民代表…), nothing a resident did
    # not make public.
    attendance: Mapped[int | None] = mapped_column(Integer)
    attendees: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime | None]


class MeetingItem(Base):
    """One proposal on a meeting's agenda, at `position` (1 first), and what the council
    decided on it: adopt, decline or defer, with the vote (for, against, abstain)."""

    __tablename__ = "meeting_items"
    __table_args__ = (UniqueConstraint("meeting_id", "proposal_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    position: Mapped[int]
    decision: Mapped[str | None] = mapped_column(String(8))
    votes_for: Mapped[int | None]
    votes_against: Mapped[int | None]
    votes_abstain: Mapped[int | None]
    decided_at: Mapped[dt.datetime | None]


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
