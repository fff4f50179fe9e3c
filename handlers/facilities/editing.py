"""Editing the directory from the console: one facility's fields as the directory file writes
them, changed through the importer's own checks (handlers/facilities/importer.py), the
community's file exported and an uploaded one previewed and applied; every change audited.

Who may: the people who manage the facility (handlers/booking/eligibility.py): staff of a
community it serves, an operator of its unit. Only staff change which communities it serves
(and only their own communities); a new closed day needs `may_close`, as in chat.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from linli.handlers.booking.eligibility import (
    can_manage,
    managed_facilities,
    managed_facility,
    may_close,
)
from linli.handlers.facilities.importer import (
    ClosureSpec,
    FacilitySpec,
    Problem,
    apply_dated,
    apply_facility,
    check_facility,
    read_text,
)
from linli.handlers.kit import ids, when
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.text import t
from linli.handlers.profile.service import write_audit
from linli.storage.models import Facility, FacilityException, Unit, User
from linli.storage.uow import UnitOfWork

if TYPE_CHECKING:
    import yaml

DAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
# An audit entry keeps old → new for values this short; longer ones (a description) by name.
SHORT = 60
BOOKING_FIELDS = (
    "slot_minutes",
    "capacity",
    "horizon_days",
    "max_upcoming",
    "max_upcoming_per_household",
    "cancel_before_minutes",
    "lottery_opens_days",
    "lottery_draw_hours",
)
TEXT_FIELDS = (
    "name",
    "name_en",
    "address",
    "contact",
    "description",
    "description_en",
    "rules",
    "rules_en",
    "fee_unit",
)


# --- the file's words from what is stored ----------------------------------------------


def days_text(weekdays: list[int]) -> str:
    """[0..4] → 工作日, [5, 6] → 周末, [0, 1, 2, 4] → 周一至周三、周五 (what parse_days reads)."""
    days = sorted(set(weekdays))
    if days == list(range(7)):
        return "每天"
    if days == list(range(5)):
        return "工作日"
    if days == [5, 6]:
        return "周末"
    parts: list[str] = []
    run: list[int] = []
    for day in [*days, None]:
        if run and (day is None or day != run[-1] + 1):
            if len(run) >= 3:
                parts.append(f"{DAY_NAMES[run[0]]}至{DAY_NAMES[run[-1]]}")
            else:
                parts.extend(DAY_NAMES[d] for d in run)
            run = []
        if day is not None:
            run.append(day)
    return "、".join(parts)


def _span(opens: dt.time, closes: dt.time) -> str:
    return f"{opens:%H:%M}-{closes:%H:%M}"


def hours_lines(windows: list[tuple[int, dt.time, dt.time]]) -> list[str]:
    """Weekly windows as the short lines, days with the same hours together:
    `工作日 08:00-12:00 14:00-17:00`."""
    by_day: dict[int, list[tuple[dt.time, dt.time]]] = {}
    for weekday, opens, closes in sorted(windows):
        by_day.setdefault(weekday, []).append((opens, closes))
    groups: dict[tuple, list[int]] = {}
    for weekday in sorted(by_day):
        groups.setdefault(tuple(by_day[weekday]), []).append(weekday)
    return [
        f"{days_text(days)} {' '.join(_span(a, b) for a, b in spans)}"
        for spans, days in groups.items()
    ]


def closure_lines(days: Mapping[dt.date, str | None]) -> list[str]:
    """Closed days as lines, consecutive days with one reason as one range."""
    runs: list[ClosureSpec] = []
    for day in sorted(days):
        last = runs[-1] if runs else None
        if last and last.last + dt.timedelta(days=1) == day and last.reason == days[day]:
            runs[-1] = ClosureSpec(last.first, day, last.reason)
        else:
            runs.append(ClosureSpec(day, day, days[day]))
    lines = []
    for run in runs:
        when_ = run.first.isoformat()
        if run.last != run.first:
            when_ += f" 至 {run.last.isoformat()}"
        lines.append(f"{when_} {run.reason}" if run.reason else when_)
    return lines


def opening_lines(openings: set[tuple[dt.date, dt.time, dt.time]]) -> list[str]:
    return [f"{day.isoformat()} {_span(a, b)}" for day, a, b in sorted(openings)]


def _number(amount: Decimal | None) -> int | float | None:
    if amount is None:
        return None
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _document(
    name: str,
    values: Mapping[str, Any],
    windows: list[tuple[int, dt.time, dt.time]],
    codes: list[str],
    closed: Mapping[dt.date, str | None] | None,
    openings: set[tuple[dt.date, dt.time, dt.time]] | None,
) -> dict[str, Any]:
    """A facility as the directory file writes it; what is unset is left out."""
    doc: dict[str, Any] = {
        "name": name,
        "name_en": values.get("name_en"),
        "category": values.get("category"),
        "mode": values.get("mode"),
        "communities": sorted(codes),
        "address": values.get("address"),
        "contact": values.get("contact"),
        "description": values.get("description"),
        "description_en": values.get("description_en"),
        "rules": values.get("rules"),
        "rules_en": values.get("rules_en"),
        "fee": values.get("fee_kind"),
        "fee_amount": _number(values.get("fee_amount")),
        "fee_unit": values.get("fee_unit"),
        "min_age": values.get("min_age"),
        "max_age": values.get("max_age"),
        "hours": hours_lines(windows),
    }
    policy = values.get("holiday_policy") or "sunday"
    if policy == "own":
        doc["holidays"] = (values.get("holiday_hours") or "").split(",")
    else:
        doc["holidays"] = "关闭" if policy == "closed" else "按周日"
    if closed is not None:
        doc["closures"] = closure_lines(closed)
    if openings is not None:
        doc["openings"] = opening_lines(openings)
    if values.get("bookable"):
        booking = {key: values.get(key) for key in BOOKING_FIELDS}
        if values.get("entry_needs_name"):
            booking["entry_needs_name"] = True
        doc["booking"] = {k: v for k, v in booking.items() if v is not None}
    doc["photos"] = list(values.get("photos") or [])
    return {k: v for k, v in doc.items() if v is not None and v != []}


VALUE_KEYS = (
    "category",
    "mode",
    "address",
    "contact",
    "description",
    "rules",
    "fee_kind",
    "fee_amount",
    "fee_unit",
    "min_age",
    "max_age",
    "name_en",
    "description_en",
    "rules_en",
    "bookable",
    *BOOKING_FIELDS,
    "entry_needs_name",
    "holiday_policy",
    "holiday_hours",
    "photos",
)


async def _codes(uow: UnitOfWork) -> dict[int, str]:
    return {c.id: c.code for c in await uow.communities.of_kind("community")}


def _dated(
    rows: list[FacilityException], today: dt.date
) -> tuple[dict[dt.date, str | None], set[tuple[dt.date, dt.time, dt.time]]]:
    closed = {r.day: r.reason for r in rows if r.closed and r.day >= today}
    openings = {
        (r.day, r.opens, r.closes)
        for r in rows
        if not r.closed and r.day >= today and r.opens and r.closes
    }
    return closed, openings


async def facility_document(
    uow: UnitOfWork, facility: Facility, today: dt.date, codes: dict[int, str] | None = None
) -> dict[str, Any]:
    """One facility as the directory file writes it, with its closures and extra openings
    from today on (the form's starting point, and the export's entry)."""
    codes = codes if codes is not None else await _codes(uow)
    rows = await uow.booking.exceptions(facility.id, today, today + dt.timedelta(days=3660))
    closed, openings = _dated(rows, today)
    values = {key: getattr(facility, key) for key in VALUE_KEYS}
    windows = [(w.weekday, w.opens, w.closes) for w in facility.hours]
    served = [codes[s.community_id] for s in facility.served if s.community_id in codes]
    return _document(facility.name, values, windows, served, closed, openings)


def _closed_days(spec: FacilitySpec, today: dt.date) -> dict[dt.date, str | None] | None:
    """The days a spec closes, from today on (None: it says nothing of closures)."""
    if spec.closures is None:
        return None
    closed: dict[dt.date, str | None] = {}
    for closure in spec.closures:
        day = max(closure.first, today)
        while day <= closure.last:
            closed[day] = closure.reason
            day += dt.timedelta(days=1)
    return closed


def spec_document(spec: FacilitySpec, today: dt.date, current: Mapping[str, Any]) -> dict:
    """What a checked spec would make of the facility, in the same words as
    facility_document (so that the two compare field by field). Closures or openings the
    spec leaves out are `current`'s."""
    closed = _closed_days(spec, today)
    openings = None
    if spec.openings is not None:
        openings = {(o.day, o.opens, o.closes) for o in spec.openings if o.day >= today}
    windows = [(w.weekday, w.opens, w.closes) for w in spec.windows]
    doc = _document(spec.name, spec.values, windows, spec.communities, closed, openings)
    for key in ("closures", "openings"):
        if (closed if key == "closures" else openings) is None and key in current:
            doc[key] = current[key]
    return doc


# --- what changes ----------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One field of the file that changes; old and new as the file writes them."""

    field: str
    old: str
    new: str

    @property
    def short(self) -> bool:
        return len(self.old) <= SHORT and len(self.new) <= SHORT


def _flat(doc: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in doc.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flat(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = "; ".join(str(v) for v in value)
        elif isinstance(value, bool):
            flat[name] = "true" if value else "false"
        else:
            flat[name] = str(value)
    return flat


def changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Field by field, in the file's order, what `new` changes of `old`."""
    before, after = _flat(old), _flat(new)
    keys = list(before) + [k for k in after if k not in before]
    return [
        Change(k, before.get(k, ""), after.get(k, ""))
        for k in keys
        if before.get(k, "") != after.get(k, "")
    ]


def audit_details(found: list[Change]) -> dict[str, Any]:
    """Which fields changed; old → new for the short ones (a long text by its name only)."""
    return {
        "fields": [c.field for c in found],
        "values": {c.field: [c.old, c.new] for c in found if c.short},
    }


# --- who may change what ---------------------------------------------------------------


async def _refusals(
    uow: UnitOfWork,
    user: User,
    facility: Facility,
    spec: FacilitySpec,
    found: list[Change],
    codes: dict[int, str],
    today: dt.date,
) -> list[Problem]:
    """What this person may not change of this facility, as problems of their fields."""
    problems: list[Problem] = []
    before = {codes.get(s.community_id) for s in facility.served}
    moved = before ^ set(spec.communities)
    if moved:
        staff_of = {
            codes.get(g.community_id)
            for g in await uow.roles.active_for(user.id)
            if g.role == "staff"
        }
        for code in sorted(c for c in moved - staff_of if c):
            problems.append(
                Problem(
                    spec.line,
                    t("console-directory-communities-refused", code=code),
                    "communities",
                )
            )
    if spec.closures is not None and any(c.field == "closures" for c in found):
        rows = await uow.booking.exceptions(facility.id, today, today + dt.timedelta(days=3660))
        have = {r.day for r in rows if r.closed}
        new_days = set(_closed_days(spec, today) or {}) - have
        if new_days and not await may_close(uow, user, facility):
            problems.append(Problem(spec.line, t("closure-needs-all"), "closures"))
    return problems


# --- one facility from the console's form ----------------------------------------------


@dataclass
class EditResult:
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


async def edit_facility(
    uow: UnitOfWork,
    user: User,
    facility_id: int,
    document: Mapping[str, Any],
    *,
    now: dt.datetime,
    config: CoreConfig,
) -> EditResult:
    """Check an edited facility (the file's mapping) by the file's rules and, when it is
    right and theirs to change, apply it and audit it; a wrong one changes nothing and
    says each problem at its field. Raises NotFound / NotAllowed for a facility not theirs."""
    facility = await managed_facility(uow, user, facility_id)
    codes = await _codes(uow)
    today = when.day_of(now, config.zone)
    spec, problems = check_facility(dict(document), set(codes.values()), today)
    if spec is None or problems:
        return EditResult(problems=problems)
    if spec.name != facility.name and any(
        f.name == spec.name for f in await uow.facilities.of_unit(facility.unit_id)
    ):
        return EditResult(
            problems=[Problem(0, t("import-duplicate-facility", name=spec.name), "name")]
        )
    current = await facility_document(uow, facility, today, codes)
    found = changes(current, spec_document(spec, today, current))
    refused = await _refusals(uow, user, facility, spec, found, codes, today)
    if refused:
        return EditResult(problems=refused)
    if found:
        await _apply(uow, facility, spec, found, codes, by=ids.actor(user), now=now, config=config)
    return EditResult(changes=found)


async def _apply(
    uow: UnitOfWork,
    facility: Facility,
    spec: FacilitySpec,
    found: list[Change],
    codes: dict[int, str],
    *,
    by: str,
    now: dt.datetime,
    config: CoreConfig,
) -> None:
    by_code = {code: cid for cid, code in codes.items()}
    before = {s.community_id for s in facility.served}
    facility.name = spec.name
    apply_facility(facility, spec, [by_code[c] for c in spec.communities])
    await uow.flush()
    await apply_dated(uow, facility, spec, by=by, now=now, config=config)
    facility.updated_at = now
    # Each community it serves (before or after) sees the change in its own log.
    for community_id in sorted(before | {by_code[c] for c in spec.communities}):
        await write_audit(
            uow,
            now=now,
            community_id=community_id,
            actor=by,
            action="facility.edit",
            target=f"facility:{facility.id}",
            details=audit_details(found),
        )


# --- the community's file ----------------------------------------------------------------


async def editable(uow: UnitOfWork, user: User, community_id: int) -> list[Facility]:
    """The facilities serving this community that this person looks after."""
    serving = {f.id for f in await uow.facilities.serving(community_id)}
    return [f for f in await managed_facilities(uow, user) if f.id in serving]


def _unit_document(unit: Unit) -> dict[str, Any]:
    doc = {
        "name": unit.name,
        "name_en": unit.name_en,
        "kind": unit.kind,
        "address": unit.address,
        "contact": unit.contact,
    }
    return {k: v for k, v in doc.items() if v is not None}


@functools.cache
def _dumper() -> type:
    """Several lines of text as a block (`|`), as a person would write them. (PyYAML only
    when a file is exported: a running bot need not hold it.)"""
    import yaml

    class _Dumper(yaml.SafeDumper):
        pass

    _Dumper.add_representer(str, _text)
    return _Dumper


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


async def export_yaml(
    uow: UnitOfWork, user: User, community_id: int, *, now: dt.datetime, config: CoreConfig
) -> str:
    """The directory file of what this person looks after in this community: units and
    their facilities, which `linli facilities import` (and the console's import) read back
    unchanged."""
    today = when.day_of(now, config.zone)
    codes = await _codes(uow)
    units: dict[int, dict[str, Any]] = {}
    for listed in await editable(uow, user, community_id):
        facility = await uow.facilities.get(listed.id)
        unit = units.setdefault(facility.unit_id, {**_unit_document(facility.unit)})
        unit.setdefault("facilities", []).append(
            await facility_document(uow, facility, today, codes)
        )
    document = {"units": [units[k] for k in sorted(units)]}
    import yaml

    return yaml.dump(document, Dumper=_dumper(), allow_unicode=True, sort_keys=False, width=1000)


@dataclass
class PlannedFacility:
    unit: str
    name: str
    facility_id: int
    changes: list[Change]


@dataclass
class ImportPlan:
    problems: list[Problem] = field(default_factory=list)
    facilities: list[PlannedFacility] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changed(self) -> list[PlannedFacility]:
        return [f for f in self.facilities if f.changes]


async def plan_import(
    uow: UnitOfWork, user: User, text: str, *, now: dt.datetime, config: CoreConfig
) -> tuple[ImportPlan, list[tuple[Facility, FacilitySpec, list[Change]]]]:
    """Read an uploaded file by the importer's rules and say, facility by facility, what it
    would change. From the console only facilities this person manages are changed, and
    units only as they are: a new unit or facility is added with `linli facilities import`."""
    codes = await _codes(uow)
    today = when.day_of(now, config.zone)
    # A file exported last week may list a closure now past: skipped, as by the command.
    units, problems = read_text(text, set(codes.values()))
    plan = ImportPlan(problems=list(problems))
    work: list[tuple[Facility, FacilitySpec, list[Change]]] = []
    if problems:
        return plan, work
    existing = await uow.facilities.units_by_name()
    for spec in units:
        unit = existing.get(spec.name)
        if unit is None:
            plan.problems.append(
                Problem(spec.line, t("console-directory-new-unit", name=spec.name))
            )
            continue
        if any(getattr(unit, k) != v for k, v in spec.values.items()):
            plan.problems.append(
                Problem(spec.line, t("console-directory-unit-changed", name=spec.name))
            )
        by_name = {f.name: f for f in unit.facilities}
        for fspec in spec.facilities:
            found = by_name.get(fspec.name)
            if found is None:
                plan.problems.append(
                    Problem(fspec.line, t("console-directory-new-facility", name=fspec.name))
                )
                continue
            facility = await uow.facilities.get(found.id)
            if not await can_manage(uow, user, facility):
                plan.problems.append(
                    Problem(fspec.line, t("console-directory-not-yours", name=fspec.name))
                )
                continue
            current = await facility_document(uow, facility, today, codes)
            diff = changes(current, spec_document(fspec, today, current))
            refused = await _refusals(uow, user, facility, fspec, diff, codes, today)
            plan.problems.extend(Problem(fspec.line, p.message, p.field) for p in refused)
            plan.facilities.append(PlannedFacility(unit.name, facility.name, facility.id, diff))
            work.append((facility, fspec, diff))
    plan.problems.sort(key=lambda p: p.line)
    return plan, work


async def import_yaml(
    uow: UnitOfWork, user: User, text: str, *, now: dt.datetime, config: CoreConfig
) -> ImportPlan:
    """Apply an uploaded file: all of it when nothing is wrong, else nothing (the plan's
    problems say why). The caller commits."""
    plan, work = await plan_import(uow, user, text, now=now, config=config)
    if not plan.ok:
        return plan
    codes = await _codes(uow)
    for facility, spec, found in work:
        if found:
            await _apply(
                uow, facility, spec, found, codes, by=ids.actor(user), now=now, config=config
            )
    return plan


# --- the console's form ------------------------------------------------------------------


def _lines(value: str | None) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def _whole(value: str | None) -> int | str | None:
    """A number box: a whole number, or what was typed (the checks then say it is wrong)."""
    text = (value or "").strip()
    if not text:
        return None
    return int(text) if text.isdigit() and len(text) < 10 else text


def form_document(form: Mapping[str, Any], communities: list[str]) -> dict[str, Any]:
    """The form's fields (strings; `communities` the ticked codes) as the file's mapping.
    Empty boxes are left out, as an optional field left out of the file."""
    doc: dict[str, Any] = {}
    for key in (*TEXT_FIELDS, "category", "mode", "fee"):
        value = (form.get(key) or "").strip()
        if value:
            doc[key] = value
    doc["communities"] = list(communities)
    for key in ("min_age", "max_age"):
        number = _whole(form.get(key))
        if number is not None:
            doc[key] = number
    amount = (form.get("fee_amount") or "").strip()
    if amount:
        doc["fee_amount"] = amount
    doc["hours"] = _lines(form.get("hours"))
    holidays = (form.get("holidays") or "").strip()
    if holidays:
        doc["holidays"] = holidays
    doc["closures"] = _lines(form.get("closures"))
    doc["openings"] = _lines(form.get("openings"))
    photos = _lines(form.get("photos"))
    if photos:
        doc["photos"] = photos
    if form.get("bookable"):
        booking: dict[str, Any] = {}
        for key in BOOKING_FIELDS:
            number = _whole(form.get(key))
            if number is not None:
                booking[key] = number
        if form.get("entry_needs_name"):
            booking["entry_needs_name"] = True
        doc["booking"] = booking
    return doc


def form_values(document: Mapping[str, Any]) -> dict[str, Any]:
    """A facility's mapping as the form's boxes (the reverse of form_document)."""
    values: dict[str, Any] = {
        key: "" if document.get(key) is None else str(document[key])
        for key in (*TEXT_FIELDS, "category", "mode", "fee", "fee_amount", "min_age", "max_age")
    }
    values["communities"] = list(document.get("communities") or [])
    for key in ("hours", "closures", "openings", "photos"):
        values[key] = "\n".join(document.get(key) or [])
    holidays = document.get("holidays", "按周日")
    values["holidays"] = " ".join(holidays) if isinstance(holidays, list) else str(holidays)
    booking = document.get("booking")
    values["bookable"] = booking is not None
    for key in BOOKING_FIELDS:
        values[key] = "" if not booking or booking.get(key) is None else str(booking[key])
    values["entry_needs_name"] = bool(booking and booking.get("entry_needs_name"))
    return values
