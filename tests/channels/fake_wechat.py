"""A fake WeChat API on 127.0.0.1 for wechatpy's real client: tokens, customer-service and
template messages, the custom menu; each call recorded, errors injectable."""

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

    def of(self, path: str) -> list[WxCall]:
        return [c for c in self.calls if c.path == path]

    async def _handle(self, request: web.Request) -> web.Response:
        path = request.match_info["tail"]
        body: dict[str, Any] = {}
        if request.can_read_body:
            text = await request.text()
            body = json.loads(text) if text else {}
        self.calls.append(WxCall(path, dict(request.query), body))
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
        return web.json_response(result)
