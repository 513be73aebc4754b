"""Notices the platform sends of its own accord, one per event and conversation.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gateway_notices",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("conversation_id", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("urgent", sa.Boolean, nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("received_at", sa.DateTime, nullable=False),
        sa.Column("release_at", sa.DateTime, nullable=False),
        sa.Column("next_attempt_at", sa.DateTime, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("claimed_until", sa.DateTime),
        sa.Column("message_id", sa.Integer),
        sa.Column("sent_at", sa.DateTime),
        sa.Column("dropped", sa.String(32)),
    )
    op.create_index("ux_gateway_notices_event", "gateway_notices", ["event_id", "conversation_id"], unique=True)
    op.create_index("ix_gateway_notices_due", "gateway_notices", ["sent_at", "release_at"])


def downgrade() -> None:
    op.drop_index("ix_gateway_notices_due", table_name="gateway_notices")
    op.drop_index("ux_gateway_notices_event", table_name="gateway_notices")
    op.drop_table("gateway_notices")
