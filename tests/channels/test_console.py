"""The terminal channel and the CLI, driven as a person would: piped standard input."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.factories import ROOT, linli, linli_process


@pytest.fixture
def demo_url(sqlite_url):
    linli("demo", "load", url=sqlite_url)
    return sqlite_url


def test_help_is_quick_because_nothing_heavy_is_imported():
    probe = (
        "import sys, linli.bot.cli; heavy = {'sqlalchemy', 'alembic', 'apscheduler', 'aiogram', "
        "'telegram', 'wechatpy', 'fluent', 'yaml', 'pydantic_settings'}; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "[]"
    help_text = subprocess.run(
        [sys.executable, "-m", "linli.bot", "--help"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    for command in ("run", "chat", "db", "demo", "facilities", "staff"):
        assert command in help_text
    # Printing the help itself: plain text, without rich's boxes (and markdown-it, pygments)
    # or an event loop, which doubled its time (issue 20).
    shown = (
        "import sys; sys.argv = ['linli', '--help']; from linli.bot.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = {'rich', 'asyncio', 'sqlalchemy', 'fluent'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", shown], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert "Usage: linli" in done.stdout
    assert done.stderr.strip() == "[]"


# Libraries only some features need, at the moment they are used: a chart, the console's
# pages, a booking's .ics, a YAML file staff load, the holiday rules of a year
# chinese-calendar has no data for; and the messaging libraries of channels not turned on.
# Each costs MBs held for the life of the process (issue 20).
OPTIONAL = {
    "matplotlib": "charts (handlers/kit/plot.py)",
    "PIL": "pictures",
    "jinja2": "the web console's templates",
    "yaml": "facility and place files",
    "icalendar": "a booking's .ics",
    "holidays": "rule-estimated holidays",
    "rich": "typer's help boxes",
    "aiogram": "Telegram",
    "telegram": "Telegram",
    "aiohttp": "a web server or Telegram",
    "wechatpy": "WeChat",
    "cryptography": "WeChat",
}


def test_a_bare_run_imports_no_library_only_some_features_need(sqlite_url):
    """A whole `linli run` on the terminal (start, chores, the outbox, the conversation,
    the end of input, the stop) with Python listing every import it makes."""
    done = linli_process("run", url=sqlite_url, env={"PYTHONPROFILEIMPORTTIME": "1"})
    imported = _top_level_imports(done.stderr)
    assert "sqlalchemy" in imported and "linli" in imported  # the listing is there
    assert {name: why for name, why in OPTIONAL.items() if name in imported} == {}


def _imports(stderr: str) -> set[str]:
    """Every module Python's import-time listing names (a failed attempt too)."""
    return {
        line.rsplit("|", 1)[1].strip()
        for line in stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def _top_level_imports(stderr: str) -> set[str]:
    return {name.split(".")[0] for name in _imports(stderr)}


async def test_a_polling_ptb_bot_imports_neither_cryptography_nor_a_web_server(sqlite_url):
    """A real `linli run` on python-telegram-bot that polls, with the health routes and the
    web console off, sends a push: PTB's Telegram Passport decryption (cryptography,
    8.5 MB) and aiohttp (9 MB, needed only to serve something) are never imported
    (issue 20)."""
    import asyncio

    from linli.storage.db import Database
    from tests.channels.fake_telegram import FakeTelegram
    from tests.factories import linli_run, process_env, telegram_broadcast

    db = Database(sqlite_url)
    fake = FakeTelegram()
    await fake.start()
    try:
        await telegram_broadcast(db, 1, 9000, "停水通知")
        env = process_env(
            sqlite_url,
            {
                "LINLI_TELEGRAM_TOKEN": "42:TEST",
                "LINLI_TELEGRAM_API_URL": fake.url,
                "LINLI_TELEGRAM_LIBRARY": "ptb",
                "LINLI_HEALTH_ROUTES": "false",
                "LINLI_CONSOLE_ENABLED": "false",
                "PYTHONPROFILEIMPORTTIME": "1",
            },
        )
        process = await linli_run(env)
        try:
            async with asyncio.timeout(120):
                await fake.until(lambda f: len(f.sent()) >= 1)
        finally:
            process.terminate()
            _, stderr = await process.communicate()
    finally:
        await fake.stop()
        await db.dispose()
    imported = _imports(stderr.decode())
    assert "telegram" in imported and "httpx" in imported  # the listing is there
    # PTB still tries `cryptography.hazmat…` (listed, refused); a package really imported
    # is listed under its own name first.
    assert {"cryptography", "aiohttp", "aiogram", "wechatpy"} & imported == set()


def test_a_whole_conversation_through_piped_input(demo_url):
    script = (
        "\n".join(
            [
                "1",  # 同意: the privacy notice comes first
                "2",  # 七星园社区: sign-up asks its 小区/楼栋 next
                "1",  # 七星园南区
                "3",  # 5号楼
                "1",  # 社区之家
                "乒乓球",  # a typed name finds 乒乓球室
                "1",  # its card
                "返回",  # back to the list
                "菜单",
                "/lang",
                "2",  # English
                "6",  # My profile
            ]
        )
        + "\n"
    )
    out = linli("chat", "--user", "grandma", url=demo_url, stdin=script).stdout
    blocks = out.strip().split("\n\n")
    assert len(blocks) == 13  # the notice and one reply per line
    assert blocks[0].startswith("您好！欢迎使用") and "[1] 同意" in blocks[0]
    blocks = blocks[1:]
    assert "[1] 新华社社区" in blocks[0]
    assert "七星园社区" in blocks[1] and "[1] 七星园南区" in blocks[1] and "[3] 跳过" in blocks[1]
    assert "已保存：5号楼" in blocks[3] and "[1] 社区之家（共享场地）" in blocks[3]
    assert "[1] 乒乓球室（西山机械厂）" in blocks[5]
    assert "【乒乓球室】西山机械厂" in blocks[6] and "费用：免费" in blocks[6]
    assert "[1] 预约" in blocks[6]
    assert "[1] 乒乓球室（西山机械厂）" in blocks[7]
    assert blocks[10].startswith("Done. I will talk to you in English.")
    assert "Compound/building: 5号楼" in blocks[11]


def test_english_from_the_start_and_end_of_file_ends_the_chat(demo_url):
    done = linli("chat", "--user", "visitor", "--lang", "en", url=demo_url, stdin="")
    assert done.stdout.startswith("Hello! Welcome to Linli")
    assert done.returncode == 0


def test_run_delivers_outbox_messages_in_the_terminal(demo_url):
    # A staff grant made from another terminal queues a push for the terminal user.
    granted = linli(
        "staff",
        "grant",
        "--community",
        "xinhuashe",
        "--user",
        "console:local",
        "--role",
        "staff",
        url=demo_url,
    )
    assert "staff" in granted.stdout
    # The notice's 同意, the community, then its 小区.
    out = linli("run", url=demo_url, stdin="1\n1\n跳过\n").stdout
    assert "🔔 您已成为“新华社社区”的社区工作人员" in out
    assert "[10] 社区管理" in out  # the menu now shows the staff tools


def test_cli_reports_a_bad_directory_file_and_exits_non_zero(demo_url, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("units:\n  - name: 某单位\n    kind: 学校\n", encoding="utf-8")
    done = linli("facilities", "import", str(bad), url=demo_url, check=False)
    assert done.returncode == 1
    assert "第2行：缺少“address”。" in done.stderr
    assert "没有导入任何内容" in done.stderr


def test_demo_load_if_empty_does_not_load_twice(demo_url):
    done = linli("demo", "load", "--if-empty", url=demo_url)
    assert "没有重复载入" in done.stdout


def test_staff_invite_from_the_cli_works_in_chat(demo_url):
    made = linli(
        "staff",
        "invite",
        "--community",
        "wufangyuan",
        "--role",
        "operator",
        "--unit",
        "西山机械厂",
        url=demo_url,
        check=False,
    )
    if made.returncode != 0:
        pytest.fail(made.stderr)
    code = made.stdout.split("邀请码：", 1)[1].split("（", 1)[0]
    out = linli("chat", "--user", "op", url=demo_url, stdin=f"1\n3\n/join {code}\n").stdout
    assert "您已成为“西山机械厂”的联系人（五芳园社区）" in out


def test_cli_grant_refuses_unknown_community(demo_url):
    done = linli(
        "staff", "grant", "--community", "nowhere", "--user", "console:x", url=demo_url, check=False
    )
    assert done.returncode == 1
    assert "没有编号为nowhere的社区" in done.stderr


def test_facilities_list_and_month_report_from_the_cli(demo_url, tmp_path):
    listing = linli("facilities", "list", url=demo_url).stdout
    line = next(x for x in listing.splitlines() if "舞蹈房" in x)
    assert line.endswith("需要预约") and "yes" not in listing and "no" not in listing.split()
    number = line.split()[0]
    out = tmp_path / "report.csv"
    done = linli(
        "facilities",
        "report",
        "--facility",
        number,
        "--month",
        "2026-11",
        "--csv",
        str(out),
        url=demo_url,
    )
    assert "舞蹈房 2026-11：预约0次" in done.stdout
    # The command line attaches nothing: it says where it wrote the rows, or how to get them.
    assert "附件" not in done.stdout and f"明细写入{out}" in done.stdout
    assert out.read_text(encoding="utf-8-sig").startswith("日期,开始,结束,预约码,状态")
    bad = linli(
        "facilities",
        "report",
        "--facility",
        number,
        "--month",
        "11/2026",
        url=demo_url,
        check=False,
    )
    assert bad.returncode == 2 and "2026-11" in bad.stderr
    plain = linli("facilities", "report", "--facility", number, "--month", "2026-11", url=demo_url)
    assert "附件" not in plain.stdout and "--csv" in plain.stdout


@pytest.mark.parametrize("library", ["aiogram", "ptb"])
def test_run_with_a_token_and_no_network_fails_with_one_line(demo_url, library):
    done = linli(
        "run",
        url=demo_url,
        check=False,
        env={
            "LINLI_TELEGRAM_TOKEN": "1:x",
            "LINLI_TELEGRAM_LIBRARY": library,
            "LINLI_TELEGRAM_API_URL": "http://127.0.0.1:9",
        },
    )
    assert done.returncode == 1
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("连不上 Telegram（http://127.0.0.1:9）：")
