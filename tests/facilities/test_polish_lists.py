"""A list's title says what was asked with one colon, not "类别：运动：共3处" (issue 17
point 15: double colons)."""

from __future__ import annotations

import re

from tests import factories
from tests.factories import Chat

# A label's colon followed, on the same line, by the title's own colon.
TWO_LABELS = re.compile(r"[:：][^:：\n]*[:：]\s*(共|\d+ found)")


async def test_list_titles_by_category_day_and_name_have_one_colon(
    db, clock, conversation, translator
):
    await factories.demo(db, clock)
    await factories.user(db, clock, "u1", community_code="xinhuashe")
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    await chat.send(chat.number_of("menu-facilities"))
    await chat.send(chat.number_of("facilities-by-category"))
    await chat.send(chat.number_of("category-sport"))
    title = chat.render().splitlines()[0]
    assert title.startswith("类别：运动，共") and not TWO_LABELS.search(title)
    await chat.send("menu")
    await chat.send(chat.number_of("menu-facilities"))
    await chat.send(chat.number_of("facilities-search"))
    await chat.send("舞蹈")
    title = chat.render().splitlines()[0]
    assert title.startswith("名称含：舞蹈，共1处") and not TWO_LABELS.search(title)
