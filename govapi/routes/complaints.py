"""12345-style complaints and reports: a work order routed to the department for its category."""
from __future__ import annotations

import re

from sanic import Blueprint

from govapi import clock
from govapi.errors import ApiError
from govapi.http import ok, reading, writing
from govapi.identity import current_citizen, optional_citizen
from govapi.models import Complaint
from govapi.numbers import WORK_ORDER, next_number
from govapi.validation import MAX_TEXT, choice, json_object, required_string

bp = Blueprint("complaints", url_prefix="/v1")

DEPARTMENTS = {
    "noise": ("生态环境局", "Ecology and Environment Bureau"),
    "road": ("交通运输局", "Transport Bureau"),
    "sanitation": ("城市管理局", "Urban Management Bureau"),
    "property": ("住房和城乡建设局", "Housing and Urban-Rural Development Bureau"),
    "traffic": ("公安局交通警察支队", "Traffic Police Detachment"),
    "food_safety": ("市场监督管理局", "Administration for Market Regulation"),
    "labour": ("人力资源和社会保障局", "Human Resources and Social Security Bureau"),
    "public_service": ("政务服务管理办公室", "Government Services Administration Office"),
    "other": ("12345政务服务便民热线", "12345 Government Service Hotline"),
}
REPLY_WITHIN_DAYS = 5
WORK_ORDER_NUMBER = re.compile(r"GD\d{14}")


def _json(complaint: Complaint) -> dict:
    return {"number": complaint.number, "category": complaint.category,
            "department_zh": complaint.department_zh, "department_en": complaint.department_en,
            "location": complaint.location, "text": complaint.text, "status": complaint.status,
            "created_at": clock.iso(complaint.created_at), "reply_within_days": REPLY_WITHIN_DAYS}


@bp.post("/complaints")
async def file_complaint(request):
    body = json_object(request)
    category = choice(body, "category", DEPARTMENTS)
    location = required_string(body, "location", 200)
    text = required_string(body, "text", MAX_TEXT)
    now = clock.now()
    department_zh, department_en = DEPARTMENTS[category]
    with writing(request) as session:
        citizen = optional_citizen(request, session)
        complaint = Complaint(number=next_number(session, WORK_ORDER, now.date()),
                              citizen_id=citizen.id if citizen else None, category=category,
                              department_zh=department_zh, department_en=department_en, location=location,
                              text=text, status="received", created_at=now)
        session.add(complaint)
    return ok({"work_order": _json(complaint)}, 201)


@bp.get("/complaints/<number:str>")
async def show_complaint(request, number: str):
    with reading(request) as session:
        citizen = current_citizen(request, session)
        complaint = session.get(Complaint, number) if WORK_ORDER_NUMBER.fullmatch(number) else None
        if complaint is None or complaint.citizen_id != citizen.id:
            raise ApiError(404, "not_found")
    return ok({"work_order": _json(complaint)})
