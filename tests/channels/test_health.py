"""/healthz and /metrics: on the real `linli run` while Telegram polls, and unhealthy when the
database is gone."""

from __future__ import annotations

import asyncio
import sys

from aiohttp import ClientSession, web

from linli.bot.app import build_app
from linli.bot.config import Settings
from linli.handlers.kit.clock import FakeClock, SystemClock
from tests.channels.fake_telegram import FakeTelegram
from tests.channels.test_wechat_stop import _free_port, _until_listening
from tests.factories import ROOT, linli, process_env, without_quiet_hours


def _metric(text: str, name: str) -> float:
    lines = [line for line in text.splitlines() if line.startswith(name)]
    assert len(lines) == 1, (name, lines)
    return float(lines[0].rsplit(" ", 1)[1])


async def test_a_polling_process_answers_health_and_counts_what_it_does(sqlite_url):
    # In this process, on the system clock the real one keeps: one real process is enough.
    now = FakeClock(SystemClock().now())
    linli("demo", "load", url=sqlite_url, clock=now)
    linli(
        "staff", "grant", "--community", "xinhuashe", "--user", "telegram:790",
        url=sqlite_url, clock=now,
    )  # fmt: skip  # a push waits for the scheduler
    await without_quiet_hours(sqlite_url, "telegram", "790")
    fake = FakeTelegram()
    await fake.start()
    port = _free_port()
    env = process_env(
        sqlite_url,
        {
            "LINLI_TELEGRAM_TOKEN": "42:TEST",
            "LINLI_TELEGRAM_API_URL": fake.url,
            "LINLI_LISTEN_PORT": str(port),
        },
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "linli.bot", "run", cwd=ROOT, env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        # A busy machine can take long to import aiogram: wait until it reaches Telegram.
        async with asyncio.timeout(180):
            await fake.until(lambda f: bool(f.calls))
        await _until_listening(port, process)
        await fake.push(fake.message_update(791, "/start"))
        async with asyncio.timeout(120):
            await fake.until(lambda f: f.sent(791) and f.sent(790))
        async with ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/healthz") as answer:
                status, health = answer.status, await answer.json()
            async with http.get(f"http://127.0.0.1:{port}/metrics") as answer:
                metrics = await answer.text()
    finally:
        process.terminate()
        await process.wait()
        await fake.stop()
    assert status == 200
    assert (health["status"], health["database"], health["scheduler"]) == ("ok", True, True)
    # Both read the outbox when asked (a held push may wait there: quiet hours).
    assert health["outbox_backlog"] >= 0 and _metric(metrics, "linli_outbox_backlog") >= 0
    assert health["outbox_lag_seconds"] >= 0
    assert _metric(metrics, 'linli_updates_total{channel="telegram"}') == 1
    assert _metric(metrics, 'linli_interaction_seconds_count{channel="telegram"}') == 1
    assert _metric(metrics, 'linli_sends_total{channel="telegram",result="sent"}') == 1
    assert _metric(metrics, "linli_telegram_429_total") == 0


async def test_health_is_503_when_the_database_is_unreachable(tmp_path):
    # A folder that does not exist: SQLite cannot open the file.
    url = f"sqlite+aiosqlite:///{tmp_path}/missing/linli.db"
    app = build_app(Settings(database_url=url))
    app.health.tick()
    server = web.Application()
    app.health.add_routes(server)
    runner = web.AppRunner(server)
    await runner.setup()
    port = _free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        async with ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/healthz") as answer:
                status, health = answer.status, await answer.json()
    finally:
        await runner.cleanup()
        await app.close()
    assert status == 503
    assert (health["status"], health["database"], health["scheduler"]) == ("unhealthy", False, True)


async def test_health_is_503_when_the_scheduler_has_not_run(sqlite_url):
    app = build_app(Settings(database_url=sqlite_url))
    try:
        healthy, report = await app.health.check()
    finally:
        await app.close()
    assert (healthy, report["database"], report["scheduler"]) == (False, True, False)
