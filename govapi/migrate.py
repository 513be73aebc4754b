"""Applies the Alembic migrations to the configured database."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

ALEMBIC_INI = Path(__file__).with_name("alembic.ini")


def upgrade_to_head(engine: Engine) -> None:
    config = Config(str(ALEMBIC_INI))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


if __name__ == "__main__":
    # `python -m govapi.migrate`: the schema only (the Kubernetes Job); `python -m govapi` also seeds.
    from govapi.config import Settings
    from govapi.db import make_engine

    engine = make_engine(Settings.from_env().database_url)
    try:
        upgrade_to_head(engine)
    finally:
        engine.dispose()
