"""/healthz and /metrics: unhealthy when the database is gone or the scheduler has not run.
On the real `linli run` while Telegram polls, they are checked by
tests/channels/test_telegram.py (test_linli_run_serves_telegram_by_polling_and_sends_pushes),
in the same process as the polling: one process start fewer."""

from __future__ import annotations

from aiohttp import ClientSession, web

from linli.bot.app import build_app
from linli.bot.config import Settings
from tests.channels.test_wechat_stop import _free_port


def metric(text: str, name: str) -> float:
    lines = [line for line in text.splitlines() if line.startswith(name)]
    assert len(lines) == 1, (name, lines)
    return float(lines[0].rsplit(" ", 1)[1])


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
