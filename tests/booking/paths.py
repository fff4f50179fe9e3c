"""How to reach each step of booking, my bookings, requests and the operator's desk."""

from __future__ import annotations

from tests import factories
from tests.facilities.paths import DANCE
from tests.factories import Chat
from tests.walk import Walk, press

MANAGE_DANCE = ["menu-manage", "=舞蹈房"]
HALL = ["menu-facilities", "facilities-all", "=天光教室", "facility-request"]
BOOK_FIRST = ["", *DANCE, "facility-book", "#1", "#1", "booking-confirm"]
REQUEST = [*HALL, "#1", "!14:00-16:00", "!合唱排练", "!20"]


async def full(db, clock, conversation, translator) -> None:
    """Others take all 15 places of the dance room's first slot of the first day."""
    for n in range(15):
        await factories.user(db, clock, f"other{n}", community_code="xinhuashe")
        other = Chat(conversation, translator, f"other{n}")
        for what in BOOK_FIRST:
            await press(other, what)
        assert other.keys()[0] == "booking-done", other.render()


async def booked(db, clock, conversation, translator) -> None:
    """The walker (u1) has booked the dance room's first slot."""
    chat = Chat(conversation, translator, "u1")
    for what in BOOK_FIRST:
        await press(chat, what)


async def requested(db, clock, conversation, translator) -> None:
    """A resident asked for the 按需 hall."""
    await factories.user(db, clock, "asker", community_code="xinhuashe")
    asker = Chat(conversation, translator, "asker")
    for what in ["", *REQUEST, "request-send"]:
        await press(asker, what)
    assert asker.keys()[0] == "request-sent", asker.render()


async def lottery(db, clock, conversation, translator) -> None:
    """The dance room gives its slots by draw (抽签): entries a week ahead, drawn an hour before."""
    from sqlalchemy import update

    from linli.storage.models import Facility

    async with db.uow() as uow:
        await uow.session.execute(
            update(Facility)
            .where(Facility.name == "舞蹈房")
            .values(lottery_opens_days=7, lottery_draw_hours=1)
        )
        await uow.commit()


async def entered(db, clock, conversation, translator) -> None:
    """The walker (u1) entered the draw of the dance room's first slot."""
    await lottery(db, clock, conversation, translator)
    chat = Chat(conversation, translator, "u1")
    for what in ["", *DANCE, "facility-book", "#1", "#1", "draw-enter"]:
        await press(chat, what)
    assert chat.keys()[0] == "draw-entered", chat.render()


async def in_line(db, clock, conversation, translator) -> None:
    """The dance room's first slot is full and the walker (u1) waits in its line."""
    await full(db, clock, conversation, translator)
    chat = Chat(conversation, translator, "u1")
    for what in ["", *DANCE, "facility-book", "#1", "#1", "waitlist-join"]:
        await press(chat, what)
    assert chat.keys()[0] == "waitlist-joined", chat.render()


async def asked(db, clock, conversation, translator) -> None:
    """The walker (u1) asked for the 按需 hall."""
    chat = Chat(conversation, translator, "u1")
    for what in ["", *REQUEST, "request-send"]:
        await press(chat, what)
    assert chat.keys()[0] == "request-sent", chat.render()


PATHS = {
    ("reserve", "place"): Walk("resident", ["menu-reserve"]),
    ("book", "day"): Walk("resident", [*DANCE, "facility-book"]),
    ("book", "slot"): Walk("resident", [*DANCE, "facility-book", "#1"]),
    ("book", "confirm"): Walk("resident", [*DANCE, "facility-book", "#1", "#1"]),
    ("book", "wait"): Walk("resident", [*DANCE, "facility-book", "#1", "#1"], full),
    ("book", "enter"): Walk("resident", [*DANCE, "facility-book", "#1", "#1"], lottery),
    ("mine", "list"): Walk("resident", ["menu-mine"]),
    ("mine", "entry"): Walk("resident", ["menu-mine", "#1"], entered),
    ("mine", "detail"): Walk("resident", ["menu-mine", "#1"], booked),
    ("mine", "cancel"): Walk("resident", ["menu-mine", "#1", "mine-cancel"], booked),
    ("mine", "wait"): Walk("resident", ["menu-mine", "#1"], in_line),
    ("mine", "leave"): Walk("resident", ["menu-mine", "#1", "mine-wait-leave"], in_line),
    ("mine", "asked"): Walk("resident", ["menu-mine", "#1"], asked),
    ("mine", "withdraw"): Walk("resident", ["menu-mine", "#1", "mine-request-withdraw"], asked),
    ("request", "day"): Walk("resident", HALL),
    ("request", "time"): Walk("resident", [*HALL, "#1"]),
    ("request", "purpose"): Walk("resident", [*HALL, "#1", "!14:00-16:00"]),
    ("request", "headcount"): Walk("resident", [*HALL, "#1", "!14:00-16:00", "!合唱排练"]),
    ("request", "confirm"): Walk("resident", REQUEST),
    ("manage", "pick"): Walk("staff", ["menu-manage"]),
    ("manage", "home"): Walk("staff", MANAGE_DANCE),
    ("manage", "today"): Walk("staff", [*MANAGE_DANCE, "manage-today"]),
    ("manage", "checkin"): Walk("staff", [*MANAGE_DANCE, "manage-checkin"]),
    ("manage", "close"): Walk("staff", [*MANAGE_DANCE, "manage-close"]),
    ("manage", "close_why"): Walk("staff", [*MANAGE_DANCE, "manage-close", "!12-01"]),
    ("manage", "open"): Walk("staff", [*MANAGE_DANCE, "manage-open"]),
    ("manage", "requests"): Walk("staff", [*MANAGE_DANCE, "manage-requests"]),
    ("manage", "request"): Walk(
        "staff", ["menu-manage", "=天光教室", "manage-requests", "#1"], requested
    ),
    ("manage", "decline_why"): Walk(
        "staff", ["menu-manage", "=天光教室", "manage-requests", "#1", "manage-decline"], requested
    ),
    ("manage", "report"): Walk("staff", [*MANAGE_DANCE, "manage-report-button"]),
    ("manage", "hours"): Walk("staff", [*MANAGE_DANCE, "manage-hours"]),
}
