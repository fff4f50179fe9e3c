"""数据图表 in chat: a picture on the terminal (a saved PNG) and on Telegram (sendPhoto),
with the same numbers as text (WeChat: test_figures_wechat.py)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest

from linli.bot.channels.console import ConsoleChannel
from tests import factories
from tests.channels.test_telegram import (  # noqa: F401 (demo, fake: fixtures)
    Driver,
    _feed,
    build_channel,
    demo,
    fake,
)
from tests.factories import Chat
from tests.figures.scene import NOW
from tests.walk import press


async def _fund_of_october(db, clock) -> None:
    await factories.fund_line(db, clock, "xinhuashe", dt.date(2026, 10, 18), "income", "30")
    await factories.fund_line(db, clock, "xinhuashe", dt.date(2026, 11, 3), "spending", "12")


async def test_the_terminal_saves_the_chart_as_a_png_and_prints_its_numbers(
    db, clock, conversation, translator, tmp_path
):
    clock.set(NOW)
    await factories.places(db)
    await factories.staff(db, clock, "boss", "xinhuashe")
    await _fund_of_october(db, clock)
    chat = Chat(conversation, translator, "boss")
    await chat.send("")
    for what in ("menu-staff", "figures-staff-button"):
        await press(chat, what)
    assert "数据图表：2025-12至2026-11，共12个月" in chat.render()
    await press(chat, "figures-change-span")
    await press(chat, "=近3个月")
    assert "数据图表：2026-09至2026-11，共3个月" in chat.render()
    number = chat.number_of("figures-title-fund")
    printed = io.StringIO()
    terminal = ConsoleChannel(
        conversation,
        translator,
        user="boss",
        stdin=io.StringIO(number + "\n"),
        stdout=printed,
        attachments=tmp_path / "attachments",
    )
    await terminal.run(greet=False)
    out = printed.getvalue()
    assert "社区基金：每月收支" in out
    assert "2026-09：收入（元） 0，支出（元） 0" in out
    assert "2026-10：收入（元） 30，支出（元） 0" in out
    assert "2026-11：收入（元） 0，支出（元） 12" in out
    saved = tmp_path / "attachments" / "fund-202609-202611.png"
    assert f"附件：fund-202609-202611.png（已存到{saved}）" in out
    assert saved.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


async def test_a_resident_cannot_open_the_figures(db, clock, conversation, translator):
    clock.set(NOW)
    await factories.places(db)
    await factories.user(db, clock, "amy", community_code="xinhuashe")
    chat = Chat(conversation, translator, "amy")
    await chat.send("")
    reply = await chat.send(payload=await chat.forge("figures", "choose", "fund"))
    assert reply.attachment is None
    assert "社区基金：每月收支" not in chat.render()


@pytest.mark.parametrize("library", ["aiogram", "ptb"])
async def test_telegram_sends_the_chart_as_a_photo(
    demo,  # noqa: F811 (a fixture)
    db,
    clock,
    fake,  # noqa: F811 (a fixture)
    conversation,
    translator,
    library,
):
    await factories.staff(db, clock, "800", "xinhuashe")
    async with db.uow() as uow:  # the staff member is on Telegram
        person = await uow.users.by_external("console", "800")
        person.channel = "telegram"
        await uow.commit()
    channel = build_channel(library, conversation, translator, fake.url, webhook=True)
    await channel.start()
    try:
        driver = Driver(fake, channel, lambda u: _feed(channel, u))
        await driver.run(800, ["/start"])
        for label in ("社区管理", "数据图表"):
            data = next(d for lab, d in fake.sent(800)[-1].keyboard if lab == label)
            await driver.send(fake.callback_update(800, data, 1))
        data = next(d for lab, d in fake.sent(800)[-1].keyboard if lab == "社区基金：每月收支")
        calls = await driver.send(fake.callback_update(800, data, 1))
    finally:
        await channel.stop()
    (photo,) = [c for c in calls if c.method == "sendPhoto"]
    ((name, data),) = photo.files.values()
    assert name.startswith("fund-") and name.endswith(".png")
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5000  # drawn, with words
    text = "\n".join(c.params.get("text", "") for c in calls if c.method == "sendMessage")
    assert "社区基金：每月收支" in text and re.search(r"\d{4}-\d{2}：收入（元）", text)
