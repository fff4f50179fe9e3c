"""The outbox's WeChat sender: customer-service messages within the 48-hour window, a
template message after it where the kind has one, and a recorded reason where neither."""

from __future__ import annotations

import datetime as dt

from linli.bot.channels.wechat.api import BUSY, WeChatApi, WeChatError
from linli.bot.channels.wechat.render import render_text, split_bytes
from linli.bot.i18n import Translator
from linli.bot.outbox import SendFailed
from linli.handlers.kit.clock import Clock
from linli.handlers.kit.reply import Reply
from linli.storage.models import User

WINDOW = dt.timedelta(hours=48)
OUTSIDE_WINDOW = 45015
QUOTA_REACHED = 45047  # customer-service messages used up until the user writes again
TEMPLATE_INSTEAD = {OUTSIDE_WINDOW, QUOTA_REACHED}
UNFOLLOWED = 43004
SUBSCRIPTION_USED_UP = 43101


class WeChatSender:
    unreachable_reason = "user unreachable (unfollowed the account)"

    def __init__(
        self, api: WeChatApi, translator: Translator, clock: Clock, templates: dict[str, str]
    ) -> None:
        self.api = api
        self.translator = translator
        self.clock = clock
        self.templates = templates

    async def send(self, user: User, reply: Reply, kind: str = "") -> None:
        reply.locale = user.locale
        text = render_text(reply, self.translator)
        template = self.templates.get(kind)
        if self.clock.now() - user.last_seen_at >= WINDOW:
            if template is None:
                raise SendFailed(
                    f"wechat: outside the 48-hour window and no template for {kind or 'this kind'}"
                )
            await self._template(user.external_id, template, text)
            return
        try:
            for part in split_bytes(text):
                await self.api.send_text(user.external_id, part)
        except WeChatError as error:
            if error.code in TEMPLATE_INSTEAD and template is not None:
                await self._template(user.external_id, template, text)
                return
            raise _failure(error) from None

    async def _template(self, openid: str, template: str, text: str) -> None:
        try:
            await self.api.send_template(openid, template, text)
        except WeChatError as error:
            raise _failure(error) from None


def _failure(error: WeChatError) -> SendFailed:
    if error.code is None:  # the network: try again later
        return SendFailed(f"wechat: {error.message}", retry_after=0)
    if error.code == BUSY:  # still busy after the API's own retries
        return SendFailed(f"wechat {error.code}: busy", retry_after=60)
    if error.code == UNFOLLOWED:
        return SendFailed(f"wechat {error.code}: the user unfollowed", unreachable=True)
    return SendFailed(f"wechat {error.code}: {error.message}")
