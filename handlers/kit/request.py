"""What a channel hands the core: one user's one message or button press."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Request:
    channel: str  # "console", "telegram", "wechat"
    external_id: str  # the user's id on that channel
    text: str = ""
    payload: str | None = None  # set when a button was pressed
    locale_hint: str | None = None  # the app's language, used for a new user only
    display_name: str | None = None
    # The platform's id of this delivery (Telegram update_id, WeChat MsgId): a second
    # delivery with the same id is answered with nothing and changes nothing.
    delivery: str | None = None
    # A picture the user sent, as the channel refers to it (a Telegram file_id).
    image: str | None = None
    # What the user sent when it was neither words nor a picture the step takes
    # ("image", "voice", "video", "location", "link"…): it is not an answer.
    media: str | None = None

    @property
    def command(self) -> tuple[str, str] | None:
        """`/join ABC` → ("join", "ABC"); None when the text is not a command."""
        text = self.text.strip()
        if not text.startswith("/") or self.payload is not None:
            return None
        head, _, rest = text[1:].partition(" ")
        return head.split("@", 1)[0].lower(), rest.strip()
