"""Applies the desk's migrations to the gateway's database."""
from pathlib import Path

from sqlalchemy.engine import Engine

from bot.store.database import upgrade_to_head

ALEMBIC_INI = Path(__file__).resolve().parent / "alembic.ini"


def upgrade_desk_to_head(engine: Engine) -> None:
    upgrade_to_head(engine, ALEMBIC_INI)
