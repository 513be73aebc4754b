"""Analytics and satisfaction: conversation days, understood turns, matters per conversation day, ratings,
event-source cursors (tables of analytics.models).

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "analytics_conversation_days",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(80), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("language", sa.String(8)),
        sa.Column("city", sa.String(64)),
        sa.Column("county", sa.String(64)),
        sa.Column("first_at", sa.DateTime, nullable=False),
        sa.Column("last_at", sa.DateTime, nullable=False),
        sa.Column("first_answer_ms", sa.Integer),
        sa.Column("turns", sa.Integer, nullable=False),
        sa.Column("fallbacks", sa.Integer, nullable=False),
        sa.Column("form", sa.String(64)),
        sa.Column("had_form", sa.Boolean, nullable=False),
    )
    op.create_index("ux_analytics_conversation_days", "analytics_conversation_days", ["conversation_id", "day"],
                    unique=True)
    op.create_index("ix_analytics_conversation_days_day", "analytics_conversation_days", ["day"])
    op.create_table(
        "analytics_turns",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(80), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("intent", sa.String(64)),
        sa.Column("matter", sa.String(64)),
    )
    op.create_index("ix_analytics_turns_day_intent", "analytics_turns", ["day", "intent"])
    op.create_index("ix_analytics_turns_conversation", "analytics_turns", ["conversation_id", "day"])
    op.create_table(
        "analytics_matter_days",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(80), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("matter", sa.String(64), nullable=False),
    )
    op.create_index("ux_analytics_matter_days", "analytics_matter_days", ["conversation_id", "day", "matter"],
                    unique=True)
    op.create_index("ix_analytics_matter_days_day", "analytics_matter_days", ["day", "matter"])
    op.create_table(
        "analytics_ratings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(80), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("matter", sa.String(64)),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("person", sa.Boolean, nullable=False),
        sa.Column("asked", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("score", sa.Integer),
        sa.Column("declined", sa.Boolean, nullable=False),
        sa.Column("rated_at", sa.DateTime),
        sa.Column("comment_asked_at", sa.DateTime),
        sa.Column("comment", sa.Text),
    )
    op.create_index("ix_analytics_ratings_day", "analytics_ratings", ["day"])
    op.create_index("ix_analytics_ratings_conversation", "analytics_ratings", ["conversation_id", "id"])
    op.create_table(
        "analytics_cursors",
        sa.Column("source", sa.String(64), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("analytics_cursors")
    op.drop_table("analytics_ratings")
    op.drop_table("analytics_matter_days")
    op.drop_table("analytics_turns")
    op.drop_table("analytics_conversation_days")
