"""verification handles: the chat carries a handle, not the ID number, between verification steps

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('verification_handles',
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('chat_user', sa.String(length=64), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('phone', sa.String(length=11), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('digest')
    )
    with op.batch_alter_table('verification_handles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verification_handles_expires_at'), ['expires_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('verification_handles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verification_handles_expires_at'))
    op.drop_table('verification_handles')
