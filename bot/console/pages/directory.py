"""场地目录 in the console: the facilities this person looks after in a community, each
field edited by the directory file's own rules (handlers/facilities/editing.py, which
checks with handlers/facilities/importer.py); the community's file exported, and an
uploaded one previewed, then applied whole or not at all.

Hours, closures and extra openings are boxes of lines in the file's short form
(`工作日 08:00-12:00`, `2026-12-05 至 2026-12-07 考试`, `2026-12-06 09:00-12:00`), not
repeated rows: a desk worker types or pastes as many lines as the notice on the door has,
with no "add a row" button (which needs a script or a round trip per row), and the words
are the same as in the file and in chat.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from linli.bot.console.page import Page, Routes
from linli.handlers.booking.eligibility import managed_facility
from linli.handlers.facilities import editing
from linli.handlers.facilities.importer import (
    CATEGORIES,
    FEES,
    MAX_FILE_BYTES,
    MODES,
    Problem,
)
from linli.handlers.kit.errors import NotFound
from linli.handlers.kit.text import Text, t

# Which box of the form a problem's field is shown at (the booking fields sit at the top).
BOOKING_BOXES = {f"booking.{key}": key for key in editing.BOOKING_FIELDS}


def _box(field: str) -> str:
    if field in BOOKING_BOXES:
        return BOOKING_BOXES[field]
    if field.startswith("booking"):
        return "bookable"
    return field.split(".", 1)[0]


# The boxes' own names, said in a problem instead of the file's key (“缺少“名称””, not “name”).
LABELS = {
    "name": t("console-directory-name"),
    "name_en": t("console-directory-name-en"),
    "category": t("console-directory-category"),
    "mode": t("console-directory-mode"),
    "address": t("console-directory-room"),
    "contact": t("console-directory-contact"),
    "description": t("console-directory-description"),
    "description_en": t("console-directory-description-en"),
    "rules": t("console-directory-rules"),
    "rules_en": t("console-directory-rules-en"),
    "fee": t("console-directory-fee"),
    "fee_unit": t("console-directory-fee-unit"),
    "min_age": t("console-directory-min-age"),
    "max_age": t("console-directory-max-age"),
    "hours": t("console-directory-hours"),
    "closures": t("console-directory-closures"),
    "openings": t("console-directory-openings"),
    "photos": t("console-directory-photos"),
    "slot_minutes": t("console-directory-slot-minutes"),
    "capacity": t("console-directory-capacity"),
    "horizon_days": t("console-directory-horizon-days"),
    "max_upcoming": t("console-directory-max-upcoming"),
    "max_upcoming_per_household": t("console-directory-max-household"),
    "cancel_before_minutes": t("console-directory-cancel-before"),
    "lottery_opens_days": t("console-directory-lottery-opens"),
    "lottery_draw_hours": t("console-directory-lottery-draw"),
}


def _plain(message: Text) -> Text:
    """The message with the file's key (`slot_minutes`) named as the form names its box."""
    key = message.args.get("key")
    if isinstance(key, str) and key in LABELS:
        return Text(message.key, {**message.args, "key": LABELS[key]})
    return message


def _said(page: Page, problems: list[Problem]) -> tuple[dict[str, list[str]], list[str]]:
    """Problems as words: by form box, and those of no box."""
    by_box: dict[str, list[str]] = {}
    loose: list[str] = []
    for problem in problems:
        words = page.t(_plain(problem.message))
        if problem.field:
            by_box.setdefault(_box(problem.field), []).append(words)
        else:
            loose.append(words)
    return by_box, loose


def _base(cid: int) -> str:
    return f"/console/c/{cid}/facilities"


async def facilities(page: Page):
    """The list: each facility with its unit, kind and weekly hours; export and import."""
    community = await page.community()
    async with page.db.uow(read_only=True) as uow:
        found = await editing.editable(uow, page.desk.user, community.id)
        rows = [
            {
                "id": f.id,
                "name": f.name,
                "unit": f.unit.name,
                "category": f.category,
                "mode": f.mode,
                "hours": editing.hours_lines([(w.weekday, w.opens, w.closes) for w in f.hours]),
                "bookable": f.bookable,
            }
            for f in found
        ]
    return page.render(
        "directory/list.html",
        title=page.t("console-directory-title", community=community.name),
        rows=rows,
        base=_base(community.id),
    )


async def _facility_in(page: Page, uow, cid: int, fid: int):
    """The facility, when this person manages it and it serves this community."""
    facility = await managed_facility(uow, page.desk.user, fid)  # NotFound / NotAllowed
    if cid not in {s.community_id for s in facility.served}:
        raise NotFound()
    return facility


async def _communities(uow) -> list[dict[str, str]]:
    return [{"code": c.code, "name": c.name} for c in await uow.communities.of_kind("community")]


def _form(page: Page, cid: int, fid: int, found, values: dict[str, Any], places, problems):
    by_box, loose = _said(page, problems)
    return page.render(
        "directory/facility.html",
        status=400 if problems else 200,
        title=page.t("console-directory-edit-title", name=found.name),
        unit=found.unit,
        v=values,
        errors=by_box,
        loose=loose,
        places=places,
        categories=CATEGORIES,
        modes=MODES,
        fees=FEES,
        action=f"{_base(cid)}/{fid}",
        back=_base(cid),
    )


async def facility(page: Page):
    cid = page.community_id
    fid = page.number("fid")
    async with page.db.uow(read_only=True) as uow:
        found = await _facility_in(page, uow, cid, fid)
        document = await editing.facility_document(
            uow, found, page.now().astimezone(page.zone).date()
        )
        places = await _communities(uow)
    return _form(page, cid, fid, found, editing.form_values(document), places, [])


async def save_facility(page: Page):
    cid = page.community_id
    fid = page.number("fid")
    form = await page.form()
    ticked = [str(code) for code in form.getall("communities", [])][:50]
    values = {key: str(form.get(key, ""))[:5000] for key in form if key != "_csrf"}
    document = editing.form_document(values, ticked)
    async with page.db.uow() as uow:
        found = await _facility_in(page, uow, cid, fid)
        result = await editing.edit_facility(
            uow, page.desk.user, fid, document, now=page.now(), config=page.config
        )
        if not result.ok:
            places = await _communities(uow)
            shown = {**editing.form_values(document), "communities": ticked}
            return _form(page, cid, fid, found, shown, places, result.problems)
        await uow.commit()
    if result.changes:
        page.wake()  # a closure may have told bookers
        return page.redirect(f"{_base(cid)}/{fid}", flash="console-directory-saved")
    return page.redirect(f"{_base(cid)}/{fid}", flash="console-directory-unchanged")


async def export(page: Page):
    """The community's directory file, as `linli facilities import` reads it."""
    from aiohttp import web

    community = await page.community()
    async with page.db.uow(read_only=True) as uow:
        text = await editing.export_yaml(
            uow, page.desk.user, community.id, now=page.now(), config=page.config
        )
    return web.Response(
        text=text,
        content_type="application/yaml",
        charset="utf-8",
        headers={
            "Content-Disposition": "attachment; filename*=UTF-8''"
            + quote(f"facilities-{community.code}.yaml"),
            "Cache-Control": "no-store",
        },
    )


async def import_form(page: Page):
    community = await page.community()
    return page.render(
        "directory/import.html",
        title=page.t("console-directory-import-title", community=community.name),
        base=_base(community.id),
        text="",
        plan=None,
        problems=[],
    )


async def _uploaded(page: Page) -> tuple[str, list[Problem]]:
    """The file chosen (or the text pasted), read as UTF-8; a problem when it is not."""
    form = await page.form()
    upload = form.get("file")
    if upload is not None and hasattr(upload, "file"):
        data = upload.file.read(MAX_FILE_BYTES + 1)
        if data:
            if len(data) > MAX_FILE_BYTES:
                return "", [Problem(0, t("import-too-large", limit=MAX_FILE_BYTES // 1_000_000))]
            try:
                return data.decode("utf-8-sig"), []
            except UnicodeDecodeError:
                return "", [Problem(0, t("console-directory-not-utf8"))]
    text = str(form.get("text", ""))
    if not text.strip():
        return "", [Problem(0, t("console-directory-nothing-uploaded"))]
    return text, []


def _preview(page: Page, community, text: str, plan, problems: list[Problem]):
    lines = [
        page.t(t("import-line", line=p.line, message=p.message)) if p.line else page.t(p.message)
        for p in problems
    ]
    return page.render(
        "directory/import.html",
        status=400 if problems else 200,
        title=page.t("console-directory-import-title", community=community.name),
        base=_base(community.id),
        text=text,
        plan=plan,
        problems=lines,
    )


async def preview_import(page: Page):
    """What the file would change, facility by field; nothing is saved yet."""
    community = await page.community()
    text, problems = await _uploaded(page)
    if problems:
        return _preview(page, community, "", None, problems)
    async with page.db.uow(read_only=True) as uow:
        plan, _ = await editing.plan_import(
            uow, page.desk.user, text, now=page.now(), config=page.config
        )
    return _preview(page, community, text, plan, plan.problems)


async def apply_import(page: Page):
    """Apply the previewed file: checked again as it stands now, all of it or nothing."""
    community = await page.community()
    form = await page.form()
    text = str(form.get("text", ""))
    if not text.strip() or len(text.encode("utf-8")) > MAX_FILE_BYTES:
        return _preview(
            page, community, "", None, [Problem(0, t("console-directory-nothing-uploaded"))]
        )
    async with page.db.uow() as uow:
        plan = await editing.import_yaml(
            uow, page.desk.user, text, now=page.now(), config=page.config
        )
        if not plan.ok:
            return _preview(page, community, text, plan, plan.problems)
        await uow.commit()
    page.wake()
    return page.redirect(_base(community.id), flash="console-directory-imported")


def register(routes: Routes) -> None:
    routes.get("/c/{cid}/facilities", facilities, nav="console-directory-nav")
    # Before /{fid}: aiohttp tries routes in the order they were added.
    routes.get("/c/{cid}/facilities/export", export)
    routes.get("/c/{cid}/facilities/import", import_form)
    routes.post("/c/{cid}/facilities/import", preview_import)
    routes.post("/c/{cid}/facilities/import/apply", apply_import)
    routes.get("/c/{cid}/facilities/{fid}", facility)
    routes.post("/c/{cid}/facilities/{fid}", save_facility)
