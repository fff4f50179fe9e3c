"""公示栏: each 社区's public board (no sign-in), its facts as JSON for machine checks, and
the index of boards. Read-only: nothing here writes, and nothing personal is shown (the
data service, handlers/board/service.py, reads only what is public)."""

from __future__ import annotations

import json
from urllib.parse import quote

from linli.bot.console.page import Page, Routes
from linli.handlers.board import service
from linli.handlers.fund.service import KIND_NAMES, SOURCE_NAMES
from linli.handlers.kit import when
from linli.handlers.kit.errors import NotFound
from linli.handlers.kit.text import raw, t

STAGE_NAMES = (
    ("collect", t("console-board-stage-collect")),
    ("deliberate", t("console-board-stage-deliberate")),
    ("decide", t("console-board-stage-decide")),
    ("supervise", t("console-board-stage-supervise")),
)
# Public data for anyone's checking tools: readable from any origin, never cached stale.
JSON_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
}


async def index(page: Page):
    """Every 社区 with a board."""
    async with page.db.uow(read_only=True) as uow:
        listed = await service.communities(uow)
    return page.render(
        "board/index.html",
        brand=page.t("console-board-brand"),
        title=page.t("console-board-index-title"),
        communities=listed,
        other=_other_language(page),
    )


async def _found(page: Page) -> service.Board:
    code = page.request.match_info.get("code", "")
    async with page.db.uow(read_only=True) as uow:
        place = await service.community(uow, code)
        if place is None:
            raise NotFound()
        return await service.board(uow, place, page.now())


async def board(page: Page):
    found = await _found(page)
    asked = page.request.query.get("stage")
    stage = asked if asked in service.STAGES else None  # anything else: every stage
    here = f"/board/{quote(found.code, safe='')}"
    # The snippet that fetches the JSON needs the whole address; links stay relative.
    public = service.board_url(page.config.console_base, found.code) or here
    return page.render(
        "board/board.html",
        brand=page.t("console-board-brand"),
        title=page.t("console-board-title", community=found.name),
        board=found,
        at=_moment(page, found.at),
        proposals=[
            _proposal(page, card) for card in found.proposals if stage in (None, card.stage)
        ],
        stages=_stage_links(page, found, stage),
        ledger=_ledger(page, found.ledger),
        draws=[_draw(page, draw) for draw in found.draws],
        events=[_event(page, event) for event in found.events],
        ledger_json=f"{here}/ledger.json",
        draws_json=f"{here}/draws.json",
        ledger_json_public=f"{public}/ledger.json",
        other=_other_language(page),
    )


async def ledger_json(page: Page):
    return _json(service.ledger_document(await _found(page)))


async def draws_json(page: Page):
    return _json(service.draws_document(await _found(page)))


def _json(document: dict):
    from aiohttp import web

    return web.Response(
        text=json.dumps(document, ensure_ascii=False, indent=1),
        content_type="application/json",
        charset="utf-8",
        headers=JSON_HEADERS,
    )


# --- what the template shows, in the reader's language --------------------------------


def _other_language(page: Page) -> dict:
    """The link to the same page in the other language (the board has no sign-in to keep a
    choice in)."""
    other = "en" if page.locale != "en" else "zh-CN"
    return {"href": f"{page.request.path}?lang={other}", "lang": other}


def _stage_links(page: Page, found: service.Board, stage: str | None) -> list[dict]:
    """全部 and each of 集议决督 with how many ideas stand there: a link that shows only them."""
    lang = "&lang=en" if page.locale == "en" else ""
    links = [
        {
            "label": page.t("console-board-stage-all", count=len(found.proposals)),
            "href": f"?stage=all{lang}#proposals",
            "here": stage is None,
        }
    ]
    for code, name in STAGE_NAMES:
        count = sum(1 for card in found.proposals if card.stage == code)
        links.append(
            {
                "label": page.t("console-board-stage-count", stage=page.t(name), count=count),
                "href": f"?stage={code}{lang}#proposals",
                "here": stage == code,
            }
        )
    return links


def _moment(page: Page, at) -> str:
    return page.t(when.moment(at, page.zone))


def _day(page: Page, day) -> str:
    return page.t(when.date(day))


def _proposal(page: Page, card: service.ProposalCard) -> dict:
    said: list[str] = []
    if card.state == "collecting":
        said.append(
            page.t(
                "console-board-collecting",
                supports=card.supports,
                threshold=card.threshold,
                until=_moment(page, card.window_ends_at),
            )
        )
    elif card.state == "lapsed":
        said.append(
            page.t("console-board-lapsed", supports=card.supports, threshold=card.threshold)
        )
    elif card.state == "pending":
        said.append(page.t("console-board-pending", supports=card.supports))
    elif card.state == "merged":
        said.append(page.t("console-board-merged", number=card.merged_into or 0))
    if card.meeting_at is not None and card.state != "merged":
        said.append(
            page.t(
                "console-board-meeting",
                when=_moment(page, card.meeting_at),
                place=card.meeting_place or "",
            )
        )
    if card.state == "declined":
        said.append(page.t("console-board-declined", reason=card.reason or ""))
    if card.state in ("adopted", "done"):
        said.append(page.t("console-board-adopted", carrier=card.carried_by or ""))
        said.append(
            page.t("console-board-done")
            if card.state == "done"
            else page.t("console-board-progress", percent=card.progress)
        )
        if card.ratings:
            said.append(
                page.t(
                    "console-board-rated",
                    count=card.ratings,
                    percent=round(100 * card.satisfied / card.ratings),
                )
            )
    return {
        "number": card.number,
        "title": card.title,
        "description": card.description,
        "meta": page.t(
            "console-board-proposal-meta",
            category=card.category,
            level=card.level,
            day=_day(page, card.created_at.astimezone(page.zone).date()),
        ),
        "stages": [
            {"name": page.t(name), "here": code == card.stage, "done": _before(code, card.stage)}
            for code, name in STAGE_NAMES
        ],
        "said": said,
        "progress": card.progress if card.stage == "supervise" else None,
        "updates": [
            page.t(
                "console-board-update",
                day=_day(page, u.at.astimezone(page.zone).date()),
                percent=u.percent,
                text=u.text,
            )
            for u in card.updates
        ],
    }


def _before(code: str, stage: str | None) -> bool:
    """Whether step `code` is behind an idea that stands at `stage`."""
    order = [c for c, _ in STAGE_NAMES]
    return stage is not None and order.index(code) < order.index(stage)


def _ledger(page: Page, ledger: service.Ledger) -> dict:
    return {
        "income": f"{ledger.income:.2f}",
        "spending": f"{ledger.spending:.2f}",
        "balance": f"{ledger.balance:.2f}",
        "head": ledger.head,
        "whole": ledger.whole,
        "broken_at": ledger.broken_at,
        "lines": [
            {
                "number": x.number,
                "day": x.day.isoformat(),
                "kind": page.t(KIND_NAMES.get(x.kind, raw(x.kind))),
                "source": page.t(SOURCE_NAMES.get(x.source, raw(x.source))),
                "amount": f"{x.amount:.2f}",
                "purpose": x.purpose,
                "approved_by": x.approved_by or "",
                "corrects": x.corrects or "",
                "market": x.market or "",
                "donor": x.donor or "",
                "hash": x.hash,
                "holds": x.holds,
            }
            for x in ledger.lines
        ],
    }


def _draw(page: Page, draw: service.Draw) -> dict:
    problems = []
    if draw.drawn_at is not None:
        if not draw.commitment_holds:
            problems.append(page.t("console-board-draw-bad-commitment"))
        if not draw.seed_holds:
            problems.append(page.t("console-board-draw-bad-seed"))
        if draw.mismatched:
            numbers = "、".join(str(n) for n in draw.mismatched)
            problems.append(page.t("console-board-draw-bad-places", numbers=numbers))
    return {
        "heading": page.t(
            "console-board-draw-heading",
            day=_day(page, draw.day),
            place=draw.place,
            market=draw.market,
        ),
        "drawn": draw.drawn_at is not None,
        "deadline": _moment(page, draw.deadline),
        "commitment": draw.commitment or "",
        "secret": draw.secret,
        "seed": draw.seed,
        "pool": ", ".join(str(n) for n in draw.pool),
        "holds": draw.holds,
        "problems": problems,
        "categories": [
            {
                "heading": page.t("console-board-draw-category", name=c.name, stalls=c.stalls),
                "rows": [
                    {
                        "place": place,
                        "number": number,
                        "result": page.t("console-board-draw-stall")
                        if place <= c.stalls
                        else page.t("console-board-draw-waiting", place=place - c.stalls),
                    }
                    for place, number in enumerate(c.recorded, 1)
                ],
            }
            for c in draw.categories
        ],
    }


def _event(page: Page, event: service.EventLine) -> dict:
    if event.capacity is None:
        places = page.t("console-board-event-open")
    else:
        places = page.t(
            "console-board-event-places", left=event.places_left, capacity=event.capacity
        )
    return {
        "when": _moment(page, event.starts_at),
        "title": event.title,
        "place": event.place,
        "places": places,
    }


def register(routes: Routes) -> None:
    routes.public_get("/board", index)
    routes.public_get("/board/", index)
    routes.public_get("/board/{code}", board)
    routes.public_get("/board/{code}/ledger.json", ledger_json)
    routes.public_get("/board/{code}/draws.json", draws_json)
