"""Button payloads: short strings that fit Telegram's 64-byte callback_data everywhere.

A payload is an action and its arguments joined by `|`, e.g. `go|profile` or
`c|profile|lang|en|1k`. Arguments may be Chinese; the limit is in UTF-8 bytes, not characters.

Every button acts on what its message showed, in one of two ways:
- it names its object (`do|wl-accept|17`, `go|book|12`), and the server checks the user's
  rights to that object when it is pressed, whenever that is; or
- it answers a step of a flow (`c|flow|step|value|VERSION`, `back|VERSION`) and carries the
  version of the screen it was drawn on: pressed from an older message it is refused
  ("这个按钮已过期") and the current screen is shown again.
"""

from __future__ import annotations

MAX_PAYLOAD_BYTES = 64
SEP = "|"


class PayloadTooLong(ValueError):
    """A payload would not fit in 64 UTF-8 bytes: put an id in it, not a name."""


def check_payload(payload: str) -> str:
    size = len(payload.encode("utf-8"))
    if size == 0 or size > MAX_PAYLOAD_BYTES:
        raise PayloadTooLong(f"payload is {size} bytes; 1..{MAX_PAYLOAD_BYTES} allowed")
    return payload


def _escape(part: str) -> str:
    return part.replace("%", "%25").replace(SEP, "%7C")


def _unescape(part: str) -> str:
    return part.replace("%7C", SEP).replace("%25", "%")


_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def version_tag(version: int) -> str:
    """A screen version as a short base-36 word (`1k` for 56): few bytes in a payload."""
    version = max(int(version), 0)
    tag = ""
    while True:
        version, digit = divmod(version, 36)
        tag = _DIGITS[digit] + tag
        if not version:
            return tag


def encode(action: str, *args: str | int) -> str:
    """Join an action and its arguments; raise PayloadTooLong past 64 bytes."""
    if not action or SEP in action:
        raise ValueError("an action is a non-empty word without '|'")
    return check_payload(SEP.join([action, *(_escape(str(a)) for a in args)]))


def decode(payload: str) -> tuple[str, list[str]]:
    """Split a payload back into its action and arguments. Input is untrusted: never raises."""
    if len(payload.encode("utf-8")) > MAX_PAYLOAD_BYTES:
        return "", []
    action, *args = payload.split(SEP)
    return action, [_unescape(a) for a in args]
