"""What the core hands back: messages as keys, buttons with short payloads, an attachment."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from linli.handlers.kit.chart import Chart
from linli.handlers.kit.payload import check_payload
from linli.handlers.kit.text import Text


@dataclass(frozen=True)
class Button:
    label: Text
    payload: str

    def __post_init__(self) -> None:
        check_payload(self.payload)


# A cell of a table file: a message key (a header, a status word) rendered in the reader's
# language by the channel, or data shown as it is.
Cell = Text | str | int | None


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes
    # A CSV made by the channel from these rows (see `bot.i18n.Translator.file`), so that
    # its headers and words are in the reader's language; `data` is then empty.
    table: tuple[tuple[Cell, ...], ...] | None = None
    # A picture the channel draws from this chart once it knows the reader's language
    # (`kit/plot.py`); `data` is then empty. Its numbers are in the messages too, for a
    # channel that cannot show pictures (WeChat's passive reply).
    chart: Chart | None = None

    @classmethod
    def csv(cls, filename: str, rows: list[list[Cell]]) -> Attachment:
        return cls(filename, "text/csv", b"", tuple(tuple(row) for row in rows))

    @classmethod
    def picture(cls, filename: str, chart: Chart) -> Attachment:
        """A chart as a PNG (`filename` ends in .png)."""
        return cls(filename, "image/png", b"", chart=chart)


@dataclass
class Reply:
    messages: list[Text] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)
    attachment: Attachment | None = None
    # A picture to show with the messages, as its channel refers to it ("telegram:<file_id>").
    image: str | None = None
    locale: str = "zh-CN"  # set by the core to the user's language after this request

    def say(self, *texts: Text) -> Reply:
        self.messages.extend(texts)
        return self

    def to_json(self) -> dict[str, Any]:
        """For the outbox; attachments are not queued (channels send them with replies)."""
        return {
            "messages": [m.to_json() for m in self.messages],
            "buttons": [{"label": b.label.to_json(), "payload": b.payload} for b in self.buttons],
            "image": self.image,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reply:
        return cls(
            messages=[Text.from_json(m) for m in data.get("messages", [])],
            buttons=[
                Button(Text.from_json(b["label"]), b["payload"]) for b in data.get("buttons", [])
            ],
            image=data.get("image"),
        )
