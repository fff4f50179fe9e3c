"""The console as `linli run` and `linli console` mount it, from the settings."""

from __future__ import annotations

import socket

import aiohttp

from linli.bot.app import build_app
from linli.bot.channels.serve import start_console
from linli.bot.config import Settings


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_console_address_follows_the_settings():
    assert Settings().console_url == "http://127.0.0.1:8080"
    assert Settings(listen_port=9000).console_url == "http://127.0.0.1:9000"
    on_wechat = Settings(wechat_public_url="https://bot.example.org/")
    assert on_wechat.console_url == "https://bot.example.org"
    own = Settings(wechat_public_url="https://bot.example.org", console_public_url="https://desk.x")
    assert own.console_url == "https://desk.x"
    assert Settings(console_enabled=False).console_url is None


async def test_linli_console_serves_the_sign_in_pages(sqlite_url):
    port = _free_port()
    app = build_app(Settings(database_url=sqlite_url, listen_port=port))
    runner = await start_console(app)
    try:
        async with aiohttp.ClientSession() as client:
            response = await client.get(f"http://127.0.0.1:{port}/console")
            assert response.status == 401
            assert "/console" in await response.text()
            gone = await client.get(f"http://127.0.0.1:{port}/console/in/nothing")
            assert gone.status == 404
            style = await client.get(f"http://127.0.0.1:{port}/console/static/console.css")
            assert style.status == 200
    finally:
        await runner.cleanup()
        await app.close()
