"""Test data in one place: places, the demo directory, users and roles."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sqlite3
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import JSON
from sqlalchemy.exc import OperationalError, ProgrammingError

from linli.bot.channels.console import render
from linli.handlers.demo import load_demo
from linli.handlers.kit.clock import FakeClock, SystemClock
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.notify import push
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.request import Request
from linli.handlers.kit.text import raw
from linli.storage.models import Base, Community, Residency, RoleGrant, User


async def demo(db, clock) -> None:
    """The demo community, loaded at `clock.now()`. On an empty database it is loaded
    once per moment and schema, and copied in for the next test that asks (a load is most
    of a short test's time)."""
    key = await _empty_schema(db)
    if key is not None:
        key = (key, clock.now())
        if key in _DEMO_COPIES:
            await _restore(db, _DEMO_COPIES[key])
            return
    async with db.uow() as uow:
        report = await load_demo(uow, clock.now())
        assert report.ok, report.problems
        await uow.commit()
    if key is not None:
        _DEMO_COPIES[key] = await _snapshot(db)


async def _snapshot(db):
    """SQLite: a copy of the file. PostgreSQL: every row and where each sequence stands."""
    if db.dialect == "sqlite":
        copy = Path(_DEMO_FOLDER.name) / f"demo-{len(_DEMO_COPIES)}.db"
        _copy_sqlite(db.engine.url.database, str(copy))
        return str(copy)
    async with db.engine.connect() as conn:
        raw = (await conn.get_raw_connection()).driver_connection
        rows = {}
        for table in Base.metadata.sorted_tables:
            # JSON as its text: what the driver decodes it to, it would not encode back.
            columns = [c.name for c in table.columns]
            picked = ", ".join(
                f'"{c.name}"::text' if isinstance(c.type, JSON) else f'"{c.name}"'
                for c in table.columns
            )
            records = await raw.fetch(f'SELECT {picked} FROM "{table.name}"')
            if records:
                rows[table.name] = (columns, [tuple(r) for r in records])
        sequences = await raw.fetch(
            "SELECT schemaname || '.' || sequencename, last_value FROM pg_sequences"
            " WHERE schemaname = 'public'"
        )
        return rows, [tuple(s) for s in sequences]


async def _restore(db, snapshot) -> None:
    if db.dialect == "sqlite":
        _copy_sqlite(snapshot, db.engine.url.database)
        return
    rows, sequences = snapshot
    async with db.engine.begin() as conn:
        raw = (await conn.get_raw_connection()).driver_connection
        # The rows are the demo's as loaded: no trigger or foreign key has more to say.
        await raw.execute("SET LOCAL session_replication_role = replica")
        for table, (columns, records) in rows.items():
            await raw.copy_records_to_table(table, records=records, columns=columns)
        for name, last_value in sequences:
            if last_value is not None:  # None: never used
                await raw.execute(f"SELECT setval('{name}', {int(last_value)})")


# The demo as loaded in this process, by (schema, moment); each pytest-xdist worker has its own.
_DEMO_COPIES: dict[tuple, str] = {}
_DEMO_FOLDER = tempfile.TemporaryDirectory(prefix="linli-demo-")


async def _empty_schema(db) -> str | None:
    """Which schema a database holds no rows in (beyond its migration's), else None."""
    tables = [t.name for t in Base.metadata.sorted_tables]
    rows = " + ".join(f'(SELECT count(*) FROM "{t}")' for t in tables)
    async with db.engine.connect() as conn:
        if db.dialect == "sqlite":
            schema = await conn.exec_driver_sql(
                "SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master ORDER BY name)"
            )
            schema = f"{db.dialect}:{schema.scalar()}"
        else:
            schema = db.url  # one database per worker, migrated once
        try:
            count = (await conn.exec_driver_sql(f"SELECT {rows}")).scalar()
        except (OperationalError, ProgrammingError):  # a table is missing: an older schema
            return None
        version = await conn.exec_driver_sql("SELECT version_num FROM alembic_version")
        return f"{version.scalar()}:{schema}" if count == 0 else None


def _copy_sqlite(source: str, target: str) -> None:
    """The whole database at `source` into `target`, through SQLite (whose other
    connections see it at their next transaction)."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


async def community(db, code: str) -> Community:
    async with db.uow() as uow:
        return await uow.communities.by_code(code)


async def user(
    db,
    clock,
    external_id: str,
    *,
    community_code: str | None = None,
    channel: str = "console",
    locale: str = "zh-CN",
    consented: bool = True,
    confirmed: bool = True,
) -> User:
    """A user; `consented`: they agreed to the current privacy notice (as everyone who
    uses the service has), else they are asked first. With a community, a resident staff
    have confirmed there unless `confirmed=False`."""
    async with db.uow() as uow:
        place = await uow.communities.by_code(community_code) if community_code else None
        person = User(
            channel=channel,
            external_id=external_id,
            locale=locale,
            community_id=place.id if place else None,
            created_at=clock.now(),
            last_seen_at=clock.now(),
            consent_version=NOTICE_VERSION if consented else None,
            consented_at=clock.now() if consented else None,
        )
        uow.users.add(person)
        await uow.flush()
        if place is not None and confirmed:
            uow.residency.add(
                Residency(
                    user_id=person.id,
                    community_id=place.id,
                    status="confirmed",
                    confirmed_via="staff",
                    confirmed_at=clock.now(),
                    confirmed_by="test",
                )
            )
        await uow.commit()
        return person


async def staff(db, clock, external_id: str, community_code: str, *also: str) -> User:
    """A staff member of `community_code` (and of each community in `also`)."""
    person = await user(db, clock, external_id, community_code=community_code)
    for code in (community_code, *also):
        await _grant_staff(db, clock, person, code)
    return person


async def _grant_staff(db, clock, person: User, community_code: str) -> None:
    async with db.uow() as uow:
        place = await uow.communities.by_code(community_code)
        uow.roles.add(
            RoleGrant(
                user_id=person.id,
                community_id=place.id,
                role="staff",
                granted_by="test",
                created_at=clock.now(),
            )
        )
        await uow.commit()


class Chat:
    """One user talking to the engine; keeps the last reply and renders it for asserts."""

    def __init__(
        self,
        conversation,
        translator,
        external_id: str = "u1",
        channel: str = "console",
        locale_hint: str | None = None,
    ) -> None:
        self.conversation = conversation
        self.translator = translator
        self.external_id = external_id
        self.channel = channel
        self.locale_hint = locale_hint
        self.last: Reply | None = None

    async def send(self, text: str = "", payload: str | None = None) -> Reply:
        self.last = await self.conversation.handle(
            Request(
                channel=self.channel,
                external_id=self.external_id,
                text=text,
                payload=payload,
                locale_hint=self.locale_hint,
            )
        )
        return self.last

    async def say(self, text: str = "", payload: str | None = None) -> str:
        return self.render(await self.send(text, payload))

    def render(self, reply: Reply | None = None) -> str:
        return render(reply or self.last, self.translator)

    def keys(self) -> list[str]:
        return [m.key for m in self.last.messages]

    def number_of(self, label_key: str) -> str:
        """The number to type for the button whose label has this key."""
        for n, button in enumerate(self.last.buttons, 1):
            if button.label.key == label_key:
                return str(n)
        raise AssertionError(f"no button {label_key} in {[b.label for b in self.last.buttons]}")

    async def forge(self, flow: str, step: str, value: str | int) -> str:
        """A payload answering `flow`/`step` with `value`, stamped with the version of the
        screen on show (as a hand-made press on it would be): the server must still check
        the value itself."""
        from linli.handlers.kit import payload as codec

        async with self.conversation.db.uow() as uow:
            user = await uow.users.by_external(self.channel, self.external_id)
            state = await uow.conversations.get(user.id)
        return codec.encode("c", flow, step, value, codec.version_tag(state.screen))

    def number_named(self, text: str) -> str:
        """The number to type for the button whose (raw) label contains `text`."""
        for n, button in enumerate(self.last.buttons, 1):
            if text in self.translator.render(button.label, self.last.locale):
                return str(n)
        raise AssertionError(f"no button containing {text!r}")


ROOT = Path(__file__).resolve().parents[1]
# The privacy notice every newcomer sees first (its first message's key), the version
# the tests' CoreConfig asks for, and the word that agrees to it (its number works too).
NOTICE_START = "consent-notice"
NOTICE_VERSION = CoreConfig().privacy.version
AGREE = "同意"
# Signing up by chat in the demo: /start, agree to the notice, the first community
# (新华社社区), then 跳过 for the 小区/楼栋 it asks next.
SKIP_PLACE = "跳过"
SIGN_UP = ["/start", AGREE, "1", SKIP_PLACE]


@dataclass
class Done:
    """What a `linli` command left: its exit code and what it printed."""

    returncode: int
    stdout: str
    stderr: str


def _environment(url: str, extra: dict[str, str] | None) -> dict[str, str | None]:
    """LINLI_ settings for one command: the database at `url`, nothing from the caller's shell."""
    folder = url.rsplit("/", 1)[0].removeprefix("sqlite+aiosqlite:///")
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("LINLI_")}
    env.update(
        LINLI_DATABASE_URL=url,
        LINLI_OUTBOX_POLL_SECONDS="0.2",
        LINLI_ATTACHMENTS_DIR=f"{folder}/attachments",
        **(extra or {}),
    )
    return env


def linli(
    *args: str,
    url: str,
    stdin: str = "",
    check: bool = True,
    env: dict[str, str] | None = None,
    clock: FakeClock | None = None,
) -> Done:
    """Run a `linli` command in this process, on the database at `url` and a fake clock.

    The clock stands at FakeClock's start unless one is handed in, so what a command
    prints never depends on today's date. Real processes are for the few smoke tests
    that need one (`linli_process`).
    """
    from typer.testing import CliRunner

    from linli.bot.cli import CLOCK, cli

    def invoke():
        CLOCK.set(clock or FakeClock())
        return CliRunner().invoke(cli, list(args), input=stdin, env=_environment(url, env))

    # A worker thread: the command runs its own event loop, and the caller may be inside one.
    with ThreadPoolExecutor(1) as pool:
        result = pool.submit(invoke).result(timeout=120)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    done = Done(result.exit_code, result.stdout, result.stderr)
    if check and done.returncode:
        raise AssertionError(f"linli {' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done


def process_env(url: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a real `linli` process on the database at `url`."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LINLI_")}
    environment.update({k: v for k, v in _environment(url, extra).items() if v is not None})
    return environment


def linli_process(
    *args: str, url: str, stdin: str = "", check: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run the real `linli` command in a new process (system clock) on the database at `url`."""
    return subprocess.run(
        [sys.executable, "-m", "linli.bot", *args],
        input=stdin,
        env=process_env(url, env),
        capture_output=True,
        text=True,
        timeout=120,
        check=check,
        cwd=ROOT,
    )


async def telegram_broadcast(db, residents: int, first_id: int, text: str) -> None:
    """`residents` Telegram users (ids from `first_id`), no quiet hours, each with one push
    of `text` due now by the system clock (for real `linli run` processes)."""
    now = SystemClock().now()
    async with db.uow() as uow:
        people = [
            User(
                channel="telegram", external_id=str(first_id + n), locale="zh-CN",
                created_at=now, last_seen_at=now,
                quiet_start=dt.time(0, 0), quiet_end=dt.time(0, 0),  # no quiet hours
            )
            for n in range(residents)
        ]  # fmt: skip
        for person in people:
            uow.users.add(person)
        await uow.flush()
        for person in people:
            await push(uow, person.id, raw(text), kind="notice", now=now)
        await uow.commit()


async def linli_run(env: dict[str, str]):
    """A real `linli run` process with this environment, its output piped."""
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "linli.bot", "run", cwd=ROOT, env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def places(db) -> None:
    """The demo's 街道, 社区, 小区 and 楼栋, without the facility directory."""
    from linli.handlers.demo import PLACES_FILE
    from linli.handlers.profile.places import import_places

    async with db.uow() as uow:
        await import_places(uow, PLACES_FILE)
        await uow.commit()


async def facility(
    db,
    clock,
    tmp_path,
    *,
    name: str = "琴房",
    unit: str = "测试学校",
    capacity: int | None = 1,
    slot: int = 60,
    days: str = "每天",
    opens: str = "08:00",
    closes: str = "12:00",
    mode: str = "错时共享",
    communities: tuple[str, ...] = ("xinhuashe",),
    booking_extra: str = "",
):
    """A facility made through the real importer; bookable when `capacity` is given."""
    from linli.handlers.facilities.importer import import_directory

    booking = (
        (
            f"\n        booking:\n          slot_minutes: {slot}\n"
            f"          capacity: {capacity}{booking_extra}"
        )
        if capacity
        else ""
    )
    hours = (
        (f'\n          - days: {days}\n            open: "{opens}"\n            close: "{closes}"')
        if days
        else " []"
    )
    text = (
        f"units:\n  - name: {unit}\n    kind: 学校\n    address: 测试路1号\n"
        f"    facilities:\n      - name: {name}\n        category: 文化学习\n"
        f"        mode: {mode}\n        communities: [{', '.join(communities)}]\n"
        f"        fee: 免费\n        hours:{hours}{booking}\n"
    )
    path = tmp_path / f"{unit}-{name}.yaml"
    path.write_text(text, encoding="utf-8")
    async with db.uow() as uow:
        report = await import_directory(uow, path, now=clock.now())
        assert report.ok, [(p.line, p.message) for p in report.problems]
        await uow.commit()
        return (await uow.facilities.units_by_name())[unit].facilities[0].id


async def without_quiet_hours(url: str, channel: str, external_id: str) -> None:
    """Whatever the hour a real-clock test runs at, this user's pushes must not wait for
    their quiet hours."""
    import datetime as dt

    from linli.storage.db import Database

    db = Database(url)
    try:
        async with db.uow() as uow:
            user = await uow.users.by_external(channel, external_id)
            user.quiet_start = user.quiet_end = dt.time(0)
            await uow.commit()
    finally:
        await db.dispose()


# --- residency ---


async def confirm(
    db, clock, person: User, *, same_home_as: User | None = None, label: str = ""
) -> int:
    """Confirm `person` in their community, in the household of `same_home_as` (made for
    that one if they have none) or in a household named `label`; returns the household id."""
    from linli.storage.models import Household

    async with db.uow() as uow:
        fresh = await uow.users.get(person.id)
        household_id = None
        if same_home_as is not None:
            other = await uow.residency.of(same_home_as.id)
            household_id = other.household_id if other else None
            if household_id is None:
                home = Household(
                    community_id=fresh.community_id,
                    label=label or f"test-home-{same_home_as.id}",
                    created_at=clock.now(),
                    created_by="test",
                )
                uow.residency.add(home)
                await uow.flush()
                household_id = home.id
                if other is None:
                    other = Residency(user_id=same_home_as.id, community_id=fresh.community_id)
                    uow.residency.add(other)
                other.status, other.household_id = "confirmed", household_id
        elif label:
            home = await uow.residency.household_named(fresh.community_id, label)
            if home is None:
                home = Household(
                    community_id=fresh.community_id,
                    label=label,
                    created_at=clock.now(),
                    created_by="test",
                )
                uow.residency.add(home)
                await uow.flush()
            household_id = home.id
        row = await uow.residency.of(person.id)
        if row is None:
            row = Residency(user_id=person.id, community_id=fresh.community_id)
            uow.residency.add(row)
        row.community_id = fresh.community_id
        row.status, row.household_id = "confirmed", household_id
        row.confirmed_via, row.confirmed_at, row.confirmed_by = "staff", clock.now(), "test"
        await uow.commit()
        return household_id


async def household_code(
    db,
    clock,
    community_code: str = "xinhuashe",
    label: str = "1号楼 1单元 101",
    *,
    uses: int = 1,
    days: int = 14,
    code: str | None = None,
) -> str:
    """A household invite code as staff (the command line) make it; `code` as staff may
    choose it (else a random one)."""
    import datetime as dt

    from linli.handlers.profile import residency

    async with db.uow() as uow:
        place = await uow.communities.by_code(community_code)
        row = await residency.make_household_code(
            uow,
            by=None,
            community=place,
            label=label,
            now=clock.now(),
            ttl=dt.timedelta(days=days),
            max_uses=uses,
            code=code,
        )
        await uow.commit()
        return row.code


def join_line(code: str) -> str:
    """What a building's QR code (WeChat scene) or a Telegram deep link sends for `code`."""
    return f"/start join-{code}"


async def waiting(db, clock, external_id: str, community_code: str = "xinhuashe") -> User:
    """A resident who chose the community and waits for staff to confirm them."""
    person = await user(db, clock, external_id, community_code=community_code, confirmed=False)
    async with db.uow() as uow:
        uow.residency.add(
            Residency(user_id=person.id, community_id=person.community_id, status="pending")
        )
        await uow.commit()
    return person


# --- behalf ---


async def offline_resident(
    db, clock, community_code: str, name: str, room: str, *, how: str = "in_person"
) -> User:
    """A resident without a smartphone, registered at the desk of `community_code` by its
    staff member `registrar` (made here if need be), consent given `how`."""
    from linli.handlers.behalf import service as behalf

    async with db.uow() as uow:
        registrar = await uow.users.by_external("console", f"registrar-{community_code}")
    if registrar is None:
        registrar = await staff(db, clock, f"registrar-{community_code}", community_code)
    async with db.uow() as uow:
        place = await uow.communities.by_code(community_code)
        resident = await behalf.register(
            uow,
            await uow.users.get(registrar.id),
            place.id,
            name=name,
            room=room,
            phone=None,
            how=how,
            now=clock.now(),
        )
        await uow.commit()
        return resident


# --- directory: begin


async def operator(db, clock, external_id: str, unit_id: int, community_code: str = "xinhuashe"):
    """An operator (驻区单位联系人) of `unit_id`, granted by `community_code`."""
    person = await user(db, clock, external_id, community_code=community_code)
    async with db.uow() as uow:
        place = await uow.communities.by_code(community_code)
        uow.roles.add(
            RoleGrant(
                user_id=person.id,
                community_id=place.id,
                role="operator",
                unit_id=unit_id,
                granted_by="test",
                created_at=clock.now(),
            )
        )
        await uow.commit()
    return person


# --- directory: end


# --- figures: begin
#
# Rows as the figures count them, made directly (each feature's own tests cover how they
# come about): a booking in a given state, a proposal at a stage with its decision, a
# rating, a stall application with its attendance, a fund line.


async def booking_at(db, clock, facility_id: int, user_id: int, starts_at, status: str) -> None:
    """A booking of `user_id` at `facility_id` starting `starts_at` (UTC), in `status`."""
    import datetime as dt

    from sqlalchemy import select

    from linli.storage.models import Booking, Slot

    async with db.uow() as uow:
        slot = await uow.session.scalar(
            select(Slot).where(Slot.facility_id == facility_id, Slot.starts_at == starts_at)
        )
        if slot is None:
            slot = Slot(
                facility_id=facility_id,
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(hours=1),
                capacity=10,
                taken=0,
            )
            uow.session.add(slot)
            await uow.flush()
        slot.taken += 1
        uow.session.add(
            Booking(
                slot_id=slot.id,
                facility_id=facility_id,
                user_id=user_id,
                code=f"F{slot.id:03d}{slot.taken:02d}",
                status=status,
                starts_at=starts_at,
                ends_at=slot.ends_at,
                created_at=clock.now(),
            )
        )
        await uow.commit()


async def proposal_at(
    db,
    community_code: str,
    author_id: int,
    created_at,
    state: str = "collecting",
    *,
    progress: int = 0,
    decided_at=None,
) -> int:
    """A 金点子 submitted at `created_at`, standing at `state`; with `decided_at`, its
    adoption (or refusal, for a declined one) is on its timeline then."""
    from linli.storage.models import Proposal, ProposalStep

    async with db.uow() as uow:
        place = await uow.communities.by_code(community_code)
        proposal = Proposal(
            community_id=place.id,
            author_id=author_id,
            title="楼道装灯",
            description="楼道太暗",
            category="环境",
            level="社区",
            state=state,
            threshold=10,
            supports=0,
            window_ends_at=created_at,
            progress=progress,
            hidden=False,
            reports=0,
            created_at=created_at,
            updated_at=created_at,
        )
        uow.proposals.add(proposal)
        await uow.flush()
        steps = [("collecting", created_at)]
        if decided_at is not None:
            steps.append(("declined" if state == "declined" else "adopted", decided_at))
        for step_state, at in steps:
            uow.proposals.add(
                ProposalStep(
                    proposal_id=proposal.id, at=at, kind="state", state=step_state, actor="test"
                )
            )
        await uow.commit()
        return proposal.id


async def rating_at(db, proposal_id: int, user_id: int, score: int, at) -> None:
    from linli.storage.models import ProposalRating

    async with db.uow() as uow:
        uow.session.add(
            ProposalRating(proposal_id=proposal_id, user_id=user_id, score=score, created_at=at)
        )
        await uow.commit()


async def stall_at(
    db, clock, market_id: int, category_id: int, user_id: int, status: str, attended=None
) -> None:
    from linli.storage.models import StallApplication

    async with db.uow() as uow:
        uow.market.add(
            StallApplication(
                market_id=market_id,
                category_id=category_id,
                user_id=user_id,
                stall_name="小摊",
                goods="蔬菜",
                phone="13800000000",
                status=status,
                attended=attended,
                created_at=clock.now(),
            )
        )
        await uow.commit()


async def fund_line(db, clock, community_code: str, day, kind: str, amount: str) -> None:
    """A ledger line (income or spending, signed already) dated `day`."""
    from decimal import Decimal

    from linli.storage.models import LedgerEntry

    async with db.uow() as uow:
        place = await uow.communities.by_code(community_code)
        await uow.fund.append(
            LedgerEntry(
                community_id=place.id,
                day=day,
                kind=kind,
                source="donation" if kind == "income" else "spending",
                amount=Decimal(amount),
                purpose="测试",
                approved_by="test" if kind == "spending" else None,
                created_by="test",
                created_at=clock.now(),
            )
        )
        await uow.commit()


# --- figures: end
