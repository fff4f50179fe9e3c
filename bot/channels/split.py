"""One splitter for every channel: a long reply becomes several messages, cut between lines.

Channels differ only in the limit and in how they count it: Telegram counts characters
(4096), WeChat counts UTF-8 bytes (a passive reply or a customer message of ~2047 bytes).
"""

from __future__ import annotations

from collections.abc import Callable


def utf8_size(text: str) -> int:
    return len(text.encode())


def split(text: str, limit: int, size: Callable[[str], int] = len) -> list[str]:
    """Parts of at most `limit` (as `size` measures), cut at line ends where possible.

    A single line longer than the limit is cut between characters (it has no better place).
    """
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if size(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        current = ""
        while size(line) > limit:
            # A character is at least one unit, so `limit` characters is the longest cut that
            # can fit; back off for wide ones, but always take one so the loop moves on.
            cut = limit
            while cut > 1 and size(line[:cut]) > limit:
                cut -= 1
            parts.append(line[:cut])
            line = line[cut:]
        current = line
    if current or not parts:
        parts.append(current)
    return parts
