"""What operators and staff read: a day's bookings, a month's report and its CSV."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from linli.handlers.booking.eligibility import managed_facility
from linli.handlers.booking.timetable import day_start, local
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.text import Text, raw, t
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
    t("report-column-user"),
    t("report-column-reason"),
)


@dataclass
class MonthReport:
    facility: Facility
    year: int
    month: int
    counts: Counter
    rows: list[Booking]

    def summary(self, month: str) -> Text:
        counts = self.counts
        return t(
            "manage-report",
            facility=raw(self.facility.name),
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
                    b.user_id,
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
    return MonthReport(facility, year, month, Counter(b.status for b in rows), rows)
