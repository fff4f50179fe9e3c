"""The 社区发展基金: an open ledger of lines that are only ever added, hash-chained, with
sums that are always worked out from the lines."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from linli.handlers.kit import ids
from linli.handlers.kit.errors import AlreadyDone, DomainError, NotFound
from linli.handlers.kit.notify import push
from linli.handlers.kit.reply import Cell
from linli.handlers.kit.text import Text, raw, t
from linli.handlers.profile.service import require_staff, staff_ids, write_audit
from linli.storage.fund_chain import GENESIS, first_break
from linli.storage.models import LedgerEntry, SpendingRequest, User
from linli.storage.uow import UnitOfWork

SOURCES = ("stall_fee", "pledge", "donation")
KINDS = ("income", "spending")
# How a giver is shown on the public lines: by name, by surname only, or not at all.
DONOR_SHOWN = ("name", "masked", "anonymous")
MAX_DONOR = 40  # a giver's name as typed


MAX_AMOUNT = Decimal("10000000")  # ten million yuan: more than any line of a 社区 fund


def parse_amount(text: str) -> Decimal | None:
    """Yuan as typed (120, 120.5, 120.50元); None for anything else or out of bounds
    (1e30 would make quantize raise)."""
    try:
        amount = Decimal(text.strip().removesuffix("元"))
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or abs(amount) > MAX_AMOUNT:
        return None
    return amount.quantize(Decimal("0.01"))


def shown_donor(name: str, how: str) -> str | None:
    """The giver as the public lines show them: 王秀英 or 王**; None for no name at all."""
    name = name.strip()
    if how == "anonymous" or not name:
        return None
    if how == "masked":
        return name[0] + "*" * max(len(name) - 1, 1)
    return name[:40]


MAX_DAYS_BACK = 366


def line_day(day: dt.date | None, today: dt.date) -> dt.date:
    """The day a line records, as staff give it: not ahead of today, not over a year back
    (chat records today's date; the console lets staff enter a recent receipt)."""
    if day is None or day > today or (today - day).days > MAX_DAYS_BACK:
        raise DomainError(t("console-desk-fund-bad-day"))
    return day


def donor_as_shown(name: str, how: str) -> str | None:
    """A giver's name as typed and how they chose to be shown, checked: what the line keeps."""
    name = " ".join(name.split())
    if how not in DONOR_SHOWN or len(name) > MAX_DONOR or (how != "anonymous" and not name):
        raise DomainError(t("console-desk-fund-bad-donor", limit=MAX_DONOR))
    return shown_donor(name, how)


def _check_line(kind: str, amount: Decimal, purpose: str, corrects: int | None) -> str:
    purpose = purpose.strip()
    if kind not in KINDS or not purpose or len(purpose) > 200:
        raise DomainError(t("fund-bad-entry"))
    # A correction may take back (a negative amount); a new line only adds.
    if amount == 0 or abs(amount) > MAX_AMOUNT or (corrects is None and amount < 0):
        raise DomainError(t("fund-bad-entry"))
    return purpose


async def _corrected(
    uow: UnitOfWork, community_id: int, corrects: int | None, kind: str
) -> LedgerEntry | None:
    if corrects is None:
        return None
    old = await uow.fund.line(corrects)
    if old is None or old.community_id != community_id or old.kind != kind:
        raise NotFound()
    return old


async def _append(
    uow: UnitOfWork,
    *,
    community_id: int,
    kind: str,
    source: str,
    amount: Decimal,
    purpose: str,
    day: dt.date,
    now: dt.datetime,
    created_by: str,
    approved_by: str | None = None,
    corrects: int | None = None,
    market_id: int | None = None,
    donor: str | None = None,
) -> LedgerEntry:
    return await uow.fund.append(
        LedgerEntry(
            community_id=community_id,
            day=day,
            kind=kind,
            source=source,
            amount=amount,
            purpose=purpose,
            approved_by=approved_by,
            corrects=corrects,
            market_id=market_id,
            donor=donor,
            created_by=created_by,
            created_at=now,
        )
    )


async def add_entry(
    uow: UnitOfWork,
    staff: User | None,
    community_id: int,
    *,
    kind: str,
    source: str,
    amount: Decimal,
    purpose: str,
    day: dt.date,
    now: dt.datetime,
    corrects: int | None = None,
    market_id: int | None = None,
    donor: str | None = None,
) -> LedgerEntry:
    """Add an income line (or a correction of one). Only staff. Spending is never added
    here: it is proposed, and written once a second staff member signs it (`approve`)."""
    await require_staff(uow, staff, community_id)
    if kind == "spending":
        raise DomainError(t("fund-needs-approval"))
    purpose = _check_line(kind, amount, purpose, corrects)
    old = await _corrected(uow, community_id, corrects, kind)
    if old is not None:
        source, market_id = old.source, old.market_id
    if source not in SOURCES:
        raise DomainError(t("fund-bad-entry"))
    if market_id is not None:
        market = await uow.market.day(market_id)
        if market is None or market.community_id != community_id:
            raise NotFound()
    entry = await _append(
        uow,
        community_id=community_id,
        kind=kind,
        source=source,
        amount=amount,
        purpose=purpose,
        day=day,
        now=now,
        created_by=ids.actor(staff),
        corrects=corrects,
        market_id=market_id,
        donor=donor if old is None else old.donor,
    )
    await write_audit(
        uow,
        now=now,
        community_id=community_id,
        actor=ids.actor(staff),
        action="fund.entry",
        target=f"ledger:{entry.id}",
        details={
            "kind": kind,
            "source": source,
            "amount": str(amount),
            "corrects": corrects,
            "market": market_id,
        },
    )
    return entry


# --- spending: one proposes, another signs ---------------------------------------------


async def propose_spending(
    uow: UnitOfWork,
    staff: User,
    community_id: int,
    *,
    amount: Decimal,
    purpose: str,
    day: dt.date,
    now: dt.datetime,
    corrects: int | None = None,
) -> SpendingRequest:
    """Spending (or a correction of a spending line) waits for a second staff member of
    the community: the others are told there is something to sign."""
    await require_staff(uow, staff, community_id)
    purpose = _check_line("spending", amount, purpose, corrects)
    await _corrected(uow, community_id, corrects, "spending")
    request = SpendingRequest(
        community_id=community_id,
        day=day,
        amount=amount,
        purpose=purpose,
        corrects=corrects,
        proposed_by=staff.id,
        status="pending",
        created_at=now,
    )
    uow.fund.add_request(request)
    await uow.flush()
    await write_audit(
        uow,
        now=now,
        community_id=community_id,
        actor=ids.actor(staff),
        action="fund.propose",
        target=f"fund-request:{request.id}",
        details={"amount": str(amount), "corrects": corrects},
    )
    for other in await staff_ids(uow, community_id):
        if other != staff.id:
            await push(
                uow,
                other,
                t("fund-request-waiting", amount=f"{amount:.2f}", purpose=raw(purpose)),
                kind="fund",
                now=now,
                dedupe_key=f"fund-request:{request.id}:to:{other}",
            )
    return request


async def pending(uow: UnitOfWork, community_id: int) -> list[SpendingRequest]:
    return await uow.fund.pending(community_id)


async def _open_request(uow: UnitOfWork, staff: User, request_id: int) -> SpendingRequest:
    """A pending request this staff member may decide: of their community, not their own.
    Locked on PostgreSQL, so two signing at once write one line."""
    request = await uow.fund.request(request_id, lock=True)
    if request is None:
        raise NotFound()
    await require_staff(uow, staff, request.community_id)
    if request.status != "pending":
        raise AlreadyDone()
    if request.proposed_by == staff.id:
        raise DomainError(t("fund-not-your-own"))
    return request


def signature(user: User) -> str:
    """Who signed, as the public ledger names them."""
    return (user.display_name or "").strip()[:60] or f"#{user.id}"


async def approve(uow: UnitOfWork, staff: User, request_id: int, now: dt.datetime) -> LedgerEntry:
    """The second signature: the spending becomes a ledger line naming both."""
    request = await _open_request(uow, staff, request_id)
    entry = await _append(
        uow,
        community_id=request.community_id,
        kind="spending",
        source="spending",
        amount=request.amount,
        purpose=request.purpose,
        day=request.day,
        now=now,
        created_by=ids.actor(request.proposed_by),
        approved_by=signature(staff),
        corrects=request.corrects,
    )
    request.status, request.decided_by, request.decided_at = "approved", staff.id, now
    request.entry_id = entry.id
    await write_audit(
        uow,
        now=now,
        community_id=request.community_id,
        actor=ids.actor(staff),
        action="fund.approve",
        target=f"fund-request:{request.id}",
        details={"ledger": entry.id, "amount": str(request.amount)},
    )
    await _tell(uow, request, t("fund-request-approved", id=entry.id), now)
    return entry


async def decline(
    uow: UnitOfWork, staff: User, request_id: int, reason: str, now: dt.datetime
) -> SpendingRequest:
    """Not signed, with a reason the proposer is told; nothing goes in the ledger."""
    request = await _open_request(uow, staff, request_id)
    reason = reason.strip()
    if not reason or len(reason) > 200:
        raise DomainError(t("fund-reason-needed"))
    request.status, request.decided_by, request.decided_at = "declined", staff.id, now
    request.reason = reason
    await write_audit(
        uow,
        now=now,
        community_id=request.community_id,
        actor=ids.actor(staff),
        action="fund.decline",
        target=f"fund-request:{request.id}",
        details={"reason": reason},
    )
    await _tell(uow, request, t("fund-request-declined", reason=raw(reason)), now)
    return request


async def _tell(uow: UnitOfWork, request: SpendingRequest, outcome: Text, now: dt.datetime):
    await push(
        uow,
        request.proposed_by,
        t(
            "fund-request-decided",
            amount=f"{request.amount:.2f}",
            purpose=raw(request.purpose),
            outcome=outcome,
        ),
        kind="fund",
        now=now,
        dedupe_key=f"fund-request:{request.id}:{request.status}",
    )


@dataclass
class LedgerCheck:
    """A community's ledger checked against its hash chain."""

    lines: int
    balance: Decimal
    head: str  # the last line's hash: what the fund card publishes
    broken: LedgerEntry | None
    why: str | None  # "link" (a line missing or inserted before it) or "hash" (changed)


async def check_ledger(uow: UnitOfWork, community_id: int) -> LedgerCheck:
    """Walk the chain from the first line; name the first line that does not hold."""
    lines = await uow.fund.lines(community_id)
    found = first_break(lines)
    return LedgerCheck(
        lines=len(lines),
        balance=summarise(lines).balance,
        head=lines[-1].hash if lines else GENESIS,
        broken=found[0] if found else None,
        why=found[1] if found else None,
    )


async def ledger(uow: UnitOfWork, community_id: int) -> list[LedgerEntry]:
    return await uow.fund.by_day(community_id)


@dataclass
class FundSummary:
    income: Decimal
    spending: Decimal
    by_source: dict[str, Decimal]
    by_month: dict[str, tuple[Decimal, Decimal]]

    @property
    def balance(self) -> Decimal:
        return self.income - self.spending


def summarise(entries: list[LedgerEntry]) -> FundSummary:
    """Everything is a sum of the lines: nothing is stored that could disagree with them."""
    income = sum((e.amount for e in entries if e.kind == "income"), Decimal(0))
    spending = sum((e.amount for e in entries if e.kind == "spending"), Decimal(0))
    by_source: Counter = Counter()
    months: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for e in entries:
        if e.kind == "income":
            by_source[e.source] += e.amount
        months[f"{e.day:%Y-%m}"][0 if e.kind == "income" else 1] += e.amount
    return FundSummary(
        income, spending, dict(by_source), {m: (v[0], v[1]) for m, v in sorted(months.items())}
    )


KIND_NAMES = {"income": t("fund-kind-income"), "spending": t("fund-kind-spending")}
SOURCE_NAMES = {
    "stall_fee": t("fund-source-stall-fee"),
    "pledge": t("fund-source-pledge"),
    "donation": t("fund-source-donation"),
    "spending": t("fund-kind-spending"),
}
CSV_HEADER = (
    t("fund-csv-id"),
    t("fund-csv-date"),
    t("fund-csv-kind"),
    t("fund-csv-source"),
    t("fund-csv-amount"),
    t("fund-csv-purpose"),
    t("fund-csv-approved-by"),
    t("fund-csv-corrects"),
    t("fund-csv-market"),
    t("fund-csv-donor"),
    t("fund-csv-prev-hash"),
    t("fund-csv-hash"),
)


def ledger_table(entries: list[LedgerEntry]) -> list[list[Cell]]:
    """The ledger as its reader reads it: their language for the headers, the kinds and
    the sources (the channel renders them); and everything the hash covers (README, "The fund")."""
    return [
        list(CSV_HEADER),
        *(
            [
                e.id,
                e.day.isoformat(),
                KIND_NAMES.get(e.kind, e.kind),
                SOURCE_NAMES.get(e.source, e.source),
                f"{e.amount:.2f}",
                e.purpose,
                e.approved_by or "",
                e.corrects or "",
                e.market_id or "",
                e.donor or "",
                e.prev_hash,
                e.hash,
            ]
            for e in entries
        ),
    ]


async def income_lines(uow: UnitOfWork, community_id: int) -> list[LedgerEntry]:
    """Every income line, newest first: a giver looks for their own gift."""
    return await uow.fund.income_lines(community_id)


# --- the staff desk (web console): a month's report, requests with who proposed them ----


@dataclass
class MonthReport:
    """One month of the ledger: the balance it began and ended with, its lines by day,
    and the sums of those lines (nothing stored that could disagree with them)."""

    first: dt.date  # the month's first day
    opening: Decimal  # every line dated before the month
    income: Decimal
    spending: Decimal
    by_source: dict[str, Decimal]
    lines: list[LedgerEntry]

    @property
    def closing(self) -> Decimal:
        return self.opening + self.income - self.spending


def month_start(year: int, month: int) -> dt.date:
    """The first day of a month; a month that does not exist is not found (a typed URL)."""
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise NotFound()
    return dt.date(year, month, 1)


def _next_month(first: dt.date) -> dt.date:
    return dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)


async def month_report(uow: UnitOfWork, community_id: int, first: dt.date) -> MonthReport:
    """The month from `first` (a first of the month), by the day each line records."""
    first = first.replace(day=1)
    lines = await uow.fund.between(community_id, first, _next_month(first))
    before = await uow.fund.balance_before(community_id, first)
    summary = summarise(lines)
    return MonthReport(first, before, summary.income, summary.spending, summary.by_source, lines)


MONTH_HEADER = (
    t("fund-csv-id"),
    t("fund-csv-date"),
    t("fund-csv-kind"),
    t("fund-csv-source"),
    t("fund-csv-amount"),
    t("fund-csv-purpose"),
    t("fund-csv-approved-by"),
    t("fund-csv-corrects"),
    t("fund-csv-donor"),
)


def month_table(report: MonthReport) -> list[list[Cell]]:
    """The month's CSV: its lines, then the opening balance, the sums and the closing one
    (the ledger's own CSV, with the hashes, is the one to check the chain with)."""
    lines = [
        [
            e.id,
            e.day.isoformat(),
            KIND_NAMES.get(e.kind, e.kind),
            SOURCE_NAMES.get(e.source, e.source),
            f"{e.amount:.2f}",
            e.purpose,
            e.approved_by or "",
            e.corrects or "",
            e.donor or "",
        ]
        for e in report.lines
    ]
    sums: list[list[Cell]] = [
        [t("console-desk-fund-opening"), "", "", "", f"{report.opening:.2f}"],
        [t("console-desk-fund-income"), "", "", "", f"{report.income:.2f}"],
        [t("console-desk-fund-spending"), "", "", "", f"{report.spending:.2f}"],
        [t("console-desk-fund-closing"), "", "", "", f"{report.closing:.2f}"],
    ]
    return [list(MONTH_HEADER), *lines, *sums]


@dataclass
class Waiting:
    """A spending request waiting for a second signature, as the desk lists it."""

    request: SpendingRequest
    proposer: str  # the proposer's name as the ledger would sign it
    mine: bool  # proposed by the viewer: they may not sign it


async def waiting_requests(uow: UnitOfWork, staff: User, community_id: int) -> list[Waiting]:
    """Spending waiting for a second signature (staff only); whether the viewer may sign
    one is decided by `approve` itself, `mine` only says so before they try."""
    await require_staff(uow, staff, community_id)
    found = []
    for request in await pending(uow, community_id):
        proposer = await uow.users.get(request.proposed_by)
        found.append(
            Waiting(
                request, signature(proposer) if proposer else "", request.proposed_by == staff.id
            )
        )
    return found


async def request_for_staff(uow: UnitOfWork, staff: User, request_id: int) -> SpendingRequest:
    """A spending request of a community the staff member serves (any status)."""
    request = await uow.fund.request(request_id)
    if request is None:
        raise NotFound()
    await require_staff(uow, staff, request.community_id)
    return request
