"""Alembic environment of the desk: its own version table, so it never meets the message store's."""
from alembic import context

from bot.config import Settings
from bot.desk.models import Base
from bot.store.database import make_engine

VERSION_TABLE = "alembic_version_desk"

config = context.config


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=True, version_table=VERSION_TABLE)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(Settings.from_env().database_url)
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


run_migrations_online()
