"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from linli.storage.models import Base


async def test_migrations_match_the_models(db):
    def diff(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with db.engine.connect() as connection:
        differences = await connection.run_sync(diff)
    assert differences == []


async def test_the_database_is_at_the_latest_revision(db):
    from alembic.script import ScriptDirectory

    from linli.storage.migrate import alembic_config

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()

    def current(connection):
        return MigrationContext.configure(connection).get_current_revision()

    async with db.engine.connect() as connection:
        assert await connection.run_sync(current) == head


def test_renamed_flows_keep_a_user_where_they_are_and_go_back_on_downgrade(sqlite_url):
    """0015_names: someone mid-way in 金点子 stays there, on the same proposal (also after
    返回); the numbers they type still press the buttons they were shown."""
    import json
    import sqlite3

    from linli.storage.migrate import downgrade, upgrade

    path = sqlite_url.removeprefix("sqlite+aiosqlite:///")
    downgrade(sqlite_url, "0014_push")
    options = ["c|ideas|card|support|3", "go|idea_new", "go|notice", "c|notices|list|2|3", "menu"]
    data = {"idea": 7, "page": 2}
    history = [["home", {}], ["list", {"idea": 5, "page": 2}]]
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO conversation_states (user_id, flow, step, data, history, options,"
            " pushed, screen, expires_at, updated_at) VALUES (1, 'ideas', 'card', ?, ?,"
            " ?, 0, 3, '2030-01-01 00:00:00', '2026-12-01 00:00:00')",
            (json.dumps(data), json.dumps(history), json.dumps(options)),
        )

    def stored():
        with sqlite3.connect(path) as db:
            row = db.execute(
                "SELECT flow, options, data, history FROM conversation_states"
            ).fetchone()
        return (row[0], *(json.loads(v) for v in row[1:]))

    upgrade(sqlite_url)
    assert stored() == (
        "proposals",
        ["c|proposals|card|support|3", "go|proposal_new", "go|notice_new", options[3], "menu"],
        {"proposal": 7, "page": 2},
        [["home", {}], ["list", {"proposal": 5, "page": 2}]],
    )
    downgrade(sqlite_url, "0014_push")
    assert stored() == ("ideas", options, data, history)
