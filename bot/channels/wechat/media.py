"""Pictures on WeChat: a resident's picture is fetched (media/get) and kept in the
attachments folder; a picture Linli sends is uploaded (media/upload, kept 3 days by WeChat)
and sent as an image message.

A kept picture is named `file:wechat/<random>.<ext>` in Requests and Replies, a path under
the attachments folder that only this module turns back into a file.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import secrets
from pathlib import Path

from linli.bot.channels.wechat.api import WeChatApi, WeChatError
from linli.handlers.kit.clock import Clock

log = logging.getLogger(__name__)

PREFIX = "file:"
FOLDER = "wechat"
MAX_PICTURE = 10 * 1024 * 1024  # WeChat's own limit for an image
# WeChat keeps an uploaded (temporary) media file 3 days; upload again well before.
REUSE_UPLOAD = dt.timedelta(days=2)
EXTENSIONS = {"image/png": ".png", "image/gif": ".gif", "image/bmp": ".bmp"}


def is_kept(image: str | None) -> bool:
    return bool(image) and image.startswith(f"{PREFIX}{FOLDER}/")


class Pictures:
    def __init__(self, api: WeChatApi, directory: Path | None, clock: Clock) -> None:
        self.api = api
        self.directory = directory
        self.clock = clock
        self._uploaded: dict[str, tuple[str, dt.datetime]] = {}  # reference → media id

    async def fetch(self, media_id: str) -> str | None:
        """Fetch a resident's picture and keep it; its reference, or None if that failed."""
        if self.directory is None:
            return None
        try:
            content, content_type = await self.api.download_media(media_id, MAX_PICTURE)
        except WeChatError as error:
            log.warning("wechat: a picture could not be fetched: %s", error)
            return None
        name = secrets.token_hex(16) + EXTENSIONS.get(content_type, ".jpg")
        folder = self.directory / FOLDER

        def keep() -> None:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(content)

        await asyncio.to_thread(keep)  # up to 10 MB: not on the event loop
        return f"{PREFIX}{FOLDER}/{name}"

    def path(self, image: str | None) -> Path | None:
        """The kept file a reference names; None for anything else (or outside the folder)."""
        if not is_kept(image) or self.directory is None:
            return None
        folder = (self.directory / FOLDER).resolve()
        path = (self.directory / image.removeprefix(PREFIX)).resolve()
        if path.parent != folder or not path.is_file():
            return None
        return path

    async def send(self, openid: str, image: str) -> None:
        """Send a kept picture as an image message (uploaded once, reused for two days)."""
        path = self.path(image)
        if path is None:
            raise WeChatError(None, "picture not found")
        now = self.clock.now()
        known = self._uploaded.get(image)
        if known is None or now - known[1] >= REUSE_UPLOAD:
            media_id = await self.api.upload_image(path)
            known = self._uploaded[image] = (media_id, now)
        await self.api.send_image(openid, known[0])
