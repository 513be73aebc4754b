"""Health, the OpenAPI document and the sandbox-only helpers (SMS outbox, moving a case along)."""
from __future__ import annotations

import re

from sanic import Blueprint, response
from sqlalchemy import select, text

from govapi import applications, clock
from govapi.errors import ApiError
from govapi.http import ok, reading, writing
from govapi.models import Application, SmsMessage
from govapi.validation import choice, json_object, phone

bp = Blueprint("system")


@bp.get("/health")
async def health(request):
    try:
        with reading(request) as session:
            session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means "not ready"
        return ok({"status": "unavailable"}, 503)
    return ok({"status": "ok"})


@bp.get("/openapi.json")
async def openapi(request):
    return response.raw(request.app.ctx.openapi_bytes, content_type="application/json")


def require_sandbox(request) -> None:
    if not request.app.ctx.settings.sandbox:
        raise ApiError(404, "not_found")


@bp.get("/sandbox/sms")
async def sms_outbox(request):
    require_sandbox(request)
    mobile = phone(request.args.get("phone"))
    with reading(request) as session:
        rows = session.execute(select(SmsMessage).where(SmsMessage.phone == mobile)
                               .order_by(SmsMessage.id.desc()).limit(10)).scalars().all()
    return ok({"messages": [{"phone": m.phone, "text_zh": m.text_zh, "text_en": m.text_en, "code": m.code,
                             "sent_at": clock.iso(m.sent_at)} for m in rows]})


@bp.post("/sandbox/applications/<case_number:str>/advance")
async def advance_case(request, case_number: str):
    require_sandbox(request)
    status = choice(json_object(request), "status", applications.STATUS_NOTES)
    with writing(request) as session:
        case = session.get(Application, case_number) if re.fullmatch(r"JS\d{14}", case_number) else None
        if case is None:
            raise ApiError(404, "not_found")
        applications.advance(session, case, status, clock.now())
        answer = applications.to_json(session, case)
    request.app.ctx.delivery.wake()  # the status change is in the outbox: send it now
    return ok({"application": answer})
