"""Words an elder or an operator reads at booking and check-in (issue 17 point 15): a
duration in hours, a second check-in that says when the first was, the room in the
address of a booking."""

from __future__ import annotations

from linli.handlers.kit.duration import duration
from linli.handlers.kit.reply import Reply
from tests import factories
from tests.booking.test_booking_chat import DANCE, press
from tests.booking.test_booking_chat import resident as resident  # the fixture
from tests.factories import Chat


def test_a_duration_is_said_in_hours_and_minutes(translator):
    said = {m: translator.render(duration(m), "zh-CN") for m in (45, 60, 90, 120)}
    assert said == {45: "45分钟", 60: "1小时", 90: "1小时30分钟", 120: "2小时"}
    english = [translator.render(duration(m), "en") for m in (1, 60, 61, 150)]
    assert english == ["1 minute", "1 hour", "1 hour 1 minute", "2 hours 30 minutes"]


async def test_booking_says_hours_and_a_second_check_in_says_when(
    db, clock, conversation, translator, config, resident
):
    await press(resident, *DANCE, "facility-book", "#1", "#1")
    # The demo's default: cancel up to 120 minutes before, said as people say it.
    assert "最晚在开始前2小时取消" in resident.render() and "120" not in resident.render()
    await press(resident, "booking-confirm")
    code = resident.last.messages[0].args["code"]
    # The booking's details give the room, not only the street.
    await press(resident, "!菜单", "menu-mine", "#1")
    assert "地址：北京市石景山区八角北路30号 艺术楼二层" in resident.render()
    # So does the reminder pushed before it starts.
    async with db.uow() as uow:
        person = await uow.users.by_external("console", "u1")
        rows = [r for r in await uow.outbox.for_user(person.id) if r.kind == "booking-reminder"]
    assert rows
    for row in rows:
        said = translator.render_all(Reply.from_json(row.body).messages, "zh-CN")
        assert "地址北京市石景山区八角北路30号 艺术楼二层" in "".join(said)
    await factories.staff(db, clock, "boss", "xinhuashe")
    staff = Chat(conversation, translator, "boss")
    await staff.send("")
    await press(staff, "menu-manage", "=舞蹈房", "manage-checkin", f"!{code}")
    assert staff.keys()[0] == "manage-checked-in"
    first_at = clock.now()
    clock.advance(minutes=5)
    await press(staff, "!菜单", "menu-manage", "=舞蹈房", "manage-checkin", f"!{code}")
    assert staff.keys()[0] == "polish-already-checked-in"
    local = first_at.astimezone(config.zone)
    assert f"{code}已经签到过了（{local:%m-%d} 周一 {local:%H:%M}签的到）" in staff.render()
    assert "这件事已经办过了" not in staff.render()
