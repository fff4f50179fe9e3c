"""场地目录 in the console (bot/console/pages/directory.py): the list, the edit form, export,
import with a preview; refused outside one's community, unit or token; a wrong form answered
at its field and changing nothing; the change seen in chat."""

from __future__ import annotations

from linli.handlers.facilities import editing
from linli.handlers.kit.config import CoreConfig
from linli.handlers.wiring import build_conversation
from tests import factories, walk

DANCE_UNIT = "石景山区业余大学"


async def _dance(desk) -> tuple[int, int, int]:
    """(xinhuashe's id, the dance room's id, its unit's id)."""
    async with desk.db.uow() as uow:
        place = await uow.communities.by_code("xinhuashe")
        unit = (await uow.facilities.units_by_name())[DANCE_UNIT]
        dance = next(f for f in unit.facilities if f.name == "舞蹈房")
        return place.id, dance.id, unit.id


async def _values(desk, facility_id: int) -> dict:
    async with desk.db.uow() as uow:
        facility = await uow.facilities.get(facility_id)
        today = desk.clock.now().astimezone(CoreConfig().zone).date()
        return editing.form_values(await editing.facility_document(uow, facility, today))


def _fields(values: dict) -> list[tuple[str, str]]:
    """The form as a browser posts it (ticked boxes only, communities repeated)."""
    fields = []
    for key, value in values.items():
        if key == "communities":
            fields += [("communities", code) for code in value]
        elif value is True:
            fields.append((key, "1"))
        elif value is not False:
            fields.append((key, value))
    return fields


async def _post(desk, client, path: str, fields: list[tuple[str, str]], form_page: str):
    token = await desk.csrf(client, form_page)
    return await client.post(path, data=[*fields, ("_csrf", token)], allow_redirects=False)


async def _more(desk, external_id: str) -> str:
    """The dance room's 更多 screen in chat, as a resident of xinhuashe sees it."""
    conversation = build_conversation(desk.db, desk.clock, CoreConfig())
    chat = factories.Chat(conversation, desk.translator, external_id)
    await chat.send("")
    for what in ("menu-facilities", "facilities-all", "=舞蹈房", "card-more"):
        await walk.press(chat, what)
    return chat.render()


async def test_staff_see_the_list_and_edit_hours_that_chat_then_shows(desk):
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    await factories.user(desk.db, desk.clock, "r1", community_code="xinhuashe")
    cid, dance, _ = await _dance(desk)
    client = await desk.sign_in(staff)
    listing = await client.get(f"/console/c/{cid}/facilities")
    assert listing.status == 200
    text = await listing.text()
    assert "舞蹈房" in text and f"/console/c/{cid}/facilities/{dance}" in text
    assert "场地目录" in text  # in the navigation bar
    form = f"/console/c/{cid}/facilities/{dance}"
    shown = await client.get(form)
    form_text = await shown.text()
    assert shown.status == 200 and 'name="hours"' in form_text
    assert f"属于{DANCE_UNIT}" in form_text
    values = await _values(desk, dance)
    values["hours"] = "周二、周四 19:00-21:00\n周六 09:00-11:00"
    saved = await _post(desk, client, form, _fields(values), form)
    assert saved.status == 303, await saved.text()
    assert saved.headers["Location"] == form
    again = await client.get(form)
    page = await again.text()
    assert "已保存" in page and "周二、周四 19:00-21:00" in page
    async with desk.db.uow() as uow:
        logged = [e for e in await uow.audit.recent(cid, 20) if e.action == "facility.edit"]
    assert logged[0].actor == f"user:{staff.id}" and logged[0].details["fields"] == ["hours"]
    more = await _more(desk, "r1")
    assert "19:00" in more and "09:00" in more, more


async def test_a_wrong_form_is_answered_at_its_field_and_changes_nothing(desk):
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    cid, dance, _ = await _dance(desk)
    client = await desk.sign_in(staff)
    form = f"/console/c/{cid}/facilities/{dance}"
    before = await _values(desk, dance)
    wrong = {**before, "hours": "周八 09:00-11:00", "name": "", "fee_amount": "很多"}
    answered = await _post(desk, client, form, _fields(wrong), form)
    assert answered.status == 400
    page = await answered.text()
    assert "没有保存" in page and "周八" in page and 'id="hours-error"' in page
    assert "缺少“名称”" in page  # the box's name, not the file's key (name)
    assert 'aria-invalid="true"' in page
    assert await _values(desk, dance) == before


async def test_refused_without_the_token_and_outside_ones_community_or_unit(desk):
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    cid, dance, _ = await _dance(desk)
    client = await desk.sign_in(staff)
    form = f"/console/c/{cid}/facilities/{dance}"
    before = await _values(desk, dance)
    changed = _fields({**before, "hours": "每天 09:00-11:00"})
    no_token = await client.post(form, data=changed, allow_redirects=False)
    assert no_token.status == 403
    bad_token = await client.post(form, data=[*changed, ("_csrf", "x")], allow_redirects=False)
    assert bad_token.status == 403
    assert await _values(desk, dance) == before
    # Another community's list and the same facility under its address: refused.
    other = await factories.community(desk.db, "qixingyuan")
    assert (await client.get(f"/console/c/{other.id}/facilities")).status == 403
    assert (await client.get(f"/console/c/{other.id}/facilities/{dance}")).status == 403
    assert (await client.get(f"/console/c/{other.id}/facilities/export")).status == 403
    # An operator of another unit may not open or change the dance room.
    async with desk.db.uow() as uow:
        units = await uow.facilities.units_by_name()
        elsewhere = next(u.id for n, u in units.items() if n != DANCE_UNIT and u.facilities)
    op = await factories.operator(desk.db, desk.clock, "op", elsewhere)
    theirs = await desk.sign_in(op)
    assert (await theirs.get(form)).status == 403
    listing = await (await theirs.get(f"/console/c/{cid}/facilities")).text()
    assert f'/facilities/{dance}"' not in listing
    token = await desk.csrf(theirs, f"/console/c/{cid}/facilities")
    refused = await theirs.post(form, data=[*changed, ("_csrf", token)], allow_redirects=False)
    assert refused.status == 403
    assert await _values(desk, dance) == before


async def test_export_then_import_with_a_preview_applied_all_or_nothing(desk):
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    cid, dance, _ = await _dance(desk)
    client = await desk.sign_in(staff)
    exported = await client.get(f"/console/c/{cid}/facilities/export")
    assert exported.status == 200
    assert "attachment" in exported.headers["Content-Disposition"]
    text = await exported.text()
    assert "舞蹈房" in text and text.startswith("units:")
    before = await _values(desk, dance)
    first_line = before["hours"].splitlines()[0]
    at = text.index("- name: 舞蹈房")
    edited = text[:at] + text[at:].replace(f"- {first_line}", "- 周日 06:00-07:00", 1)
    assert edited != text
    page = f"/console/c/{cid}/facilities/import"
    # Same file: nothing to import.
    same = await _post(desk, client, page, [("text", text)], page)
    assert same.status == 200 and "不需要导入" in await same.text()
    # A file with a mistake: every problem by line, nothing changed, nothing to confirm.
    broken = edited.replace("capacity:", "capacity: 0 #", 1)
    said = await _post(desk, client, page, [("text", broken)], page)
    assert said.status == 400 and "第" in await said.text()
    assert "import/apply" not in await said.text()
    # The preview says what changes; nothing is saved until it is confirmed.
    preview = await _post(desk, client, page, [("text", edited)], page)
    shown = await preview.text()
    assert preview.status == 200 and "周日 06:00-07:00" in shown and "import/apply" in shown
    assert await _values(desk, dance) == before
    apply = f"/console/c/{cid}/facilities/import/apply"
    no_token = await client.post(apply, data={"text": edited}, allow_redirects=False)
    assert no_token.status == 403
    assert await _values(desk, dance) == before
    done = await _post(desk, client, apply, [("text", edited)], page)
    assert done.status == 303
    assert "周日 06:00-07:00" in (await _values(desk, dance))["hours"]


async def test_in_a_browser_a_desk_worker_changes_hours_and_chat_shows_them(desk, browser):
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    await factories.user(desk.db, desk.clock, "r1", community_code="xinhuashe")
    cid, dance, _ = await _dance(desk)
    page = await browser.new_page()
    await page.goto(desk.url(await desk.link(staff)))
    await page.get_by_role("button", name="登录").click()
    await page.get_by_role("link", name="场地目录").click()
    await page.get_by_role("link", name="舞蹈房").first.click()
    hours = page.get_by_label("每周开放时间")
    await hours.fill("工作日 18:00-20:00\n周日 07:00-09:00")
    await page.get_by_role("button", name="保存").click()
    await page.get_by_role("status").wait_for()
    assert "已保存" in await page.get_by_role("status").inner_text()
    assert await hours.input_value() == "工作日 18:00-20:00\n周日 07:00-09:00"
    assert page.url.endswith(f"/console/c/{cid}/facilities/{dance}")
    more = await _more(desk, "r1")
    assert "07:00" in more and "18:00" in more and "21:00" not in more, more


async def test_a_file_is_uploaded_as_a_browser_sends_it(desk):
    from aiohttp import FormData

    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    cid, _, _ = await _dance(desk)
    client = await desk.sign_in(staff)
    text = await (await client.get(f"/console/c/{cid}/facilities/export")).text()
    page = f"/console/c/{cid}/facilities/import"

    async def upload(data: bytes):
        form = FormData()
        form.add_field("_csrf", await desk.csrf(client, page))
        form.add_field("file", data, filename="目录.yaml", content_type="application/yaml")
        form.add_field("text", "")
        return await client.post(page, data=form, allow_redirects=False)

    # With the byte-order mark Windows Notepad writes: the same file, nothing to import.
    same = await upload(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert same.status == 200 and "不需要导入" in await same.text()
    wrong = await upload(text.encode("gb18030"))
    assert wrong.status == 400 and "UTF-8" in await wrong.text()
    empty = await upload(b"")
    assert empty.status == 400 and "没有收到文件内容" in await empty.text()
