"""Leases on conversations (several gateways share the database) and the channels' message ids
(a message sent again by its channel is stored once).

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("gateway_conversations") as batch:
        batch.add_column(sa.Column("lease_owner", sa.String(32)))
        batch.add_column(sa.Column("lease_until", sa.DateTime))
    with op.batch_alter_table("gateway_messages") as batch:
        batch.add_column(sa.Column("external_id", sa.String(80)))
    op.create_index("ux_gateway_messages_external", "gateway_messages", ["conversation_id", "external_id"],
                    unique=True)


def downgrade() -> None:
    op.drop_index("ux_gateway_messages_external", "gateway_messages")
    with op.batch_alter_table("gateway_messages") as batch:
        batch.drop_column("external_id")
    with op.batch_alter_table("gateway_conversations") as batch:
        batch.drop_column("lease_until")
        batch.drop_column("lease_owner")
