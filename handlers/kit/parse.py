"""Reading what people type: choice numbers, whole numbers and bare opening hours (8-12).
Dates and times as people say them are handlers/kit/spoken_time.py's."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from linli.handlers.kit.when import parse_time

_SEP = r"\s*(?:-|–|—|~|～|至|到|to)\s*"


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


MAX_DIGITS = 9  # every number a person types or a button carries fits in 32 bits


def whole_number(text: str, low: int = 0, high: int = 10**MAX_DIGITS - 1) -> int | None:
    """A number as people type it: ASCII digits (full-width ones converted), bounded.

    `str.isdigit` also accepts ² and ⓵, which int() refuses, and int() refuses 5,000 digits
    outright: both are answered here with None, never an exception.
    """
    text = unicodedata.normalize("NFKC", text).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_DIGITS:
        return None
    number = int(text)
    return number if low <= number <= high else None


_CN_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
# How people number a choice around the number itself: 第二个, 2号, "1.", (1), ①.
_CHOICE_SHAPE = re.compile(
    r"(?:第\s*(?P<nth>[^\s个项条]+)\s*[个项条]?)"
    r"|(?:\((?P<paren>[^)]+)\))"
    r"|(?:(?P<bare>[^\s.、。:：号]+)\s*[.、。:：号]?)"
)
MAX_CHOICE = 99


def _chinese_number(text: str) -> int | None:
    """一..九十九 as written: 十, 十一, 二十, 二十三 (两 for 2)."""
    if text in _CN_DIGITS:
        return _CN_DIGITS[text]
    tens, sep, ones = text.partition("十")
    if not sep or len(tens) > 1 or len(ones) > 1:
        return None
    if (tens and tens not in _CN_DIGITS) or (ones and ones not in _CN_DIGITS):
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def choice_number(text: str, high: int = MAX_CHOICE) -> int | None:
    """The number of a choice as people type it, 1..99: `2`, `２`, `二`, `两`, `第二个`,
    `第2项`, `2号`, `2.`, `2、`, `(2)`, `（2）`, `②`. None for anything else.

    Only for picking a numbered choice: a headcount or an amount stays `whole_number`.
    Typed text only; a payload's ① is still a forged button (`forged_number`).
    """
    text = unicodedata.normalize("NFKC", text).strip()  # １→1, （→(, ②→2
    match = _CHOICE_SHAPE.fullmatch(text)
    if not match:
        return None
    core = (match["nth"] or match["paren"] or match["bare"] or "").strip()
    if core.isascii() and core.isdigit() and len(core) <= 2:
        number = int(core)
    else:
        number = _chinese_number(core)
    if number is None or not 1 <= number <= min(high, MAX_CHOICE):
        return None
    return number


_DIGIT_RUNS = re.compile(r"\d+")


def forged_number(value: str) -> bool:
    """Whether a payload argument carries digits no button of ours would: non-ASCII ones
    or more than fit in 32 bits (a database id beyond int4 fails the query)."""
    # str.isdigit() says yes to ² and ①, which int() refuses; \d does not match them.
    if any(ch.isdigit() and not ch.isascii() for ch in value):
        return True
    return any(not run.isascii() or len(run) > MAX_DIGITS for run in _DIGIT_RUNS.findall(value))


def parse_span(text: str) -> tuple[dt.time, dt.time] | None:
    """`14:00-16:00`, `14点到16点` → (opens, closes), with closes after opens."""
    parts = re.split(_SEP, _clean(text))
    if len(parts) != 2:
        return None
    opens, closes = parse_time(parts[0]), parse_time(parts[1])
    if opens is None or closes is None or closes <= opens:
        return None
    return opens, closes
