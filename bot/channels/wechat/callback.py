"""The WeChat callback: verify, decrypt, parse safely, answer within WeChat's 5 seconds.

GET is the server-verification handshake. POST carries a message or an event, plain or
in 安全模式 (AES, chosen by `encrypt_type`). A reply not ready in time is answered
`success` and sent later as a customer-service message; so are the parts of a reply past
WeChat's ~2 KB limit for a passive reply.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging

import defusedxml.ElementTree as SafeXml
from aiohttp import web
from defusedxml import DefusedXmlException
from wechatpy import create_reply, parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidSignatureException

from linli.bot.channels.wechat.api import WeChatApi, WeChatError
from linli.bot.channels.wechat.media import Pictures, is_kept
from linli.bot.channels.wechat.render import render_text, split_bytes
from linli.bot.i18n import Translator
from linli.handlers.kit.conversation import Conversation
from linli.handlers.kit.request import Request

log = logging.getLogger(__name__)

CHANNEL = "wechat"
MAX_BODY = 64 * 1024


def signature_ok(token: str, signature: str, timestamp: str, nonce: str) -> bool:
    """WeChat's SHA-1 signature, compared in constant time (wechatpy uses !=)."""
    expected = hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode()).hexdigest()
    return hmac.compare_digest(expected, signature or "")


class WeChatCallback:
    def __init__(
        self,
        conversation: Conversation,
        translator: Translator,
        api: WeChatApi,
        *,
        token: str,
        appid: str,
        aes_key: str | None,
        pictures: Pictures | None = None,
        reply_timeout: float = 4.0,
    ) -> None:
        self.conversation = conversation
        self.translator = translator
        self.api = api
        self.token = token
        self.appid = appid
        self.crypto = WeChatCrypto(token, aes_key, appid) if aes_key else None
        self.reply_timeout = reply_timeout
        self.background: set[asyncio.Task] = set()
        # Where residents' pictures are kept (none are without a folder).
        self.pictures = pictures or Pictures(api, None, conversation.clock)

    def add_routes(self, app: web.Application, path: str = "/wechat") -> None:
        app.router.add_get(path, self.verify)
        app.router.add_post(path, self.receive)

    async def verify(self, request: web.Request) -> web.Response:
        q = request.query
        if not signature_ok(
            self.token, q.get("signature", ""), q.get("timestamp", ""), q.get("nonce", "")
        ):
            return web.Response(status=403, text="forbidden")
        return web.Response(text=q.get("echostr", ""))

    async def receive(self, request: web.Request) -> web.Response:
        q = request.query
        if request.content_length is not None and request.content_length > MAX_BODY:
            return web.Response(status=413, text="too large")
        body = await request.content.read(MAX_BODY + 1)
        if len(body) > MAX_BODY:
            return web.Response(status=413, text="too large")
        timestamp, nonce = q.get("timestamp", ""), q.get("nonce", "")
        encrypted = q.get("encrypt_type") == "aes"
        if not signature_ok(self.token, q.get("signature", ""), timestamp, nonce):
            return web.Response(status=403, text="forbidden")
        try:
            _refuse_dangerous_xml(body)
            if encrypted:
                if self.crypto is None:
                    return web.Response(status=403, text="forbidden")
                xml = self.crypto.decrypt_message(
                    body, q.get("msg_signature", ""), timestamp, nonce
                )
                _refuse_dangerous_xml(xml.encode() if isinstance(xml, str) else xml)
            else:
                xml = body.decode("utf-8")
            message = parse_message(xml)
        except InvalidSignatureException:
            return web.Response(status=403, text="forbidden")
        except (DefusedXmlException, ValueError, SyntaxError, KeyError):
            return web.Response(status=400, text="bad message")
        text = await self._answer(message)
        if text is None:
            return web.Response(text="success")
        xml_reply = create_reply(text, message).render()
        if encrypted:
            xml_reply = self.crypto.encrypt_message(xml_reply, nonce, timestamp)
        return web.Response(text=xml_reply, content_type="application/xml")

    async def _answer(self, message) -> str | None:
        """The passive reply's text, or None to answer `success` (nothing, or later)."""
        openid = message.source
        kind = message.type
        if kind == "event":
            event = getattr(message, "event", "")
            delivery = f"{openid}:{message.time}"
            if event == "unsubscribe":
                await self.conversation.leave(CHANNEL, openid)
                return None
            if event == "subscribe":
                request = Request(channel=CHANNEL, external_id=openid, text="", delivery=delivery)
            elif event in ("subscribe_scan", "scan"):
                # A 带参数二维码 (wechatpy strips `qrscene_`): its scene is a start parameter,
                # as in a Telegram deep link.
                scene = (getattr(message, "scene_id", "") or "").strip()
                request = Request(
                    channel=CHANNEL, external_id=openid, text=f"/start {scene}", delivery=delivery
                )
            elif event == "click":
                request = Request(
                    channel=CHANNEL,
                    external_id=openid,
                    payload=getattr(message, "key", "") or None,
                    delivery=delivery,
                )
            else:
                return None
        elif kind == "text":
            request = Request(
                channel=CHANNEL, external_id=openid, text=message.content, delivery=str(message.id)
            )
        elif kind == "voice" and _spoken(message):
            # 语音识别's words count as typed (elderly residents speak rather than type).
            request = Request(
                channel=CHANNEL, external_id=openid, text=_spoken(message), delivery=str(message.id)
            )
        else:  # a picture, a voice note without words, a video, a place, a link…
            request = Request(
                channel=CHANNEL, external_id=openid, media=kind, delivery=str(message.id)
            )
        picture = getattr(message, "media_id", None) if kind == "image" else None
        task = asyncio.ensure_future(self._handle(request, picture))
        try:
            reply = await asyncio.wait_for(asyncio.shield(task), self.reply_timeout)
        except TimeoutError:
            # WeChat gives up after ~5 s: answer now, send the reply when it is ready.
            self._later(task, openid)
            return None
        if is_kept(reply.image):
            # A picture can only follow as a customer-service message: the words go the
            # same way, first, so that the two arrive in order.
            self._later(task, openid)
            return None
        return self._passive(reply, openid)

    async def _handle(self, request: Request, picture: str | None):
        if picture and await self.conversation.takes_image(CHANNEL, request.external_id):
            # Fetched only where the step takes a picture (a notice's), kept in our folder.
            kept = await self.pictures.fetch(picture)
            if kept is not None:
                request = Request(
                    channel=CHANNEL,
                    external_id=request.external_id,
                    image=kept,
                    delivery=request.delivery,
                )
        return await self.conversation.handle(request)

    def _passive(self, reply, openid: str) -> str | None:
        parts = split_bytes(self._render(reply)) if reply.messages else []
        parts = [p for p in parts if p]
        if not parts:
            return None  # a redelivery: answered already
        if len(parts) > 1:
            self._spawn(self._send_parts(openid, parts[1:]))
        return parts[0]

    def _render(self, reply) -> str:
        return render_text(reply, self.translator, pictures=self.pictures.path(reply.image))

    def _later(self, task: asyncio.Future, openid: str) -> None:
        async def deliver() -> None:
            reply = await task
            parts = [p for p in split_bytes(self._render(reply)) if p] if reply.messages else []
            await self._send_parts(openid, parts, reply.image if parts else None)

        self._spawn(deliver())

    def _spawn(self, coroutine) -> None:
        task = asyncio.ensure_future(coroutine)
        self.background.add(task)
        task.add_done_callback(self.background.discard)

    async def _send_parts(self, openid: str, parts: list[str], image: str | None = None) -> None:
        for part in parts:
            try:
                await self.api.send_text(openid, part)
            except WeChatError as error:
                log.warning("customer-service message to %s failed: %s", openid, error)
                return
        if self.pictures.path(image) is not None:
            try:
                await self.pictures.send(openid, image)
            except WeChatError as error:
                log.warning("customer-service picture failed: %s", error)

    async def idle(self) -> None:
        """Wait for replies still being sent (tests, and a clean stop)."""
        while self.background:
            await asyncio.gather(*list(self.background), return_exceptions=True)


def _spoken(message) -> str:
    """The words of a voice message (语音识别), without the full stop WeChat adds."""
    words = (getattr(message, "recognition", "") or "").strip()
    return words.rstrip("。.！!？?，, ").strip()


def _refuse_dangerous_xml(data: bytes) -> None:
    """No DTDs, no entities, no external references: raises on any of them."""
    SafeXml.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
