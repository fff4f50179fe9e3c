"""公示栏 typed in chat: the link to the community's public board, or why there is none."""

from __future__ import annotations

import dataclasses

from linli.handlers.kit.config import CoreConfig
from linli.handlers.wiring import build_conversation
from tests import factories
from tests.factories import Chat
from tests.walk import state_of

BASE = "https://bot.example.org/"


async def _chat(db, clock, translator, config, external_id="r1", locale="zh-CN") -> Chat:
    await factories.places(db)
    await factories.user(db, clock, external_id, community_code="xinhuashe", locale=locale)
    return Chat(build_conversation(db, clock, config), translator, external_id)


async def test_residents_type_the_word_and_get_their_board(db, clock, translator):
    config = dataclasses.replace(CoreConfig(), console_base=BASE)
    chat = await _chat(db, clock, translator, config)
    await chat.send("公示栏")
    assert chat.keys()[0] == "console-board-chat-link"
    assert "https://bot.example.org/board/xinhuashe" in chat.render()
    assert "新华社" in chat.render()
    # The same from a step that offers choices (the menu), and in English.
    await chat.send("菜单")
    await chat.send("board")
    assert "https://bot.example.org/board/xinhuashe" in chat.render()
    await chat.send("/board")  # the command (Telegram's menu of commands)
    assert chat.keys()[0] == "console-board-chat-link"
    # The same things in chat, one button away.
    await chat.send(chat.number_of("menu-proposals"))
    assert (await state_of(db, "r1"))[:2] == ("proposals", "home")


async def test_without_the_web_server_the_board_is_said_not_to_be_on_the_web(db, clock, translator):
    # console_base is None only when the console is switched off (LINLI_CONSOLE_ENABLED).
    chat = await _chat(db, clock, translator, CoreConfig(), locale="en")
    await chat.send("public board")
    assert chat.keys()[0] == "console-board-chat-no-link"
    assert "http" not in chat.render()


def test_on_the_terminal_the_link_is_printed(sqlite_url):
    """`linli chat` with no public address: the local web server's address, as `linli
    console` serves it (LINLI_LISTEN_HOST/PORT)."""
    from tests.factories import AGREE, SKIP_PLACE, linli

    linli("demo", "load", url=sqlite_url)
    lines = [AGREE, "1", SKIP_PLACE, "公示栏"]
    out = linli("chat", "--user", "amy", url=sqlite_url, stdin="\n".join(lines) + "\n").stdout
    assert "http://127.0.0.1:8080/board/xinhuashe" in out
    out = linli(
        "chat",
        "--user",
        "amy",
        url=sqlite_url,
        stdin="公示栏\n",
        env={"LINLI_CONSOLE_PUBLIC_URL": "https://linli.example.org"},
    ).stdout
    assert "https://linli.example.org/board/xinhuashe" in out
