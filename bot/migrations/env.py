"""Alembic environment of the gateway's message store."""
from alembic import context

from bot.store.database import run_migrations
from bot.store.models import Base

run_migrations(context, Base.metadata, version_table="gateway_alembic_version")
