"""The outbox's WeChat sender: customer-service messages within the 48-hour window (a
notice's picture as an image message), a template message after it where the kind has
one, and a recorded reason where neither.

A template shows only its own keyword fields (WeChat stopped showing `first` and `remark`
in May 2023), so each kind maps the template's fields to what the push says:
LINLI_WECHAT_TEMPLATES = {"waitlist-offer": {"id": "TEMPLATE_ID", "fields": {"thing1":
"facility", "time2": "when", "thing3": "hint"}}}. A source is `text` (the whole message),
`hint` (what to reply to see the push's choices: a template cannot carry them), `=words`
(these words) or the name of one of the message's own values (facility, when, title…).
The old form {"kind": "TEMPLATE_ID"} puts the text in `keyword1` and `thing1`.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from linli.bot.channels.split import split, utf8_size
from linli.bot.channels.wechat.api import BUSY, WeChatApi, WeChatError
from linli.bot.channels.wechat.render import MAX_BYTES, render_text
from linli.bot.channels.wechat.templates import Template, field_limit, fit, parse_templates
from linli.bot.i18n import Translator
from linli.bot.outbox import SendFailed
from linli.handlers.kit.clock import Clock
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.text import Text, t
from linli.storage.models import User

if TYPE_CHECKING:
    from linli.bot.channels.wechat.media import Pictures

log = logging.getLogger(__name__)

WINDOW = dt.timedelta(hours=48)
OUTSIDE_WINDOW = 45015
QUOTA_REACHED = 45047  # customer-service messages used up until the user writes again
TEMPLATE_INSTEAD = {OUTSIDE_WINDOW, QUOTA_REACHED}
UNFOLLOWED = 43004
SUBSCRIPTION_USED_UP = 43101


class WeChatSender:
    unreachable_reason = "user unreachable (unfollowed the account)"

    def __init__(
        self,
        api: WeChatApi,
        translator: Translator,
        clock: Clock,
        templates: dict[str, Any],
        pictures: Pictures | None = None,
    ) -> None:
        self.api = api
        self.translator = translator
        self.clock = clock
        self.templates = parse_templates(templates)
        self.pictures = pictures

    async def send(self, user: User, reply: Reply, kind: str = "") -> None:
        reply.locale = user.locale
        picture = self.pictures.path(reply.image) if self.pictures is not None else None
        text = render_text(reply, self.translator, pictures=picture)
        template = self.templates.get(kind)
        if self.clock.now() - user.last_seen_at >= WINDOW:
            if template is None:
                raise SendFailed(
                    f"wechat: outside the 48-hour window and no template for {kind or 'this kind'}"
                )
            await self._template(user.external_id, template, reply)
            return
        try:
            for part in split(text, MAX_BYTES, utf8_size):
                await self.api.send_text(user.external_id, part)
        except WeChatError as error:
            if error.code in TEMPLATE_INSTEAD and template is not None:
                await self._template(user.external_id, template, reply)
                return
            raise _failure(error) from None
        if picture is not None:
            try:
                await self.pictures.send(user.external_id, reply.image)
            except WeChatError as error:  # the words went: do not send them twice
                log.warning("wechat: a notice's picture could not be sent: %s", error)

    async def _template(self, openid: str, template: Template, reply: Reply) -> None:
        try:
            await self.api.send_template(openid, template.id, self.template_data(template, reply))
        except WeChatError as error:
            raise _failure(error) from None

    def template_data(self, template: Template, reply: Reply) -> dict[str, str]:
        """The template's keyword fields filled from the push, each within its field's limit."""
        locale = reply.locale
        text = " ".join(x for x in self.translator.render_all(reply.messages, locale) if x)
        hint = self.translator.render(t("wechat-template-choices"), locale) if reply.buttons else ""
        values: dict[str, Any] = {}
        for message in reply.messages:
            for name, value in message.args.items():
                values.setdefault(name, value)
        # Without a field of its own, the words to reply come with the text, whole.
        hint_with_text = bool(hint) and "hint" not in template.fields.values()
        data = {}
        for field, source in template.fields.items():
            limit = field_limit(field)
            if source.startswith("="):
                value = fit(source[1:], limit)
            elif source == "hint":
                value = fit(hint, limit)
            elif source == "text" and hint_with_text:
                # The choices cannot come along: say what to reply to get them.
                value = fit(text, max(limit - len(hint) - 1, 1)) + " " + hint
            elif source == "text":
                value = fit(text, limit)
            else:
                found = values.get(source, "")
                shown = self.translator.render(found, locale) if isinstance(found, Text) else found
                value = fit(str(shown), limit)
            data[field] = value or "-"
        return data


def _failure(error: WeChatError) -> SendFailed:
    if error.code is None:  # the network: try again later
        return SendFailed(f"wechat: {error.message}", retry_after=0)
    if error.code == BUSY:  # still busy after the API's own retries
        return SendFailed(f"wechat {error.code}: busy", retry_after=60)
    if error.code == UNFOLLOWED:
        return SendFailed(f"wechat {error.code}: the user unfollowed", unreachable=True)
    return SendFailed(f"wechat {error.code}: {error.message}")
