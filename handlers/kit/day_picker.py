"""Choosing a day from many: a page of at most eight day buttons with holidays marked,
上一页/下一页, and a reminder that a date can simply be typed (清明 is quicker typed than
paged to). Steps keep the page number in `ctx.data["day_page"]`."""

from __future__ import annotations

import datetime as dt

from linli.handlers.kit.flow import Ctx, page_buttons, page_turn, paginate
from linli.handlers.kit.holidays import estimate_notes, marked_day_label
from linli.handlers.kit.reply import Button
from linli.handlers.kit.text import Text, t

PAGE_KEY = "day_page"


def day_choices(
    ctx: Ctx, days: list[dt.date], today: dt.date, *, hint: bool = True
) -> tuple[list[Text], list[Button]]:
    """The lines to add under the question, and the buttons of the current page; `hint`:
    say a date can be typed (unless the question says so already)."""
    page = paginate(days, int(ctx.data.get(PAGE_KEY, 0)))
    buttons = [ctx.button(marked_day_label(d, today), d.isoformat()) for d in page.items]
    lines: list[Text] = estimate_notes(page.items)
    if page.count > 1:
        lines.append(t("list-page", page=page.number + 1, pages=page.count))
        if hint:
            lines.append(t("days-type-hint"))
    return lines, buttons + page_buttons(ctx, page)


def turned_page(ctx: Ctx, value: str | None) -> bool:
    """Whether the answer turned the page (and remember which page is shown now)."""
    turn = page_turn(value)
    if turn is None:
        return False
    ctx.data[PAGE_KEY] = turn
    return True
