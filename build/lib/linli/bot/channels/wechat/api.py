"""The WeChat API calls Linli makes, through wechatpy's (synchronous) client in a thread."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException

TOKEN_ERRORS = {40001, 40014, 42001}  # invalid or expired access token


class WeChatError(Exception):
    def __init__(self, code: int | None, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class _Client(WeChatClient):
    """wechatpy's client, with the token URL under the configured base as well."""

    def fetch_access_token(self) -> dict:
        return self._fetch_access_token(
            url=self.API_BASE_URL + "token",
            params={"grant_type": "client_credential", "appid": self.appid, "secret": self.secret},
        )


class WeChatApi:
    def __init__(self, appid: str, secret: str, base_url: str) -> None:
        # Our own retry below fetches a new token once; wechatpy's would retry forever.
        self.client = _Client(appid, secret, auto_retry=False)
        self.client.API_BASE_URL = base_url.rstrip("/") + "/cgi-bin/"
        self._lock = threading.Lock()  # one requests.Session, many threads

    def _call_sync(self, fn, *args, **kwargs) -> Any:
        with self._lock:
            for attempt in range(2):
                try:
                    return fn(*args, **kwargs)
                except WeChatClientException as error:
                    code = error.errcode
                    if code in TOKEN_ERRORS and attempt == 0:
                        self.client.fetch_access_token()
                        continue
                    raise WeChatError(code, str(error.errmsg)) from None
                except OSError as error:  # requests' connection errors are OSErrors
                    raise WeChatError(None, f"network: {error}") from None
        raise WeChatError(None, "unreachable")

    async def _call(self, fn, *args, **kwargs) -> Any:
        # wechatpy blocks (requests): never on the event loop.
        return await asyncio.to_thread(self._call_sync, fn, *args, **kwargs)

    async def send_text(self, openid: str, text: str) -> None:
        await self._call(self.client.message.send_text, openid, text)

    async def send_template(self, openid: str, template_id: str, text: str) -> None:
        data = {"first": {"value": text[:200]}, "remark": {"value": ""}}
        await self._call(self.client.message.send_template, openid, template_id, data)

    async def create_menu(self, menu: dict) -> None:
        await self._call(self.client.menu.create, menu)
