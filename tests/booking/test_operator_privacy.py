"""Unit operators (school or hospital staff) see a booking's code, time and a masked name,
never a display name: in the day's list, at check-in, in a request and in the month's CSV.
Where the facility checks names at entry they see the name, and the privacy notice says
so. Community staff see names as before."""

from __future__ import annotations

import pytest

from linli.handlers.booking.reports import mask_name
from tests import factories
from tests.booking.test_booking_chat import DANCE, _operator_of, local, press
from tests.factories import Chat

NAME = "王秀英"


@pytest.fixture
async def booked(db, clock, conversation, translator) -> tuple[Chat, str]:
    """u1 (王秀英) booked the dance room's 18:00 slot today; returns their chat and code."""
    clock.set(local(2026, 11, 23, 10))  # Monday 10:00
    await factories.demo(db, clock)
    person = await factories.user(db, clock, "u1", community_code="xinhuashe")
    await _name(db, person.id, NAME)
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    await press(chat, *DANCE, "facility-book", "#1", "#1", "booking-confirm")
    return chat, chat.last.messages[0].args["code"]


async def _name(db, user_id: int, name: str) -> None:
    async with db.uow() as uow:
        (await uow.users.get(user_id)).display_name = name
        await uow.commit()


async def _names_checked_at_entry(db, facility: str) -> None:
    async with db.uow() as uow:
        for unit in (await uow.facilities.units_by_name()).values():
            for f in unit.facilities:
                if f.name == facility:
                    f.entry_needs_name = True
        await uow.commit()


async def _operator(db, clock, conversation, translator) -> Chat:
    await _operator_of(db, clock, "石景山区业余大学", "op")
    chat = Chat(conversation, translator, "op")
    await chat.send("")
    return chat


def test_masks_keep_one_letter_and_hide_the_length():
    assert mask_name("张三") == "张*" and mask_name("欧阳娜娜") == "欧*"
    assert mask_name("Wang Wei") == "W***" and mask_name("Li") == "L***"
    assert mask_name(None) == mask_name("  ") == "***"


async def test_the_operator_sees_masked_names_in_the_day_list_and_at_check_in(
    db, clock, conversation, translator, booked
):
    _resident, code = booked
    op = await _operator(db, clock, conversation, translator)
    await press(op, "menu-manage", "=舞蹈房", "manage-today")
    shown = op.render()
    assert code in shown and "18:00" in shown and "王*" in shown
    assert NAME not in shown and "privacy-names-masked" in op.keys()
    await press(op, f"={code}")
    assert op.keys()[:2] == ["manage-checked-in", "privacy-checked-in-name"]
    assert "预约人：王*" in op.render() and NAME not in op.render()


async def test_check_in_by_code_shows_the_masked_name(db, clock, conversation, translator, booked):
    _resident, code = booked
    op = await _operator(db, clock, conversation, translator)
    await press(op, "menu-manage", "=舞蹈房", "manage-checkin", f"!{code}")
    assert op.keys()[0] == "manage-checked-in"
    assert "王*" in op.render() and NAME not in op.render()


async def test_the_operators_csv_has_masked_names_and_no_resident_numbers(
    db, clock, conversation, translator, booked
):
    op = await _operator(db, clock, conversation, translator)
    await press(op, "menu-manage", "=舞蹈房", "manage-report-button")
    lines = translator.file(op.last.attachment, "zh-CN").decode("utf-8-sig").splitlines()
    assert lines[0] == "日期,开始,结束,预约码,状态,预约人,取消原因"
    assert lines[1].split(",")[5] == "王*"
    async with db.uow() as uow:
        resident = await uow.users.by_external("console", "u1")
    assert NAME not in "\n".join(lines) and f",{resident.id}," not in lines[1]
    assert lines[1].split(",")[4] == "待签到"
    # The figures say a file is attached only where one is.
    assert op.keys()[:2] == ["manage-report", "polish-report-attached"]
    english = translator.file(op.last.attachment, "en").decode("utf-8-sig").splitlines()
    assert english[0] == "Date,Start,End,Code,Status,Booked by,Cancel reason"
    assert english[1].split(",")[4:6] == ["to check in", "王*"]


async def test_a_request_shows_the_operator_a_masked_name(
    db, clock, conversation, translator, booked
):
    resident, _code = booked
    await press(resident, "!菜单", "menu-facilities", "facilities-all", "=天光教室")
    await press(resident, "facility-request", "#2", "!14:00-16:00", "!合唱排练", "!30")
    await press(resident, "request-send")
    assert resident.keys()[0] == "request-sent"
    op = await _operator(db, clock, conversation, translator)
    await press(op, "menu-manage", "=天光教室", "manage-requests", "#1")
    assert "王*" in op.render() and NAME not in op.render()


async def test_where_names_are_checked_at_entry_the_operator_sees_them_and_the_notice_says_so(
    db, clock, conversation, translator, booked
):
    await _names_checked_at_entry(db, "舞蹈房")
    op = await _operator(db, clock, conversation, translator)
    await press(op, "menu-manage", "=舞蹈房", "manage-today")
    assert NAME in op.render() and "privacy-names-masked" not in op.keys()
    await press(op, "!菜单", "menu-manage", "=舞蹈房", "manage-report-button")
    lines = translator.file(op.last.attachment, "zh-CN").decode("utf-8-sig").splitlines()
    assert lines[1].split(",")[5] == NAME
    newcomer = Chat(conversation, translator, "new")
    await newcomer.send("")
    assert "consent-notice-names" in newcomer.keys() and "舞蹈房" in newcomer.render()


async def test_community_staff_see_names_as_before(db, clock, conversation, translator, booked):
    _resident, code = booked
    await factories.staff(db, clock, "boss", "xinhuashe")
    staff = Chat(conversation, translator, "boss")
    await staff.send("")
    await press(staff, "menu-manage", "=舞蹈房", "manage-today")
    assert NAME in staff.render() and "privacy-names-masked" not in staff.keys()
    await press(staff, f"={code}")
    assert f"预约人：{NAME}" in staff.render()
    await press(staff, "!菜单", "menu-manage", "=舞蹈房", "manage-report-button")
    lines = translator.file(staff.last.attachment, "zh-CN").decode("utf-8-sig").splitlines()
    # The file travels further than a screen: staff's file has masked names too, and no
    # resident number.
    assert lines[0] == "日期,开始,结束,预约码,状态,预约人,取消原因"
    assert lines[1].split(",")[3:6] == [code, "已签到", "王*"]  # checked in above
    # An operator who is also staff of the community sees what staff see.
    both, _unit = await _operator_of(db, clock, "石景山区业余大学", "both")
    await factories._grant_staff(db, clock, both, "xinhuashe")
    chat = Chat(conversation, translator, "both")
    await chat.send("")
    await press(chat, "menu-manage", "=舞蹈房", "manage-today")
    assert NAME in chat.render()
