"""What the platform tells a citizen of its own accord: who asked to be told (subscriptions) and
the outbox of events (a case changed status, an appointment is tomorrow, a document expires soon).

Events are written in the transaction that causes them, and only for citizens with at least one
subscription; `govapi.delivery` sends them to the gateway. The recipients are read when an event
is delivered, so a chat user who unsubscribed in the meantime is not told."""
from __future__ import annotations

import datetime as dt
import json
import uuid

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from govapi import clock
from govapi.db import dialect_insert
from govapi.models import (
    Application,
    Appointment,
    Citizen,
    CitizenDocument,
    Hall,
    Matter,
    NotificationEvent,
    NotificationSubscription,
)

STATUS, APPOINTMENT, EXPIRY = "status", "appointment", "expiry"
KINDS = (STATUS, APPOINTMENT, EXPIRY)
LANGUAGES = ("zh", "en")
EXPIRY_WARNING_DAYS = 60
# A final decision may ask the citizen to act (collect a certificate, appeal): told even in quiet hours.
URGENT_STATUSES = frozenset({"rejected"})


def subscribe(session: Session, citizen: Citizen, chat_user: str, language: str) -> NotificationSubscription:
    values = {"chat_user": chat_user, "citizen_id": citizen.id, "channel": chat_user.split(":", 1)[0][:16],
              "language": language, "created_at": clock.now()}
    statement = dialect_insert(session, NotificationSubscription).values(**values)
    session.execute(statement.on_conflict_do_update(
        index_elements=["chat_user"], set_={k: v for k, v in values.items() if k != "chat_user"}))
    return session.get(NotificationSubscription, chat_user, populate_existing=True)


def unsubscribe(session: Session, chat_user: str) -> bool:
    return session.execute(delete(NotificationSubscription)
                           .where(NotificationSubscription.chat_user == chat_user)).rowcount > 0


def subscription_of(session: Session, chat_user: str) -> NotificationSubscription | None:
    return session.get(NotificationSubscription, chat_user)


def recipients(session: Session, citizen_id: int) -> list[dict]:
    rows = session.execute(select(NotificationSubscription).where(NotificationSubscription.citizen_id == citizen_id)
                           .order_by(NotificationSubscription.chat_user)).scalars()
    return [{"chat_user": row.chat_user, "language": row.language} for row in rows]


def _subscribed(session: Session, citizen_id: int) -> bool:
    return session.execute(select(exists().where(NotificationSubscription.citizen_id == citizen_id))).scalar()


def emit(session: Session, citizen_id: int, kind: str, payload: dict, urgent: bool = False,
         now: dt.datetime | None = None) -> NotificationEvent | None:
    """Adds an event to the outbox (nothing when nobody asked to be told)."""
    if not _subscribed(session, citizen_id):
        return None
    moment = now or clock.now()
    event = NotificationEvent(id=str(uuid.uuid4()), citizen_id=citizen_id, kind=kind,
                              payload_json=json.dumps(payload, ensure_ascii=False), urgent=urgent,
                              created_at=moment, attempts=0, next_attempt_at=moment)
    session.add(event)
    session.flush()
    return event


def status_changed(session: Session, application: Application, now: dt.datetime) -> NotificationEvent | None:
    matter = session.get(Matter, application.matter_code)
    return emit(session, application.citizen_id, STATUS, {
        "case_number": application.case_number, "status": application.status,
        "matter_code": matter.code, "matter_name_zh": matter.name_zh, "matter_name_en": matter.name_en,
    }, urgent=application.status in URGENT_STATUSES, now=now)


def _already_told(session: Session, citizen_id: int, kind: str, key: str, value: str) -> bool:
    """Whether this reminder is in the outbox already (the scan may run several times a day)."""
    rows = session.execute(select(NotificationEvent.payload_json).where(
        NotificationEvent.citizen_id == citizen_id, NotificationEvent.kind == kind)).scalars()
    return any(json.loads(row).get(key) == value for row in rows)


def appointment_reminders(session: Session, today: dt.date) -> int:
    tomorrow = today + dt.timedelta(days=1)
    rows = session.execute(select(Appointment, Hall, Matter).join(Hall, Hall.code == Appointment.hall_code)
                           .join(Matter, Matter.code == Appointment.matter_code)
                           .where(Appointment.day == tomorrow, Appointment.status == "booked")
                           .order_by(Appointment.time, Appointment.number)).all()
    emitted = 0
    for appointment, hall, matter in rows:
        if _already_told(session, appointment.citizen_id, APPOINTMENT, "number", appointment.number):
            continue
        emitted += emit(session, appointment.citizen_id, APPOINTMENT, {
            "number": appointment.number, "day": appointment.day.isoformat(), "time": appointment.time,
            "hall_name_zh": hall.name_zh, "hall_name_en": hall.name_en, "address_zh": hall.address_zh,
            "address_en": hall.address_en, "matter_name_zh": matter.name_zh, "matter_name_en": matter.name_en,
        }) is not None
    return emitted


def expiry_reminders(session: Session, today: dt.date) -> int:
    last_day = today + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    rows = session.execute(select(CitizenDocument).where(CitizenDocument.expires_on >= today,
                                                         CitizenDocument.expires_on <= last_day)
                           .order_by(CitizenDocument.expires_on, CitizenDocument.citizen_id)).scalars().all()
    emitted = 0
    for document in rows:
        key = f"{document.kind}:{document.expires_on.isoformat()}"
        if _already_told(session, document.citizen_id, EXPIRY, "reminder", key):
            continue
        emitted += emit(session, document.citizen_id, EXPIRY, {
            "reminder": key, "document": document.kind, "expires_on": document.expires_on.isoformat(),
            "days_left": (document.expires_on - today).days,
        }) is not None
    return emitted
