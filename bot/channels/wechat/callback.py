"""The WeChat callback: verify, decrypt, parse safely, answer within WeChat's 5 seconds.

GET is the server-verification handshake. POST carries a message or an event, plain or
in 安全模式 (AES, chosen by `encrypt_type`). A reply not ready in time is answered
`success` and sent later as a customer-service message; so is a reply past WeChat's ~2 KB
limit for a passive reply, every part in order, each after the one before went through.

The URL's signature covers only token+timestamp+nonce (never the body), so a callback is
taken only when all three are there, the timestamp is within the replay window, and the
nonce was not seen before by any process (the database remembers it for the window). With
an AES key, plaintext is refused (unless LINLI_WECHAT_ALLOW_PLAINTEXT), and the body's own
`msg_signature` is checked in constant time. Messages must be addressed to this account.
Anything malformed gets a 4xx and one log line naming what, never what it said or who.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import hmac
import logging
import re
import struct
import xml.etree.ElementTree as ElementTree

import defusedxml.ElementTree as SafeXml
from aiohttp import web
from defusedxml import DefusedXmlException
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.crypto.base import WeChatCipher
from wechatpy.exceptions import InvalidSignatureException

from linli.bot.channels.split import split, utf8_size
from linli.bot.channels.wechat.api import WeChatApi, WeChatError
from linli.bot.channels.wechat.media import Pictures, is_kept
from linli.bot.channels.wechat.render import MAX_BYTES, render_text
from linli.bot.i18n import Translator
from linli.handlers.kit.conversation import Conversation
from linli.handlers.kit.request import Request

log = logging.getLogger(__name__)

CHANNEL = "wechat"
MAX_BODY = 64 * 1024
ACCOUNT = "account_id"  # the original id (gh_…) learned from the first valid message
TIMESTAMP = re.compile(r"[0-9]{1,12}")
NONCE = re.compile(r"[A-Za-z0-9_.-]{1,50}")
OPENID = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Fields Linli reads: each must be plain text, never an element with children.
SCALARS = (
    "ToUserName",
    "FromUserName",
    "CreateTime",
    "MsgType",
    "MsgId",
    "Event",
    "EventKey",
    "Content",
    "Recognition",
    "MediaId",
    "PicUrl",
)
# Characters XML 1.0 cannot carry at all, escaped or not.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class Malformed(Exception):
    """A message that passed the signature but is not one WeChat sends: why, in a word."""


def signature_ok(token: str, signature: str, *parts: str) -> bool:
    """WeChat's SHA-1 signature, compared in constant time (wechatpy uses !=)."""
    expected = hashlib.sha1("".join(sorted([token, *parts])).encode()).hexdigest()
    return hmac.compare_digest(expected.encode(), (signature or "").encode())


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
        account_id: str | None = None,
        allow_plaintext: bool = False,
        replay_window: float = 300,
    ) -> None:
        self.conversation = conversation
        self.translator = translator
        self.api = api
        self.token = token
        self.appid = appid
        self.crypto = WeChatCrypto(token, aes_key, appid) if aes_key else None
        self.reply_timeout = reply_timeout
        self.db = conversation.db  # replay nonces and the learned account id
        self.clock = conversation.clock
        self.account_id = account_id
        self.allow_plaintext = allow_plaintext
        self.replay_window = dt.timedelta(seconds=replay_window)
        self.background: set[asyncio.Task] = set()
        # Where residents' pictures are kept (none are without a folder).
        self.pictures = pictures or Pictures(api, None, conversation.clock)

    def add_routes(self, app: web.Application, path: str = "/wechat") -> None:
        app.router.add_get(path, self.verify)
        app.router.add_post(path, self.receive)

    async def verify(self, request: web.Request) -> web.Response:
        q = request.query
        refusal = self._unsigned(q)
        if refusal is not None:
            return _refuse(403, refusal)
        return web.Response(text=q.get("echostr", "")[:128])

    def _unsigned(self, q) -> str | None:
        """Why the URL's signature does not make this a callback from WeChat now, or None."""
        signature, timestamp, nonce = (
            q.get("signature", ""),
            q.get("timestamp", ""),
            q.get("nonce", ""),
        )
        if not signature or not timestamp or not nonce:
            return "signature, timestamp or nonce missing"
        if not TIMESTAMP.fullmatch(timestamp) or not NONCE.fullmatch(nonce):
            return "timestamp or nonce malformed"
        if not signature_ok(self.token, signature, timestamp, nonce):
            return "bad signature"
        # In numbers: a far-off timestamp is no date at all.
        if abs(self.clock.now().timestamp() - int(timestamp)) > self.replay_window.total_seconds():
            return "timestamp outside the replay window"
        return None

    async def _first_nonce(self, timestamp: str, nonce: str) -> bool:
        """Remember the nonce for as long as its timestamp is in the window. A replay
        repeats both (the signature covers them); two of WeChat's random nonces alike
        in one window would, with the timestamp, also have to fall in the same second."""
        until = dt.datetime.fromtimestamp(int(timestamp), dt.UTC) + self.replay_window
        key = f"{timestamp}:{nonce}"
        async with self.db.uow() as uow:
            first = await uow.channels.first_nonce(CHANNEL, key, until, self.clock.now())
            await uow.commit()
        return first

    async def _ours(self, to_user: str) -> bool:
        """Addressed to this account: the configured id, or the first one seen (kept)."""
        if self.account_id is None:
            async with self.db.uow() as uow:
                self.account_id = await uow.channels.keep_first(CHANNEL, ACCOUNT, to_user)
                await uow.commit()
        return hmac.compare_digest(self.account_id.encode(), to_user.encode())

    async def receive(self, request: web.Request) -> web.Response:
        q = request.query
        if request.content_length is not None and request.content_length > MAX_BODY:
            return web.Response(status=413, text="too large")
        body = await request.content.read(MAX_BODY + 1)
        if len(body) > MAX_BODY:
            return web.Response(status=413, text="too large")
        timestamp, nonce = q.get("timestamp", ""), q.get("nonce", "")
        encrypted = q.get("encrypt_type") == "aes"
        refusal = self._unsigned(q)
        if refusal is not None:
            return _refuse(403, refusal)
        if encrypted and self.crypto is None:
            return _refuse(403, "encrypted, but no AES key is set")
        if not encrypted and self.crypto is not None and not self.allow_plaintext:
            return _refuse(403, "plaintext, but the account is in 安全模式")
        if not await self._first_nonce(timestamp, nonce):
            # A replay (or WeChat trying again): nothing happens, and nothing is said.
            log.warning("wechat: refused a callback: nonce seen before")
            return web.Response(text="success")
        try:
            _refuse_dangerous_xml(body)
            if encrypted:
                xml = self._open(body, q.get("msg_signature", ""), timestamp, nonce)
                _refuse_dangerous_xml(xml.encode())
            else:
                xml = body.decode("utf-8")
            fields = _fields(xml)
            message = _parse(xml)
        except InvalidSignatureException:
            return _refuse(403, "bad msg_signature")
        except Malformed as error:
            return _refuse(400, str(error))
        except (DefusedXmlException, ValueError, SyntaxError, KeyError) as error:
            return _refuse(400, f"not XML ({type(error).__name__})")
        if not await self._ours(fields["ToUserName"]):
            return _refuse(403, "addressed to another account")
        text = await self._answer(message)
        if text is None:
            return web.Response(text="success")
        xml_reply = reply_xml(fields, text, int(self.clock.now().timestamp()))
        if encrypted:
            xml_reply = self.crypto.encrypt_message(xml_reply, nonce, timestamp)
        return web.Response(text=xml_reply, content_type="application/xml")

    async def _answer(self, message) -> str | None:
        """The passive reply's text, or None to answer `success` (nothing, or later)."""
        openid = message.source
        kind = message.type
        if kind == "event":
            event = getattr(message, "event", "")
            # Two taps in the same second are two events: the key tells them apart.
            tapped = hashlib.sha1(f"{event}|{getattr(message, 'key', '')}".encode()).hexdigest()
            delivery = f"{openid}:{message.time}:{tapped[:12]}"
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
        parts = split(self._render(reply), MAX_BYTES, utf8_size) if reply.messages else []
        parts = [p for p in parts if p]
        if not parts:
            return None  # a redelivery: answered already
        if len(parts) > 1:
            # A passive reply reaches the user after its HTTP answer, so a customer-service
            # part could overtake it: every part goes the same way, one after the other.
            self._spawn(self._send_parts(openid, parts))
            return None
        return parts[0]

    def _render(self, reply) -> str:
        return render_text(reply, self.translator, pictures=self.pictures.path(reply.image))

    def _later(self, task: asyncio.Future, openid: str) -> None:
        async def deliver() -> None:
            reply = await task
            parts = (
                [p for p in split(self._render(reply), MAX_BYTES, utf8_size) if p]
                if reply.messages
                else []
            )
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
                log.warning(
                    "wechat: a reply's part was not sent (%s), nor those after it", error.code
                )
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

    def _open(self, body: bytes, msg_signature: str, timestamp: str, nonce: str) -> str:
        """The message inside a 安全模式 envelope, checked strictly: the body's signature
        (constant time), the padding, the length field and our AppId."""
        envelope = SafeXml.fromstring(body, forbid_dtd=True, forbid_entities=True)
        encrypt = _leaf(envelope, "Encrypt")
        if not encrypt or not signature_ok(self.token, msg_signature, timestamp, nonce, encrypt):
            raise InvalidSignatureException()
        try:
            sealed = base64.b64decode(encrypt, validate=True)
        except ValueError:
            raise Malformed("ciphertext not base64") from None
        if not sealed or len(sealed) % 16:
            raise Malformed("ciphertext not whole blocks")
        plain = WeChatCipher(self.crypto.key).decrypt(sealed)
        pad = plain[-1]
        if not 1 <= pad <= 32 or plain[-pad:] != bytes([pad]) * pad:
            raise Malformed("bad padding")
        content = plain[16:-pad]
        if len(content) < 4:
            raise Malformed("too short")
        (length,) = struct.unpack(">I", content[:4])
        if length > len(content) - 4:
            raise Malformed("length field past the end")
        if not hmac.compare_digest(content[4 + length :], self.appid.encode()):
            raise Malformed("another AppId")
        try:
            return content[4 : 4 + length].decode("utf-8")
        except UnicodeDecodeError:
            raise Malformed("not UTF-8") from None


def _refuse(status: int, why: str) -> web.Response:
    """One line saying why (never what was sent or by whom), and a short answer."""
    log.warning("wechat: refused a callback: %s", why)
    return web.Response(status=status, text="forbidden" if status == 403 else "bad message")


def _leaf(root, tag: str) -> str:
    """The text of a child that must be plain text ('' when absent)."""
    found = root.findall(tag)
    if len(found) > 1:
        raise Malformed(f"{tag} twice")
    if not found:
        return ""
    if len(found[0]):
        raise Malformed(f"{tag} is not plain text")
    return found[0].text or ""


def _fields(xml: str) -> dict[str, str]:
    """The fields Linli reads, each checked to be what WeChat sends."""
    root = SafeXml.fromstring(xml, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    if root.tag != "xml":
        raise Malformed("root is not <xml>")
    fields = {tag: _leaf(root, tag) for tag in SCALARS}
    for tag in ("ToUserName", "FromUserName", "CreateTime", "MsgType"):
        if not fields[tag].strip():
            raise Malformed(f"no {tag}")
    if len(fields["ToUserName"]) > 64 or not OPENID.fullmatch(fields["FromUserName"]):
        raise Malformed("bad user name")
    if not TIMESTAMP.fullmatch(fields["CreateTime"]):
        raise Malformed("CreateTime is not a number")
    if fields["MsgType"].lower() != "event" and not re.fullmatch(r"[0-9]{1,24}", fields["MsgId"]):
        raise Malformed("MsgId is not a number")
    return fields


def _parse(xml: str):
    """wechatpy's message for checked fields; anything it still chokes on is malformed."""
    try:
        return parse_message(xml)
    except Exception as error:  # wechatpy raises what it likes on odd input
        raise Malformed(f"unreadable ({type(error).__name__})") from None


def reply_xml(fields: dict[str, str], text: str, now: int) -> str:
    """A passive text reply built by a serializer: whatever a user once typed (a 金点子
    title with `]]>`, `<`, `&`, control characters) comes out as the same text."""
    root = ElementTree.Element("xml")
    for tag, value in (
        ("ToUserName", fields["FromUserName"]),
        ("FromUserName", fields["ToUserName"]),
        ("CreateTime", str(now)),
        ("MsgType", "text"),
        ("Content", NOT_XML.sub("", text)),
    ):
        ElementTree.SubElement(root, tag).text = value
    return ElementTree.tostring(root, encoding="unicode")


def _spoken(message) -> str:
    """The words of a voice message (语音识别), without the full stop WeChat adds."""
    words = (getattr(message, "recognition", "") or "").strip()
    return words.rstrip("。.！!？?，, ").strip()


def _refuse_dangerous_xml(data: bytes) -> None:
    """No DTDs, no entities, no external references: raises on any of them."""
    SafeXml.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
