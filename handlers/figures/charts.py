"""The figures as labelled charts (`kit.chart.Chart`): one per question staff ask, each
with its CSV (`Chart.table`) and the same numbers as lines of text for chat.

`NAMES` is the one list of charts: the console's routes, chat's buttons and the files'
names all come from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from decimal import Decimal
from zoneinfo import ZoneInfo

from linli.handlers.figures import service
from linli.handlers.figures.service import Period
from linli.handlers.kit.chart import Chart, Series
from linli.handlers.kit.errors import NotFound
from linli.handlers.kit.text import Text, raw, t, yuan
from linli.storage.models import User
from linli.storage.uow import UnitOfWork

TITLES = {
    "booking-months": t("figures-title-booking-months"),
    "booking-facilities": t("figures-title-booking-facilities"),
    "proposal-stages": t("figures-title-proposal-stages"),
    "proposal-days": t("figures-title-proposal-days"),
    "proposal-ratings": t("figures-title-proposal-ratings"),
    "markets": t("figures-title-markets"),
    "fund": t("figures-title-fund"),
}
NAMES = tuple(TITLES)
STAGE_NAMES = {
    "collect": t("figures-stage-collect"),
    "deliberate": t("figures-stage-deliberate"),
    "decide": t("figures-stage-decide"),
    "oversee": t("figures-stage-oversee"),
    "closed": t("figures-stage-closed"),
}


async def _booking_months(uow, viewer, cid, period, zone, now) -> Chart:
    figures = await service.bookings(uow, viewer, cid, period, zone, now)
    used = tuple(figures.by_month[m]["used"] for m in figures.months)
    missed = tuple(figures.by_month[m]["no_show"] for m in figures.months)
    return Chart(
        title=TITLES["booking-months"],
        category_label=t("figures-axis-month"),
        value_label=t("figures-axis-times"),
        categories=tuple(figures.months),
        series=(Series(t("figures-used"), used), Series(t("figures-no-show"), missed)),
        note=t("figures-note-bookings", used=sum(used), missed=sum(missed)),
    )


async def _booking_facilities(uow, viewer, cid, period, zone, now) -> Chart:
    figures = await service.bookings(uow, viewer, cid, period, zone, now)
    ids = [f for f, _, _ in figures.facilities]
    used = tuple(figures.by_facility[f]["used"] for f in ids)
    missed = tuple(figures.by_facility[f]["no_show"] for f in ids)
    return Chart(
        title=TITLES["booking-facilities"],
        category_label=t("figures-axis-facility"),
        value_label=t("figures-axis-times"),
        categories=tuple(raw(name, en=name_en) for _, name, name_en in figures.facilities),
        series=(Series(t("figures-used"), used), Series(t("figures-no-show"), missed)),
        horizontal=True,
        note=t("figures-note-bookings", used=sum(used), missed=sum(missed)),
    )


async def _proposal_stages(uow, viewer, cid, period, zone, now) -> Chart:
    figures = await service.proposals(uow, viewer, cid, period, zone)
    counts = tuple(figures.stages[s] for s in service.STAGES)
    return Chart(
        title=TITLES["proposal-stages"],
        category_label=t("figures-axis-stage"),
        value_label=t("figures-axis-proposals"),
        categories=tuple(STAGE_NAMES[s] for s in service.STAGES),
        series=(Series(t("figures-proposals"), counts),),
        note=t("figures-note-proposals", count=sum(counts)),
    )


async def _proposal_days(uow, viewer, cid, period, zone, now) -> Chart:
    figures = await service.proposals(uow, viewer, cid, period, zone)
    median = figures.median_days
    return Chart(
        title=TITLES["proposal-days"],
        category_label=t("figures-axis-month"),
        value_label=t("figures-axis-days"),
        categories=tuple(figures.months),
        series=(
            Series(
                t("figures-median-days"),
                tuple(figures.month_median(m) for m in figures.months),
            ),
        ),
        note=(
            t("figures-note-days", decisions=figures.decisions, days=median)
            if median is not None
            else t("figures-note-no-decisions")
        ),
    )


async def _proposal_ratings(uow, viewer, cid, period, zone, now) -> Chart:
    figures = await service.proposals(uow, viewer, cid, period, zone)
    return Chart(
        title=TITLES["proposal-ratings"],
        category_label=t("figures-axis-score"),
        value_label=t("figures-axis-times"),
        categories=tuple(t("figures-score", score=s) for s in range(1, 6)),
        series=(Series(t("figures-ratings"), tuple(figures.ratings[s] for s in range(1, 6))),),
        note=(
            t(
                "figures-note-ratings",
                count=figures.rated,
                average=str(figures.average),
                rate=figures.satisfaction,
            )
            if figures.rated
            else t("figures-note-no-ratings")
        ),
    )


async def _markets(uow, viewer, cid, period, zone, now) -> Chart:
    rows = await service.markets(uow, viewer, cid, period)
    return Chart(
        title=TITLES["markets"],
        category_label=t("figures-axis-market"),
        value_label=t("figures-axis-count"),
        categories=tuple(f"{r.day:%Y-%m-%d} {r.place}" for r in rows),
        series=(
            Series(t("figures-applications"), tuple(r.applications for r in rows)),
            Series(t("figures-stalls"), tuple(r.stalls for r in rows)),
            Series(t("figures-came"), tuple(r.came for r in rows)),
            Series(t("figures-missed"), tuple(r.missed for r in rows)),
        ),
        horizontal=True,
        note=t("figures-note-markets", count=len(rows)),
    )


async def _fund(uow, viewer, cid, period, zone, now) -> Chart:
    figures = await service.fund(uow, viewer, cid, period)
    return Chart(
        title=TITLES["fund"],
        category_label=t("figures-axis-month"),
        value_label=t("figures-axis-yuan"),
        categories=tuple(figures.months),
        series=(
            Series(t("figures-income"), tuple(figures.income[m] for m in figures.months)),
            Series(t("figures-spending"), tuple(figures.spending[m] for m in figures.months)),
        ),
        note=t(
            "figures-note-fund",
            income=yuan(figures.total_income),
            spending=yuan(figures.total_spending),
        ),
    )


Build = Callable[[UnitOfWork, User | None, int, Period, ZoneInfo, dt.datetime], Awaitable[Chart]]
BUILDERS: dict[str, Build] = {
    "booking-months": _booking_months,
    "booking-facilities": _booking_facilities,
    "proposal-stages": _proposal_stages,
    "proposal-days": _proposal_days,
    "proposal-ratings": _proposal_ratings,
    "markets": _markets,
    "fund": _fund,
}


async def chart(
    uow: UnitOfWork,
    viewer: User | None,
    community_id: int,
    name: str,
    period: Period,
    zone: ZoneInfo,
    now: dt.datetime,
) -> Chart:
    """The named chart of `community_id` for `period`; staff of the community only."""
    build = BUILDERS.get(name)
    if build is None:
        raise NotFound()
    return await build(uow, viewer, community_id, period, zone, now)


def filename(name: str, period: Period, ending: str) -> str:
    return f"{name}-{period.first:%Y%m}-{period.last:%Y%m}.{ending}"


def value_text(value) -> str:
    """A number as a table shows it: 50.50 yuan, 16.5 days, — where there is none."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return yuan(value)
    if isinstance(value, float):
        return f"{value:.1f}".removesuffix(".0")
    return str(value)


def _joined(parts: list[Text]) -> Text:
    if len(parts) == 1:
        return parts[0]
    return t("figures-and", head=parts[0], tail=_joined(parts[1:]))


def lines(chart: Chart) -> list[Text]:
    """The chart as text, one line per category: what WeChat shows instead of a picture,
    and what a screen reader reads beside one."""
    out: list[Text] = [chart.title]
    if chart.note is not None:
        out.append(t("figures-note", note=chart.note))
    if not chart.categories:
        out.append(t("figures-nothing"))
        return out
    for index, category in enumerate(chart.categories):
        pairs = [
            t("figures-pair", name=s.name, value=value_text(s.values[index])) for s in chart.series
        ]
        label = category if isinstance(category, Text) else raw(category)
        out.append(t("figures-line", category=label, values=_joined(pairs)))
    return out
