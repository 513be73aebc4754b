"""Message store: conversations and messages.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gateway_conversations",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("language_code", sa.String(16)),
        sa.Column("handoff_state", sa.String(16), nullable=False, server_default="bot"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_seen_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "gateway_messages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(80), sa.ForeignKey("gateway_conversations.id"),
                  nullable=False),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("text", sa.Text),
        sa.Column("display_text", sa.Text),
        sa.Column("buttons", sa.JSON),
        sa.Column("image", sa.Text),
        sa.Column("status", sa.String(16)),
        sa.Column("metadata", sa.JSON),
        sa.Column("intent", sa.String(64)),
        sa.Column("confidence", sa.Float),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_gateway_messages_conversation", "gateway_messages", ["conversation_id", "id"])
    op.create_index("ix_gateway_messages_status", "gateway_messages", ["status"])


def downgrade() -> None:
    op.drop_index("ix_gateway_messages_status", "gateway_messages")
    op.drop_index("ix_gateway_messages_conversation", "gateway_messages")
    op.drop_table("gateway_messages")
    op.drop_table("gateway_conversations")
