"""A whole 金点子 life driven through the terminal channel, in real processes."""

from __future__ import annotations

import datetime as dt

from linli.handlers.kit.clock import FakeClock
from tests.factories import AGREE, SKIP_PLACE, linli


def chat(url: str, user: str, *lines: str, clock: FakeClock | None = None) -> str:
    stdin = "\n".join(lines) + "\n"
    return linli("chat", "--user", user, url=url, stdin=stdin, clock=clock).stdout


def test_a_proposal_from_idea_to_rating(sqlite_url):
    linli("demo", "load", url=sqlite_url)
    linli("proposals", "threshold", "--community", "xinhuashe", "1", url=sqlite_url)
    linli("staff", "grant", "--community", "xinhuashe", "--user", "console:boss", url=sqlite_url)
    # 集: a resident proposes (menu 4 is 金点子) …
    out = chat(
        sqlite_url,
        "amy",
        AGREE,
        "1",
        SKIP_PLACE,
        "4",
        "1",
        "楼道装灯",
        "三号楼楼道太黑，晚上看不见",
        "5",
        "1",
        "1",
    )
    assert "已发布，编号#1" in out
    # … a neighbour supports it: with a threshold of 1 it goes to 待议.
    # (confirmed as living there first, with the demo's household code: only residents
    # confirmed in the community support)
    out = chat(sqlite_url, "bob", AGREE, "1", SKIP_PLACE, "/start join-XHS2301", "4", "2", "1", "1")
    assert "已附议" in out and "待议" in out
    # 议: staff put it on a meeting …
    out = chat(
        sqlite_url, "boss", AGREE, "1", SKIP_PLACE, "4", "5", "1", "1", "12-05 19:00 社区议事厅"
    )
    assert out.count("已办好，关注的居民都会收到通知") == 1
    # … 决 and 督 after the meeting has been held: adopt it, report it done.
    after = FakeClock(dt.datetime(2026, 12, 5, 13, tzinfo=dt.UTC))  # 21:00 in Beijing
    out = chat(
        sqlite_url,
        "boss",
        "4",
        "5",
        "1",
        "2",
        "1",
        "4",
        "5",
        "1",
        "1",
        "100 灯已装好",
        clock=after,
    )
    assert out.count("已办好，关注的居民都会收到通知") == 2
    # The author finds the whole timeline, and rates the result.
    out = chat(sqlite_url, "amy", "4", "7", "1", "1", "5", clock=after)
    assert "三号楼楼道太黑，晚上看不见" in out  # written as written
    assert "已排上议事会" in out and "已立项，推进中" in out and "100% 灯已装好" in out
    assert "谢谢您的评分：5分" in out
    out = chat(sqlite_url, "bob", "菜单", "4", "9", clock=after)
    assert "已完成：1个" in out and "满意率100%" in out


def test_the_old_command_name_still_works_but_is_not_listed():
    """`linli ideas …` was the name before the feature had one; scripts may still say it."""
    from typer.testing import CliRunner

    from linli.bot.cli import cli

    old = CliRunner().invoke(cli, ["ideas", "threshold", "--help"])
    assert old.exit_code == 0 and "--community" in old.output
    listed = CliRunner().invoke(cli, ["--help"]).output
    assert "proposals" in listed and "ideas" not in listed
