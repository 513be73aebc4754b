"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25 21:37:51.917429
"""
import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('citizens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('name_zh', sa.String(length=32), nullable=False),
    sa.Column('name_en', sa.String(length=64), nullable=False),
    sa.Column('phone', sa.String(length=11), nullable=False),
    sa.Column('gender', sa.String(length=1), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('city_code', sa.String(length=6), nullable=False),
    sa.Column('county_code', sa.String(length=6), nullable=False),
    sa.Column('hukou_address_zh', sa.String(length=200), nullable=False),
    sa.Column('hukou_address_en', sa.String(length=200), nullable=False),
    sa.Column('employment_status', sa.String(length=16), nullable=False),
    sa.Column('separated_on', sa.Date(), nullable=True),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('id_number')
    )
    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_citizens_phone'), ['phone'], unique=False)

    op.create_table('county_apps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('county_code', sa.String(length=6), nullable=False),
    sa.Column('name_zh', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('shut_down_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('county_apps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_county_apps_county_code'), ['county_code'], unique=False)

    op.create_table('divisions',
    sa.Column('code', sa.String(length=6), nullable=False),
    sa.Column('city_code', sa.String(length=6), nullable=False),
    sa.Column('name_zh', sa.String(length=32), nullable=False),
    sa.Column('name_en', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    with op.batch_alter_table('divisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_divisions_city_code'), ['city_code'], unique=False)

    op.create_table('halls',
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name_zh', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('city_code', sa.String(length=6), nullable=False),
    sa.Column('county_code', sa.String(length=6), nullable=True),
    sa.Column('address_zh', sa.String(length=200), nullable=False),
    sa.Column('address_en', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('hours_zh', sa.String(length=100), nullable=False),
    sa.Column('hours_en', sa.String(length=100), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lng', sa.Float(), nullable=False),
    sa.Column('slot_capacity', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    with op.batch_alter_table('halls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_halls_city_code'), ['city_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_halls_county_code'), ['county_code'], unique=False)

    op.create_table('matters',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('name_zh', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('department_zh', sa.String(length=100), nullable=False),
    sa.Column('department_en', sa.String(length=200), nullable=False),
    sa.Column('materials_json', sa.Text(), nullable=False),
    sa.Column('fee_yuan', sa.Float(), nullable=False),
    sa.Column('time_limit_days', sa.Integer(), nullable=False),
    sa.Column('online', sa.Boolean(), nullable=False),
    sa.Column('required_fields_json', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    with op.batch_alter_table('matters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matters_category'), ['category'], unique=False)

    op.create_table('meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.String(length=255), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('number_sequences',
    sa.Column('prefix', sa.String(length=4), nullable=False),
    sa.Column('day', sa.String(length=8), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('prefix', 'day')
    )
    op.create_table('sms_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=11), nullable=False),
    sa.Column('text_zh', sa.String(length=200), nullable=False),
    sa.Column('text_en', sa.String(length=200), nullable=False),
    sa.Column('code', sa.String(length=6), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('sms_outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sms_outbox_phone'), ['phone'], unique=False)

    op.create_table('applications',
    sa.Column('case_number', sa.String(length=16), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('matter_code', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('details_json', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], ),
    sa.ForeignKeyConstraint(['matter_code'], ['matters.code'], ),
    sa.PrimaryKeyConstraint('case_number')
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applications_citizen_id'), ['citizen_id'], unique=False)

    op.create_table('appointments',
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('hall_code', sa.String(length=16), nullable=False),
    sa.Column('matter_code', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('time', sa.String(length=5), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], ),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], ),
    sa.ForeignKeyConstraint(['matter_code'], ['matters.code'], ),
    sa.PrimaryKeyConstraint('number')
    )
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appointments_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index('ix_appointments_slot', ['hall_code', 'day', 'time'], unique=False)

    op.create_table('chat_bindings',
    sa.Column('chat_user', sa.String(length=64), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('bound_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], ),
    sa.PrimaryKeyConstraint('chat_user')
    )
    with op.batch_alter_table('chat_bindings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chat_bindings_citizen_id'), ['citizen_id'], unique=False)

    op.create_table('complaints',
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=True),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('department_zh', sa.String(length=100), nullable=False),
    sa.Column('department_en', sa.String(length=200), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], ),
    sa.PrimaryKeyConstraint('number')
    )
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaints_citizen_id'), ['citizen_id'], unique=False)

    op.create_table('county_app_functions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('app_id', sa.Integer(), nullable=False),
    sa.Column('name_zh', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('matter_code', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['app_id'], ['county_apps.id'], ),
    sa.ForeignKeyConstraint(['matter_code'], ['matters.code'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('county_app_functions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_county_app_functions_app_id'), ['app_id'], unique=False)

    op.create_table('housing_fund_accounts',
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('account_number', sa.String(length=16), nullable=False),
    sa.Column('employer_zh', sa.String(length=100), nullable=False),
    sa.Column('employer_en', sa.String(length=200), nullable=False),
    sa.Column('balance_fen', sa.Integer(), nullable=False),
    sa.Column('monthly_fen', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], ),
    sa.PrimaryKeyConstraint('citizen_id')
    )
    op.create_table('housing_fund_contributions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('housing_fund_contributions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_housing_fund_contributions_citizen_id'), ['citizen_id'], unique=False)

    op.create_table('medical_accounts',
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('balance_fen', sa.Integer(), nullable=False),
    sa.Column('insured_city_code', sa.String(length=6), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], ),
    sa.PrimaryKeyConstraint('citizen_id')
    )
    op.create_table('medical_transactions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('place_zh', sa.String(length=100), nullable=False),
    sa.Column('place_en', sa.String(length=200), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('medical_transactions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_medical_transactions_citizen_id'), ['citizen_id'], unique=False)

    op.create_table('otp_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=11), nullable=False),
    sa.Column('code_digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('used', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('otp_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_otp_codes_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_otp_codes_phone'), ['phone'], unique=False)

    op.create_table('pension_accounts',
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('retired_on', sa.Date(), nullable=False),
    sa.Column('monthly_fen', sa.Integer(), nullable=False),
    sa.Column('certified_until', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], ),
    sa.PrimaryKeyConstraint('citizen_id')
    )
    op.create_table('pension_payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pension_payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pension_payments_citizen_id'), ['citizen_id'], unique=False)

    op.create_table('slot_bookings',
    sa.Column('hall_code', sa.String(length=16), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('time', sa.String(length=5), nullable=False),
    sa.Column('booked', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['hall_code'], ['halls.code'], ),
    sa.PrimaryKeyConstraint('hall_code', 'day', 'time')
    )
    op.create_table('ss_cards',
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('card_number', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('bank_zh', sa.String(length=50), nullable=False),
    sa.Column('bank_en', sa.String(length=100), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], ),
    sa.PrimaryKeyConstraint('citizen_id')
    )
    op.create_table('ss_contributions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('employer_zh', sa.String(length=100), nullable=False),
    sa.Column('employer_en', sa.String(length=200), nullable=False),
    sa.Column('base_fen', sa.Integer(), nullable=False),
    sa.Column('pension_fen', sa.Integer(), nullable=False),
    sa.Column('medical_fen', sa.Integer(), nullable=False),
    sa.Column('unemployment_fen', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('citizen_id', 'month')
    )
    op.create_table('application_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_number', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('note_zh', sa.String(length=200), nullable=False),
    sa.Column('note_en', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['case_number'], ['applications.case_number'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('application_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_events_case_number'), ['case_number'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('application_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_events_case_number'))

    op.drop_table('application_events')
    op.drop_table('ss_contributions')
    op.drop_table('ss_cards')
    op.drop_table('slot_bookings')
    with op.batch_alter_table('pension_payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pension_payments_citizen_id'))

    op.drop_table('pension_payments')
    op.drop_table('pension_accounts')
    with op.batch_alter_table('otp_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_otp_codes_phone'))
        batch_op.drop_index(batch_op.f('ix_otp_codes_citizen_id'))

    op.drop_table('otp_codes')
    with op.batch_alter_table('medical_transactions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_medical_transactions_citizen_id'))

    op.drop_table('medical_transactions')
    op.drop_table('medical_accounts')
    with op.batch_alter_table('housing_fund_contributions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_housing_fund_contributions_citizen_id'))

    op.drop_table('housing_fund_contributions')
    op.drop_table('housing_fund_accounts')
    with op.batch_alter_table('county_app_functions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_county_app_functions_app_id'))

    op.drop_table('county_app_functions')
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaints_citizen_id'))

    op.drop_table('complaints')
    with op.batch_alter_table('chat_bindings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chat_bindings_citizen_id'))

    op.drop_table('chat_bindings')
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_index('ix_appointments_slot')
        batch_op.drop_index(batch_op.f('ix_appointments_citizen_id'))

    op.drop_table('appointments')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applications_citizen_id'))

    op.drop_table('applications')
    with op.batch_alter_table('sms_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sms_outbox_phone'))

    op.drop_table('sms_outbox')
    op.drop_table('number_sequences')
    op.drop_table('meta')
    with op.batch_alter_table('matters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matters_category'))

    op.drop_table('matters')
    with op.batch_alter_table('halls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_halls_county_code'))
        batch_op.drop_index(batch_op.f('ix_halls_city_code'))

    op.drop_table('halls')
    with op.batch_alter_table('divisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_divisions_city_code'))

    op.drop_table('divisions')
    with op.batch_alter_table('county_apps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_county_apps_county_code'))

    op.drop_table('county_apps')
    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_citizens_phone'))

    op.drop_table('citizens')
