"""A fake Telegram Bot API on 127.0.0.1 that the real aiogram and PTB clients talk HTTP to.

It serves getMe, getUpdates (honouring offset), sendMessage, editMessageText,
answerCallbackQuery, sendDocument, setMyCommands and the webhook calls; records every
call; and can be told to answer the next call of a method with an error (429, 403…).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT = {
    "id": 1000,
    "is_bot": True,
    "first_name": "Linli",
    "username": "linli_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
SENDS = {"sendMessage", "editMessageText", "sendPhoto", "sendDocument", "editMessageReplyMarkup"}


def _keyboard(params: dict) -> list:
    markup = params.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
    return (markup or {}).get("inline_keyboard", [])


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    content_types: dict[str, str] = field(default_factory=dict)

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def keyboard(self) -> list[tuple[str, str]]:
        markup = self.params.get("reply_markup")
        if not markup:
            return []
        if isinstance(markup, str):
            markup = json.loads(markup)
        return [(b["text"], b["callback_data"]) for row in markup["inline_keyboard"] for b in row]


class FakeTelegram:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.updates: list[dict] = []
        self.errors: dict[str, list[tuple[int, str, int | None]]] = {}
        self._new_update = asyncio.Condition()
        self._new_call = asyncio.Condition()
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(500)
        self.runner: web.AppRunner | None = None
        self.url = ""
        # (chat_id, message_id) → (text, keyboard) of the messages we sent, to refuse an
        # edit that changes nothing as Telegram does.
        self.shown: dict[tuple[int, int], tuple[str, list]] = {}
        self.cap: float | None = None  # sends a second before Telegram answers 429
        # The long poll in flight: its request, and a future set when a newer one ends it.
        self._poll_now: tuple[web.Request, asyncio.Future] | None = None
        # Long polls ended by another getUpdates (409) while their caller still waited:
        # two pollers at once. One whose caller had gone (a poll cut off as its process
        # stopped) is not counted: nobody was told.
        self.conflicts = 0
        self.hold: dict[int, asyncio.Event] = {}  # chat id → sends to it wait for this
        self.holding = 0  # sends that have waited on a hold
        self._recent: list[float] = []

    # --- driving it ---

    async def start(self) -> str:
        app = web.Application(client_max_size=10 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()

    def fail_next(
        self, method: str, status: int, description: str, retry_after: int | None = None
    ) -> None:
        self.errors.setdefault(method, []).append((status, description, retry_after))

    def message_update(
        self,
        user_id: int,
        text: str,
        *,
        chat_type: str = "private",
        chat_id: int | None = None,
        language: str | None = "zh-hans",
        update_id: int | None = None,
    ) -> dict:
        user = {"id": user_id, "is_bot": False, "first_name": f"u{user_id}"}
        if language:
            user["language_code"] = language
        return {
            "update_id": update_id or next(self._update_ids),
            "message": {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "text": text,
                "chat": {"id": chat_id or user_id, "type": chat_type},
                "from": user,
            },
        }

    def photo_update(self, user_id: int, file_id: str, caption: str) -> dict:
        update = self.message_update(user_id, "")
        message = update["message"]
        del message["text"]
        message["caption"] = caption
        message["photo"] = [
            {"file_id": f"{file_id}-small", "file_unique_id": "s", "width": 90, "height": 90},
            {"file_id": file_id, "file_unique_id": "b", "width": 800, "height": 600},
        ]
        return update

    def callback_update(
        self, user_id: int, data: str, message_id: int, language: str | None = "zh-hans"
    ) -> dict:
        user = {"id": user_id, "is_bot": False, "first_name": f"u{user_id}"}
        if language:
            user["language_code"] = language
        return {
            "update_id": next(self._update_ids),
            "callback_query": {
                "id": str(next(self._ids)),
                "from": user,
                "chat_instance": "ci",
                "data": data,
                "message": {
                    "message_id": message_id,
                    "date": int(time.time()),
                    "text": "…",
                    "chat": {"id": user_id, "type": "private"},
                    "from": {k: BOT[k] for k in ("id", "is_bot", "first_name")},
                },
            },
        }

    async def push(self, update: dict) -> None:
        async with self._new_update:
            self.updates.append(update)
            self._new_update.notify_all()

    async def until(self, predicate) -> None:
        """Wait (on events) until the calls recorded so far satisfy predicate."""
        async with self._new_call:
            await self._new_call.wait_for(lambda: predicate(self))

    def sent(self, chat_id: int | None = None) -> list[Call]:
        return [
            c
            for c in self.calls
            if c.method in ("sendMessage", "editMessageText", "sendPhoto")
            and (chat_id is None or c.chat_id == chat_id)
        ]

    # --- the Bot API ---

    async def _params(self, request: web.Request) -> tuple[dict, dict, dict]:
        params: dict[str, Any] = dict(request.query)
        files: dict[str, tuple[str, bytes]] = {}
        content_types: dict[str, str] = {}
        if request.content_type == "application/json":
            body = await request.text()
            if body:
                params.update(json.loads(body))
        elif request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                if part.filename:
                    files[part.name] = (part.filename, await part.read())
                    content_types[part.name] = part.headers.get("Content-Type", "")
                else:
                    params[part.name] = await part.text()
        elif request.can_read_body:
            params.update(dict(await request.post()))
        return params, files, content_types

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params, files, content_types = await self._params(request)
        if method == "getUpdates":
            return await self._get_updates(request, params)
        held = self.hold.get(int(params.get("chat_id") or 0))
        if held is not None and method in SENDS:
            async with self._new_call:
                self.holding += 1
                self._new_call.notify_all()
            await held.wait()  # a send stuck in flight (its sender dies meanwhile)
        queued = self.errors.get(method)
        error = queued.pop(0) if queued else self._refusal(method, params)
        if error:
            status, description, retry_after = error
            body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
            if retry_after is not None:
                body["parameters"] = {"retry_after": retry_after}
            await self._record(Call(method, {**params, "_failed": status}, files))
            return web.json_response(body, status=status)
        await self._record(Call(method, params, files, content_types))
        result = self._result(method, params, files)
        if isinstance(result, dict) and "message_id" in result:
            key = (result["chat"]["id"], result["message_id"])
            self.shown[key] = (params.get("text", params.get("caption", "")), _keyboard(params))
        elif method == "editMessageReplyMarkup":
            key = (int(params["chat_id"]), int(params["message_id"]))
            if key in self.shown:
                self.shown[key] = (self.shown[key][0], _keyboard(params))
        return web.json_response({"ok": True, "result": result})

    def _refusal(self, method: str, params: dict) -> tuple[int, str, int | None] | None:
        """What Telegram itself would refuse: an edit that changes nothing, a send over the cap."""
        if method == "editMessageText":
            key = (int(params["chat_id"]), int(params["message_id"]))
            if self.shown.get(key) == (params.get("text", ""), _keyboard(params)):
                return (400, NOT_MODIFIED, None)
        if self.cap is not None and method in SENDS:
            moment = time.monotonic()
            self._recent = [t for t in self._recent if t > moment - 1.0]
            if len(self._recent) >= self.cap:
                return (429, "Too Many Requests: retry after 1", 1)
            self._recent.append(moment)
        return None

    async def _record(self, call: Call) -> None:
        async with self._new_call:
            self.calls.append(call)
            self._new_call.notify_all()

    def _result(self, method: str, params: dict, files: dict) -> Any:
        if method == "getMe":
            return BOT
        if method in ("sendMessage", "editMessageText", "sendDocument", "sendPhoto"):
            chat_id = int(params["chat_id"])
            message = {
                "message_id": int(params.get("message_id") or next(self._ids)),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": {k: BOT[k] for k in ("id", "is_bot", "first_name")},
            }
            if method == "sendPhoto":
                message["photo"] = [
                    {
                        "file_id": str(params.get("photo")),
                        "file_unique_id": "p",
                        "width": 800,
                        "height": 600,
                    }
                ]
                message["caption"] = params.get("caption") or ""
            elif method == "sendDocument":
                name = next(iter(files.values()))[0] if files else "file"
                message["document"] = {"file_id": "f1", "file_unique_id": "u1", "file_name": name}
            else:
                message["text"] = params.get("text", "")
            return message
        if method == "getWebhookInfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        return True

    async def _get_updates(self, request: web.Request, params: dict) -> web.Response:
        # Like Telegram: one long poll at a time per bot. A newer getUpdates ends the one
        # in flight, which gets 409 "terminated by other getUpdates request".
        if self._poll_now is not None and not self._poll_now[1].done():
            self._poll_now[1].set_result(None)
        ended = asyncio.get_running_loop().create_future()
        mine = (request, ended)
        self._poll_now = mine
        try:
            return await self._poll(request, params, ended)
        finally:
            if self._poll_now is mine:
                self._poll_now = None

    async def _poll(
        self, request: web.Request, params: dict, ended: asyncio.Future
    ) -> web.Response:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 0.5)

        def ready() -> list[dict]:
            return [u for u in self.updates if u["update_id"] >= offset]

        async def updates_ready() -> None:
            async with self._new_update:
                await self._new_update.wait_for(lambda: bool(ready()))

        if not ready() and timeout:
            waiting = asyncio.ensure_future(updates_ready())
            await asyncio.wait(
                {waiting, ended}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
            if not waiting.done():
                waiting.cancel()
                await asyncio.gather(waiting, return_exceptions=True)
        if ended.done():
            if request.transport is not None and not request.transport.is_closing():
                self.conflicts += 1
            description = "Conflict: terminated by other getUpdates request"
            return web.json_response(
                {"ok": False, "error_code": 409, "description": description}, status=409
            )
        return web.json_response({"ok": True, "result": ready()[:100]})
