"""Issue 17, points 9 and 10: every "选一天" reaches as far as the question allows (the
facility's horizon, 60 days to see what is open or to ask for a 按需 facility), eight days
a screen with 上一页/下一页 or a typed date; holidays and 调休 are marked on the days; a year
the holiday package does not cover is called an estimate until staff load the State
Council's dates with `linli holidays load`.

Every date is derived from the test clock, so the walks hold on any day of any year.
"""

from __future__ import annotations

import datetime as dt

import pytest

from linli.handlers.kit import holidays, when
from linli.handlers.kit.config import CoreConfig
from tests import factories
from tests.factories import Chat, linli

ZONE = CoreConfig().zone
WEEKDAYS = "一二三四五六日"


@pytest.fixture(autouse=True)
def forget_loaded_holidays():
    """Loaded dates live in the process; leave none behind for the next test."""
    yield
    holidays.use_loaded([])


def shown(day: dt.date) -> str:
    """A day as a choice shows it (never today or tomorrow here): 10-01 周四."""
    return f"{day:%m-%d} 周{WEEKDAYS[day.weekday()]}"


def labels(chat: Chat) -> list[str]:
    """The screen's own choices (days and paging), without 返回 and 不办了 added to all."""
    own = [b for b in chat.last.buttons if b.label.key not in ("nav-back", "nav-cancel")]
    return [chat.translator.render(b.label) for b in own]


def own_keys(chat: Chat) -> list[str]:
    """The screen's messages, bar the estimate note of a year neither loaded nor packaged."""
    return [k for k in chat.keys() if k != "days-estimated"]


async def press(chat: Chat, key: str) -> None:
    await chat.send(chat.number_of(key))


async def load(db, holidays_on: dict[dt.date, str], workdays_on: dict[dt.date, str]) -> None:
    """Store a schedule as `linli holidays load` does, one loaded year per year touched."""
    async with db.uow() as uow:
        for year in sorted({d.year for d in [*holidays_on, *workdays_on]}):
            await holidays.load_year(
                uow,
                holidays.LoadedYear(
                    year,
                    {d: n for d, n in holidays_on.items() if d.year == year},
                    {d: n for d, n in workdays_on.items() if d.year == year},
                ),
            )
        await uow.commit()


async def test_browse_and_request_days_reach_60_days_with_holidays_marked(
    db, clock, conversation, translator
):
    await factories.demo(db, clock)
    await factories.user(db, clock, "u1", community_code="xinhuashe")
    today = when.day_of(clock.now(), ZONE)
    national = today + dt.timedelta(days=2)
    swap = next(
        today + dt.timedelta(days=n) for n in range(3, 10) if (today.weekday() + n) % 7 >= 5
    )
    await load(db, {national: "National Day"}, {swap: "National Day"})
    # What another process would have in memory before reading the database again.
    holidays.use_loaded([])
    chat = Chat(conversation, translator, "u1")
    await chat.send("")

    await press(chat, "menu-facilities")
    await press(chat, "facilities-pick-day")
    # (On the last day of a year the package lacks, days-estimated comes too: not asserted.)
    assert own_keys(chat) == ["facilities-pick-day-ask", "list-page", "days-type-hint"]
    assert "第1页，共8页" in chat.render()  # 60 days, 8 a screen
    assert "也可以直接打日期" in chat.render()
    assert len(labels(chat)) == 9 and labels(chat)[-1] == "下一页"
    # Today and tomorrow by name (a holiday the package estimates may follow them).
    assert labels(chat)[0].startswith("今天") and labels(chat)[1].startswith("明天")
    assert labels(chat)[2] == f"{shown(national)} 国庆"
    index = (swap - today).days
    if index >= 8:
        await press(chat, "nav-next-page")
        assert "第2页，共8页" in chat.render()
        assert labels(chat)[0].startswith(shown(today + dt.timedelta(days=8)))
        index -= 8
    assert labels(chat)[index] == f"{shown(swap)} 调休上班"

    # The last page ends on day 60; typing is quicker than paging.
    for _ in range(7):
        if "nav-next-page" not in [b.label.key for b in chat.last.buttons]:
            break
        await press(chat, "nav-next-page")
    assert "第8页，共8页" in chat.render()
    assert labels(chat)[-2].startswith(shown(today + dt.timedelta(days=59)))
    assert labels(chat)[-1] == "上一页"

    # A wrong typed date says what is wrong, rather than asking again.
    await chat.send("2月30日")
    assert "没有2月30日" in chat.render()
    far = today + dt.timedelta(days=61)
    await chat.send(f"{far.month}月{far.day}日")
    assert "只能选60天以内的日子" in chat.render()
    await chat.send("明天")
    assert chat.keys()[0] == "facilities-list-title" and "明天" in chat.render()

    # Asking to use a 按需 facility: any day up to the requests' 60 days, marked the same.
    await chat.send("菜单")
    for item in ("menu-facilities", "facilities-all"):
        await press(chat, item)
    while True:
        try:
            await chat.send(chat.number_named("天光教室"))
            break
        except AssertionError:
            await press(chat, "nav-next-page")
    await press(chat, "facility-request")
    assert own_keys(chat) == ["request-intro", "request-day-ask", "list-page"]
    assert "第1页，共8页" in chat.render()  # tomorrow and the 59 days after
    assert labels(chat)[0].startswith("明天") and labels(chat)[1] == f"{shown(national)} 国庆"
    await chat.send("2月30日")
    assert "没有2月30日" in chat.render()
    await chat.send(f"{far.month}月{far.day}日")
    assert "只能选60天以内的日子" in chat.render()
    await press(chat, "nav-next-page")
    assert labels(chat)[0].startswith(shown(today + dt.timedelta(days=9)))
    await chat.send("1")
    assert chat.keys() == ["request-time-ask"]


async def test_an_uncovered_year_is_an_estimate_until_staff_load_it(
    db, db_url, clock, conversation, translator, tmp_path
):
    # The first year from the clock's that the holiday package has no official data for.
    year = when.day_of(clock.now(), ZONE).year
    while holidays.packaged_official(year):
        year += 1
    # Mid-January: no holiday, estimated or not, on the first days shown.
    clock.set(dt.datetime(year, 1, 12, 10, tzinfo=ZONE).astimezone(dt.UTC))
    today = dt.date(year, 1, 12)
    await factories.places(db)
    await factories.facility(
        db, clock, tmp_path, name="琴房", booking_extra="\n          horizon_days: 21"
    )
    await factories.user(db, clock, "u1", community_code="xinhuashe")
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    for item in ("menu-facilities", "facilities-all"):
        await press(chat, item)
    await chat.send(chat.number_named("琴房"))
    await press(chat, "facility-book")
    # The whole 21-day horizon, 8 a screen, and the year's holidays called estimates.
    assert chat.keys() == ["booking-pick-day", "days-estimated", "list-page", "days-type-hint"]
    assert f"{year}年放假安排还没公布，标出的节日是估计的" in chat.render()
    assert "第1页，共3页" in chat.render()
    assert labels(chat)[:2] == ["今天", "明天"] and len(labels(chat)) == 9

    # Staff load the State Council's dates; a file with mistakes loads nothing.
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        f"year: {year}\nholidays:\n  圣诞: {year}-12-25\n  春节: {year}-02-30\n", encoding="utf-8"
    )
    done = linli("holidays", "load", str(bad), url=db_url, clock=clock, check=False)
    assert done.returncode == 1
    assert "不认识的节日：“圣诞”" in done.stderr and f"“{year}-02-30”" in done.stderr
    good = tmp_path / "holidays.yaml"
    spring, swap = today + dt.timedelta(days=3), today + dt.timedelta(days=6)
    good.write_text(
        f"year: {year}\nholidays:\n  元旦: {year}-01-01\n  春节: {spring} ~ {spring}\n"
        f"workdays:\n  春节: [{swap}]\n",
        encoding="utf-8",
    )
    done = linli("holidays", "load", str(good), url=db_url, clock=clock)
    assert f"已载入{year}年放假安排：放假2天，调休上班1天" in done.stdout
    done = linli("holidays", "show", str(year), url=db_url, clock=clock)
    assert done.stdout.splitlines() == [
        f"{year}年：工作人员载入的国务院安排。",
        f"{shown(dt.date(year, 1, 1))}：放假（元旦）",
        f"{shown(spring)}：放假（春节）",
        f"{shown(swap)}：调休上班（春节）",
    ]
    holidays.use_loaded([])  # the bot's process learns them from the database

    await press(chat, "nav-next-page")
    await press(chat, "nav-prev-page")
    assert chat.keys() == ["booking-pick-day", "list-page", "days-type-hint"]
    assert labels(chat)[3] == f"{shown(spring)} 春节"
    assert labels(chat)[6] == f"{shown(swap)} 调休上班"
    # A day on a later page is booked as any other.
    await press(chat, "nav-next-page")
    await chat.send("1")
    assert chat.keys()[0] == "booking-pick-slot"
    assert shown(today + dt.timedelta(days=8)) in chat.render()
