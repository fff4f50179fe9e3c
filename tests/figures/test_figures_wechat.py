"""数据图表 on WeChat: a passive reply cannot carry a file, so the chart's numbers come as
text, with no note about a file (they are the whole answer)."""

from __future__ import annotations

import re

from tests import factories
from tests.channels.test_wechat import (  # noqa: F401 (demo, wechat, wechat_api: fixtures)
    demo,
    text_xml,
    wechat,
    wechat_api,
)


async def test_wechat_gets_the_numbers_as_text_and_no_file(wechat, db, clock):  # noqa: F811
    server, _callback, api = wechat
    await factories.staff(db, clock, "openid-boss", "xinhuashe")
    async with db.uow() as uow:
        person = await uow.users.by_external("console", "openid-boss")
        person.channel = "wechat"
        await uow.commit()

    def number(reply: str, label: str) -> str:
        return re.search(rf"回复(\d+)：{label}", reply)[1]

    _, reply = await server.post(text_xml("openid-boss", "菜单", 1))
    _, reply = await server.post(text_xml("openid-boss", number(reply, "社区管理"), 2))
    _, reply = await server.post(text_xml("openid-boss", number(reply, "数据图表"), 3))
    _, reply = await server.post(
        text_xml("openid-boss", number(reply, "场地预约：每月使用和爽约"), 4)
    )
    assert "场地预约：每月使用和爽约" in reply
    assert re.search(r"\d{4}-\d{2}：使用 \d+，爽约 \d+", reply)
    assert "附件无法" not in reply  # the numbers are the whole answer here
    assert api.of("media/upload") == [] and api.of("message/custom/send") == []
