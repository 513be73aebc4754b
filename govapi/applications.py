"""Applications (办件): creation with a case number, the status workflow and its history."""
from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from govapi import clock, notifications
from govapi.errors import ApiError
from govapi.models import Application, ApplicationEvent, Matter
from govapi.numbers import CASE, next_number

STATUS_NOTES = {
    "submitted": ("申请已提交。", "Application submitted."),
    "accepted": ("申请已受理。", "Application accepted."),
    "in_review": ("申请正在审核。", "Application under review."),
    "approved": ("申请已审核通过。", "Application approved."),
    "rejected": ("申请未通过审核。", "Application rejected."),
    "completed": ("办件已办结。", "Case completed."),
}
NEXT_STATUSES = {
    "submitted": ("accepted", "rejected"),
    "accepted": ("in_review", "rejected"),
    "in_review": ("approved", "rejected"),
    "approved": ("completed",),
    "rejected": (),
    "completed": (),
}
OPEN_STATUSES = ("submitted", "accepted", "in_review", "approved")


def create(session: Session, citizen_id: int, matter_code: str, details: dict, now: dt.datetime,
           statuses: tuple[str, ...] = ("submitted",)) -> Application:
    """Creates the case and records each status in `statuses` (seed data passes a longer history)."""
    case_number = next_number(session, CASE, now.date())
    application = Application(case_number=case_number, citizen_id=citizen_id, matter_code=matter_code,
                              status=statuses[-1], details_json=json.dumps(details, ensure_ascii=False),
                              created_at=now, updated_at=now)
    session.add(application)
    session.flush()
    for status in statuses:
        _record(session, case_number, status, now)
    return application


def advance(session: Session, application: Application, status: str, now: dt.datetime) -> None:
    if status not in NEXT_STATUSES[application.status]:
        raise ApiError(409, "invalid_transition", allowed=list(NEXT_STATUSES[application.status]))
    application.status = status
    application.updated_at = now
    _record(session, application.case_number, status, now)
    notifications.status_changed(session, application, now)


def has_open(session: Session, citizen_id: int, matter_codes: tuple[str, ...]) -> bool:
    return session.execute(
        select(Application.case_number).where(
            Application.citizen_id == citizen_id, Application.matter_code.in_(matter_codes),
            Application.status.in_(OPEN_STATUSES)).limit(1)
    ).first() is not None


def _record(session: Session, case_number: str, status: str, at: dt.datetime) -> None:
    note_zh, note_en = STATUS_NOTES[status]
    session.add(ApplicationEvent(case_number=case_number, status=status, at=at, note_zh=note_zh, note_en=note_en))


def to_json(session: Session, application: Application, with_history: bool = True) -> dict:
    matter = session.get(Matter, application.matter_code)
    body = {
        "case_number": application.case_number,
        "matter_code": application.matter_code,
        "matter_name_zh": matter.name_zh,
        "matter_name_en": matter.name_en,
        "status": application.status,
        "details": json.loads(application.details_json),
        "submitted_at": clock.iso(application.created_at),
        "updated_at": clock.iso(application.updated_at),
    }
    if with_history:
        events = session.execute(
            select(ApplicationEvent).where(ApplicationEvent.case_number == application.case_number)
            .order_by(ApplicationEvent.id)
        ).scalars()
        body["history"] = [{"status": e.status, "at": clock.iso(e.at),
                            "note_zh": e.note_zh, "note_en": e.note_en} for e in events]
    return body


def list_for(session: Session, citizen_id: int, matter_codes: tuple[str, ...] | None = None) -> list[dict]:
    query = select(Application).where(Application.citizen_id == citizen_id)
    if matter_codes is not None:
        query = query.where(Application.matter_code.in_(matter_codes))
    rows = session.execute(query.order_by(Application.created_at.desc(), Application.case_number.desc()))
    return [to_json(session, a, with_history=False) for a in rows.scalars()]


def receipt(session: Session, application: Application) -> dict:
    """What every submission answers: the case number and the case itself."""
    return {"case_number": application.case_number, "application": to_json(session, application)}
