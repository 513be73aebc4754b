"""Elder mode (长辈模式) per conversation: the gateway adds the hotline button and the web chat its large style.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("gateway_conversations") as batch:
        batch.add_column(sa.Column("elder_mode", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("gateway_conversations") as batch:
        batch.drop_column("elder_mode")
