"""数据图表 on the console: every chart of handlers/figures for a period staff choose, each
as an SVG picture with its numbers in a table beside it and a CSV of the same numbers.

Nothing here changes anything: the pages are GETs; the period comes in the address
(`?months=12`, or `?from=2026-01&to=2026-12`) so a chart can be linked and bookmarked.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlencode

from linli.bot.console.page import Page, Routes
from linli.handlers.figures import charts
from linli.handlers.figures.service import SPANS, BadPeriod, Period
from linli.handlers.kit import when
from linli.handlers.kit.chart import Chart
from linli.handlers.kit.errors import NotFound

DEFAULT_SPAN = 12


def _period(page: Page) -> tuple[Period, dict[str, str]]:
    """The period the address asks for (BadPeriod if it cannot be one) and its query."""
    query = page.request.query
    first, last = query.get("from", ""), query.get("to", "")
    if first or last:
        if len(first) > 7 or len(last) > 7:
            raise BadPeriod()
        period = Period.between(first, last)
        return period, {"from": f"{period.first:%Y-%m}", "to": f"{period.last:%Y-%m}"}
    months = query.get("months", str(DEFAULT_SPAN))
    if not months.isdigit() or int(months) not in SPANS:
        raise BadPeriod()
    today = when.day_of(page.now(), page.zone)
    return Period.ending(today, int(months)), {"months": months}


def _name(page: Page) -> str:
    name = page.request.match_info.get("name", "")
    if name not in charts.NAMES:
        raise NotFound()
    return name


async def _chart(page: Page, name: str, period: Period) -> Chart:
    """The chart in the reader's language (only staff of the community reach it)."""
    cid = page.require_staff()
    async with page.db.uow(read_only=True) as uow:
        chart = await charts.chart(uow, page.desk.user, cid, name, period, page.zone, page.now())
    return chart.words(page.t)


async def figures(page: Page):
    cid = page.require_staff()
    community = await page.community()
    base = f"/console/c/{cid}/figures"
    spans = [
        {
            "months": n,
            "label": page.t("console-figures-span", months=n),
            "href": f"{base}?months={n}",
        }
        for n in SPANS
    ]
    try:
        period, query = _period(page)
    except BadPeriod as error:
        today = when.day_of(page.now(), page.zone)
        shown = Period.ending(today, DEFAULT_SPAN)
        return page.render(
            "figures/figures.html",
            status=400,
            title=page.t("console-figures-title", community=community.name),
            error=page.t(error.message),
            spans=spans,
            first=f"{shown.first:%Y-%m}",
            last=f"{shown.last:%Y-%m}",
            months=None,
            items=[],
            period=None,
        )
    items = []
    for name in charts.NAMES:
        chart = await _chart(page, name, period)
        items.append(
            {
                "name": name,
                "chart": chart,
                "rows": [[charts.value_text(v) for v in row] for row in chart.table()[1:]],
                "svg": f"{base}/{name}.svg?{urlencode(query)}",
                "csv": f"{base}/{name}.csv?{urlencode(query)}",
            }
        )
    return page.render(
        "figures/figures.html",
        title=page.t("console-figures-title", community=community.name),
        error=None,
        spans=spans,
        first=f"{period.first:%Y-%m}",
        last=f"{period.last:%Y-%m}",
        months=int(query["months"]) if "months" in query else None,
        items=items,
        period=page.t(
            "console-figures-period",
            first=f"{period.first:%Y-%m}",
            last=f"{period.last:%Y-%m}",
            months=len(period.months),
        ),
    )


async def svg(page: Page):
    from aiohttp import web

    from linli.bot.console.web import HEADERS
    from linli.handlers.kit.plot import draw

    name = _name(page)
    period, _query = _period(page)
    chart = await _chart(page, name, period)
    # Drawing takes a few hundred milliseconds: not on the loop that serves everyone else.
    body = await asyncio.to_thread(draw, chart, "svg")
    return web.Response(body=body, content_type="image/svg+xml", charset="utf-8", headers=HEADERS)


async def csv(page: Page):
    name = _name(page)
    period, _query = _period(page)
    chart = await _chart(page, name, period)
    header, *rows = chart.table()
    return page.csv(charts.filename(name, period, "csv"), header, rows)


def register(routes: Routes) -> None:
    routes.get("/c/{cid}/figures", figures, nav="console-nav-figures", staff=True)
    routes.get("/c/{cid}/figures/{name}.svg", svg)
    routes.get("/c/{cid}/figures/{name}.csv", csv)
