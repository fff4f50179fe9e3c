"""The directory importer: a YAML file staff edit → units and facilities, all or nothing.

Every problem is reported with its line; a file with any problem imports nothing.
Facilities already in the database are updated in place (matched by unit and name).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from linli.handlers.kit.text import Text, raw, t
from linli.handlers.kit.when import parse_time
from linli.handlers.profile.service import write_audit
from linli.storage.models import Facility, FacilityCommunity, OpeningWindow, Unit
from linli.storage.uow import UnitOfWork

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


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping and of each of its values."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = {}
    lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        mapping[key] = loader.construct_object(value_node, deep=True)
        lines[key] = value_node.start_mark.line + 1
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__lines__"] = lines
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass
class WindowSpec:
    weekday: int
    opens: dt.time
    closes: dt.time


@dataclass
class FacilitySpec:
    line: int
    name: str
    values: dict[str, Any]
    communities: list[str]
    windows: list[WindowSpec]


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

    def __init__(self, known_communities: set[str]) -> None:
        self.known = known_communities
        self.problems: list[Problem] = []

    def problem(self, line: int, message: Text) -> None:
        self.problems.append(Problem(line, message))

    def _line(self, mapping: dict, key: str) -> int:
        return mapping.get("__lines__", {}).get(key, mapping.get("__line__", 0))

    def _keys(self, mapping: dict, allowed: set[str]) -> None:
        for key in mapping:
            if key in ("__line__", "__lines__"):
                continue
            if key not in allowed:
                self.problem(self._line(mapping, key), t("import-unknown-key", key=str(key)))

    def _text(self, mapping: dict, key: str, *, required: bool, limit: int) -> str | None:
        value = mapping.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(mapping["__line__"], t("import-missing", key=key))
            return None
        if not isinstance(value, str | int | float):
            self.problem(self._line(mapping, key), t("import-not-text", key=key))
            return None
        text = str(value).strip()
        if len(text) > limit:
            self.problem(self._line(mapping, key), t("import-too-long", key=key, limit=limit))
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
            self.problem(
                self._line(mapping, key),
                t("import-not-one-of", key=key, value=value, allowed=" ".join(allowed)),
            )
            return None
        return value

    def _int(self, mapping: dict, key: str, low: int, high: int) -> int | None:
        value = mapping.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(
                self._line(mapping, key), t("import-bad-number", key=key, low=low, high=high)
            )
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
                self.problem(self._line(document, "units"), t("import-not-mapping"))
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
            self.problem(self._line(item, "facilities"), t("import-not-list", key="facilities"))
            facilities = []
        seen: set[str] = set()
        for entry in facilities:
            if not isinstance(entry, dict):
                self.problem(self._line(item, "facilities"), t("import-not-mapping"))
                continue
            spec = self._facility(entry)
            if spec is None:
                continue
            if spec.name in seen:
                self.problem(spec.line, t("import-duplicate-facility", name=spec.name))
                continue
            seen.add(spec.name)
            unit.facilities.append(spec)
        return unit if name else None

    def _facility(self, item: dict) -> FacilitySpec | None:
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
            self.problem(self._line(item, "max_age"), t("import-age-order"))
        communities = self._communities(item)
        windows = self._windows(item, mode)
        values.update(self._booking(item, windows))
        values.update(self._holidays(item, values.get("slot_minutes")))
        if name is None:
            return None
        return FacilitySpec(line, name, values, communities, windows)

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
                self.problem(self._line(item, "fee_amount"), t("import-fee-amount"))
                return None
            return amount.quantize(Decimal("0.01"))
        if raw_amount is not None:
            self.problem(self._line(item, "fee_amount"), t("import-fee-free-amount"))
        return None

    def _communities(self, item: dict) -> list[str]:
        codes = item.get("communities")
        line = self._line(item, "communities")
        if not isinstance(codes, list) or not codes:
            self.problem(line, t("import-no-communities"))
            return []
        result = []
        for code in codes:
            if not isinstance(code, str) or code not in self.known:
                self.problem(line, t("import-unknown-community", code=str(code)))
            elif code not in result:
                result.append(code)
        return result

    def _windows(self, item: dict, mode: str | None) -> list[WindowSpec]:
        hours = item.get("hours", [])
        line = self._line(item, "hours")
        if hours is None:
            hours = []
        if not isinstance(hours, list):
            self.problem(line, t("import-not-list", key="hours"))
            return []
        if not hours and mode in ("共建共享", "错时共享"):
            self.problem(line, t("import-hours-required"))
        windows: list[WindowSpec] = []
        for window in hours:
            if not isinstance(window, dict):
                self.problem(line, t("import-not-mapping"))
                continue
            self._keys(window, WINDOW_KEYS)
            wline = window["__line__"]
            days = parse_days(window.get("days"))
            if days is None:
                self.problem(
                    self._line(window, "days"), t("import-bad-days", value=str(window.get("days")))
                )
            opens = parse_time(window.get("open"))
            closes = parse_time(window.get("close"))
            if opens is None:
                self.problem(
                    self._line(window, "open"),
                    t("import-bad-time", key="open", value=str(window.get("open"))),
                )
            if closes is None:
                self.problem(
                    self._line(window, "close"),
                    t("import-bad-time", key="close", value=str(window.get("close"))),
                )
            if opens is not None and closes is not None and closes <= opens:
                self.problem(wline, t("import-close-before-open"))
                continue
            if days and opens and closes:
                windows.extend(WindowSpec(d, opens, closes) for d in days)
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
            self.problem(self._line(item, "booking"), t("import-not-mapping"))
            return {}
        self._keys(booking, BOOKING_KEYS)
        slot = self._int(booking, "slot_minutes", 15, 480)
        capacity = self._int(booking, "capacity", 1, 1000)
        for key, value in (("slot_minutes", slot), ("capacity", capacity)):
            if value is None and key not in booking:
                self.problem(booking["__line__"], t("import-missing", key=key))
        if slot:
            for w in windows:
                length = (w.closes.hour * 60 + w.closes.minute) - (
                    w.opens.hour * 60 + w.opens.minute
                )
                if length % slot:
                    self.problem(
                        self._line(item, "hours"),
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
        line = self._line(item, "holidays")
        if value is None:
            return {"holiday_policy": "sunday", "holiday_hours": None}
        if isinstance(value, str) and value.strip() in HOLIDAY_WORDS:
            return {"holiday_policy": HOLIDAY_WORDS[value.strip()], "holiday_hours": None}
        # At most 8 windows: they are kept as one line of text (holiday_hours, 100 chars).
        if not isinstance(value, list) or not 0 < len(value) <= 8:
            self.problem(
                line,
                t("card-import-holidays", value=str(value), words=" ".join(HOLIDAY_WORDS)),
            )
            return {}
        spans: list[str] = []
        for window in value:
            if not isinstance(window, dict):
                self.problem(line, t("import-not-mapping"))
                continue
            self._keys(window, HOLIDAY_WINDOW_KEYS)
            opens, closes = parse_time(window.get("open")), parse_time(window.get("close"))
            for key, parsed in (("open", opens), ("close", closes)):
                if parsed is None:
                    self.problem(
                        self._line(window, key),
                        t("import-bad-time", key=key, value=str(window.get(key))),
                    )
            if opens is None or closes is None:
                continue
            if closes <= opens:
                self.problem(window["__line__"], t("import-close-before-open"))
                continue
            minutes = (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute)
            if slot and minutes % slot:
                self.problem(
                    window["__line__"],
                    t("import-slot-fit", slot=slot, window=f"{opens:%H:%M}-{closes:%H:%M}"),
                )
                continue
            spans.append(f"{opens:%H:%M}-{closes:%H:%M}")
        return {"holiday_policy": "own", "holiday_hours": ",".join(sorted(spans))}

    def _lottery(self, booking: dict, horizon: int) -> dict[str, Any]:
        """Both or neither; entries open before the draw, within the booking horizon."""
        days = self._int(booking, "lottery_opens_days", 1, 90)
        hours = self._int(booking, "lottery_draw_hours", 1, 30 * 24)
        given = [k for k in ("lottery_opens_days", "lottery_draw_hours") if k in booking]
        line = self._line(booking, given[0]) if given else booking["__line__"]
        if len(given) == 1:
            self.problem(line, t("import-lottery-both"))
        elif days is not None and hours is not None:
            if hours >= days * 24:
                self.problem(line, t("import-lottery-order", days=days, hours=hours))
            if days > horizon:
                self.problem(line, t("import-lottery-horizon", days=days, horizon=horizon))
        return {"lottery_opens_days": days, "lottery_draw_hours": hours}


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
    refused = _refuse_tricks(text)
    if refused is not None:
        return [], [refused]
    try:
        document = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        return [], [yaml_problem(exc)]
    reader = _Reader(known_communities)
    units = reader.read(document)
    reader.problems.sort(key=lambda p: p.line)
    return units, reader.problems


async def import_directory(
    uow: UnitOfWork, path: Path, *, now: dt.datetime, actor: str = "cli"
) -> ImportReport:
    """Check the file, then create or update every unit and facility in it (caller commits)."""
    known = {c.code: c for c in await uow.communities.of_kind("community")}
    units, problems = read_file(path, set(known))
    report = ImportReport(problems=problems)
    if problems:
        return report
    existing = await uow.facilities.units_by_name()
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
            served = sorted(known[c].id for c in fspec.communities)
            windows = sorted((w.weekday, w.opens, w.closes) for w in fspec.windows)
            if facility is None:
                facility = Facility(name=fspec.name, updated_at=now, active=True, **fspec.values)
                facility.hours = [
                    OpeningWindow(weekday=d, opens=o, closes=c) for d, o, c in windows
                ]
                facility.served = [FacilityCommunity(community_id=c) for c in served]
                unit.facilities.append(facility)
                report.facilities_created += 1
                continue
            changed = _assign(facility, fspec.values)
            if sorted((w.weekday, w.opens, w.closes) for w in facility.hours) != windows:
                facility.hours = [
                    OpeningWindow(weekday=d, opens=o, closes=c) for d, o, c in windows
                ]
                changed = True
            if sorted(s.community_id for s in facility.served) != served:
                facility.served = [FacilityCommunity(community_id=c) for c in served]
                changed = True
            if changed:
                facility.updated_at = now
                report.facilities_updated += 1
    await uow.flush()
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


def _assign(obj: Any, values: dict[str, Any]) -> bool:
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed
