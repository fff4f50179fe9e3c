"""The directory importer: a YAML file staff edit → units and facilities, all or nothing.

Every problem is reported with its line; a file with any problem imports nothing.
Facilities already in the database are updated in place (matched by unit and name).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linli.handlers.kit import when
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.text import Text, raw, t
from linli.handlers.kit.when import parse_time
from linli.handlers.profile.service import write_audit
from linli.storage.models import (
    Facility,
    FacilityCommunity,
    FacilityException,
    OpeningWindow,
    Unit,
)
from linli.storage.uow import UnitOfWork

if TYPE_CHECKING:
    import yaml

UNIT_KINDS = ("学校", "医院", "机关", "企业", "部队", "社会组织", "其他")
CATEGORIES = ("运动", "餐饮", "文化学习", "阅读", "停车", "医疗", "场地")
MODES = ("共建共享", "错时共享", "按需共享")
FEES = ("免费", "低偿")
WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
DAY_WORDS = {"每天": range(7), "工作日": range(5), "周末": range(5, 7)}

UNIT_KEYS = {"name", "kind", "address", "contact", "facilities"}
FACILITY_KEYS = {
    "name",
    "category",
    "mode",
    "communities",
    "address",
    "contact",
    "description",
    "rules",
    "fee",
    "fee_amount",
    "fee_unit",
    "min_age",
    "max_age",
    "hours",
    "booking",
}
# English versions, shown to English readers (handlers/facilities/shown.py); optional.
UNIT_ENGLISH = {"name_en": 100}
FACILITY_ENGLISH = {"name_en": 100, "description_en": 500, "rules_en": 500}
UNIT_KEYS |= set(UNIT_ENGLISH)
FACILITY_KEYS |= set(FACILITY_ENGLISH)
# What a facility does on statutory holidays (handlers/facilities/service.py applies it):
# `holidays: 按周日` (the usual rule, also when absent), `holidays: 关闭`, or its own hours as a
# list of `- open: "09:00"` / `close: "12:00"`.
FACILITY_KEYS.add("holidays")
# Dated closures and extra openings (absent: those entered in chat are kept), and pictures.
FACILITY_KEYS |= {"closures", "openings", "photos"}
HOLIDAY_WORDS = {"按周日": "sunday", "周日时间": "sunday", "关闭": "closed", "不开放": "closed"}
HOLIDAY_WINDOW_KEYS = {"open", "close"}
WINDOW_KEYS = {"days", "open", "close"}
BOOKING_KEYS = {
    "slot_minutes",
    "capacity",
    "horizon_days",
    "max_upcoming",
    "max_upcoming_per_household",
    "cancel_before_minutes",
    # true where the gate checks names: the unit's operators then see bookers' names
    "entry_needs_name",
    # Lottery mode (抽签): entries open N days ahead, the draw is N hours before the start.
    "lottery_opens_days",
    "lottery_draw_hours",
}


@functools.cache
def _line_loader() -> type:
    """A safe loader that remembers the line of every mapping and of each of its values.

    Made when the first file is read, not at start: PyYAML is for staff's files, and a
    running bot that never reads one need not hold it."""
    import yaml

    class _LineLoader(yaml.SafeLoader):
        pass

    _LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    return _LineLoader


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
    mapping = {}
    lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        mapping[key] = loader.construct_object(value_node, deep=True)
        lines[key] = value_node.start_mark.line + 1
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__lines__"] = lines
    return mapping


@dataclass
class WindowSpec:
    weekday: int
    opens: dt.time
    closes: dt.time


@dataclass(frozen=True)
class ClosureSpec:
    """Closed from `first` to `last` (both included), for `reason` (told to bookers)."""

    first: dt.date
    last: dt.date
    reason: str | None


@dataclass(frozen=True)
class OpeningSpec:
    """An extra opening on one date."""

    day: dt.date
    opens: dt.time
    closes: dt.time


@dataclass
class FacilitySpec:
    line: int
    name: str
    values: dict[str, Any]
    communities: list[str]
    windows: list[WindowSpec]
    # None where the file leaves `closures` / `openings` out: the dated ones entered in
    # chat stay as they are (an old file re-imported must not reopen closed days).
    closures: list[ClosureSpec] | None = None
    openings: list[OpeningSpec] | None = None


@dataclass
class UnitSpec:
    line: int
    name: str
    values: dict[str, Any]
    facilities: list[FacilitySpec] = field(default_factory=list)


@dataclass
class Problem:
    line: int
    message: Text
    # Which field it is about ("hours", "booking.capacity"), for a form to show it there.
    field: str = ""


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    units_created: int = 0
    units_updated: int = 0
    facilities_created: int = 0
    facilities_updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


class _Reader:
    """Walks the parsed file, collecting specs and problems."""

    def __init__(self, known_communities: set[str], today: dt.date | None = None) -> None:
        self.known = known_communities
        # Given where a person types the dates (the console's form): a date already past is
        # then a mistake to show. A file re-imported later just skips its past dates.
        self.today = today
        self.problems: list[Problem] = []

    def problem(self, line: int, message: Text, field: str = "") -> None:
        self.problems.append(Problem(line, message, field))

    def _line(self, mapping: dict, key: str) -> int:
        return mapping.get("__lines__", {}).get(key, mapping.get("__line__", 0))

    def _field(self, mapping: dict, key: str) -> str:
        path = mapping.get("__path__", "")
        return f"{path}.{key}" if path else str(key)

    def _at(self, mapping: dict, key: str, message: Text) -> None:
        """A problem with `key` of `mapping`: at its line, named by its field."""
        self.problem(self._line(mapping, key), message, self._field(mapping, key))

    def _keys(self, mapping: dict, allowed: set[str]) -> None:
        for key in mapping:
            if key in META:
                continue
            if key not in allowed:
                self._at(mapping, key, t("import-unknown-key", key=str(key)))

    def _text(self, mapping: dict, key: str, *, required: bool, limit: int) -> str | None:
        value = mapping.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(
                    mapping["__line__"], t("import-missing", key=key), self._field(mapping, key)
                )
            return None
        if not isinstance(value, str | int | float):
            self._at(mapping, key, t("import-not-text", key=key))
            return None
        text = str(value).strip()
        if len(text) > limit:
            self._at(mapping, key, t("import-too-long", key=key, limit=limit))
            return None
        return text

    def _english(self, mapping: dict, limits: dict[str, int]) -> dict[str, str | None]:
        """The optional English versions; one left out of the file is cleared on import,
        like any other optional field."""
        return {
            key: self._text(mapping, key, required=False, limit=limit)
            for key, limit in limits.items()
        }

    def _choice(self, mapping: dict, key: str, allowed: tuple[str, ...]) -> str | None:
        value = self._text(mapping, key, required=True, limit=32)
        if value is not None and value not in allowed:
            self._at(
                mapping,
                key,
                t("import-not-one-of", key=key, value=value, allowed=" ".join(allowed)),
            )
            return None
        return value

    def _int(self, mapping: dict, key: str, low: int, high: int) -> int | None:
        value = mapping.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self._at(mapping, key, t("import-bad-number", key=key, low=low, high=high))
            return None
        return value

    def read(self, document: Any) -> list[UnitSpec]:
        if not isinstance(document, dict) or not isinstance(document.get("units"), list):
            self.problem(1, t("import-no-units"))
            return []
        self._keys(document, {"units"})
        units: list[UnitSpec] = []
        seen: dict[str, int] = {}
        for item in document["units"]:
            if not isinstance(item, dict):
                self._at(document, "units", t("import-not-mapping"))
                continue
            unit = self._unit(item)
            if unit is None:
                continue
            if unit.name in seen:
                self.problem(
                    unit.line, t("import-duplicate-unit", name=unit.name, first=seen[unit.name])
                )
                continue
            seen[unit.name] = unit.line
            units.append(unit)
        return units

    def _unit(self, item: dict) -> UnitSpec | None:
        self._keys(item, UNIT_KEYS)
        name = self._text(item, "name", required=True, limit=100)
        values = {
            "kind": self._choice(item, "kind", UNIT_KINDS),
            "address": self._text(item, "address", required=True, limit=200),
            "contact": self._text(item, "contact", required=False, limit=100),
        }
        values.update(self._english(item, UNIT_ENGLISH))
        unit = UnitSpec(item["__line__"], name or "", values)
        facilities = item.get("facilities") or []
        if not isinstance(facilities, list):
            self._at(item, "facilities", t("import-not-list", key="facilities"))
            facilities = []
        seen: set[str] = set()
        for entry in facilities:
            if not isinstance(entry, dict):
                self._at(item, "facilities", t("import-not-mapping"))
                continue
            spec = self.facility(entry)
            if spec is None:
                continue
            if spec.name in seen:
                self.problem(spec.line, t("import-duplicate-facility", name=spec.name))
                continue
            seen.add(spec.name)
            unit.facilities.append(spec)
        return unit if name else None

    def facility(self, item: dict) -> FacilitySpec | None:
        """One facility's mapping, checked field by field (the file's and the console's)."""
        self._keys(item, FACILITY_KEYS)
        line = item["__line__"]
        name = self._text(item, "name", required=True, limit=100)
        mode = self._choice(item, "mode", MODES)
        values: dict[str, Any] = {
            "category": self._choice(item, "category", CATEGORIES),
            "mode": mode,
            "address": self._text(item, "address", required=False, limit=200),
            "contact": self._text(item, "contact", required=False, limit=100),
            "description": self._text(item, "description", required=False, limit=500),
            "rules": self._text(item, "rules", required=False, limit=500),
            "fee_kind": self._choice(item, "fee", FEES),
            "fee_unit": self._text(item, "fee_unit", required=False, limit=16),
            "min_age": self._int(item, "min_age", 0, 120),
            "max_age": self._int(item, "max_age", 0, 120),
        }
        values.update(self._english(item, FACILITY_ENGLISH))
        values["fee_amount"] = self._fee(item, values["fee_kind"])
        if (
            values["min_age"] is not None
            and values["max_age"] is not None
            and values["min_age"] > values["max_age"]
        ):
            self._at(item, "max_age", t("import-age-order"))
        communities = self._communities(item)
        windows = self._windows(item, mode)
        values.update(self._booking(item, windows))
        values.update(self._holidays(item, values.get("slot_minutes")))
        values["photos"] = self._photos(item)
        closures = self._closures(item)
        openings = self._openings(item)
        if name is None:
            return None
        return FacilitySpec(line, name, values, communities, windows, closures, openings)

    def _fee(self, item: dict, kind: str | None) -> Decimal | None:
        raw_amount = item.get("fee_amount")
        if kind == "低偿":
            try:
                amount = Decimal(str(raw_amount))
            except (InvalidOperation, ValueError):
                amount = None
            if (
                raw_amount is None
                or isinstance(raw_amount, bool)
                or amount is None
                or not amount.is_finite()
                or amount <= 0
                or amount > 100000
            ):
                self._at(item, "fee_amount", t("import-fee-amount"))
                return None
            return amount.quantize(Decimal("0.01"))
        if raw_amount is not None:
            self._at(item, "fee_amount", t("import-fee-free-amount"))
        return None

    def _communities(self, item: dict) -> list[str]:
        codes = item.get("communities")
        if not isinstance(codes, list) or not codes:
            self._at(item, "communities", t("import-no-communities"))
            return []
        result = []
        for code in codes:
            if not isinstance(code, str) or code not in self.known:
                self._at(item, "communities", t("import-unknown-community", code=str(code)))
            elif code not in result:
                result.append(code)
        return result

    def _list(self, item: dict, key: str, limit: int) -> list | None:
        """The list under `key` (None when absent or not a list, which is said)."""
        value = item.get(key)
        if value is None:
            return None
        if not isinstance(value, list):
            self._at(item, key, t("import-not-list", key=key))
            return None
        if len(value) > limit:
            self._at(item, key, t("console-directory-too-many", key=key, limit=limit))
            return None
        return value

    def _windows(self, item: dict, mode: str | None) -> list[WindowSpec]:
        hours = self._list(item, "hours", MAX_ROWS)
        if hours is None and item.get("hours") is not None:
            return []  # not a list, or too long: said
        hours = hours or []
        if not hours and mode in ("共建共享", "错时共享"):
            self._at(item, "hours", t("import-hours-required"))
        windows: list[WindowSpec] = []
        for window in hours:
            if isinstance(window, str):
                # The short form, one line of the console's box: `工作日 08:00-12:00 14:00-17:00`.
                found = _short_windows(window)
                if found is None:
                    self._at(item, "hours", t("console-directory-bad-hours", value=window))
                    continue
                days_text, spans = found
                days = parse_days(days_text)
                if days is None:
                    self._at(item, "hours", t("import-bad-days", value=days_text))
                    continue
                for opens, closes in spans:
                    if closes <= opens:
                        self._at(item, "hours", t("import-close-before-open"))
                        break
                    windows.extend(WindowSpec(d, opens, closes) for d in days)
                continue
            if not isinstance(window, dict):
                self._at(item, "hours", t("import-not-mapping"))
                continue
            window.setdefault("__path__", "hours")
            self._keys(window, WINDOW_KEYS)
            wline = window["__line__"]
            days = parse_days(window.get("days"))
            if days is None:
                self._at(window, "days", t("import-bad-days", value=str(window.get("days"))))
            opens = parse_time(window.get("open"))
            closes = parse_time(window.get("close"))
            if opens is None:
                self._at(
                    window, "open", t("import-bad-time", key="open", value=str(window.get("open")))
                )
            if closes is None:
                self._at(
                    window,
                    "close",
                    t("import-bad-time", key="close", value=str(window.get("close"))),
                )
            if opens is not None and closes is not None and closes <= opens:
                self.problem(wline, t("import-close-before-open"), "hours")
                continue
            if days and opens and closes:
                windows.extend(WindowSpec(d, opens, closes) for d in days)
        # Two windows of one day may not overlap (chat's hours say the same, hours-bad).
        by_day: dict[int, list[WindowSpec]] = {}
        for window in windows:
            by_day.setdefault(window.weekday, []).append(window)
        for day in sorted(by_day):
            spans = sorted((w.opens, w.closes) for w in by_day[day])
            for (a, b), (c, d) in itertools.pairwise(spans):
                if c < b:
                    self._at(
                        item,
                        "hours",
                        t(
                            "console-directory-overlap",
                            day=when.WEEKDAY_NAMES[day],
                            first=f"{a:%H:%M}-{b:%H:%M}",
                            second=f"{c:%H:%M}-{d:%H:%M}",
                        ),
                    )
                    return windows
        return windows

    def _booking(self, item: dict, windows: list[WindowSpec]) -> dict[str, Any]:
        booking = item.get("booking")
        if booking is None:
            return {
                "bookable": False,
                "slot_minutes": None,
                "capacity": None,
                "lottery_opens_days": None,
                "lottery_draw_hours": None,
            }
        if not isinstance(booking, dict):
            self._at(item, "booking", t("import-not-mapping"))
            return {}
        booking.setdefault("__path__", "booking")
        self._keys(booking, BOOKING_KEYS)
        slot = self._int(booking, "slot_minutes", 15, 480)
        capacity = self._int(booking, "capacity", 1, 1000)
        for key, value in (("slot_minutes", slot), ("capacity", capacity)):
            if value is None and key not in booking:
                self.problem(
                    booking["__line__"], t("import-missing", key=key), self._field(booking, key)
                )
        if slot:
            for w in windows:
                length = (w.closes.hour * 60 + w.closes.minute) - (
                    w.opens.hour * 60 + w.opens.minute
                )
                if length % slot:
                    self._at(
                        item,
                        "hours",
                        t("import-slot-fit", slot=slot, window=f"{w.opens:%H:%M}-{w.closes:%H:%M}"),
                    )
                    break
        fairness = {
            "horizon_days": self._int(booking, "horizon_days", 1, 90) or 7,
            "max_upcoming": self._int(booking, "max_upcoming", 1, 50) or 2,
            # Counted over a confirmed household (户) together; absent: no such limit.
            "max_upcoming_per_household": self._int(booking, "max_upcoming_per_household", 1, 50),
            "cancel_before_minutes": self._int(booking, "cancel_before_minutes", 0, 7 * 24 * 60),
        }
        if fairness["cancel_before_minutes"] is None:
            fairness["cancel_before_minutes"] = 120
        fairness["entry_needs_name"] = booking.get("entry_needs_name") is True
        lottery = self._lottery(booking, fairness["horizon_days"])
        return {
            "bookable": True,
            "slot_minutes": slot,
            "capacity": capacity,
            **fairness,
            **lottery,
        }

    def _holidays(self, item: dict, slot: int | None) -> dict[str, Any]:
        """The holiday policy: a word from HOLIDAY_WORDS, or a list of the day's windows."""
        value = item.get("holidays")
        if value is None:
            return {"holiday_policy": "sunday", "holiday_hours": None}
        if isinstance(value, str) and value.strip() in HOLIDAY_WORDS:
            return {"holiday_policy": HOLIDAY_WORDS[value.strip()], "holiday_hours": None}
        if isinstance(value, str):
            # The console's one line: `09:00-12:00 14:00-17:00`.
            found = _short_windows(value)
            if found is not None and not found[0]:
                value = [f"{a:%H:%M}-{b:%H:%M}" for a, b in found[1]]
        # At most 8 windows: they are kept as one line of text (holiday_hours, 100 chars).
        if not isinstance(value, list) or not 0 < len(value) <= 8:
            self._at(
                item,
                "holidays",
                t("card-import-holidays", value=str(value), words=" ".join(HOLIDAY_WORDS)),
            )
            return {}
        spans: list[str] = []
        for window in value:
            if isinstance(window, str):
                found = _short_windows(window)
                if found is None or found[0] or len(found[1]) != 1:
                    self._at(item, "holidays", t("console-directory-bad-holiday", value=window))
                    continue
                ((opens, closes),) = found[1]
                wline, wfield = self._line(item, "holidays"), "holidays"
            elif isinstance(window, dict):
                window.setdefault("__path__", "holidays")
                self._keys(window, HOLIDAY_WINDOW_KEYS)
                opens, closes = parse_time(window.get("open")), parse_time(window.get("close"))
                for key, parsed in (("open", opens), ("close", closes)):
                    if parsed is None:
                        self._at(
                            window, key, t("import-bad-time", key=key, value=str(window.get(key)))
                        )
                if opens is None or closes is None:
                    continue
                wline, wfield = window["__line__"], "holidays"
            else:
                self._at(item, "holidays", t("import-not-mapping"))
                continue
            if closes <= opens:
                self.problem(wline, t("import-close-before-open"), wfield)
                continue
            minutes = (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute)
            if slot and minutes % slot:
                self.problem(
                    wline,
                    t("import-slot-fit", slot=slot, window=f"{opens:%H:%M}-{closes:%H:%M}"),
                    wfield,
                )
                continue
            spans.append(f"{opens:%H:%M}-{closes:%H:%M}")
        return {"holiday_policy": "own", "holiday_hours": ",".join(sorted(spans))}

    def _lottery(self, booking: dict, horizon: int) -> dict[str, Any]:
        """Both or neither; entries open before the draw, within the booking horizon."""
        days = self._int(booking, "lottery_opens_days", 1, 90)
        hours = self._int(booking, "lottery_draw_hours", 1, 30 * 24)
        given = [k for k in ("lottery_opens_days", "lottery_draw_hours") if k in booking]
        key = given[0] if given else "lottery_opens_days"
        if len(given) == 1:
            self._at(booking, key, t("import-lottery-both"))
        elif days is not None and hours is not None:
            if hours >= days * 24:
                self._at(booking, key, t("import-lottery-order", days=days, hours=hours))
            if days > horizon:
                self._at(booking, key, t("import-lottery-horizon", days=days, horizon=horizon))
        return {"lottery_opens_days": days, "lottery_draw_hours": hours}

    def _photos(self, item: dict) -> list[str] | None:
        """Pictures of the place, as web addresses (https only: a card links to them)."""
        photos = self._list(item, "photos", MAX_PHOTOS)
        if not photos:
            return None
        found: list[str] = []
        for photo in photos:
            text = photo.strip() if isinstance(photo, str) else ""
            if not PHOTO_URL.fullmatch(text):
                self._at(item, "photos", t("console-directory-bad-photo", value=str(photo)[:80]))
            elif text not in found:
                found.append(text)
        return found

    def _closures(self, item: dict) -> list[ClosureSpec] | None:
        """Dated closures: `2026-12-05 考试` or `2026-12-05 至 2026-12-07 考试` (or a bare date)."""
        if "closures" not in item:
            return None
        rows = self._list(item, "closures", MAX_ROWS)
        if rows is None:
            return [] if item.get("closures") is None else None
        found: list[ClosureSpec] = []
        for row in rows:
            closure = _closure(row)
            if closure is None:
                self._at(item, "closures", t("console-directory-bad-closure", value=str(row)))
                continue
            if (closure.last - closure.first).days >= MAX_CLOSURE_DAYS:
                self._at(
                    item, "closures", t("console-directory-closure-long", days=MAX_CLOSURE_DAYS)
                )
                continue
            if self.today is not None and closure.last < self.today:
                self._at(item, "closures", t("console-directory-past", value=str(row)))
                continue
            found.append(closure)
        return found

    def _openings(self, item: dict) -> list[OpeningSpec] | None:
        """Extra openings on a date: `2026-12-06 09:00-12:00` (several times allowed)."""
        if "openings" not in item:
            return None
        rows = self._list(item, "openings", MAX_ROWS)
        if rows is None:
            return [] if item.get("openings") is None else None
        found: list[OpeningSpec] = []
        for row in rows:
            text = row if isinstance(row, str) else ""
            match = DATE_AT_START.match(unicodedata.normalize("NFKC", text).strip())
            day = _date(match) if match else None
            spans = _short_windows(text[match.end() :]) if match else None
            if day is None or spans is None or spans[0]:
                self._at(item, "openings", t("console-directory-bad-opening", value=str(row)))
                continue
            if any(b <= a for a, b in spans[1]):
                self._at(item, "openings", t("import-close-before-open"))
                continue
            if self.today is not None and day < self.today:
                self._at(item, "openings", t("console-directory-past", value=text))
                continue
            found.extend(OpeningSpec(day, a, b) for a, b in spans[1])
        return found


# A time span as staff type it: 08:00-12:00, 8:00～12:00, 08:00至12:00.
TIME_SPAN = re.compile(r"(\d{1,2}[:：]\d{2})\s*(?:-|–|—|~|～|至|到)\s*(\d{1,2}[:：]\d{2})")
DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
DATE_AT_START = re.compile(DATE)
CLOSURE_LINE = re.compile(
    rf"{DATE}(?:\s*(?:至|到|-|–|—|~|～)\s*(\d{{4}})\s*[-/.年]\s*(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})\s*日?)?"
    r"\s*[,，:：]?\s*(.*)",
    re.S,
)
MAX_ROWS = 100  # hours, closures or openings of one facility
MAX_PHOTOS = 6
FAR_AHEAD = dt.timedelta(days=3660)  # dated exceptions looked at, from today
MAX_CLOSURE_DAYS = 366  # one closure, as in chat (handlers/booking/operate.py)
PHOTO_URL = re.compile(r"https://[^\s<>\"']{4,290}")
META = ("__line__", "__lines__", "__path__")


def _short_windows(text: str) -> tuple[str, list[tuple[dt.time, dt.time]]] | None:
    """`工作日 08:00-12:00 14:00-17:00` → ("工作日", [(8:00, 12:00), (14:00, 17:00)]);
    None when there is no span, or words between or after the spans."""
    text = unicodedata.normalize("NFKC", text).strip()
    spans = list(TIME_SPAN.finditer(text))
    if not spans:
        return None
    between = TIME_SPAN.sub(" ", text[spans[0].start() :])
    if between.strip(" ,，、;；"):
        return None
    found = []
    for span in spans:
        opens, closes = (
            parse_time(span[1].replace("：", ":")),
            parse_time(span[2].replace("：", ":")),
        )
        if opens is None or closes is None:
            return None
        found.append((opens, closes))
    return text[: spans[0].start()].strip(" ,，、:："), found


def _date(match: re.Match, at: int = 1) -> dt.date | None:
    try:
        return dt.date(int(match[at]), int(match[at + 1]), int(match[at + 2]))
    except ValueError:
        return None


def _closure(row: Any) -> ClosureSpec | None:
    # Residents whose bookings go are told why: a bare date (`- 2026-12-05`) is not enough.
    if not isinstance(row, str):
        return None
    match = CLOSURE_LINE.fullmatch(unicodedata.normalize("NFKC", row).strip())
    if match is None:
        return None
    first = _date(match)
    last = _date(match, 4) if match[4] else first
    reason = match[7].strip() or None
    if first is None or last is None or last < first or not reason or len(reason) > 200:
        return None
    return ClosureSpec(first, last, reason)


def _weekday(word: str) -> int | None:
    word = word.strip()
    for prefix in ("星期", "周", "礼拜"):
        if word.startswith(prefix) and word[len(prefix) :] in WEEKDAYS:
            return WEEKDAYS[word[len(prefix) :]]
    return _english_weekday(word)


# English days as staff type them at an English prompt: Mon, Tue., Thurs, Friday.
EN_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EN_DAY_WORDS = {
    "daily": range(7),
    "everyday": range(7),
    "weekdays": range(5),
    "weekday": range(5),
    "weekends": range(5, 7),
    "weekend": range(5, 7),
}
EN_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _english_weekday(word: str) -> int | None:
    """Mon / Mon. / Tues / Thurs / Monday → 0..6; a word that only starts like one
    (`month`) is not a day."""
    word = word.strip().lower().rstrip(".")
    if len(word) < 3:
        return None
    for number, name in enumerate(EN_WEEKDAY_NAMES):
        if name.startswith(word):
            return number
    return None


def _english_day_words(value: str) -> str:
    """`every day` and `Mon - Fri` as one word each, so that parse_days splits them right."""
    value = re.sub(r"(?i)\bevery\s+day\b", "everyday", value)
    return re.sub(r"\s*(?:-|–|~|\bto\b)\s*", "-", value)


def parse_days(value: Any) -> list[int] | None:
    """`工作日`, `周末`, `每天`, `周一,周三`, `周一至周五` → weekday numbers (Monday = 0); in
    English too: `Mon-Fri`, `Sat, Sun`, `weekdays`, `every day`."""
    if not isinstance(value, str) or not value.strip():
        return None
    days: set[int] = set()
    for part in re.split(r"[,，、\s]+", _english_day_words(value.strip())):
        if not part:
            continue
        if part in DAY_WORDS or part.lower() in EN_DAY_WORDS:
            days.update(DAY_WORDS.get(part) or EN_DAY_WORDS[part.lower()])
            continue
        ends = re.split(r"至|到|-|~|－", part)
        if len(ends) == 2:
            first, last = _weekday(ends[0]), _weekday(ends[1])
            if first is None or last is None or last < first:
                return None
            days.update(range(first, last + 1))
            continue
        day = _weekday(part)
        if day is None:
            return None
        days.add(day)
    return sorted(days)


MAX_FILE_BYTES = 2_000_000  # forty facilities take a few kilobytes
MAX_DEPTH = 12  # units → facilities → hours → a window is 6 levels


def _refuse_tricks(text: str) -> Problem | None:
    """A file is hostile until checked: anchors and aliases (a few hundred bytes of
    "billion laughs" expand to gigabytes) and deep nesting (a RecursionError) are refused
    before anything is built from it. Reading the events builds nothing and recurses not."""
    import yaml

    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        return Problem(0, t("import-too-large", limit=MAX_FILE_BYTES // 1_000_000))
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return Problem(event.start_mark.line + 1, t("import-no-anchors"))
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return Problem(event.start_mark.line + 1, t("import-too-deep"))
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # the loader below says what is wrong, with its line
    return None


# What the YAML parser's English means, for staff who edit the file in Notepad or WPS:
# (words in its message, what to tell them). Checked on PyYAML 6's messages; anything
# else gets the plain "check the indentation and colons" with its line.
YAML_PROBLEMS = (
    ("'\\t'", t("polish-yaml-tab")),
    ("expected <block end>", t("polish-yaml-indent")),
    ("mapping values are not allowed", t("polish-yaml-colon")),
    ("could not find expected ':'", t("polish-yaml-no-colon")),
    ("end of stream", t("polish-yaml-unclosed")),
    ("expected ',' or", t("polish-yaml-unclosed")),
)


def yaml_problem(exc: yaml.YAMLError) -> Problem:
    """A parse error in plain words of the reader's language, at its line, never the
    parser's English ("expected <block end>, but found '<block mapping start>'")."""
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark else 0
    said = getattr(exc, "problem", None) or str(exc)
    for words, message in YAML_PROBLEMS:
        if words in said:
            return Problem(line, message)
    return Problem(line, t("polish-yaml-other"))


def read_file(path: Path, known_communities: set[str]) -> tuple[list[UnitSpec], list[Problem]]:
    """Parse and check a directory file; nothing is written."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(0, t("import-unreadable", reason=raw(str(exc))))]
    return read_text(text, known_communities)


def read_text(
    text: str, known_communities: set[str], today: dt.date | None = None
) -> tuple[list[UnitSpec], list[Problem]]:
    """Parse and check a directory file's text (a file, or one uploaded in the console)."""
    import yaml

    refused = _refuse_tricks(text)
    if refused is not None:
        return [], [refused]
    try:
        document = yaml.load(text, Loader=_line_loader())
    except yaml.YAMLError as exc:
        return [], [yaml_problem(exc)]
    reader = _Reader(known_communities, today)
    units = reader.read(document)
    reader.problems.sort(key=lambda p: p.line)
    return units, reader.problems


def _annotated(value: Any) -> Any:
    """A plain mapping (a form's) given the marks the loader puts on a file's mappings."""
    if isinstance(value, dict):
        marked = {k: _annotated(v) for k, v in value.items() if k not in META}
        marked.update({"__line__": 0, "__lines__": {}})
        return marked
    if isinstance(value, list):
        return [_annotated(v) for v in value]
    return value


def check_facility(
    document: dict[str, Any], known_communities: set[str], today: dt.date | None
) -> tuple[FacilitySpec | None, list[Problem]]:
    """One facility's mapping (as in the file) checked by the file's own rules."""
    reader = _Reader(known_communities, today)
    spec = reader.facility(_annotated(document))
    return spec, reader.problems


def _runs(days: list[dt.date], reasons: dict[dt.date, str | None]) -> list[ClosureSpec]:
    """Consecutive days with the same reason as one closure each."""
    runs: list[ClosureSpec] = []
    for day in sorted(days):
        last = runs[-1] if runs else None
        if last and last.last + dt.timedelta(days=1) == day and last.reason == reasons[day]:
            runs[-1] = ClosureSpec(last.first, day, last.reason)
        else:
            runs.append(ClosureSpec(day, day, reasons[day]))
    return runs


async def apply_dated(
    uow: UnitOfWork,
    facility: Facility,
    spec: FacilitySpec,
    *,
    by: str,
    now: dt.datetime,
    config: CoreConfig,
) -> bool:
    """Make the facility's closures and extra openings from today on what `spec` says
    (where it says anything). A new closed day calls off its bookings and tells their
    holders, exactly as closing in chat; past days are history and left alone."""
    from linli.handlers.booking.operate import close_facility_days

    if spec.closures is None and spec.openings is None:
        return False
    today = when.day_of(now, config.zone)
    rows = await uow.booking.exceptions(facility.id, today, today + FAR_AHEAD)
    changed = False
    if spec.closures is not None:
        wanted: dict[dt.date, str | None] = {}
        for closure in spec.closures:
            day = max(closure.first, today)
            while day <= closure.last:
                wanted[day] = closure.reason
                day += dt.timedelta(days=1)
        have = {r.day: r for r in rows if r.closed}
        for day, row in have.items():
            if day not in wanted:
                await uow.booking.remove(row)  # open again that day
                changed = True
            elif row.reason != wanted[day]:
                row.reason = wanted[day]
                changed = True
        for run in _runs([d for d in wanted if d not in have], wanted):
            await close_facility_days(
                uow, facility, run.first, run.last, run.reason or "", by=by, now=now, config=config
            )
            changed = True
    if spec.openings is not None:
        have_open = {(r.day, r.opens, r.closes): r for r in rows if not r.closed}
        wanted_open = {(o.day, o.opens, o.closes) for o in spec.openings if o.day >= today}
        for key, row in have_open.items():
            if key not in wanted_open:
                await uow.booking.remove(row)
                changed = True
        for day, opens, closes in sorted(wanted_open - set(have_open)):
            uow.booking.add(
                FacilityException(
                    facility_id=facility.id,
                    day=day,
                    closed=False,
                    opens=opens,
                    closes=closes,
                    created_by=by,
                    created_at=now,
                )
            )
            changed = True
    return changed


def apply_facility(facility: Facility, spec: FacilitySpec, served: list[int]) -> bool:
    """Set a facility's fields, weekly hours and served communities (ids) from `spec`."""
    changed = _assign(facility, spec.values)
    windows = sorted((w.weekday, w.opens, w.closes) for w in spec.windows)
    if sorted((w.weekday, w.opens, w.closes) for w in facility.hours) != windows:
        facility.hours = [OpeningWindow(weekday=d, opens=o, closes=c) for d, o, c in windows]
        changed = True
    if sorted(s.community_id for s in facility.served) != sorted(served):
        facility.served = [FacilityCommunity(community_id=c) for c in sorted(served)]
        changed = True
    return changed


async def import_directory(
    uow: UnitOfWork,
    path: Path,
    *,
    now: dt.datetime,
    actor: str = "cli",
    config: CoreConfig | None = None,
) -> ImportReport:
    """Check the file, then create or update every unit and facility in it (caller commits)."""
    known = {c.code: c for c in await uow.communities.of_kind("community")}
    units, problems = read_file(path, set(known))
    report = ImportReport(problems=problems)
    if problems:
        return report
    await apply_units(uow, units, known, report, now=now, by=actor, config=config or CoreConfig())
    await write_audit(
        uow,
        now=now,
        community_id=None,
        actor=actor,
        action="facilities.import",
        target=path.name,
        details={
            "units_created": report.units_created,
            "units_updated": report.units_updated,
            "facilities_created": report.facilities_created,
            "facilities_updated": report.facilities_updated,
        },
    )
    return report


async def apply_units(
    uow: UnitOfWork,
    units: list[UnitSpec],
    known: dict[str, Any],
    report: ImportReport,
    *,
    now: dt.datetime,
    by: str,
    config: CoreConfig,
) -> None:
    """Create or update every unit and facility of checked specs, counting in `report`."""
    existing = await uow.facilities.units_by_name()
    # (facility, its spec, already counted): dated exceptions need the facility's id.
    dated: list[tuple[Facility, FacilitySpec, bool]] = []
    for spec in units:
        unit = existing.get(spec.name)
        if unit is None:
            unit = Unit(name=spec.name, updated_at=now, **spec.values)
            unit.facilities = []
            uow.facilities.add(unit)
            report.units_created += 1
        else:
            changed = _assign(unit, spec.values)
            if changed:
                unit.updated_at = now
                report.units_updated += 1
        by_name = {f.name: f for f in unit.facilities}
        for fspec in spec.facilities:
            facility = by_name.get(fspec.name)
            served = [known[c].id for c in fspec.communities]
            if facility is None:
                facility = Facility(name=fspec.name, updated_at=now, active=True)
                facility.hours, facility.served = [], []
                apply_facility(facility, fspec, served)
                unit.facilities.append(facility)
                report.facilities_created += 1
                dated.append((facility, fspec, True))
                continue
            counted = apply_facility(facility, fspec, served)
            if counted:
                facility.updated_at = now
                report.facilities_updated += 1
            dated.append((facility, fspec, counted))
    await uow.flush()
    for facility, fspec, counted in dated:
        if await apply_dated(uow, facility, fspec, by=by, now=now, config=config):
            facility.updated_at = now
            if not counted:
                report.facilities_updated += 1


def _assign(obj: Any, values: dict[str, Any]) -> bool:
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed
