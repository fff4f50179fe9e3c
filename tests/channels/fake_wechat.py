"""A fake WeChat API on 127.0.0.1 for wechatpy's real client: tokens, customer-service and
template messages, the custom menu (with WeChat's limits), media up and down, parametric QR
codes; each call recorded, errors injectable."""

from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web


@dataclass
class WxCall:
    path: str
    params: dict[str, str]
    body: dict[str, Any]


class FakeWeChat:
    def __init__(self) -> None:
        self.calls: list[WxCall] = []
        self.errors: dict[str, list[tuple[int, str]]] = {}
        self.held: dict[str, asyncio.Event] = {}  # calls to these paths hang until set
        self.tokens = itertools.count(1)
        self.runner: web.AppRunner | None = None
        self.url = ""
        self.media: dict[str, tuple[bytes, str]] = {}  # media_id → (content, content type)
        self.uploads: list[bytes] = []
        self.tags: list[dict[str, Any]] = []
        self.media_ids = itertools.count(1)
        self._arrived = asyncio.Event()

    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("*", "/cgi-bin/{tail:.*}", self._handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
        return self.url

    async def stop(self) -> None:
        for event in self.held.values():
            event.set()
        if self.runner is not None:
            await self.runner.cleanup()

    def fail_next(self, path: str, code: int, message: str) -> None:
        self.errors.setdefault(path, []).append((code, message))

    def hold(self, path: str) -> asyncio.Event:
        """Calls to `path` hang (as a stuck WeChat server would) until the event is set."""
        self.held[path] = asyncio.Event()
        return self.held[path]

    async def until_called(self, path: str) -> None:
        """Wait (on an event, not a clock) until a call to `path` has come in."""
        while not self.of(path):
            self._arrived.clear()
            await self._arrived.wait()

    def of(self, path: str) -> list[WxCall]:
        return [c for c in self.calls if c.path == path]

    async def _handle(self, request: web.Request) -> web.Response:
        path = request.match_info["tail"]
        body: dict[str, Any] = {}
        if path == "media/upload":
            form = await request.post()
            self.uploads.append(form["media"].file.read())
        elif request.can_read_body:
            text = await request.text()
            body = json.loads(text) if text else {}
        self.calls.append(WxCall(path, dict(request.query), body))
        self._arrived.set()
        if path in self.held:
            await self.held[path].wait()
        if path == "token":
            return web.json_response({"access_token": f"T{next(self.tokens)}", "expires_in": 7200})
        queued = self.errors.get(path)
        if queued:
            code, message = queued.pop(0)
            return web.json_response({"errcode": code, "errmsg": message})
        result: dict[str, Any] = {"errcode": 0, "errmsg": "ok"}
        if path == "message/template/send":
            result["msgid"] = 1
        if path == "menu/create":
            refused = menu_refusal(body)
            if refused is not None:
                return web.json_response({"errcode": refused[0], "errmsg": refused[1]})
        if path == "media/get":
            found = self.media.get(request.query.get("media_id", ""))
            if found is None:
                return web.json_response({"errcode": 40007, "errmsg": "invalid media_id"})
            content, content_type = found
            return web.Response(
                body=content,
                content_type=content_type,
                headers={"Content-Disposition": 'attachment; filename="x.jpg"'},
            )
        if path == "media/upload":
            result = {"type": request.query.get("type"), "media_id": f"M{next(self.media_ids)}"}
        if path == "tags/get":
            result = {"tags": list(self.tags)}
        if path == "tags/create":
            tag = {"id": 100 + len(self.tags), "name": body["tag"]["name"], "count": 0}
            self.tags.append(tag)
            result = {"tag": {"id": tag["id"], "name": tag["name"]}}
        if path == "menu/addconditional":
            refused = menu_refusal(body)
            if refused is not None:
                return web.json_response({"errcode": refused[0], "errmsg": refused[1]})
            result = {"menuid": "208379533"}
        if path == "qrcode/create":
            result = {
                "ticket": f"TICKET-{len(self.of('qrcode/create'))}",
                "url": "http://weixin.qq.com/q/fake",
            }
            if "expire_seconds" in body:
                result["expire_seconds"] = body["expire_seconds"]
        return web.json_response(result)


def menu_refusal(menu: dict[str, Any]) -> tuple[int, str] | None:
    """What WeChat answers a menu over its limits (names in UTF-8 bytes)."""
    buttons = menu.get("button", [])
    if not 1 <= len(buttons) <= 3:
        return 40016, "invalid button size"
    for button in buttons:
        if len(button.get("name", "").encode()) > 16:
            return 40018, "invalid button name size"
        subs = button.get("sub_button", [])
        if len(subs) > 5:
            return 40023, "invalid sub button size"
        for sub in subs:
            if len(sub.get("name", "").encode()) > 60:
                return 40018, "invalid button name size"
    return None
