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
