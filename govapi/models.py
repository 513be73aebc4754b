"""Database tables of the sandbox platform. Money is stored in fen (integer cents)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base

# SQLAlchemy 1.4 ships no type information, so mypy sees a variable, not a class; Any lets the models subclass it.
Base: Any = declarative_base()


class Meta(Base):
    __tablename__ = "meta"
    key = Column(String(64), primary_key=True)
    value = Column(String(255), nullable=False)


class Citizen(Base):
    __tablename__ = "citizens"
    id = Column(Integer, primary_key=True)
    id_number = Column(String(18), nullable=False, unique=True)
    name_zh = Column(String(32), nullable=False)
    name_en = Column(String(64), nullable=False)
    phone = Column(String(11), nullable=False, index=True)
    gender = Column(String(1), nullable=False)
    birth_date = Column(Date, nullable=False)
    city_code = Column(String(6), nullable=False)  # where the citizen lives
    county_code = Column(String(6), nullable=False)
    hukou_address_zh = Column(String(200), nullable=False)
    hukou_address_en = Column(String(200), nullable=False)
    employment_status = Column(String(16), nullable=False)  # employed | unemployed | retired
    separated_on = Column(Date)
    locked_until = Column(DateTime)
    is_demo = Column(Boolean, nullable=False, default=False)


class OtpCode(Base):
    __tablename__ = "otp_codes"
    id = Column(Integer, primary_key=True)
    citizen_id = Column(Integer, ForeignKey("citizens.id"), nullable=False, index=True)
    phone = Column(String(11), nullable=False, index=True)
    code_digest = Column(String(64), nullable=False)
    created_at = Column(DateTime, nullable=False)
    expires_at = Column(DateTime, nullable=False)
    failed_attempts = Column(Integer, nullable=False, default=0)
    used = Column(Boolean, nullable=False, default=False)


class SmsMessage(Base):
    __tablename__ = "sms_outbox"
    id = Column(Integer, primary_key=True)
    phone = Column(String(11), nullable=False, index=True)
    text_zh = Column(String(200), nullable=False)
    text_en = Column(String(200), nullable=False)
    code = Column(String(6))
    sent_at = Column(DateTime, nullable=False)


class ChatBinding(Base):
    __tablename__ = "chat_bindings"
    chat_user = Column(String(64), primary_key=True)
    citizen_id = Column(Integer, ForeignKey("citizens.id"), nullable=False, index=True)
    bound_at = Column(DateTime, nullable=False)
    expires_at = Column(DateTime, nullable=False)


class VerificationHandle(Base):
    """What a chat carries between the steps of a verification instead of the ID number (and,
    once given, the phone): a random handle, stored here only as its digest."""
    __tablename__ = "verification_handles"
    digest = Column(String(64), primary_key=True)
    chat_user = Column(String(64), nullable=False)
    id_number = Column(String(18), nullable=False)
    phone = Column(String(11))
    created_at = Column(DateTime, nullable=False)
    expires_at = Column(DateTime, nullable=False, index=True)


class NumberSequence(Base):
    """Per-day counters behind case, work-order and appointment numbers."""
    __tablename__ = "number_sequences"
    prefix = Column(String(4), primary_key=True)
    day = Column(String(8), primary_key=True)
    last = Column(Integer, nullable=False)


class Matter(Base):
    __tablename__ = "matters"
    code = Column(String(64), primary_key=True)
    category = Column(String(32), nullable=False, index=True)
    name_zh = Column(String(100), nullable=False)
    name_en = Column(String(200), nullable=False)
    department_zh = Column(String(100), nullable=False)
    department_en = Column(String(200), nullable=False)
    materials_json = Column(Text, nullable=False)
    fee_yuan = Column(Float, nullable=False)
    time_limit_days = Column(Integer, nullable=False)
    online = Column(Boolean, nullable=False)
    required_fields_json = Column(Text, nullable=False, default="[]")


class Division(Base):
    __tablename__ = "divisions"
    code = Column(String(6), primary_key=True)
    city_code = Column(String(6), nullable=False, index=True)
    name_zh = Column(String(32), nullable=False)
    name_en = Column(String(64), nullable=False)
    kind = Column(String(16), nullable=False)


class Hall(Base):
    __tablename__ = "halls"
    code = Column(String(16), primary_key=True)
    name_zh = Column(String(100), nullable=False)
    name_en = Column(String(200), nullable=False)
    city_code = Column(String(6), nullable=False, index=True)
    county_code = Column(String(6), index=True)
    address_zh = Column(String(200), nullable=False)
    address_en = Column(String(200), nullable=False)
    phone = Column(String(20), nullable=False)
    hours_zh = Column(String(100), nullable=False)
    hours_en = Column(String(100), nullable=False)
    lat = Column(Float, nullable=False)
    lng = Column(Float, nullable=False)
    slot_capacity = Column(Integer, nullable=False)


class SlotBooking(Base):
    """Bookings counted per hall, day and time; created on first booking of the slot."""
    __tablename__ = "slot_bookings"
    hall_code = Column(String(16), ForeignKey("halls.code"), primary_key=True)
    day = Column(Date, primary_key=True)
    time = Column(String(5), primary_key=True)
    booked = Column(Integer, nullable=False, default=0)


class Appointment(Base):
    __tablename__ = "appointments"
    number = Column(String(16), primary_key=True)
    citizen_id = Column(Integer, ForeignKey("citizens.id"), nullable=False, index=True)
    hall_code = Column(String(16), ForeignKey("halls.code"), nullable=False)
    matter_code = Column(String(64), ForeignKey("matters.code"), nullable=False)
    day = Column(Date, nullable=False)
    time = Column(String(5), nullable=False)
    status = Column(String(16), nullable=False)  # booked | cancelled
    created_at = Column(DateTime, nullable=False)
    __table_args__ = (Index("ix_appointments_slot", "hall_code", "day", "time"),)


class CountyApp(Base):
    __tablename__ = "county_apps"
    id = Column(Integer, primary_key=True)
    county_code = Column(String(6), nullable=False, index=True)
    name_zh = Column(String(100), nullable=False)
    name_en = Column(String(200), nullable=False)
    shut_down_on = Column(Date, nullable=False)


class CountyAppFunction(Base):
    __tablename__ = "county_app_functions"
    id = Column(Integer, primary_key=True)
    app_id = Column(Integer, ForeignKey("county_apps.id"), nullable=False, index=True)
    name_zh = Column(String(100), nullable=False)
    name_en = Column(String(200), nullable=False)
    matter_code = Column(String(64), ForeignKey("matters.code"), nullable=False)


class Contribution(Base):
    __tablename__ = "ss_contributions"
    id = Column(Integer, primary_key=True)
    citizen_id = Column(Integer, ForeignKey("citizens.id"), nullable=False)
    month = Column(String(7), nullable=False)  # YYYY-MM
    employer_zh = Column(String(100), nullable=False)
    employer_en = Column(String(200), nullable=False)
    base_fen = Column(Integer, nullable=False)
    pension_fen = Column(Integer, nullable=False)
    medical_fen = Column(Integer, nullable=False)
    unemployment_fen = Column(Integer, nullable=False)
    __table_args__ = (UniqueConstraint("citizen_id", "month"),)


class SocialSecurityCard(Base):
    __tablename__ = "ss_cards"
    citizen_id = Column(Integer, ForeignKey("citizens.id"), primary_key=True)
    card_number = Column(String(12), nullable=False)
    status = Column(String(16), nullable=False)  # active | lost | replacing
    bank_zh = Column(String(50), nullable=False)
    bank_en = Column(String(100), nullable=False)
    issued_on = Column(Date, nullable=False)
    updated_at = Column(DateTime, nullable=False)


class PensionAccount(Base):
    __tablename__ = "pension_accounts"
    citizen_id = Column(Integer, ForeignKey("citizens.id"), primary_key=True)
    retired_on = Column(Date, nullable=False)
    monthly_fen = Column(Integer, nullable=False)
    certified_until = Column(Date, nullable=False)


class PensionPayment(Base):
    __tablename__ = "pension_payments"
    id = Column(Integer, primary_key=True)
    citizen_id = Column(Integer, ForeignKey("citizens.id"), nullable=False, index=True)
    month = Column(String(7), nullable=False)
    amount_fen = Column(Integer, nullable=False)
    paid_on = Column(Date, nullable=False)


class MedicalAccount(Base):
    __tablename__ = "medical_accounts"
    citizen_id = Column(Integer, ForeignKey("citizens.id"), primary_key=True)
    balance_fen = Column(Integer, nullable=False)
    insured_city_code = Column(String(6), nullable=False)


class MedicalTransaction(Base):
    __tablename__ = "medical_transactions"
    id = Column(Integer, primary_key=True)
    citizen_id = Column(Integer, ForeignKey("citizens.id"), nullable=False, index=True)
    day = Column(Date, nullable=False)
    kind = Column(String(16), nullable=False)  # deposit | outpatient | pharmacy | inpatient
    place_zh = Column(String(100), nullable=False)
    place_en = Column(String(200), nullable=False)
    amount_fen = Column(Integer, nullable=False)


class HousingFundAccount(Base):
    __tablename__ = "housing_fund_accounts"
    citizen_id = Column(Integer, ForeignKey("citizens.id"), primary_key=True)
    account_number = Column(String(16), nullable=False)
    employer_zh = Column(String(100), nullable=False)
    employer_en = Column(String(200), nullable=False)
    balance_fen = Column(Integer, nullable=False)
    monthly_fen = Column(Integer, nullable=False)
    status = Column(String(16), nullable=False)  # paying | sealed


class HousingFundContribution(Base):
    __tablename__ = "housing_fund_contributions"
    id = Column(Integer, primary_key=True)
    citizen_id = Column(Integer, ForeignKey("citizens.id"), nullable=False, index=True)
    month = Column(String(7), nullable=False)
    amount_fen = Column(Integer, nullable=False)


class Application(Base):
    __tablename__ = "applications"
    case_number = Column(String(16), primary_key=True)
    citizen_id = Column(Integer, ForeignKey("citizens.id"), nullable=False, index=True)
    matter_code = Column(String(64), ForeignKey("matters.code"), nullable=False)
    status = Column(String(16), nullable=False)
    details_json = Column(Text, nullable=False)
    created_at = Column(DateTime, nullable=False)
    updated_at = Column(DateTime, nullable=False)


class ApplicationEvent(Base):
    __tablename__ = "application_events"
    id = Column(Integer, primary_key=True)
    case_number = Column(String(16), ForeignKey("applications.case_number"), nullable=False, index=True)
    status = Column(String(16), nullable=False)
    at = Column(DateTime, nullable=False)
    note_zh = Column(String(200), nullable=False)
    note_en = Column(String(300), nullable=False)


class Complaint(Base):
    __tablename__ = "complaints"
    number = Column(String(16), primary_key=True)
    citizen_id = Column(Integer, ForeignKey("citizens.id"), index=True)
    category = Column(String(32), nullable=False)
    department_zh = Column(String(100), nullable=False)
    department_en = Column(String(200), nullable=False)
    location = Column(String(200), nullable=False)
    text = Column(Text, nullable=False)
    status = Column(String(16), nullable=False)
    created_at = Column(DateTime, nullable=False)


class NotificationSubscription(Base):
    """A chat user who asked to be told about the citizen's matters (given while verified)."""
    __tablename__ = "notification_subscriptions"
    chat_user = Column(String(64), primary_key=True)
    citizen_id = Column(Integer, ForeignKey("citizens.id"), nullable=False, index=True)
    channel = Column(String(16), nullable=False)
    language = Column(String(2), nullable=False)
    created_at = Column(DateTime, nullable=False)


class NotificationEvent(Base):
    """The outbox: one row per thing a citizen is to be told, delivered at least once, in `seq`
    order per citizen. `claimed_until` is a worker's lease on the row while it delivers it."""
    __tablename__ = "notification_events"
    seq = Column(Integer, primary_key=True, autoincrement=True)
    id = Column(String(36), nullable=False, unique=True)
    citizen_id = Column(Integer, ForeignKey("citizens.id"), nullable=False)
    kind = Column(String(16), nullable=False)  # status | appointment | expiry
    payload_json = Column(Text, nullable=False)
    urgent = Column(Boolean, nullable=False, default=False)
    created_at = Column(DateTime, nullable=False)
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(DateTime, nullable=False)
    claimed_until = Column(DateTime)
    delivered_at = Column(DateTime)
    __table_args__ = (Index("ix_notification_events_due", "delivered_at", "next_attempt_at"),
                      Index("ix_notification_events_citizen", "citizen_id", "delivered_at"))


class CitizenDocument(Base):
    """Identity documents whose expiry the platform reminds the citizen of."""
    __tablename__ = "citizen_documents"
    citizen_id = Column(Integer, ForeignKey("citizens.id"), primary_key=True)
    kind = Column(String(24), primary_key=True)  # id_card | residence_permit
    expires_on = Column(Date, nullable=False, index=True)
