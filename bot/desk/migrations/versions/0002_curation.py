"""Desk: the trainers' curation inbox.

Revision ID: desk_0002
Revises: desk_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "desk_0002"
down_revision = "desk_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "desk_curation_items",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("language", sa.String(8)),
        sa.Column("predicted_intent", sa.String(64)),
        sa.Column("confidence", sa.Float),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("reasons", sa.JSON, nullable=False),
        sa.Column("conversation_id", sa.String(80)),
        sa.Column("message_id", sa.Integer),
        sa.Column("first_seen_at", sa.DateTime, nullable=False),
        sa.Column("last_seen_at", sa.DateTime, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("label_intent", sa.String(64)),
        sa.Column("entities", sa.JSON),
        sa.Column("proposal", sa.JSON),
        sa.Column("curated_by", sa.Integer, sa.ForeignKey("desk_staff.id")),
        sa.Column("curated_at", sa.DateTime),
        sa.Column("exported_at", sa.DateTime),
    )
    op.create_index("ix_desk_curation_status", "desk_curation_items", ["status", "last_seen_at"])


def downgrade() -> None:
    op.drop_index("ix_desk_curation_status", "desk_curation_items")
    op.drop_table("desk_curation_items")
