"""A user who stops mid-flow continues after a restart: the state is in the database."""

from __future__ import annotations

import os
import subprocess
import sys

from handlers.kit.config import CoreConfig
from handlers.wiring import build_conversation
from storage.db import Database
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
            from storage.models import Base

            tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
            async with second.engine.begin() as conn:
                await conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        await second.dispose()


def _chat(url: str, lines: str) -> str:
    env = {**os.environ, "LINLI_DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--user", "grandma"],
        input=lines,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    return done.stdout


def test_a_new_process_continues_where_the_last_one_stopped(tmp_path, sqlite_template):
    import shutil

    path = tmp_path / "linli.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite+aiosqlite:///{path}"
    env = {**os.environ, "LINLI_DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "-m", "bot", "demo", "load"],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    first = _chat(url, "1\n2\n")  # pick 新华社社区, open 我的资料, then the process ends
    assert "我的资料" in first and "更换社区" in first
    second = _chat(url, "")  # a new process: it shows the profile card again, not the menu
    assert second.strip().startswith("我的资料")
    assert "更换社区" in second
