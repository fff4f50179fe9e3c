"""Reply → WeChat text: buttons as numbered lines (回复1：…), split under ~2000 UTF-8 bytes."""

from __future__ import annotations

from linli.bot.i18n import Translator
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.text import t

# WeChat refuses a passive text of more than about 2047 bytes; keep a margin.
MAX_BYTES = 2000


def render_text(reply: Reply, translator: Translator, *, pictures: object = None) -> str:
    """The reply as text; `pictures` truthy when its picture is sent as an image message."""
    lines = translator.render_all(reply.messages, reply.locale)
    if reply.image and not pictures:
        lines.append(translator.render(t("image-not-shown"), reply.locale))
    # A chart's numbers are in the messages already; any other file is only elsewhere.
    if reply.attachment is not None and reply.attachment.chart is None:
        lines.append(translator.render(t("wechat-no-files"), reply.locale))
    for number, button in enumerate(reply.buttons, start=1):
        label = translator.render(button.label, reply.locale)
        lines.append(
            translator.render(t("wechat-choice", number=number, label=label), reply.locale)
        )
    return "\n".join(line for line in lines if line)
