"""Staff export a market's applications as CSV: in the reader's language, every status in
words, and nothing a resident typed runs as a spreadsheet formula."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import update

from linli.bot.channels.console import ConsoleChannel
from linli.handlers.kit.table import safe_cell
from linli.storage.models import User
from tests import factories
from tests.factories import Chat
from tests.market.test_market import _apply, _market, local
from tests.market.test_waitlist import _card


@pytest.fixture
async def setup(db, clock):
    clock.set(local(23, 10))
    await factories.places(db)
    return await factories.staff(db, clock, "boss", "xinhuashe")


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM, or Excel shows the Chinese garbled
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


async def _applied(db, clock, setup):
    made, cats = await _market(db, clock, setup, stalls={"理发": 1})
    tricky = await factories.user(db, clock, "t", community_code="xinhuashe")
    late = await factories.user(db, clock, "l", community_code="xinhuashe")
    await _apply(db, clock, tricky, made.id, cats["理发"], name='=HYPERLINK("http://x.cn","领奖")')
    await _apply(db, clock, late, made.id, cats["理发"], name="@SUM(1+1)")
    return made


async def test_the_list_comes_in_chinese_by_default_and_formulas_stay_words(
    db, clock, setup, conversation, translator
):
    made = await _applied(db, clock, setup)
    chat = Chat(conversation, translator, "boss")
    await _card(chat, made.id)
    await chat.send(chat.number_of("market-export"))
    assert chat.keys()[0] == "market-exported"
    file = chat.last.attachment
    assert file.filename == f"market-2026-11-29-{made.id}.csv"
    rows = _rows(translator.file(file, chat.last.locale))
    assert rows[0] == [
        "编号",
        "类别",
        "摊位名称",
        "卖什么",
        "电话",
        "状态",
        "候补第几位",
        "摇号名次",
        "出摊",
        "申请时间",
    ]
    first, second = rows[1:]
    assert first[1:] == [
        "理发",
        '\'=HYPERLINK("http://x.cn","领奖")',
        "自家种的菜",
        "13812345678",  # staff's list: the whole number
        "已通过",
        "",
        "",
        "未登记",
        "2026-11-23 10:00",
    ]
    assert (second[2], second[5], second[6], second[8]) == ("'@SUM(1+1)", "候补", "1", "")


def test_a_cell_that_starts_like_a_formula_is_kept_as_text():
    for typed in ("=1+1", "+86 138", "-2+3", "@A1", "\tx", "＝1", "'quoted"):
        assert safe_cell(typed) == "'" + typed
    assert safe_cell("老王理发 = 好") == "老王理发 = 好"
    # A plain number (a refund of -20.00) is no formula: it stays a number.
    assert safe_cell("-20.00") == "-20.00"


async def test_an_english_reader_gets_english_headers_and_words_in_the_terminal(
    db, clock, setup, conversation, translator, tmp_path
):
    made = await _applied(db, clock, setup)
    async with db.uow() as uow:
        await uow.session.execute(update(User).where(User.id == setup.id).values(locale="en"))
        await uow.commit()
    chat = Chat(conversation, translator, "boss")
    await _card(chat, made.id)
    out = io.StringIO()
    terminal = ConsoleChannel(
        conversation,
        translator,
        user="boss",
        stdin=io.StringIO(chat.number_of("market-export") + "\n"),
        stdout=out,
        attachments=tmp_path,
    )
    await terminal.run(greet=False)
    rows = _rows((tmp_path / f"market-2026-11-29-{made.id}.csv").read_bytes())
    assert rows[0][:6] == ["Number", "Kind", "Stall", "Goods", "Phone", "Status"]
    assert [r[5] for r in rows[1:]] == ["approved", "on the waitlist"]
    assert rows[1][8] == "not recorded"


async def test_residents_cannot_export_by_a_forged_press(
    db, clock, setup, conversation, translator
):
    made = await _applied(db, clock, setup)
    chat = Chat(conversation, translator, "t")
    await _card(chat, made.id)
    assert "market-export" not in [b.label.key for b in chat.last.buttons]
    await chat.send(payload=await chat.forge("market", "card", "export"))
    assert chat.keys()[0] == "error-not-allowed" and chat.last.attachment is None
