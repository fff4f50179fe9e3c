"""待办: what waits for a community's staff (or a facility's operator), and for how long.

The console's first page shows it; the daily digest tells staff in chat when something has
waited longer than a few days. Staff see everything of the community; an operator sees the
按需 requests of the facilities of their unit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from linli.handlers.kit.notify import push
from linli.handlers.kit.text import Text, raw, t
from linli.storage.models import User
from linli.storage.uow import UnitOfWork

NO_SHOW_DAYS = 30  # vendors who missed a market are listed for this long
NOTICE_DAYS = 2  # a sent notice stays on the list, with its delivery, this long
DIGEST_HOUR = 9  # local time of the daily digest: the start of an office day
DIGEST = "worklist-digest"  # one process a day sends it

SECTIONS: dict[str, Text] = {
    "to_schedule": t("console-todo-to-schedule"),
    "to_review": t("console-todo-to-review"),
    "requests": t("console-todo-requests"),
    "applications": t("console-todo-applications"),
    "no_shows": t("console-todo-no-shows"),
    "spending": t("console-todo-spending"),
    "notices": t("console-todo-notices"),
}


@dataclass
class Item:
    """One thing waiting: what it is (`kind`, `id`, a short `label`), since when, and how
    many whole days that is."""

    kind: str
    id: int
    label: str
    since: dt.datetime
    days: int
    extra: dict[str, Any] = field(default_factory=dict)
    href: str | None = None  # where the console deals with it (set by the page)


@dataclass
class Worklist:
    to_schedule: list[Item] = field(default_factory=list)  # 金点子 waiting for a meeting
    to_review: list[Item] = field(default_factory=list)  # hidden by reports
    requests: list[Item] = field(default_factory=list)  # 按需 requests
    applications: list[Item] = field(default_factory=list)  # stall applications
    no_shows: list[Item] = field(default_factory=list)  # vendors who did not come
    spending: list[Item] = field(default_factory=list)  # fund lines to co-sign
    notices: list[Item] = field(default_factory=list)  # notices being sent

    def sections(self) -> list[tuple[str, list[Item]]]:
        return [
            ("to_schedule", self.to_schedule),
            ("to_review", self.to_review),
            ("requests", self.requests),
            ("applications", self.applications),
            ("no_shows", self.no_shows),
            ("spending", self.spending),
            ("notices", self.notices),
        ]

    def overdue(self, days: int) -> dict[str, int]:
        """How many things of each kind have waited at least `days` (notices and no-shows
        are news, not waiting)."""
        late = {}
        for name, items in self.sections():
            if name in ("notices", "no_shows"):
                continue
            count = sum(1 for item in items if item.days >= days)
            if count:
                late[name] = count
        return late


def _days(since: dt.datetime, now: dt.datetime) -> int:
    return max(0, (now - since).days)


async def worklist(
    uow: UnitOfWork, user: User, community_id: int, now: dt.datetime, zone
) -> Worklist:
    grants = await uow.roles.active_for(user.id)
    staff = any(g.role == "staff" and g.community_id == community_id for g in grants)
    work = Worklist()
    # The same rule as managed_facilities, for this community: staff see all it is served
    # by, an operator those of the unit this community gave them.
    units = {g.unit_id for g in grants if g.role == "operator" and g.community_id == community_id}
    facilities = [
        f for f in await uow.facilities.serving(community_id) if staff or f.unit_id in units
    ]
    for request, facility in await uow.worklist.requests_to_decide([f.id for f in facilities]):
        work.requests.append(
            Item(
                "request",
                request.id,
                facility.name,
                request.created_at,
                _days(request.created_at, now),
                {"facility_id": facility.id},
            )
        )
    if not staff:
        return work
    for p in await uow.worklist.proposals_to_schedule(community_id):
        work.to_schedule.append(
            Item("proposal", p.id, p.title, p.updated_at, _days(p.updated_at, now))
        )
    for p in await uow.worklist.proposals_to_review(community_id):
        work.to_review.append(
            Item(
                "proposal",
                p.id,
                p.title,
                p.updated_at,
                _days(p.updated_at, now),
                {"reports": p.reports},
            )
        )
    today = now.astimezone(zone).date()
    for application, market in await uow.worklist.applications_to_decide(community_id, today):
        work.applications.append(
            Item(
                "application",
                application.id,
                f"{market.day:%m-%d} {market.place}",
                application.created_at,
                _days(application.created_at, now),
                {"market_id": market.id},
            )
        )
    since = today - dt.timedelta(days=NO_SHOW_DAYS)
    for application, market in await uow.worklist.no_shows(community_id, since):
        work.no_shows.append(
            Item(
                "application",
                application.id,
                f"{market.day:%m-%d} {market.place}",
                market.created_at,
                0,
                {"market_id": market.id},
            )
        )
    for request in await uow.worklist.spending_to_sign(community_id):
        work.spending.append(
            Item(
                "spending",
                request.id,
                request.purpose,
                request.created_at,
                _days(request.created_at, now),
                {"amount": request.amount, "mine": request.proposed_by == user.id},
            )
        )
    for notice, counts in await uow.worklist.notices_in_progress(
        community_id, now - dt.timedelta(days=NOTICE_DAYS)
    ):
        waiting = counts.get("pending", 0) + counts.get("sending", 0)
        sent = counts.get("sent", 0)
        failed = sum(v for k, v in counts.items() if k not in ("pending", "sending", "sent"))
        first_line = notice.text.strip().splitlines()[0] if notice.text.strip() else ""
        work.notices.append(
            Item(
                "notice",
                notice.id,
                first_line[:40],
                notice.send_at,
                0,
                {
                    "status": notice.status,
                    "recipients": notice.recipients,
                    "sent": sent,
                    "waiting": waiting,
                    "failed": failed,
                },
            )
        )
    return work


async def send_digests(uow: UnitOfWork, now: dt.datetime, config) -> int:
    """Once a day from DIGEST_HOUR: tell each staff member (and operator) in chat what has
    waited `config.digest_days` days or more in each of their communities. Whichever
    process claims the day sends it, in the transaction that claims it; how many were
    told."""
    days = config.digest_days
    if not days:
        return 0
    zone = config.zone
    local = now.astimezone(zone)
    if local.hour < DIGEST_HOUR:
        return 0
    # Cheap to ask every round; only the first process after nine claims the day.
    if await uow.chores.done(DIGEST, local.date()):
        return 0
    if not await uow.chores.claim_day(DIGEST, local.date(), now):
        return 0
    told = 0
    for user_id, community_id in await uow.worklist.role_holders():
        user = await uow.users.get(user_id)
        community = await uow.communities.get(community_id)
        if user is None or community is None:
            continue
        late = (await worklist(uow, user, community_id, now, zone)).overdue(days)
        if not late:
            continue
        lines = [t("console-digest-line", what=SECTIONS[name], count=n) for name, n in late.items()]
        await push(
            uow,
            user_id,
            t("console-digest", community=raw(community.name), days=days),
            *lines,
            t("console-digest-open"),
            kind="worklist",
            now=now,
            dedupe_key=f"worklist:{local.date():%Y-%m-%d}:{community_id}:{user_id}",
        )
        told += 1
    return told
