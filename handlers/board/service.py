"""The public 公示 board of a 社区: what anyone may read without signing in, and the facts
anyone needs to check it.

One job: gather, for one community, the 金点子 board (each idea's 集→议→决→督 stage and
progress), the fund ledger line by line with its hash chain checked, the market lotteries
with everything needed to redo them, and the events to come. Only what is public is read
or returned: no user ids, no names but the donor as the giver chose to be shown and the
staff signature the ledger's hash covers, no phone numbers, no stall names (vendors are
their application numbers, as the draw publishes them); hidden 金点子 are left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from linli.handlers.kit import lottery
from linli.storage.fund_chain import GENESIS, hash_of
from linli.storage.models import Community, LedgerEntry, MarketDay, Proposal
from linli.storage.uow import UnitOfWork

# Bounds: a page costs a few queries and stays readable whatever the community's size.
PROPOSAL_LIMIT = 200
LOTTERY_LIMIT = 12
EVENT_LIMIT = 30

# The four steps of 金点子 (集、议、决、督) each state belongs to; a merged idea has none
# of its own (it lives on in the one it was merged into).
STAGES = ("collect", "deliberate", "decide", "supervise")
STAGE_OF = {
    "collecting": "collect",
    "lapsed": "collect",
    "pending": "deliberate",
    "scheduled": "deliberate",
    "declined": "decide",
    "adopted": "supervise",
    "done": "supervise",
    "merged": None,
}

# The rules as published: what a checker recomputes (README, "The fund" and "The lottery").
LEDGER_RULE = (
    "hash = SHA-256 of the UTF-8 JSON array, no spaces: [date, kind, source, amount with 2 "
    'decimals, purpose, approved_by or "", corrects or null, market or null, prev_hash], '
    "with donor appended when the line has one; a community's first prev_hash is 64 zeros "
    "and each later line's prev_hash is the hash of the line before it (by number)."
)
DRAW_RULE = (
    "commitment = SHA-256(secret); seed = SHA-256(secret + '|' + the application numbers "
    "in the draw, ascending, comma-separated); within a category each application's key is "
    "SHA-256(seed + ':' + category + ':' + number) as hex, and the applications sorted by "
    "key ascending get the stalls in turn, the rest wait in that order."
)


@dataclass(frozen=True)
class Update:
    """A 督 progress update staff posted."""

    at: dt.datetime
    percent: int
    text: str


@dataclass(frozen=True)
class ProposalCard:
    number: int
    title: str
    description: str
    category: str
    level: str
    state: str
    stage: str | None  # one of STAGES; None once merged
    created_at: dt.datetime
    # 集
    supports: int
    threshold: int
    window_ends_at: dt.datetime
    # 议
    meeting_at: dt.datetime | None
    meeting_place: str | None
    # 决
    carried_by: str | None
    reason: str | None
    merged_into: int | None
    # 督
    progress: int
    updates: tuple[Update, ...]
    # Once done: how many of its followers rated it, and how many gave 4 or 5 (满意).
    ratings: int = 0
    satisfied: int = 0


@dataclass(frozen=True)
class LedgerLine:
    """One line as the hash covers it, and whether it holds: its own hash recomputed, and
    its link to the line before."""

    number: int
    day: dt.date
    kind: str  # income, spending (the words the hash covers)
    source: str  # stall_fee, pledge, donation, spending
    amount: Decimal
    purpose: str
    approved_by: str | None
    corrects: int | None
    market: int | None
    donor: str | None
    prev_hash: str
    hash: str
    holds: bool


@dataclass(frozen=True)
class Ledger:
    lines: tuple[LedgerLine, ...]
    income: Decimal
    spending: Decimal
    head: str  # the last line's hash (64 zeros before the first line)
    broken_at: int | None  # the first line that does not hold, by number; None: whole

    @property
    def balance(self) -> Decimal:
        return self.income - self.spending

    @property
    def whole(self) -> bool:
        return self.broken_at is None


@dataclass(frozen=True)
class DrawCategory:
    name: str
    stalls: int
    # Application numbers in the order the draw recorded (place 1 first).
    recorded: tuple[int, ...]
    # The same numbers in the order the published rule gives.
    recomputed: tuple[int, ...]


@dataclass(frozen=True)
class Draw:
    """A lottery market: before its draw only the commitment is public; after it, the
    secret, the seed, the numbers that took part and each category's order."""

    market: int
    day: dt.date
    place: str
    deadline: dt.datetime
    commitment: str | None
    drawn_at: dt.datetime | None
    secret: str | None = None
    seed: str | None = None
    pool: tuple[int, ...] = ()
    categories: tuple[DrawCategory, ...] = ()
    commitment_holds: bool | None = None
    seed_holds: bool | None = None
    mismatched: tuple[int, ...] = ()

    @property
    def holds(self) -> bool | None:
        if self.drawn_at is None:
            return None
        return bool(self.commitment_holds and self.seed_holds and not self.mismatched)


@dataclass(frozen=True)
class EventLine:
    title: str
    starts_at: dt.datetime
    place: str
    capacity: int | None
    places_left: int | None


@dataclass(frozen=True)
class Board:
    code: str
    name: str
    at: dt.datetime
    proposals: tuple[ProposalCard, ...] = ()
    ledger: Ledger | None = None
    draws: tuple[Draw, ...] = ()
    events: tuple[EventLine, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Listed:
    """A community on the index of boards."""

    code: str
    name: str


def board_url(base: str | None, code: str | None = None) -> str | None:
    """The board's public address under the web server's `base` (the index without a
    code); None when no public address is set."""
    if not base:
        return None
    path = "/board" if code is None else f"/board/{quote(code, safe='')}"
    return base.rstrip("/") + path


async def communities(uow: UnitOfWork) -> list[Listed]:
    """Every 社区 has a board: the index lists them by name."""
    return [Listed(c.code, c.name) for c in await uow.board.communities()]


async def community(uow: UnitOfWork, code: str) -> Community | None:
    """The 社区 a board's address names; None for anything else (bounded, never raises)."""
    if not code or len(code) > 64:
        return None
    return await uow.board.community(code)


async def board(uow: UnitOfWork, place: Community, now: dt.datetime) -> Board:
    """Everything the community's board shows, as of `now`."""
    return Board(
        code=place.code,
        name=place.name,
        at=now,
        proposals=tuple(await proposals(uow, place.id)),
        ledger=await ledger(uow, place.id),
        draws=tuple(await draws(uow, place.id)),
        events=tuple(await events(uow, place.id, now)),
    )


# --- 金点子 ---


def _update(text: str | None, at: dt.datetime) -> Update:
    """A progress step is stored as "NN% what was done" (handlers/proposals post_progress)."""
    percent, _, said = (text or "").partition("% ")
    if not percent.isdigit():
        return Update(at, 0, text or "")
    return Update(at, min(int(percent), 100), said)


async def proposals(uow: UnitOfWork, community_id: int) -> list[ProposalCard]:
    """The community's 金点子 that are not hidden, newest first, each with its stage."""
    rows: list[Proposal] = await uow.board.proposals(community_id, PROPOSAL_LIMIT)
    meetings = await uow.board.meetings(sorted({p.meeting_id for p in rows if p.meeting_id}))
    updates: dict[int, list[Update]] = {}
    for step in await uow.board.progress_steps([p.id for p in rows]):
        updates.setdefault(step.proposal_id, []).append(_update(step.text, step.at))
    scores: dict[int, list[int]] = {}
    done = [p.id for p in rows if p.state == "done"]
    for proposal_id, score in await uow.board.ratings(done):
        scores.setdefault(proposal_id, []).append(score)
    cards = []
    for p in rows:
        meeting = meetings.get(p.meeting_id) if p.meeting_id else None
        cards.append(
            ProposalCard(
                number=p.id,
                title=p.title,
                description=p.description,
                category=p.category,
                level=p.level,
                state=p.state,
                stage=STAGE_OF.get(p.state),
                created_at=p.created_at,
                supports=p.supports,
                threshold=p.threshold,
                window_ends_at=p.window_ends_at,
                meeting_at=meeting.starts_at if meeting else None,
                meeting_place=meeting.place if meeting else None,
                carried_by=p.carried_by if p.state in ("adopted", "done") else None,
                reason=p.reason if p.state == "declined" else None,
                merged_into=p.merged_into if p.state == "merged" else None,
                progress=p.progress,
                updates=tuple(updates.get(p.id, ())),
                ratings=len(scores.get(p.id, ())),
                satisfied=sum(1 for x in scores.get(p.id, ()) if x >= 4),
            )
        )
    return cards


# --- the fund ---


def _line(entry: LedgerEntry, previous: str) -> LedgerLine:
    return LedgerLine(
        number=entry.id,
        day=entry.day,
        kind=entry.kind,
        source=entry.source,
        amount=Decimal(entry.amount),
        purpose=entry.purpose,
        approved_by=entry.approved_by,
        corrects=entry.corrects,
        market=entry.market_id,
        donor=entry.donor,
        prev_hash=entry.prev_hash,
        hash=entry.hash,
        holds=entry.prev_hash == previous and entry.hash == hash_of(entry),
    )


async def ledger(uow: UnitOfWork, community_id: int) -> Ledger:
    """Every line in the chain's order (by number), each checked as `linli fund verify`
    checks it; the sums are worked out from the lines."""
    entries = await uow.fund.lines(community_id)
    lines, previous = [], GENESIS
    for entry in entries:
        lines.append(_line(entry, previous))
        previous = entry.hash
    income = sum((x.amount for x in lines if x.kind == "income"), Decimal(0))
    spending = sum((x.amount for x in lines if x.kind == "spending"), Decimal(0))
    broken = next((x.number for x in lines if not x.holds), None)
    return Ledger(tuple(lines), income, spending, previous, broken)


# --- market lotteries ---


async def draws(uow: UnitOfWork, community_id: int) -> list[Draw]:
    """The community's lottery markets, latest first. A draw still to come shows only its
    commitment: its secret stays unknown until the deadline (commit–reveal)."""
    markets: list[MarketDay] = await uow.board.lotteries(community_id, LOTTERY_LIMIT)
    drawn = [m.id for m in markets if m.drawn_at is not None and m.secret is not None]
    names: dict[int, list[tuple[int, str, int]]] = {}
    for c in await uow.board.categories(drawn):
        names.setdefault(c.market_id, []).append((c.id, c.name, c.stalls))
    ranks: dict[int, dict[int, tuple[int, int | None]]] = {}
    for market_id, category_id, number, rank in await uow.board.draw_ranks(drawn):
        ranks.setdefault(market_id, {})[number] = (category_id, rank)
    found = []
    for m in markets:
        if m.id not in drawn:
            found.append(
                Draw(m.id, m.day, m.place, m.deadline, m.commitment, None)  # nothing revealed
            )
            continue
        found.append(_redone(m, names.get(m.id, []), ranks.get(m.id, {})))
    return found


def _redone(
    market: MarketDay,
    categories: list[tuple[int, str, int]],
    ranks: dict[int, tuple[int, int | None]],
) -> Draw:
    """A drawn lottery with its published facts, redone by the published rule."""
    pool = tuple(int(n) for n in (market.draw_pool or "").split(",") if n)
    seed = lottery.seed_of(market.secret, pool)
    shown, mismatched = [], []
    for category_id, name, stalls in categories:
        members = [n for n in pool if ranks.get(n, (None,))[0] == category_id]
        recorded = sorted(members, key=lambda n: (ranks[n][1] is None, ranks[n][1] or 0, n))
        order = lottery.draw_order(seed, name, members)
        mismatched += [n for place, n in enumerate(order, 1) if ranks[n][1] != place]
        shown.append(DrawCategory(name, stalls, tuple(recorded), tuple(order)))
    return Draw(
        market=market.id,
        day=market.day,
        place=market.place,
        deadline=market.deadline,
        commitment=market.commitment,
        drawn_at=market.drawn_at,
        secret=market.secret,
        seed=market.seed,
        pool=pool,
        categories=tuple(shown),
        commitment_holds=lottery.commitment(market.secret) == market.commitment,
        seed_holds=seed == market.seed,
        mismatched=tuple(sorted(mismatched)),
    )


# --- events ---


async def events(uow: UnitOfWork, community_id: int, now: dt.datetime) -> list[EventLine]:
    """Events still to come, soonest first, with the places left (who signed up: nobody
    is named)."""
    rows = await uow.events.upcoming(community_id, now, limit=EVENT_LIMIT)
    return [
        EventLine(
            e.title,
            e.starts_at,
            e.place,
            e.capacity,
            max(e.capacity - e.taken, 0) if e.capacity is not None else None,
        )
        for e in rows
    ]


# --- for machines: the facts to check, as JSON-ready data ---


def _utc(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # SQLite hands naive UTC back
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def ledger_document(found: Board) -> dict[str, Any]:
    """The ledger with everything its hashes cover, to recompute them line by line."""
    ledger_ = found.ledger or Ledger((), Decimal(0), Decimal(0), GENESIS, None)
    return {
        "community": found.code,
        "at": _utc(found.at),
        "rule": LEDGER_RULE,
        "genesis": GENESIS,
        "head": ledger_.head,
        "whole": ledger_.whole,
        "broken_at": ledger_.broken_at,
        "income": f"{ledger_.income:.2f}",
        "spending": f"{ledger_.spending:.2f}",
        "balance": f"{ledger_.balance:.2f}",
        "lines": [
            {
                "number": x.number,
                "date": x.day.isoformat(),
                "kind": x.kind,
                "source": x.source,
                "amount": f"{x.amount:.2f}",
                "purpose": x.purpose,
                "approved_by": x.approved_by or "",
                "corrects": x.corrects,
                "market": x.market,
                "donor": x.donor,
                "prev_hash": x.prev_hash,
                "hash": x.hash,
            }
            for x in ledger_.lines
        ],
    }


def draws_document(found: Board) -> dict[str, Any]:
    """Each lottery's published facts: enough to redo it with any SHA-256 tool."""
    return {
        "community": found.code,
        "at": _utc(found.at),
        "rule": DRAW_RULE,
        "draws": [
            {
                "market": d.market,
                "day": d.day.isoformat(),
                "deadline": _utc(d.deadline),
                "commitment": d.commitment,
                "drawn_at": _utc(d.drawn_at),
                "secret": d.secret,
                "seed": d.seed,
                "applications": list(d.pool),
                "categories": [
                    {"name": c.name, "stalls": c.stalls, "order": list(c.recorded)}
                    for c in d.categories
                ],
                "holds": d.holds,
            }
            for d in found.draws
        ],
    }
