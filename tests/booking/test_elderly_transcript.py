"""docs/elderly-journey.md is a real conversation: a 72-year-old books the dance room by
typing numbers and words (预约, 明天下午三点, 后天), books it again from the menu, and is
told plainly when she holds as many places as it allows.

The test runs the conversation and compares it with the file, so the file cannot drift
from what the bot says. After a change of wording or steps, write it again with
`REGENERATE` below (LINLI_WRITE_DOCS=1 and this file, on SQLite).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from linli.handlers.booking import service
from linli.handlers.kit.config import CoreConfig
from tests import factories
from tests.factories import Chat

DOC = Path(__file__).parents[2] / "docs" / "elderly-journey.md"
REGENERATE = (
    "LINLI_WRITE_DOCS=1 .venv/bin/python -m pytest -q "
    "tests/booking/test_elderly_transcript.py -k sqlite"
)
# A Friday 10:00 the holiday data covers: 明天 is a Saturday, when the dance room opens
# 09:00–12:00 and 14:00–17:00. The FakeClock is the only clock the conversation reads.
FRIDAY = dt.datetime(2026, 12, 4, 10, tzinfo=CoreConfig().zone).astimezone(dt.UTC)
# What she types, in order, with a note for the reader where one helps.
SCRIPT = [
    ("菜单", "她先叫出主菜单。"),
    ("预约", "打“预约”两个字：只列出能预约的场地，带今天的开放时间。"),
    ("2", "选舞蹈房。"),
    ("2月30号", "日子说错了：告诉她错在哪里，不是把问题再问一遍。"),
    ("明天下午三点", "日子和钟点一起说：直接到确认。"),
    ("1", "确认预约。从“预约”到预约成功：4条消息。"),
    ("9", "下次再约：主菜单上就有“再约一次：舞蹈房”。"),
    ("后天", "打“后天”：列出那天的时段。"),
    ("返回", "“返回”只退一步，回到选日子。"),
    ("后天", None),
    ("1", "选第一个时段。"),
    ("1", "确认。不算退回的那一下，从主菜单到预约成功是4条消息：9、后天、1、1。"),
    ("9", "舞蹈房每人最多2个预约：一选场地就说清楚，不等到确认那一步。"),
    ("1", "按提示去“我的预约”。"),
]


def _codes():
    # Booking codes are random: fixed here so the transcript is the same at every run.
    yield from ("K7Q2MP", "W4N8TX", "H3R6CV")


async def transcript(db, clock, conversation, translator) -> str:
    clock.set(FRIDAY)
    await factories.demo(db, clock)
    await factories.user(db, clock, "wang", community_code="xinhuashe")
    chat = Chat(conversation, translator, "wang")
    lines = [
        "# 王阿姨约舞蹈房：一段真实的对话",
        "",
        "王阿姨72岁，只看中文，习惯打数字和几个字。下面是她和机器人的一段对话。",
        "",
        "这不是手写的：`tests/booking/test_elderly_transcript.py` 实际跑一遍对话，生成这个文件"
        "（时间定在2026年12月4日星期五上午10点，新华社社区的演示数据），并且每次都比对：",
        "措辞或步骤一改而文件没有重新生成，测试就失败。重新生成：",
        "",
        f"    {REGENERATE}",
        "",
    ]
    for typed, note in SCRIPT:
        reply = await chat.send(typed)
        if note:
            lines += [f"*{note}*", ""]
        lines += [f"**王阿姨：** {typed}", "", "```text", chat.render(reply).strip(), "```", ""]
    return "\n".join(lines)


async def test_the_elderly_journey_in_the_docs_is_what_the_bot_says(
    db, clock, conversation, translator, monkeypatch
):
    monkeypatch.setattr(service, "new_code", _codes().__next__)
    text = await transcript(db, clock, conversation, translator)
    if os.environ.get("LINLI_WRITE_DOCS"):
        DOC.write_text(text, encoding="utf-8")
    # The journey itself, so a wrong turn fails here and not only as a stale file.
    assert text.count("预约成功！") == 2
    assert "已有2个预约" in text
    stale = f"docs/elderly-journey.md is stale: {REGENERATE}"
    assert DOC.read_text(encoding="utf-8") == text, stale
