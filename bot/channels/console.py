"""The terminal channel: one message per line in, replies printed with numbered buttons."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TextIO

from linli.bot.i18n import Translator
from linli.handlers.kit.conversation import Conversation
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.request import Request
from linli.handlers.kit.text import t
from linli.storage.models import User

CHANNEL = "console"


def render(reply: Reply, translator: Translator) -> str:
    """Messages one per line, then each button as `[N] label`; typing N presses it."""
    lines = translator.render_all(reply.messages, reply.locale)
    if reply.image:  # a terminal shows no pictures: say there is one
        lines.append(translator.render(t("image-not-shown"), reply.locale))
    lines += [
        f"[{n}] {translator.render(b.label, reply.locale)}"
        for n, b in enumerate(reply.buttons, start=1)
    ]
    return "\n".join(lines)


class ConsoleSender:
    """Prints pushes for terminal users, so outbox messages show up in the running chat.

    Every console user's pushes print in the one terminal; those meant for someone other
    than `me` (the terminal's own user) say whom they are for, so that a push to a
    neighbour is not read as one's own."""

    def __init__(
        self, translator: Translator, out: TextIO | None = None, *, me: str | None = None
    ) -> None:
        self.translator = translator
        self.out = out
        self.me = me

    async def send(self, user: User, reply: Reply, kind: str = "") -> None:
        reply.locale = user.locale
        out = self.out or sys.stdout
        text = render(reply, self.translator)
        if self.me is not None and user.external_id != self.me:
            label = t("polish-push-for", who=user.external_id)
            text = self.translator.render(label, user.locale) + "\n" + text
        out.write("🔔 " + text + "\n\n")
        out.flush()


class ConsoleChannel:
    def __init__(
        self,
        conversation: Conversation,
        translator: Translator,
        *,
        user: str,
        locale_hint: str | None = None,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        attachments: Path = Path("var/attachments"),
    ) -> None:
        self.attachments = attachments
        self.conversation = conversation
        self.translator = translator
        self.user = user
        self.locale_hint = locale_hint
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout

    async def _readline(self) -> str:
        if self.stdin.isatty():
            self.stdout.write("> ")
            self.stdout.flush()
        return await asyncio.to_thread(self.stdin.readline)

    async def run(self, greet: bool = True) -> None:
        """Chat until end of input. First, without waiting, show where the user left off."""
        if greet:
            await self._say("")
        while True:
            line = await self._readline()
            if not line:  # end of file
                return
            text = line.strip()
            if text:
                await self._say(text)

    async def _say(self, text: str) -> None:
        request = Request(
            channel=CHANNEL,
            external_id=self.user,
            text=text,
            locale_hint=self.locale_hint,
            display_name=self.user,
        )
        reply = await self.conversation.handle(request)
        text = render(reply, self.translator)
        if reply.attachment is not None:
            # A terminal cannot show a file: save it where the user can open it.
            self.attachments.mkdir(parents=True, exist_ok=True)
            path = self.attachments / reply.attachment.filename
            path.write_bytes(self.translator.file(reply.attachment, reply.locale))
            text += "\n" + self.translator.render(
                t("attachment-saved", name=reply.attachment.filename, path=str(path)), reply.locale
            )
        self.stdout.write(text + "\n\n")
        self.stdout.flush()
