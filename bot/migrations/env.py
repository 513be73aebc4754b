"""Alembic environment: uses the connection handed over by bot.store.database, or GATEWAY_DATABASE_URL.
The version table has its own name so the gateway can share a PostgreSQL database with others."""
from alembic import context

from bot.config import Settings
from bot.store.database import make_engine
from bot.store.models import Base

VERSION_TABLE = "gateway_alembic_version"

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
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
