"""Signing in to the console with a one-time link from chat, the session, its end, CSRF."""

from __future__ import annotations

from sqlalchemy import select

from linli.handlers.kit.config import CoreConfig
from linli.handlers.profile.service import revoke_role
from linli.handlers.wiring import build_conversation
from linli.storage.models import ConsoleSession
from tests import factories
from tests.console.conftest import CSRF


async def test_console_in_chat_sends_staff_a_one_time_link_and_residents_none(
    db, clock, translator
):
    await factories.demo(db, clock)
    await factories.staff(db, clock, "s1", "xinhuashe")
    await factories.user(db, clock, "r1", community_code="xinhuashe")
    conversation = build_conversation(
        db, clock, CoreConfig(console_base="https://desk.example.org")
    )
    staff = factories.Chat(conversation, translator, "s1")
    said = await staff.say("/console")
    assert "https://desk.example.org/console/in/" in said
    assert "10分钟" in said
    first = said.split("/console/in/")[1].split()[0]
    again = await staff.say("/console")
    second = again.split("/console/in/")[1].split()[0]
    async with db.uow() as uow:
        # Asking again voids the earlier link.
        assert not await uow.console.link_valid(first, clock.now())
        assert await uow.console.link_valid(second, clock.now())
    resident = factories.Chat(conversation, translator, "r1")
    refused = await resident.say("/console")
    assert "/console/in/" not in refused
    assert resident.keys()[0] == "console-link-staff-only"


async def test_the_link_signs_in_once_only_by_its_button_and_expires(desk):
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    browser = await desk.client()
    link = await desk.link(staff)
    # A chat app's link preview fetches the address: that must not spend it.
    page = await browser.get(link)
    assert page.status == 200
    assert '<form method="post">' in await page.text()
    assert (await browser.get(link)).status == 200
    signed = await browser.post(link, allow_redirects=False)
    assert signed.status == 303
    cookie = signed.cookies["linli_console"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    home = await browser.get("/console")
    assert home.status == 200
    assert home.url.path.endswith("/todo")
    # Used: the same link neither signs in another browser nor shows its button.
    other = await desk.client()
    assert (await other.post(link, allow_redirects=False)).status == 404
    assert (await other.get("/console")).status == 401
    # Expired after ten minutes.
    late = await desk.link(staff)
    desk.clock.advance(minutes=11)
    assert (await other.get(late)).status == 404
    assert (await other.post(late, allow_redirects=False)).status == 404
    assert (await other.get("/console")).status == 401


async def test_a_link_of_someone_without_a_role_signs_nobody_in(desk):
    resident = await factories.user(desk.db, desk.clock, "r1", community_code="xinhuashe")
    browser = await desk.client()
    assert (await browser.post(await desk.link(resident), allow_redirects=False)).status == 404
    assert (await browser.get("/console")).status == 401


async def test_another_communitys_pages_are_refused(desk):
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    other = await factories.community(desk.db, "qixingyuan")
    own = await factories.community(desk.db, "xinhuashe")
    browser = await desk.sign_in(staff)
    assert (await browser.get(f"/console/c/{own.id}/todo")).status == 200
    refused = await browser.get(f"/console/c/{other.id}/todo")
    assert refused.status == 403
    assert "没有这个社区" in await refused.text()
    assert (await browser.get("/console/c/99999/todo")).status == 403
    assert (await browser.get("/console/c/x1/todo")).status == 404


async def test_a_form_without_its_token_or_from_elsewhere_changes_nothing(desk):
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    browser = await desk.sign_in(staff)
    home = (await browser.get("/console")).url.path
    token = await desk.csrf(browser, home)
    # No token, a wrong token, the right token from another site: all refused, still signed in.
    assert (await browser.post("/console/out", data={})).status == 403
    assert (await browser.post("/console/out", data={"_csrf": "x" + token})).status == 403
    forged = await browser.post(
        "/console/out", data={"_csrf": token}, headers={"Origin": "https://evil.example"}
    )
    assert forged.status == 403
    assert (await browser.get(home)).status == 200
    # Another person's token does not work in this session either.
    second = await desk.sign_in(await factories.staff(desk.db, desk.clock, "s2", "xinhuashe"))
    theirs = await desk.csrf(second, home)
    assert theirs != token
    assert (await browser.post("/console/out", data={"_csrf": theirs})).status == 403
    # The right one signs out; the cookie then opens nothing.
    out = await browser.post("/console/out", data={"_csrf": token})
    assert out.status == 200
    assert (await browser.get(home)).status == 401


async def test_a_role_taken_back_ends_the_session(desk):
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    browser = await desk.sign_in(staff)
    home = (await browser.get("/console")).url.path
    async with desk.db.uow() as uow:
        grant = (await uow.roles.active_for(staff.id))[0]
        await revoke_role(uow, None, grant.id, desk.clock.now())
        await uow.commit()
    assert (await browser.get(home)).status == 401
    async with desk.db.uow() as uow:
        sessions = await uow.session.scalars(
            select(ConsoleSession).where(ConsoleSession.user_id == staff.id)
        )
        assert all(s.ended_at is not None for s in sessions)
    # Given the role again, the old cookie still opens nothing: a new link is needed.
    await factories._grant_staff(desk.db, desk.clock, staff, "xinhuashe")
    assert (await browser.get(home)).status == 401


async def test_each_page_reads_the_roles_in_force(desk):
    """Even a role ended some other way (straight in the database) ends the session at the
    next page."""
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    browser = await desk.sign_in(staff)
    home = (await browser.get("/console")).url.path
    async with desk.db.uow() as uow:
        for grant in await uow.roles.active_for(staff.id):
            grant.revoked_at = desk.clock.now()
        await uow.commit()
    ended = await browser.get(home)
    assert ended.status == 403
    assert "撤销" in await ended.text()
    assert (await browser.get(home)).status == 401


async def test_pages_escape_what_they_show_and_are_not_cached(desk):
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    async with desk.db.uow() as uow:
        place = await uow.communities.by_code("xinhuashe")
        place.name = "<script>alert(1)</script>新华社"
        await uow.commit()
    browser = await desk.sign_in(staff)
    page = await browser.get("/console")
    text = await page.text()
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;" in text
    assert page.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert CSRF.search(text)
