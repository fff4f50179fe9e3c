"""Editing the directory (handlers/facilities/editing.py): one facility through the
importer's own checks, audited; the community's file exported, read back unchanged by
`linli facilities import`, and an uploaded one previewed and applied all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from linli.handlers.booking import service, timetable
from linli.handlers.facilities import editing
from linli.handlers.facilities.importer import import_directory
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.errors import NotAllowed
from tests import factories

CONFIG = CoreConfig()
ZONE = CONFIG.zone
MONDAY_8AM = dt.datetime(2026, 11, 23, 8, 0, tzinfo=ZONE)


@pytest.fixture
def clock(clock):
    clock.set(MONDAY_8AM.astimezone(dt.UTC))
    return clock


async def _setup(db, clock, tmp_path):
    await factories.places(db)
    facility_id = await factories.facility(db, clock, tmp_path, capacity=1, days="工作日")
    other_id = await factories.facility(db, clock, tmp_path, unit="别的学校", capacity=1)
    boss = await factories.staff(db, clock, "boss", "xinhuashe")
    return facility_id, other_id, boss


async def _document(db, clock, facility_id):
    async with db.uow() as uow:
        facility = await uow.facilities.get(facility_id)
        return await editing.facility_document(uow, facility, MONDAY_8AM.date())


async def _edit(db, clock, person, facility_id, document):
    async with db.uow() as uow:
        result = await editing.edit_facility(
            uow,
            await uow.users.get(person.id),
            facility_id,
            document,
            now=clock.now(),
            config=CONFIG,
        )
        await uow.commit()
        return result


async def _audit(db, action="facility.edit"):
    async with db.uow() as uow:
        place = await uow.communities.by_code("xinhuashe")
        return [e for e in await uow.audit.recent(place.id, 50) if e.action == action]


async def test_the_form_shows_a_facility_in_the_files_words(db, clock, tmp_path):
    facility_id, _, boss = await _setup(db, clock, tmp_path)
    doc = await _document(db, clock, facility_id)
    assert doc["hours"] == ["工作日 08:00-12:00"]
    assert doc["booking"]["slot_minutes"] == 60 and doc["booking"]["capacity"] == 1
    assert doc["communities"] == ["xinhuashe"] and doc["holidays"] == "按周日"
    values = editing.form_values(doc)
    assert values["hours"] == "工作日 08:00-12:00" and values["bookable"] is True
    # The form read back is the same facility: saving it untouched changes nothing.
    result = await _edit(
        db, clock, boss, facility_id, editing.form_document(values, values["communities"])
    )
    assert result.ok and result.changes == []


async def test_staff_change_hours_and_fee_and_it_is_audited(db, clock, tmp_path):
    facility_id, _, boss = await _setup(db, clock, tmp_path)
    values = editing.form_values(await _document(db, clock, facility_id))
    values.update(
        hours="工作日 08:00-12:00 14:00-18:00\n周六 09:00-11:00",
        fee="低偿",
        fee_amount="5",
        fee_unit="小时",
        closures="2026-11-30 至 2026-12-01 期末考试",
        openings="2026-11-29 09:00-11:00",
        photos="https://example.org/qinfang.jpg",
    )
    result = await _edit(db, clock, boss, facility_id, editing.form_document(values, ["xinhuashe"]))
    assert result.ok, result.problems
    assert {c.field for c in result.changes} == {
        "hours",
        "fee",
        "fee_amount",
        "fee_unit",
        "closures",
        "openings",
        "photos",
    }
    async with db.uow() as uow:
        facility = await uow.facilities.get(facility_id)
        assert sorted((w.weekday, f"{w.opens:%H:%M}") for w in facility.hours)[:3] == [
            (0, "08:00"),
            (0, "14:00"),
            (1, "08:00"),
        ]
        assert any(w.weekday == 5 for w in facility.hours)
        assert (facility.fee_kind, str(facility.fee_amount)) == ("低偿", "5.00")
        assert facility.photos == ["https://example.org/qinfang.jpg"]
        rows = await uow.booking.exceptions(
            facility_id, dt.date(2026, 11, 23), dt.date(2026, 12, 31)
        )
        assert [(r.day, r.closed) for r in rows] == [
            (dt.date(2026, 11, 29), False),
            (dt.date(2026, 11, 30), True),
            (dt.date(2026, 12, 1), True),
        ]
    doc = await _document(db, clock, facility_id)
    assert doc["closures"] == ["2026-11-30 至 2026-12-01 期末考试"]
    assert doc["hours"] == ["工作日 08:00-12:00 14:00-18:00", "周六 09:00-11:00"]
    (entry,) = await _audit(db)
    assert entry.actor == f"user:{boss.id}" and entry.target == f"facility:{facility_id}"
    assert "hours" in entry.details["fields"]
    assert entry.details["values"]["fee"] == ["免费", "低偿"]
    # Saving the same again changes nothing and audits nothing more.
    again = await _edit(db, clock, boss, facility_id, editing.form_document(values, ["xinhuashe"]))
    assert again.ok and again.changes == []
    assert len(await _audit(db)) == 1


async def test_an_invalid_edit_changes_nothing_and_names_the_field(db, clock, tmp_path):
    facility_id, _, boss = await _setup(db, clock, tmp_path)
    before = await _document(db, clock, facility_id)
    values = editing.form_values(before)
    values.update(
        hours="工作日 08:00-12:30",  # not a whole number of 60-minute slots
        capacity="0",
        min_age="十",
        closures="2026-11-20 已经过去",
        photos="http://example.org/x.jpg",
        description="新的说明",
    )
    result = await _edit(db, clock, boss, facility_id, editing.form_document(values, ["xinhuashe"]))
    assert not result.ok and result.changes == []
    fields = {p.field for p in result.problems}
    assert {"hours", "booking.capacity", "min_age", "closures", "photos"} <= fields, fields
    keys = {p.message.key for p in result.problems}
    assert {"import-slot-fit", "import-bad-number", "console-directory-past"} <= keys
    assert await _document(db, clock, facility_id) == before
    assert await _audit(db) == []


async def test_an_operator_edits_only_their_units_facilities(db, clock, tmp_path):
    facility_id, other_id, _ = await _setup(db, clock, tmp_path)
    async with db.uow() as uow:
        unit_id = (await uow.facilities.get(facility_id)).unit_id
    op = await factories.operator(db, clock, "op", unit_id)
    other = await _document(db, clock, other_id)
    with pytest.raises(NotAllowed):
        await _edit(db, clock, op, other_id, {**other, "description": "改别人的"})
    assert await _document(db, clock, other_id) == other
    # Their own: yes; but which communities it serves is for staff of those communities.
    mine = await _document(db, clock, facility_id)
    result = await _edit(db, clock, op, facility_id, {**mine, "description": "新说明"})
    assert result.ok and [c.field for c in result.changes] == ["description"]
    moved = await _edit(
        db, clock, op, facility_id, {**mine, "communities": ["xinhuashe", "qixingyuan"]}
    )
    assert [p.field for p in moved.problems] == ["communities"]
    assert (await _document(db, clock, facility_id))["communities"] == ["xinhuashe"]


async def test_a_closure_from_the_form_calls_off_bookings_and_tells_why(db, clock, tmp_path):
    facility_id, _, boss = await _setup(db, clock, tmp_path)
    resident = await factories.user(db, clock, "r1", community_code="xinhuashe")
    async with db.uow() as uow:
        facility = await uow.facilities.get(facility_id)
        slots = await timetable.day_slots(uow, facility, dt.date(2026, 11, 25), clock.now(), ZONE)
        booking = await service.book(
            uow, await uow.users.get(resident.id), facility_id, slots[0].id, clock.now(), CONFIG
        )
        await uow.commit()
    doc = await _document(db, clock, facility_id)
    result = await _edit(db, clock, boss, facility_id, {**doc, "closures": ["2026-11-25 停水检修"]})
    assert result.ok
    async with db.uow() as uow:
        assert (await uow.booking.booking(booking.id)).status == "cancelled"
        told = [r.body["messages"][0] for r in await uow.outbox.for_user(resident.id)]
        assert any(m["key"] == "booking-cancelled-closure" for m in told), told
    # Taking the closure back opens the day again (the booking stays cancelled).
    result = await _edit(db, clock, boss, facility_id, {**doc, "closures": []})
    assert [c.field for c in result.changes] == ["closures"]
    async with db.uow() as uow:
        rows = await uow.booking.exceptions(
            facility_id, dt.date(2026, 11, 25), dt.date(2026, 11, 25)
        )
        assert rows == []


async def test_export_is_read_back_unchanged_by_the_command_and_the_console(db, clock, tmp_path):
    await factories.demo(db, clock)
    boss = await factories.staff(db, clock, "boss", "xinhuashe")
    async with db.uow() as uow:
        place = await uow.communities.by_code("xinhuashe")
        me = await uow.users.get(boss.id)
        text = await editing.export_yaml(uow, me, place.id, now=clock.now(), config=CONFIG)
        count = len(await editing.editable(uow, me, place.id))
    assert count >= 8 and text.count("- name:") >= count
    path = tmp_path / "xinhuashe.yaml"
    path.write_text(text, encoding="utf-8")
    async with db.uow() as uow:
        report = await import_directory(uow, path, now=clock.now(), config=CONFIG)
        assert report.ok, [(p.line, p.message) for p in report.problems]
        assert (report.facilities_created, report.facilities_updated) == (0, 0)
        await uow.commit()
    async with db.uow() as uow:
        me = await uow.users.get(boss.id)
        plan, _ = await editing.plan_import(uow, me, text, now=clock.now(), config=CONFIG)
        assert plan.ok and plan.changed == []
        assert len(plan.facilities) == count
        again = await editing.export_yaml(uow, me, place.id, now=clock.now(), config=CONFIG)
    assert again == text


async def test_an_uploaded_file_is_previewed_then_applied_all_or_nothing(db, clock, tmp_path):
    facility_id, _, boss = await _setup(db, clock, tmp_path)
    async with db.uow() as uow:
        place = await uow.communities.by_code("xinhuashe")
        text = await editing.export_yaml(
            uow, await uow.users.get(boss.id), place.id, now=clock.now(), config=CONFIG
        )
    assert "工作日 08:00-12:00" in text and "每天 08:00-12:00" in text
    changed = text.replace("工作日 08:00-12:00", "工作日 08:00-11:00", 1)
    broken = changed.replace("capacity: 1", "capacity: 0", 2)
    async with db.uow() as uow:
        me = await uow.users.get(boss.id)
        plan = await editing.import_yaml(uow, me, broken, now=clock.now(), config=CONFIG)
        await uow.commit()
    assert not plan.ok and {p.message.key for p in plan.problems} == {"import-bad-number"}
    assert all(p.line > 0 for p in plan.problems)
    assert (await _document(db, clock, facility_id))["hours"] == ["工作日 08:00-12:00"]
    async with db.uow() as uow:
        me = await uow.users.get(boss.id)
        plan, _ = await editing.plan_import(uow, me, changed, now=clock.now(), config=CONFIG)
    assert [(f.facility_id, [c.field for c in f.changes]) for f in plan.changed] == [
        (facility_id, ["hours"])
    ]
    assert plan.changed[0].changes[0].new == "工作日 08:00-11:00"
    async with db.uow() as uow:
        me = await uow.users.get(boss.id)
        plan = await editing.import_yaml(uow, me, changed, now=clock.now(), config=CONFIG)
        await uow.commit()
    assert plan.ok
    assert (await _document(db, clock, facility_id))["hours"] == ["工作日 08:00-11:00"]
    assert len(await _audit(db)) == 1


async def test_an_upload_touches_only_what_the_person_manages(db, clock, tmp_path):
    facility_id, other_id, boss = await _setup(db, clock, tmp_path)
    async with db.uow() as uow:
        place = await uow.communities.by_code("xinhuashe")
        text = await editing.export_yaml(
            uow, await uow.users.get(boss.id), place.id, now=clock.now(), config=CONFIG
        )
        unit_id = (await uow.facilities.get(facility_id)).unit_id
    op = await factories.operator(db, clock, "op", unit_id)
    edited = text.replace("每天 08:00-12:00", "每天 09:00-12:00")  # the other unit's
    edited = edited.replace("工作日 08:00-12:00", "工作日 08:00-11:00")  # theirs
    before = await _document(db, clock, other_id)
    async with db.uow() as uow:
        plan = await editing.import_yaml(
            uow, await uow.users.get(op.id), edited, now=clock.now(), config=CONFIG
        )
        await uow.commit()
    assert [p.message.key for p in plan.problems] == ["console-directory-not-yours"]
    assert await _document(db, clock, other_id) == before
    assert (await _document(db, clock, facility_id))["hours"] == ["工作日 08:00-12:00"]
    # A facility not in the directory yet is added by the command, not from the page.
    added = text.replace("- name: 琴房", "- name: 新琴房", 1)
    async with db.uow() as uow:
        plan, _ = await editing.plan_import(
            uow, await uow.users.get(boss.id), added, now=clock.now(), config=CONFIG
        )
    assert [p.message.key for p in plan.problems] == ["console-directory-new-facility"]


def test_the_short_forms_read_as_the_long_ones_and_overlaps_are_refused(translator):
    from linli.handlers.facilities.importer import check_facility

    base = {"name": "琴房", "category": "文化学习", "mode": "错时共享", "fee": "免费"}
    base["communities"] = ["xinhuashe"]
    short, problems = check_facility(
        {**base, "hours": ["周一至周三、周五 08:00-12:00 14:00-17:00"], "holidays": "09:00-11:00"},
        {"xinhuashe"},
        None,
    )
    assert problems == []
    long, problems = check_facility(
        {
            **base,
            "hours": [
                {"days": "周一至周三,周五", "open": "08:00", "close": "12:00"},
                {"days": "周一至周三,周五", "open": "14:00", "close": "17:00"},
            ],
            "holidays": [{"open": "09:00", "close": "11:00"}],
        },
        {"xinhuashe"},
        None,
    )
    assert problems == [] and short.windows == long.windows and short.values == long.values
    assert editing.hours_lines([(w.weekday, w.opens, w.closes) for w in short.windows]) == [
        "周一至周三、周五 08:00-12:00 14:00-17:00"
    ]
    _, problems = check_facility(
        {**base, "hours": ["工作日 08:00-12:00", "周一 11:00-13:00"]}, {"xinhuashe"}, None
    )
    (problem,) = problems
    assert problem.field == "hours"
    said = translator.render(problem.message, "zh-CN")
    assert "周一" in said and "08:00-12:00" in said and "11:00-13:00" in said


async def test_closing_a_place_shared_with_another_community_needs_its_staff_too(
    db, clock, tmp_path
):
    await factories.places(db)
    facility_id = await factories.facility(
        db, clock, tmp_path, capacity=1, communities=("xinhuashe", "qixingyuan")
    )
    one = await factories.staff(db, clock, "one", "xinhuashe")
    both = await factories.staff(db, clock, "both", "xinhuashe", "qixingyuan")
    doc = await _document(db, clock, facility_id)
    closing = {**doc, "closures": ["2026-11-26 停电"]}
    refused = await _edit(db, clock, one, facility_id, closing)
    assert [(p.field, p.message.key) for p in refused.problems] == [
        ("closures", "closure-needs-all")
    ]
    # Nor may they take the other community off it; its own staff may.
    dropped = await _edit(db, clock, one, facility_id, {**doc, "communities": ["xinhuashe"]})
    assert [p.field for p in dropped.problems] == ["communities"]
    assert (await _document(db, clock, facility_id)) == doc
    assert (await _edit(db, clock, both, facility_id, closing)).ok
    assert (await _document(db, clock, facility_id))["closures"] == ["2026-11-26 停电"]


async def test_a_file_exported_before_a_closure_passed_imports_cleanly_later(db, clock, tmp_path):
    facility_id, _, boss = await _setup(db, clock, tmp_path)
    doc = await _document(db, clock, facility_id)
    closing = {**doc, "closures": ["2026-11-24 至 2026-11-26 消杀"]}
    assert (await _edit(db, clock, boss, facility_id, closing)).ok
    async with db.uow() as uow:
        place = await uow.communities.by_code("xinhuashe")
        me = await uow.users.get(boss.id)
        text = await editing.export_yaml(uow, me, place.id, now=clock.now(), config=CONFIG)
    assert "2026-11-24 至 2026-11-26 消杀" in text
    clock.advance(days=2)  # Wednesday the 25th: one day of it is past
    async with db.uow() as uow:
        me = await uow.users.get(boss.id)
        plan, _ = await editing.plan_import(uow, me, text, now=clock.now(), config=CONFIG)
    assert plan.ok and plan.changed == []
    async with db.uow() as uow:
        rows = await uow.booking.exceptions(
            facility_id, dt.date(2026, 11, 24), dt.date(2026, 11, 26)
        )
        assert len(rows) == 3  # the past day stays in the history
