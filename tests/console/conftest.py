"""The web console under test: the real aiohttp server on 127.0.0.1 with the demo community,
a fake clock, and a way to sign in as anyone (the link a `/console` in chat would send).

`desk` runs on every storage backend; `browser` is headless Chromium from the machine's
Debian package driven by Playwright (no browser download). Without Chromium a browser test is
skipped on a developer's machine and fails under CI, where .ci/run installs it."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from linli.bot.console.web import Console
from linli.handlers.kit.config import CoreConfig
from linli.storage.models import User
from tests import factories

CSRF = re.compile(r'name="_csrf" value="([^"]+)"')


class Desk:
    """The console's server and helpers to act on it as a signed-in person."""

    def __init__(self, db, clock, translator, console: Console, server: TestServer) -> None:
        self.db = db
        self.clock = clock
        self.translator = translator
        self.console = console
        self.server = server
        self.woken = 0
        self._clients: list[TestClient] = []

    def url(self, path: str) -> str:
        return str(self.server.make_url(path))

    async def client(self) -> TestClient:
        """A browser of its own (its own cookies), signed out."""
        client = TestClient(self.server)
        await client.start_server()
        self._clients.append(client)
        return client

    async def link(self, user: User | int) -> str:
        """The sign-in path a `/console` in chat would send `user`."""
        user_id = user if isinstance(user, int) else user.id
        async with self.db.uow() as uow:
            token = await uow.console.new_link(user_id, self.clock.now(), dt.timedelta(minutes=10))
            await uow.commit()
        return f"/console/in/{token}"

    async def sign_in(self, user: User | int) -> TestClient:
        client = await self.client()
        response = await client.post(await self.link(user), allow_redirects=False)
        assert response.status == 303, await response.text()
        return client

    async def csrf(self, client: TestClient, path: str) -> str:
        response = await client.get(path)
        assert response.status == 200, await response.text()
        found = CSRF.search(await response.text())
        assert found, "the page has no form token"
        return found.group(1)

    async def post(
        self, client: TestClient, path: str, data: dict, *, form_page: str | None = None
    ):
        """POST `data` with the form token of `form_page` (default: `path`'s own page)."""
        token = await self.csrf(client, form_page or path)
        return await client.post(path, data={**data, "_csrf": token}, allow_redirects=False)

    async def close(self) -> None:
        for client in self._clients:
            await client.close()


async def start_desk(db, clock, translator) -> Desk:
    config = CoreConfig(console_base="http://127.0.0.1")
    holder: dict = {}

    def wake() -> None:
        holder["desk"].woken += 1

    console = Console(db, clock, config, translator, wake=wake)
    app = web.Application(client_max_size=1024 * 1024)
    console.add_routes(app)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    desk = Desk(db, clock, translator, console, server)
    holder["desk"] = desk
    return desk


@pytest.fixture
async def desk(db, clock, translator):
    """The console on the demo community, on each storage backend."""
    await factories.demo(db, clock)
    started = await start_desk(db, clock, translator)
    yield started
    await started.close()
    await started.server.close()


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
async def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed: .ci/run installs Debian's chromium package")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        # --no-sandbox: CI runs as root, where Chromium refuses its sandbox.
        launched = await playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            await launched.close()


def pytest_collection_modifyitems(config, items):
    """A browser test runs once, on SQLite: the browser sees pages, and what is under them
    runs on both backends in the HTTP and service tests (a Chromium walk costs seconds)."""
    kept, dropped = [], []
    for item in items:
        spec = getattr(item, "callspec", None)
        on_pg = spec is not None and spec.params.get("db_url") == "postgresql"
        in_browser = "browser" in getattr(item, "fixturenames", ())
        (dropped if on_pg and in_browser else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
