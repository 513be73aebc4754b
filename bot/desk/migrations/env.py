"""Alembic environment of the desk: its own version table, so it never meets the message store's."""
from alembic import context

from bot.desk.models import Base
from bot.store.database import run_migrations

run_migrations(context, Base.metadata, version_table="alembic_version_desk")
