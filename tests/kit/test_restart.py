"""A user who stops mid-flow continues after a restart: the state is in the database."""

from __future__ import annotations

from linli.handlers.kit.config import CoreConfig
from linli.handlers.wiring import build_conversation
from linli.storage.db import Database
from tests import factories
from tests.factories import Chat


async def test_a_new_engine_on_the_same_database_continues_the_flow(db_url, clock, translator):
    first = Database(db_url)
    await factories.demo(first, clock)
    await factories.user(first, clock, "u1", community_code="xinhuashe")
    chat = Chat(build_conversation(first, clock, CoreConfig()), translator, "u1")
    await chat.send("")
    await chat.send(chat.number_of("menu-profile"))
    await chat.send(chat.number_of("profile-change-building"))
    await chat.send(chat.number_named("宿舍"))
    options = [translator.render(b.label) for b in chat.last.buttons]
    await first.dispose()  # the process is gone

    second = Database(db_url)
    try:
        again = Chat(build_conversation(second, clock, CoreConfig()), translator, "u1")
        # The number typed refers to the buttons the user saw before the restart.
        await again.send(str(options.index("2号楼") + 1))
        assert again.keys()[0] == "profile-building-set"
        async with second.uow() as uow:
            user = await uow.users.by_external("console", "u1")
            building = await uow.communities.get(user.building_id)
            assert (building.code, user.community_id is not None) == ("xinhuashe-dorm-2", True)
    finally:
        if second.dialect == "postgresql":
            from tests.conftest import empty_pg

            await empty_pg(second)
        await second.dispose()


def test_a_new_process_continues_where_the_last_one_stopped(sqlite_url):
    factories.linli("demo", "load", url=sqlite_url)
    # Agree to the notice, pick 新华社社区, skip the 小区/楼栋, open 我的资料, then the
    # process ends.
    first = factories.linli_process(
        "chat", "--user", "grandma", url=sqlite_url, stdin="1\n1\n跳过\n6\n"
    ).stdout
    assert "我的资料" in first and "更换社区" in first
    # A new process shows the profile card again, not the menu.
    second = factories.linli_process("chat", "--user", "grandma", url=sqlite_url).stdout
    assert second.strip().startswith("我的资料")
    assert "更换社区" in second
