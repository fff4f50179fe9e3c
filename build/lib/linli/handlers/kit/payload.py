"""Button payloads: short strings that fit Telegram's 64-byte callback_data everywhere.

A payload is an action and its arguments joined by `|`, e.g. `go|profile` or
`c|profile|lang|en`. Arguments may be Chinese; the limit is in UTF-8 bytes, not characters.
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
