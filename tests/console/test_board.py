"""The public 公示 board over HTTP: open to anyone signed out, read-only, 404 for what is not
a 社区, every resident's text escaped, nothing personal on it, its JSON enough to check the
ledger and the draws; and once in a real browser on a phone-sized screen."""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.board import scenario
from tests.board.scenario import PRIVATE
from tests.console.conftest import start_desk

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
async def board(db, clock, translator):
    """The board's server over the scenario's 社区 (a proposal titled like a script)."""
    scene = await scenario.build(db, clock, title_b=SCRIPT)
    await scenario.draw(db, clock)
    started = await start_desk(db, clock, translator)
    started.scene = scene
    yield started
    await started.close()
    await started.server.close()


async def _get(board, path: str):
    client = await board.client()  # signed out: no cookie at all
    response = await client.get(path, allow_redirects=False)
    return response, await response.text()


async def test_the_index_lists_every_community_signed_out(board):
    assert (await _get(board, "/board/"))[0].status == 200
    response, page = await _get(board, "/board")
    assert response.status == 200
    assert 'href="/board/xinhuashe"' in page and "新华社社区公示栏" in page
    assert 'href="/board/qixingyuan"' in page
    assert 'href="/board/lugu"' not in page  # a 街道 has no board
    assert "Set-Cookie" not in response.headers


async def test_a_board_shows_each_part_signed_out(board):
    response, page = await _get(board, "/board/xinhuashe")
    assert response.status == 200 and response.content_type == "text/html"
    assert "Set-Cookie" not in response.headers
    scene = board.scene
    # 金点子 with their stage and progress, the hidden one and another community's not.
    assert "增设健身器材" in page and "完成了40%" in page and "已选好位置，等器材到货" in page
    assert "经费不足，明年再议" in page and "3号楼活动室" in page
    assert "已有1人附议，满2人上议事会" in page
    assert "已经办完。" in page and "2人打了分，50%满意" in page
    assert '<li aria-current="step">督：落实</li>' in page
    assert "含个人信息" not in page and "七星园修车棚" not in page
    assert f'id="p{scene.proposals["hidden"]}"' not in page
    # The ledger: each line's hash, the head, the chain whole.
    async with board.db.uow() as uow:
        lines = await uow.fund.lines((await uow.communities.by_code("xinhuashe")).id)
    for line in lines:
        assert line.hash in page
    assert "账本完整：3笔账" in page and "419.50" in page and "王**" in page
    # The draw with its facts; the event to come.
    async with board.db.uow() as uow:
        market = await uow.market.day(scene.market)
    for fact in (market.commitment, market.secret, market.seed):
        assert fact in page
    assert "按公开的规则重算了一遍：结果一致" in page
    assert "社区义诊" in page and "还剩19个（共20个）" in page
    assert "上周的讲座" not in page


async def test_nothing_personal_and_every_text_escaped(board):
    for path in ("/board/xinhuashe", "/board/xinhuashe?lang=en", "/board"):
        _response, page = await _get(board, path)
        for private in PRIVATE:
            assert private not in page, (path, private)
    _response, page = await _get(board, "/board/xinhuashe")
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


async def test_unknown_places_are_404(board):
    for path in ("/board/nowhere", "/board/lugu", "/board/xinhuashe-dorm", "/board/" + "x" * 300):
        response, page = await _get(board, path)
        assert response.status == 404, path
        assert "找不到" in page
    response, _page = await _get(board, "/board/nowhere/ledger.json")
    assert response.status == 404


async def test_the_board_is_read_only(board):
    client = await board.client()
    for path in ("/board", "/board/xinhuashe", "/board/xinhuashe/ledger.json"):
        response = await client.post(path, data={"title": "x"})
        assert response.status == 405, path


async def test_english_readers_get_english(board):
    _response, page = await _get(board, "/board/xinhuashe?lang=en")
    assert "Community development fund ledger" in page and "40% done." in page
    assert 'lang="en"' in page
    _response, page = await _get(board, "/board/xinhuashe?lang=fr")  # unknown: the default
    assert "社区发展基金账本" in page


async def test_the_json_is_enough_to_check_the_ledger_and_the_draws(board):
    response, text = await _get(board, "/board/xinhuashe/ledger.json")
    assert response.status == 200 and response.content_type == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    ledger = json.loads(text)
    previous = ledger["genesis"]
    for line in ledger["lines"]:
        fields = [line[k] for k in ("date", "kind", "source", "amount", "purpose")]
        fields += [line["approved_by"], line["corrects"], line["market"], line["prev_hash"]]
        fields += [line["donor"]] if line["donor"] is not None else []
        encoded = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()
        assert line["prev_hash"] == previous
        assert hashlib.sha256(encoded).hexdigest() == line["hash"]
        previous = line["hash"]
    assert previous == ledger["head"] and ledger["whole"] is True

    response, text = await _get(board, "/board/xinhuashe/draws.json")
    (draw,) = json.loads(text)["draws"]
    sha = lambda s: hashlib.sha256(s.encode()).hexdigest()  # noqa: E731
    assert sha(draw["secret"]) == draw["commitment"]
    pool = ",".join(map(str, sorted(draw["applications"])))
    assert sha(f"{draw['secret']}|{pool}") == draw["seed"]
    for category in draw["categories"]:
        key = lambda n, c=category: sha(f"{draw['seed']}:{c['name']}:{n}")  # noqa: E731
        assert category["order"] == sorted(category["order"], key=key)
    for text_ in (text,):
        for private in PRIVATE:
            assert private not in text_


async def test_a_resident_reads_the_board_on_a_phone(board, browser):
    context = await browser.new_context(viewport={"width": 360, "height": 740})
    tab = await context.new_page()
    await tab.goto(board.url("/board"))
    await tab.get_by_role("link", name="新华社社区公示栏").click()
    await tab.get_by_role("heading", name="新华社社区公示栏", level=1).wait_for()
    # Nothing wider than the phone: long hashes wrap, wide tables scroll in their own box.
    overflow = await tab.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    # Reached by keyboard: the contents link to the ledger, then the ledger is on screen.
    link = tab.get_by_role("link", name="社区发展基金账本")
    await link.focus()
    await tab.keyboard.press("Enter")
    await tab.get_by_text("账本完整：3笔账").wait_for()
    assert await tab.get_by_role("heading", name="社区发展基金账本").is_visible()
    stage = tab.locator('#p{} li[aria-current="step"]'.format(board.scene.proposals["adopted"]))
    assert await stage.inner_text() == "督：落实"
    # The script in a title is text on the page, not a script that ran.
    assert await tab.get_by_text(SCRIPT).count() == 1
    await context.close()


async def _run_the_pages_snippet(board) -> str:
    """The Python the page tells anyone to run, run as printed (against this server)."""
    import asyncio
    import contextlib
    import html
    import io
    import re

    _response, page = await _get(board, "/board/xinhuashe")
    code = html.unescape(re.search(r'<pre class="board-code"><code>(.*?)</code>', page, re.S)[1])
    code = code.replace("http://127.0.0.1/board/", board.url("/board/"))

    def run() -> str:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(code, {})  # our own page's snippet, under test
        return out.getvalue()

    return await asyncio.to_thread(run)


async def test_the_snippet_on_the_page_checks_the_ledger(board):
    from tests.fund.test_ledger import _tamper

    fee, gift, spent = board.scene.ledger.values()
    said = await _run_the_pages_snippet(board)
    assert said.splitlines() == [f"{fee} ok", f"{gift} ok", f"{spent} ok", "head ok"]
    await _tamper(board.db, f"UPDATE fund_ledger SET purpose = '居民捐赠x' WHERE id = {gift}")
    said = await _run_the_pages_snippet(board)
    assert said.splitlines() == [f"{fee} ok", f"{gift} CHANGED", f"{spent} ok", "head ok"]
    _response, page = await _get(board, "/board/xinhuashe")
    assert f"注意：第{gift}笔账和校验码对不上" in page


async def test_merged_and_lapsed_ideas_say_so(board):
    from linli.handlers.proposals import service as proposals

    scene, clock = board.scene, board.clock
    into, collecting = scene.proposals["scheduled"], scene.proposals["collecting"]
    duplicate = await scenario._submit(board.db, clock, scene.author, "楼道里的杂物")
    await scenario._do(board.db, proposals.merge, scene.boss, duplicate, into, clock.now())
    clock.advance(days=15)  # windows of 14 days end below the threshold
    async with board.db.uow() as uow:
        # 东门加装路灯 and the hidden one here, 七星园修车棚 in the other community.
        assert await proposals.close_windows(uow, clock.now()) == 3
        await uow.commit()
    _response, page = await _get(board, "/board/xinhuashe")
    merged = page.split(f'id="p{duplicate}"')[1].split("</article>")[0]
    assert f"和第{into}号说的是一件事，已并到第{into}号" in merged
    assert "aria-current" not in merged  # no step of its own any more
    lapsed = page.split(f'id="p{collecting}"')[1].split("</article>")[0]
    assert "附议时间已过，1人附议，没满2人" in lapsed
    assert '<li aria-current="step">集：附议</li>' in lapsed


async def test_ideas_can_be_shown_by_step(board):
    p = board.scene.proposals
    _response, page = await _get(board, "/board/xinhuashe?stage=supervise")
    shown = {n for n in p.values() if f'id="p{n}"' in page}
    assert shown == {p["adopted"], p["done"]}
    assert '<a href="?stage=supervise#proposals" aria-current="page">督：落实（2）</a>' in page
    assert "全部（5）" in page and "集：附议（1）" in page
    # The ledger, the draws and the events stay whole.
    assert "账本完整：3笔账" in page and "社区义诊" in page
    for odd in ("bogus", "all", "'><script>", "x" * 1000):
        response, page = await _get(board, f"/board/xinhuashe?stage={odd}")
        assert response.status == 200
        assert {n for n in p.values() if f'id="p{n}"' in page} == {
            p[k] for k in ("adopted", "declined", "done", "scheduled", "collecting")
        }
    _response, page = await _get(board, "/board/xinhuashe?stage=decide&lang=en")
    assert "?stage=decide&amp;lang=en#proposals" in page and "Decide (1)" in page
