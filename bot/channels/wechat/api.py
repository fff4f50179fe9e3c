"""The WeChat API calls Linli makes, through wechatpy's (synchronous) client in threads.

Every call has a timeout, and calls run side by side (at most `concurrency` at once): one
hung call holds up nothing else. WeChat keeps one access token per account and each new
one invalidates the last, so the token lives in the database: one process renews it under
a lease, every process and CLI command reads it from there.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException
from wechatpy.session import SessionStorage

from linli.handlers.kit.clock import SystemClock

log = logging.getLogger(__name__)

TOKEN_ERRORS = {40001, 40014, 42001}  # invalid or expired access token
BUSY = -1  # 系统繁忙: try again shortly
CHANNEL = "wechat"
TOKEN = "access_token"
RENEW_BEFORE = dt.timedelta(minutes=5)  # renew a token this long before it runs out
LEASE = dt.timedelta(seconds=30)


class WeChatError(Exception):
    def __init__(self, code: int | None, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class _Token(SessionStorage):
    """wechatpy's token storage, holding the token the shared store handed out."""

    def __init__(self) -> None:
        self.value: str | None = None

    def get(self, key, default=None):
        return self.value or default

    def set(self, key, value, ttl=None) -> None:
        self.value = value

    def delete(self, key) -> None:
        self.value = None


class _Client(WeChatClient):
    """wechatpy's client, with the token URL under the configured base as well."""

    def fetch_token(self) -> tuple[str, int]:
        """A new access token and its lifetime in seconds (with the timeout, unlike
        wechatpy's own fetch)."""
        response = self._http.get(
            self.API_BASE_URL + "token",
            params={"grant_type": "client_credential", "appid": self.appid, "secret": self.secret},
            timeout=self.timeout,
        )
        response.raise_for_status()
        result = response.json()
        if result.get("errcode"):
            raise WeChatClientException(result["errcode"], result.get("errmsg"), client=self)
        return str(result["access_token"]), int(result.get("expires_in", 7200))

    def fetch_access_token(self) -> dict:  # only if a call ever ran without a token
        token, seconds = self.fetch_token()
        self.session.set(self.access_token_key, token, seconds)
        return {"access_token": token, "expires_in": seconds}


class SharedToken:
    """The account's access token: from memory while fresh, else from the database, and
    renewed by whichever process takes the lease (the others wait and read it)."""

    def __init__(self, db, clock, *, wait_seconds: float = 0.2, waits: int = 50) -> None:
        self.db = db  # None: this process only (tests of the API alone)
        self.clock = clock
        self.wait_seconds = wait_seconds
        self.waits = waits
        self._token: str | None = None
        self._expires: dt.datetime | None = None
        self._renewing = asyncio.Lock()

    def _fresh(self, token: str | None, expires: dt.datetime | None) -> bool:
        return bool(token) and expires is not None and expires - self.clock.now() > RENEW_BEFORE

    async def _stored(self) -> tuple[str | None, dt.datetime | None]:
        if self.db is None:
            return self._token, self._expires
        async with self.db.uow() as uow:
            row = await uow.channels.value(CHANNEL, TOKEN)
        return (row.value, row.expires_at) if row is not None else (None, None)

    async def current(self, fetch) -> str:
        if self._fresh(self._token, self._expires):
            return self._token  # type: ignore[return-value]
        token, expires = await self._stored()
        if self._fresh(token, expires):
            self._token, self._expires = token, expires
            return token  # type: ignore[return-value]
        return await self.renew(None, fetch)

    async def renew(self, stale: str | None, fetch) -> str:
        """A token other than `stale` (which WeChat refused, or None: none is fresh)."""
        async with self._renewing:
            for _ in range(self.waits):
                token, expires = await self._stored()
                if token != stale and self._fresh(token, expires):
                    self._token, self._expires = token, expires
                    return token  # type: ignore[return-value]
                if await self._lease():
                    token, expires = await self._stored()
                    if token != stale and self._fresh(token, expires):  # renewed meanwhile
                        await self._give_back(None, None, keep=True)
                        self._token, self._expires = token, expires
                        return token  # type: ignore[return-value]
                    break
                await asyncio.sleep(self.wait_seconds)  # another process is renewing it
            else:
                raise WeChatError(None, "the access token is being renewed elsewhere")
            try:
                token, seconds = await fetch()
            except BaseException:
                await self._give_back(None, None, keep=True)
                raise
            expires = self.clock.now() + dt.timedelta(seconds=seconds)
            await self._give_back(token, expires)
            self._token, self._expires = token, expires
            log.info("wechat: renewed the access token")
            return token

    async def _lease(self) -> bool:
        if self.db is None:
            return True
        now = self.clock.now()
        async with self.db.uow() as uow:
            got = await uow.channels.take_lease(CHANNEL, TOKEN, now, now + LEASE)
            await uow.commit()
        return got

    async def _give_back(self, token, expires, *, keep: bool = False) -> None:
        if self.db is None:
            return
        async with self.db.uow() as uow:
            if keep:
                await uow.channels.release(CHANNEL, TOKEN)
            else:
                await uow.channels.renew(CHANNEL, TOKEN, token, expires)
            await uow.commit()


class WeChatApi:
    def __init__(
        self,
        appid: str,
        secret: str,
        base_url: str,
        *,
        token: SharedToken | None = None,
        timeout: float = 10.0,
        concurrency: int = 8,
        busy_retries: int = 2,
        busy_delay: float = 1.0,
    ) -> None:
        # Our own retry below renews the token once; wechatpy's would retry forever.
        self._token = _Token()
        self.client = _Client(appid, secret, session=self._token, timeout=timeout, auto_retry=False)
        self.client.API_BASE_URL = base_url.rstrip("/") + "/cgi-bin/"
        self.token = token or SharedToken(None, SystemClock())
        self.busy_retries = busy_retries
        self.busy_delay = busy_delay
        self._slots = asyncio.Semaphore(concurrency)
        self._threads = ThreadPoolExecutor(concurrency, thread_name_prefix="wechat-api")

    def _call_sync(self, fn, *args, **kwargs) -> Any:
        try:
            return fn(*args, **kwargs)
        except WeChatClientException as error:
            raise WeChatError(error.errcode, str(error.errmsg)) from None
        except OSError as error:  # requests' connection errors and timeouts are OSErrors
            raise WeChatError(None, f"network: {type(error).__name__}") from None
        except ValueError:  # an answer that is not JSON
            raise WeChatError(None, "an answer WeChat's API never gives") from None

    async def _thread(self, fn, *args, **kwargs) -> Any:
        # wechatpy blocks (requests): never on the event loop.
        async with self._slots:
            loop = asyncio.get_running_loop()
            job = functools.partial(self._call_sync, fn, *args, **kwargs)
            return await loop.run_in_executor(self._threads, job)

    async def _fetch(self) -> tuple[str, int]:
        return await self._thread(self.client.fetch_token)

    async def _call(self, fn, *args, **kwargs) -> Any:
        token = await self.token.current(self._fetch)
        renewed = False
        busy = 0
        while True:
            self._token.value = token
            try:
                return await self._thread(fn, *args, **kwargs)
            except WeChatError as error:
                if error.code in TOKEN_ERRORS and not renewed:
                    token = await self.token.renew(token, self._fetch)
                    renewed = True
                    continue
                if error.code == BUSY and busy < self.busy_retries:
                    busy += 1
                    await asyncio.sleep(self.busy_delay * busy)
                    continue
                raise

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


def build_api(wechat, db, clock) -> WeChatApi:
    """The API for the configured account (the `wechat` settings), its token shared
    through the database."""
    return WeChatApi(
        wechat.appid,
        wechat.secret.get_secret_value(),
        wechat.api_url,
        token=SharedToken(db, clock),
        timeout=wechat.api_timeout_seconds,
        concurrency=wechat.api_concurrency,
    )
