"""`python -m bot.migrate`: brings the gateway's database (messages, desk, trainers' inbox) to the
latest schema. Run once before several gateways start (the cluster, the Kubernetes Job); a
single gateway does it itself on start."""
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.desk.database import upgrade_desk_to_head
from bot.store.database import make_engine, upgrade_to_head


def migrated_engine(database_url: str) -> Engine:
    """An engine on the gateway's database, brought to the latest schema."""
    engine = make_engine(database_url)
    upgrade_to_head(engine)
    upgrade_desk_to_head(engine)
    return engine


def migrate(database_url: str) -> None:
    migrated_engine(database_url).dispose()


if __name__ == "__main__":
    migrate(Settings.from_env().database_url)
