"""One-time download links to a resident's own data, served by the webhooks' web server
(WeChat cannot send files; see 我的数据).

GET /export/<token> shows a page with one button, and only its POST hands the file over and
uses the link up: a chat app's link preview, which fetches the address, cannot spend it.
A used, expired or unknown token gets the same polite page and a 404. The token is the
only thing about the person in the address; the access log shows /export/… without it.
"""

from __future__ import annotations

import html
import json
import logging

from linli.handlers.kit.text import Text, t

log = logging.getLogger(__name__)

PREFIX = "/export/"
ROUTE = PREFIX + "{token}"
# The page says no more than needed and is neither cached nor sent on as a referrer.
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex",
}
PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{title}</title></head>
<body style="font-size:1.3em;font-family:sans-serif;margin:2em">{body}</body></html>
"""


SECRET_PATHS = (PREFIX, "/console/in/")


def redacted(path: str) -> str:
    """The path as logs may show it: a link's token is a key to someone's data (a download,
    a console sign-in)."""
    for prefix in SECRET_PATHS:
        if path.startswith(prefix):
            return prefix + "…"
    return path


class ExportLinks:
    def __init__(self, db, clock, translator, locale: str, zone) -> None:
        self.db = db
        self.clock = clock
        self.translator = translator
        self.locale = locale
        self.zone = zone

    def _say(self, text: Text) -> str:
        return html.escape(self.translator.render(text, self.locale))

    def _gone(self):
        from aiohttp import web

        body = "<p>" + self._say(t("export-link-gone")) + "</p>"
        return web.Response(
            status=404,
            content_type="text/html",
            charset="utf-8",
            text=PAGE.format(title=self._say(t("mydata-menu")), body=body),
            headers=HEADERS,
        )

    async def page(self, request):
        """The button to press; the link is still unused afterwards."""
        from aiohttp import web

        token = request.match_info["token"]
        async with self.db.uow(read_only=True) as uow:
            valid = await uow.privacy.link_valid(token, self.clock.now())
        if not valid:
            return self._gone()
        body = (
            "<p>"
            + self._say(t("export-link-intro"))
            + '</p><form method="post"><button type="submit" style="font-size:1.2em;padding:.6em">'
            + self._say(t("export-link-download"))
            + "</button></form>"
        )
        return web.Response(
            content_type="text/html",
            charset="utf-8",
            text=PAGE.format(title=self._say(t("mydata-menu")), body=body),
            headers=HEADERS,
        )

    async def download(self, request):
        """The file, once: the link is spent in the same transaction that reads the data."""
        from aiohttp import web

        token = request.match_info["token"]
        now = self.clock.now()
        async with self.db.uow() as uow:
            user_id = await uow.privacy.use_link(token, now)
            if user_id is None:
                return self._gone()
            document = await uow.privacy.document(user_id, now)
            await uow.privacy.record(user_id, now, "privacy.export", {"via": "link"})
            await uow.commit()
        log.info("export link used")
        day = now.astimezone(self.zone).date()
        return web.Response(
            body=json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8"),
            content_type="application/json",
            charset="utf-8",
            headers={
                **HEADERS,
                "Content-Disposition": f'attachment; filename="my-data-{day:%Y-%m-%d}.json"',
            },
        )

    def add_routes(self, server) -> None:
        server.router.add_get(ROUTE, self.page)
        server.router.add_post(ROUTE, self.download)
