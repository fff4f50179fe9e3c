"""待办: the console's first page, what waits for this community's staff."""

from __future__ import annotations

from linli.bot.console.page import Page, Routes
from linli.handlers.worklist import SECTIONS, worklist


async def todo(page: Page):
    community = await page.community()
    async with page.db.uow(read_only=True) as uow:
        work = await worklist(uow, page.desk.user, community.id, page.now(), page.zone)
    sections = [(name, page.t(SECTIONS[name]), items) for name, items in work.sections()]
    return page.render(
        "todo.html",
        title=page.t("console-todo-title", community=community.name),
        community=community,
        sections=sections,
        staff=page.desk.is_staff(community.id),
        empty=not any(items for _, _, items in sections),
    )


def register(routes: Routes) -> None:
    routes.get("/c/{cid}/todo", todo, nav="console-nav-todo")
