"""The 社区发展基金: an open ledger of lines that are only ever added, hash-chained, with
sums that are always worked out from the lines."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from linli.handlers.kit.errors import DomainError, NotFound
from linli.handlers.kit.text import t
from linli.handlers.profile.service import require_staff, write_audit
from linli.storage.fund_chain import GENESIS, first_break
from linli.storage.models import LedgerEntry, User
from linli.storage.uow import UnitOfWork

SOURCES = ("stall_fee", "pledge", "donation")


def _actor(user: User | None) -> str:
    return f"user:{user.id}" if user else "cli"


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
    approved_by: str | None = None,
    corrects: int | None = None,
    market_id: int | None = None,
) -> LedgerEntry:
    """Add a line. Only staff; spending names who approved it; a correction names the line."""
    await require_staff(uow, staff, community_id)
    purpose = purpose.strip()
    if kind not in ("income", "spending") or not purpose or len(purpose) > 200:
        raise DomainError(t("fund-bad-entry"))
    if kind == "income" and source not in SOURCES:
        raise DomainError(t("fund-bad-entry"))
    if kind == "spending":
        source = "spending"
        if not (approved_by or "").strip():
            raise DomainError(t("fund-needs-approval"))
    if corrects is not None:
        old = await uow.session.get(LedgerEntry, corrects)
        if old is None or old.community_id != community_id or old.kind != kind:
            raise NotFound()
    elif amount <= 0:
        raise DomainError(t("fund-bad-entry"))
    if amount == 0 or abs(amount) > Decimal("10000000"):
        raise DomainError(t("fund-bad-entry"))
    entry = await uow.fund.append(
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
            created_by=_actor(staff),
            created_at=now,
        )
    )
    await write_audit(
        uow,
        now=now,
        community_id=community_id,
        actor=_actor(staff),
        action="fund.entry",
        target=f"ledger:{entry.id}",
        details={"kind": kind, "source": source, "amount": str(amount), "corrects": corrects},
    )
    return entry


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
    rows = await uow.session.scalars(
        select(LedgerEntry)
        .where(LedgerEntry.community_id == community_id)
        .order_by(LedgerEntry.day, LedgerEntry.id)
    )
    return list(rows)


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


def ledger_csv(entries: list[LedgerEntry]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "id",
            "date",
            "kind",
            "source",
            "amount",
            "purpose",
            "approved_by",
            "corrects",
            "market",
            "prev_hash",
            "hash",
        ]
    )
    for e in entries:
        writer.writerow(
            [
                e.id,
                e.day.isoformat(),
                e.kind,
                e.source,
                f"{e.amount:.2f}",
                e.purpose,
                e.approved_by or "",
                e.corrects or "",
                e.market_id or "",
                e.prev_hash,
                e.hash,
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
