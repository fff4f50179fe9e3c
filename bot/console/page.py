"""What a console page handler gets (`Page`) and how pages are registered (`Routes`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from linli.bot.console.desk import Desk
from linli.handlers.kit.errors import NotAllowed, NotFound
from linli.handlers.kit.table import csv_bytes
from linli.handlers.kit.text import Text
from linli.storage.models import Community

if TYPE_CHECKING:
    from aiohttp import web

    from linli.bot.console.web import Console

Handler = Callable[["Page"], Awaitable["web.StreamResponse"]]

# Forms are small; an uploaded YAML directory is the biggest thing a page takes.
MAX_FORM_BYTES = 1024 * 1024
FLASH_COOKIE = "linli_flash"


class Page:
    """One request to a console or board page."""

    def __init__(self, console: Console, request: web.Request, desk: Desk | None) -> None:
        self.console = console
        self.request = request
        self.desk = desk
        self._form = None

    # What the app gives every page.
    @property
    def db(self):
        return self.console.db

    @property
    def clock(self):
        return self.console.clock

    @property
    def config(self):
        return self.console.config

    @property
    def zone(self):
        return self.console.config.zone

    def now(self) -> dt.datetime:
        return self.clock.now()

    @property
    def locale(self) -> str:
        if self.desk is not None:
            return self.desk.locale
        asked = self.request.query.get("lang")
        return asked if asked in self.console.translator.languages else self.console.locale

    def wake(self) -> None:
        """Pushes were enqueued: have the outbox send them now rather than at its next tick."""
        self.console.wake()

    # Words.
    def t(self, key: str | Text, /, **args: Any) -> str:
        # page.t("console-…") and t("console-…") in templates are found by tests/locales.
        text = key if isinstance(key, Text) else Text(key, args)
        return self.console.translator.render(text, self.locale)

    # The community in the address, checked against the signed-in person's roles.
    @property
    def community_id(self) -> int:
        value = self.request.match_info.get("cid", "")
        if not value.isdigit() or len(value) > 12:
            raise NotFound()
        cid = int(value)
        if self.desk is None or cid not in self.desk.community_ids:
            raise NotAllowed()
        return cid

    async def community(self) -> Community:
        cid = self.community_id
        async with self.db.uow(read_only=True) as uow:
            found = await uow.communities.get(cid)
        if found is None:
            raise NotFound()
        return found

    def require_staff(self) -> int:
        """The community in the address, where the person must be staff (not only operator)."""
        cid = self.community_id
        if not self.desk.is_staff(cid):
            raise NotAllowed()
        return cid

    def number(self, name: str, *, source: dict | None = None, high: int = 2**31 - 1) -> int:
        """A positive whole number from the address (or `source`), else 404."""
        value = str((source or self.request.match_info).get(name, ""))
        if not value.isdigit() or len(value) > 12 or not 0 < int(value) <= high:
            raise NotFound()
        return int(value)

    async def form(self):
        """The posted form (already checked for its CSRF token)."""
        if self._form is None:
            self._form = await self.request.post()
        return self._form

    # Answers.
    def render(self, template: str, *, status: int = 200, **context: Any) -> web.Response:
        return self.console.render(self, template, status=status, **context)

    def redirect(self, path: str, *, flash: str | None = None) -> web.Response:
        """303 to `path` (a console path like "/console/c/3/todo"), saying `flash` there."""
        from aiohttp import web

        response = web.Response(status=303, headers={"Location": path})
        if flash:
            response.set_cookie(FLASH_COOKIE, flash, path="/console", httponly=True, max_age=60)
        return response

    def csv(self, filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]):
        """A CSV download (cells that start like a formula are defused by csv_bytes)."""
        from aiohttp import web

        body = csv_bytes([list(header), *[list(r) for r in rows]])
        return web.Response(
            body=body,
            content_type="text/csv",
            charset="utf-8",
            headers={
                "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
                "Cache-Control": "no-store",
            },
        )


@dataclass
class Route:
    method: str
    path: str
    handler: Handler
    public: bool = False
    # The navigation entry this page is (a message key), shown in the bar when it has no
    # other placeholder than {cid}.
    nav: str | None = None


@dataclass
class Routes:
    """Collects the pages of every area; `Console` mounts them."""

    items: list[Route] = field(default_factory=list)

    def get(self, path: str, handler: Handler, *, nav: str | None = None) -> None:
        """A signed-in page; `path` is below /console (it starts with "/c/{cid}/" for a
        community's pages)."""
        self.items.append(Route("GET", "/console" + path, handler, nav=nav))

    def post(self, path: str, handler: Handler) -> None:
        """A signed-in form; its CSRF token is checked before `handler` runs."""
        self.items.append(Route("POST", "/console" + path, handler))

    def public_get(self, path: str, handler: Handler) -> None:
        """A page anyone may open, at `path` itself (e.g. "/board/{code}")."""
        self.items.append(Route("GET", path, handler, public=True))
