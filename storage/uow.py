"""The unit of work: one transaction, the repositories that share it, one commit."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager, AbstractContextManager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linli.storage.repos.behalf import BehalfRepo
from linli.storage.repos.board import BoardRepo
from linli.storage.repos.booking import BookingRepo
from linli.storage.repos.channels import ChannelRepo
from linli.storage.repos.chores import ChoreRepo
from linli.storage.repos.console import ConsoleRepo
from linli.storage.repos.contact import ContactRepo
from linli.storage.repos.conversations import ConversationRepo
from linli.storage.repos.draws import DrawRepo
from linli.storage.repos.events import EventRepo
from linli.storage.repos.facilities import FacilityRepo
from linli.storage.repos.figures import FiguresRepo
from linli.storage.repos.fund import FundRepo
from linli.storage.repos.holidays import HolidayRepo
from linli.storage.repos.link import LinkRepo
from linli.storage.repos.market import MarketRepo
from linli.storage.repos.meetings import MeetingRepo
from linli.storage.repos.notices import NoticeRepo
from linli.storage.repos.outbox import OutboxRepo
from linli.storage.repos.people import AuditRepo, CommunityRepo, InviteRepo, RoleRepo, UserRepo
from linli.storage.repos.privacy import PrivacyRepo
from linli.storage.repos.proposals import ProposalRepo
from linli.storage.repos.residency import ResidencyRepo
from linli.storage.repos.worklist import WorklistRepo
from linli.storage.writes import WriteWatcher


class UnitOfWork:
    """`async with db.uow() as uow: ...; await uow.commit()` — leaving without commit rolls back."""

    session: AsyncSession

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], dialect: str, *, read_only: bool = False
    ) -> None:
        self._sessions = sessions
        self.dialect = dialect
        self.read_only = read_only
        self.committed = False

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._sessions()
        if self.read_only and self.dialect == "sqlite":
            # Begins now, deferred: no write lock for a unit of work that only reads.
            await self.session.connection(execution_options={"linli_deferred": True})
        s = self.session
        self.communities = CommunityRepo(s)
        self.users = UserRepo(s)
        self.roles = RoleRepo(s)
        self.invites = InviteRepo(s)
        self.audit = AuditRepo(s)
        self.facilities = FacilityRepo(s)
        self.conversations = ConversationRepo(s, self.dialect)
        self.outbox = OutboxRepo(s, self.dialect)
        self.booking = BookingRepo(s, self.dialect)
        self.fund = FundRepo(s, self.dialect)
        self.channels = ChannelRepo(s, self.dialect)
        self.notices = NoticeRepo(s, self.dialect)
        self.events = EventRepo(s)
        self.proposals = ProposalRepo(s, self.dialect)
        self.meetings = MeetingRepo(s, self.dialect)
        self.market = MarketRepo(s, self.dialect)
        self.contact = ContactRepo(s)
        self.residency = ResidencyRepo(s, self.dialect)
        self.privacy = PrivacyRepo(s)
        self.link = LinkRepo(s)
        self.draws = DrawRepo(s, self.dialect)
        self.behalf = BehalfRepo(s)
        self.holidays = HolidayRepo(s)
        self.figures = FiguresRepo(s)
        self.console = ConsoleRepo(s)
        self.chores = ChoreRepo(s, self.dialect)
        self.worklist = WorklistRepo(s)
        self.board = BoardRepo(s)
        return self

    async def __aexit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is not None:
                await self.session.rollback()
        finally:
            # close() ends the transaction (uncommitted writes are dropped) but, unlike
            # rollback(), leaves loaded objects readable after the block.
            await self.session.close()

    async def commit(self) -> None:
        await self.session.commit()
        self.committed = True

    async def flush(self) -> None:
        await self.session.flush()

    def no_autoflush(self) -> AbstractContextManager:
        """`with uow.no_autoflush(): ...` — reads inside do not first write what is pending
        (it is written once, at the next flush or the commit)."""
        return self.session.no_autoflush

    def savepoint(self) -> AbstractAsyncContextManager:
        """`async with uow.savepoint(): ...` — an error inside undoes only what the block
        wrote; the rest of the transaction stands."""
        return self.session.begin_nested()

    def watch_writes(self) -> WriteWatcher:
        """Record every row written from now until `.stop()` (see storage/writes.py)."""
        return WriteWatcher(self.session.sync_session).start()

    async def ping(self) -> None:
        """Ask the database something trivial: raises when it cannot be reached."""
        await self.session.execute(text("SELECT 1"))
