"""What the core hands back: messages as keys, buttons with short payloads, an attachment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from linli.handlers.kit.payload import check_payload
from linli.handlers.kit.table import csv_bytes
from linli.handlers.kit.text import Text


@dataclass(frozen=True)
class Button:
    label: Text
    payload: str

    def __post_init__(self) -> None:
        check_payload(self.payload)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes = b""
    # Rows of message keys and values, for a CSV: only the channel knows the reader's
    # language, so it writes the file (`content`) when it sends it.
    table: list[list[Any]] | None = None

    def content(self, render: Callable[[Text], str]) -> bytes:
        if self.table is None:
            return self.data
        return csv_bytes(self.table, render)


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
