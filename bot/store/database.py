"""Engine for the message store and its migrations; SQLite gets WAL and a busy timeout."""
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import QueuePool

from bot.config import Settings

ALEMBIC_INI = Path(__file__).resolve().parent.parent / "alembic.ini"


def _set_sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # with WAL: safe against process crashes, fewer fsyncs
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        # A pool of open connections: SQLAlchemy's default for SQLite files reconnects (and
        # checkpoints the WAL) on every session.
        engine = create_engine(url, future=True, poolclass=QueuePool, pool_size=4,
                               connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _set_sqlite_pragmas)
        return engine
    return create_engine(url, future=True, pool_pre_ping=True, pool_size=5, max_overflow=5)


def upgrade_to_head(engine: Engine, alembic_ini: Path = ALEMBIC_INI) -> None:
    config = Config(str(alembic_ini))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def run_migrations(context, metadata, version_table: str) -> None:
    """The body of an Alembic env.py of the gateway's databases: on the connection
    handed over by upgrade_to_head, else on GATEWAY_DATABASE_URL. Each set of
    migrations keeps its own version table so they can share one database."""
    def run(connection) -> None:
        context.configure(connection=connection, target_metadata=metadata,
                          render_as_batch=True, version_table=version_table)
        with context.begin_transaction():
            context.run_migrations()

    connection = context.config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    engine = make_engine(Settings.from_env().database_url)
    with engine.begin() as conn:
        run(conn)
    engine.dispose()
