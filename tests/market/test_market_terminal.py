"""A whole market sign-up, and the fund, driven through the terminal channel."""

from __future__ import annotations

from tests.factories import AGREE, SKIP_PLACE, linli


def chat(url: str, user: str, *lines: str) -> str:
    return linli("chat", "--user", user, url=url, stdin="\n".join(lines) + "\n").stdout


def test_create_a_market_apply_for_a_stall_and_read_the_fund(sqlite_url):
    linli("demo", "load", url=sqlite_url)
    linli("staff", "grant", "--community", "xinhuashe", "--user", "console:boss", url=sqlite_url)
    out = chat(
        sqlite_url,
        "boss",
        AGREE,
        "1",
        SKIP_PLACE,
        "10",  # 社区管理, after the residents' entries and 预约场地
        "6",
        "12-06",
        "08:00-11:30",
        "社区广场",
        "蔬菜水果 2，理发 1",
        "12-04 18:00",
        "5",
        "10",
        "1",
        "1",
    )
    assert "已创建12-06 周" in out and "的睦邻集市" in out  # one day format, with its weekday
    out = chat(
        sqlite_url,
        "amy",
        AGREE,
        "1",
        SKIP_PLACE,
        "/start join-XHS2301",  # only confirmed residents apply (the demo's household code)
        "5",
        "1",
        "1",
        "2",
        "老王理发",
        "理发修面",
        "138 1234 5678",
        "1",
    )
    assert "理发：1个摊位，还剩1个" in out
    assert "电话138****5678" in out and "当前状态：已通过" in out
    out = chat(sqlite_url, "amy", "菜单", "5", "2", "1")
    assert "老王理发：理发修面，电话138****5678。状态：已通过" in out
    assert "13812345678" not in out  # masked everywhere a resident looks
    out = chat(sqlite_url, "boss", "菜单", "5", "3", "2", "1", "50", "12月集市摊位费")
    assert "已记账#1：50.00元" in out
    out = chat(sqlite_url, "amy", "菜单", "5", "3")
    assert "结余50.00元" in out and "收入来源 · 摊位费：50.00元" in out


def test_residents_see_applicants_with_masked_phones(sqlite_url):
    linli("demo", "load", url=sqlite_url)
    linli("staff", "grant", "--community", "xinhuashe", "--user", "console:boss", url=sqlite_url)
    chat(
        sqlite_url,
        "boss",
        AGREE,
        "1",
        SKIP_PLACE,
        "10",  # 社区管理, after the residents' entries and 预约场地
        "6",
        "12-06",
        "08:00-11:30",
        "社区广场",
        "理发 1",
        "12-04 18:00",
        "0",
        "0",
        "2",
        "1",
    )
    chat(
        sqlite_url,
        "amy",
        AGREE,
        "1",
        SKIP_PLACE,
        "/start join-XHS2301",  # only confirmed residents apply (the demo's household code)
        "5",
        "1",
        "1",
        "1",
        "老王理发",
        "理发",
        "13812345678",
        "1",
    )
    out = chat(sqlite_url, "cat", AGREE, "1", SKIP_PLACE, "5", "1", "2")
    assert "理发 老王理发 138****5678（已申请）" in out
    assert "摇号种子" not in out  # not drawn yet
