"""The figures staff read, for one community and a period of whole months: bookings (use
and no-shows by facility and by month), 金点子 (by stage, days to a decision, ratings),
market days (applications, stalls, attendance) and the fund (income and spending by month).

Only staff of the community see them (checked here, whoever calls: chat or the console).
A period is 1 to 24 whole months in the community's time zone; every count is of that span.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from linli.handlers.booking.timetable import day_start
from linli.handlers.kit.errors import DomainError
from linli.handlers.kit.text import t
from linli.handlers.profile.service import require_staff
from linli.storage.models import User
from linli.storage.uow import UnitOfWork

MAX_MONTHS = 24
# What the period selector offers (months ending with the current one).
SPANS = (3, 6, 12, 24)

# 集、议、决、督 and closed, from the states of handlers/proposals/states.py: 决 is adopted
# with no progress posted yet, 督 adopted and being carried out (some progress posted).
STAGES = ("collect", "deliberate", "decide", "oversee", "closed")
STAGE_OF_STATE = {
    "collecting": "collect",
    "pending": "deliberate",
    "scheduled": "deliberate",
    "done": "closed",
    "declined": "closed",
    "lapsed": "closed",
    "merged": "closed",
}


class BadPeriod(DomainError):
    def default_message(self, **args) -> object:
        return t("figures-bad-period", most=MAX_MONTHS)


@dataclass(frozen=True)
class Period:
    """Whole months, `first` to `last` (each the 1st of its month), at most 24."""

    first: dt.date
    last: dt.date

    def __post_init__(self) -> None:
        if self.first.day != 1 or self.last.day != 1:
            raise BadPeriod()
        if not 1 <= len(self.months) <= MAX_MONTHS:
            raise BadPeriod()

    @classmethod
    def ending(cls, today: dt.date, months: int) -> Period:
        """The `months` whole months that end with this one."""
        if not 1 <= months <= MAX_MONTHS:
            raise BadPeriod()
        last = today.replace(day=1)
        return cls(_add_months(last, 1 - months), last)

    @classmethod
    def between(cls, first: str, last: str) -> Period:
        """From two months typed as 2026-01 (a form's `<input type=month>`)."""
        try:
            start = dt.date.fromisoformat(f"{first.strip()}-01")
            end = dt.date.fromisoformat(f"{last.strip()}-01")
        except (ValueError, AttributeError):
            raise BadPeriod() from None
        return cls(start, end)

    @property
    def months(self) -> list[dt.date]:
        out, month = [], self.first
        while month <= self.last and len(out) <= MAX_MONTHS:
            out.append(month)
            month = _add_months(month, 1)
        return out

    @property
    def end_day(self) -> dt.date:
        """The last day of the period."""
        return _add_months(self.last, 1) - dt.timedelta(days=1)

    def bounds(self, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) in UTC: local midnight of the first day, and of the day after."""
        return day_start(self.first, zone), day_start(_add_months(self.last, 1), zone)

    @property
    def label(self) -> str:
        return f"{self.first:%Y-%m}–{self.last:%Y-%m}"


def _add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def month_key(day: dt.date) -> str:
    return f"{day:%Y-%m}"


# --- bookings ---------------------------------------------------------------------------


@dataclass
class BookingFigures:
    """Per month and per facility, of bookings already started: `used` (kept: booked or
    checked in) and no-shows. Cancelled ones are counted apart: neither use nor a no-show."""

    months: list[str]
    facilities: list[tuple[int, str, str | None]]  # id, name, English name
    by_month: dict[str, Counter] = field(default_factory=dict)
    by_facility: dict[int, Counter] = field(default_factory=dict)


def _kind(status: str) -> str:
    return {"booked": "used", "checked_in": "used", "no_show": "no_show"}.get(status, "cancelled")


async def bookings(
    uow: UnitOfWork,
    viewer: User | None,
    community_id: int,
    period: Period,
    zone: ZoneInfo,
    now: dt.datetime,
) -> BookingFigures:
    """Bookings that started before `now`: one still ahead is neither used nor missed."""
    await require_staff(uow, viewer, community_id)
    facilities = await uow.figures.facilities_serving(community_id)
    start, end = period.bounds(zone)
    end = min(end, now)
    rows = await uow.figures.bookings_between([f for f, _, _ in facilities], start, end)
    months = [month_key(m) for m in period.months]
    result = BookingFigures(
        months,
        facilities,
        {m: Counter() for m in months},
        {f: Counter() for f, _, _ in facilities},
    )
    for facility_id, starts_at, status in rows:
        kind = _kind(status)
        result.by_month[month_key(starts_at.astimezone(zone).date())][kind] += 1
        result.by_facility[facility_id][kind] += 1
    return result


# --- 金点子 -----------------------------------------------------------------------------


@dataclass
class ProposalFigures:
    """Proposals submitted in the period by the stage they stand at now; the days from
    submission to each decision (adopted or declined) made in the period, by month of the
    decision; the ratings given in the period."""

    months: list[str]
    stages: dict[str, int]
    decision_days: dict[str, list[float]]
    ratings: Counter

    @property
    def decisions(self) -> int:
        return sum(len(days) for days in self.decision_days.values())

    @property
    def median_days(self) -> float | None:
        every = [d for days in self.decision_days.values() for d in days]
        return round(statistics.median(every), 1) if every else None

    def month_median(self, month: str) -> float | None:
        days = self.decision_days.get(month) or []
        return round(statistics.median(days), 1) if days else None

    @property
    def rated(self) -> int:
        return sum(self.ratings.values())

    @property
    def average(self) -> float | None:
        if not self.rated:
            return None
        return round(sum(score * n for score, n in self.ratings.items()) / self.rated, 1)

    @property
    def satisfaction(self) -> int | None:
        """The share of ratings of 4 or 5, in percent (as the 金点子 figures count it)."""
        if not self.rated:
            return None
        return round(100 * (self.ratings[4] + self.ratings[5]) / self.rated)


def stage_of(state: str, progress: int) -> str:
    if state == "adopted":
        return "oversee" if progress > 0 else "decide"
    return STAGE_OF_STATE.get(state, "closed")


async def proposals(
    uow: UnitOfWork, viewer: User | None, community_id: int, period: Period, zone: ZoneInfo
) -> ProposalFigures:
    await require_staff(uow, viewer, community_id)
    start, end = period.bounds(zone)
    months = [month_key(m) for m in period.months]
    stages = dict.fromkeys(STAGES, 0)
    for _id, state, progress, _at in await uow.figures.proposals_between(community_id, start, end):
        stages[stage_of(state, progress)] += 1
    days: dict[str, list[float]] = {m: [] for m in months}
    for submitted, decided in await uow.figures.decisions_between(community_id, start, end):
        month = month_key(decided.astimezone(zone).date())
        days[month].append((decided - submitted).total_seconds() / 86400)
    scores = Counter(await uow.figures.ratings_between(community_id, start, end))
    return ProposalFigures(months, stages, days, Counter({s: scores[s] for s in range(1, 6)}))


# --- market days ------------------------------------------------------------------------


@dataclass(frozen=True)
class MarketRow:
    """One market day: applications (not withdrawn), stalls offered, stalls given, vendors
    who came and who did not (as staff recorded attendance)."""

    market_id: int
    day: dt.date
    place: str
    applications: int
    stalls: int
    approved: int
    came: int
    missed: int


async def markets(
    uow: UnitOfWork, viewer: User | None, community_id: int, period: Period
) -> list[MarketRow]:
    await require_staff(uow, viewer, community_id)
    days = await uow.figures.markets_between(community_id, period.first, period.end_day)
    ids = [m.id for m in days]
    stalls: Counter = Counter()
    for market_id, count in await uow.figures.stalls_of(ids):
        stalls[market_id] += count
    counts: dict[int, Counter] = {i: Counter() for i in ids}
    for market_id, status, attended in await uow.figures.applications_of(ids):
        if status == "withdrawn":
            continue
        counts[market_id]["applications"] += 1
        if status == "approved":
            counts[market_id]["approved"] += 1
        if attended is True:
            counts[market_id]["came"] += 1
        elif attended is False:
            counts[market_id]["missed"] += 1
    return [
        MarketRow(
            m.id,
            m.day,
            m.place,
            counts[m.id]["applications"],
            stalls[m.id],
            counts[m.id]["approved"],
            counts[m.id]["came"],
            counts[m.id]["missed"],
        )
        for m in days
    ]


# --- the fund ---------------------------------------------------------------------------


@dataclass
class FundFigures:
    """Income and spending by month, in yuan, as the ledger's lines add up (a correction
    line counts in the month it is dated)."""

    months: list[str]
    income: dict[str, Decimal]
    spending: dict[str, Decimal]

    @property
    def total_income(self) -> Decimal:
        return sum(self.income.values(), Decimal(0))

    @property
    def total_spending(self) -> Decimal:
        return sum(self.spending.values(), Decimal(0))


async def fund(
    uow: UnitOfWork, viewer: User | None, community_id: int, period: Period
) -> FundFigures:
    await require_staff(uow, viewer, community_id)
    months = [month_key(m) for m in period.months]
    income = dict.fromkeys(months, Decimal(0))
    spending = dict.fromkeys(months, Decimal(0))
    for day, kind, amount in await uow.figures.ledger_between(
        community_id, period.first, period.end_day
    ):
        (income if kind == "income" else spending)[month_key(day)] += amount
    return FundFigures(months, income, spending)
