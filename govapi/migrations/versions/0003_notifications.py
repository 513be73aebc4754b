"""notifications: chat users who asked to be told, the outbox of what to tell them, document expiry dates

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notification_subscriptions',
    sa.Column('chat_user', sa.String(length=64), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], ),
    sa.PrimaryKeyConstraint('chat_user')
    )
    op.create_index('ix_notification_subscriptions_citizen_id', 'notification_subscriptions', ['citizen_id'])
    op.create_table('notification_events',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('payload_json', sa.Text(), nullable=False),
    sa.Column('urgent', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
    sa.Column('claimed_until', sa.DateTime(), nullable=True),
    sa.Column('delivered_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], ),
    sa.PrimaryKeyConstraint('seq'),
    sa.UniqueConstraint('id')
    )
    op.create_index('ix_notification_events_due', 'notification_events', ['delivered_at', 'next_attempt_at'])
    op.create_index('ix_notification_events_citizen', 'notification_events', ['citizen_id', 'delivered_at'])
    op.create_table('citizen_documents',
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], ),
    sa.PrimaryKeyConstraint('citizen_id', 'kind')
    )
    op.create_index('ix_citizen_documents_expires_on', 'citizen_documents', ['expires_on'])


def downgrade() -> None:
    op.drop_index('ix_citizen_documents_expires_on', table_name='citizen_documents')
    op.drop_table('citizen_documents')
    op.drop_index('ix_notification_events_citizen', table_name='notification_events')
    op.drop_index('ix_notification_events_due', table_name='notification_events')
    op.drop_table('notification_events')
    op.drop_index('ix_notification_subscriptions_citizen_id', table_name='notification_subscriptions')
    op.drop_table('notification_subscriptions')
