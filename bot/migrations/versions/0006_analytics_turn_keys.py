"""The key of the citizen message each analytics turn was recorded from, so that a message whose
events arrive twice (a turn Rasa rolled back and the gateway sent again, an event redelivered by
RabbitMQ) is counted once.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("analytics_turns") as table:
        table.add_column(sa.Column("message_key", sa.String(64)))
    op.create_index("ux_analytics_turns_message_key", "analytics_turns", ["conversation_id", "message_key"],
                    unique=True)


def downgrade() -> None:
    op.drop_index("ux_analytics_turns_message_key", "analytics_turns")
    with op.batch_alter_table("analytics_turns") as table:
        table.drop_column("message_key")
