"""The `linli` command line. Heavy imports wait inside each command, so `--help` is instant."""

from __future__ import annotations

import sys
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn
from urllib.parse import quote

import typer

from linli.bot.logs import configure as configure_logging
from linli.bot.logs import secrets_of
from linli.handlers.kit import ids, when
from linli.handlers.kit.text import t

if TYPE_CHECKING:
    import asyncio

    from linli.bot.app import App
    from linli.bot.config import Settings
    from linli.handlers.kit.clock import Clock
    from linli.handlers.kit.text import Text

# The clock the commands run on: None is the system's. Tests run commands in-process on a
# fake clock by setting it, so nothing they print depends on today's date.
CLOCK: ContextVar[Clock | None] = ContextVar("linli_cli_clock", default=None)


def _group(**options) -> typer.Typer:
    # Help and usage errors as plain text: typer's boxes would import rich (markdown-it,
    # pygments…) on every `--help`, doubling its time (issue 20).
    return typer.Typer(rich_markup_mode=None, **options)


cli = _group(
    help="Linli (邻里): the community chat-bot.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_cli = _group(help="Database schema.", no_args_is_help=True)
demo_cli = _group(help="The demo community.", no_args_is_help=True)
facilities_cli = _group(help="The 社区之家 facility directory.", no_args_is_help=True)
staff_cli = _group(help="Roles: grant them, hand out invite codes.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
cli.add_typer(demo_cli, name="demo")
cli.add_typer(facilities_cli, name="facilities")
cli.add_typer(staff_cli, name="staff")
holidays_cli = _group(
    help="The State Council's holidays and 调休 working days.", no_args_is_help=True
)
cli.add_typer(holidays_cli, name="holidays")


def _settings() -> Settings:
    from linli.bot.config import SettingsError, load_settings

    try:
        return load_settings()
    except SettingsError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None


def _app(settings: Settings) -> App:
    from linli.bot.app import build_app

    return build_app(settings, clock=CLOCK.get())


def _say(app: App, text: Text, *, err: bool = False) -> None:
    typer.echo(app.translator.render(text), err=err)


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Apply every database migration not yet applied."""
    from linli.storage.migrate import upgrade

    settings = _settings()
    upgrade(settings.database.url.get_secret_value())


@db_cli.command("downgrade")
def db_downgrade(
    revision: Annotated[
        str, typer.Argument(help='A revision such as 0010_wechat; "-- -1" for one step back.')
    ],
) -> None:
    """Undo migrations down to REVISION (take a backup first)."""
    from linli.storage.migrate import downgrade

    settings = _settings()
    downgrade(settings.database.url.get_secret_value(), revision)


@db_cli.command("backup")
def db_backup(
    file: Annotated[Path, typer.Argument(help="Where to write the copy; must not exist yet.")],
) -> None:
    """Copy the SQLite database while Linli runs (PostgreSQL: use pg_dump)."""
    from linli.storage.backup import BackupError, backup

    settings = _settings()
    try:
        info = backup(settings.database.url.get_secret_value(), file)
    except BackupError as error:
        _fail(settings, error.code)
    _echo(settings, t("cli-backup-done", file=str(info.path), revision=info.revision))


@db_cli.command("restore")
def db_restore(
    file: Annotated[Path, typer.Argument(help="A file written by `linli db backup`.")],
    yes: Annotated[
        bool, typer.Option("--yes", help="Replace the database without asking.")
    ] = False,
) -> None:
    """Replace the SQLite database with a backup (stop `linli run` first)."""
    from linli.storage.backup import BackupError, restore

    settings = _settings()
    if not yes and not typer.confirm(_render(settings, t("cli-restore-confirm", file=str(file)))):
        raise typer.Exit(1)
    try:
        info = restore(settings.database.url.get_secret_value(), file)
    except BackupError as error:
        _fail(settings, error.code)
    _echo(settings, t("cli-restore-done", file=str(file), revision=info.revision))


def _render(settings: Settings, text: Text) -> str:
    from linli.bot.i18n import Translator

    return Translator(default=settings.default_language).render(text)


def _echo(settings: Settings, text: Text) -> None:
    typer.echo(_render(settings, text))


def _fail(settings: Settings, code: str) -> NoReturn:
    messages = {
        "not-sqlite": t("cli-backup-not-sqlite"),
        "no-file": t("cli-backup-no-file"),
        "exists": t("cli-backup-exists"),
        "no-database": t("cli-backup-no-database"),
        "no-backup": t("cli-backup-no-backup"),
        "not-linli": t("cli-backup-not-linli"),
        "damaged": t("cli-backup-damaged"),
    }
    typer.echo(_render(settings, messages[code]), err=True)
    raise typer.Exit(2 if code in {"not-sqlite", "no-file", "exists"} else 1)


@demo_cli.command("load")
def demo_load(
    if_empty: Annotated[bool, typer.Option(help="Do nothing when communities exist.")] = False,
) -> None:
    """Load the demo 街道, its 社区 and the 社区之家 directory of seed 000."""

    async def go(app: App) -> None:
        from linli.handlers.demo import load_demo

        async with app.db.uow() as uow:
            if if_empty and await uow.communities.count():
                _say(app, t("cli-demo-skipped"))
                return
            report = await load_demo(uow, app.clock.now())
            _report(app, report)
            if report.ok:
                await uow.commit()
                _say(app, t("cli-demo-loaded"))
        if not report.ok:
            raise typer.Exit(1)

    _with_app(go)


@facilities_cli.command("import")
def facilities_import(
    file: Annotated[
        Path, typer.Argument(help="A YAML directory file, like storage/demo/facilities.yaml.")
    ],
) -> None:
    """Add and update units and facilities from FILE; a file with errors imports nothing."""

    async def go(app: App) -> None:
        from linli.handlers.facilities.importer import import_directory

        async with app.db.uow() as uow:
            report = await import_directory(
                uow, file, now=app.clock.now(), config=app.conversation.config
            )
            _report(app, report)
            if report.ok:
                await uow.commit()
        if not report.ok:
            raise typer.Exit(1)

    _with_app(go)


@facilities_cli.command("report")
def facilities_report(
    facility: Annotated[int, typer.Option(help="The facility's number (see `facilities list`).")],
    month: Annotated[str, typer.Option(help="YYYY-MM, e.g. 2026-11.")],
    csv: Annotated[Path | None, typer.Option(help="Also write every booking to this CSV.")] = None,
) -> None:
    """A month's bookings, cancellations and no-shows of one facility."""
    try:
        year, number = (int(part) for part in month.split("-"))
        if not 1 <= number <= 12:
            raise ValueError
    except ValueError:
        typer.echo(_usage_text(t("cli-month-usage")), err=True)
        raise typer.Exit(2) from None

    async def go(app: App) -> None:
        from linli.handlers.booking.reports import month_report
        from linli.handlers.kit.errors import DomainError
        from linli.handlers.kit.reply import Attachment

        async with app.db.uow() as uow:
            try:
                report = await month_report(
                    uow, None, facility, year, number, app.conversation.config
                )
            except DomainError as error:
                _say(app, error.message, err=True)
                raise typer.Exit(1) from None
        _say(app, report.summary(month))
        if csv is None:
            # Nothing is attached on the command line: say how to get the rows instead.
            _say(app, t("polish-report-csv-hint"))
            return
        table = Attachment.csv(csv.name, report.table(app.settings.zone))
        csv.write_bytes(app.translator.file(table))
        _say(app, t("polish-report-csv-written", path=str(csv), count=len(report.rows)))

    _with_app(go)


@facilities_cli.command("list")
def facilities_list() -> None:
    """Every facility with its number, unit and whether it can be booked."""

    async def go(app: App) -> None:
        async with app.db.uow() as uow:
            units = await uow.facilities.units_by_name()
        for unit in units.values():
            for item in unit.facilities:
                _say(
                    app,
                    t(
                        "cli-facility-line",
                        id=item.id,
                        name=item.name,
                        unit=unit.name,
                        mode=item.mode,
                        bookable="yes" if item.bookable else "no",
                    ),
                )

    _with_app(go)


@holidays_cli.command("load")
def holidays_load(
    file: Annotated[
        Path,
        typer.Argument(help="A YAML file: year, holidays and workdays by holiday (see docs)."),
    ],
) -> None:
    """Load a year's official holidays and 调休 working days; they override the library."""
    import yaml

    from linli.handlers.kit import holidays

    async def go(app: App) -> None:
        try:
            # BaseLoader keeps every value a string: a date that does not exist (2027-02-30)
            # is then reported by the reader, not raised by YAML's own date parsing.
            data = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            typer.echo(str(error), err=True)
            raise typer.Exit(1) from None
        found = holidays.read_schedule(data)
        if isinstance(found, list):
            for problem in found:
                _say(app, problem, err=True)
            raise typer.Exit(1)
        async with app.db.uow() as uow:
            await holidays.load_year(uow, found)
            await uow.commit()
        _say(
            app,
            t(
                "days-loaded",
                year=str(found.year),
                holidays=len(found.holidays),
                workdays=len(found.workdays),
            ),
        )

    _with_app(go)


@holidays_cli.command("show")
def holidays_show(
    year: Annotated[str, typer.Argument(help="A year, e.g. 2027.")],
) -> None:
    """A year's days off and 调休 working days, and where they come from."""
    if not (year.isdigit() and len(year) == 4):
        typer.echo(_usage_text(t("days-year-usage")), err=True)
        raise typer.Exit(2)

    async def go(app: App) -> None:
        from linli.handlers.kit import holidays

        async with app.db.uow() as uow:
            await holidays.refresh(uow)
        found = holidays.schedule(int(year))
        sources = {
            holidays.LOADED: t("days-show-source-loaded", year=year),
            holidays.OFFICIAL: t("days-show-source-official", year=year),
            holidays.ESTIMATED: t("days-show-source-estimated", year=year),
        }
        _say(app, sources[found.source])
        lines = [(d, True, n) for d, n in found.holidays.items()]
        lines += [(d, False, n) for d, n in found.workdays.items()]
        for day, off, name in sorted(lines):
            label = holidays.NAME_LABELS.get(holidays.canonical_name(name) or "")
            name_shown = label or t("days-holiday")
            if off:
                _say(app, t("days-show-holiday", day=when.date(day), name=name_shown))
            else:
                _say(app, t("days-show-workday", day=when.date(day), name=name_shown))

    _with_app(go)


wechat_cli = _group(help="The WeChat Official Account.", no_args_is_help=True)
cli.add_typer(wechat_cli, name="wechat")
# Where WeChat shows a QR code's picture for its ticket.
QR_IMAGE_URL = "https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket="
MAX_TEMPORARY = 30 * 86400  # WeChat's longest temporary QR code


@wechat_cli.command("menu")
def wechat_menu(
    check: Annotated[
        bool, typer.Option("--check", help="Only check every WeChat menu limit, offline.")
    ] = False,
    file: Annotated[
        Path | None, typer.Option(help="A menu of your own (JSON, as WeChat takes it).")
    ] = None,
    staff: Annotated[
        bool, typer.Option("--staff", help="Also give staff and operators a menu of their tools.")
    ] = False,
) -> None:
    """Create the account's custom menu from the main menu, in the default language."""

    async def go(app: App) -> None:
        from linli.bot.channels.wechat.api import WeChatError
        from linli.bot.channels.wechat.menu import custom_menu

        settings = app.settings
        menu = _checked_menu(app, file, custom_menu)  # every WeChat limit, offline
        if check:
            _say(app, t("wechat-menu-ok"))
            return
        if not settings.wechat.enabled:
            _say(app, t("wechat-not-configured"), err=True)
            raise typer.Exit(2)
        api = _wechat_api(app)
        try:
            staff_count = await _send_menus(app, api, menu, staff)
        except WeChatError as error:
            _say(app, t("wechat-failed", reason=str(error)), err=True)
            raise typer.Exit(1) from None
        _say(app, t("wechat-menu-done"))
        if staff_count is not None:
            _say(app, t("wechat-menu-staff-done", count=staff_count))

    _with_app(go)


def _checked_menu(app: App, file: Path | None, custom_menu) -> dict:
    """The menu to send (a file's, or ours in the default language), after checking it and
    the staff menu in every language; exits naming each offending button."""
    import json

    from linli.bot.channels.wechat.menu import check_menu, staff_menu

    if file is not None:
        try:
            menus = {str(file): json.loads(file.read_text(encoding="utf-8"))}
        except (OSError, ValueError) as error:
            _say(app, t("wechat-menu-bad-file", file=str(file), reason=str(error)), err=True)
            raise typer.Exit(2) from None
    else:
        languages = app.translator.languages
        board = _board_url(app)
        menus = {x: custom_menu(app.translator, x, board_url=board) for x in languages}
        menus |= {f"staff {x}": staff_menu(app.translator, x, 0, board) for x in languages}
    problems = [(name, p) for name, menu in menus.items() for p in check_menu(menu)]
    for name, problem in problems:
        typer.echo(f"{name}: {app.translator.render(problem)}", err=True)
    if problems:
        raise typer.Exit(1)
    return menus[str(file)] if file is not None else menus[app.settings.default_language]


async def _send_menus(app: App, api, menu: dict, staff: bool) -> int | None:
    """Send the menu; with `staff`, tag staff and operators and send theirs too (how many)."""
    from linli.bot.channels.wechat.menu import STAFF_TAG, staff_menu
    from linli.handlers.profile.service import staff_on_channel

    if not staff:
        await api.create_menu(menu)
        return None
    async with app.db.uow() as uow:
        openids = await staff_on_channel(uow, "wechat")
    tag = await api.tag_id(STAFF_TAG)
    await api.delete_menus()  # no conditional menu left over from an earlier run
    await api.create_menu(menu)
    await api.tag_users(tag, openids)
    language = app.settings.default_language
    await api.add_conditional_menu(staff_menu(app.translator, language, tag, _board_url(app)))
    return len(openids)


def _board_url(app: App) -> str | None:
    """The public boards' index (/board) when the web server has a public address (the
    console's or WeChat's; not the listen address, which a phone cannot reach)."""
    from linli.handlers.board.service import board_url

    settings = app.settings
    if not settings.console.enabled:
        return None
    return board_url(settings.console.public_url or settings.wechat.public_url)


def _wechat_api(app: App):
    """The WeChat API client for the configured account, on the access token every process
    shares (a token of its own would invalidate the server's)."""
    from linli.bot.channels.wechat.api import build_api

    return build_api(app.settings.wechat, app.db, app.clock)


@wechat_cli.command("qrcode")
def wechat_qrcode(
    community: Annotated[
        str | None, typer.Option(help="The 社区's code (communities.yaml).")
    ] = None,
    building: Annotated[
        str | None, typer.Option(help="A 小区 or 楼栋 code inside it, chosen too.")
    ] = None,
    household: Annotated[
        str | None,
        typer.Option(help="A household code (linli residents invite): scanning confirms there."),
    ] = None,
    days: Annotated[
        int | None, typer.Option(min=1, max=30, help="Expire after N days (default: never).")
    ] = None,
) -> None:
    """A 带参数二维码: whoever scans it to follow gets this 社区 (and 楼栋) chosen, or, for a
    household code, is confirmed as living there."""

    async def go(app: App) -> None:
        from linli.bot.channels.wechat.api import WeChatError
        from linli.handlers.profile import residency
        from linli.handlers.profile.onboarding import MAX_SCENE, place_scene, scene_places

        settings = app.settings
        expires = days * 86400 if days else None
        if (community is None) == (household is None):
            _say(app, t("wechat-qrcode-one-of"), err=True)
            raise typer.Exit(2)
        if household is not None:
            async with app.db.uow() as uow:
                row = await uow.residency.code(ids.typed_code(household))
            left = (row.expires_at - app.clock.now()).total_seconds() if row else 0
            if row is None or left <= 0:
                _say(app, t("cli-household-no-code", code=household), err=True)
                raise typer.Exit(1)
            scene = residency.join_parameter(row.code)
            # The code runs out: so does its picture (a temporary code, 30 days at most).
            expires = int(min(expires or MAX_TEMPORARY, left, MAX_TEMPORARY))
        else:
            scene = place_scene(community, building)
        if len(scene) > MAX_SCENE:
            _say(app, t("wechat-qrcode-too-long", scene=scene, limit=MAX_SCENE), err=True)
            raise typer.Exit(2)
        if household is None:
            async with app.db.uow() as uow:
                found = await scene_places(uow, scene)
            if found is None:
                _say(app, t("wechat-qrcode-no-place", scene=scene), err=True)
                raise typer.Exit(1)
        if not settings.wechat.enabled:
            _say(app, t("wechat-not-configured"), err=True)
            raise typer.Exit(2)
        api = _wechat_api(app)
        try:
            made = await api.create_qrcode(scene, expires)
        except WeChatError as error:
            _say(app, t("wechat-failed", reason=str(error)), err=True)
            raise typer.Exit(1) from None
        ticket = str(made.get("ticket", ""))
        _say(
            app,
            t(
                "wechat-qrcode-made",
                scene=scene,
                ticket=ticket,
                image=QR_IMAGE_URL + quote(ticket, safe=""),
                url=str(made.get("url", "")),
            ),
        )

    _with_app(go)


proposals_cli = _group(help="金点子 (proposals).", no_args_is_help=True)
cli.add_typer(proposals_cli, name="proposals")
# The old name, for scripts written before the feature had one name.
cli.add_typer(proposals_cli, name="ideas", hidden=True)


@proposals_cli.command("threshold")
def proposals_threshold(
    community: Annotated[str, typer.Option(help="Community code, e.g. xinhuashe.")],
    supports: Annotated[int, typer.Argument(help="Supports a proposal needs.")],
) -> None:
    """Set how many supports put a proposal on the agenda in a community."""

    async def go(app: App) -> None:
        from linli.handlers.kit.errors import DomainError
        from linli.handlers.proposals.service import set_threshold

        async with app.db.uow() as uow:
            place, _unit = await _lookup(app, uow, community, None)
            try:
                await set_threshold(uow, None, place.id, supports, app.clock.now())
            except DomainError as error:
                _say(app, error.message, err=True)
                raise typer.Exit(1) from None
            await uow.commit()
        _say(app, t("proposal-threshold-set", community=place.name, supports=supports))

    _with_app(go)


market_cli = _group(help="睦邻集市 market days.", no_args_is_help=True)
cli.add_typer(market_cli, name="market")


@market_cli.command("verify")
def market_verify(market: Annotated[int, typer.Argument(help="The market's number.")]) -> None:
    """Redo a lottery from its published facts and say whether the recorded result holds."""
    status = {"holds": True}

    async def go(app: App) -> None:
        from linli.handlers.kit.errors import DomainError
        from linli.handlers.market.service import check_draw

        async with app.db.uow() as uow:
            found = await uow.market.day(market)
            try:
                if found is None:
                    raise DomainError(t("market-not-drawn"))
                check = await check_draw(uow, found)
            except DomainError as error:
                _say(app, error.message, err=True)
                raise typer.Exit(1) from None
        for name, stalls, order in check.orders:
            numbers = ", ".join(str(n) for n in order) or "-"
            _say(app, t("cli-draw-order", category=name, stalls=stalls, order=numbers))
        status["holds"] = check.commitment_holds and check.seed_holds and not check.mismatched
        if status["holds"]:
            _say(app, t("cli-draw-holds"))
        else:
            if not check.commitment_holds:
                _say(app, t("cli-draw-commitment-differs"), err=True)
            if not check.seed_holds:
                _say(app, t("cli-draw-seed-differs"), err=True)
            if check.mismatched:
                numbers = ", ".join(str(n) for n in check.mismatched)
                _say(app, t("cli-draw-places-differ", numbers=numbers), err=True)

    _with_app(go)
    if not status["holds"]:
        raise typer.Exit(1)


@market_cli.command("pardon")
def market_pardon(
    community: Annotated[str, typer.Option(help="Community code, e.g. xinhuashe.")],
    user: Annotated[str, typer.Option(help="The vendor, as channel:id (e.g. wechat:o6_b…).")],
) -> None:
    """Let a vendor barred for missed market days apply again (after hearing them out)."""

    async def go(app: App) -> None:
        from linli.handlers.market.service import pardon

        channel, _, external = user.partition(":")
        async with app.db.uow() as uow:
            place, _unit = await _lookup(app, uow, community, None)
            vendor = await uow.users.by_external(channel, external)
            if not external or vendor is None:
                _say(app, t("cli-grant-usage"), err=True)
                raise typer.Exit(2)
            await pardon(uow, None, vendor, place.id, app.clock.now())
            await uow.commit()
        _say(app, t("cli-pardoned", user=user))

    _with_app(go)


booking_cli = _group(help="Booking: slot draws (抽签).", no_args_is_help=True)
cli.add_typer(booking_cli, name="booking")


@booking_cli.command("verify-draw")
def booking_verify_draw(
    draw: Annotated[int, typer.Option("--draw", help="The draw's number (in its pushes).")],
) -> None:
    """Redo a slot draw from its published facts and say whether the record matches."""
    status = {"holds": True}

    async def go(app: App) -> None:
        from linli.handlers.booking.draws import check
        from linli.handlers.kit.errors import DomainError

        async with app.db.uow() as uow:
            try:
                found = await check(uow, draw)
            except DomainError as error:
                _say(app, error.message, err=True)
                raise typer.Exit(1) from None
        made = found.draw
        _say(
            app,
            t(
                "cli-slot-draw-facts",
                draw=made.id,
                commitment=made.commitment,
                secret=made.secret,
                seed=made.seed,
                places=made.places or 0,
            ),
        )
        _say(app, t("cli-slot-draw-entries", keys=", ".join(found.keys) or "-"))
        _say(app, t("cli-slot-draw-order", order=", ".join(found.order) or "-"))
        status["holds"] = found.holds
        if found.holds:
            _say(app, t("cli-slot-draw-match"))
            return
        for ok, says in (
            (found.commitment_holds, t("cli-slot-draw-commitment-differs")),
            (found.pool_holds, t("cli-slot-draw-pool-differs")),
            (found.seed_holds, t("cli-slot-draw-seed-differs")),
            (found.result_holds, t("cli-slot-draw-order-differs")),
        ):
            if not ok:
                _say(app, says, err=True)
        if found.mismatched:
            _say(
                app, t("cli-slot-draw-outcomes-differ", keys=", ".join(found.mismatched)), err=True
            )

    _with_app(go)
    if not status["holds"]:
        raise typer.Exit(1)


fund_cli = _group(help="The 社区发展基金's open ledger.", no_args_is_help=True)
cli.add_typer(fund_cli, name="fund")


@fund_cli.command("verify")
def fund_verify(
    community: Annotated[
        str | None, typer.Option(help="Community code; every community when left out.")
    ] = None,
) -> None:
    """Check each ledger's hash chain; name the first line that was changed or removed."""
    status = {"broken": False}

    async def go(app: App) -> None:
        from linli.handlers.fund.service import check_ledger

        async with app.db.uow() as uow:
            if community:
                places = [(await _lookup(app, uow, community, None))[0]]
            else:
                places = await uow.communities.of_kind("community")
            for place in places:
                check = await check_ledger(uow, place.id)
                if check.broken is None:
                    _say(
                        app,
                        t(
                            "cli-fund-whole",
                            community=place.name,
                            lines=check.lines,
                            balance=f"{check.balance:.2f}",
                            head=check.head[:16],
                        ),
                    )
                else:
                    status["broken"] = True
                    number = str(check.broken.id)
                    if check.why == "hash":
                        said = t("cli-fund-changed", community=place.name, id=number)
                    else:
                        said = t("cli-fund-unlinked", community=place.name, id=number)
                    _say(app, said, err=True)

    _with_app(go)
    if status["broken"]:
        raise typer.Exit(1)


notices_cli = _group(help="Staff notices.", no_args_is_help=True)
cli.add_typer(notices_cli, name="notices")


@notices_cli.command("report")
def notices_report(notice: Annotated[int, typer.Argument(help="The notice's number.")]) -> None:
    """How a notice's delivery stands: delivered, waiting, failed."""

    async def go(app: App) -> None:
        from linli.handlers.kit.errors import DomainError
        from linli.handlers.notices.service import progress

        async with app.db.uow() as uow:
            try:
                done = await progress(uow, None, notice)
            except DomainError as error:
                _say(app, error.message, err=True)
                raise typer.Exit(1) from None
        _say(app, done.text())

    _with_app(go)


def _report(app: App, report) -> None:
    for problem in report.problems:
        _say(app, t("import-line", line=problem.line, message=problem.message), err=True)
    if report.problems:
        _say(app, t("import-failed", count=len(report.problems)), err=True)
    else:
        _say(
            app,
            t(
                "import-done",
                units_created=report.units_created,
                units_updated=report.units_updated,
                facilities_created=report.facilities_created,
                facilities_updated=report.facilities_updated,
            ),
        )


async def _lookup(app: App, uow, community_code: str, unit_name: str | None):
    community = await uow.communities.by_code(community_code)
    if community is None or community.kind != "community":
        _say(app, t("cli-unknown-community", code=community_code), err=True)
        raise typer.Exit(1)
    unit_id = None
    if unit_name:
        units = {u.name: u.id for u in await uow.facilities.units_serving(community.id)}
        if unit_name not in units:
            _say(app, t("cli-unknown-unit", unit=unit_name), err=True)
            raise typer.Exit(1)
        unit_id = units[unit_name]
    return community, unit_id


@staff_cli.command("grant")
def staff_grant(
    community: Annotated[str, typer.Option(help="Community code, e.g. xinhuashe.")],
    user: Annotated[str, typer.Option(help="CHANNEL:ID, e.g. console:local or telegram:12345.")],
    role: Annotated[str, typer.Option(help="staff or operator.")] = "staff",
    unit: Annotated[str | None, typer.Option(help="For an operator: the unit's name.")] = None,
) -> None:
    """Give a user a role in a community (recorded in the audit log)."""
    channel, _, external_id = user.partition(":")
    if (
        not channel
        or not external_id
        or role not in ("staff", "operator")
        or (role == "operator") != bool(unit)
    ):
        typer.echo(_usage_text(t("cli-grant-usage")), err=True)
        raise typer.Exit(2)

    async def go(app: App) -> None:
        from linli.handlers.kit.request import Request
        from linli.handlers.profile import service

        async with app.db.uow() as uow:
            place, unit_id = await _lookup(app, uow, community, unit)
            now = app.clock.now()
            target = await service.ensure_user(
                uow,
                Request(channel=channel, external_id=external_id),
                now,
                app.conversation.config,
                seen=False,  # the user did nothing: WeChat's 48 hours do not start
            )
            await service.grant_role(
                uow,
                target=target,
                community=place,
                role=role,
                unit_id=unit_id,
                by=None,
                via="cli",
                now=now,
            )
            await uow.commit()
            _say(app, t("cli-granted", user=user, community=place.name, role=role))

    _with_app(go)


@staff_cli.command("list")
def staff_list(
    community: Annotated[str, typer.Option(help="Community code, e.g. xinhuashe.")],
) -> None:
    """Everyone with a role in a community: role number, who, role, unit."""

    async def go(app: App) -> None:
        from linli.handlers.profile import service

        async with app.db.uow() as uow:
            place, _unit = await _lookup(app, uow, community, None)
            for holder in await service.role_holders(uow, None, place.id):
                who = f"{holder.user.channel}:{holder.user.external_id}"
                _say(
                    app,
                    t(
                        "cli-role-line",
                        id=str(holder.grant.id),
                        user=who,
                        role=holder.grant.role,
                        unit=holder.unit_name or "-",
                    ),
                )

    _with_app(go)


@staff_cli.command("revoke")
def staff_revoke(
    community: Annotated[str, typer.Option(help="Community code, e.g. xinhuashe.")],
    user: Annotated[str, typer.Option(help="CHANNEL:ID, e.g. telegram:12345.")],
    role: Annotated[str | None, typer.Option(help="Only this role (staff or operator).")] = None,
) -> None:
    """Take back a user's roles in a community (recorded in the audit log; they are told)."""
    channel, _, external_id = user.partition(":")
    if not channel or not external_id or role not in (None, "staff", "operator"):
        typer.echo(_usage_text(t("cli-grant-usage")), err=True)
        raise typer.Exit(2)

    async def go(app: App) -> None:
        from linli.handlers.profile import service

        async with app.db.uow() as uow:
            place, _unit = await _lookup(app, uow, community, None)
            target = await uow.users.by_external(channel, external_id)
            grants = [
                h.grant
                for h in await service.role_holders(uow, None, place.id)
                if target is not None and h.user.id == target.id and role in (None, h.grant.role)
            ]
            if not grants:
                _say(app, t("cli-no-role", user=user, community=place.name), err=True)
                raise typer.Exit(1)
            for grant in grants:
                await service.revoke_role(uow, None, grant.id, app.clock.now())
            await uow.commit()
        _say(app, t("cli-revoked", user=user, community=place.name, count=len(grants)))

    _with_app(go)


@staff_cli.command("invite")
def staff_invite(
    community: Annotated[str, typer.Option(help="Community code, e.g. xinhuashe.")],
    role: Annotated[str, typer.Option(help="staff or operator.")] = "staff",
    unit: Annotated[str | None, typer.Option(help="For an operator: the unit's name.")] = None,
    uses: Annotated[int, typer.Option(min=1, max=100, help="How many people may use it.")] = 1,
) -> None:
    """Make an invite code that gives a role to whoever sends `/join CODE`."""
    if role not in ("staff", "operator") or (role == "operator") != bool(unit):
        typer.echo(_usage_text(t("cli-grant-usage")), err=True)
        raise typer.Exit(2)

    async def go(app: App) -> None:
        from linli.handlers.profile import service

        async with app.db.uow() as uow:
            place, unit_id = await _lookup(app, uow, community, unit)
            invite = await service.create_invite(
                uow,
                by=None,
                community=place,
                role=role,
                unit_id=unit_id,
                now=app.clock.now(),
                ttl=app.conversation.config.invite_ttl,
                max_uses=uses,
            )
            await uow.commit()
            days = app.conversation.config.invite_ttl.days
            _say(app, t("cli-invite", code=invite.code, community=place.name, days=days))

    _with_app(go)


residents_cli = _group(help="Households (户) and residents' confirmation.", no_args_is_help=True)
cli.add_typer(residents_cli, name="residents")


@residents_cli.command("invite")
def residents_invite(
    community: Annotated[str, typer.Option(help="Community code, e.g. xinhuashe.")],
    building: Annotated[str, typer.Option(help="The building as residents say it, e.g. 3号楼.")],
    room: Annotated[str, typer.Option(help="The room, e.g. 301.")],
    unit: Annotated[str | None, typer.Option(help="The entrance (单元), e.g. 2单元.")] = None,
    uses: Annotated[int, typer.Option(min=1, max=50, help="How many people may use it.")] = 4,
    days: Annotated[int, typer.Option(min=1, max=365, help="Valid for this many days.")] = 30,
) -> None:
    """Make a household invite code: whoever types it (or scans its QR) is confirmed there."""

    async def go(app: App) -> None:
        import datetime as dt

        from linli.handlers.profile import residency

        async with app.db.uow() as uow:
            place, _ = await _lookup(app, uow, community, None)
            label = residency.household_label(building, unit, room)
            row = await residency.make_household_code(
                uow,
                by=None,
                community=place,
                label=label,
                now=app.clock.now(),
                ttl=dt.timedelta(days=days),
                max_uses=uses,
            )
            await uow.commit()
        _say(
            app,
            t(
                "cli-household-code",
                code=row.code,
                community=place.name,
                household=label,
                days=days,
                uses=uses,
            ),
        )

    _with_app(go)


@residents_cli.command("qr")
def residents_qr(
    code: Annotated[str, typer.Option(help="A household code (linli residents invite).")],
) -> None:
    """What a building's QR code carries for a household code: the Telegram start link and
    the WeChat scene (`linli wechat qrcode` makes place codes; this scene goes the same way)."""

    async def go(app: App) -> None:
        from linli.handlers.profile import residency

        async with app.db.uow() as uow:
            row = await uow.residency.code(ids.typed_code(code))
        if row is None:
            _say(app, t("cli-household-no-code", code=code), err=True)
            raise typer.Exit(1)
        scene = residency.join_parameter(row.code)
        bot = app.settings.telegram.bot_username
        if bot:
            link = f"https://t.me/{bot.lstrip('@')}?start={scene}"
            _say(app, t("cli-household-link", link=link))
        else:
            _say(app, t("cli-household-no-bot", scene=scene))
        _say(app, t("cli-household-scene", scene=scene))

    _with_app(go)


privacy_cli = _group(
    help="A resident's data, for staff handling a request in person.", no_args_is_help=True
)
cli.add_typer(privacy_cli, name="privacy")


async def _person(app: App, uow, person: str):
    """The user CHANNEL:ID names (an erased one is nobody), or exit 1 saying so."""
    channel, _, external_id = person.partition(":")
    user = await uow.users.by_external(channel, external_id) if channel and external_id else None
    if user is None:
        _say(app, t("cli-privacy-no-user", user=person), err=True)
        raise typer.Exit(1)
    return user


@privacy_cli.command("export")
def privacy_export(
    user: Annotated[str, typer.Option(help="CHANNEL:ID, e.g. wechat:o6_bmjrP… or telegram:123.")],
    out: Annotated[Path | None, typer.Option(help="Write the JSON here, not on stdout.")] = None,
) -> None:
    """Everything kept about one person, as JSON (recorded in the audit log)."""

    async def go(app: App) -> None:
        from linli.handlers.kit import ids
        from linli.handlers.profile import privacy

        async with app.db.uow() as uow:
            person = await _person(app, uow, user)
            now = app.clock.now()
            document = await privacy.gather(uow, person, now)
            await privacy.record_export(uow, person, now, actor=ids.CLI)
            await uow.commit()
        data = privacy.as_json(document)
        if out is None:
            typer.echo(data.decode("utf-8"))
        else:
            out.write_bytes(data)
            _say(app, t("cli-privacy-exported", user=user, path=str(out)), err=True)

    _with_app(go)


@privacy_cli.command("erase")
def privacy_erase(
    user: Annotated[str, typer.Option(help="CHANNEL:ID, e.g. wechat:o6_bmjrP… or telegram:123.")],
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: this cannot be undone.")] = False,
) -> None:
    """Delete one person's account: bookings to come cancelled, personal data erased,
    figures, the audit log and the fund kept (recorded in the audit log)."""

    async def go(app: App) -> None:
        from linli.handlers.kit import ids
        from linli.handlers.profile import privacy

        async with app.db.uow() as uow:
            person = await _person(app, uow, user)
            if not yes:
                _say(app, t("cli-privacy-confirm"), err=True)
                raise typer.Exit(2)
            now = app.clock.now()
            cancelled = await privacy.erase(
                uow, person, now, app.conversation.config, actor=ids.CLI
            )
            await uow.commit()
        # A waitlist offer for a freed place is in the outbox: `linli run` sends it.
        _say(app, t("cli-privacy-erased", user=user, bookings=cancelled))

    _with_app(go)


audit_cli = _group(help="The audit log: who did what, when.", no_args_is_help=True)
cli.add_typer(audit_cli, name="audit")


@audit_cli.command("export")
def audit_export(
    community: Annotated[str, typer.Option(help="Community code, e.g. xinhuashe.")],
    since: Annotated[str | None, typer.Option(help="From this day, e.g. 2026-11-01.")] = None,
    until: Annotated[str | None, typer.Option(help="To this day (included).")] = None,
    person: Annotated[str | None, typer.Option(help="Only CHANNEL:ID's doings, or cli.")] = None,
    output: Annotated[Path | None, typer.Option(help="Write the CSV here, not on stdout.")] = None,
) -> None:
    """A community's audit log as CSV (Chinese headers), newest first."""

    async def go(app: App) -> None:
        from linli.handlers.kit.spoken_time import Problem, explain
        from linli.handlers.profile import service

        today = when.day_of(app.clock.now(), app.conversation.config.zone)
        days = [None, None]
        for i, typed in enumerate((since, until)):
            if typed is not None:
                read = service.past_days(typed, today)
                if isinstance(read, Problem):
                    _say(app, explain(read), err=True)
                    raise typer.Exit(2)
                if read is None:
                    _say(app, t("cli-audit-bad-day", day=typed), err=True)
                    raise typer.Exit(2)
                days[i] = read[0] if i == 0 else read[1]
        async with app.db.uow() as uow:
            place, _unit = await _lookup(app, uow, community, None)
            actor = None
            if person is not None:
                actor = await _actor_of(uow, person)
                if actor is None:
                    _say(app, t("cli-audit-no-person", user=person), err=True)
                    raise typer.Exit(1)
            lines = await service.audit_in_words(
                uow,
                None,
                place.id,
                zone=app.conversation.config.zone,
                only=service.AuditFilter(days[0], days[1], actor),
                limit=None,
            )
        rows = service.audit_rows(lines, app.conversation.config.zone)
        from linli.handlers.kit.reply import Attachment

        table = Attachment.csv("audit.csv", [list(service.AUDIT_CSV_HEADER), *rows])
        data = app.translator.file(table)
        if output is None:
            typer.echo(data.decode("utf-8").removeprefix("\ufeff"), nl=False)
        else:
            output.write_bytes(data)
            _say(app, t("cli-audit-written", count=len(lines), path=str(output)), err=True)

    _with_app(go)


async def _actor_of(uow, person: str) -> str | None:
    """How the log names a person given as CHANNEL:ID (or `cli`)."""
    if person == "cli":
        return "cli"
    channel, _, external_id = person.partition(":")
    user = await uow.users.by_external(channel, external_id)
    return ids.actor(user) if user is not None else None


def _usage_text(text: Text) -> str:
    from linli.bot.i18n import Translator

    return Translator(default=_settings().default_language).render(text)


@cli.command("chat")
def chat(
    user: Annotated[str | None, typer.Option(help="Who you are in the terminal.")] = None,
    lang: Annotated[str | None, typer.Option(help="Language for a new user: zh-CN or en.")] = None,
) -> None:
    """Chat with Linli in the terminal: one message per line, `N` presses button N."""

    async def go(app: App) -> None:
        from linli.bot.channels.console import ConsoleChannel

        await ConsoleChannel(
            app.conversation,
            app.translator,
            user=user or app.settings.console_user,
            attachments=app.settings.attachments_dir,
            locale_hint=lang,
        ).run()

    _with_app(go)


@cli.command("run")
def run() -> None:
    """Run Linli: Telegram when LINLI_TELEGRAM_TOKEN is set, else the terminal; with the
    scheduler that sends pushes and reminders."""
    status = {"code": 0}

    async def go(app: App) -> None:
        from linli.bot import heap
        from linli.bot.app import messaging_configured
        from linli.bot.channels.console import ConsoleChannel
        from linli.bot.channels.serve import serve_messaging
        from linli.bot.scheduler import stop

        scheduler = app.scheduler
        stopped = False

        async def quiet() -> None:
            # Once: APScheduler's shutdown takes effect a loop turn later, so a second
            # stop would find it still running and its shutdown would raise.
            nonlocal stopped
            if not stopped:
                await stop(scheduler, app.dispatcher, app.chores)
                stopped = True

        try:
            scheduler.start()
            await app.chores()  # what fell due while we were down
            if messaging_configured(app.settings):
                status["code"] = await serve_messaging(app, before_close=quiet)
            else:
                await app.dispatcher.run_once()
                channel = ConsoleChannel(
                    app.conversation,
                    app.translator,
                    user=app.settings.console_user,
                    attachments=app.settings.attachments_dir,
                )
                heap.settle()
                await channel.run()
        finally:
            await quiet()  # done already when the channels served until a stop

    _with_app(go)
    if status["code"]:
        raise typer.Exit(status["code"])


@cli.command("console")
def console() -> None:
    """Serve the staff web console and the public 公示 board alone (on LINLI_LISTEN_HOST and
    LINLI_LISTEN_PORT), beside a `linli run` on the terminal. Staff get a sign-in link in
    chat with /console."""

    async def go(app: App) -> None:
        from linli.bot.channels.serve import serve_console

        if app.settings.console_url is None:
            _say(app, t("console-off-cli"), err=True)
            raise typer.Exit(1)
        _say(app, t("console-serving", url=app.settings.console_url))
        await serve_console(app)

    _with_app(go)


@cli.command("chores")
def chores_once() -> None:
    """Run the scheduled chores once (no-shows, holds, due notices, windows, draws,
    retention) and exit: for cron, or to catch up by hand. Safe beside running `linli run`
    processes."""

    async def go(app: App) -> None:
        from linli.bot.app import apply_retention
        from linli.handlers.chores import chores

        await chores(app.db, app.clock, app.conversation.config)
        await apply_retention(app.db, app.clock, app.settings)

    _with_app(go)


@cli.command("flows")
def flows(
    name: Annotated[str | None, typer.Argument(help="Only this flow, e.g. book.")] = None,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Every flow as docs/flows.md holds them.")
    ] = False,
) -> None:
    """Print every flow (or one) as a Mermaid flowchart: its steps and where each may go."""
    from linli.handlers.kit import flowchart
    from linli.handlers.kit.clock import SystemClock
    from linli.handlers.kit.config import CoreConfig
    from linli.handlers.wiring import build_conversation

    # Only the flows' tables are read: no database is opened.
    every = build_conversation(None, SystemClock(), CoreConfig()).flows
    if name is not None and name not in every:
        names = ", ".join(every)
        typer.echo(_usage_text(t("cli-flows-unknown", name=name, names=names)), err=True)
        raise typer.Exit(2)
    chosen = [every[name]] if name is not None else list(every.values())
    if markdown:
        typer.echo(flowchart.markdown(chosen), nl=False)
    else:
        typer.echo("\n".join(flowchart.mermaid(flow) for flow in chosen), nl=False)


def _with_app(go) -> None:
    import asyncio  # not at the top: `--help` has no use for it

    settings = _settings()
    configure_logging(settings.log.level, settings.log.format, secrets_of(settings))

    async def main() -> None:
        app = _app(settings)
        stopping = _stop_on_sigterm()
        try:
            await go(app)
        except asyncio.CancelledError:
            if not stopping.is_set():
                raise
        finally:
            await app.close()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(130)


def _stop_on_sigterm() -> asyncio.Event:
    """SIGTERM (systemd, a container runtime) stops the command the way the end of input
    does: the running task is cancelled, so every `finally` finishes its work — replies in
    flight, pushes being sent — instead of the process vanishing mid-way."""
    import asyncio
    import signal

    stopping = asyncio.Event()
    task = asyncio.current_task()
    loop = asyncio.get_running_loop()

    def stop() -> None:
        if not stopping.is_set():
            stopping.set()
            task.cancel()

    try:
        loop.add_signal_handler(signal.SIGTERM, stop)
    except (NotImplementedError, RuntimeError, ValueError):  # not the main thread (tests)
        pass
    return stopping


def main() -> None:
    cli()
