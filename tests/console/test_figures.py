"""数据图表 on the console: every chart as an SVG with its labels, its CSV with the same
numbers, a period chosen in the address; only the community's staff; and, in a real browser,
the charts shown and a CSV downloaded."""

from __future__ import annotations

import datetime as dt

from linli.handlers.figures import charts
from linli.storage.models import LedgerEntry, RoleGrant
from tests import factories

# Months the demo has nothing in (it is made around the test clock, 2026-11).
PERIOD = "from=2025-01&to=2025-02"


async def _ledger(desk) -> None:
    await factories.fund_line(
        desk.db, desk.clock, "xinhuashe", dt.date(2025, 1, 10), "income", "30"
    )
    await factories.fund_line(
        desk.db, desk.clock, "xinhuashe", dt.date(2025, 2, 3), "spending", "12.5"
    )


async def _ids(desk) -> tuple[int, int]:
    async with desk.db.uow() as uow:
        own = await uow.communities.by_code("xinhuashe")
        other = await uow.communities.by_code("qixingyuan")
    return own.id, other.id


async def test_staff_see_every_chart_as_svg_with_a_csv_of_its_numbers(desk):
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    await _ledger(desk)
    cid, _ = await _ids(desk)
    client = await desk.sign_in(staff)
    page = await client.get(f"/console/c/{cid}/figures?{PERIOD}")
    text = await page.text()
    assert page.status == 200
    assert "2025-01至2025-02，共2个月" in text
    for title in (
        "场地预约：每月使用和爽约",
        "场地预约：各设施使用和爽约",
        "金点子：各阶段数量",
        "金点子：从提出到决定的天数",
        "金点子：居民评分",
        "睦邻集市：申请、摊位和到场",
        "社区基金：每月收支",
    ):
        assert f"<h2>{title}</h2>" in text
    for name in charts.NAMES:
        assert f'src="/console/c/{cid}/figures/{name}.svg?from=2025-01&amp;to=2025-02"' in text
        assert f'href="/console/c/{cid}/figures/{name}.csv?from=2025-01&amp;to=2025-02"' in text
    # The numbers beside the picture, for whoever cannot see it.
    assert '<th scope="row">2025-01</th><td class="num">30</td><td class="num">0</td>' in text

    svg = await client.get(f"/console/c/{cid}/figures/fund.svg?{PERIOD}")
    assert svg.status == 200 and svg.content_type == "image/svg+xml"
    body = await svg.text()
    for label in ("社区基金：每月收支", "月份", "金额（元）", "收入（元）", "支出（元）", "12.5"):
        assert label in body, label
    assert svg.headers["X-Content-Type-Options"] == "nosniff"

    csv = await client.get(f"/console/c/{cid}/figures/fund.csv?{PERIOD}")
    assert csv.status == 200 and csv.content_type == "text/csv"
    assert "fund-202501-202502.csv" in csv.headers["Content-Disposition"]
    assert (await csv.read()).decode("utf-8-sig").splitlines() == [
        "月份,收入（元）,支出（元）",
        "2025-01,30.00,0",
        "2025-02,0,12.50",
    ]
    # The default is the last 12 months; a span is one click.
    year = await (await client.get(f"/console/c/{cid}/figures")).text()
    assert "2025-12至2026-11，共12个月" in year
    three = await (await client.get(f"/console/c/{cid}/figures?months=3")).text()
    assert "2026-09至2026-11，共3个月" in three


async def test_another_communitys_figures_and_an_operator_are_refused(desk):
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    cid, other = await _ids(desk)
    client = await desk.sign_in(staff)
    for path in ("figures", "figures/fund.svg", "figures/fund.csv"):
        assert (await client.get(f"/console/c/{other}/{path}")).status == 403
    assert (await client.get(f"/console/c/{cid}/figures/nothing.svg")).status == 404
    assert (await client.get(f"/console/c/{cid}/figures/fund.png")).status == 404

    operator = await factories.user(desk.db, desk.clock, "op1", community_code="xinhuashe")
    async with desk.db.uow() as uow:
        unit = (await uow.facilities.serving(cid))[0].unit_id
        uow.roles.add(
            RoleGrant(
                user_id=operator.id,
                community_id=cid,
                role="operator",
                unit_id=unit,
                granted_by="test",
                created_at=desk.clock.now(),
            )
        )
        await uow.commit()
    theirs = await desk.sign_in(operator)
    for path in ("figures", "figures/fund.svg", "figures/fund.csv"):
        assert (await theirs.get(f"/console/c/{cid}/{path}")).status == 403
    assert (await theirs.get(f"/console/c/{cid}/todo")).status == 200


async def test_a_period_that_cannot_be_is_answered_politely(desk):
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    cid, _ = await _ids(desk)
    client = await desk.sign_in(staff)
    for query in (
        "from=2026-12&to=2026-01",  # backwards
        "from=2023-01&to=2026-12",  # 48 months
        "from=soon&to=2026-12",
        "from=2026-01",
        "months=99",
        "months=-1",
        "from=2026-01-01-01&to=2026-02",
    ):
        page = await client.get(f"/console/c/{cid}/figures?{query}")
        text = await page.text()
        assert page.status == 400, query
        assert "时间段不对：按月选，开始不晚于结束，最多24个月。" in text, query
        assert "<img" not in text
        assert (await client.get(f"/console/c/{cid}/figures/fund.csv?{query}")).status == 400


async def test_the_figures_change_nothing_a_post_is_refused(desk):
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    await _ledger(desk)
    cid, _ = await _ids(desk)
    client = await desk.sign_in(staff)
    token = await desk.csrf(client, f"/console/c/{cid}/figures")
    for data in ({}, {"_csrf": "x" + token}, {"_csrf": token}):
        refused = await client.post(f"/console/c/{cid}/figures", data=data)
        assert refused.status in (403, 405)
    async with desk.db.uow() as uow:
        lines = await uow.fund.lines(cid)
    assert [line.amount for line in lines if isinstance(line, LedgerEntry)][-2:] == [30, 12.5]


async def test_the_charts_in_a_real_browser_and_a_csv_downloaded(desk, browser):
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    await _ledger(desk)
    tab = await browser.new_page(viewport={"width": 390, "height": 844}, accept_downloads=True)
    await tab.goto(desk.url(await desk.link(staff)))
    async with tab.expect_navigation(url="**/todo"):
        await tab.get_by_role("button", name="登录").click()
    async with tab.expect_navigation(url="**/figures"):
        await tab.get_by_role("link", name="数据图表").click()
    assert await tab.get_by_role("heading", level=2, name="社区基金：每月收支").is_visible()
    # Choose the months by typing them, as a keyboard user would, and show them.
    await tab.get_by_label("从（年-月）").fill("2025-01")
    await tab.get_by_label("到（年-月）").fill("2025-02")
    async with tab.expect_navigation(url="**/figures?from=2025-01&to=2025-02"):
        await tab.get_by_role("button", name="查看").click()
    fund = tab.get_by_role("img", name="社区基金：每月收支（合计收入30元，支出12.50元）")
    await fund.scroll_into_view_if_needed()
    # Drawn by the server and shown: the picture loaded with a width (a broken one has 0).
    width = await fund.evaluate(
        "i => i.complete ? i.naturalWidth"
        " : new Promise(done => i.addEventListener('load', () => done(i.naturalWidth)))"
    )
    assert width > 300
    async with tab.expect_download() as waiting:
        await tab.get_by_role("link", name="下载表格（CSV）：社区基金：每月收支").click()
    download = await waiting.value
    assert download.suggested_filename == "fund-202501-202502.csv"
    saved = await download.path()
    assert saved.read_text(encoding="utf-8-sig").splitlines()[1] == "2025-01,30.00,0"
    # The page fits a phone.
    assert await tab.evaluate("document.documentElement.scrollWidth") <= 390
