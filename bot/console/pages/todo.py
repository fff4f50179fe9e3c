"""待办: the console's first page, what waits for this community's staff."""

from __future__ import annotations

from linli.bot.console.page import Page, Routes
from linli.handlers.worklist import SECTIONS, worklist


async def todo(page: Page):
    community = await page.community()
    async with page.db.uow(read_only=True) as uow:
        work = await worklist(uow, page.desk.user, community.id, page.now(), page.zone)
    staff = page.desk.is_staff(community.id)
    base = f"/console/c/{community.id}"
    for name, items in work.sections():
        for item in items:
            item.href = _where(base, name, item) if staff else None
    sections = [(name, page.t(SECTIONS[name]), items) for name, items in work.sections()]
    return page.render(
        "todo.html",
        title=page.t("console-todo-title", community=community.name),
        community=community,
        sections=sections,
        staff=page.desk.is_staff(community.id),
        empty=not any(items for _, _, items in sections),
    )


def _where(base: str, section: str, item) -> str | None:
    """The console page where a waiting thing is dealt with."""
    if section == "to_schedule":
        return f"{base}/meetings"
    if section in ("applications", "no_shows"):
        return f"{base}/markets/{item.extra['market_id']}"
    if section == "spending":
        return f"{base}/fund"
    if section == "notices":
        return f"{base}/notices/{item.id}"
    return None


def register(routes: Routes) -> None:
    routes.get("/c/{cid}/todo", todo, nav="console-nav-todo")
