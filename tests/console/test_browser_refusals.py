"""Refusals seen in a real browser: a form from another site, another community's page."""

from __future__ import annotations

from aiohttp import web
from aiohttp.test_utils import TestServer

from tests import factories


async def test_a_form_on_another_site_cannot_act_and_another_community_is_refused(desk, browser):
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    own = await factories.community(desk.db, "xinhuashe")
    other = await factories.community(desk.db, "qixingyuan")
    tab = await browser.new_page()
    await tab.goto(desk.url(await desk.link(staff)))
    async with tab.expect_navigation(url="**/todo"):
        await tab.get_by_role("button", name="登录").click()
    # A page elsewhere with a form that would sign her out, token guessed.
    evil = web.Application()
    target = desk.url("/console/out")

    async def page(request):
        return web.Response(
            content_type="text/html",
            text=f'<form method="post" action="{target}"><input type="hidden" name="_csrf"'
            ' value="guess"><button>领红包</button></form>',
        )

    evil.router.add_get("/", page)
    elsewhere = TestServer(evil, host="127.0.0.1")
    await elsewhere.start_server()
    try:
        await tab.goto(str(elsewhere.make_url("/")))
        async with tab.expect_navigation():
            await tab.get_by_role("button", name="领红包").click()
        assert await tab.get_by_text("这个表单已经失效").is_visible()
    finally:
        await elsewhere.close()
    # Still signed in: the forged form did nothing.
    await tab.goto(desk.url(f"/console/c/{own.id}/todo"))
    assert await tab.get_by_role("button", name="退出").is_visible()
    # Another community's page, typed into the address bar.
    response = await tab.goto(desk.url(f"/console/c/{other.id}/todo"))
    assert response.status == 403
    assert await tab.get_by_text("您没有这个社区或场地的权限").is_visible()
