"""SQLAlchemy models: every table Linli keeps, one module per feature. Alembic migrations
are made from these.

Every model is named here too, so `from linli.storage.models import Booking` works
wherever it is defined, and importing the package registers every table on
`Base.metadata` (what Alembic compares the database with)."""

from __future__ import annotations

from linli.storage.models.base import NAMING, Base, UTCDateTime
from linli.storage.models.behalf import BehalfConsent, OfflineResident
from linli.storage.models.booking import (
    ACTIVE_BOOKING,
    ACTIVE_WAIT,
    Booking,
    FacilityRequest,
    Slot,
    Suspension,
    WaitlistEntry,
)
from linli.storage.models.channels import ChannelValue, ProcessedUpdate, ReplayNonce
from linli.storage.models.chores import DailyRun
from linli.storage.models.console import ConsoleLink, ConsoleSession
from linli.storage.models.contact import CommunityContact
from linli.storage.models.conversation import ConversationState
from linli.storage.models.draws import SlotDraw, SlotDrawEntry
from linli.storage.models.events import Event, EventSignup
from linli.storage.models.facilities import (
    Facility,
    FacilityCommunity,
    FacilityException,
    OpeningWindow,
    Unit,
)
from linli.storage.models.fund import LedgerEntry, SpendingRequest
from linli.storage.models.holidays import OfficialDay
from linli.storage.models.market import MarketCategory, MarketDay, StallApplication
from linli.storage.models.notices import Notice, TopicMute
from linli.storage.models.outbox import OutboxClaim, OutboxMessage
from linli.storage.models.people import (
    AuditEntry,
    Community,
    InviteCode,
    LinkCode,
    LinkFailure,
    RoleGrant,
    User,
)
from linli.storage.models.privacy import ExportLink
from linli.storage.models.proposals import (
    Meeting,
    MeetingItem,
    Proposal,
    ProposalRating,
    ProposalReport,
    ProposalStep,
    ProposalSupport,
)
from linli.storage.models.residency import Household, HouseholdCode, Residency

__all__ = [
    "ACTIVE_BOOKING",
    "ACTIVE_WAIT",
    "NAMING",
    "AuditEntry",
    "Base",
    "BehalfConsent",
    "Booking",
    "ChannelValue",
    "Community",
    "CommunityContact",
    "ConsoleLink",
    "ConsoleSession",
    "ConversationState",
    "DailyRun",
    "Event",
    "EventSignup",
    "ExportLink",
    "Facility",
    "FacilityCommunity",
    "FacilityException",
    "FacilityRequest",
    "Household",
    "HouseholdCode",
    "InviteCode",
    "LedgerEntry",
    "LinkCode",
    "LinkFailure",
    "MarketCategory",
    "MarketDay",
    "Meeting",
    "MeetingItem",
    "Notice",
    "OfficialDay",
    "OfflineResident",
    "OpeningWindow",
    "OutboxClaim",
    "OutboxMessage",
    "ProcessedUpdate",
    "Proposal",
    "ProposalRating",
    "ProposalReport",
    "ProposalStep",
    "ProposalSupport",
    "ReplayNonce",
    "Residency",
    "RoleGrant",
    "Slot",
    "SlotDraw",
    "SlotDrawEntry",
    "SpendingRequest",
    "StallApplication",
    "Suspension",
    "TopicMute",
    "UTCDateTime",
    "Unit",
    "User",
    "WaitlistEntry",
]
