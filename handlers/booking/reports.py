"""What operators and staff read: a day's bookings, a month's report and its CSV."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from linli.handlers.booking.eligibility import managed_facility
from linli.handlers.booking.timetable import day_start, local
from linli.handlers.facilities import shown
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.text import Text, t
from linli.storage.models import Booking, Facility, User
from linli.storage.uow import UnitOfWork

STATUS_NAMES = {
    "booked": t("status-booked"),
    "checked_in": t("status-checked-in"),
    "no_show": t("status-no-show"),
    "cancelled": t("status-cancelled"),
}
REPORT_COLUMNS = (
    t("report-column-date"),
    t("report-column-start"),
    t("report-column-end"),
    t("report-column-code"),
    t("report-column-status"),
    t("report-column-booker"),
    t("report-column-reason"),
)


# --- what a unit's operator may see of the people who booked ------------------------------
#
# An operator (school or hospital staff running one facility) needs a booking's code and
# time to let people in, not who they are: they see a masked name (张*, W***), never a
# display name or a phone, unless the facility checks names at entry (`entry_needs_name`,
# which the privacy notice lists). Community staff see names as before.


def mask_name(name: str | None) -> str:
    """The first character and stars, the same few whatever the length: 张* , W***."""
    text = (name or "").strip()
    if not text:
        return "***"
    first = text[0]
    return first + ("*" if _wide(first) else "***")


def _wide(char: str) -> bool:
    # A CJK character is a whole syllable: one star is as much as a name shows.
    return unicodedata.east_asian_width(char) in ("W", "F")


async def community_side(uow: UnitOfWork, viewer: User | None, facility: Facility) -> bool:
    """Staff of a community the facility serves, or the command line (None): not a unit's
    operator only."""
    if viewer is None:
        return True
    served = {s.community_id for s in facility.served}
    grants = await uow.roles.active_for(viewer.id)
    return any(g.role == "staff" and g.community_id in served for g in grants)


async def sees_full_names(uow: UnitOfWork, viewer: User | None, facility: Facility) -> bool:
    """Whether `viewer` sees bookers' names at `facility`: the community's side, or anyone
    where names are checked at entry."""
    return facility.entry_needs_name or await community_side(uow, viewer, facility)


def full_name(person: User | None, user_id: int) -> str:
    return (person.display_name if person is not None else None) or str(user_id)


async def booker_names(
    uow: UnitOfWork, viewer: User | None, facility: Facility, user_ids
) -> dict[int, str]:
    """The name `viewer` may see for each user id: full, or masked for an operator."""
    full = await sees_full_names(uow, viewer, facility)
    names = {}
    for user_id in dict.fromkeys(user_ids):
        person = await uow.users.get(user_id)
        if full:
            names[user_id] = full_name(person, user_id)
        else:
            names[user_id] = mask_name(person.display_name if person is not None else None)
    return names


@dataclass
class MonthReport:
    facility: Facility
    year: int
    month: int
    counts: Counter
    rows: list[Booking]
    # The booker of each row as the file shows them (see `file_names`).
    names: dict[int, str]

    def summary(self, month: str) -> Text:
        counts = self.counts
        return t(
            "manage-report",
            facility=shown.name(self.facility),
            month=month,
            total=sum(counts.values()) - counts["cancelled"],
            checked_in=counts["checked_in"],
            cancelled=counts["cancelled"],
            no_show=counts["no_show"],
            upcoming=counts["booked"],
        )

    def table(self, zone: ZoneInfo) -> list[list]:
        """Every booking of the month, one a row, for a CSV in the reader's language."""
        rows: list[list] = [list(REPORT_COLUMNS)]
        for b in self.rows:
            start, end = local(b.starts_at, zone), local(b.ends_at, zone)
            rows.append(
                [
                    start.date().isoformat(),
                    f"{start:%H:%M}",
                    f"{end:%H:%M}",
                    b.code,
                    STATUS_NAMES[b.status],
                    self.names[b.user_id],
                    b.cancel_reason or "",
                ]
            )
        return rows


async def day_bookings(
    uow: UnitOfWork, actor: User, facility_id: int, day: dt.date, config: CoreConfig
) -> list[Booking]:
    facility = await managed_facility(uow, actor, facility_id)
    return await uow.booking.for_facility_between(
        facility.id,
        day_start(day, config.zone),
        day_start(day + dt.timedelta(days=1), config.zone),
        ("booked", "checked_in", "no_show"),
    )


async def month_report(
    uow: UnitOfWork, actor: User, facility_id: int, year: int, month: int, config: CoreConfig
) -> MonthReport:
    facility = await managed_facility(uow, actor, facility_id)
    first = dt.date(year, month, 1)
    after = dt.date(year + month // 12, month % 12 + 1, 1)
    rows = await uow.booking.for_facility_between(
        facility.id, day_start(first, config.zone), day_start(after, config.zone)
    )
    names = await file_names(uow, facility, [b.user_id for b in rows])
    return MonthReport(facility, year, month, Counter(b.status for b in rows), rows, names)


async def file_names(uow: UnitOfWork, facility: Facility, user_ids) -> dict[int, str]:
    """The booker of each row of a file: a masked name whoever asked for it, or the full
    name where it is checked at entry. A file is forwarded and kept far longer than a
    screen is read; the code and a masked name are enough to find a booking, and a
    resident's internal number means nothing to anyone reading it."""
    names = {}
    for user_id in dict.fromkeys(user_ids):
        person = await uow.users.get(user_id)
        given = person.display_name if person is not None else None
        names[user_id] = given if facility.entry_needs_name and given else mask_name(given)
    return names
