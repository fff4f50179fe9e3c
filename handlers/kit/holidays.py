"""Which days are holidays (放假) and 调休 working days, from the best source there is.

1. the dates staff loaded from the State Council's notice (`linli holidays load FILE`): a
   loaded year replaces the package's whole year;
2. else the chinese-calendar package's official schedule (2004–2026 in 1.11);
3. else an estimate by rule (the `holidays` package: statutory days, no 调休 working days),
   which screens must call an estimate.

`day_kind(day)` / `is_holiday(day)` are the one place features ask. They are synchronous
(opening hours are computed deep in synchronous code), so the loaded dates live in memory:
`refresh(uow)` reads them, at start and on every screen that lists days.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import chinese_calendar

from linli.handlers.kit import when
from linli.handlers.kit.text import Text, t
from linli.storage.models import OfficialDay

if TYPE_CHECKING:
    from linli.storage.uow import UnitOfWork

LOADED = "loaded"
OFFICIAL = "official"
ESTIMATED = "estimated"
HOLIDAY = "holiday"
WORKDAY = "workday"


@dataclass(frozen=True)
class DayKind:
    """What a date is: a day off, a 调休 working day, or neither; and how sure we are."""

    day: dt.date
    holiday: bool  # statutory day off (放假), weekend days inside a holiday block included
    workday: bool  # 调休: a weekend day that is worked
    name: str | None  # the holiday's English name, chinese-calendar's spelling
    source: str  # LOADED, OFFICIAL or ESTIMATED

    @property
    def estimated(self) -> bool:
        return self.source == ESTIMATED


@dataclass(frozen=True)
class YearSchedule:
    source: str
    holidays: dict[dt.date, str | None]
    workdays: dict[dt.date, str | None]


# Loaded years, by year; replaced whole by `use_loaded`.
_loaded: dict[int, YearSchedule] = {}


def use_loaded(days: Iterable[tuple[dt.date, str, str | None]]) -> None:
    """Take these loaded (day, kind, name) rows as the schedule of the years they fall in."""
    years: dict[int, YearSchedule] = {}
    for day, kind, name in days:
        year = years.setdefault(day.year, YearSchedule(LOADED, {}, {}))
        (year.holidays if kind == HOLIDAY else year.workdays)[day] = name
    _loaded.clear()
    _loaded.update(years)


async def refresh(uow: UnitOfWork) -> None:
    """Read the loaded schedules again (another process may have loaded a year)."""
    use_loaded((d.day, d.kind, d.name) for d in await uow.holidays.all())


@functools.cache
def packaged_official(year: int) -> bool:
    """Whether chinese-calendar has the State Council's schedule for this year."""
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return False
    try:
        chinese_calendar.get_holiday_detail(dt.date(year, 1, 1))
    except NotImplementedError:
        # Its "no available data for year …" error; upgrading the package adds new years.
        return False
    return True


@functools.cache
def _packaged(year: int) -> YearSchedule:
    if packaged_official(year):
        return _official_year(year)
    # Only for years chinese-calendar has no data for; the package brings every country's
    # rules with it (a second to import, MBs held), so it waits for such a year.
    import holidays as rule_holidays

    # language is explicit: left unset, the names depend on the process locale.
    rule = rule_holidays.China(years=year, language="en_US")
    return YearSchedule(ESTIMATED, {d: str(n) for d, n in rule.items()}, {})


def _official_year(year: int) -> YearSchedule:
    """One year of chinese-calendar's data, read day by day through its public functions."""
    found: dict[dt.date, str | None] = {}
    makeup: dict[dt.date, str | None] = {}
    day = dt.date(year, 1, 1)
    while day.year == year:
        resting, name = chinese_calendar.get_holiday_detail(day)
        weekend = day.weekday() >= 5
        # A plain weekend is a rest day too, but no holiday; a named rest day or a weekday off is.
        if resting and (name is not None or not weekend):
            found[day] = name
        elif not resting and weekend:
            makeup[day] = name
        day += dt.timedelta(days=1)
    return YearSchedule(OFFICIAL, found, makeup)


def schedule(year: int) -> YearSchedule:
    """A year's holidays and 调休 working days, loaded ones first."""
    return _loaded.get(year) or _packaged(year)


def day_kind(day: dt.date) -> DayKind:
    """Holiday, 调休 working day or ordinary; with the holiday's name and the source."""
    year = schedule(day.year)
    if day in year.holidays:
        return DayKind(day, True, False, year.holidays[day], year.source)
    if day in year.workdays:
        return DayKind(day, False, True, year.workdays[day], year.source)
    return DayKind(day, False, False, None, year.source)


def is_holiday(day: dt.date) -> bool:
    """Whether the date is a statutory day off (not a plain weekend)."""
    return day_kind(day).holiday


# --- words ------------------------------------------------------------------------------------

# The holidays by the words in their names: chinese-calendar's, the `holidays` package's
# ("Chinese New Year (Spring Festival) (observed)") and what staff type in a loaded file.
NAMES = {
    "New Year's Day": ("new year's day", "元旦"),
    "Spring Festival": ("spring festival", "new year's eve", "春节", "除夕"),
    "Tomb-sweeping Day": ("tomb", "清明"),
    "Labour Day": ("labour", "labor", "劳动", "五一"),
    "Dragon Boat Festival": ("dragon", "端午"),
    "Mid-autumn Festival": ("mid-autumn", "中秋"),
    "National Day": ("national", "国庆"),
    "Anti-Fascist 70th Day": ("anti-fascist", "抗战", "胜利"),
}
NAME_LABELS = {
    "New Year's Day": t("days-new-year"),
    "Spring Festival": t("days-spring-festival"),
    "Tomb-sweeping Day": t("days-qingming"),
    "Labour Day": t("days-labour-day"),
    "Dragon Boat Festival": t("days-dragon-boat"),
    "Mid-autumn Festival": t("days-mid-autumn"),
    "National Day": t("days-national-day"),
    "Anti-Fascist 70th Day": t("days-victory-day"),
}


def canonical_name(name: str | None) -> str | None:
    """chinese-calendar's name of the holiday a name speaks of, or None if none fits."""
    if not name:
        return None
    lowered = name.strip().lower()
    for canonical, words in NAMES.items():
        if any(word in lowered for word in words):
            return canonical
    return None


def mark(kind: DayKind) -> Text | None:
    """国庆 / 调休上班 / 节日, or None for an ordinary day."""
    if kind.holiday:
        return NAME_LABELS.get(canonical_name(kind.name) or "", t("days-holiday"))
    if kind.workday:
        return t("days-makeup-workday")
    return None


def marked_day_label(day: dt.date, today: dt.date) -> Text:
    """A day for a choice: 明天 / 10-01 周四 国庆 / 10-10 周六 调休上班."""
    label = when.day_label(day, today)
    found = mark(day_kind(day))
    return label if found is None else t("days-marked", day=label, mark=found)


def estimate_notes(days: Iterable[dt.date]) -> list[Text]:
    """One line per year shown whose holidays are only estimated."""
    years = sorted({d.year for d in days if schedule(d.year).source == ESTIMATED})
    return [t("days-estimated", year=str(year)) for year in years]


# --- loading the State Council's schedule --------------------------------------------------------

_RANGE = re.compile(r"\s*(?:~|～|至|到|—|–|\bto\b)\s*")


@dataclass(frozen=True)
class LoadedYear:
    year: int
    holidays: dict[dt.date, str]
    workdays: dict[dt.date, str]


def _as_day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _days_of(value: Any) -> list[dt.date] | None:
    """`2027-10-01`, `2027-10-01 ~ 2027-10-07`, or a list of those → the days; None if wrong."""
    items = value if isinstance(value, list) else [value]
    days: list[dt.date] = []
    for item in items:
        ends = [item] if isinstance(item, dt.date) else _RANGE.split(str(item).strip())
        if len(ends) > 2:
            return None
        first, last = _as_day(ends[0]), _as_day(ends[-1])
        if first is None or last is None or last < first or (last - first).days > 31:
            return None
        days += [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    return days


def read_schedule(data: Any) -> LoadedYear | list[Text]:
    """A year's schedule from a parsed YAML file, or what is wrong with it (line by line).

    year: 2027
    holidays:            # 放假, by holiday: one day, a range, or a list of both
      国庆: 2027-10-01 ~ 2027-10-07
    workdays:            # 调休上班 days, by the holiday they pay back
      国庆: [2027-09-26, 2027-10-09]
    """
    year_text = str(data.get("year", "")).strip() if isinstance(data, dict) else ""
    if not (year_text.isdigit() and len(year_text) == 4):
        return [t("days-load-no-year")]
    year = int(year_text)
    problems: list[Text] = []
    found: dict[str, dict[dt.date, str]] = {HOLIDAY: {}, WORKDAY: {}}
    for section, kind in (("holidays", HOLIDAY), ("workdays", WORKDAY)):
        entries = data.get(section) or {}
        if not isinstance(entries, dict):
            problems.append(t("days-load-bad-section", section=section))
            continue
        for name, value in entries.items():
            canonical = canonical_name(str(name))
            days = _days_of(value)
            if canonical is None:
                problems.append(t("days-load-bad-name", name=str(name)))
            elif days is None:
                problems.append(t("days-load-bad-days", name=str(name), value=str(value)))
            else:
                for day in days:
                    if day.year != year:
                        problems.append(
                            t("days-load-wrong-year", day=day.isoformat(), year=str(year))
                        )
                    found[kind][day] = canonical
    for day in sorted(set(found[HOLIDAY]) & set(found[WORKDAY])):
        problems.append(t("days-load-both", day=day.isoformat()))
    if not found[HOLIDAY] and not problems:
        problems.append(t("days-load-no-holidays"))
    if problems:
        return problems
    return LoadedYear(year, found[HOLIDAY], found[WORKDAY])


async def load_year(uow: UnitOfWork, loaded: LoadedYear) -> None:
    """Store a year's schedule in place of any loaded before, and use it in this process."""
    rows = [OfficialDay(day=d, kind=HOLIDAY, name=n) for d, n in loaded.holidays.items()]
    rows += [OfficialDay(day=d, kind=WORKDAY, name=n) for d, n in loaded.workdays.items()]
    await uow.holidays.replace_year(loaded.year, rows)
    await refresh(uow)
