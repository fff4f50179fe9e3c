"""睦邻集市 rules: market days, applications within the stall counts, withdrawal and the
waitlist, a lottery anyone can check, attendance (the fund is handlers/fund)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from linli.handlers.kit import ids, lottery, when
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.errors import AlreadyDone, DomainError, NotFound, NotInCommunity
from linli.handlers.kit.notify import push
from linli.handlers.kit.reply import Cell
from linli.handlers.kit.text import raw, t
from linli.handlers.profile.residency import require_confirmed
from linli.handlers.profile.service import is_staff, require_staff, write_audit
from linli.storage.models import Community, MarketCategory, MarketDay, StallApplication, User
from linli.storage.uow import UnitOfWork

CATEGORIES = ("蔬菜水果", "粮油副食", "修补", "理发", "手工", "其他")
MODES = ("first", "lottery")
PHONE = re.compile(r"1\d{10}|0\d{2,3}-?\d{7,8}")
LIVE = ("applied", "approved", "waitlisted")


def mask(phone: str) -> str:
    """138****5678: everyone but staff sees this."""
    return phone[:3] + "*" * max(len(phone) - 7, 0) + phone[-4:] if len(phone) >= 7 else "***"


def _starts(market: MarketDay, config: CoreConfig) -> dt.datetime:
    return dt.datetime.combine(market.day, market.opens, tzinfo=config.zone).astimezone(dt.UTC)


async def create_market(
    uow: UnitOfWork,
    *,
    by: User | None,
    community: Community,
    day: dt.date,
    opens: dt.time,
    closes: dt.time,
    place: str,
    stalls: dict[str, int],
    deadline: dt.datetime,
    fee: Decimal,
    pledge_percent: int,
    mode: str,
    now: dt.datetime,
    config: CoreConfig,
) -> MarketDay:
    await require_staff(uow, by, community.id)
    place = place.strip()
    start = dt.datetime.combine(day, opens, tzinfo=config.zone)
    if closes <= opens or not place or not now < deadline < start or mode not in MODES:
        raise DomainError(t("market-bad-details"))
    if (
        not stalls
        or any(n < 1 or n > 500 for n in stalls.values())
        or fee < 0
        or not 0 <= pledge_percent <= 100
    ):
        raise DomainError(t("market-bad-details"))
    secret = lottery.new_secret() if mode == "lottery" else None
    market = MarketDay(
        secret=secret,
        commitment=lottery.commitment(secret) if secret else None,
        community_id=community.id,
        day=day,
        opens=opens,
        closes=closes,
        place=place,
        deadline=deadline,
        fee=fee,
        pledge_percent=pledge_percent,
        mode=mode,
        created_by=ids.actor(by),
        created_at=now,
    )
    uow.market.add(market)
    await uow.flush()
    for name, count in stalls.items():
        uow.market.add(MarketCategory(market_id=market.id, name=name, stalls=count))
    await write_audit(
        uow,
        now=now,
        community_id=community.id,
        actor=ids.actor(by),
        action="market.create",
        target=f"market:{market.id}",
        details={"day": day.isoformat(), "mode": mode, "stalls": stalls},
    )
    return market


async def upcoming(uow: UnitOfWork, community_id: int, today: dt.date) -> list[MarketDay]:
    return await uow.market.upcoming(community_id, today)


async def categories(uow: UnitOfWork, market_id: int) -> list[MarketCategory]:
    return await uow.market.categories(market_id)


async def market_for(uow: UnitOfWork, user: User, market_id: int) -> MarketDay:
    """A market day of the user's community (staff of it may see it too)."""
    market = await uow.market.day(market_id)
    if market is None:
        raise NotFound()
    if market.community_id != user.community_id and not await is_staff(
        uow, user, market.community_id
    ):
        raise NotInCommunity()
    return market


async def taken(uow: UnitOfWork, category_id: int) -> int:
    return await uow.market.approved(category_id)


async def _next_position(uow: UnitOfWork, category_id: int) -> int:
    last = await uow.market.last_position(category_id)
    return (last or 0) + 1


async def _locked(uow: UnitOfWork, application: StallApplication) -> MarketCategory:
    """The application's category, locked on PostgreSQL so that stalls of one kind change
    one at a time (two stalls freed at once go to two vendors, not both to the first);
    the application is read again as it is once the lock is held."""
    return await uow.market.locked_category(application)


async def barred_until(
    uow: UnitOfWork, user_id: int, now: dt.datetime, config: CoreConfig
) -> dt.date | None:
    """The no-show rule, the same for first-come and lottery markets: a vendor who did not
    turn up at `no_show_limit` stalls on market days within `no_show_window` may not apply
    until `bar` after the last of them. Stalls staff excused on appeal do not count."""
    rules = config.market
    today = when.day_of(now, config.zone)
    missed = await uow.market.missed_days(user_id, today - rules.no_show_window)
    if len(missed) < rules.no_show_limit:
        return None
    until = missed[0] + rules.bar
    return until if until > today else None


async def pardon(
    uow: UnitOfWork, staff: User | None, vendor: User, community_id: int, now: dt.datetime
) -> None:
    """Staff lift the no-show bar after hearing the vendor out: the vendor's missed stalls
    in this community are excused (still on record as missed); audited."""
    await require_staff(uow, staff, community_id)
    missed = await uow.market.missed(vendor.id, community_id)
    for application in missed:
        application.excused = True
    await write_audit(
        uow,
        now=now,
        community_id=community_id,
        actor=ids.actor(staff),
        action="market.pardon",
        target=ids.actor(vendor),
    )


async def apply(
    uow: UnitOfWork,
    user: User,
    market_id: int,
    category_id: int,
    *,
    stall_name: str,
    goods: str,
    phone: str,
    now: dt.datetime,
    config: CoreConfig,
) -> StallApplication:
    """Apply for a stall. First come: approved while stalls last, else the waitlist."""
    market = await market_for(uow, user, market_id)
    await require_confirmed(uow, user)
    if now >= market.deadline:
        raise DomainError(t("market-deadline-passed"))
    category = await uow.market.category(category_id, lock=True)
    if category is None or category.market_id != market.id:
        raise NotFound()
    # Line breaks in a name would show in others' lists as lines of their own ("回复 1 …").
    stall_name, goods = " ".join(stall_name.split()), " ".join(goods.split())
    phone = re.sub(r"\s", "", phone)
    if (
        not stall_name
        or len(stall_name) > 40
        or not goods
        or len(goods) > 100
        or not PHONE.fullmatch(phone)
    ):
        raise DomainError(t("market-bad-application"))
    existing = await uow.market.live_application(market.id, user.id)
    if existing is not None:
        raise AlreadyDone()
    until = await barred_until(uow, user.id, now, config)
    if until is not None:
        raise DomainError(t("market-barred", until=when.date(until)))
    application = StallApplication(
        market_id=market.id,
        category_id=category.id,
        user_id=user.id,
        stall_name=stall_name,
        goods=goods,
        phone=phone,
        status="applied",
        created_at=now,
    )
    if market.mode == "first":
        if await taken(uow, category.id) < category.stalls:
            application.status, application.decided_at = "approved", now
        else:
            application.status = "waitlisted"
            application.position = await _next_position(uow, category.id)
    uow.market.add(application)
    await uow.flush()
    await _tell_status(uow, application, market, category, now, config, themselves=True)
    return application


STATUS_NAMES = {
    "applied": t("stall-applied"),
    "approved": t("stall-approved"),
    "waitlisted": t("stall-waitlisted"),
    "rejected": t("stall-rejected"),
    "withdrawn": t("stall-withdrawn"),
}


async def _tell_status(
    uow: UnitOfWork,
    application: StallApplication,
    market: MarketDay,
    category: MarketCategory,
    now: dt.datetime,
    config: CoreConfig,
    *,
    themselves: bool = False,
) -> None:
    """Tell the vendor a status someone else gave them. `themselves`: the vendor's own
    act (applying, withdrawing), already answered on screen, so only the reminder is due."""
    if not themselves:
        await push(
            uow,
            application.user_id,
            t(
                "stall-status",
                day=when.date(market.day),
                category=raw(category.name),
                status=STATUS_NAMES[application.status],
            ),
            kind="market",
            now=now,
            dedupe_key=f"stall:{application.id}:{application.status}:{now.isoformat()}",
        )
    if application.status == "approved":
        start = _starts(market, config)
        evening = dt.datetime.combine(
            market.day - dt.timedelta(days=1), dt.time(19, 0), tzinfo=config.zone
        ).astimezone(dt.UTC)
        await push(
            uow,
            application.user_id,
            t(
                "stall-reminder",
                day=when.date(market.day),
                time=f"{market.opens:%H:%M}",
                place=raw(market.place),
            ),
            kind="market-reminder",
            now=now,
            due_at=max(now, evening),
            expires_at=start,
            dedupe_key=f"stall:{application.id}:reminder",
        )


async def withdraw(
    uow: UnitOfWork, user: User, application_id: int, now: dt.datetime, config: CoreConfig
) -> StallApplication:
    """Withdraw until the day before; an approved place goes to the first in line."""
    application = await uow.market.application(application_id)
    if application is None or application.user_id != user.id:
        raise NotFound()
    category = await _locked(uow, application)
    if application.status not in LIVE:
        raise AlreadyDone()
    market = await uow.market.day(application.market_id)
    if when.day_of(now, config.zone) >= market.day:
        raise DomainError(t("market-too-late"))
    was_approved = application.status == "approved"
    application.status, application.decided_at, application.position = "withdrawn", now, None
    await uow.outbox.cancel_pending(f"stall:{application.id}:reminder")
    if was_approved:
        await uow.flush()
        await _promote(uow, market, category, now, config)
    return application


async def _promote(
    uow: UnitOfWork,
    market: MarketDay,
    category: MarketCategory,
    now: dt.datetime,
    config: CoreConfig,
) -> None:
    """A freed stall goes to the first in line the no-show rule lets apply today; anyone
    it passes over keeps their place (staff may still approve them after a pardon)."""
    if await taken(uow, category.id) >= category.stalls:
        return
    for first in await waitlist(uow, category.id):
        if await barred_until(uow, first.user_id, now, config) is not None:
            continue
        first.status, first.decided_at, first.position = "approved", now, None
        await _tell_status(uow, first, market, category, now, config)
        return


async def waitlist(uow: UnitOfWork, category_id: int) -> list[StallApplication]:
    """A category's waitlist, first in line first."""
    return await uow.market.waitlist(category_id)


async def place_in_line(uow: UnitOfWork, application: StallApplication) -> int:
    """Where a waitlisted vendor stands now (positions keep gaps when those ahead move up)."""
    return await uow.market.ahead_of(application) + 1


async def approve(
    uow: UnitOfWork,
    staff: User | None,
    application_id: int,
    now: dt.datetime,
    config: CoreConfig,
    *,
    add_stall: bool = False,
) -> StallApplication:
    """Staff take a vendor off the waitlist, in any order: into a free stall, or (`add_stall`)
    into one more stall of the category. The vendor is told; audited."""
    application = await uow.market.application(application_id)
    if application is None:
        raise NotFound()
    market = await uow.market.day(application.market_id)
    await require_staff(uow, staff, market.community_id)
    category = await _locked(uow, application)
    if application.status != "waitlisted":
        raise AlreadyDone()
    # Until the day is over: on the day a stall left empty may go to someone who came.
    if when.day_of(now, config.zone) > market.day:
        raise DomainError(t("market-approve-too-late"))
    until = await barred_until(uow, application.user_id, now, config)
    if until is not None:
        raise DomainError(t("market-approve-barred", until=when.date(until)))
    # One more stall only when none is free: a stale or forged "add" must not grow the count.
    add_stall = add_stall and await taken(uow, category.id) >= category.stalls
    if add_stall:
        if category.stalls >= 500:
            raise DomainError(t("market-bad-details"))
        category.stalls += 1
    elif await taken(uow, category.id) >= category.stalls:
        raise DomainError(t("market-category-full", category=raw(category.name)))
    position = application.position
    application.status, application.decided_at, application.position = "approved", now, None
    await _tell_status(uow, application, market, category, now, config)
    await write_audit(
        uow,
        now=now,
        community_id=market.community_id,
        actor=ids.actor(staff),
        action="market.approve",
        target=f"stall:{application.id}",
        details={"position": position, "stalls": category.stalls, "added_stall": add_stall},
    )
    return application


async def reject(
    uow: UnitOfWork,
    staff: User | None,
    application_id: int,
    reason: str,
    now: dt.datetime,
    config: CoreConfig,
) -> StallApplication:
    """未通过, with a reason the vendor is told; an approved place goes to the next in line."""
    application = await uow.market.application(application_id)
    if application is None:
        raise NotFound()
    market = await uow.market.day(application.market_id)
    await require_staff(uow, staff, market.community_id)
    reason = reason.strip()
    if not reason or len(reason) > 200:
        raise DomainError(t("market-reason-needed"))
    category = await _locked(uow, application)
    if application.status not in LIVE:
        raise AlreadyDone()
    was_approved = application.status == "approved"
    application.status, application.decided_at, application.position = "rejected", now, None
    await uow.outbox.cancel_pending(f"stall:{application.id}:reminder")
    await push(
        uow,
        application.user_id,
        t("stall-rejected-why", day=when.date(market.day), reason=raw(reason)),
        kind="market",
        now=now,
        dedupe_key=f"stall:{application.id}:rejected",
    )
    await write_audit(
        uow,
        now=now,
        community_id=market.community_id,
        actor=ids.actor(staff),
        action="market.reject",
        target=f"stall:{application.id}",
        details={"reason": reason},
    )
    if was_approved:
        await uow.flush()
        await _promote(uow, market, category, now, config)
    return application


async def draw(uow: UnitOfWork, market: MarketDay, now: dt.datetime, config: CoreConfig) -> str:
    """Run a lottery market's draw (at its deadline): reveal the secret, publish the seed."""
    if market.mode != "lottery" or market.drawn_at is not None or now < market.deadline:
        raise DomainError(t("market-no-draw"))
    applications = await uow.market.awaiting_draw(market.id)
    ids = sorted(a.id for a in applications)
    if market.secret is None:  # made before commit–reveal; drawn with a fresh secret
        market.secret = lottery.new_secret()
        market.commitment = lottery.commitment(market.secret)
    market.seed = lottery.seed_of(market.secret, ids)
    market.draw_pool = ",".join(map(str, ids))
    market.drawn_at = now
    by_category: dict[int, list[StallApplication]] = defaultdict(list)
    for application in applications:
        by_category[application.category_id].append(application)
    for category in await categories(uow, market.id):
        pool = {a.id: a for a in by_category.get(category.id, [])}
        order = lottery.draw_order(market.seed, category.name, list(pool))
        for rank, application_id in enumerate(order):
            application = pool[application_id]
            application.draw_rank = rank + 1
            if rank < category.stalls:
                application.status, application.position = "approved", None
            else:
                application.status = "waitlisted"
                application.position = rank - category.stalls + 1
            application.decided_at = now
            await _tell_status(uow, application, market, category, now, config)
    await write_audit(
        uow,
        now=now,
        community_id=market.community_id,
        actor="system",
        action="market.draw",
        target=f"market:{market.id}",
        details={"seed": market.seed, "applications": ids},
    )
    return market.seed


@dataclass
class DrawCheck:
    """A drawn lottery redone from its published facts."""

    commitment_holds: bool
    seed_holds: bool
    # Per category: (name, stalls, application numbers in the order the rule gives them)
    orders: list[tuple[str, int, list[int]]]
    mismatched: list[int]  # applications whose recorded place differs from the rule's


async def check_draw(uow: UnitOfWork, market: MarketDay) -> DrawCheck:
    """Redo the draw from the commitment, the secret and the published application numbers."""
    if market.drawn_at is None or market.secret is None or market.draw_pool is None:
        raise DomainError(t("market-not-drawn"))
    pool = [int(n) for n in market.draw_pool.split(",") if n]
    seed = lottery.seed_of(market.secret, pool)
    recorded = {a.id: a for a in await uow.market.applications_by_id(pool)}
    orders, mismatched = [], []
    for category in await categories(uow, market.id):
        members = [i for i in pool if recorded[i].category_id == category.id]
        order = lottery.draw_order(seed, category.name, members)
        orders.append((category.name, category.stalls, order))
        mismatched += [i for n, i in enumerate(order, 1) if recorded[i].draw_rank != n]
    return DrawCheck(
        commitment_holds=lottery.commitment(market.secret) == market.commitment,
        seed_holds=seed == market.seed,
        orders=orders,
        mismatched=mismatched,
    )


async def due_draws(db, now: dt.datetime, config: CoreConfig) -> int:
    """The scheduler's part: every lottery whose deadline has passed is drawn, once."""
    async with db.uow() as uow:
        due = await uow.market.due_draws(now)
        for market in due:
            await draw(uow, market, now, config)
        await uow.commit()
    return len(due)


async def record_attendance(
    uow: UnitOfWork,
    staff: User | None,
    application_id: int,
    came: bool,
    now: dt.datetime,
    config: CoreConfig,
    *,
    market_id: int | None = None,
) -> StallApplication:
    """Came or missed, from the market day on (a miss counts towards the no-show bar, so
    none is recorded for a day still to come). `market_id`: the market staff are looking at."""
    application = await uow.market.application(application_id)
    if application is None or market_id not in (None, application.market_id):
        raise NotFound()
    market = await uow.market.day(application.market_id)
    await require_staff(uow, staff, market.community_id)
    if application.status != "approved":
        raise AlreadyDone()
    if when.day_of(now, config.zone) < market.day:
        raise DomainError(t("market-attendance-early", day=when.date(market.day)))
    application.attended = came
    await write_audit(
        uow,
        now=now,
        community_id=market.community_id,
        actor=ids.actor(staff),
        action="market.attendance",
        target=f"stall:{application.id}",
        details={"came": came},
    )
    return application


async def applications(uow: UnitOfWork, viewer: User, market_id: int) -> list[dict]:
    """The market's applications; phone numbers masked unless the viewer is staff."""
    market = await market_for(uow, viewer, market_id)
    staff = await is_staff(uow, viewer, market.community_id)
    rows = await uow.market.applications(market.id, by_category=True)
    return [
        {
            "id": a.id,
            "stall": a.stall_name,
            "goods": a.goods,
            "status": a.status,
            "phone": a.phone if staff else mask(a.phone),
            "category_id": a.category_id,
            "position": a.position,
            "draw_rank": a.draw_rank,
            "user_id": a.user_id,
        }
        for a in rows
    ]


ATTENDED_NAMES = {True: t("market-came"), False: t("market-missed"), None: t("market-unknown")}


async def applications_table(
    uow: UnitOfWork, staff: User, market_id: int, config: CoreConfig
) -> list[list[Cell]]:
    """Staff's list of a market's applications for a spreadsheet: full phone numbers, each
    status in words; headers and words in the reader's language (rendered by the channel)."""
    market = await market_for(uow, staff, market_id)
    await require_staff(uow, staff, market.community_id)
    names = {c.id: c.name for c in await categories(uow, market.id)}
    rows: list[list[Cell]] = [
        [
            t("market-csv-number"),
            t("market-csv-category"),
            t("market-csv-stall"),
            t("market-csv-goods"),
            t("market-csv-phone"),
            t("market-csv-status"),
            t("market-csv-place"),
            t("market-csv-rank"),
            t("market-csv-attended"),
            t("market-csv-applied-at"),
        ]
    ]
    found = await uow.market.applications(market.id)
    for a in found:
        waiting = a.status == "waitlisted" and a.position is not None
        rows.append(
            [
                a.id,
                names[a.category_id],
                a.stall_name,
                a.goods,
                a.phone,
                STATUS_NAMES[a.status],
                await place_in_line(uow, a) if waiting else None,
                a.draw_rank,
                ATTENDED_NAMES[a.attended] if a.status == "approved" else None,
                when.full_stamp(a.created_at, config.zone),
            ]
        )
    return rows


@dataclass
class YearFigures:
    markets: list[tuple[dt.date, int]]  # each market held and its vendors
    fund_income: Decimal


async def year_figures(
    uow: UnitOfWork, community_id: int, year: int, today: dt.date
) -> YearFigures:
    """Markets held this year (with their vendors) and the fund's income this year."""
    first = dt.date(year, 1, 1)
    markets = await uow.market.held_between(community_id, first, min(dt.date(year, 12, 31), today))
    held = [(market.day, await uow.market.vendors(market.id)) for market in markets]
    income = await uow.fund.income_between(community_id, first, dt.date(year, 12, 31))
    return YearFigures(held, income)


async def market_figures(uow: UnitOfWork, market_id: int) -> dict:
    apps = await uow.market.applications(market_id)
    names = {c.id: c.name for c in await categories(uow, market_id)}
    fees = await uow.fund.income_of_market(market_id)
    return {
        "vendors": Counter(names[a.category_id] for a in apps if a.status == "approved"),
        "came": sum(1 for a in apps if a.attended),
        "missed": sum(1 for a in apps if a.attended is False),
        "fund": fees,
    }


# --- the staff desk (web console): every market, a draw run by hand, its proof ---------


async def markets_for_staff(uow: UnitOfWork, staff: User | None, community_id: int) -> list:
    """Every market day of the community, the latest day first (staff only)."""
    await require_staff(uow, staff, community_id)
    return await uow.market.all_days(community_id)


async def market_for_staff(uow: UnitOfWork, staff: User | None, market_id: int) -> MarketDay:
    """A market day staff of its community may run; another community's is not found."""
    market = await uow.market.day(market_id)
    if market is None:
        raise NotFound()
    await require_staff(uow, staff, market.community_id)
    return market


async def run_draw(
    uow: UnitOfWork, staff: User | None, market_id: int, now: dt.datetime, config: CoreConfig
) -> str:
    """Staff draw a lottery market whose deadline has passed, before the scheduler does:
    the same draw, by the same rule (once only; refused before the deadline)."""
    market = await market_for_staff(uow, staff, market_id)
    await uow.market.lock_day(market)
    return await draw(uow, market, now, config)


@dataclass
class Figures:
    """A market day in numbers, for staff."""

    applications: int  # every application made, whatever became of it
    by_status: dict[str, int]
    stalls: int  # stalls on offer (all categories)
    vendors: Counter  # approved vendors by category
    came: int
    missed: int  # no-shows
    unmarked: int  # approved, attendance not recorded yet
    fund: Decimal  # stall fees the fund recorded for this market


async def figures(uow: UnitOfWork, staff: User | None, market_id: int) -> Figures:
    market = await market_for_staff(uow, staff, market_id)
    apps = await uow.market.applications(market.id)
    cats = await categories(uow, market.id)
    base = await market_figures(uow, market.id)
    approved = [a for a in apps if a.status == "approved"]
    return Figures(
        applications=len(apps),
        by_status=dict(Counter(a.status for a in apps)),
        stalls=sum(c.stalls for c in cats),
        vendors=base["vendors"],
        came=base["came"],
        missed=base["missed"],
        unmarked=sum(1 for a in approved if a.attended is None),
        fund=base["fund"],
    )
