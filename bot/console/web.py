"""The console's web side: sign-in by a link from chat, sessions, CSRF, the pages' frame.

- A sign-in link (`/console/in/TOKEN`, sent in chat by `/console`) shows one button; only its
  POST spends the link, so a chat app's link preview cannot. The session is a random token in
  an HttpOnly, SameSite=Lax cookie (Secure over https); the database keeps its hash.
- Every request re-reads the person's roles: a role taken back ends their sessions there and
  then, and a page shows only the communities of the roles in force.
- Every POST carries the session's form token (`_csrf`), and a browser's Origin header, when
  sent, must be this server: a page elsewhere cannot make a signed-in browser act.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from linli.bot.console.desk import Desk, load_desk
from linli.bot.console.page import FLASH_COOKIE, MAX_FORM_BYTES, Page, Route, Routes
from linli.handlers.kit import ids
from linli.handlers.kit.errors import DomainError, NotAllowed, NotFound
from linli.handlers.kit.text import Text, t
from linli.storage.models import AuditEntry

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
COOKIE = "linli_console"
SIGN_IN = "/console/in/"
HEADERS = {
    "Cache-Control": "no-store",
    # Not no-referrer: with it a browser sends "Origin: null" with a form, and the Origin
    # check could not tell our own forms from a sandboxed page elsewhere.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
}


# What the frame says, as (title, message).
GONE = (t("console-link-gone-title"), t("console-link-gone"))
ROLE_ENDED = (t("console-role-ended-title"), t("console-role-ended"))
SIGNED_OUT = (t("console-signed-out-title"), t("console-signed-out"))
CSRF_REFUSED = (t("console-csrf-title"), t("console-csrf"))
FORBIDDEN = (t("console-forbidden-title"), t("console-forbidden"))
NOT_FOUND = (t("console-not-found-title"), t("console-not-found"))
TOO_BIG = (t("console-too-big-title"), t("console-too-big"))


class Console:
    def __init__(
        self,
        db,
        clock,
        config,
        translator,
        *,
        locale: str = "zh-CN",
        session_ttl: dt.timedelta = dt.timedelta(hours=12),
        wake=None,
        areas=None,
    ) -> None:
        from jinja2 import Environment, FileSystemLoader, StrictUndefined

        self.db = db
        self.clock = clock
        self.config = config
        self.translator = translator
        self.locale = locale
        self.session_ttl = session_ttl
        self._wake = wake
        self.secure = (config.console_base or "").startswith("https://")
        self.templates = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.routes = Routes()
        if areas is None:
            from linli.bot.console.pages import AREAS

            areas = AREAS
        for area in areas:
            area.register(self.routes)

    def wake(self) -> None:
        if self._wake is not None:
            self._wake()

    # ---- mounting ----------------------------------------------------------------------
    def add_routes(self, server) -> None:
        router = server.router
        router.add_get("/console", self._home)
        router.add_get("/console/", self._home)
        router.add_get(SIGN_IN + "{token}", self._link_page)
        router.add_post(SIGN_IN + "{token}", self._sign_in)
        router.add_post("/console/out", self._wrap(Route("POST", "/console/out", _sign_out)))
        router.add_get("/console/static/console.css", self._css)
        for route in self.routes.items:
            handle = self._public(route) if route.public else self._wrap(route)
            if route.method == "GET":
                router.add_get(route.path, handle)
            else:
                router.add_post(route.path, handle)

    def nav(self, page: Page) -> list[dict[str, Any]]:
        """The bar of a community's pages: every registered page with a `nav` key."""
        cid = page.request.match_info.get("cid")
        if cid is None and page.desk is not None and page.desk.communities:
            cid = str(page.desk.communities[0].id)
        if cid is None:
            return []
        here = page.request.path
        entries = []
        for route in self.routes.items:
            if route.nav and route.path.count("{") == 1 and "{cid}" in route.path:
                href = route.path.replace("{cid}", cid)
                entries.append({"label": page.t(route.nav), "href": href, "here": here == href})
        return entries

    # ---- rendering -----------------------------------------------------------------------
    def render(self, page: Page, template: str, *, status: int = 200, **context: Any):
        from aiohttp import web
        from markupsafe import Markup

        flash = page.request.cookies.get(FLASH_COOKIE)
        said = None
        # Only a console key: the cookie is the browser's, and says nothing else.
        if flash and flash.startswith("console-") and self._known(flash):
            said = page.t(flash)
        desk: Desk | None = page.desk
        cid = page.request.match_info.get("cid")
        values = {
            "t": page.t,
            "page": page,
            "desk": desk,
            "lang": page.locale,
            "cid": int(cid) if cid and cid.isdigit() else None,
            "nav": self.nav(page) if desk is not None else [],
            "flash": said,
            "csrf_field": lambda: Markup(
                '<input type="hidden" name="_csrf" value="{}">'.format(
                    Markup.escape(desk.csrf if desk else "")
                )
            ),
        }
        values.update(context)
        body = self.templates.get_template(template).render(**values)
        response = web.Response(
            text=body, status=status, content_type="text/html", charset="utf-8", headers=HEADERS
        )
        if flash:
            response.del_cookie(FLASH_COOKIE, path="/console")
        return response

    def _known(self, key: str) -> bool:
        return any(bundle.has_message(key) for bundle in self.translator.bundles.values())

    def _message(self, page: Page, said: tuple[Text, Text], status: int):
        title, message = said
        return page.render(
            "message.html", status=status, title=page.t(title), message=page.t(message)
        )

    async def _css(self, request):
        from aiohttp import web

        return web.FileResponse(
            HERE / "static" / "console.css", headers={"Cache-Control": "max-age=3600"}
        )

    # ---- sign-in and sessions ------------------------------------------------------------
    async def _link_page(self, request):
        page = Page(self, request, None)
        token = request.match_info["token"]
        async with self.db.uow(read_only=True) as uow:
            valid = len(token) <= 100 and await uow.console.link_valid(token, self.clock.now())
        if not valid:
            return self._message(page, GONE, 404)
        return page.render("signin.html", title=page.t(t("console-signin-title")))

    async def _sign_in(self, request):
        from aiohttp import web

        page = Page(self, request, None)
        token = request.match_info["token"]
        now = self.clock.now()
        if len(token) > 100 or not self._same_origin(request):
            return self._message(page, GONE, 404)
        async with self.db.uow() as uow:
            user_id = await uow.console.use_link(token, now)
            if user_id is None or not await uow.roles.active_for(user_id):
                await uow.commit()
                return self._message(page, GONE, 404)
            secret = await uow.console.open_session(user_id, now, self.session_ttl)
            uow.audit.add(
                AuditEntry(
                    at=now,
                    community_id=None,
                    actor=ids.actor(user_id),
                    action="console.sign-in",
                    target="",
                    details={},
                )
            )
            await uow.commit()
        log.info("console: signed in")
        response = web.Response(status=303, headers={"Location": "/console"})
        response.set_cookie(
            COOKIE,
            secret,
            path="/",
            httponly=True,
            samesite="Lax",
            secure=self.secure,
            max_age=int(self.session_ttl.total_seconds()),
        )
        return response

    async def _desk(self, request) -> Desk | bool | None:
        """The signed-in desk; None when not signed in; False when the person's roles ended."""
        secret = request.cookies.get(COOKIE)
        if not secret or len(secret) > 100:
            return None
        now = self.clock.now()
        async with self.db.uow(read_only=True) as uow:
            session = await uow.console.live_session(secret, now)
            if session is None:
                return None
            desk = await load_desk(uow, session.user_id, session.csrf, session.id)
        if desk is None:
            async with self.db.uow() as uow:
                await uow.console.end_sessions(session.user_id, now)
                await uow.commit()
            log.info("console: a session ended, its roles were taken back")
            return False
        return desk

    async def _home(self, request):
        from aiohttp import web

        desk = await self._desk(request)
        page = Page(self, request, desk or None)
        if not desk:
            if desk is False:
                return self._message(page, ROLE_ENDED, 403)
            return self._message(page, SIGNED_OUT, 401)
        raise web.HTTPSeeOther(location=f"/console/c/{desk.communities[0].id}/todo")

    def _same_origin(self, request) -> bool:
        origin = request.headers.get("Origin")
        if origin is None:
            return True  # not a browser's cross-site form (browsers send Origin with a POST)
        if origin == "null":
            return False
        allowed = {request.host}
        if self.config.console_base:
            allowed.add(urlsplit(self.config.console_base).netloc)
        return urlsplit(origin).netloc in allowed

    def _wrap(self, route: Route):
        async def handle(request):
            from aiohttp import web

            desk = await self._desk(request)
            page = Page(self, request, desk or None)
            if desk is False:
                response = self._message(page, ROLE_ENDED, 403)
                response.del_cookie(COOKIE, path="/")
                return response
            if desk is None:
                return self._message(page, SIGNED_OUT, 401)
            if request.method == "POST":
                if request.content_length and request.content_length > MAX_FORM_BYTES:
                    return self._message(page, TOO_BIG, 413)
                form = await page.form()
                given = str(form.get("_csrf", ""))
                if not self._same_origin(request) or not hmac.compare_digest(
                    given.encode(), desk.csrf.encode()
                ):
                    log.info("console: a form without its token was refused")
                    return self._message(page, CSRF_REFUSED, 403)
            try:
                return await route.handler(page)
            except web.HTTPException:
                raise
            except NotAllowed:
                return self._message(page, FORBIDDEN, 403)
            except NotFound:
                return self._message(page, NOT_FOUND, 404)
            except DomainError as error:
                return page.render(
                    "message.html",
                    status=400,
                    title=page.t(t("console-refused-title")),
                    message=page.t(error.message),
                )

        return handle

    def _public(self, route: Route):
        async def handle(request):
            page = Page(self, request, None)
            try:
                response = await route.handler(page)
            except NotFound:
                return self._message(page, NOT_FOUND, 404)
            return response

        return handle


async def _sign_out(page: Page):
    async with page.db.uow() as uow:
        await uow.console.end_session(page.desk.session_id, page.now())
        await uow.commit()
    log.info("console: signed out")
    gone = Page(page.console, page.request, None)
    response = gone.render(
        "message.html",
        title=gone.t(t("console-signed-out-title")),
        message=gone.t(t("console-bye")),
    )
    response.del_cookie(COOKIE, path="/")
    return response
