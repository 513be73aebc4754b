"""Desk: staff, sessions, tickets, ticket events, hand-off links.

Revision ID: desk_0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "desk_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "desk_staff",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "desk_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("desk_staff.id"), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "desk_tickets",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(80), nullable=False),
        sa.Column("team", sa.String(32), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("language", sa.String(8)),
        sa.Column("opened_at", sa.DateTime, nullable=False),
        sa.Column("claimed_by", sa.Integer, sa.ForeignKey("desk_staff.id")),
        sa.Column("claimed_at", sa.DateTime),
        sa.Column("resolved_at", sa.DateTime),
        sa.Column("resolved_by", sa.Integer, sa.ForeignKey("desk_staff.id")),
    )
    op.create_index("ix_desk_tickets_state_team", "desk_tickets", ["state", "team"])
    op.create_index("ix_desk_tickets_conversation", "desk_tickets", ["conversation_id"])
    op.create_table(
        "desk_ticket_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("ticket_id", sa.Integer, sa.ForeignKey("desk_tickets.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("desk_staff.id")),
        sa.Column("text", sa.Text),
        sa.Column("message_id", sa.Integer),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_desk_ticket_events_ticket", "desk_ticket_events", ["ticket_id", "id"])
    op.create_table(
        "desk_handoff_links",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("matter", sa.String(64), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("desk_staff.id"), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("used_at", sa.DateTime),
        sa.Column("conversation_id", sa.String(80)),
        sa.Column("details", sa.JSON),
    )


def downgrade() -> None:
    op.drop_table("desk_handoff_links")
    op.drop_index("ix_desk_ticket_events_ticket", "desk_ticket_events")
    op.drop_table("desk_ticket_events")
    op.drop_index("ix_desk_tickets_conversation", "desk_tickets")
    op.drop_index("ix_desk_tickets_state_team", "desk_tickets")
    op.drop_table("desk_tickets")
    op.drop_table("desk_sessions")
    op.drop_table("desk_staff")
