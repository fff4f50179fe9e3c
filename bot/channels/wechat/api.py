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

    async def send_image(self, openid: str, media_id: str) -> None:
        await self._call(self.client.message.send_image, openid, media_id)

    async def upload_image(self, path) -> str:
        """Upload a picture (a Path) as temporary media, kept 3 days by WeChat; its media id."""

        def upload() -> dict:
            with path.open("rb") as file:
                return self.client.media.upload("image", file)

        result = await self._call(upload)
        return str(result["media_id"])

    async def download_media(self, media_id: str, limit: int) -> tuple[bytes, str]:
        """A resident's media file and its content type; refused past `limit` bytes."""

        def download() -> tuple[bytes, str]:
            client = self.client
            url = client.API_BASE_URL + "media/get"
            params = {"access_token": client.access_token, "media_id": media_id}
            # Streamed, so a file is read only up to the limit (wechatpy would read it all).
            with client._http.get(url, params=params, stream=True, timeout=client.timeout) as got:
                got.raise_for_status()
                kind = got.headers.get("Content-Type", "").split(";")[0].strip()
                if kind in ("application/json", "text/plain"):  # an error, as JSON
                    answer = got.json()
                    raise WeChatClientException(
                        answer.get("errcode"), answer.get("errmsg"), client=client
                    )
                content = bytearray()
                for chunk in got.iter_content(64 * 1024):
                    content += chunk
                    if len(content) > limit:
                        raise WeChatError(None, f"media over {limit} bytes")
                return bytes(content), kind

        return await self._call(download)

    async def create_qrcode(self, scene: str, expire_seconds: int | None = None) -> dict:
        """A parametric QR code: permanent without `expire_seconds` (at most 30 days with)."""
        data: dict = {"action_info": {"scene": {"scene_str": scene}}}
        if expire_seconds is None:
            data["action_name"] = "QR_LIMIT_STR_SCENE"
        else:
            data["action_name"] = "QR_STR_SCENE"
            data["expire_seconds"] = expire_seconds
        return await self._call(self.client.qrcode.create, data)

    async def delete_menus(self) -> None:
        """Delete the menu and every conditional menu (before making them anew)."""
        await self._call(self.client.menu.delete)

    async def add_conditional_menu(self, menu: dict) -> None:
        await self._call(self.client.menu.add_conditional, menu)

    async def tag_id(self, name: str) -> int:
        """The id of the account's user tag of this name, made if missing."""

        def find_or_make() -> int:
            for tag in self.client.tag.get():
                if tag.get("name") == name:
                    return int(tag["id"])
            return int(self.client.tag.create(name)["id"])

        return await self._call(find_or_make)

    async def tag_users(self, tag_id: int, openids: list[str]) -> None:
        for start in range(0, len(openids), 50):  # WeChat takes 50 at a time
            await self._call(self.client.tag.tag_user, tag_id, openids[start : start + 50])

    async def send_template(self, openid: str, template_id: str, data: dict[str, str]) -> None:
        """A template message: `data` maps the template's own keyword fields to values."""
        fields = {name: {"value": value} for name, value in data.items()}
        await self._call(self.client.message.send_template, openid, template_id, fields)

    async def create_menu(self, menu: dict) -> None:
        await self._call(self.client.menu.create, menu)
