"""Dates and times as people say them: 明天下午三点, 下周六, 12月5号, 三点到五点, tomorrow 3pm.

One job: a phrase plus today's date → a day, a time, a day with a time, or a span of times;
or a `Problem` that names what is wrong (没有2月30日, 25:00不是有效时间), so the question is
never simply repeated. Chinese numerals are read by a small converter of our own: on the
132 phrasings in tests/kit/spoken_phrases.py it read 132, cn2an 0.5.24's transform in its
place 123 (周日/星期天 and 两点 left unread), so cn2an would be a dependency for nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from linli.handlers.kit.text import Text, t

# A month-day this far in the past means the next year's (1-5 typed in December);
# nearer, it is a day just gone, and saying so beats silently moving it a year ahead.
ROLL_OVER_DAYS = 60


@dataclass(frozen=True)
class Spoken:
    day: dt.date | None = None
    start: dt.time | None = None
    end: dt.time | None = None


@dataclass(frozen=True)
class Problem:
    """What is wrong, as a Fluent message id and its arguments."""

    key: str
    args: dict


def explain(problem: Problem) -> Text:
    """The problem in the user's words. Keys stay literal so the locale test finds them."""
    a = problem.args
    if problem.key == "spoken-no-such-day":
        return t("spoken-no-such-day", month=a["month"], day=a["day"])
    if problem.key == "spoken-bad-time":
        return t("spoken-bad-time", time=a["time"])
    if problem.key == "spoken-past":
        return t("spoken-past", month=a["month"], day=a["day"])
    if problem.key == "spoken-backwards":
        return t("spoken-backwards", start=a["start"], end=a["end"])
    return t("spoken-days-backwards", first=a["first"], last=a["last"])


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WEEKDAYS |= {str(n): n - 1 for n in range(1, 8)}
_EN_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_EN_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_RELATIVE = {"大后天": 3, "后天": 2, "明天": 1, "明日": 1, "今天": 0, "今日": 0}
_RELATIVE |= {"day after tomorrow": 2, "tomorrow": 1, "today": 0, "tonight": 0}
_SHORT = {"今晚": (0, "晚上"), "明早": (1, "早上"), "明晚": (1, "晚上"), "明儿": (1, "")}
_AFTERNOON = ("下午", "晚上", "傍晚", "夜里", "晚", "pm", "p.m.", "tonight")
_MORNING = ("上午", "早上", "早晨", "凌晨", "清早", "早", "am", "a.m.")
_NOON = ("中午",)


def _chinese_number(run: str) -> int | None:
    """一 … 九十九, 十二, 二十, 廿; plain digit strings like 二〇二六 too."""
    if "十" not in run:
        return int("".join(str(_DIGITS[ch]) for ch in run))
    tens, _, ones = run.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


def _numerals(text: str) -> str:
    # Weekdays keep their character (周三 is Wednesday, not a number).
    text = re.sub(
        r"(周|星期|礼拜)([一二三四五六日天])", lambda m: m[1] + str(_WEEKDAYS[m[2]] + 1), text
    )

    def one(match: re.Match) -> str:
        value = _chinese_number(match[0])
        return match[0] if value is None else str(value)

    return re.sub(r"[零〇一二两三四五六七八九十]+", one, text)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().lower().replace("：", ":")
    return _numerals(text.replace("廿", "二十"))


def _month_day(year: int | None, month: int, day: int, today: dt.date) -> dt.date | Problem:
    try:
        found = dt.date(year or today.year, month, day)
    except ValueError:
        return Problem("spoken-no-such-day", {"month": month, "day": day})
    if year is None and (today - found).days > ROLL_OVER_DAYS:
        try:
            found = found.replace(year=today.year + 1)
        except ValueError:  # 2-29 in a year without one
            return Problem("spoken-no-such-day", {"month": month, "day": day})
    return found


def _week(today: dt.date, weekday: int, weeks: int | None) -> dt.date:
    """周六: the next Saturday (today counts); 这周六/下周六: that day of this/next week."""
    if weeks is None:
        return today + dt.timedelta(days=(weekday - today.weekday()) % 7)
    monday = today - dt.timedelta(days=today.weekday())
    return monday + dt.timedelta(days=7 * weeks + weekday)


_WEEK_WORDS = {"下下": 2, "下个": 1, "下": 1, "这个": 0, "这": 0, "本": 0, "上": -1}
_EN_WEEK = {"next": 1, "this": 0, "coming": None, "last": -1}

_DAY_PATTERNS = [
    r"(?<!\d)(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)\s*[日号]?",
    r"(?<!\d)(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})(?!\d)\s*[日号]?",
    # 12-05, 12/5 — but not 3-5点 or 3-5pm, which are times.
    r"(?<![\d:])(?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?![\d:点时]|\s*(?:am|pm|点|时|:))",
    r"(?P<en_m>" + "|".join(_EN_MONTHS) + r")[a-z]*\.?\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?\b",
    r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<en_m>" + "|".join(_EN_MONTHS) + r")[a-z]*\.?",
    r"(?P<w>下下|下个|下|这个|这|本|上)?\s*(?:周|星期|礼拜)(?P<wd>[1-7])",
    r"(?:(?P<ew>next|this|coming|last)\s+)?(?P<en_wd>" + "|".join(_EN_DAYS) + r")[a-z]*\b\.?",
    r"(?<![月\d])(?P<only_d>\d{1,2})\s*[号日]",
    r"(?P<rel>" + "|".join(sorted(_RELATIVE, key=len, reverse=True)) + ")",
    r"(?P<short>" + "|".join(_SHORT) + ")",
]
_DAY_RE = [re.compile(p) for p in _DAY_PATTERNS]


def _find_day(text: str, today: dt.date) -> tuple[dt.date | Problem | None, str, str]:
    """The day named in the text, the text without it, and a period the day word implied."""
    for pattern in _DAY_RE:
        match = pattern.search(text)
        if not match:
            continue
        rest = (text[: match.start()] + " " + text[match.end() :]).strip()
        parts = match.groupdict()
        period = ""
        if parts.get("rel"):
            day: dt.date | Problem = today + dt.timedelta(days=_RELATIVE[parts["rel"]])
            period = "晚上" if parts["rel"] == "tonight" else ""
        elif parts.get("short"):
            offset, period = _SHORT[parts["short"]]
            day = today + dt.timedelta(days=offset)
        elif parts.get("wd"):
            weeks = _WEEK_WORDS[parts["w"]] if parts.get("w") else None
            day = _week(today, int(parts["wd"]) - 1, weeks)
        elif parts.get("en_wd"):
            weeks = _EN_WEEK[parts["ew"]] if parts.get("ew") else None
            day = _week(today, _EN_DAYS.index(parts["en_wd"][:3]), weeks)
        elif parts.get("only_d"):
            number = int(parts["only_d"])
            month, year = today.month, today.year
            if number < today.day:
                month, year = (1, year + 1) if month == 12 else (month + 1, year)
            day = _month_day(year, month, number, today)
        else:
            month = (
                _EN_MONTHS.index(parts["en_m"][:3]) + 1 if parts.get("en_m") else int(parts["m"])
            )
            year = int(parts["y"]) if parts.get("y") else None
            day = _month_day(year, month, int(parts["d"]), today)
        return day, rest, period
    return None, text, ""


_PERIOD_RE = "|".join(re.escape(p) for p in sorted(_AFTERNOON + _MORNING + _NOON, key=len)[::-1])
_CLOCK = (
    r"(?P<h{n}>\d{{1,2}})\s*(?:"
    r":(?P<mm{n}>\d{{2}})"
    r"|[点时]\s*(?:(?P<half{n}>半)|(?P<q{n}>[1-3])\s*刻|(?P<mm2{n}>\d{{1,2}})\s*分?|钟|整)?"
    r")?\s*(?P<ap{n}>am|pm|a\.m\.|p\.m\.)?"
)
_TIME_RE = re.compile(
    r"^(?P<p1>" + _PERIOD_RE + r")?\s*" + _CLOCK.format(n=1) + r"\s*"
    r"(?:(?:-|–|—|~|～|至|到|to|until)\s*(?P<p2>"
    + _PERIOD_RE
    + r")?\s*"
    + _CLOCK.format(n=2)
    + r")?$"
)


def _clock(match: re.Match, n: int) -> tuple[int, int]:
    """(hour, minute) of the n-th clock in a match."""
    hour = int(match[f"h{n}"])
    minute = match[f"mm{n}"] or match[f"mm2{n}"]
    if match[f"half{n}"]:
        minutes = 30
    elif match[f"q{n}"]:
        minutes = 15 * int(match[f"q{n}"])
    else:
        minutes = int(minute) if minute else 0
    return hour, minutes


def _apply(hour: int, period: str) -> int:
    if period in _AFTERNOON and hour < 12:
        return hour + 12
    if period in _NOON and hour < 6:
        return hour + 12
    if period in _MORNING and hour == 12:
        return 0
    return hour


def _time(hour: int, minute: int) -> dt.time | Problem:
    if hour > 23 or minute > 59:
        return Problem("spoken-bad-time", {"time": f"{hour}:{minute:02d}"})
    return dt.time(hour, minute)


def _find_times(text: str, period: str) -> tuple[dt.time, dt.time | None] | Problem | None:
    text = text.strip().replace("钟头", "")
    match = _TIME_RE.match(text)
    if not match:
        return None
    if match["h2"] is None and not re.search(r"[:点时]|am|pm|a\.m\.|p\.m\.|" + _PERIOD_RE, text):
        return None  # a bare number is not a time
    if match["h2"] is not None and not re.search(r"[:点时]|am|pm|a\.m\.|p\.m\.", text):
        return None  # 3-5 alone is not a span of hours
    first_period = match["p1"] or period
    h1, m1 = _clock(match, 1)
    ap1, ap2 = match["ap1"], match["ap2"]
    if match["h2"] is None:
        start = _time(_apply(h1, ap1 or first_period), m1)
        return start if isinstance(start, Problem) else (start, None)
    h2, m2 = _clock(match, 2)
    second_period = match["p2"] or ap2 or first_period
    # "3-5pm": the pm of the end is the start's too.
    start = _time(_apply(h1, ap1 or first_period or (ap2 if h1 <= h2 else "")), m1)
    end = _time(_apply(h2, second_period), m2)
    if isinstance(start, Problem):
        return start
    if isinstance(end, Problem):
        return end
    if end <= start and not (match["p2"] or ap2 or first_period) and end.hour < 12:
        # 11点到2点: past noon.
        end = end.replace(hour=end.hour + 12)
    if end <= start:
        return Problem("spoken-backwards", {"start": f"{start:%H:%M}", "end": f"{end:%H:%M}"})
    return start, end


def read(text: str, today: dt.date) -> Spoken | Problem | None:
    """Whatever the phrase says; None when it is not a date or time at all."""
    text = _clean(text)
    if not text:
        return None
    day, rest, period = _find_day(text, today)
    if isinstance(day, Problem):
        return day
    rest = re.sub(r"^(?:的|at|,|，)\s*|\s*(?:的|,|，)$", "", rest.strip()).strip()
    if not rest:
        return Spoken(day=day) if day else None
    times = _find_times(rest, period)
    if times is None:
        return None
    if isinstance(times, Problem):
        return times
    return Spoken(day=day, start=times[0], end=times[1])


def read_day(text: str, today: dt.date, *, future: bool = False) -> dt.date | Problem | None:
    """A day alone; with `future`, a day before today is a problem named as such."""
    found = read(text, today)
    if found is None or isinstance(found, Problem):
        return found
    if found.day is None or found.start is not None:
        return None
    if future and found.day < today:
        return Problem("spoken-past", {"month": found.day.month, "day": found.day.day})
    return found.day


def read_moment(
    text: str, today: dt.date, zone, *, future: bool = False
) -> dt.datetime | Problem | None:
    """A day with one time → an aware UTC datetime in the community's zone."""
    found = read(text, today)
    if found is None or isinstance(found, Problem):
        return found
    if found.day is None or found.start is None or found.end is not None:
        return None
    if future and found.day < today:
        return Problem("spoken-past", {"month": found.day.month, "day": found.day.day})
    return dt.datetime.combine(found.day, found.start, tzinfo=zone).astimezone(dt.UTC)


def read_span(text: str) -> tuple[dt.time, dt.time] | Problem | None:
    """Two times, the end after the start."""
    found = read(text, dt.date(2000, 1, 1))
    if found is None or isinstance(found, Problem):
        return found
    if found.day is not None or found.end is None:
        return None
    return found.start, found.end


def read_time(text: str) -> dt.time | Problem | None:
    """One time of day alone (22:00, 晚上10点); 25:00 is a Problem that says so."""
    found = read(text, dt.date(2000, 1, 1))
    if found is None or isinstance(found, Problem):
        return found
    if found.day is not None or found.start is None or found.end is not None:
        return None
    return found.start


def read_days(text: str, today: dt.date, *, future: bool = False):
    """`12月1日到12月3日`, `下周一至下周三` or one day → (first, last), or a Problem."""
    # A plain hyphen only between spaces: 12-05 itself is written with one.
    parts = re.split(r"\s*(?:至|到|~|～|—|–|\bto\b)\s*|\s+-\s+", _clean(text))
    if len(parts) > 2:
        return None
    days = [read_day(part, today, future=future) for part in parts]
    for day in days:
        if day is None or isinstance(day, Problem):
            return day
    first, last = days[0], days[-1]
    if last < first:
        return Problem(
            "spoken-days-backwards",
            {"first": f"{first:%m-%d}", "last": f"{last:%m-%d}"},
        )
    return first, last
