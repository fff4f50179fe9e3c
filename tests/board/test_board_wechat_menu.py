"""The WeChat menu links the public board (a VIEW button) once the web server has a public
address, within every WeChat limit, for residents and staff."""

from __future__ import annotations

import asyncio

from linli.bot.channels.wechat.menu import check_menu, custom_menu, staff_menu
from linli.handlers.kit.text import t
from tests.channels.fake_wechat import FakeWeChat
from tests.channels.test_wechat import APPID, TOKEN
from tests.factories import linli

BOARD = "https://bot.example.org/board"


def _views(menu: dict) -> list[dict]:
    return [s for b in menu["button"] for s in b.get("sub_button", []) if s["type"] == "view"]


def test_the_board_button_appears_only_with_a_public_address(translator):
    for language in translator.languages:
        for with_board in (
            custom_menu(translator, language, board_url=BOARD),
            staff_menu(translator, language, 7, BOARD),
        ):
            assert check_menu(with_board) == [], language
            (view,) = _views(with_board)
            assert view["url"] == BOARD
            assert view["name"] == translator.render(t("console-board-wechat-menu"), language)
        assert _views(custom_menu(translator, language)) == []
        assert _views(staff_menu(translator, language, 7)) == []


def test_linli_wechat_menu_sends_the_board_button(sqlite_url):
    async def run() -> list:
        fake = FakeWeChat()
        await fake.start()
        try:
            done = await asyncio.to_thread(
                linli,
                "wechat",
                "menu",
                url=sqlite_url,
                env={
                    "LINLI_WECHAT_TOKEN": TOKEN,
                    "LINLI_WECHAT_APPID": APPID,
                    "LINLI_WECHAT_SECRET": "s",
                    "LINLI_WECHAT_API_URL": fake.url,
                    "LINLI_WECHAT_PUBLIC_URL": "https://bot.example.org",
                },
            )
            assert "公众号菜单已更新" in done.stdout
            return fake.of("menu/create")
        finally:
            await fake.stop()

    (call,) = asyncio.run(run())
    (view,) = _views(call.body)
    assert view == {"type": "view", "name": "公示栏", "url": BOARD}
