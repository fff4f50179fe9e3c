"""Message keys with arguments: what handlers say, rendered later in the user's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Text:
    """A locale key and its named arguments; an argument may itself be a Text."""

    key: str
    args: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "args": {k: v.to_json() if isinstance(v, Text) else v for k, v in self.args.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Text:
        args = {
            k: cls.from_json(v) if isinstance(v, dict) and "key" in v else v
            for k, v in data.get("args", {}).items()
        }
        return cls(data["key"], args)


def t(key: str, /, **args: Any) -> Text:
    """The one way code names a message. Keys are literals so a test can find them all."""
    return Text(key, args)


def raw(text: str, *, en: str | None = None) -> Text:
    """Data shown as it is (a community's or a facility's name), in any language; with
    `en`, English readers see that instead (a directory name given in English too)."""
    if en:
        return Text("raw", {"text": text, "en": en})
    return Text("raw", {"text": text})


def yuan(amount: Decimal) -> str:
    """Money as people write it: 20, 20.50 — never 2E+1, never 20.5."""
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        return f"{amount:.0f}"
    return f"{amount:.2f}"
