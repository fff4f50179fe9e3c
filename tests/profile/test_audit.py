"""Staff read the audit log by day and by person, and take it away as a table: a file where
the channel sends files, text pages on WeChat, and `linli audit export` on the command line."""

from __future__ import annotations

import csv
import datetime as dt
import io

from linli.handlers.kit.spoken_time import Problem
from linli.handlers.profile import service
from tests import factories
from tests.factories import Chat, linli
from tests.profile.test_roles import _setup, _staff_invite


async def _three_days(db, clock):
    """alice makes a code on 11-23 and 11-24, frank one on 11-25 (Beijing days)."""
    alice, _bob = await _setup(db, clock)
    frank = await factories.staff(db, clock, "frank", "xinhuashe")
    await _staff_invite(db, clock, alice)
    clock.advance(days=1)
    await _staff_invite(db, clock, alice)
    clock.advance(days=1)
    await _staff_invite(db, clock, frank)
    return alice, frank


async def _audit(chat: Chat) -> None:
    await chat.send("")
    await chat.send(chat.number_of("menu-staff"))
    await chat.send(chat.number_of("staff-audit"))


async def test_the_log_narrows_to_a_typed_day_or_span(db, clock, conversation, translator):
    await _three_days(db, clock)
    chat = Chat(conversation, translator, "alice")
    await _audit(chat)
    assert "操作记录，共3条" in chat.render()
    await chat.send("11-24")
    shown = chat.render()
    assert "日期：2026-11-24" in shown and "操作记录，共1条" in shown
    await chat.send("11月23日至11-24")
    assert "日期：2026-11-23至2026-11-24" in chat.render()
    assert "操作记录，共2条" in chat.render()
    await chat.send("12-01")  # a month-day still to come is last year's: nothing then
    assert "没有符合条件的操作记录。" in chat.render()
    await chat.send("昨天吧")
    assert "staff-audit-bad-day" in chat.keys()
    # A date that cannot be is named, not asked for again (issue 17, point 8).
    await chat.send("2月30日")
    assert "没有2月30日" in chat.render()
    await chat.send("11-24至11-23")
    assert "结束的日子11-23在开始的日子11-24之前" in chat.render()
    await chat.send(chat.number_of("staff-audit-all"))
    assert "操作记录，共3条" in chat.render()


async def test_the_log_narrows_to_one_person_picked_from_it(db, clock, conversation, translator):
    await _three_days(db, clock)
    chat = Chat(conversation, translator, "alice")
    await _audit(chat)
    await chat.send(chat.number_of("staff-audit-person"))
    people = [translator.render(b.label) for b in chat.last.buttons]
    assert people[:2] == ["console:…rank", "console:…lice"]  # who appears, latest first
    await chat.send(chat.number_named("rank"))
    shown = chat.render()
    assert "操作人：console:…rank" in shown and "操作记录，共1条" in shown
    assert "console:…lice 生成邀请码" not in shown
    await chat.send("11-23")  # both at once: frank did nothing that day
    assert "没有符合条件的操作记录。" in chat.render()


async def test_the_export_is_a_chinese_csv_safe_from_formulas(db, clock, conversation, translator):
    _alice, frank = await _three_days(db, clock)
    async with db.uow() as uow:
        (await uow.users.get(frank.id)).display_name = "=HYPERLINK(1)"
        await uow.commit()
    chat = Chat(conversation, translator, "alice")
    await _audit(chat)
    await chat.send("11-24至11-25")
    await chat.send(chat.number_of("staff-audit-export"))
    file = chat.last.attachment
    assert file.filename == "audit-xinhuashe-2026-11-25.csv"
    data = translator.file(file, chat.last.locale)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["时间", "操作人", "操作", "对象", "原因"]
    assert [r[:3] for r in rows[1:]] == [
        ["2026-11-25 10:00", "'=HYPERLINK(1)", "生成邀请码"],
        ["2026-11-24 10:00", "console:…lice", "生成邀请码"],
    ]
    assert "已导出2条操作记录。" in chat.render()


async def test_on_wechat_the_export_comes_as_text_pages(db, clock, conversation, translator):
    await factories.demo(db, clock)
    wang = await factories.user(db, clock, "wang", community_code="xinhuashe", channel="wechat")
    await factories._grant_staff(db, clock, wang, "xinhuashe")
    for _ in range(25):
        await _staff_invite(db, clock, wang)
    chat = Chat(conversation, translator, "wang", channel="wechat")
    await _audit(chat)
    await chat.send(chat.number_of("staff-audit-export"))
    assert chat.last.attachment is None
    shown = chat.render()
    assert "第1页，共2页" in shown and shown.count("2026-11-23 10:00") == 20
    await chat.send(chat.number_of("nav-next-page"))
    assert chat.render().count("生成邀请码") == 5


async def test_the_command_line_exports_by_day_and_person(db, db_url, clock):
    await _three_days(db, clock)
    out = linli(
        "audit",
        "export",
        "--community",
        "xinhuashe",
        "--since",
        "11-24",
        "--person",
        "console:alice",
        url=db_url,
        clock=clock,
    ).stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert rows == [
        ["时间", "操作人", "操作", "对象", "原因"],
        [rows[1][0], "console:…lice", "生成邀请码", rows[1][3], ""],
    ]
    assert rows[1][0] == "2026-11-24 10:00"
    nobody = linli(
        "audit",
        "export",
        "--community",
        "xinhuashe",
        "--person",
        "console:zed",
        url=db_url,
        check=False,
    )
    assert nobody.returncode == 1


def test_typed_days_are_read_as_days_gone_by():
    today = dt.date(2026, 1, 10)
    assert service.past_days("12-28至1-05", today) == (dt.date(2025, 12, 28), dt.date(2026, 1, 5))
    assert service.past_days("今天", today) == (today, today)
    assert service.past_days("2027-01-01", today) == (dt.date(2027, 1, 1),) * 2
    assert service.past_days("1-05至12-28", today) == Problem(
        "spoken-days-backwards", {"first": "01-05", "last": "12-28"}
    )
    assert service.past_days("2月30日", today) == Problem(
        "spoken-no-such-day", {"month": 2, "day": 30}
    )
    assert service.past_days("昨天吧", today) is None
